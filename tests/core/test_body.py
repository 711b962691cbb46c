"""The canonical body form: parse → write is the identity on canonical text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from policyeditor.core import body
from policyeditor.core.body import ListBlock, ListItem, Paragraph, Run, Table

SAMPLE = """We collect **personal data** such as _name_ and <u>address</u>.

- first item with a [link](<https://example.com/a_(b)>) inside
  - nested **bold** item
- second item
  1. one
  2. two

| Purpose | Legal basis |
| --- | --- |
| Marketing \\| ads | Consent<br>or contract |

Escapes: \\*star\\*, \\_under\\_, \\[bracket\\], back\\\\slash, \\<u> tag."""


def test_sample_round_trips():
    assert body.write(body.parse(SAMPLE)) == SAMPLE


def test_sample_structure():
    blocks = body.parse(SAMPLE)
    assert [type(b) for b in blocks] == [Paragraph, ListBlock, Table, Paragraph]
    assert blocks[0].runs[1] == Run("personal data", bold=True)
    items = blocks[1].items
    assert items[0].runs[1].link == "https://example.com/a_(b)"
    assert items[1].level == 1 and items[3].ordered
    assert "".join(r.text for r in blocks[2].rows[1][0]) == "Marketing | ads"
    assert blocks[2].rows[1][1][0].text == "Consent\nor contract"
    escapes = "".join(r.text for r in blocks[3].runs)
    assert escapes.startswith("Escapes: *star*, _under_, [bracket], back\\slash, <u> tag")


def test_looser_input_is_normalised():
    assert body.canonical("a\nb\n\n\n\n1. x\n7. y\n1. z") == "a b\n\n1. x\n2. y\n3. z"


def test_a_list_keeps_its_first_number():
    # legal clauses are cited by number: a list a source starts at 3 is written and read from 3
    items = (ListItem((Run("one"),), True, 0, 3), ListItem((Run("two"),), True),
             ListItem((Run("sub"),), True, 1, 0), ListItem((Run("three"),), True))
    text = body.write([ListBlock(items)])
    assert text == "3. one\n4. two\n  0. sub\n5. three"
    assert body.parse(text) == [ListBlock(items)]
    assert body.canonical("3. x\n7. y") == "3. x\n4. y"  # numbers after the first are counted
    assert body.parse("1. x")[0].items[0].start is None  # a list from 1 is as before
    assert body.item_numbers(body.parse("- a\n  2. b\n- c\n  1. d")[0].items) == [0, 2, 0, 1]


def test_line_start_markup_is_escaped():
    for text in ["- not a list", "| not a table", "12. not numbered", "1."]:
        blocks = [Paragraph((Run(text),))]
        assert body.parse(body.write(blocks)) == blocks


def test_plain_text():
    assert body.plain_text(SAMPLE).splitlines()[0] == "We collect personal data such as name and address."


_text = st.text(alphabet=st.sampled_from(list("ab _*[]()<>u/\\|-1.\n\t#é”")), min_size=1, max_size=12)
_link = st.sampled_from(["", "", "https://x.org/a(b)", "mailto:a@b.c", "#top"])
_run = st.builds(Run, _text, st.booleans(), st.booleans(), st.booleans(), _link)
_runs = st.lists(_run, min_size=1, max_size=6).map(body.normalize_runs).filter(bool)
_block = st.one_of(
    _runs.map(Paragraph),
    st.lists(st.builds(ListItem, _runs, st.booleans(), st.integers(0, 2), st.none() | st.integers(0, 30)),
             min_size=1, max_size=4)
    .map(lambda items: ListBlock(tuple(items))),
    st.lists(st.lists(_runs, min_size=2, max_size=2).map(tuple), min_size=1, max_size=3)
    .map(lambda rows: Table(tuple(rows))),
    st.builds(  # header rows, merges and a nested table: the shapes real documents have
        lambda rows, header, merges, inner: body.make_table(
            rows, header, merges, [[(), (inner,) if inner.rows else ()]] * len(rows)),
        st.lists(st.lists(_runs, min_size=2, max_size=2).map(tuple), min_size=1, max_size=3),
        st.integers(0, 2),
        st.lists(st.tuples(st.sampled_from(["", "<", "^"]), st.sampled_from(["", "<", "^"])),
                 max_size=3),
        st.lists(st.lists(_runs, min_size=1, max_size=2).map(tuple), max_size=2)
        .map(lambda rows: body.make_table(rows, 0))),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_block, min_size=1, max_size=4))
def test_write_is_canonical(blocks):
    text = body.write(blocks)
    assert body.write(body.parse(text)) == text


_shaped_table = _block.filter(lambda b: isinstance(b, Table))


@settings(max_examples=200, deadline=None)
@given(_shaped_table)
def test_a_table_reads_back_as_written(table):
    """Header rows, merges and nested tables come back from their canonical spelling unchanged."""
    assert body.parse(body.write([table])) == [table]
