"""File formats: each reader turns one file into the text the layout loaders parse.

A reader is a module with ``NAME``, ``SUFFIXES``, ``sniff(head, suffix)`` and ``read(path)``:
``read`` returns a ``Document`` (the text as lines whose table cells are separated by tabs, and
the page each line came from). Detection and parsing of layouts stay one code path for every
format; a new format is one module here and one line in ``FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    """A file read as text: ``text`` split on newlines gives the lines the loaders number from 1;
    ``pages[n - 1]`` is the page line ``n`` came from (``None`` for formats without pages).
    ``furniture`` holds the running headers and footers taken out of the text, as (the line
    they stood before, page, text): reported as skipped lines, so nothing is lost unsaid."""

    text: str
    format: str
    pages: tuple[int | None, ...] | None = None
    page_count: int | None = None
    furniture: tuple[tuple[int, int, str], ...] = ()

    def page_of(self, line: int) -> int | None:
        """The 1-based page line ``line`` (1-based) came from, or ``None``."""
        if self.pages is None or not 1 <= line <= len(self.pages):
            return None
        return self.pages[line - 1]


# Files we know and do not read, by their first bytes or their name: what they are and what will work.
_OFFICE_BINARY = ("is a Word 97-2003 (.doc) or other old Office file, which is not read",
                  "save it as .docx or PDF and load that")
_UNSUPPORTED_SUFFIXES = {
    ".doc": _OFFICE_BINARY,
    ".dot": _OFFICE_BINARY,
    ".xls": ("is an Excel workbook, which is not read", "save its sheets as PDF and load that"),
    ".xlsx": ("is an Excel workbook, which is not read", "save its sheets as PDF and load that"),
    ".xlsm": ("is an Excel workbook, which is not read", "save its sheets as PDF and load that"),
    ".csv": ("is a CSV file, which is not read", "save the table as PDF, or as tab-separated .txt"),
    ".ods": ("is a spreadsheet, which is not read", "save its sheets as PDF and load that"),
    ".odt": ("is an OpenDocument text file, which is not read", "save it as .docx or PDF and load that"),
    ".rtf": ("is an RTF file, which is not read", "save it as .docx or PDF and load that"),
    ".ppt": ("is a PowerPoint file, which is not read", "save it as PDF and load that"),
    ".pptx": ("is a PowerPoint file, which is not read", "save it as PDF and load that"),
    ".html": ("is a web page, which is not read", "print it to PDF and load that"),
    ".htm": ("is a web page, which is not read", "print it to PDF and load that"),
    ".zip": ("is a zip archive, which is not read", "unzip it and load the folder"),
}
_IMAGE = ("is an image, which has no text to read", "run OCR to make a searchable PDF (e.g. ocrmypdf) and load that")
_IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic"))
_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _OFFICE_BINARY),
    (b"\x89PNG", _IMAGE), (b"\xff\xd8\xff", _IMAGE), (b"GIF8", _IMAGE), (b"II*\x00", _IMAGE), (b"MM\x00*", _IMAGE),
    (b"{\\rtf", _UNSUPPORTED_SUFFIXES[".rtf"]),
)

# The suffixes a folder's files are read for; any other file in a folder is listed as not read.
def readable_suffixes() -> frozenset[str]:
    """The file name endings the readers take (``.txt``, ``.pdf``, ``.docx``, ...)."""
    return frozenset(s for fmt in formats() for s in fmt.SUFFIXES)


def formats() -> list:
    """The readers, in the order they are asked (first bytes are surer than names; text last)."""
    from loaders.formats import docx, pdf, text

    return [pdf, docx, text]


def unsupported(head: bytes, suffix: str) -> tuple[str, str] | None:
    """(what, fix) for a file of a kind no reader takes (an old Word file, a workbook, an image), else None."""
    for magic, why in _MAGIC:
        if head.startswith(magic):
            return why
    if suffix in _IMAGE_SUFFIXES:
        return _IMAGE
    return _UNSUPPORTED_SUFFIXES.get(suffix)


def read_document(path) -> Document:
    """Read one file with the reader its first bytes (else its name) call for.

    Raises ``LoaderError`` for a file no reader takes, or one its reader cannot read.
    """
    from pathlib import Path

    from loaders.base import LoaderError

    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except FileNotFoundError:
        raise LoaderError(path.name, f"no such file: {path}", "check the path") from None
    except IsADirectoryError:
        raise LoaderError(path.name, f"is a folder: {path}", "pass the folder to load the documents in it") from None
    except OSError as exc:
        raise LoaderError(path.name, f"cannot read {path}: {exc.strerror}", "check its permissions") from None
    suffix = path.suffix.lower()
    for fmt in formats():
        if fmt.NAME != "text" and fmt.sniff(head, suffix):
            return fmt.read(path)
    why = unsupported(head, suffix)
    if why is not None:
        raise LoaderError(path.name, *why)
    from loaders.formats import text

    return text.read(path)
