"""build_tables: the store's tables of the sample documents, with and without giving up the records."""

from pathlib import Path

from graphmodel.build import build_tables
from graphmodel.identity import resolve
from graphmodel.lineage import link
from loaders.registry import load_path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _records():
    return [item for p in sorted(EXAMPLES.glob("*.txt")) for item in load_path(p).items]


def test_consuming_the_records_gives_the_same_tables_and_drops_them():
    records = _records()
    resolution = resolve(records)
    successions = link(records, resolution)
    kept = build_tables(records, resolution, successions)
    given_up = list(records)
    consumed = build_tables(given_up, resolution, successions, consume=True)
    assert consumed == kept
    assert given_up == [None] * len(records)  # every record dropped from the list it was given
    assert records[0] is not None  # the caller's own list is untouched without ``consume``
    # the 2012/13 appendix: 327 items (5 themes, 19 priorities, 68 activities, 235 milestones, counted by grep)
    ids = {row["id"] for rows in kept[0].values() for row in rows}
    assert sum(1 for i in ids if i.startswith("item:000_")) == 327


def test_the_tables_make_no_reference_cycles():
    """A load runs with the cyclic collector paused (graphmodel/gcpause.py), so anything caught in
    a reference cycle lives until the load ends: a self-calling closure over the item rows once
    kept every row (~0.5 GB at ~250k items) alive through the store write."""
    import gc

    records = _records()
    resolution = resolve(records)
    successions = link(records, resolution)
    gc.collect()
    gc.disable()
    try:
        tables = build_tables(records, resolution, successions)
        assert tables[0]
        del tables
        assert gc.collect() == 0, "building the tables left objects only the cyclic collector can free"
    finally:
        gc.enable()
