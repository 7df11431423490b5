"""The interface every layout loader implements, and the records a parse returns.

A loader is a module-level object with ``name``, ``description``, ``detect(text)`` and
``parse(text, source, plan=None)``. ``parse`` never touches the disk; ``read_text``
never parses. A single odd row never raises: it becomes a ``Skipped`` line or a
``Problem``. ``LoaderError`` is raised only when a whole document cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from graphmodel.schema import ItemRecord, Kind, unvalidated


class SkipReason:
    """The reasons a source line is not part of any item (free text is allowed too)."""

    PAGE_FURNITURE = "page furniture"  # running headers/footers, page numbers
    HEADER_ROW = "header row"  # a table's column headings
    LEGEND = "legend"  # a key to status symbols and the like
    NARRATIVE = "narrative"  # prose outside the tables (introductions, lists of measures)
    DOCUMENT_TITLE = "document title"
    DUPLICATE = "duplicate row"  # e.g. an OCR-garbled copy of a title already captured
    SUMMARY = "summary table"  # a summary repeated in full detail elsewhere in the document
    UNPARSED = "unrecognised row"  # last resort: text the loader could not place


class Skipped(BaseModel):
    """A non-blank source line that is in no item, and why."""

    line: int
    text: str
    reason: str
    page: int | None = None  # the PDF page of the line (set after parsing: the loaders know lines only)

    @classmethod
    def trusted(cls, line: int, text: str, reason: str) -> Skipped:
        """A skipped line built without validation, from an exact ``int`` and ``str``s: a document
        skips thousands of lines and validating each costs more than the rest of its handling
        (see ``ItemRecord.trusted``)."""
        return unvalidated(cls, {"line": line, "text": text, "reason": reason, "page": None},
                           {"line", "text", "reason", "page"})


class Problem(BaseModel):
    """Something wrong or doubtful in a document that did not stop the load."""

    source: str
    line: int
    what: str
    fix: str = ""
    page: int | None = None  # the PDF page of the line (set after parsing)


class LoadResult(BaseModel):
    """What a loader made of one document."""

    source: str
    layout: str
    plan: str
    items: list[ItemRecord] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    # the report's date (YYYY-MM-DD) and kind (graphmodel.reports: read from its title lines or
    # given with ``graph load --as-of``), and a hash of its normalised text (the same content
    # under another file name is the same report); None until the load job sets them
    as_of: str | None = None
    report_kind: str | None = None
    digest: str | None = None

    def count_by_kind(self) -> dict[str, int]:
        counts = {k.value: 0 for k in Kind}
        for item in self.items:
            counts[item.kind.value] += 1
        return counts


class LoaderError(Exception):
    """A document that cannot be loaded at all (empty, binary, no known layout, ...)."""

    def __init__(self, source: str, what: str, fix: str = "") -> None:
        self.source = source
        self.what = what
        self.fix = fix
        super().__init__(f"{source}: {what}" + (f" ({fix})" if fix else ""))

    def __reduce__(self):
        # raised in a reading process and re-raised in the loading one: pickle the three parts
        return (LoaderError, (self.source, self.what, self.fix))


@runtime_checkable
class Loader(Protocol):
    name: str
    description: str

    def detect(self, text: str) -> float:
        """Return how sure (0..1) this loader is that ``text`` is in its layout."""
        ...

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        """Parse a whole document; ``plan`` overrides the plan year found in the text."""
        ...


def read_text(path: Path) -> str:
    """Read a document as text, refusing what is clearly not a text document.

    Raises ``LoaderError`` for an empty file, a binary file or PDF, and text that is
    not UTF-8.
    """
    source = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoaderError(source, f"no such file: {path}", "check the path") from None
    except IsADirectoryError:
        raise LoaderError(source, f"is a folder: {path}", "pass the folder to load its .txt files") from None
    except OSError as exc:
        raise LoaderError(source, f"cannot read {path}: {exc.strerror}", "check its permissions") from None
    if data.startswith(b"%PDF"):  # graph load reads PDFs itself (loaders.formats); this reads text only
        raise LoaderError(source, "is a PDF, not text", "load the PDF itself: graph load reads .pdf files")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoaderError(source, "is UTF-32 text", "convert it to UTF-8 (iconv -f UTF-32 -t UTF-8)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:8192]):
        raise LoaderError(source, "is UTF-16 text", "convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in data[:8192]:
        raise LoaderError(source, "is a binary file, not text", "pass the text extracted from the document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            raise LoaderError(
                source,
                "ends in the middle of a character: the file looks cut short",
                "get a complete copy of the document",
            ) from None
        raise LoaderError(
            source,
            f"is not UTF-8 (byte {exc.start})",
            "convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
        ) from None
    if not text.strip():
        raise LoaderError(source, "is empty", "pass a document with text in it")
    if "\r" in text and "\n" not in text:  # old Mac line endings: lone CRs end the lines
        text = text.replace("\r", "\n")
    return text


def text_digest(text: str) -> str:
    """A hash of a document's text with spacing and case normalised: the same content saved
    under another file name (or with other line endings) has the same digest."""
    import hashlib

    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte."""
    if len(head) < 16:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(odd) and min(even.count(0), odd.count(0)) == 0


# Detection asks every loader about the same text and then the chosen one parses it: each
# would split (and lower) the whole text again. The last text's lines are kept here, one
# slot, keyed by the text object itself (a tuple is replaced in one step, so threads reading
# it see one text's lines or another's, never a mix).
_last_lines: tuple[str, list[str]] = ("", [""])
_last_lowered: tuple[str, str, list[str]] = ("", "", [""])


def split_lines(text: str) -> list[str]:
    """Split a document into lines on newlines only, so line numbers match ``sed -n``/editors.

    (``str.splitlines`` also splits on form feeds and other separators, which would shift
    every later line number.) Returns a new list the caller may change.
    """
    global _last_lines
    cached = _last_lines
    if cached[0] is not text:
        cached = (text, [line.rstrip("\r") for line in text.split("\n")])
        _last_lines = cached
    return list(cached[1])


def _lowered(text: str) -> tuple[str, str, list[str]]:
    global _last_lowered
    cached = _last_lowered
    if cached[0] is not text:
        low = text.lower()
        cached = (text, low, low.split("\n"))
        _last_lowered = cached
    return cached


def lowered_text(text: str) -> str:
    """``text.lower()`` (kept for the next caller asking about the same text)."""
    return _lowered(text)[1]


def lowered_lines(text: str) -> list[str]:
    """``text.lower().split("\n")``: the text lowered, split on newlines (``str.lower`` never makes
    or removes a newline, so these line up with ``split_lines(text)``, each keeping any "\\r").
    Returns a new list the caller may change."""
    return list(_lowered(text)[2])


def lines_holding(text: str, needle: str) -> list[int]:
    """The 0-based numbers, in order, of the lines of ``text`` whose lowered text holds ``needle``
    (lowercase, no newline): the lines of ``lowered_lines(text)`` holding it, found by scanning
    the lowered text rather than looking at every line in Python."""
    low = lowered_text(text)
    found: list[int] = []
    line = pos = 0
    at = low.find(needle)
    while at >= 0:
        line += low.count("\n", pos, at)
        found.append(line)
        end = low.find("\n", at)
        if end < 0:
            break
        line += 1
        pos = end + 1
        at = low.find(needle, pos)
    return found


def nonblank_lines(text: str) -> list[int]:
    """The 1-based numbers of the lines of ``text`` holding more than whitespace."""
    return [i for i, line in enumerate(split_lines(text), start=1) if line.strip()]
