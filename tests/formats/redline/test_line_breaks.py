"""A line break inside a paragraph or list item (`<br>`, Shift+Enter in both editors, a DOCX w:br) that
one version has and the other not is marked in the text redline with a ↵ (as the HTML and inline
redlines mark it), not written as a space a reader cannot tell from one."""

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.text import render_text

ONE_LINE = "We keep it for two years.\n\n- first item\n- second item"
BROKEN = "We keep it for two<br>years.\n\n- first<br>item\n- second item"


def text_redline(old_body: str, new_body: str) -> str:
    return render_text(compare(Policy("P", [Section("Data", old_body, id="d")]),
                               Policy("P", [Section("Data", new_body, id="d")])))


@pytest.mark.parametrize(("old", "new", "change"), [(ONE_LINE, BROKEN, "[- -]{+\u21b5+}"),
                                                    (BROKEN, ONE_LINE, "[-\u21b5-]{+ +}")],
                         ids=["inserted", "deleted"])
def test_text_redline_marks_a_line_break_made_or_taken_away(old, new, change):
    text = text_redline(old, new)  # the space the break took the place of, or gave back, and the break
    assert f"two{change}years." in text and f"\u2022 first{change}item" in text

