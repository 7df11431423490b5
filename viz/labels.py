"""Labels that do not collide: label what fits, the rest on hover or zoom.

Labels are placed greedily, the most important first (the focus, people and groups, themes,
priorities, activities). A label that would overlap a node or a label already placed is
tried smaller (it then shows as the map is zoomed in: vis-network hides text drawn under 7 px);
one that fits at no size is left off the map and shows while the pointer is on its node.
Milestones are labelled on hover only. Sizes are in map units, so the result holds at any zoom.
"""

from __future__ import annotations

from collections import defaultdict

from viz.spec import MapNode

ORDER = ["Officer", "Directorate", "Member", "Board", "Plan", "Theme", "Priority", "Activity"]
SHRINK = (1.0, 0.8, 0.62, 0.48)
CELL = 120.0
CHAR = 0.56  # average glyph width / font size of the sans-serif face the maps use
INSIDE = ("box", "ellipse")  # vis-network draws these shapes' labels inside them

Box = tuple[float, float, float, float]


def _label_box(n: MapNode, font: float) -> Box:
    w = CHAR * font * len(n.label)
    if n.shape in INSIDE:
        return (n.x - w / 2 - 6, n.y - font / 2 - 6, n.x + w / 2 + 6, n.y + font / 2 + 6)
    top = n.y + n.size + 2
    return (n.x - w / 2, top, n.x + w / 2, top + 1.15 * font)


def _node_box(n: MapNode) -> Box:
    return (n.x - n.size, n.y - n.size, n.x + n.size, n.y + n.size)


class _Grid:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, str]]] = defaultdict(list)

    def _keys(self, b: Box):
        for i in range(int(b[0] // CELL), int(b[2] // CELL) + 1):
            for j in range(int(b[1] // CELL), int(b[3] // CELL) + 1):
                yield (i, j)

    def add(self, b: Box, owner: str) -> None:
        for k in self._keys(b):
            self.cells[k].append((b, owner))

    def hits(self, b: Box, owner: str) -> bool:
        for k in self._keys(b):
            for o, who in self.cells[k]:
                if who != owner and o[0] < b[2] and b[0] < o[2] and o[1] < b[3] and b[1] < o[3]:
                    return True
        return False


def fit_labels(nodes: list[MapNode], keep: set[str] | frozenset = frozenset()) -> None:
    """Shrink or move to hover (``hover_label``) every label that would collide; in place.
    The focus and the nodes in ``keep`` (a directorate's officers, who caption their groups)
    are placed first and keep their labels whatever they cover."""
    grid = _Grid()
    for n in nodes:
        if n.shape not in INSIDE:
            grid.add(_node_box(n), n.id)
    rank = {k: i for i, k in enumerate(ORDER)}
    ordered = sorted(nodes, key=lambda n: (not (n.focus or n.id in keep), rank.get(n.kind, len(ORDER)),
                                           -n.font_size, n.id))
    for n in ordered:
        if not n.label:
            continue
        if n.kind == "Milestone":
            n.hover_label, n.label = n.label, ""
            continue
        must = n.focus or n.id in keep
        for k in (1.0,) if must else SHRINK:
            font = max(4, int(n.font_size * k))
            box = _label_box(n, font)
            if not grid.hits(box, n.id):
                n.font_size = font
                grid.add(box, n.id)
                break
        else:
            if must:  # the map's subject keeps its name, at full size, whatever it covers
                grid.add(_label_box(n, n.font_size), n.id)
                continue
            n.hover_label, n.label = n.label, ""
