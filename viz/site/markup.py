"""Building HTML where document text is always text: every value is escaped unless it is
``Html`` (markup this package built itself from escaped parts).

``h("td", title)`` escapes ``title``; ``h("td", link(url, title))`` keeps the link's markup
and the link escaped its own text. Nothing from a document is ever wrapped in ``Html``
directly.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable


class Html(str):
    """Markup built by this package (its text parts already escaped)."""

    __slots__ = ()


def esc(value: object) -> Html:
    """``value`` as HTML text: markup characters and quotes escaped; Html passes unchanged."""
    if isinstance(value, Html):
        return value
    return Html(_html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Html:
    """The parts, each escaped (unless Html), joined by ``sep`` (markup of our own)."""
    return Html(sep.join(esc(p) for p in parts))


def attrs(**values: object) -> str:
    """` name="value"` pairs (escaped; ``class_`` is ``class``; None and False left out)."""
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f' {name}' if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def h(tag: str, *children: object, **attributes: object) -> Html:
    """``<tag attributes>children</tag>``, the children escaped unless Html."""
    if not attributes:
        return Html(f"<{tag}>{join(children)}</{tag}>")
    return Html(f"<{tag}{attrs(**attributes)}>{join(children)}</{tag}>")


def link(href: str | None, text: object, **attributes: object) -> Html:
    """A link to ``href`` (a relative URL this package made), or the plain text when None."""
    if not href:
        return esc(text)
    return h("a", text, href=href, **attributes)


def table(columns: list[str], rows: Iterable[list[object]], numeric: Iterable[int] = (), **attributes: object) -> Html:
    """A table: one header row, then the rows (cells escaped unless Html)."""
    numeric = set(numeric)
    head = h("tr", *(h("th", c) for c in columns))
    body = "".join(
        h("tr", *(h("td", v, class_="num" if i in numeric else None) for i, v in enumerate(r))) for r in rows
    )
    return h("table", h("thead", head), h("tbody", Html(body)), **attributes)


def ul(items: Iterable[object], **attributes: object) -> Html:
    return h("ul", *(h("li", i) for i in items), **attributes)
