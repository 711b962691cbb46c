"""Whether a PDF's pages show a version's words (review/pdf_text.py), without Qt."""

from policyeditor.core.model import Policy, Section
from policyeditor.review.pdf_text import parted, words


def _policy(body: str) -> Policy:
    return Policy(title="Retention", sections=[Section(heading="Periods", body=body)])


TABLE = "| Data | Kept |\n| --- | --- |\n| Logs | 30 days |\n| Backups | 90 days |"


def test_a_tables_words_are_read_down_each_column():
    assert words(_policy(TABLE)) == ["Retention", "Periods", "Data", "Logs", "Backups", "Kept", "30",
                                     "days", "90", "days"]
    # a PDF that ran two rows into one still shows each column's words in order
    joined = "| Data | Kept |\n| --- | --- |\n| Logs<br>Backups | 30 days<br>90 days |"
    assert parted(words(_policy(joined)), words(_policy(TABLE))) is None


def test_periods_swapped_between_rows_are_caught():
    swapped = TABLE.replace("30 days", "XX").replace("90 days", "30 days").replace("XX", "90 days")
    assert parted(words(_policy(swapped)), words(_policy(TABLE))) == \
        "after “…Retention Periods Data Logs Backups Kept” it reads “90 days 30 days” where the " \
        "version reads “30 days 90 days”"


def test_punctuation_counts_and_undrawn_symbols_do_not():
    said = parted(words(_policy("We may share data, now.")), words(_policy("We may share data. Now.")))
    assert said == "after “…Retention Periods We may share” it reads “data, now.” where the version " \
                   "reads “data. Now.”"
    # a machine without an emoji font writes no flag; the joiner between emoji is never drawn
    flag = "\U0001F1E7\U0001F1F7"
    assert parted(words(_policy("Offices in Brazil")), words(_policy(f"Offices in {flag} Brazil"))) is None
    assert parted(words(_policy("ab")), words(_policy("a\u200db"))) is None


def test_text_missing_or_added_at_the_end_is_named():
    assert parted(words(_policy("We share it.")), words(_policy("We share it. We sell it."))) == \
        "after “…Retention Periods We share it.” it reads “nothing more” where the version reads " \
        "“We sell it.”"
    assert parted([], ["Retention"]) == "at its start it reads “nothing more” where the version reads " \
                                        "“Retention”"
