"""What a map shows, independent of the engine that draws it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class MapNode:
    id: str
    label: str  # the short text drawn next to the node
    kind: str  # the node's label in the graph: Officer, Activity, Milestone, ...
    shape: str  # dot, square, diamond, hexagon, star, triangle, triangleDown, box
    color: str  # fill colour (#rrggbb)
    size: int
    x: float
    y: float
    font_size: int = 12
    dashed: bool = False  # an item from another plan year (lineage)
    focus: bool = False
    status_category: str | None = None
    tooltip: dict[str, str] = field(default_factory=dict)  # field -> plain text (escaped by the renderer)
    search: str = ""  # lower-case text the search box matches
    hover_label: str = ""  # the label shown while the pointer is on the node, when ``label`` had no room


@dataclass
class MapEdge:
    source: str
    target: str
    type: str  # OWNS, MONITORS, PART_OF, WORKS_IN, SUCCEEDS


@dataclass
class LegendEntry:
    text: str
    shape: str
    color: str
    group: str  # "status", "kind" or "edge"
    dashed: bool = False


@dataclass
class Band:
    """A caption drawn behind the nodes (a plan year's column or sector, an officer's group)."""

    text: str
    x: float
    y: float
    width: float = 0.0  # a column's width (0: a caption only)
    height: float = 0.0


@dataclass
class MapSpec:
    title: str  # e.g. the officer's name
    headline: str  # e.g. "43 items · 7 open · 7 late"
    subtitle: str  # e.g. plan years and what is drawn
    nodes: list[MapNode]
    edges: list[MapEdge]
    legend: list[LegendEntry]
    bands: list[Band] = field(default_factory=list)
    curve: str = "curvedCW"  # how carried-forward arrows bend (vis-network smooth type)

    def to_dict(self) -> dict:
        return asdict(self)
