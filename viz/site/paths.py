"""Where every page of the site lives, and the link to any node of the graph.

Pages sit one folder deep (``officers/andy-bamber.html``), so a link from one page to another is
``../<folder>/<file>``; the index and the search page sit at the top. File names come from node
ids (stable across reloads), made safe for any file system and unique.
"""

from __future__ import annotations

import hashlib
import re

import networkx as nx

FOLDERS = {
    "Officer": "officers",
    "Directorate": "directorates",
    "Board": "boards",
    "Member": "members",
    "Plan": "plans",
    "Activity": "activities",
}
LIST_TITLES = {
    "officers": "Officers",
    "directorates": "Directorates",
    "boards": "Boards",
    "members": "Lead members",
    "plans": "Plan years",
    "activities": "Activities",
}


CARRIED = "activities/carried.html"  # the carry-forward chains


def slug(text: str, limit: int = 70) -> str:
    """Lower-case letters, digits and single hyphens (at most ``limit`` characters)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


def plan_slug(plan: str) -> str:
    """'2012/13' -> '2012-13'."""
    return slug(plan)


class SitePaths:
    """The page (path from the site's root) of each node that has one, and links to any node.

    Officers, directorates, boards, lead members, plan years and activities have pages;
    a milestone links to its activity's page (``#i-...``), a theme or priority to its plan
    year's page. Lists: ``activity_list[plan]`` (a plan year's activities,
    ``activities/<plan>.html``), ``CARRIED`` (the carry-forward chains) and, for a plan year
    read by several reports, ``readings_page[plan]`` (each report's readings by status).
    Those names are taken first, so no node's page can take one.
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.page: dict[str, str] = {}
        plans: set[str] = set()
        reports: dict[str, int] = {}
        for _, d in g.nodes(data=True):
            if d.get("label") == "Activity" and d.get("plan"):
                plans.add(d["plan"])
            elif d.get("label") == "Report" and d.get("plan"):
                reports[d["plan"]] = reports.get(d["plan"], 0) + 1
        self.activity_list = {p: f"activities/{plan_slug(p)}.html" for p in sorted(plans)}
        self.readings_page = {p: f"plans/{plan_slug(p)}-readings.html" for p, n in sorted(reports.items()) if n > 1}
        taken: set[str] = {p[: -len(".html")] for p in [*self.activity_list.values(), *self.readings_page.values(),
                                                        CARRIED, *(f"{f}/index.html" for f in FOLDERS.values())]}
        for node, d in sorted(g.nodes(data=True)):
            folder = FOLDERS.get(d.get("label"))
            if folder is None:
                continue
            if d.get("label") == "Activity":
                base = slug(f"{d.get('plan') or ''} {d.get('code') or ''} {d.get('title') or ''}", 50)
                base = f"{base}-{slug(str(d.get('line')))}"
            elif d.get("label") == "Plan":
                base = plan_slug(d.get("plan") or d.get("name") or node)
            else:
                base = slug(d.get("name") or node.split(":", 1)[-1])
            name = base
            if f"{folder}/{name}" in taken:  # two names alike once slugged: tell them apart by the id
                name = f"{base}-{hashlib.sha1(node.encode()).hexdigest()[:6]}"
            taken.add(f"{folder}/{name}")
            self.page[node] = f"{folder}/{name}.html"
        self._targets: dict[str, str | None] = {}
        self.plan_page = {g.nodes[n].get("plan") or g.nodes[n].get("name"): p
                          for n, p in self.page.items() if g.nodes[n].get("label") == "Plan"}

    @staticmethod
    def anchor(node: str) -> str:
        """The id of a node's row on the page that lists it."""
        return "i-" + slug(node, 120)

    def _activity_of(self, node: str) -> str | None:
        for _, v, k in self.g.out_edges(node, keys=True):
            if k == "PART_OF" and self.g.nodes[v].get("label") == "Activity":
                return v
        return None

    def target(self, node: str) -> str | None:
        """The path (from the root, with an anchor where needed) a link to ``node`` goes to
        (worked out once per node: pages link the same items many times)."""
        if node in self.page:
            return self.page[node]
        if node not in self._targets:
            self._targets[node] = self._target(node)
        return self._targets[node]

    def _target(self, node: str) -> str | None:
        d = self.g.nodes[node] if node in self.g else {}
        if d.get("label") == "Milestone":
            act = self._activity_of(node)
            if act in self.page:
                return f"{self.page[act]}#{self.anchor(node)}"
        plan_page = self.plan_page.get(d.get("plan"))
        if plan_page:
            return f"{plan_page}#{self.anchor(node)}"
        return None

    def href(self, node: str, root: str = "../") -> str | None:
        """A link to ``node`` from a page ``root`` below the site's top ('' for the index)."""
        t = self.target(node)
        return None if t is None else root + t
