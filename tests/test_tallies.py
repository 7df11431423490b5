"""The Tally table (graphmodel/store/tallies.py): counts computed by hand on small tables, and
every query that reads it answering as the same question asked of the items themselves."""

from __future__ import annotations

import pytest

from cypher import run_query
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.base import StoreError
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.tallies import tally_rows
from tests.sample_store import sample_store_path

A, M = NodeLabel.ACTIVITY, NodeLabel.MILESTONE


def _item(item_id: str, kind: str, plan: str, category: str | None, dirs: list[str], *, moved: bool = False,
          carried: bool = False, leads: list[str] | None = None) -> dict:
    return {"id": item_id, "kind": kind, "plan": plan, "status_category": category, "directorates": dirs,
            "rebaselined": moved, "carried": carried, "lead_member_ids": leads or []}


def _small_tables():
    nodes = {
        A: [_item("a1", "activity", "P1", "late", ["X", "Y", "X"], carried=True, leads=["m1"]),
            _item("a2", "activity", "P2", "unknown", ["X"], moved=True),
            _item("t1", "theme", "P1", "late", ["X"])],  # a theme is not counted
        M: [_item("s1", "milestone", "P1", "completed", [], carried=True, leads=["m1", "m-gone"]),
            _item("s2", "milestone", "P1", "on track", ["Y"], moved=True)],
        NodeLabel.OFFICER: [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}],
        NodeLabel.MEMBER: [{"id": "m1", "name": "Cllr One"}],
    }
    rels = {
        # each with the directorate printed beside the officer on the item
        (EdgeType.OWNS, NodeLabel.OFFICER, A): [{"from": "ann", "to": "a1", "directorate": "X"},
                                                {"from": "bob", "to": "a1", "directorate": "Y"},
                                                # printed twice: counted once
                                                {"from": "ann", "to": "a1", "directorate": "X"},
                                                {"from": "ann", "to": "a2", "directorate": "X"},
                                                {"from": "ann", "to": "t1", "directorate": "X"}],
        (EdgeType.OWNS, NodeLabel.OFFICER, M): [{"from": "ann", "to": "s1", "directorate": None},
                                                {"from": "bob", "to": "s2", "directorate": "Y"}],
        (EdgeType.OWNS, NodeLabel.MEMBER, A): [{"from": "m1", "to": "a1"}],
    }
    return nodes, rels


def _counts(rows: list[dict], label: str, owner: str, plan: str, directorate: str) -> tuple | None:
    """(total, open, late, reported, rebaselined, slipped, carried_unfinished) of one slice."""
    for r in rows:
        if (r["owner_label"], r["owner_id"], r["plan"], r["directorate"]) == (label, owner, plan, directorate):
            return (r["n_total"], r["n_open"], r["n_late"], r["n_reported"], r["n_rebaselined"], r["n_slipped"],
                    r["n_carried_unfinished"])
    return None


def test_tally_rows_count_by_hand():
    rows = tally_rows(*_small_tables())
    # Ann owns a1 (P1, late, carried), a2 (P2, unknown status, moved) and s1 (P1, completed, carried)
    assert _counts(rows, "Officer", "ann", "P1", "") == (2, 1, 1, 2, 0, 1, 1)
    assert _counts(rows, "Officer", "ann", "P2", "") == (1, 1, 0, 0, 0, 0, 0)  # unknown: not reported, not slipped
    assert _counts(rows, "Officer", "ann", "", "") == (3, 2, 1, 2, 0, 1, 1)
    assert _counts(rows, "Officer", "ann", "P1", "X") == (1, 1, 1, 1, 0, 1, 1)  # a1 only (s1 has no directorate)
    assert _counts(rows, "Officer", "ann", "", "X") == (2, 2, 1, 1, 0, 1, 1)
    assert _counts(rows, "Officer", "ann", "P1", "(none)") is None  # only the every-item rows have '(none)'
    # Bob owns a1 and s2 (on track, moved: reported, rebaselined, slipped)
    assert _counts(rows, "Officer", "bob", "P1", "") == (2, 2, 1, 2, 1, 2, 1)
    assert _counts(rows, "Officer", "bob", "P1", "Y") == (2, 2, 1, 2, 1, 2, 1)
    # a1 prints X and Y, but Bob is printed beside it as Y: his rows count it under Y only
    assert _counts(rows, "Officer", "bob", "P1", "X") is None
    # every item, whoever owns it: a1, s1, s2 in P1; s1 printed with no directorate
    assert _counts(rows, "", "", "P1", "") == (3, 2, 1, 3, 1, 2, 1)
    assert _counts(rows, "", "", "P1", "(none)") == (1, 0, 0, 1, 0, 0, 0)
    assert _counts(rows, "", "", "P2", "X") == (1, 1, 0, 0, 0, 0, 0)
    # the lead member: a1 and s1 (a member id with no Member row is left out)
    assert _counts(rows, "Member", "m1", "P1", "") == (2, 1, 1, 2, 0, 1, 1)
    assert _counts(rows, "Member", "m1", "P1", "X") is None  # members are not split by directorate
    assert not [r for r in rows if r["owner_id"] == "m-gone"]
    assert {r["owner"] for r in rows if r["owner_label"] == "Officer"} == {"Ann", "Bob"}
    assert all(r["n_total"] > 0 for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_tally_rows_are_stable():
    assert tally_rows(*_small_tables()) == tally_rows(*_small_tables())


# The same questions asked of the items (the queries as they were before the Tally table):
# every tally-reading query must give exactly these rows.
_FROM_ITEMS = {
    "workload": """
        MATCH (o:Officer)-[r:OWNS]->(i)
        WHERE i.kind IN ['activity', 'milestone'] AND ($plan = '' OR i.plan = $plan)
          AND ($directorate = '' OR r.directorate = $directorate)
        RETURN i.plan AS plan, o.id AS officer_id, o.name AS officer, count(DISTINCT i.id) AS total,
               count(DISTINCT CASE WHEN NOT (i.status_category IN ['completed', 'cancelled']) THEN i.id END) AS open,
               count(DISTINCT CASE WHEN i.status_category = 'late' THEN i.id END) AS late""",
    "slippage_officers": """
        MATCH (o:Officer)-[r:OWNS]->(i)
        WHERE i.kind IN ['activity', 'milestone'] AND i.status_category <> 'unknown'
          AND ($plan = '' OR i.plan = $plan) AND ($directorate = '' OR r.directorate = $directorate)
        WITH o.id AS officer_id, o.name AS officer, count(DISTINCT i.id) AS n,
             count(DISTINCT CASE WHEN i.status_category = 'late' THEN i.id END) AS late,
             count(DISTINCT CASE WHEN i.rebaselined THEN i.id END) AS rebaselined,
             count(DISTINCT CASE WHEN i.status_category = 'late' OR i.rebaselined THEN i.id END) AS slipped
        WHERE n >= $min_items
        RETURN officer_id, officer, n, late, rebaselined, slipped""",
    "slippage_members": """
        MATCH (i)
        WHERE i.kind IN ['activity', 'milestone'] AND i.status_category <> 'unknown'
          AND ($plan = '' OR i.plan = $plan)
        UNWIND i.lead_member_ids AS lead
        WITH lead, count(i) AS n, count(CASE WHEN i.status_category = 'late' THEN 1 END) AS late,
             count(CASE WHEN i.rebaselined THEN 1 END) AS rebaselined,
             count(CASE WHEN i.status_category = 'late' OR i.rebaselined THEN 1 END) AS slipped
        WHERE n >= $min_items
        MATCH (m:Member) WHERE m.id = lead
        RETURN m.id AS member_id, m.name AS member, n, late, rebaselined, slipped""",
    "slippage_directorates": """
        MATCH (i)
        WHERE i.kind IN ['activity', 'milestone'] AND i.status_category <> 'unknown'
          AND ($plan = '' OR i.plan = $plan)
        UNWIND i.directorates AS directorate
        WITH directorate, count(DISTINCT i.id) AS n,
             count(DISTINCT CASE WHEN i.status_category = 'late' THEN i.id END) AS late,
             count(DISTINCT CASE WHEN i.rebaselined THEN i.id END) AS rebaselined,
             count(DISTINCT CASE WHEN i.status_category = 'late' OR i.rebaselined THEN i.id END) AS slipped
        WHERE n >= $min_items
        RETURN directorate, n, late, rebaselined, slipped""",
    "carried_unfinished": """
        MATCH (o:Officer)-[:OWNS]->(i)
        WHERE i.carried AND i.kind IN ['activity', 'milestone']
          AND NOT i.status_category IN ['completed', 'cancelled']
          AND ($plan = '' OR i.plan = $plan)
        RETURN o.id AS officer_id, o.name AS officer, count(DISTINCT i.id) AS carried_unfinished""",
    "overdue_by_directorate": """
        MATCH (i)
        WHERE i.kind IN ['activity', 'milestone'] AND i.status_category <> 'unknown'
          AND ($plan = '' OR i.plan = $plan)
        UNWIND CASE WHEN size(coalesce(i.directorates, [])) = 0 THEN ['(none)'] ELSE i.directorates END
            AS directorate
        RETURN i.plan AS plan, directorate, count(DISTINCT i.id) AS reported,
               count(DISTINCT CASE WHEN i.status_category = 'late' THEN i.id END) AS late""",
}
_PARAMS = [{}, {"plan": "2012/13"}, {"plan": "2017/18"}, {"plan": "2019/20"},
           {"directorate": "PLACE"}, {"directorate": "CLC"}, {"plan": "2012/13", "directorate": "RES"},
           {"min_items": 0}, {"min_items": 1}, {"plan": "2017/18", "min_items": 2}]


def _key(row: dict) -> tuple:
    return tuple(sorted((k, round(v, 9) if isinstance(v, float) else v) for k, v in row.items()))


def _cases() -> list[tuple[str, dict]]:
    """(query, parameters) for every parameter set a query takes."""
    from cypher import get_query

    return [(name, params) for name in sorted(_FROM_ITEMS) for params in _PARAMS
            if set(params) <= {p.name for p in get_query(name).params}]


@pytest.mark.parametrize("name,params", _cases(),
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()) or "defaults")
def test_tally_queries_answer_as_the_items(name, params):
    from cypher import get_query, typed_params

    store = LadybugStore(sample_store_path())
    typed = typed_params(get_query(name), params)
    ours = run_query(store, name, params)
    theirs = store.query(_FROM_ITEMS[name], typed)
    columns = list(theirs[0]) if theirs else []
    assert sorted(_key({k: r[k] for k in columns}) for r in ours) == sorted(map(_key, theirs))
    if not params:
        assert ours, "the samples answer every one of these"


def test_a_store_from_before_the_tally_table_says_to_load_again(tmp_path):
    import ladybug

    path = tmp_path / "old.db"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Plan(id STRING, name STRING, plan STRING, PRIMARY KEY(id))")
    conn.close()
    db.close()
    with pytest.raises(StoreError, match=r"^query failed: .*Tally.* \(the store was written by an older "
                                         r"civicgraph: run graph load with your documents again to rebuild it\)$"):
        run_query(LadybugStore(path), "workload")


def test_a_plan_year_not_held_is_refused_not_empty():
    from cypher import QueryError

    with pytest.raises(QueryError, match=r"--param plan: no plan year 1999/00 in the store"):
        run_query(LadybugStore(sample_store_path()), "workload", {"plan": "1999/00"})
