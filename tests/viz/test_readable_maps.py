"""Maps people can read, on the sample documents: plan years shown, lineage as a left-to-right
timeline, a directorate grouped by officer, labels that do not collide, milestones on hover."""

from __future__ import annotations

import math

from graphmodel import neighbourhood as nb
from viz.labels import _label_box
from viz.maps import build_spec


def _activity(g, plan: str, title_start: str) -> str:
    return next(n for n, d in g.nodes(data=True) if d.get("label") == "Activity" and d.get("plan") == plan
                and (d.get("title") or "").startswith(title_start))


def test_lineage_is_a_timeline_left_to_right_by_plan_year(sample_graph):
    g = sample_graph
    # the 2012/13 "Deliver regeneration at Robin Hood Gardens and Ocean Estate" carried into 2014/15
    later = _activity(g, "2014/15", "Deliver regeneration at Robin Hood Gardens")
    earlier = _activity(g, "2012/13", "Deliver regeneration at Robin Hood Gardens")
    spec = build_spec(g, nb.activity_lineage(g, later))
    pos = {n.id: (n.x, n.y) for n in spec.nodes}
    assert pos[earlier][0] < pos[later][0] and pos[earlier][1] == pos[later][1]
    assert [b.text for b in spec.bands] == ["2012/13", "2014/15"]
    assert spec.bands[0].x < spec.bands[1].x
    # every item sits in its plan year's column
    for n in spec.nodes:
        plan = g.nodes[n.id].get("plan")
        if plan:
            band = next(b for b in spec.bands if b.text == plan)
            assert abs(n.x - band.x) <= band.width / 2, (n.id, n.x, band)
    # milestones are labelled on hover, with their plan year
    ms = [n for n in spec.nodes if n.kind == "Milestone"]
    assert ms and all(n.label == "" and n.hover_label.endswith(f"· {g.nodes[n.id]['plan']}") for n in ms)


def test_owner_sits_below_not_on_the_carried_forward_arrow(sample_graph):
    """In the lineage map the owner is in a row under the columns: neither end of an owner edge
    lies on the line between the two activities the carried-forward arrow joins."""
    g = sample_graph
    later = _activity(g, "2014/15", "Deliver regeneration at Robin Hood Gardens")
    spec = build_spec(g, nb.activity_lineage(g, later))
    pos = {n.id: (n.x, n.y) for n in spec.nodes}
    arrow_y = pos[later][1]
    jackie = pos["officer:jackie-odunoye"]
    assert jackie[1] > arrow_y + 200
    assert spec.curve == "curvedCCW"


def test_plan_year_on_every_item_of_a_map_spanning_years(sample_graph):
    g = sample_graph
    spec = build_spec(g, nb.officer_chain(g, "officer:andy-bamber"))
    items = [n for n in spec.nodes if n.kind in ("Theme", "Priority", "Activity", "Milestone")]
    assert len(items) > 80
    for n in items:
        assert g.nodes[n.id]["plan"] in (n.label or n.hover_label), n
    # the themes printed in both years are told apart ("A Great Place to Live" in 2012/13 and 2014/15)
    themes = sorted(n.label or n.hover_label for n in items if n.kind == "Theme" and "Great Place" in g.nodes[n.id]["title"])
    assert themes == ["A Great Place to Live · 2012/13", "A Great Place to Live · 2014/15"]
    assert sorted(b.text for b in spec.bands) == ["2012/13", "2014/15"]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_drawn_labels_do_not_collide(sample_graph):
    g = sample_graph
    for nh in (nb.officer_chain(g, "officer:andy-bamber"), nb.directorate_map(g, "directorate:clc"),
               nb.board_map(g, next(n for n, d in g.nodes(data=True) if d.get("label") == "Board"))):
        spec = build_spec(g, nh)
        boxes = [(n.id, _label_box(n, n.font_size)) for n in spec.nodes
                 if n.label and not (nh.kind == "directorate" and n.kind == "Officer")]
        assert len(boxes) >= 5
        hits = [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if _overlap(ba, bb)]
        assert hits == [], hits[:5]
        # what did not fit is kept for hover, nothing is lost
        assert all(n.label or n.hover_label for n in spec.nodes)


def test_directorate_map_is_grouped_by_officer(sample_graph):
    """CLC's map: most items owned by one officer lie nearer their owner than any other officer."""
    g = sample_graph
    spec = build_spec(g, nb.directorate_map(g, "directorate:clc"))
    pos = {n.id: (n.x, n.y) for n in spec.nodes}
    officers = [n.id for n in spec.nodes if n.kind == "Officer"]
    assert len(officers) >= 4
    # not one ring: the officers are not all at one distance from the directorate
    d = [math.dist(pos[o], pos["directorate:clc"]) for o in officers]
    assert max(d) - min(d) > 200
    nearest_is_owner = total = 0
    for n in spec.nodes:
        owners = [u for u, _, k in g.in_edges(n.id, keys=True) if k == "OWNS" and u in officers]
        if n.kind in ("Activity", "Milestone") and len(owners) == 1:
            total += 1
            nearest = min(officers, key=lambda o: math.dist(pos[o], pos[n.id]))
            nearest_is_owner += nearest == owners[0]
    assert total > 100 and nearest_is_owner / total > 0.9
    # each group is captioned by its officer's name
    assert all(n.label for n in spec.nodes if n.kind == "Officer")
