"""The Markdown a policy is usually written in, tokenized without importing markdown-it.

`tokens(text)` gives the token stream markdown-it ("commonmark" preset plus GFM
tables, as `markdown.parse_markdown` configures it) gives for the same text, in
the parts the importer reads: types, tags, contents, link targets, children. It
covers the simple subset policies use (ATX and setext headings, paragraphs,
nested lists, tables, thematic breaks, block quotes whose every line is marked,
emphasis, links, images, inline HTML tags, escapes, hard breaks) and returns None
for anything else (code, raw HTML blocks, reference definitions, entities,
autolinks, tabs, a quote in a list or continued lazily), which
markdown-it then reads. Importing and building markdown-it costs a command-line
compare more than the compare itself; this module costs almost nothing.

The rules are markdown-it-py 4's (MIT licence), ported to the subset:
block rules from rules_block/, inline rules from rules_inline/, the emphasis
pairing from balance_pairs.py. Same names, so each can be checked against its
original; tests/formats/test_md_fast.py checks whole documents against it.
"""

from __future__ import annotations

import re

from policyeditor.core.patterns import later

# What markdown-it's normalize rule would change, or a rule this module does not port would read
# (see `_declined`). Each regex starts with a literal, which re finds quickly; one regex of them
# all, with `^` in MULTILINE mode, tried every alternative at every character (7% of an import).
_LINE_HTML = later(r"\n *<")  # a line that opens with a tag: an HTML block
_ENTITY = later(r"&[#A-Za-z0-9]+;")
_AUTOLINK = later(r"<[^<>\s]*[:@][^<>\s]*>")  # a URL or e-mail autolink
_DEEP = later(r"^ {41,}\S", re.M)  # deeper than the importer flattens to (markdown.MAX_INDENT)
# the characters markdown-it's JavaScript trim removes (common/utils.py MD_TRIM_CHARS)
_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
        "\u2028\u2029\u202f\u205f\u3000"
# Where the text rule stops: where a rule ported here starts, and at `]`, which ends a link label.
# markdown-it's text rule also stops at the characters of rules not ported (`:`, `-`, `>`, ...),
# each then kept as text one by one; stopping only here gives the same tokens, and a third fewer
# steps through a policy's words.
_TEXT_END = re.compile(r"[\n!*<\[\\\]_]")
_TEXT_ENDS = "\n!*<[\\]_"
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_WHITESPACE = (frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000")
               | frozenset(map(chr, range(0x2000, 0x200B))))
_HEADER_CELL = re.compile(r"^:?-+:?$")
_UNESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_URL_SAFE = re.compile(r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})+")
# the characters `_destination`'s loop only steps over, to find in one match rather than one by one
_PLAIN_DESTINATION = later(r"[^\x00-\x20\x7f()\\]*")
_HOST = later(r"^[A-Za-z][A-Za-z0-9+.\-]*:?//([^/?#]*)|^//([^/?#]*)")

# common/html_re.py HTML_TAG_RE
_ATTR = r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
_HTML_TAG = later(
    r"(?:<[A-Za-z][A-Za-z0-9\-]*" + _ATTR + r"*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->|<[?][\s\S]*?[?]>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>)")

_unicodedata = None


class Unsupported(Exception):  # noqa: N818 (not an error: markdown-it reads the text instead)
    """The text uses Markdown this module does not port."""


class Token:
    """The parts of markdown_it.token.Token the importer reads."""

    __slots__ = ("type", "tag", "nesting", "content", "children", "attrs")

    # `type` shadows a builtin (A002): it is markdown-it's name
    def __init__(self, type: str, tag: str, nesting: int, content: str = "") -> None:  # noqa: A002
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.content = content
        self.children: list[Token] | None = None
        self.attrs: dict = {}

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.tag!r}, {self.content!r})"


def tokens(text: str) -> list[Token] | None:
    """markdown-it's tokens for `text`, or None when it uses Markdown this module does not port."""
    if _declined(text):
        return None
    try:
        out: list[Token] = []
        if text:
            state = _Block(text, out)
            _tokenize(state, 0, state.line_max)
        for token in out:
            if token.type == "inline":
                token.children = _join_text(_inline(token.content))
        return out
    except (Unsupported, RecursionError):  # RecursionError: nesting no policy has; markdown-it limits it
        return None


def _declined(text: str) -> bool:
    """Whether `text` holds what this module leaves to markdown-it, found before parsing: tabs,
    CR and NUL (markdown-it's normalize rule changes them), code spans and fences, strikes, HTML blocks
    (the block rules find indented code, and quotes markdown-it would read lazily), reference
    definitions, entities, autolinks, and indentation deeper than the importer keeps."""
    if "\t" in text or "\r" in text or "\0" in text or "`" in text or "~~" in text or "]:" in text:
        return True
    if text.lstrip(" ").startswith("<") or ("<" in text and (_LINE_HTML().search(text)
                                                            or _AUTOLINK().search(text))):
        return True
    if "&" in text and _ENTITY().search(text):
        return True
    return " " * 41 in text and _DEEP().search(text) is not None


# -- blocks (rules_block/) ---------------------------------------------------------------------------

class _Block:
    """StateBlock without tabs: every line's marks, and where the parser is."""

    def __init__(self, src: str, out: list[Token]) -> None:
        self.src = src
        self.tokens = out
        self.b_marks: list[int] = []
        self.e_marks: list[int] = []
        self.t_shift: list[int] = []
        self.s_count: list[int] = []
        start, length = 0, len(src)
        find = src.find
        while start < length:
            end = find("\n", start)
            if end < 0:
                end = length
            pos = start
            while pos < end and src[pos] == " ":
                pos += 1
            if pos == end == length:  # a last line of spaces without "\n" gets no marks
                break
            self.b_marks.append(start)
            self.e_marks.append(end)
            self.t_shift.append(pos - start)
            self.s_count.append(pos - start)
            start = end + 1 if end < length else length
        self.b_marks.append(length)
        self.e_marks.append(length)
        self.t_shift.append(0)
        self.s_count.append(0)
        self.line_max = len(self.b_marks) - 1
        self.blk_indent = 0
        self.line = 0
        self.list_indent = -1
        self.parent_type = "root"
        self.level = 0
        self.quotes = 0  # how deep in block quotes (markdown.flatten_deep_nesting cuts them at 40)

    def push(self, type_: str, tag: str, nesting: int) -> Token:
        token = Token(type_, tag, nesting)
        self.level += nesting  # -1, 0 or 1
        self.tokens.append(token)
        return token

    def is_empty(self, line: int) -> bool:
        return self.b_marks[line] + self.t_shift[line] >= self.e_marks[line]

    def is_code_block(self, line: int) -> bool:
        return self.s_count[line] - self.blk_indent >= 4

    def first(self, line: int) -> str:
        """The line's first character after its indentation ('' when blank)."""
        pos = self.b_marks[line] + self.t_shift[line]
        return self.src[pos] if pos < self.e_marks[line] else ""

    def get_lines(self, begin: int, end: int, indent: int) -> str:
        queue = []
        src = self.src
        for line in range(begin, end):
            first = line_start = self.b_marks[line]
            last = self.e_marks[line] + 1 if line + 1 < end else self.e_marks[line]
            line_indent = 0
            while first < last and line_indent < indent:
                if src[first] == " " or first - line_start < self.t_shift[line]:
                    line_indent += 1
                else:
                    break
                first += 1
            queue.append(src[first:last])
        return "".join(queue)


def _tokenize(state: _Block, start_line: int, end_line: int) -> None:
    """parser_block.tokenize over the ported rules."""
    line = start_line
    while line < end_line:
        while line < end_line and state.is_empty(line):
            line += 1
        state.line = line
        if line >= end_line or state.s_count[line] < state.blk_indent:
            break
        if state.level >= 200:
            raise Unsupported("nesting")
        _block_rule(state, line, end_line)
        line = state.line
        if line < end_line and state.is_empty(line):
            line += 1
            state.line = line


def _block_rule(state: _Block, line: int, end_line: int) -> None:
    if _table(state, line, end_line, False):
        return
    if state.is_code_block(line):
        raise Unsupported("indented code")
    if state.first(line) == ">":
        _blockquote(state, line, end_line)
        return
    _unported(state, line)
    if _marked(state, line) and (_hr(state, line, False) or _list(state, line, end_line, False)
                                 or _heading(state, line, False)):
        return
    if not _lheading(state, line, end_line):
        _paragraph(state, line)


def _marked(state: _Block, line: int) -> bool:
    """Whether the line starts with a character a thematic break, a list item or an ATX heading
    starts with: those three rules match no other line, and most lines start with a word."""
    first = state.first(line)
    return first != "" and first in "*-_+#0123456789"


def _unported(state: _Block, line: int) -> None:
    """Fence, reference and HTML block rules: the text is markdown-it's to read."""
    if not state.is_code_block(line) and state.first(line) in ("`", "~", "<"):
        raise Unsupported("a block this module does not port")


def _terminates(state: _Block, line: int, end_line: int, rules: str) -> bool:
    """Whether a rule of `rules` starts a block at `line` (the rules' "alt" lists; a block quote
    is in all three)."""
    if not state.is_code_block(line) and state.first(line) == ">":
        return True
    _unported(state, line)
    if "t" in rules and _table(state, line, end_line, True):
        return True
    if not _marked(state, line):
        return False
    if _hr(state, line, True):
        return True
    if "l" in rules and _list(state, line, end_line, True):
        return True
    return "h" in rules and _heading(state, line, True)


_PARAGRAPH, _LIST, _BLOCKQUOTE = "tlh", "", "lh"  # terminators of a paragraph, a list item, a table


def _blockquote(state: _Block, start_line: int, end_line: int) -> None:
    """rules_block/blockquote for a quote at the top level whose every line starts with `>` and
    that a blank line (or the end) follows: its text, markers taken off, read as a document."""
    if state.blk_indent or state.list_indent >= 0 or state.parent_type not in ("root", "paragraph"):
        raise Unsupported("a block quote inside a list")
    if state.quotes >= 20:
        raise Unsupported("block quotes nested deeper than policies nest them")
    lines = []
    line = start_line
    while line < end_line and state.first(line) == ">" and not state.is_code_block(line):
        text = _line(state, line)[1:]
        lines.append(text[1:] if text.startswith(" ") else text)
        line += 1
    if line < end_line and not state.is_empty(line):
        raise Unsupported("a block quote continued lazily")
    state.push("blockquote_open", "blockquote", 1)
    inner = _Block("\n".join(lines), state.tokens)
    inner.level = state.level
    inner.quotes = state.quotes + 1
    _tokenize(inner, 0, inner.line_max)
    state.push("blockquote_close", "blockquote", -1)
    state.line = line


def _table(state: _Block, start_line: int, end_line: int, silent: bool) -> bool:
    if start_line + 2 > end_line:
        return False
    next_line = start_line + 1
    if state.s_count[next_line] < state.blk_indent or state.is_code_block(next_line):
        return False
    src = state.src
    pos, maximum = state.b_marks[next_line] + state.t_shift[next_line], state.e_marks[next_line]
    if pos + 1 >= maximum:
        return False
    first_ch, second_ch = src[pos], src[pos + 1]
    if first_ch not in "|-:" or (second_ch not in "|-:" and second_ch != " "):
        return False
    if first_ch == "-" and second_ch == " ":
        return False
    if src[pos + 2:maximum].strip("|-: "):
        return False
    columns = _line(state, next_line).split("|")
    aligns = []
    for i, column in enumerate(columns):
        t = column.strip(_TRIM)
        if not t:
            if i == 0 or i == len(columns) - 1:
                continue
            return False
        if not _HEADER_CELL.search(t):
            return False
        aligns.append(t)
    text = _line(state, start_line).strip(_TRIM)
    if "|" not in text or state.is_code_block(start_line):
        return False
    columns = _cells(text)
    count = len(columns)
    if count == 0 or count != len(aligns):
        return False
    if silent:
        return True
    old_parent = state.parent_type
    state.parent_type = "table"
    state.push("table_open", "table", 1)
    state.push("thead_open", "thead", 1)
    state.push("tr_open", "tr", 1)
    for column in columns:
        state.push("th_open", "th", 1)
        state.push("inline", "", 0).content = column.strip(_TRIM)
        state.push("th_close", "th", -1)
    state.push("tr_close", "tr", -1)
    state.push("thead_close", "thead", -1)
    next_line = start_line + 2
    body = False
    autocompleted = 0
    while next_line < end_line:
        if state.s_count[next_line] < state.blk_indent:
            break
        if _terminates(state, next_line, end_line, _BLOCKQUOTE):
            break
        text = _line(state, next_line).strip(_TRIM)
        if not text or state.is_code_block(next_line):
            break
        columns = _cells(text)
        autocompleted += count - len(columns)
        if autocompleted > 0x10000:
            break
        if not body:
            state.push("tbody_open", "tbody", 1)
            body = True
        state.push("tr_open", "tr", 1)
        for i in range(count):
            state.push("td_open", "td", 1)
            state.push("inline", "", 0).content = columns[i].strip(_TRIM) if i < len(columns) else ""
            state.push("td_close", "td", -1)
        state.push("tr_close", "tr", -1)
        next_line += 1
    if body:
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.parent_type = old_parent
    state.line = next_line
    return True


def _line(state: _Block, line: int) -> str:
    return state.src[state.b_marks[line] + state.t_shift[line]:state.e_marks[line]]


def _cells(text: str) -> list[str]:
    """table.escapedSplit, without the empty cells outside the first and last pipe."""
    if "\\" not in text:  # no `\|` to keep: every pipe splits (the character loop took a tenth of an import)
        result = text.split("|")
    else:
        result = []
        pos, last, current, escaped = 0, 0, "", False
        for pos, ch in enumerate(text):
            if ch == "|":
                if not escaped:
                    result.append(current + text[last:pos])
                    current = ""
                    last = pos + 1
                else:
                    current += text[last:pos - 1]
                    last = pos
            escaped = ch == "\\"
        result.append(current + text[last:])
    if result and result[0] == "":
        result.pop(0)
    if result and result[-1] == "":
        result.pop()
    return result


def _hr(state: _Block, line: int, silent: bool) -> bool:
    if state.is_code_block(line):
        return False
    pos, maximum = state.b_marks[line] + state.t_shift[line], state.e_marks[line]
    if pos >= maximum:
        return False
    marker = state.src[pos]
    if marker not in "*-_":
        return False
    rest = state.src[pos + 1:maximum]
    if rest.strip(marker + " ") or rest.count(marker) < 2:
        return False
    if not silent:
        state.line = line + 1
        state.push("hr", "hr", 0)
    return True


def _bullet_marker(state: _Block, line: int) -> int:
    pos, maximum = state.b_marks[line] + state.t_shift[line], state.e_marks[line]
    if pos >= maximum or state.src[pos] not in "*-+":
        return -1
    pos += 1
    if pos < maximum and state.src[pos] != " ":
        return -1
    return pos


def _ordered_marker(state: _Block, line: int) -> int:
    start = pos = state.b_marks[line] + state.t_shift[line]
    maximum = state.e_marks[line]
    src = state.src
    if pos + 1 >= maximum or not "0" <= src[pos] <= "9":
        return -1
    pos += 1
    while True:
        if pos >= maximum:
            return -1
        ch = src[pos]
        pos += 1
        if "0" <= ch <= "9":
            if pos - start >= 10:
                return -1
            continue
        if ch in ").":
            break
        return -1
    if pos < maximum and src[pos] != " ":
        return -1
    return pos


def _list(state: _Block, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    if (state.list_indent >= 0 and state.s_count[start_line] - state.list_indent >= 4
            and state.s_count[start_line] < state.blk_indent):
        return False
    terminating_paragraph = (silent and state.parent_type == "paragraph"
                             and state.s_count[start_line] >= state.blk_indent)
    src = state.src
    after = _ordered_marker(state, start_line)
    if after >= 0:
        ordered = True
        start = state.b_marks[start_line] + state.t_shift[start_line]
        if terminating_paragraph and int(src[start:after - 1]) != 1:
            return False
    else:
        after = _bullet_marker(state, start_line)
        if after < 0:
            return False
        ordered = False
    if terminating_paragraph:
        pos = after
        while pos < state.e_marks[start_line] and src[pos] == " ":
            pos += 1
        if pos >= state.e_marks[start_line]:
            return False
    marker = src[after - 1]
    if silent:
        return True
    opened = state.push("ordered_list_open" if ordered else "bullet_list_open", "ol" if ordered else "ul", 1)
    if ordered:  # as markdown-it: the first number, where it is not 1
        first = int(src[state.b_marks[start_line] + state.t_shift[start_line]:after - 1])
        if first != 1:
            opened.attrs = {"start": first}
    next_line = start_line
    old_parent = state.parent_type
    state.parent_type = "list"
    while next_line < end_line:
        pos, maximum = after, state.e_marks[next_line]
        initial = offset = state.s_count[next_line] + after - (state.b_marks[start_line]
                                                               + state.t_shift[start_line])
        while pos < maximum and src[pos] == " ":
            offset += 1
            pos += 1
        content_start = pos
        if content_start >= maximum:
            raise Unsupported("an empty list item")
        indent_after = offset - initial
        if indent_after > 4:
            raise Unsupported("a list item starting with indented code")
        state.push("list_item_open", "li", 1)
        old_t_shift, old_s_count = state.t_shift[start_line], state.s_count[start_line]
        old_list_indent = state.list_indent
        state.list_indent = state.blk_indent
        state.blk_indent = initial + indent_after
        state.t_shift[start_line] = content_start - state.b_marks[start_line]
        state.s_count[start_line] = offset
        _tokenize(state, start_line, end_line)
        state.blk_indent = state.list_indent
        state.list_indent = old_list_indent
        state.t_shift[start_line] = old_t_shift
        state.s_count[start_line] = old_s_count
        state.push("list_item_close", "li", -1)
        next_line = start_line = state.line
        if next_line >= end_line:
            break
        if state.s_count[next_line] < state.blk_indent or state.is_code_block(start_line):
            break
        if _terminates(state, next_line, end_line, _LIST):
            break
        if ordered:
            after = _ordered_marker(state, next_line)
        else:
            after = _bullet_marker(state, next_line)
        if after < 0 or marker != src[after - 1]:
            break
    state.push("ordered_list_close" if ordered else "bullet_list_close", "ol" if ordered else "ul", -1)
    state.line = next_line
    state.parent_type = old_parent
    return True


def _heading(state: _Block, line: int, silent: bool) -> bool:
    if state.is_code_block(line):
        return False
    src = state.src
    pos, maximum = state.b_marks[line] + state.t_shift[line], state.e_marks[line]
    if pos >= maximum or src[pos] != "#":
        return False
    level = 1
    pos += 1
    while pos < maximum and src[pos] == "#" and level <= 6:
        level += 1
        pos += 1
    if level > 6 or (pos < maximum and src[pos] != " "):
        return False
    if silent:
        return True
    while maximum > pos and src[maximum - 1] == " ":  # skipSpacesBack
        maximum -= 1
    tmp = maximum
    while tmp > pos and src[tmp - 1] == "#":  # skipCharsStrBack
        tmp -= 1
    if tmp > pos and src[tmp - 1] == " ":
        maximum = tmp
    state.line = line + 1
    tag = f"h{level}"
    state.push("heading_open", tag, 1)
    state.push("inline", "", 0).content = src[pos:maximum].strip(_TRIM)
    state.push("heading_close", tag, -1)
    return True


def _lheading(state: _Block, start_line: int, end_line: int) -> bool:
    level = 0
    next_line = start_line + 1
    old_parent = state.parent_type
    state.parent_type = "paragraph"
    src = state.src
    marker = ""
    while next_line < end_line and not state.is_empty(next_line):
        if state.s_count[next_line] - state.blk_indent > 3:
            next_line += 1
            continue
        if state.s_count[next_line] >= state.blk_indent:
            pos, maximum = state.b_marks[next_line] + state.t_shift[next_line], state.e_marks[next_line]
            if pos < maximum:
                marker = src[pos]
                if marker in "-=" and not src[pos:maximum].rstrip(" ").strip(marker):
                    level = 1 if marker == "=" else 2
                    break
        if _terminates(state, next_line, end_line, _PARAGRAPH):
            break
        next_line += 1
    if not level:
        return False  # leaving parent_type "paragraph", as markdown-it's lheading does
    content = state.get_lines(start_line, next_line, state.blk_indent).strip(_TRIM)
    state.line = next_line + 1
    tag = f"h{level}"
    state.push("heading_open", tag, 1)
    state.push("inline", "", 0).content = content
    state.push("heading_close", tag, -1)
    state.parent_type = old_parent
    return True


def _paragraph(state: _Block, start_line: int) -> None:
    next_line = start_line + 1
    end_line = state.line_max
    old_parent = state.parent_type
    state.parent_type = "paragraph"
    while next_line < end_line:
        if state.is_empty(next_line):
            break
        if state.s_count[next_line] - state.blk_indent > 3:
            next_line += 1
            continue
        if _terminates(state, next_line, end_line, _PARAGRAPH):
            break
        next_line += 1
    content = state.get_lines(start_line, next_line, state.blk_indent).strip(_TRIM)
    state.line = next_line
    state.push("paragraph_open", "p", 1)
    state.push("inline", "", 0).content = content
    state.push("paragraph_close", "p", -1)
    state.parent_type = old_parent


# -- inlines (rules_inline/) -------------------------------------------------------------------------

class _Delimiter:
    __slots__ = ("marker", "length", "token", "end", "open", "close")

    def __init__(self, marker: str, length: int, token: int, can_open: bool, can_close: bool) -> None:
        self.marker = marker
        self.length = length
        self.token = token
        self.end = -1
        self.open = can_open
        self.close = can_close


class _Inline:
    """StateInline: the text, where the parser is, the tokens and the emphasis delimiters."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.pos_max = len(src)
        self.pending = ""
        self.tokens: list[Token] = []
        self.delimiters: list[_Delimiter] = []
        self.prev_delimiters: list[list[_Delimiter]] = []
        self.scopes: list[list[_Delimiter]] = [self.delimiters]  # every delimiter list, for balancing
        self.cache: dict[int, int] = {}
        self.depth = 0  # labels looked into within labels (markdown-it stops at maxNesting)

    def push(self, type_: str, tag: str, nesting: int) -> Token:
        if self.pending:
            self.push_pending()
        token = Token(type_, tag, nesting)
        if nesting < 0:
            self.delimiters = self.prev_delimiters.pop()
        if nesting > 0:
            self.prev_delimiters.append(self.delimiters)
            self.delimiters = []
            self.scopes.append(self.delimiters)
        self.tokens.append(token)
        return token

    def push_pending(self) -> None:
        self.tokens.append(Token("text", "", 0, self.pending))
        self.pending = ""


def _inline(src: str) -> list[Token]:
    """parser_inline.parse: tokenize, then pair the emphasis and join the text."""
    if not _has_markup(src):  # half a policy's paragraphs and cells: all text, one token
        return [Token("text", "", 0, src)] if src else []
    state = _Inline(src)
    _inline_tokenize(state)
    for delimiters in state.scopes:
        _balance(delimiters)
    for delimiters in state.scopes:
        _emphasis(state, delimiters)
    return _fragments_join(state.tokens)


def _has_markup(src: str) -> bool:
    """Whether `src` holds a character at which `_inline_rule` tries a rule other than text's
    (str's `in`, several times faster here than a regex's search for a class of characters)."""
    return ("*" in src or "[" in src or "<" in src or "\\" in src or "_" in src or "\n" in src
            or "!" in src)


def _inline_tokenize(state: _Inline) -> None:
    end = state.pos_max
    src = state.src
    while state.pos < end:
        if _inline_rule(state, src, False):
            if state.pos >= end:
                break
            continue
        state.pending += src[state.pos]
        state.pos += 1
    if state.pending:
        state.push_pending()


def _inline_rule(state: _Inline, src: str, silent: bool) -> bool:
    """The first inline rule that matches at state.pos, in markdown-it's order."""
    pos = state.pos
    ch = src[pos]
    if ch not in _TEXT_ENDS:  # text
        found = _TEXT_END.search(src, pos, state.pos_max)
        state.pos = found.start() if found else state.pos_max
        if not silent:
            state.pending += src[pos:state.pos]
        return True
    if ch == "\n":
        return _newline(state, silent)
    if ch == "\\":
        return _escape(state, silent)
    if ch in "*_":
        return _emphasis_delimiter(state, silent)
    if ch == "[":
        return _link(state, silent)
    if ch == "!":
        return _image(state, silent)
    if ch == "<":
        return _html_inline(state, silent)
    return False


def _skip_token(state: _Inline) -> None:
    pos = state.pos
    if pos in state.cache:
        state.pos = state.cache[pos]
        return
    if state.depth >= 50:
        raise Unsupported("link labels nested deeper than policies nest them")
    state.depth += 1
    matched = _inline_rule(state, state.src, True)
    state.depth -= 1
    if not matched:
        state.pos += 1
    state.cache[pos] = state.pos


def _newline(state: _Inline, silent: bool) -> bool:
    pos = state.pos
    if not silent:
        pending = state.pending
        if pending.endswith("  "):
            state.pending = pending.rstrip(" ")
            state.push("hardbreak", "br", 0)
        elif pending.endswith(" "):
            state.pending = pending[:-1]
            state.push("softbreak", "br", 0)
        else:
            state.push("softbreak", "br", 0)
    pos += 1
    while pos < state.pos_max and state.src[pos] == " ":
        pos += 1
    state.pos = pos
    return True


def _escape(state: _Inline, silent: bool) -> bool:
    pos = state.pos + 1
    maximum = state.pos_max
    if pos >= maximum:
        return False
    ch = state.src[pos]
    if ch == "\n":
        if not silent:
            state.push("hardbreak", "br", 0)
        pos += 1
        while pos < maximum and state.src[pos] == " ":
            pos += 1
        state.pos = pos
        return True
    if 0xD800 <= ord(ch) <= 0xDBFF:
        raise Unsupported("a surrogate")
    if not silent:
        state.push("text_special", "", 0).content = ch if ch in _ASCII_PUNCT else "\\" + ch
    state.pos = pos + 1
    return True


def _is_punct(ch: str) -> bool:
    if ch in _ASCII_PUNCT:
        return True
    if ch < "\x80":
        return False
    global _unicodedata
    if _unicodedata is None:
        import unicodedata

        _unicodedata = unicodedata
    return _unicodedata.category(ch).startswith(("P", "S"))


def _emphasis_delimiter(state: _Inline, silent: bool) -> bool:
    if silent:
        return False
    src = state.src
    start = pos = state.pos
    marker = src[start]
    maximum = state.pos_max
    last = src[start - 1] if start > 0 else " "
    while pos < maximum and src[pos] == marker:
        pos += 1
    count = pos - start
    nxt = src[pos] if pos < maximum else " "
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    last_space, next_space = last in _WHITESPACE, nxt in _WHITESPACE
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    split_word = marker == "*"
    can_open = left and (split_word or not right or last_punct)
    can_close = right and (split_word or not left or next_punct)
    for _ in range(count):
        state.push("text", "", 0).content = marker
        state.delimiters.append(_Delimiter(marker, count, len(state.tokens) - 1, can_open, can_close))
    state.pos += count
    return True


def _link_label(state: _Inline, start: int, disable_nested: bool) -> int:
    """helpers.parseLinkLabel: the position of the label's closing bracket, or -1."""
    old_pos = state.pos
    state.pos = start + 1
    level = 1
    found = False
    src = state.src
    while state.pos < state.pos_max:
        marker = src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                found = True
                break
        prev = state.pos
        _skip_token(state)
        if marker == "[":
            if prev == state.pos - 1:
                level += 1
            elif disable_nested:
                state.pos = old_pos
                return -1
    end = state.pos if found else -1
    state.pos = old_pos
    return end


def _destination(src: str, pos: int, maximum: int) -> tuple[str, int] | None:
    """helpers.parseLinkDestination (not the <...> form): the target, unescaped, and where it ends."""
    start = pos
    if pos < maximum and src[pos] == "<":
        raise Unsupported("a <destination>")
    level = 0
    pos = _PLAIN_DESTINATION().match(src, pos, maximum).end()  # type: ignore[union-attr]  # `*`: always matches
    while pos < maximum:
        ch = src[pos]
        if ch <= " " or ch == "\x7f":
            break
        if ch == "\\" and pos + 1 < maximum:
            if src[pos + 1] == " ":
                break
            pos += 2
            continue
        if ch == "(":
            level += 1
            if level > 32:
                return None
        if ch == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    if start == pos or level != 0:
        return None
    target = src[start:pos]
    return (_UNESCAPE.sub(r"\1", target) if "\\" in target else target), pos


def _title(src: str, pos: int, maximum: int) -> int:
    """helpers.parseLinkTitle: where a valid title ends, or -1."""
    if pos >= maximum or src[pos] not in "\"'(":
        return -1
    close = ")" if src[pos] == "(" else src[pos]
    pos += 1
    while pos < maximum:
        ch = src[pos]
        if ch == close:
            return pos + 1
        if ch == "(" and close == ")":
            return -1
        if ch == "\\" and pos + 1 < maximum:
            pos += 1
        pos += 1
    return -1


def _normalize_link(url: str) -> str:
    """common/normalize_url.normalizeLink for the targets whose host is ASCII."""
    if _URL_SAFE.fullmatch(url):
        return url
    host = _HOST().match(url)
    if host and not (host.group(1) or host.group(2) or "").isascii():
        raise Unsupported("a host name to encode")
    out = []
    i = 0
    while i < len(url):
        piece = _URL_SAFE.match(url, i)
        if piece:
            out.append(piece.group())
            i = piece.end()
            continue
        out.append("".join(f"%{b:02X}" for b in url[i].encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)


def _skip_space(src: str, pos: int, maximum: int) -> int:
    while pos < maximum and src[pos] in " \n":
        pos += 1
    return pos


def _link_target(state: _Inline, label_end: int) -> tuple[str, int] | None:
    """The `(destination "title")` after a label: the normalized target and where it ends."""
    src, maximum = state.src, state.pos_max
    pos = label_end + 1
    if not (pos < maximum and src[pos] == "("):
        return None
    pos = _skip_space(src, pos + 1, maximum)
    if pos >= maximum:
        return None
    href = ""
    found = _destination(src, pos, maximum)
    if found is not None:
        href = _normalize_link(found[0])
        pos = found[1]
    start = pos
    pos = _skip_space(src, pos, maximum)
    title_end = _title(src, pos, maximum)
    if pos < maximum and start != pos and title_end >= 0:
        pos = _skip_space(src, title_end, maximum)
    if pos >= maximum or src[pos] != ")":
        return None
    return href, pos + 1


def _link(state: _Inline, silent: bool) -> bool:
    label_end = _link_label(state, state.pos, True)
    if label_end < 0:
        return False
    target = _link_target(state, label_end)
    if target is None:
        return False  # no reference definitions: `[text]` is text
    href, pos = target
    if not silent:
        maximum = state.pos_max
        state.pos = state.pos + 1
        state.pos_max = label_end
        state.push("link_open", "a", 1).attrs = {"href": href}
        _inline_tokenize(state)
        state.push("link_close", "a", -1)
        state.pos_max = maximum
    state.pos = pos
    return True


def _image(state: _Inline, silent: bool) -> bool:
    src = state.src
    if state.pos + 1 < state.pos_max and src[state.pos + 1] != "[":
        return False
    label_end = _link_label(state, state.pos + 1, False)
    if label_end < 0:
        return False
    target = _link_target(state, label_end)
    if target is None:
        return False
    if not silent:
        state.push("image", "img", 0).attrs = {"src": target[0], "alt": ""}
    state.pos = target[1]
    return True


def _html_inline(state: _Inline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if pos + 2 >= state.pos_max:
        return False
    ch = src[pos + 1]
    if ch in "!?":
        raise Unsupported("an HTML comment or declaration")
    if ch != "/" and not ("a" <= (ch.lower()) <= "z" and ch.isascii()):
        return False
    if src.rfind(">") < pos + 2:
        return False
    match = _HTML_TAG().match(src, pos)
    if not match or match.end() > state.pos_max:
        if match:
            raise Unsupported("an HTML tag across a link label")
        return False
    if not silent:
        state.push("html_inline", "", 0).content = match.group()
    state.pos = match.end()
    return True


def _balance(delimiters: list[_Delimiter]) -> None:
    """balance_pairs.processDelimiters: pair each closing emphasis marker with its opener."""
    if not delimiters:
        return
    openers_bottom: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for closer_idx, closer in enumerate(delimiters):
        jumps.append(0)
        if delimiters[header].marker != closer.marker or last_token != closer.token - 1:
            header = closer_idx
        last_token = closer.token
        if not closer.close:
            continue
        bottoms = openers_bottom.setdefault(closer.marker, [-1] * 6)
        min_opener = bottoms[(3 if closer.open else 0) + closer.length % 3]
        opener_idx = header - jumps[header] - 1
        new_min = opener_idx
        while opener_idx > min_opener:
            opener = delimiters[opener_idx]
            if opener.marker != closer.marker:
                opener_idx -= jumps[opener_idx] + 1
                continue
            if opener.open and opener.end < 0:
                odd = ((opener.close or closer.open) and (opener.length + closer.length) % 3 == 0
                       and (opener.length % 3 != 0 or closer.length % 3 != 0))
                if not odd:
                    follows_closed = opener_idx > 0 and not delimiters[opener_idx - 1].open
                    last_jump = jumps[opener_idx - 1] + 1 if follows_closed else 0
                    jumps[closer_idx] = closer_idx - opener_idx + last_jump
                    jumps[opener_idx] = last_jump
                    closer.open = False
                    opener.end = closer_idx
                    opener.close = False
                    new_min = -1
                    last_token = -2
                    break
            opener_idx -= jumps[opener_idx] + 1
        if new_min != -1:
            bottoms[(3 if closer.open else 0) + closer.length % 3] = new_min


def _emphasis(state: _Inline, delimiters: list[_Delimiter]) -> None:
    """emphasis._postProcess: paired markers become em/strong open and close tokens."""
    tokens = state.tokens
    i = len(delimiters) - 1
    while i >= 0:
        start = delimiters[i]
        if start.end == -1:
            i -= 1
            continue
        end = delimiters[start.end]
        strong = (i > 0 and delimiters[i - 1].end == start.end + 1
                  and delimiters[i - 1].marker == start.marker
                  and delimiters[i - 1].token == start.token - 1
                  and delimiters[start.end + 1].token == end.token + 1)
        kind, tag = ("strong", "strong") if strong else ("em", "em")
        opener, closer = tokens[start.token], tokens[end.token]
        opener.type, opener.tag, opener.nesting, opener.content = kind + "_open", tag, 1, ""
        closer.type, closer.tag, closer.nesting, closer.content = kind + "_close", tag, -1, ""
        if strong:
            tokens[delimiters[i - 1].token].content = ""
            tokens[delimiters[start.end + 1].token].content = ""
            i -= 1
        i -= 1


def _fragments_join(tokens: list[Token]) -> list[Token]:
    """fragments_join: adjacent text tokens merged into the last of them."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "text" and out and out[-1].type == "text":
            token.content = out[-1].content + token.content
            out[-1] = token
        else:
            out.append(token)
    return out


def _join_text(tokens: list[Token]) -> list[Token]:
    """rules_core/text_join: escapes become text, and adjacent text is joined."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "text_special":
            token.type = "text"
        if token.type == "text" and out and out[-1].type == "text":
            out[-1].content += token.content
        else:
            out.append(token)
    return out
