"""Parsed bodies are remembered within a budget of characters: a long typing session stops growing it."""

from policyeditor.gui.editing import parsed

BODY = "We keep the account data of each user for two years. " * 400  # 21,600 characters


def test_the_parsed_bodies_of_a_long_typing_session_stop_at_the_budget():
    parsed.blocks.cache_clear()
    parsed.plain.cache_clear()
    for k in range(1, 400):  # a keystroke each: a new version of the body
        parsed.plain(BODY + "x" * k)
    fits = parsed.CACHED_CHARACTERS // (len(BODY) + 400)
    assert fits <= len(parsed.blocks) < 399 and fits <= len(parsed.plain) < 399
    assert parsed.blocks.held <= parsed.CACHED_CHARACTERS and parsed.plain.held <= parsed.CACHED_CHARACTERS
    assert parsed.plain(BODY + "x" * 399).endswith("x" * 399)
