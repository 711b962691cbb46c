"""pdfminer.six's page interpreter and aggregator, made to leave out what a page does not show.

pdfminer draws everything a page holds and ignores clipping, but a writer that
lays a long document out in pages may draw a line that crosses a page's edge on
both pages, each time clipped (our own PDF export does). So the clip rectangle
is kept here (a clip that is no rectangle is taken as the box around it: wider,
never narrower), and a glyph whose middle lies outside it, or a shape wholly
outside it, is left out; so is a glyph drawn a second time at the same place (a
fake bold, a table's header row drawn again). Each glyph kept carries the clip
it was drawn in (`clip`, None when drawn unclipped).
"""

from __future__ import annotations

from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pdfminer's page space (y upwards)


def _meet(a: Box, b: Box) -> Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def interpreter_class() -> type:
    """pdfminer's interpreter, keeping the clip rectangle and telling its device."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.utils import apply_matrix_pt

    class Interpreter(PDFPageInterpreter):  # type: ignore[misc]
        outer: Box | None = None  # the clip a form XObject is drawn inside

        def init_state(self, ctm: Any) -> None:
            super().init_state(ctm)
            self.clips: list[Box | None] = []
            self._clip(self.outer)

        def _clip(self, box: Box | None) -> None:
            self.clip = self.device.clip = box

        def subinterp(self) -> Any:
            inner = super().subinterp()
            inner.outer = self.clip
            return inner

        def do_q(self) -> None:
            self.clips.append(self.clip)
            super().do_q()

        def do_Q(self) -> None:  # noqa: N802 — pdfminer's names for the operators
            if self.clips:
                self._clip(self.clips.pop())
            super().do_Q()

        def do_W(self) -> None:  # noqa: N802
            points = [apply_matrix_pt(self.ctm, (seg[i], seg[i + 1]))
                      for seg in self.curpath for i in range(1, len(seg) - 1, 2)]
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                box = (min(xs), min(ys), max(xs), max(ys))
                self._clip(box if self.clip is None else _meet(box, self.clip))

        do_W_a = do_W

    return Interpreter


def device_class() -> type:
    """pdfminer's page aggregator, leaving out what is clipped away and glyphs drawn twice."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_pt

    class Device(PDFPageAggregator):  # type: ignore[misc]
        clip: Box | None = None
        seen: set[tuple[str, int, int]]

        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            self.seen = set()

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                        cid: int, ncs: Any, graphicstate: Any) -> float:
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            item = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid),
                          font.char_disp(cid), ncs, graphicstate)
            x, y, clip = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2, self.clip
            if clip is not None and not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3]):
                return item.adv  # clipped away: not shown
            key = (text, round(item.x0), round(item.y0))
            if key not in self.seen:
                self.seen.add(key)
                item.clip = clip
                self.cur_item.add(item)
            return item.adv

        def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
            clip = self.clip
            points = [apply_matrix_pt(self.ctm, (seg[i], seg[i + 1]))
                      for seg in path for i in range(1, len(seg) - 1, 2)]
            if clip is not None and points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                inside = _meet((min(xs), min(ys), max(xs), max(ys)), clip)
                if inside[0] > inside[2] or inside[1] > inside[3]:
                    return  # wholly clipped away
            super().paint_path(gstate, stroke, fill, evenodd, path)

    return Device
