"""The generated corpus printed as PDFs, and how fast and how well civicgraph reads them.

    python -m benchmarks.pdf --size small|medium|large [--out pdf.json]
    python -m benchmarks.run --size small --pdf          # the same, in the runner's report
    python -m benchmarks.pdf --files a.pdf b.pdf          # these PDFs: ours vs pdftotext, best of 5

Each generated text document becomes a PDF as a council's would print: its tab-separated rows
as ruled tables (columns sized to their text, cells wrapped inside them, a row too tall for
what is left of a page cut over the break, with no rule at the cut), other lines as headings
and paragraphs, HTML rendered as text (standard Helvetica, A4 landscape, written here, fast
enough for a thousand documents; the test fixtures are printed by Chromium instead). The
PDFs go in a folder beside the corpus (``SIZE-SEED-pdf``), made once.

Measured, in one run: reading every PDF with ``loaders.formats`` (pages per second) and, file
by file in turn, with poppler's ``pdftotext`` (skipped when it is not installed), as a ratio;
then loading them as ``graph load`` parses a folder (the reading in a process pool: wall and
CPU time, so how busy the cores were); and the items found against the generator's truth.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

PDF_VERSION = 3  # bump when the printed PDFs change (the cached PDF corpus is rebuilt)

PAGE_W, PAGE_H, MARGIN = 842.0, 595.0, 30.0
SIZE, LEADING, PAD = 7.0, 8.4, 2.5  # cell font size, line spacing, cell padding (points)
HEAD_SIZE = 9.0

# Helvetica's advance widths (its AFM, per 1000 units of font size) for printable ASCII
_WIDTHS = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
           278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556,
           833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
           333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
           500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
_WINANSI = {"\u2013": "\x96", "\u2014": "\x97", "\u2018": "\x91", "\u2019": "\x92", "\u201c": "\x93",
            "\u201d": "\x94", "\u2022": "\x95", "\u2026": "\x85", "\u20ac": "\x80"}
_KNOWN_TAG = re.compile(r"</?(?:p|i|b|u|em|strong|span|div|br|font)\b[^<>]*>", re.I)
_INPUT = re.compile(r"""<input\b[^<>]*?value=["']([^"']*)["'][^<>]*>""", re.I)


# symbols no standard font's encoding has: drawn by a small Type3 font whose ToUnicode map gives
# the reader their characters back (as a council's Word export embeds a symbol font)
_SYMBOLS = {"\u2714": (1, b"100 350 m 330 80 l 750 700 l 680 760 l 330 230 l 170 300 l f"),  # check mark
            "\u25b6": (2, b"120 80 m 720 380 l 120 680 l f")}  # play triangle
_TOUNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
              b"/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
              b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <2714> <02> <25B6> endbfchar "
              b"endcmap CMapName currentdict /CMap defineresource pop end end")


def _width(text: str, size: float) -> float:
    return sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 800 if c in _SYMBOLS else 600
               for c in text) * size / 1000


def _plain(cell: str) -> str:
    """A cell as printed: input boxes show their value, formatting tags vanish, entities decoded."""
    cell = _INPUT.sub(r"\1", cell)
    cell = _KNOWN_TAG.sub(" ", cell)
    return " ".join(html.unescape(cell).split())


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy word wrap to ``width`` points (a word longer than the width is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if _width(trial, size) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while _width(word, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and _width(word[:cut], size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _escape(text: str) -> bytes:
    text = "".join(_WINANSI.get(c, c) for c in text)
    data = text.encode("latin-1", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class _Pages:
    """Pages being drawn: a content stream each, and where the next thing goes (``y`` from the top)."""

    def __init__(self) -> None:
        self.streams: list[list[bytes]] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.streams.append([])
        self.y = MARGIN

    @property
    def room(self) -> float:
        return PAGE_H - MARGIN - self.y

    def text(self, x: float, y_top: float, text: str, size: float = SIZE, bold: bool = False) -> None:
        baseline = PAGE_H - y_top - size * 0.9
        font = b"/F2" if bold else b"/F1"
        runs = []
        for part in re.split(f"([{''.join(_SYMBOLS)}])", text):
            if part in _SYMBOLS:
                runs.append(b"/F3 %.1f Tf <%02x> Tj %s %.1f Tf" % (size, _SYMBOLS[part][0], font, size))
            elif part:
                runs.append(b"(%s) Tj" % _escape(part))
        self.streams[-1].append(b"BT %s %.1f Tf %.2f %.2f Td %s ET" % (font, size, x, baseline, b" ".join(runs)))

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A filled ruling line between two points (top-down y), 0.5 pt thick."""
        w, h = max(x1 - x0, 0.5), max(y1 - y0, 0.5)
        self.streams[-1].append(b"%.2f %.2f %.2f %.2f re f" % (x0, PAGE_H - y0 - h, w, h))


def _blocks(lines: list[str]):
    """("table", rows) for runs of tab-separated lines with the same number of cells; ("heading"
    | "para", text) for the other non-blank lines (as ``tests/data/make_pdfs.py`` groups them)."""
    run: list[list[str]] = []
    for line in lines + [""]:
        cells = line.split("\t") if "\t" in line else None
        if run and (cells is None or len(cells) != len(run[0])):
            yield "table", run
            run = []
        if cells is not None:
            run.append([_plain(c) for c in cells])
        elif line.strip():
            text = _plain(line)
            if text:
                yield ("heading" if len(text) < 90 and not text.endswith((".", ";", ":")) else "para"), text


def _table(pages: _Pages, rows: list[list[str]]) -> None:
    inner = PAGE_W - 2 * MARGIN
    weights = [min(max(max(len(r[i]) for r in rows), 12), 60) for i in range(len(rows[0]))]
    widths = [inner * w / sum(weights) for w in weights]
    # no column narrower than its longest word (as a word processor sizes an auto-fit table)
    least = [max((_width(word, SIZE) for r in rows for word in r[i].split()), default=0) + 2 * PAD + 1
             for i in range(len(widths))]
    short = sum(max(0.0, m - w) for m, w in zip(least, widths, strict=True))
    spare = sum(max(0.0, w - m) for m, w in zip(least, widths, strict=True))
    if short and spare > short:
        widths = [m if w <= m else w - (w - m) * short / spare for m, w in zip(least, widths, strict=True)]
    edges = [MARGIN]
    for w in widths:
        edges.append(edges[-1] + w)
    pages.y += 3
    for row in rows:
        cells = [_wrap(text, edges[i + 1] - edges[i] - 2 * PAD, SIZE) for i, text in enumerate(row)]
        while True:
            need = max(1, max(len(c) for c in cells)) * LEADING + 2 * PAD
            if need > pages.room and pages.room < 3 * LEADING + 2 * PAD:
                pages.new_page()
                continue
            fits = int((pages.room - 2 * PAD) // LEADING)
            top, cut = pages.y, need > pages.room
            shown = [c[:fits] for c in cells] if cut else cells
            height = (fits * LEADING + 2 * PAD) if cut else need
            pages.rule(edges[0], top, edges[-1], top)
            if not cut:
                pages.rule(edges[0], top + height, edges[-1], top + height)
            for x in edges:
                pages.rule(x, top, x, top + height)
            for i, lines in enumerate(shown):
                for k, line in enumerate(lines):
                    pages.text(edges[i] + PAD, top + PAD + k * LEADING, line)
            pages.y = top + height
            if not cut:
                break
            cells = [c[fits:] for c in cells]  # the rest of the row goes on the next page
            pages.new_page()
    pages.y += 3


def _paragraph(pages: _Pages, text: str, heading: bool) -> None:
    size = HEAD_SIZE if heading else SIZE
    lead = size * 1.25
    pages.y += 3 if heading else 2
    for line in _wrap(text, PAGE_W - 2 * MARGIN, size):
        if pages.room < lead:
            pages.new_page()
        pages.text(MARGIN, pages.y, line, size, bold=heading)
        pages.y += lead
    pages.y += 2


def write_pdf(text: str, path: Path) -> int:
    """Print a text document (tab-separated rows) to ``path`` as a PDF; returns its page count."""
    pages = _Pages()
    for kind, value in _blocks(text.split("\n")):
        if kind == "table":
            _table(pages, value)
        else:
            _paragraph(pages, value, kind == "heading")
    streams = [s for s in pages.streams if s] or [[]]
    n = len(streams)
    # objects: 1 catalog, 2 pages, 3-5 fonts, 6-8 the symbol font's parts, then each page and its content
    first = 9
    check, play = (_SYMBOLS[c][1] for c in ("\u2714", "\u25b6"))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(n)), n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 800 800] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs << /check 6 0 R /play 7 0 R >> /Encoding << /Type /Encoding /Differences [1 /check /play] >> "
        b"/FirstChar 1 /LastChar 2 /Widths [800 800] /ToUnicode 8 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n800 0 0 0 800 800 d1 %s\nendstream" % (len(check) + 23, check),
        b"<< /Length %d >>\nstream\n800 0 0 0 800 800 d1 %s\nendstream" % (len(play) + 23, play),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_TOUNICODE), _TOUNICODE),
    ]
    for i, ops in enumerate(streams):
        data = zlib.compress(b"\n".join(ops), 6)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R "
                       b"/F2 4 0 R /F3 5 0 R >> >> /Contents %d 0 R >>" % (PAGE_W, PAGE_H, first + 1 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return n


def ensure_pdf_corpus(corpus: Path, truth: dict) -> tuple[Path, dict[str, int]]:
    """The corpus's documents printed as PDFs in ``<corpus>-pdf`` (made once per corpus and
    ``PDF_VERSION``); returns the folder and the page count of each PDF."""
    folder = corpus.with_name(corpus.name + "-pdf")
    stamp = folder / "pages.json"
    key = {"pdf_version": PDF_VERSION, "version": truth.get("version"), "seed": truth.get("seed"),
           "config": truth.get("config")}
    if stamp.exists():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return folder, saved["pages"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pages = {}
    for doc in truth["documents"]:
        name = Path(doc["source"]).with_suffix(".pdf").name
        pages[name] = write_pdf((corpus / doc["source"]).read_text(encoding="utf-8"), folder / name)
    stamp.write_text(json.dumps({"key": key, "pages": pages}), encoding="utf-8")
    return folder, pages


def _pdftotext_seconds(path: Path) -> float:
    t = time.perf_counter()
    subprocess.run(["pdftotext", str(path), "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def bench(size: str, seed: int = 7, corpus_dir: Path | None = None) -> dict:
    """Print the corpus of ``size`` as PDFs (once) and measure reading and loading them."""
    from benchmarks.check import match_items
    from benchmarks.run import ensure_corpus
    from graphmodel.gcpause import gc_paused
    from graphmodel.pipeline import parse_files
    from loaders.formats import read_document

    corpus = corpus_dir or Path(tempfile.gettempdir()) / "civicgraph-bench" / f"{size}-{seed}"
    truth = ensure_corpus(size, seed, corpus)
    t = time.perf_counter()
    folder, pages = ensure_pdf_corpus(corpus, truth)
    out: dict = {"size": size, "documents": len(pages), "pages": sum(pages.values()),
                 "bytes": sum((folder / n).stat().st_size for n in pages), "print_seconds": round(time.perf_counter() - t, 2)}
    files = [folder / n for n in sorted(pages)]
    have_pdftotext = shutil.which("pdftotext") is not None
    ours = theirs = 0.0
    for path in files:  # side by side, file by file, so both see the same machine
        t = time.perf_counter()
        read_document(path)
        ours += time.perf_counter() - t
        if have_pdftotext:
            theirs += _pdftotext_seconds(path)
    out["read_seconds"] = round(ours, 3)
    out["pages_per_second"] = round(out["pages"] / ours, 1) if ours else None
    if have_pdftotext:
        out["pdftotext_seconds"] = round(theirs, 3)
        out["ratio_to_pdftotext"] = round(ours / theirs, 2) if theirs else None
    else:
        out["pdftotext"] = "not installed: no ratio"
    with gc_paused():
        before = os.times()
        t = time.perf_counter()
        results, errors = parse_files(files)
        wall = time.perf_counter() - t
        after = os.times()
    cpu = (after.user - before.user) + (after.system - before.system) + (after.children_user - before.children_user) \
        + (after.children_system - before.children_system)
    out["load_parse_seconds"] = round(wall, 3)
    out["load_pages_per_second"] = round(out["pages"] / wall, 1) if wall else None
    out["cores_busy"] = round(cpu / wall, 2) if wall else None
    out["errors"] = [e.model_dump() for e in errors][:10]
    renamed = {**truth, "documents": [{**d, "source": Path(d["source"]).with_suffix(".pdf").name}
                                      for d in truth["documents"]]}
    items, _, examples = match_items(renamed, results)
    out["items"] = items
    out["item_examples"] = examples[:10]
    return out


def side_by_side(files: list[Path], repeat: int = 5) -> list[dict]:
    """Per file: best of ``repeat`` seconds reading it with ``loaders.formats`` and with
    ``pdftotext`` (alternately, so both see the same machine), pages, and the ratio."""
    from loaders.formats import read_document

    rows = []
    for path in files:
        ours, theirs = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            document = read_document(path)
            ours.append(time.perf_counter() - t)
            if shutil.which("pdftotext"):
                theirs.append(_pdftotext_seconds(path))
        row = {"file": path.name, "pages": document.page_count, "ours_s": round(min(ours), 4),
               "pages_per_second": round((document.page_count or 0) / min(ours), 1)}
        if theirs:
            row["pdftotext_s"] = round(min(theirs), 4)
            row["ratio"] = round(min(ours) / min(theirs), 2)
        rows.append(row)
    return rows


def print_pdf_report(res: dict) -> None:
    """The PDF figures in a few lines (the runner prints them after its own report)."""
    print(f"PDF ({res['size']}): {res['documents']} documents, {res['pages']} pages, {res['bytes'] / 1e6:.1f} MB "
          f"(printed in {res['print_seconds']} s)")
    line = f"  read: {res['read_seconds']} s, {res['pages_per_second']} pages/s (one process)"
    if "ratio_to_pdftotext" in res:
        line += f"; pdftotext {res['pdftotext_seconds']} s: ours x{res['ratio_to_pdftotext']} (target <= 10)"
    else:
        line += f"; {res['pdftotext']}"
    print(line)
    print(f"  load (read in a pool + parse): {res['load_parse_seconds']} s, {res['load_pages_per_second']} pages/s, "
          f"cores busy {res['cores_busy']}; errors {len(res['errors'])}")
    for layout, s in res["items"].items():
        fields = " ".join(f"{k} {v:.3f}" for k, v in s.get("fields", {}).items() if v is not None)
        print(f"  {layout}: F1 {s['f1']:.4f} ({s['found']} found, {s['truth']} true); {fields}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--files", type=Path, nargs="+", help="instead: time reading these PDFs vs pdftotext, best of --repeat")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.files:
        for row in side_by_side(args.files, args.repeat):
            print(json.dumps(row))
        return
    res = bench(args.size, args.seed, args.corpus)
    print_pdf_report(res)
    if args.out:
        args.out.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
