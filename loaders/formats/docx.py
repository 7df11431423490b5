"""Word documents (.docx): paragraphs as lines, each table row as one line of tab-separated cells.

Word has no fixed pages (they depend on the printer), so lines carry no page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from loaders.base import LoaderError
from loaders.formats import Document

NAME = "docx"
SUFFIXES = (".docx", ".docm", ".dotx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sniff(head: bytes, suffix: str) -> bool:
    """A zip archive named .docx (the zip's contents are checked when it is read)."""
    return head.startswith(b"PK") and suffix in SUFFIXES


def read(path: Path) -> Document:
    """The document's body in order: each paragraph one line, each table row one line of cells
    separated by tabs (a cell's own paragraphs joined with spaces; a merged cell once), and a
    blank line after each table. Raises ``LoaderError`` for a damaged or cut-short file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    source = path.name
    try:
        document = docx.Document(str(path))
        lines = list(_body_lines(document.element.body))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError):
        raise LoaderError(source, "is a Word document that cannot be read (damaged or cut short)",
                          "open it in Word and save it again, or save it as PDF") from None
    except Exception as exc:  # lxml's XMLSyntaxError and kin: a part of the file is not valid XML
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise LoaderError(source, "is a Word document that cannot be read (damaged: a part is not valid XML)",
                              "open it in Word and save it again, or save it as PDF") from None
        raise
    text = "\n".join(lines)
    if not text.strip():
        raise LoaderError(source, "is a Word document with no text in it", "check it is the right file")
    return Document(text=text, format=NAME)


def _body_lines(body):
    """Yield the lines of a document body (or a table cell's contents), in order."""
    if body is None:
        return
    for child in body.iterchildren():
        if child.tag == _W + "p":
            yield _paragraph_text(child)
        elif child.tag == _W + "tbl":
            for row in _rows(child):
                yield "\t".join(_cell_text(tc) for tc in _cells(row))
            yield ""
        elif child.tag in _WRAPPERS:  # a content control or custom XML around paragraphs and tables
            yield from _body_lines(child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child)


_WRAPPERS = frozenset((_W + "sdt", _W + "customXml"))


def _children(element, tag: str):
    """``element``'s children tagged ``tag`` (a table's rows, a row's cells), those inside content
    controls and custom XML too."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            inner = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if inner is not None:
                yield from _children(inner, tag)


def _rows(tbl):
    """A table's rows, those inside content controls too."""
    return _children(tbl, _W + "tr")


def _cells(tr):
    """A row's cells, those inside content controls too."""
    return _children(tr, _W + "tc")


def _cell_text(tc) -> str:
    """A cell's paragraphs (and nested tables' rows) joined with spaces: a cell is one cell of its row."""
    parts = [line.replace("\t", " ").strip() for line in _body_lines(tc)]
    return " ".join(p for p in parts if p)


def _paragraph_text(p) -> str:
    """A paragraph's text: its runs' text, tabs and breaks as spaces."""
    out = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        out.append(node.text or "" if node.tag == _W + "t" else " ")
    return "".join(out)
