"""graph load with PDF and Word files, folders of them, and bad files among good ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphmodel.pipeline import expand_paths
from tests.cli.test_load import digest, invoke
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = DATA / "documents"
TRACKER_PDF = DOCUMENTS / "004_c06fa87f8ecacf20.pdf"
OVERDUE_PDF = DOCUMENTS / "001_438444c0e1c0bfc6.pdf"
QUARTERLY_DOCX = DOCUMENTS / "002_ec2567edfe30a260.docx"


@pytest.fixture
def store(tmp_path):
    return tmp_path / "graph.db"


def test_load_a_pdf_and_export_its_pages(store, tmp_path):
    result = invoke("load", TRACKER_PDF, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["documents"]
    assert doc["source"] == TRACKER_PDF.name and doc["layout"] == "improvement-tracker" and doc["plan"] == "2019/20"
    rows = [json.loads(line) for line in invoke("export", "items", "--store", store).stdout.splitlines()]
    assert len(rows) == 44  # as many as tests/data/truth/004_c06fa87f8ecacf20.jsonl holds
    assert all(isinstance(r["page"], int) and isinstance(r["line"], int) for r in rows)
    # R2.4 (sample line 91): Will Tuckley, monitored by the Transformation Board, printed on page 3
    # (pdftotext -f 3 -l 3 shows its block there)
    r24 = next(r for r in rows if r["code"] == "R2.4")
    assert r24["officers"] == ["Will Tuckley"] and r24["boards"] == ["Transformation Board"]
    assert r24["page"] == 3


def _folder(tmp_path: Path) -> Path:
    """A council's folder: a PDF, a Word file in a subfolder, and files that are not read."""
    folder = tmp_path / "council"
    (folder / "2017").mkdir(parents=True)
    shutil.copy(TRACKER_PDF, folder / TRACKER_PDF.name)
    shutil.copy(QUARTERLY_DOCX, folder / "2017" / QUARTERLY_DOCX.name)
    (folder / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "2017" / "budget.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "README.md").write_text("# notes")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return folder


def test_folder_is_read_recursively_and_every_other_file_listed(store, tmp_path):
    folder = _folder(tmp_path)
    result = invoke("load", folder, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(d["source"] for d in report["documents"]) == [QUARTERLY_DOCX.name, TRACKER_PDF.name]
    not_read = {Path(n["path"]).relative_to(folder).as_posix(): n["what"] for n in report["not_read"]}
    assert set(not_read) == {"minutes.doc", "2017/budget.xlsx", "logo.png", "README.md", ".DS_Store"}
    assert "Word 97-2003" in not_read["minutes.doc"] and "Excel" in not_read["2017/budget.xlsx"]
    assert "image" in not_read["logo.png"] and "not a plan document" in not_read["README.md"]
    assert "hidden" in not_read[".DS_Store"]
    assert all(n["fix"] for n in report["not_read"])
    # the same report printed: one line per file not read, after the table
    text = invoke("load", folder, "--store", tmp_path / "other.db")
    assert text.exit_code == 0
    assert f"Not read: {folder / 'minutes.doc'}: is a Word 97-2003" in text.stdout


def test_no_recurse_reads_only_the_folders_own_files(store, tmp_path):
    folder = _folder(tmp_path)
    result = invoke("load", folder, "--no-recurse", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["source"] for d in report["documents"]] == [TRACKER_PDF.name]
    subfolder = next(n for n in report["not_read"] if n["source"] == "2017")
    assert "subfolder, not searched" in subfolder["what"]


def test_expand_paths_lists_files_in_order_and_refuses_two_of_one_name(tmp_path):
    folder = _folder(tmp_path)
    shutil.copy(TRACKER_PDF, folder / "2017" / TRACKER_PDF.name)  # same name, another folder
    files, errors, _ = expand_paths([folder])
    assert [f.relative_to(folder).as_posix() for f in files] == ["004_c06fa87f8ecacf20.pdf",
                                                                "2017/002_ec2567edfe30a260.docx"]
    (error,) = errors
    assert error.path == str(folder / "2017" / TRACKER_PDF.name) and "same name" in error.what
    files, errors, _ = expand_paths([TRACKER_PDF, TRACKER_PDF])  # one file given twice is read once
    assert files == [TRACKER_PDF] and errors == []


def test_bad_files_among_good_ones(store, tmp_path):
    """A scanned PDF, a password-protected one, cut-short PDF and Word files: one line each,
    exit 1; the good files of the same load are loaded (two PDFs: read in the process pool)."""
    invoke("load", SAMPLES["overdue-report"], "--store", store)
    cut_pdf = tmp_path / "cut.pdf"
    cut_pdf.write_bytes(OVERDUE_PDF.read_bytes()[:40_000])
    cut_docx = tmp_path / "cut.docx"
    cut_docx.write_bytes(QUARTERLY_DOCX.read_bytes()[:30_000])
    bad = [(DATA / "bad" / "scanned.pdf", "is a PDF with no text layer", "ocrmypdf"),
           (DATA / "bad" / "password.pdf", "is a password-protected PDF", "unprotected copy"),
           (cut_pdf, "is a PDF that is cut short", "complete copy"),
           (cut_docx, "is a Word document that cannot be read", "save it again")]
    result = invoke("load", TRACKER_PDF, *[b for b, _, _ in bad], DOCUMENTS / "000_ce323507d3fb21cd.pdf",
                    "--store", store, "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad), result.stderr
    for (path, what, fix), line in zip(bad, lines, strict=True):
        assert line.startswith(f"Error: {path}: {what}") and fix in line and "(hint: " in line, line
    report = json.loads(result.stdout)
    assert sorted(d["source"] for d in report["documents"]) == ["000_ce323507d3fb21cd.pdf", TRACKER_PDF.name]
    stats = json.loads(invoke("stats", "--store", store, "--json").stdout)
    assert sorted(d["source"] for d in stats["documents"]) == sorted(
        ["000_ce323507d3fb21cd.pdf", TRACKER_PDF.name, SAMPLES["overdue-report"].name])


@pytest.mark.parametrize("name", ["scanned.pdf", "password.pdf"])
def test_a_bad_pdf_alone_leaves_the_store_as_it_was(name, store):
    invoke("load", SAMPLES["overdue-report"], "--store", store)
    before = digest(store)
    result = invoke("load", DATA / "bad" / name, "--store", store)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert digest(store) == before


def test_reading_in_a_process_pool_gives_what_reading_here_gives(monkeypatch):
    """Two PDFs and a Word file read by two worker processes, a text file here, in the given order."""
    from graphmodel import pipeline

    started = []

    class Spy(pipeline.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(pipeline, "POOL_BYTES", 0)
    files = [TRACKER_PDF, SAMPLES["overdue-report"], QUARTERLY_DOCX, DATA / "bad" / "password.pdf", OVERDUE_PDF]
    alone, alone_errors = pipeline.parse_files(files, workers=1)
    assert started == []
    pooled, pooled_errors = pipeline.parse_files(files, workers=2)
    assert started == [2]
    assert [r.source for r in pooled] == [TRACKER_PDF.name, SAMPLES["overdue-report"].name, QUARTERLY_DOCX.name,
                                          OVERDUE_PDF.name]
    assert [r.model_dump() for r in pooled] == [r.model_dump() for r in alone]
    assert pooled_errors == alone_errors and pooled_errors[0].what == "is a password-protected PDF"
