"""PDF documents: the text layer, with tables rebuilt into rows of tab-separated cells.

pypdfium2 gives every character with its box and every drawn path with its bounds. A ruled
table is found from its ruling lines: horizontal rules cut the page into bands, and a band
crossed by two or more vertical rules is a table row whose cells lie between them; each word
goes to the cell holding its centre, so a cell's wrapped lines stay in their cell and the row
is one line of text, cells separated by tabs (empty cells kept), as the loaders read it. A row
cut by a page break (no rule at the cut) is joined again; a word pdfium marks as broken at its
hyphen at a line end is whole again.

Text outside ruled tables is set into visual lines, cut into fragments at gaps wider than a
space. A run of lines whose fragments start at shared places, with white space down every
boundary between, is an unruled table: a fragment's column is the start it sits at, and a line
starts a new row when it is set apart, or a column gets text again after a gap, or a cell's line
before had room for this line's first word (so the cell did not wrap there). Other lines are
text; a paragraph's wrapped lines are joined again.

Chosen by measurement, on the 67-page printed 2017/18 sample on this machine: pdfminer.six's
plain text 37 s, pdfplumber's tables 55 s, ``pdftotext`` 0.3 s, this reader 0.8-1.8 s (pdfium is
compiled and gives each character's box; what is left in Python is per word, not per character).
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from loaders.base import LoaderError
from loaders.formats import Document

NAME = "pdf"
SUFFIXES = (".pdf",)

RULE = 2.5  # a path thinner than this (points) is a ruling line
JOIN = 2.0  # rules closer than this are one rule (a border drawn by both cells beside it)
_BULLET = re.compile(r"[-\u2022\u2013*\u25cf\u25aa]\s|\(?\d{1,2}[.)]\s|[a-z][.)]\s")  # a list item starts a line
OCR_HINT = "it looks scanned: run OCR first to add a text layer (e.g. ocrmypdf in.pdf out.pdf)"


def sniff(head: bytes, suffix: str) -> bool:
    """A PDF starts with ``%PDF`` (some tools put junk before it, so look a little way in)."""
    return b"%PDF-" in head[:1024]


def read(path: Path) -> Document:
    """The PDF's text as lines (table rows as tab-separated cells), each with its page.

    Raises ``LoaderError`` for a PDF that is password-protected, damaged or cut short, or has
    no text layer (a scan).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    source = path.name
    if not _has_end(path):  # pdfium would rebuild what it can of a cut-short file: pages lost unsaid
        raise LoaderError(source, "is a PDF that is cut short (it has no end-of-file marker)",
                          "get a complete copy of the file")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise LoaderError(source, "is a password-protected PDF",
                              "ask for an unprotected copy, or remove the password (e.g. qpdf --decrypt)") from None
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise LoaderError(source, "is a PDF whose security handler is not supported",
                              "ask for an unprotected copy") from None
        raise LoaderError(source, "is a PDF that cannot be read (damaged or cut short)",
                          "get a complete copy of the file, or print it to PDF again") from None
    except OSError as exc:
        raise LoaderError(source, f"cannot read {path}: {exc.strerror}", "check its permissions") from None
    try:
        chars = 0
        page_blocks: list[tuple[list[Block], float]] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                blocks, page_chars = _page_blocks(page, raw)
                page_blocks.append((blocks, page.get_height()))
            finally:
                page.close()
            chars += page_chars
        page_count = len(pdf)
    except pdfium.PdfiumError:
        raise LoaderError(source, "is a PDF that cannot be read (damaged or cut short)",
                          "get a complete copy of the file, or print it to PDF again") from None
    finally:
        pdf.close()
    if page_count == 0:
        raise LoaderError(source, "is a PDF with no pages", "get a complete copy of the file")
    running = _running_lines(page_blocks)
    lines: list[str] = []
    pages: list[int | None] = []
    furniture: list[tuple[int, int, str]] = []
    carried: tuple[int, list[str]] | None = None  # a row cut off at the foot of the page before
    previous_cells: list[str] | None = None  # the cells of the last row of the page before
    for number, (blocks, _) in enumerate(page_blocks, start=1):
        kept = []
        for block in blocks:
            if block.cells is None and _shape(block.text) in running:
                furniture.append((len(lines) + 1, number, block.text))
            else:
                kept.append(block)
        carried = _add_page(kept, number, lines, pages, carried, previous_cells)
        rows = [b for b in kept if b.cells is not None]
        previous_cells = rows[-1].cells if rows and kept[-1] is rows[-1] else None
    if chars == 0 or not any(line.strip() for line in lines):
        raise LoaderError(source, "is a PDF with no text layer", OCR_HINT)
    return Document(text="\n".join(lines), format=NAME, pages=tuple(pages), page_count=page_count,
                    furniture=tuple((min(line, len(lines)), page, text) for line, page, text in furniture))


_DIGITS = re.compile(r"\d+")


def _shape(text: str) -> str:
    """A line with its numbers blanked and spaces squeezed: a running header or footer has the
    same shape on every page ("Page 3 of 12", "Page 4 of 12")."""
    return " ".join(_DIGITS.sub("#", text).split())


def _running_lines(page_blocks: list[tuple[list[Block], float]]) -> frozenset[str]:
    """The shapes of running headers and footers: loose text lines in the top or bottom tenth of
    a page whose shape recurs there on at least half the pages (and three or more)."""
    if len(page_blocks) < 3:
        return frozenset()
    seen: dict[str, int] = {}
    for blocks, height in page_blocks:
        shapes = {_shape(b.text) for b in blocks
                  if b.cells is None and (b.bottom < 0.1 * height or b.top > 0.9 * height)}
        for shape in shapes:
            seen[shape] = seen.get(shape, 0) + 1
    least = max(3, len(page_blocks) // 2)
    return frozenset(shape for shape, n in seen.items() if n >= least and shape)


def _has_end(path: Path) -> bool:
    """Whether the file ends as a whole PDF does: ``%%EOF`` in its last few kilobytes."""
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 4096))
            return b"%%EOF" in f.read()
    except OSError:
        return True  # let the reader say what is wrong


# ------------------------------------------------------------------ words


class Word:
    """A run of characters between spaces, with its box (top-down page coordinates)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "ymid")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.ymid = (top + bottom) / 2

    @property
    def xmid(self) -> float:
        """The middle of the word across: the cell it belongs to holds this point."""
        return (self.x0 + self.x1) / 2


_WORD = re.compile("[^ \t\r\n\x00\xa0\u2002\u2003\u2009]+")  # a run of characters between spaces
SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen that ends a line inside a word ("co-" / "ordinate")


def _words(textpage, height: float, raw) -> tuple[list[Word], int]:
    """The page's words and its character count. Boxes are asked for only at each word's first
    and last character (each is a call into pdfium); a word whose two ends sit on different
    lines is split character by character."""
    n = textpage.count_chars()
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # pdfium left out or added characters: ask for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 32) for i in range(n))
    box = raw.FS_RECTF()
    get_box = raw.FPDFText_GetLooseCharBox
    ref = ctypes.byref(box)
    words: list[Word] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        get_box(textpage, start, ref)
        x0, top0, bottom0 = box.left, height - box.top, height - box.bottom
        get_box(textpage, end - 1, ref)
        if abs((height - box.top) - top0) < 0.4 * (bottom0 - top0) and box.right >= x0:
            words.append(Word(match.group(), x0, box.right, top0, bottom0))
        else:
            words.extend(_split_word(textpage, text, start, end, height, get_box, box, ref))
    return words, n


def _split_word(textpage, text, start, end, height, get_box, box, ref) -> list[Word]:
    """Words from characters ``start..end`` cut wherever the next character is not just right of
    the one before (a new line, or a jump)."""
    out: list[Word] = []
    for i in range(start, end):
        get_box(textpage, i, ref)
        x0, x1, top, bottom = box.left, box.right, height - box.top, height - box.bottom
        last = out[-1] if out else None
        if last is not None and abs(last.top - top) < 0.4 * (bottom - top) and last.x0 <= x0 <= last.x1 + 1.0:
            last.text += text[i]
            last.x1 = x1
        else:
            out.append(Word(text[i], x0, x1, top, bottom))
    return out


# ------------------------------------------------------------------ rules


def _rules(page, height: float, raw) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal rules (y, x0, x1) and vertical rules (x, y0, y1) drawn on the page, top-down.
    A filled or stroked box (a shaded cell) counts as its four edges."""
    horizontal, vertical = [], []
    width = page.get_width()
    for left, bottom, right, top in _path_bounds(page, raw):
        top, bottom = height - top, height - bottom
        w, h = right - left, bottom - top
        if h <= RULE and w > RULE:
            horizontal.append(((top + bottom) / 2, left, right))
        elif w <= RULE and h > RULE:
            vertical.append(((left + right) / 2, top, bottom))
        elif w > RULE and h > RULE and w < 0.95 * width and h < 0.95 * height:
            horizontal += [(top, left, right), (bottom, left, right)]
            vertical += [(left, top, bottom), (right, top, bottom)]
    return horizontal, vertical


def _path_bounds(page, raw):
    """Yield (left, bottom, right, top) of every path drawn on the page (and in its form
    XObjects), through pdfium's functions directly: a page can draw thousands of ruling
    lines, and a Python object for each costs more than the rest of reading them."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.byref(v) for v in (left, bottom, right, top))
    path, form = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    get_type, get_bounds = raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetBounds
    stack = [(raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject, page)]
    while stack:
        count, get, parent = stack.pop()
        for i in range(count):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind == path:
                if get_bounds(obj, *refs):
                    yield left.value, bottom.value, right.value, top.value
            elif kind == form and len(stack) < 4:
                stack.append((raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject, obj))


def _merged(values: list[float]) -> list[float]:
    """Sorted values, those within ``JOIN`` of the one before dropped."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > JOIN:
            out.append(v)
    return out


class Band:
    """One table row: the strip between two horizontal rules (or a rule and the end of the
    vertical rules, where a row is cut off by the page), its cells' left edges and words."""

    __slots__ = ("top", "bottom", "edges", "cells", "table", "open_top", "open_bottom")

    def __init__(self, top: float, bottom: float, edges: list[float], table: int, open_top: bool,
                 open_bottom: bool) -> None:
        self.top, self.bottom, self.edges, self.table = top, bottom, edges, table
        self.open_top, self.open_bottom = open_top, open_bottom
        self.cells: list[list[Word]] = [[] for _ in range(len(edges) - 1)]


def _bands(horizontal, vertical) -> list[Band]:
    """The table rows of a page: each strip between consecutive horizontal rules (or ends of
    vertical rules) crossed by at least two vertical rules; rows that share a rule belong to one
    table."""
    if len(vertical) < 2:
        return []
    rules = _merged([y for y, _, _ in horizontal])
    ys = _merged(rules + [y for _, y0, y1 in vertical for y in (y0, y1)])
    pending = sorted(vertical, key=lambda v: v[1])  # by where they start, top down
    active: list[tuple[float, float, float]] = []  # started above the band being looked at
    bands: list[Band] = []
    table = 0
    r = p = 0
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top <= RULE:
            continue
        while p < len(pending) and pending[p][1] <= top + JOIN:
            active.append(pending[p])
            p += 1
        active = [v for v in active if v[2] >= bottom - JOIN]  # bands only go down: an ended rule stays ended
        xs = _merged([x for x, _, _ in active])
        if len(xs) < 2:
            continue
        while r < len(rules) and rules[r] < top - JOIN:
            r += 1
        open_top = not (r < len(rules) and abs(rules[r] - top) <= JOIN)
        open_bottom = not any(abs(y - bottom) <= JOIN for y in rules[r:r + 3])
        if not bands or abs(bands[-1].bottom - top) > JOIN:
            table += 1
        bands.append(Band(top, bottom, xs, table, open_top, open_bottom))
    return bands


# ------------------------------------------------------------------ lines


class Block:
    """One line of a page's text: a table row (``cells``) or a line of loose text."""

    __slots__ = ("top", "bottom", "table", "text", "cells", "open_top", "open_bottom", "apart")

    def __init__(self, top, bottom, table, text, cells=None, open_top=False, open_bottom=False) -> None:
        self.top, self.bottom, self.table, self.text, self.cells = top, bottom, table, text, cells
        self.open_top, self.open_bottom = open_top, open_bottom
        self.apart = False  # a blank line goes before it


def _page_blocks(page, raw) -> tuple[list[Block], int]:
    """The lines of one page, top to bottom, and its character count."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        words, chars = _words(textpage, height, raw)
    finally:
        textpage.close()
    if not words:
        return [], chars
    bands = _bands(*_rules(page, height, raw))
    loose: list[Word] = []
    b = 0
    for word in sorted(words, key=lambda w: w.ymid):
        y, x = word.ymid, word.xmid
        while b < len(bands) and bands[b].bottom < y:
            b += 1
        band = bands[b] if b < len(bands) and bands[b].top <= y else None
        if band is None or not band.edges[0] <= x <= band.edges[-1]:
            loose.append(word)
            continue
        edges = band.edges
        col = 0
        while col < len(edges) - 2 and x > edges[col + 1]:
            col += 1
        band.cells[col].append(word)
    blocks: list[Block] = []
    for band in bands:
        cells = [_cell_text(c) for c in band.cells]
        if any(cells):
            blocks.append(Block(band.top, band.bottom, band.table, "\t".join(cells), cells,
                                band.open_top, band.open_bottom))
    right = max(w.x1 for w in words)
    for top, bottom, text in _text_lines(loose, right):
        blocks.append(Block(top, bottom, 0, text))
    blocks.sort(key=lambda b: b.top)
    size = _typical_height(words)
    previous = None
    for block in blocks:  # a blank line between tables, and between paragraphs set apart
        block.apart = previous is not None and (
            block.table != previous.table or (block.table == 0 and block.top - previous.bottom > 0.8 * size))
        previous = block
    return blocks, chars


def _add_page(blocks: list[Block], number: int, lines: list[str], pages: list[int | None],
              carried: tuple[int, list[str]] | None,
              previous_cells: list[str] | None) -> tuple[int, list[str]] | None:
    """Append a page's lines (a blank line first); a table row cut off at the foot of the page
    before and carried on at the head of this one (same columns, no rule between) becomes one
    row again, where it began. Returns the row this page leaves cut off, if any."""
    first_row = next((b for b in blocks if b.cells is not None), None)
    if carried is not None and first_row is not None and first_row.open_top and \
            len(first_row.cells) == len(carried[1]):
        at, cells = carried
        cells = [" ".join(p for p in (a, b) if p) for a, b in zip(cells, first_row.cells, strict=True)]
        lines[at] = "\t".join(cells)
        blocks = [b for b in blocks if b is not first_row]
    continues = (first_row is not None and blocks and blocks[0] is first_row and previous_cells is not None
                 and len(previous_cells) == len(first_row.cells))
    if lines and blocks and not continues:
        lines.append("")  # a page break is a break in the text, unless a table carries on over it
        pages.append(number)
    last: tuple[int, list[str]] | None = None
    for block in blocks:
        if block.apart and lines and lines[-1] != "":
            lines.append("")
            pages.append(number)
        lines.append(block.text)
        pages.append(number)
        if block.cells is not None:  # the page's last row; only a running footer may come after it
            last = (len(lines) - 1, block.cells) if block.open_bottom else None
    return last


def _typical_height(words: list[Word]) -> float:
    heights = sorted(w.bottom - w.top for w in words)
    return heights[len(heights) // 2] or 10.0


def _rows_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, each left to right."""
    rows: list[list[Word]] = []
    row_top = row_bottom = 0.0
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and w.ymid < row_bottom and w.top < (row_top + row_bottom) / 2 + 1:
            rows[-1].append(w)
            row_bottom = max(row_bottom, w.bottom)
        else:
            rows.append([w])
            row_top, row_bottom = w.top, w.bottom
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def _cell_text(words: list[Word]) -> str:
    """A cell's words in reading order, its wrapped lines joined with spaces."""
    if not words:
        return ""
    return _unwrapped(_joined(row, None) for row in _rows_of(words))


def _unwrapped(lines) -> str:
    """Wrapped lines joined again: with a space, or with a hyphen and no space after a word that
    was broken at its hyphen."""
    out = ""
    for line in lines:
        out = out + line if not out or out.endswith(SOFT_HYPHEN) else out + " " + line
    return out.replace(SOFT_HYPHEN, "-")


def _joined(row: list[Word], tab_gap: float | None) -> str:
    """The words of one visual line as text: a space between words, none where two touch (a
    ligature or a change of font inside a word), a tab where the gap is wider than ``tab_gap``."""
    parts = [row[0].text]
    for a, b in zip(row, row[1:], strict=False):
        gap = b.x0 - a.x1
        if tab_gap is not None and gap > tab_gap:
            parts.append("\t")
        elif gap > 0.5:
            parts.append(" ")
        parts.append(b.text)
    return "".join(parts)


def _text_lines(words: list[Word], right: float) -> list[tuple[float, float, str]]:
    """Text outside ruled tables as (top, bottom, line), top to bottom.

    Words on a visual line are cut into fragments where the gap is wider than a space. Runs of
    lines where fragments start at the same places are an unruled table (``_unruled``): its
    rows come back as lines of tab-separated cells. Other lines are text: a line that carries
    on a paragraph (the one before filled the width, starts at the same place, no gap between)
    is joined to it.
    """
    if not words:
        return []
    lines = [_Line(row) for row in _rows_of(words)]
    out: list[tuple[float, float, str]] = []
    left = min(line.x0 for line in lines)
    i = 0
    prev = None  # the text line before, if the last thing out was text
    while i < len(lines):
        end, columns = _table_run(lines, i)
        if columns:
            for top, bottom, cells in _unruled(lines[i:end], columns):
                out.append((top, bottom, "\t".join(cells)))
            i, prev = end, None
            continue
        line = lines[i]
        text = " ".join(f.text for f in line.frags)
        if (prev is not None and len(line.frags) == 1 and abs(line.x0 - prev.x0) < 2
                and prev.x1 > right - 0.15 * (right - left) and line.top - prev.bottom < 0.3 * line.size
                and not _BULLET.match(text)):
            p_top, _, p_text = out[-1]
            out[-1] = (p_top, line.bottom, _unwrapped((p_text, text)))
        else:
            out.append((line.top, line.bottom, "\t".join(f.text for f in line.frags)))
        prev = line if len(line.frags) == 1 else None
        i += 1
    return [(top, bottom, text.replace(SOFT_HYPHEN, "-")) for top, bottom, text in out]


class _Frag:
    """Words of one visual line with no wide gap between them: one cell's line, in a table."""

    __slots__ = ("text", "x0", "x1", "first_width")

    def __init__(self, words: list[Word]) -> None:
        self.text = _joined(words, None)
        self.x0, self.x1 = words[0].x0, words[-1].x1
        self.first_width = words[0].x1 - words[0].x0


class _Line:
    """One visual line of loose text, cut into fragments at gaps wider than a space."""

    __slots__ = ("frags", "top", "bottom", "size", "x0", "x1")

    def __init__(self, row: list[Word]) -> None:
        self.top, self.bottom = row[0].top, max(w.bottom for w in row)
        self.size = max(w.bottom - w.top for w in row)
        self.x0, self.x1 = row[0].x0, row[-1].x1
        frags, run = [], [row[0]]
        for a, b in zip(row, row[1:], strict=False):
            if b.x0 - a.x1 > 0.45 * self.size:
                frags.append(_Frag(run))
                run = []
            run.append(b)
        frags.append(_Frag(run))
        self.frags = frags


def _column(starts: list[float], x: float) -> int:
    col = 0
    while col + 1 < len(starts) and x >= starts[col + 1] - 2.0:
        col += 1
    return col


def _table_run(lines: list[_Line], i: int) -> tuple[int, list[float]]:
    """If an unruled table starts at line ``i``: where it ends and its column starts, else (i, []).

    A table is a run of lines close together whose fragments start at shared places (column
    starts) with white space down every column boundary: a line whose text crosses a boundary,
    or that would put one through another line's text, ends the run (the next table, or text).
    """
    first = lines[i]
    if len(first.frags) < 2 and not (i + 1 < len(lines) and len(lines[i + 1].frags) >= 2
                                     and lines[i + 1].top - first.bottom < 1.2 * first.size):
        return i, []
    starts: list[float] = []
    spans: list[tuple[float, float]] = []  # the text of the run so far, left to right on each line
    end = i
    while end < len(lines):
        line = lines[end]
        if end > i and line.top - lines[end - 1].bottom >= 1.2 * line.size:
            break
        new = [f.x0 for f in line.frags if all(abs(f.x0 - s) > 2.0 for s in starts)]
        crosses = any(f.x0 < s - 2.0 and f.x1 > s + 2.0 for f in line.frags for s in starts) or \
            any(a < x - 2.0 and b > x + 2.0 for x in new for a, b in spans)
        if crosses or (end > i and len(line.frags) < 2 and new):
            break
        starts = sorted(starts + new)
        spans += [(f.x0, f.x1) for f in line.frags]
        end += 1
    run = lines[i:end]
    if len(starts) < 2 or sum(len(line.frags) >= 2 for line in run) < 2:
        return i, []
    return end, starts


def _unruled(lines: list[_Line], starts: list[float]) -> list[tuple[float, float, list[str]]]:
    """The rows of an unruled table. A line starts a new row when it is set apart from the one
    before, or a column gets text again after a line without any, or a cell's line before had
    room for the first word of this one (so the cell did not wrap there)."""
    rows: list[tuple[float, float, list[list[str]]]] = []
    last: dict[int, _Frag] = {}  # each column's fragment on the line before, in the current row
    seen: set[int] = set()  # columns with text in the current row
    previous = None
    for line in lines:
        by_col = {_column(starts, f.x0): f for f in line.frags}
        new = previous is None or line.top - previous.bottom > 0.25 * line.size
        if not new:
            for col, frag in by_col.items():
                before = last.get(col)
                if before is None:
                    if col in seen:
                        new = True
                    continue
                right = starts[col + 1] if col + 1 < len(starts) else None
                room = (right - 4.0 - before.x1) if right is not None else None
                if room is not None and frag.first_width + 0.3 * line.size < room:
                    new = True
        if new:
            rows.append((line.top, line.bottom, [[] for _ in starts]))
            seen = set()
        top, _, cells = rows[-1]
        for col, frag in by_col.items():
            cells[col].append(frag.text)
        rows[-1] = (top, line.bottom, cells)
        seen |= set(by_col)
        last = by_col
        previous = line
    return [(top, bottom, [_unwrapped(c) for c in cells]) for top, bottom, cells in rows]
