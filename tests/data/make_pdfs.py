"""Make the PDF and Word fixtures: each sample document as a council would publish it.

Each sample's tab-separated rows become the rows of a ruled table (a new table wherever the
number of cells changes or a blank line or paragraph comes between), with fixed page widths
so long cells wrap inside their column; lines without tabs become headings (short lines) or
paragraphs. HTML the extracted text carried (``<p>``, ``<i>``, tracker ``<input value=...>``)
is rendered, as the council's own PDF shows it; anything else is printed as text. The HTML is
printed with headless Chromium (A4 landscape, no browser header or footer); the .docx files
are written with python-docx. Nothing in the fixtures comes from the source lines: the reader
must rebuild rows from where the text sits on the page.

    python tests/data/make_pdfs.py            # writes tests/data/{documents,unruled,headers}/
    python tests/data/make_pdfs.py --html DIR # also keep the HTML

``unruled/`` holds two samples printed with no ruling lines, ``headers/`` one with the browser's
running header and footer on every page. It also writes two bad files into tests/data/bad/: ``scanned.pdf`` (the first page of the
2007/08 report as a picture, no text layer: what a scanner makes) with Pillow, and
``password.pdf`` (the 2019/20 tracker with a user password) with pypdf, which only this
script needs (``pip install --target DIR pypdf`` and put DIR on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
OUT = Path(__file__).resolve().parent / "documents"
BAD = Path(__file__).resolve().parent / "bad"
UNRULED = Path(__file__).resolve().parent / "unruled"
UNRULED_SAMPLES = ("000_ce323507d3fb21cd", "003_c6e6c3ba485f8380")  # also printed with no ruling lines
HEADERS = Path(__file__).resolve().parent / "headers"
HEADER_SAMPLES = ("001_438444c0e1c0bfc6",)  # also printed with the browser's running header and footer
SAMPLES = sorted(EXAMPLES.glob("0*.txt"))
DOCX_SAMPLES = ("000_ce323507d3fb21cd", "001_438444c0e1c0bfc6", "002_ec2567edfe30a260")

CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; }
td { border: 0.6pt solid #333; vertical-align: top; padding: 1.5pt 3pt; overflow-wrap: break-word; }
h3 { font-size: 9pt; margin: 6pt 0 3pt 0; }
p { margin: 3pt 0; }
td p { margin: 0 0 2pt 0; }
"""

# tags the exported text carried that a browser shows as formatting; any other "<...>" is text
_KNOWN_TAG = re.compile(r"</?(?:p|i|b|u|em|strong|span|div|br)\b[^<>]*>", re.I)
_INPUT = re.compile(r"""<input\b[^<>]*?value=["']([^"']*)["'][^<>]*>""", re.I)


def cell_html(text: str) -> str:
    """A cell's text as HTML: the known formatting tags kept, input boxes as their value, the rest escaped."""
    out, pos = [], 0
    text = _INPUT.sub(lambda m: "\0" + m.group(1) + "\0", text)
    for m in _KNOWN_TAG.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\0", "")


def column_widths(rows: list[list[str]]) -> list[float]:
    """Percent widths per column, from the longest text each column holds (capped, so a long
    comment cannot squeeze the others to nothing), as a report's author would size them."""
    n = len(rows[0])
    longest = [max(len(r[i].strip()) for r in rows) for i in range(n)]
    weights = [min(max(w, 12), 60) for w in longest]
    total = sum(weights)
    return [100.0 * w / total for w in weights]


def blocks(lines: list[str]):
    """Yield ("table", rows) for runs of tab-separated lines with the same number of cells,
    ("heading"|"para", text) for other non-blank lines."""
    run: list[list[str]] = []
    for line in lines + [""]:
        cells = line.split("\t") if "\t" in line else None
        if run and (cells is None or len(cells) != len(run[0])):
            yield "table", run
            run = []
        if cells is not None:
            run.append(cells)
        elif line.strip():
            text = line.strip()
            yield ("heading" if len(text) < 90 and not text.endswith((".", ";", ":")) else "para"), text


def to_html(lines: list[str], title: str, ruled: bool = True) -> str:
    css = CSS if ruled else CSS.replace("border: 0.6pt solid #333;", "border: none;")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             f"<style>{css}</style></head><body>"]
    for kind, value in blocks(lines):
        if kind == "table":
            widths = column_widths(value)
            parts.append("<table><colgroup>" + "".join(f"<col style='width:{w:.1f}%'>" for w in widths)
                         + "</colgroup>")
            for row in value:
                parts.append("<tr>" + "".join(f"<td>{cell_html(c.strip())}</td>" for c in row) + "</tr>")
            parts.append("</table>")
        elif kind == "heading":
            parts.append(f"<h3>{cell_html(value)}</h3>")
        else:
            parts.append(f"<p>{cell_html(value)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def print_pdf(html_path: Path, pdf_path: Path, running: bool = False) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (``running``: with its header,
    the date and title, and footer, the page's address and "page/pages", on every page)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("Error: no chromium on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        flags = [] if running else ["--no-pdf-header-footer"]
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", *flags, "--disable-pdf-tagging",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                       check=True, capture_output=True, timeout=120)


_PLAIN = re.compile(r"<[^<>]*>")


def to_docx(lines: list[str], path: Path) -> None:
    """Write the sample as a Word document: headings, paragraphs and tables (one per block)."""
    import docx

    document = docx.Document()
    for kind, value in blocks(lines):
        if kind == "table":
            table = document.add_table(rows=0, cols=len(value[0]))
            table.style = "Table Grid"
            for row in value:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    text = html.unescape(_PLAIN.sub(" ", _INPUT.sub(r"\1", text))).strip()
                    cell.text = re.sub(r"\s+", " ", text)
        elif kind == "heading":
            document.add_heading(value, level=3)
        else:
            document.add_paragraph(value)
    document.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, help="also write the HTML into this folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            lines = sample.read_text(encoding="utf-8").split("\n")
            page = to_html(lines, sample.stem)
            html_path = (args.html or Path(tmp)) / f"{sample.stem}.html"
            html_path.parent.mkdir(parents=True, exist_ok=True)
            html_path.write_text(page, encoding="utf-8")
            print_pdf(html_path, args.out / f"{sample.stem}.pdf")
            if sample.stem in DOCX_SAMPLES:
                to_docx(lines, args.out / f"{sample.stem}.docx")
            if sample.stem in HEADER_SAMPLES:
                HEADERS.mkdir(exist_ok=True)
                print_pdf(html_path, HEADERS / f"{sample.stem}.pdf", running=True)
            if sample.stem in UNRULED_SAMPLES:
                html_path.write_text(to_html(lines, sample.stem, ruled=False), encoding="utf-8")
                UNRULED.mkdir(exist_ok=True)
                print_pdf(html_path, UNRULED / f"{sample.stem}.pdf")
            print(sample.stem)
    make_bad(args.out, BAD)


def make_bad(documents: Path, out: Path) -> None:
    """A scanned PDF (page images only) and a password-protected PDF, from the printed samples."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    out.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(documents / "001_438444c0e1c0bfc6.pdf"))
    image = pdf[0].render(scale=1.0, grayscale=True).to_pil()
    image.save(out / "scanned.pdf", "PDF", resolution=72.0)
    pdf.close()
    writer = PdfWriter(clone_from=PdfReader(str(documents / "004_c06fa87f8ecacf20.pdf")))
    writer.encrypt(user_password="council", owner_password="council-owner", algorithm="RC4-128")  # RC4: pypdf needs no crypto library for it
    with (out / "password.pdf").open("wb") as f:
        writer.write(f)


if __name__ == "__main__":
    main()
