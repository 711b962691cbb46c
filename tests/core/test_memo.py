"""TextMemo remembers a function of texts within a budget of characters, least recently used first out."""

from policyeditor.core.memo import TextMemo, memo


def test_a_memo_works_each_value_out_once_and_forgets_past_its_budget():
    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    remembered = TextMemo(shout, budget=12)
    assert remembered("abcde") == "ABCDE" and remembered("abcde") == "ABCDE"
    assert calls == ["abcde"]  # the second call was remembered
    remembered("fghij")        # 6 + 6 characters (one for the entry): at the budget
    remembered("abcde")        # used again: now the most recent
    remembered("k")            # over budget: the least recently used ("fghij") goes
    assert len(remembered) == 2
    remembered("abcde")
    remembered("fghij")
    assert calls == ["abcde", "fghij", "k", "fghij"]


def test_a_value_larger_than_the_budget_is_worked_out_each_time():
    calls: list[tuple] = []

    @memo(budget=12, weight=2)
    def joined(tokens: tuple[str, ...], separator: str) -> str:
        calls.append(tokens)
        return separator.join(tokens)

    assert joined(("ab", "cd"), "-") == "ab-cd" and joined(("ab", "cd"), "-") == "ab-cd"
    assert len(calls) == 1   # the tokens' characters and the separator's: (4 + 1) * 2 + 1 = 11
    joined(("a" * 6,), "")   # 6 * 2 + 1 = 13 > 12: never kept
    joined(("a" * 6,), "")
    assert len(calls) == 3 and len(joined) == 1
    joined.cache_clear()
    assert len(joined) == 0
