"""Plain text documents (UTF-8, tab-separated cells): read as they are."""

from __future__ import annotations

from pathlib import Path

from loaders.base import read_text
from loaders.formats import Document

NAME = "text"
SUFFIXES = (".txt", ".text", ".tsv")


def sniff(head: bytes, suffix: str) -> bool:
    """Text is the last resort: any file no other reader claims is tried as text."""
    return True


def read(path: Path) -> Document:
    """The file's text (``read_text``'s checks: UTF-8, not empty, not binary)."""
    return Document(text=read_text(path), format=NAME)
