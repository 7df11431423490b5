"""Map renderers: one interface (``Renderer``), one engine per module-level class.

A renderer turns a ``MapSpec`` into one self-contained HTML page. The page must open
offline and make no network request, so everything it needs is inlined: the vendored
vis-network build (``viz/vendor``, with its licence files) and the page's own script and
styles (``viz/templates``). Document text reaches the page only as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and is put
into the DOM with ``textContent``: a title holding ``<script>`` shows as text.
A Content-Security-Policy in the page forbids every fetch, as a second guard.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Protocol

from viz.spec import MapSpec


class Renderer(Protocol):
    """Draws a map: ``render(spec)`` returns the HTML of one self-contained page."""

    name: str

    def render(self, spec: MapSpec) -> str: ...


@cache
def asset(folder: str, name: str) -> str:
    """The text of a packaged template or vendored file."""
    return resources.files("viz").joinpath(folder, name).read_text(encoding="utf-8")


def json_for_script(value: object) -> str:
    """JSON safe to place inside a <script> element (no '</script>', no HTML parsing)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def inline_script(source: str) -> str:
    """A script's source made safe to inline: it must not close the <script> element."""
    return source.replace("</script", "<\\/script")


CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'"
)


def map_data(spec: MapSpec) -> dict:
    """What map.js draws, as plain JSON-ready values: nodes, edges, legend and bands (the
    plan-year captions drawn behind the nodes)."""
    return {
        "nodes": [
            {
                "id": n.id, "label": n.label, "kind": n.kind, "shape": n.shape, "color": n.color,
                "size": n.size, "x": n.x, "y": n.y, "font": n.font_size, "dashed": n.dashed,
                "focus": n.focus, "tip": n.tooltip, "search": n.search, "hover": n.hover_label,
            }
            for n in spec.nodes
        ],
        "edges": [{"from": e.source, "to": e.target, "type": e.type} for e in spec.edges],
        "legend": [vars(entry) for entry in spec.legend],
        "bands": [vars(b) for b in spec.bands],
        "curve": spec.curve,
    }


class VisNetworkRenderer:
    """vis-network 9 (standalone UMD build, inlined) with a fixed layout and physics off."""

    name = "vis-network"

    def render(self, spec: MapSpec) -> str:
        page = asset("templates", "map.html")
        data = map_data(spec)
        replacements = {
            "{{CSP}}": CSP,
            "{{TITLE}}": html.escape(spec.title),
            "{{HEADLINE}}": html.escape(spec.headline),
            "{{SUBTITLE}}": html.escape(spec.subtitle),
            "{{NODE_COUNT}}": str(len(spec.nodes)),
            "{{EDGE_COUNT}}": str(len(spec.edges)),
            "{{STYLE}}": asset("templates", "map.css"),
            "{{DATA}}": json_for_script(data),
            "{{VIS_NETWORK}}": inline_script(asset("vendor", "vis-network.min.js")),
            "{{MAP_JS}}": inline_script(asset("templates", "map.js")),
        }
        # one pass, so text substituted in never gets substituted again
        out, rest = [], page
        while True:
            start = rest.find("{{")
            if start < 0:
                out.append(rest)
                break
            end = rest.index("}}", start) + 2
            out.append(rest[:start])
            out.append(replacements[rest[start:end]])
            rest = rest[end:]
        return "".join(out)


RENDERERS: dict[str, type] = {VisNetworkRenderer.name: VisNetworkRenderer}


def get_renderer(name: str = "vis-network") -> Renderer:
    try:
        return RENDERERS[name]()
    except KeyError:
        raise ValueError(f"no map renderer called {name!r}; known: {', '.join(RENDERERS)}") from None
