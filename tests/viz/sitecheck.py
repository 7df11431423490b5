"""Reading a written site back: its pages, the links and resources each page names, and the ids
it holds (for anchors). Shared by the site tests and the safe-output tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html


@dataclass
class Ref:
    page: Path
    attr: str  # href or src (or action)
    value: str


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def refs(page: Path) -> tuple[list[Ref], set[str]]:
    """Every href, src and form action the page holds, and the ids of its elements."""
    tree = lxml_html.fromstring(page.read_bytes())
    out = []
    for el in tree.iter():
        for attr in ("href", "src", "action"):
            value = el.get(attr)
            if value is not None:
                out.append(Ref(page, attr, value))
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    return out, ids


def resolve(ref: Ref, site: Path) -> tuple[Path | None, str]:
    """(the file a relative reference points to, its #fragment); (None, reason) when it leaves
    the folder or names a scheme or host."""
    parts = urlsplit(ref.value)
    if parts.scheme or parts.netloc or ref.value.startswith("//"):
        return None, f"external: {ref.value}"
    if not parts.path:  # "#anchor" on the same page
        return ref.page, unquote(parts.fragment)
    target = (ref.page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site.resolve()):
        return None, f"outside the folder: {ref.value}"
    return target, unquote(parts.fragment)
