"""PDF and Word files read into the same items as the text samples.

The fixtures in tests/data/documents are the five samples printed as a council would publish
them (ruled tables, wrapped cells, rows cut by page breaks; ``tests/data/make_pdfs.py``), with
no source lines to lean on: the reader rebuilds rows from where the text sits on the page. The
reference is the text sample's parsed records, matched by title.
"""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pytest

from loaders.base import LoaderError
from loaders.formats import Document, read_document
from loaders.registry import load_path
from tests.conftest import SAMPLES
from tests.truth import as_truth, load_truth, score

DOCUMENTS = Path(__file__).resolve().parents[1] / "data" / "documents"
FIELDS = ("kind", "code", "parent", "owners", "directorates", "members", "boards", "deadlines", "status", "percent")


def _title(record) -> str:
    return " ".join(record.title.lower().split())


def _field(record, name: str):
    value = getattr(record, name)
    return [o.name for o in value] if name == "owners" else value


def scores(reference, got) -> tuple[float, float]:
    """(item F1, field accuracy): items matched by title (each title as often as printed), the
    fields of every matched pair compared."""
    ref_titles, got_titles = Counter(map(_title, reference)), Counter(map(_title, got))
    matched = sum((ref_titles & got_titles).values())
    precision, recall = matched / len(got), matched / len(reference)
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    by_title: dict[str, list] = {}
    for r in got:
        by_title.setdefault(_title(r), []).append(r)
    right = total = 0
    for r in reference:
        candidates = by_title.get(_title(r))
        if candidates:
            g = candidates.pop(0)
            right += sum(_field(r, f) == _field(g, f) for f in FIELDS)
            total += len(FIELDS)
    return f1, right / total if total else 0.0


CASES = [(layout, ext) for layout in SAMPLES for ext in (".pdf", ".docx")
         if (DOCUMENTS / (SAMPLES[layout].stem + ext)).exists()]


@pytest.mark.parametrize(("layout", "ext"), CASES, ids=[f"{lay}{ext}" for lay, ext in CASES])
def test_printed_sample_loads_to_the_hand_checked_records(layout, ext, sample_results):
    """Against ``tests/data/truth`` (matched by title), and against the text sample's own parse."""
    reference = sample_results[layout]
    result = load_path(DOCUMENTS / (SAMPLES[layout].stem + ext))
    assert result.layout == layout
    assert result.plan == reference.plan
    truth = score([as_truth(item) for item in result.items], load_truth(SAMPLES[layout].stem))
    f1, accuracy = scores(reference.items, result.items)
    print(f"{layout}{ext}: {len(result.items)} items; against the hand-checked records: F1 {truth.f1:.4f}, "
          f"field accuracy {truth.field_accuracy:.4f}; against the text sample's parse: F1 {f1:.4f}, "
          f"fields {accuracy:.4f}")
    assert truth.f1 >= 0.98 and truth.field_accuracy >= 0.97, (truth.missing[:3], truth.extra[:3], truth.wrong[:3])
    assert f1 >= 0.98 and accuracy >= 0.97, (f1, accuracy)


UNRULED = DOCUMENTS.parent / "unruled"


@pytest.mark.parametrize("layout", ["monitoring-appendix", "action-plan"])
def test_unruled_tables_are_rebuilt_from_where_the_text_sits(layout):
    """The same samples printed with no ruling lines: columns from where fragments start, rows
    from where cells wrap (against the hand-checked records: 2012/13 F1 0.995, fields 1.000; 2014/15 F1 0.991,
    fields 0.998)."""
    result = load_path(UNRULED / (SAMPLES[layout].stem + ".pdf"))
    assert result.layout == layout
    truth = score([as_truth(item) for item in result.items], load_truth(SAMPLES[layout].stem))
    print(f"{layout} unruled: {len(result.items)} items; against the hand-checked records: F1 {truth.f1:.4f}, "
          f"field accuracy {truth.field_accuracy:.4f}")
    assert truth.f1 >= 0.98 and truth.field_accuracy >= 0.97, (truth.missing[:3], truth.extra[:3])


def test_running_headers_and_footers_are_page_furniture(sample_results):
    """The 2007/08 report printed with the browser's header (date, title) and footer (address,
    "2/16") on every page: they are taken out of the text, so rows cut by a page break are joined
    again, and reported as skipped page furniture with their page."""
    path = DOCUMENTS.parent / "headers" / "001_438444c0e1c0bfc6.pdf"
    result = load_path(path)
    truth = score([as_truth(item) for item in result.items], load_truth("001_438444c0e1c0bfc6"))
    assert truth.f1 >= 0.98 and truth.field_accuracy >= 0.97, (truth.missing[:3], truth.extra[:3])
    document = read_document(path)
    assert len(document.furniture) == 2 * document.page_count  # a header and a footer on each page
    assert "001_438444c0e1c0bfc6" not in document.text and "/16" not in document.text
    footers = [s for s in result.skipped if s.reason == "page furniture" and s.text.endswith("/16")]
    assert [s.page for s in footers] == list(range(1, 17))
    assert [s.text.split("\t")[-1] for s in footers][:2] == ["1/16", "2/16"]
    assert not any("/16" in r.title or (r.comments and "/16" in r.comments) for r in result.items)


def test_all_five_pdfs_and_three_docx_are_there():
    assert len([c for c in CASES if c[1] == ".pdf"]) == 5
    assert len([c for c in CASES if c[1] == ".docx"]) == 3


def _item(result, title: str):
    return next(r for r in result.items if r.title == title)


def test_a_row_cut_by_a_page_break_is_one_row_again():
    """2012/13, sample line 240: the PDF breaks this row over pages 13 and 14 (its comment is long)."""
    result = load_path(DOCUMENTS / "000_ce323507d3fb21cd.pdf")
    item = _item(result, "Expand free early education places for disadvantaged two-year-olds")
    assert item.officers == ["Diana Warne"] and item.directorates == ["ESW"]
    assert item.deadlines == ["2012-09-30"] and item.status == "Overdue" and item.percent == 36
    assert item.comments.startswith("We currently have 500 eligible 2 year olds placed in MPVI settings")
    assert "2,400 in September 2014" in item.comments  # the part printed on the next page


def test_a_word_broken_at_its_hyphen_is_whole_again():
    """2017/18, sample line 66: "co-ordinate" wraps after its hyphen in the printed cell."""
    result = load_path(DOCUMENTS / "002_ec2567edfe30a260.pdf")
    titles = [r.title for r in result.items]
    assert ("Improve the quality and availability of skills training and ESOL provision, and better co-ordinate "
            "the provision of both") in " ".join(titles)


def test_pdf_items_carry_the_page_they_are_printed_on():
    """Each item's page holds its title (checked on the page's own text, read by pdfium)."""
    import pypdfium2 as pdfium

    path = DOCUMENTS / "000_ce323507d3fb21cd.pdf"
    result = load_path(path)
    pdf = pdfium.PdfDocument(str(path))
    try:
        page_text = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()
    assert all(r.page is not None for r in result.items)
    talent = _item(result, "Launch and populate talent pools")
    assert talent.page == 1 and talent.percent == 100 and talent.officers == ["Simon Kilbey"]
    assert max(r.page for r in result.items) == len(page_text)  # the last page holds items too
    for r in result.items:
        words = r.title.split()[:4]
        assert " ".join(words) in page_text[r.page - 1], (r.line, r.page, r.title)


def test_word_and_text_items_have_no_page():
    assert all(r.page is None for r in load_path(DOCUMENTS / "001_438444c0e1c0bfc6.docx").items)
    assert all(r.page is None for r in load_path(SAMPLES["overdue-report"]).items)


def test_pdf_text_is_rows_of_tab_separated_cells():
    """The header and the first milestone of the 2012/13 sample (its lines 5 and 8), as the text has them."""
    document = read_document(DOCUMENTS / "000_ce323507d3fb21cd.pdf")
    lines = document.text.split("\n")
    assert "Activity\tLead Officer\tDeadline\tStatus\t% Comp\tComments" in lines
    assert "Launch and populate talent pools\tSimon Kilbey (Resources)\t31/07/2012\tCompleted\t100%\t" in lines
    assert document.format == "pdf" and document.page_count == max(p for p in document.pages if p)
    assert len(document.pages) == len(lines)


def test_docx_tables_and_paragraphs():
    document = read_document(DOCUMENTS / "001_438444c0e1c0bfc6.docx")
    lines = document.text.split("\n")
    assert "Appendix 3b Strategic Plan 2007/08 End of Year Monitoring" in lines  # a paragraph (heading)
    assert "Progress Milestone\tDeadline\tComments" in lines  # a table row
    assert document.pages is None


def test_document_page_of():
    document = Document(text="a\nb\nc", format="pdf", pages=(1, 1, 2), page_count=2)
    assert [document.page_of(n) for n in (0, 1, 2, 3, 4)] == [None, 1, 1, 2, None]


# ---------------------------------------------------------------- bad files

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


def _cut(path: Path, tmp_path: Path, keep: float = 0.5) -> Path:
    data = path.read_bytes()
    out = tmp_path / f"cut-{path.name}"
    out.write_bytes(data[: int(len(data) * keep)])
    return out


@pytest.mark.parametrize(("make", "what", "fix"), [
    (lambda tmp: BAD / "scanned.pdf", "is a PDF with no text layer", "ocrmypdf"),
    (lambda tmp: BAD / "password.pdf", "is a password-protected PDF", "unprotected copy"),
    (lambda tmp: _cut(DOCUMENTS / "002_ec2567edfe30a260.pdf", tmp), "is a PDF that is cut short", "complete copy"),
    (lambda tmp: _cut(DOCUMENTS / "002_ec2567edfe30a260.pdf", tmp, 0.999), "is a PDF that is cut short",
     "complete copy"),
    (lambda tmp: _cut(DOCUMENTS / "000_ce323507d3fb21cd.docx", tmp), "is a Word document that cannot be read",
     "save it"),
], ids=["scanned", "password", "cut in half", "last bytes lost", "cut docx"])
def test_bad_files_say_what_is_wrong(make, what, fix, tmp_path):
    with pytest.raises(LoaderError) as caught:
        read_document(make(tmp_path))
    assert caught.value.what.startswith(what) and fix in caught.value.fix


def test_a_damaged_pdf_body_is_refused(tmp_path):
    data = bytearray((DOCUMENTS / "004_c06fa87f8ecacf20.pdf").read_bytes())
    data[200:-200] = bytes(len(data) - 400)  # header and end kept, everything between zeroed
    bad = tmp_path / "zeroed.pdf"
    bad.write_bytes(bytes(data))
    with pytest.raises(LoaderError) as caught:
        read_document(bad)
    assert caught.value.what.startswith("is a PDF")


@pytest.mark.parametrize(("name", "head", "what"), [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Word 97-2003"),
    ("budget.xlsx", b"PK\x03\x04" + bytes(100), "Excel workbook"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "is an image"),
    ("photo.txt", b"\xff\xd8\xff\xe0" + bytes(100), "is an image"),  # by its bytes, whatever its name
])
def test_unsupported_formats_say_what_will_work(name, head, what, tmp_path):
    path = tmp_path / name
    path.write_bytes(head)
    with pytest.raises(LoaderError) as caught:
        read_document(path)
    assert what in caught.value.what and caught.value.fix


def test_loader_error_survives_the_trip_from_a_reading_process():
    error = pickle.loads(pickle.dumps(LoaderError("a.pdf", "is a password-protected PDF", "ask for a copy")))
    assert (error.source, error.what, error.fix) == ("a.pdf", "is a password-protected PDF", "ask for a copy")


def test_problems_and_skipped_lines_of_a_pdf_carry_their_page():
    """2019/20 tracker: the update row with no action row (sample line 87, "To further support the
    communications ...") is printed on page 3 (pdftotext -f 3 -l 3 shows it there)."""
    result = load_path(DOCUMENTS / "004_c06fa87f8ecacf20.pdf")
    (problem,) = [p for p in result.problems if "update row with no action row" in p.what]
    assert problem.page == 3
    assert all(s.page is not None for s in result.skipped)
    furniture = [s for s in result.skipped if s.text.startswith("Action Status")]
    assert furniture and furniture[0].page == 1  # the legend heads the first page


def test_docx_tables_inside_content_controls_are_read(tmp_path):
    """Word templates wrap tables in content controls (w:sdt): their rows are read all the same."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document(str(DOCUMENTS / "001_438444c0e1c0bfc6.docx"))
    body = document.element.body
    for table in body.findall(qn("w:tbl")):
        control = etree.Element(qn("w:sdt"))
        content = etree.SubElement(control, qn("w:sdtContent"))
        table.addprevious(control)
        content.append(table)
    wrapped = tmp_path / "controls.docx"
    document.save(str(wrapped))
    assert read_document(wrapped).text == read_document(DOCUMENTS / "001_438444c0e1c0bfc6.docx").text
    result = load_path(wrapped)
    assert len(result.items) == 258  # as many as tests/data/truth/001_438444c0e1c0bfc6.jsonl holds
