"""The bad-input corpus: every file is made here, from the real samples or from scratch.

Every bad input goes through ``graph load`` as a user types it. A file that cannot be
loaded: one line ``Error: PATH: what (hint: what to do)``, exit 1, no traceback, the store
byte for byte as it was. A damaged file that can still be read (cut short, header rows
gone, very long lines, other line endings): it loads and nothing in it is lost. Usage
errors exit 2. Store paths that cannot be written: one line, exit 1, nothing changed.

``BAD_FILES``, ``DAMAGED`` and ``EITHER`` below are the corpus; the counts in the closing
note of issue 7 are their sizes (see ``test_corpus_size``).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from loaders.base import nonblank_lines, read_text, split_lines
from loaders.registry import parse_text
from tests.conftest import SAMPLES
from tests.robustness.conftest import ROOT, digest, run_graph

runner = CliRunner()
LAYOUTS = list(SAMPLES)


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def sample_bytes(layout: str) -> bytes:
    return SAMPLES[layout].read_bytes()


def sample_lines(layout: str) -> list[str]:
    return split_lines(read_text(SAMPLES[layout]))


def sample_result(layout: str):
    return parse_text(read_text(SAMPLES[layout]), SAMPLES[layout].name)


# ---------------------------------------------------------------- files that cannot be loaded

def _cut_inside_a_character() -> bytes:
    data = sample_bytes("monitoring-appendix")
    at = data.index("–".encode(), len(data) // 2)  # a 3-byte character past the middle
    return data[: at + 1]


def _zip_of_sample() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", sample_bytes("overdue-report"))
    return buf.getvalue()


BAD_FILES: dict[str, tuple[str, callable, str]] = {
    # name: (file name, bytes, what the error says)
    "empty": ("empty.txt", lambda: b"", "is empty"),
    "whitespace only": ("blank.txt", lambda: b" \n\t\n\r\n   \n", "is empty"),
    "binary": ("binary.txt", lambda: bytes(range(256)) * 64, "is a binary file"),
    "gzip of a sample": ("report.txt.gz", lambda: gzip.compress(sample_bytes("overdue-report")), "is a binary file"),
    "zip (a .docx)": ("report.docx", _zip_of_sample, "is a Word document that cannot be read"),
    "PDF": ("report.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "is a PDF"),
    "PDF named .txt": ("report.txt", lambda: b"%PDF-1.4\n" + sample_bytes("overdue-report"), "is a PDF"),
    "UTF-16 with BOM": ("utf16.txt", lambda: read_text(SAMPLES["overdue-report"]).encode("utf-16"), "is UTF-16 text"),
    "UTF-16BE with BOM": ("utf16be.txt", lambda: b"\xfe\xff" + read_text(SAMPLES["overdue-report"]).encode("utf-16-be"),
                          "is UTF-16 text"),
    "UTF-16LE without BOM": ("utf16le.txt", lambda: read_text(SAMPLES["overdue-report"]).encode("utf-16-le"),
                             "is UTF-16 text"),
    "UTF-32": ("utf32.txt", lambda: read_text(SAMPLES["overdue-report"]).encode("utf-32"), "is UTF-32 text"),
    "Windows-1252 sample": ("cp1252.txt", lambda: read_text(SAMPLES["monitoring-appendix"]).encode("cp1252"),
                            "is not UTF-8"),
    "Latin-1 text": ("latin1.txt", lambda: "Priorit\xe9 1.1: \xa3 housing\tJ\xfcrgen\n".encode("latin-1"), "is not UTF-8"),
    "cut inside a character": ("cut.txt", _cut_inside_a_character, "ends in the middle of a character"),
    "shopping list": ("shopping.txt", lambda: b"eggs\nmilk\nbread\n", "is in no known layout"),
    "unrelated CSV": ("budget.txt", lambda: b"year,dept,amount\n2012,Housing,1000\n2013,Roads,2000\n" * 50,
                      "is in no known layout"),
    "HTML page": ("page.txt", lambda: b"<html><head><title>Council</title></head><body><p>Minutes of the "
                  b"meeting</p><table><tr><td>Item</td></tr></table></body></html>\n", "is in no known layout"),
    "10,000-character junk lines": ("long.txt", lambda: ("\t".join(["x" * 3000, "y" * 3000, "31/03/2013", "z" * 3990])
                                                          + "\n").encode() * 40, "is in no known layout"),
    "one 1 MB line, no newline": ("oneline.txt", lambda: b"word " * 200_000, "is in no known layout"),
}


@pytest.fixture(scope="session")
def pristine_store(tmp_path_factory) -> Path:
    """A store holding one document, made once; each test works on a copy."""
    path = tmp_path_factory.mktemp("pristine") / "graph.db"
    result = invoke("load", SAMPLES["improvement-tracker"], "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def store(pristine_store, tmp_path) -> Path:
    path = tmp_path / "store" / "graph.db"
    path.parent.mkdir()
    shutil.copy(pristine_store, path)
    return path


def assert_one_line_error(result, path: Path, what: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {path}: "), lines[0]
    assert what in lines[0], lines[0]
    assert "(hint: " in lines[0], f"no hint of what to do: {lines[0]}"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_one_line_error_and_store_unchanged(name, store, tmp_path):
    filename, make, what = BAD_FILES[name]
    bad = tmp_path / filename
    bad.write_bytes(make())
    before = digest(store)
    result = invoke("load", bad, "--store", store)
    assert_one_line_error(result, bad, what)
    assert digest(store) == before


def test_missing_path_and_folder_without_documents(store, tmp_path):
    before = digest(store)
    missing = tmp_path / "no such.txt"
    assert_one_line_error(invoke("load", missing, "--store", store), missing, "no such file or folder")
    empty_folder = tmp_path / "empty folder"
    empty_folder.mkdir()
    (empty_folder / "notes.md").write_text("# not a document")
    assert_one_line_error(invoke("load", empty_folder, "--store", store), empty_folder, "holds no documents")
    assert digest(store) == before


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this system")
def test_dev_null_is_empty(store):
    before = digest(store)
    assert_one_line_error(invoke("load", "/dev/null", "--store", store), Path("/dev/null"), "is empty")
    assert digest(store) == before


# ---------------------------------------------------------------- damaged files that still load

def _cut_mid_row(layout: str) -> str:
    """The sample cut in the middle of a table row past the middle of the document."""
    text = read_text(SAMPLES[layout])
    lines = split_lines(text)
    n = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].count("\t") >= 2 and len(lines[i]) > 40)
    row = lines[n]
    cut = row.index("\t", row.index("\t") + 1) - 3  # inside the second cell
    return "\n".join(lines[:n] + [row[:cut]])


def _no_top_header(layout: str) -> str:
    """The sample without everything above its first item (title page, introduction)."""
    lines = sample_lines(layout)
    first = min(item.line for item in sample_result(layout).items)
    return "\n".join(lines[first - 1:])


def _one_long_line(layout: str) -> str:
    """The sample with one item's row made 10,000 characters longer."""
    lines = sample_lines(layout)
    items = sample_result(layout).items
    n = items[len(items) // 2].line - 1
    lines[n] = lines[n] + " " + ("further progress was reported " * 400)[:10_000]
    return "\n".join(lines)


def _crlf(layout: str) -> str:
    return read_text(SAMPLES[layout]).replace("\n", "\r\n")


def _cr_only(layout: str) -> str:
    return read_text(SAMPLES[layout]).replace("\n", "\r")


DAMAGED = {
    "truncated mid-row": _cut_mid_row,
    "top header removed": _no_top_header,
    "one 10,000-character line": _one_long_line,
    "CRLF line endings": _crlf,
    "CR-only (old Mac) line endings": _cr_only,
}


def assert_nothing_lost(text: str, source: str) -> None:
    result = parse_text(text.replace("\r\n", "\n").replace("\r", "\n"), source)
    in_items = {n for item in result.items for n in item.lines}
    skipped = {s.line for s in result.skipped}
    missing = sorted(set(nonblank_lines(text.replace("\r\n", "\n").replace("\r", "\n"))) - in_items - skipped)
    assert missing == [], f"lines in no item and not skipped: {missing[:20]}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_document_still_loads_and_nothing_is_lost(damage, layout, store, tmp_path):
    text = DAMAGED[damage](layout)
    path = tmp_path / f"damaged-{layout}.txt"
    path.write_bytes(text.encode("utf-8"))
    # the store holds the tracker sample: a damaged tracker is a second report of its plan year,
    # which needs a date (two undated reports of one plan stop a load: issue 12)
    dated = ("--as-of", "2020-03-31") if layout == "improvement-tracker" else ()
    result = invoke("load", path, "--store", store, "--json", *dated)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    (doc,) = report["documents"]
    assert doc["layout"] == layout and doc["source"] == path.name
    assert sum(doc["counts"].values()) > 0
    assert_nothing_lost(text, path.name)
    if damage in ("CRLF line endings", "CR-only (old Mac) line endings"):
        original = sample_result(layout)
        assert doc["counts"] == original.count_by_kind()
        assert len(doc["skipped"]) == len(original.skipped)
    stored = json.loads(invoke("stats", "--store", store, "--json").stdout)
    if doc["duplicate_of"]:  # only the line endings differ from the tracker sample the store holds: loaded once
        assert layout == "improvement-tracker" and damage.endswith("line endings")
        assert doc["duplicate_of"] == SAMPLES["improvement-tracker"].name
    else:
        assert path.name in [d["source"] for d in stored["documents"]]
    assert SAMPLES["improvement-tracker"].name in [d["source"] for d in stored["documents"]]  # kept


# ---------------------------------------------------------------- damaged: a clear error, or a good load

def _no_header_rows(layout: str) -> str:
    """The sample without the rows its loader calls column headings."""
    headers = {s.line for s in sample_result(layout).skipped if s.reason == "header row"}
    return "\n".join(line for i, line in enumerate(sample_lines(layout), start=1) if i not in headers)


def _every_row_10k(layout: str) -> str:
    """Every table row of the sample given an extra 10,000-character cell."""
    return "\n".join(line + "\t" + "x" * 10_000 if "\t" in line else line for line in sample_lines(layout))


EITHER = {
    "header rows removed": _no_header_rows,
    "every row 10,000 characters longer": _every_row_10k,
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("damage", list(EITHER))
def test_badly_damaged_document_loads_or_fails_cleanly(damage, layout, store, tmp_path):
    text = EITHER[damage](layout)
    path = tmp_path / f"damaged-{layout}.txt"
    path.write_bytes(text.encode("utf-8"))
    before = digest(store)
    dated = ("--as-of", "2020-03-31") if layout == "improvement-tracker" else ()  # a second report of 2019/20
    result = invoke("load", path, "--store", store, "--json", *dated)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert_one_line_error(result, path, "")
        assert digest(store) == before
    else:
        assert_nothing_lost(text, path.name)


# ---------------------------------------------------------------- a folder of good and bad files

def test_folder_of_mixed_good_and_bad_files(store, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    good = []
    for path in SAMPLES.values():
        shutil.copy(path, folder / path.name)
        good.append(path.name)
    (folder / "truncated.txt").write_text(_cut_mid_row("overdue-report"))
    good.append("truncated.txt")
    bad = []
    for i, (_name, (filename, make, what)) in enumerate(BAD_FILES.items()):
        path = folder / f"bad-{i:02d}-{filename}"  # a folder's .txt, .pdf and .docx files are read
        if path.suffix not in (".txt", ".pdf", ".docx"):
            path = path.with_name(path.name + ".txt")
        path.write_bytes(make())
        bad.append((path, what))
    (folder / "README.md").write_text("not a document, not read")
    (folder / "sub.txt").mkdir()  # a folder named like a document is not read either

    result = invoke("load", folder, "--store", store, "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert sorted(d["source"] for d in report["documents"]) == sorted(good)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad), result.stderr
    for (path, what), line in zip(bad, lines, strict=True):
        assert line.startswith(f"Error: {path}: ") and what in line and "(hint: " in line, line
    stats = json.loads(invoke("stats", "--store", store, "--json").stdout)
    assert sorted(d["source"] for d in stats["documents"]) == sorted(good)  # the stored one was among them


# ---------------------------------------------------------------- usage errors: exit 2

USAGE_ERRORS = {
    "no path": ["load"],
    "unknown option": ["load", "x.txt", "--colour"],
    "unknown command": ["lode", "x.txt"],
    "bad export format": ["export", "items", "--format", "xml"],
    "unknown export": ["export", "everything"],
    "unknown layout": ["load", "x.txt", "--layout", "minutes"],
    "--wait not a number": ["load", "x.txt", "--wait", "soon"],
}


@pytest.mark.parametrize("name", list(USAGE_ERRORS))
def test_usage_error_exits_2_with_one_error_line(name, tmp_path):
    result = invoke(*USAGE_ERRORS[name], "--store", tmp_path / "g.db")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    assert "--help" in result.stderr  # what to do
    assert not (tmp_path / "g.db").exists()


def test_usage_error_through_the_console_script():
    result = run_graph("load")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "Missing argument" in errors[0], result.stderr
    assert re.search(r"Try '.*load --help' for help\.", result.stderr), result.stderr


# ---------------------------------------------------------------- store paths that cannot be written

def _can_write_in(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody can create files in: chmod where that works; as root (CI), chattr +i."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    yield_folder = folder

    def undo():
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        folder.chmod(0o755)

    folder.chmod(0o555)
    if _can_write_in(folder):  # root ignores permissions
        folder.chmod(0o755)
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                             capture_output=True).returncode != 0:
            undo()
            pytest.skip("running as root without chattr +i: no way to make a folder read-only here "
                        "(the store-under-a-file and /proc tests cover unwritable store paths)")
        if _can_write_in(folder):
            undo()
            pytest.skip("chattr +i did not stop writes on this file system")
    try:
        yield yield_folder
    finally:
        undo()


def _make_read_only(folder: Path, setup) -> None:
    """Run ``setup`` with the folder writable, then make it read-only again."""
    subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)
    setup()
    folder.chmod(0o555)
    if _can_write_in(folder):
        subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=True)


def test_new_store_in_read_only_folder(read_only_folder):
    store = read_only_folder / "graph.db"
    result = invoke("load", SAMPLES["overdue-report"], "--store", store)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"Error: cannot write the store at {store}: ")
    assert "choose another --store" in result.stderr
    assert not store.exists()


def test_existing_store_in_read_only_folder_is_unchanged(read_only_folder, pristine_store):
    store = read_only_folder / "graph.db"

    def setup():
        shutil.copy(pristine_store, store)
        (read_only_folder / "graph.db.lock").write_text("")  # as a previous load leaves it

    _make_read_only(read_only_folder, setup)
    before = digest(store)
    result = invoke("load", SAMPLES["overdue-report"], "--store", store)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot write the store at {store}: ")
    assert "choose another --store" in result.stderr
    assert digest(store) == before
    # it can still be read
    assert json.loads(invoke("stats", "--store", store, "--json").stdout)["nodes"]["Activity"] > 0


def test_store_path_under_a_file(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    store = a_file / "graph.db"
    result = invoke("load", SAMPLES["overdue-report"], "--store", store)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: cannot write the store at {store}: {a_file} is a file, not a folder "
                                     "(choose another --store)")
    assert a_file.read_text() == "not a folder"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_store_where_no_file_can_be_created_is_not_called_busy():
    result = invoke("load", SAMPLES["overdue-report"], "--store", "/proc/graph.db")
    assert result.exit_code == 1
    assert "busy" not in result.stderr
    assert result.stderr.strip() == ("Error: cannot write the store at /proc/graph.db: cannot create files in /proc "
                                     "(choose another --store)")


def test_store_path_is_a_folder(tmp_path):
    result = invoke("load", SAMPLES["overdue-report"], "--store", tmp_path)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"Error: cannot write the store at {tmp_path}: ")


@pytest.mark.parametrize("command", [["load", SAMPLES["overdue-report"]], ["stats"], ["export", "items"]])
def test_store_that_is_not_a_store_is_left_alone(command, tmp_path):
    store = tmp_path / "graph.db"
    store.write_bytes(os.urandom(64 * 1024))
    before = digest(store)
    result = invoke(*command, "--store", store)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"Error: {store} is not a civicgraph store (")
    assert "--store" in result.stderr
    assert digest(store) == before


# ---------------------------------------------------------------- --debug shows the traceback

def test_debug_shows_a_traceback_and_the_default_does_not(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    args = ["load", SAMPLES["overdue-report"], "--store", a_file / "graph.db"]
    plain = run_graph(*args)
    debug = run_graph("--debug", *args)
    assert plain.returncode == debug.returncode == 1
    assert "Traceback" not in plain.stderr and len(plain.stderr.strip().splitlines()) == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == plain.stderr.strip()


_CRASHING_LOAD = """
import sys
import graphmodel.pipeline as pipeline
def broken(*args, **kwargs):
    raise ValueError("something nobody expected")
pipeline.build_corpus = broken
from cli.app import main
sys.argv = ["graph"] + sys.argv[1:]
main()
"""


def test_unexpected_failure_is_one_line_and_leaves_the_store(store):
    """A bug inside the load (simulated) prints one line, changes nothing; --debug shows where."""
    before = digest(store)
    argv = [sys.executable, "-c", _CRASHING_LOAD]
    args = ["load", str(SAMPLES["overdue-report"]), "--store", str(store)]
    plain = subprocess.run(argv + args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 1
    assert plain.stderr.strip() == ("Error: ValueError: something nobody expected "
                                    "(hint: rerun with --debug to see where)")
    debug = subprocess.run(argv + ["--debug"] + args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "build_corpus" not in plain.stderr
    assert digest(store) == before


def test_corpus_size():
    """The numbers reported for issue 7: distinct bad or damaged inputs tried by this module."""
    per_layout = (len(DAMAGED) + len(EITHER)) * len(LAYOUTS)
    store_paths = 6  # read-only folder (new and existing store), under a file, /proc, a folder, not a store
    others = 3  # missing path, folder without documents, /dev/null
    total = len(BAD_FILES) + per_layout + others + store_paths + len(USAGE_ERRORS)
    assert (len(BAD_FILES), per_layout, len(USAGE_ERRORS)) == (19, 35, 7)
    assert total == 70
