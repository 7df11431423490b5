"""Check what civicgraph made of a generated corpus against the truth the generator wrote.

- items: per layout, precision/recall/F1 of items found, matched per document on (kind, title);
  and, over matched items, how often each field is right (code, owners, members, boards,
  deadlines, status).
- people: distinct officers found vs true, and how many true people were split in two or
  merged with another.
- lineage: precision/recall of SUCCEEDS edges between activities (and, separately,
  milestones), an edge being right when both ends are the same piece of work in two
  consecutive loaded plan years.

"The same" is the product's definition (``graphmodel.lineage``), which the generator's truth
follows: an activity carried forward, reworded or not; a milestone of a carried activity kept
(still late), or planned again as the same deliverable (its title repeated, or reworded with its
activity), as the samples plan "Review annual projections and adjust short, medium and long term
planning accordingly" again after completing it. A milestone whose number, date or place differs
("Deliver phase 4" after "phase 3", "Launch ... in Northgate" after "... in Riverside") is a new
deliverable, as is one of another kind on the same subject ("Secure funding for X" after
"Review the impact of X").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

FIELDS = ("code", "owners", "members", "boards", "deadlines", "status")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def match_items(truth: dict, results: list) -> tuple[dict, dict[str, dict], list[dict]]:
    """Match predicted items (LoadResult list) to the truth.

    Returns ``(per_layout, key_to_truth, mismatches)``: scores per layout; for every matched
    predicted item key (``source:line``), its truth item (with ``council``/``year``); and
    up to a few examples of missed, invented and wrong-field items per layout.
    """
    by_source = {r.source: r for r in results}
    per_layout: dict[str, dict] = defaultdict(lambda: {"truth": 0, "found": 0, "matched": 0,
                                                      "fields": Counter(), "fields_n": Counter()})
    key_to_truth: dict[str, dict] = {}
    examples: list[dict] = []
    ex_count: Counter = Counter()

    def example(what: str, layout: str, /, **info) -> None:  # ``info`` may hold an item's ``kind``
        if ex_count[(what, layout)] < 5:
            ex_count[(what, layout)] += 1
            examples.append({"what": what, "layout": layout, **info})

    for doc in truth["documents"]:
        layout = doc["layout"]
        s = per_layout[layout]
        s["truth"] += len(doc["items"])
        res = by_source.get(doc["source"])
        if res is None:
            example("document not loaded", layout, source=doc["source"])
            continue
        s["found"] += len(res.items)
        pool: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for t in doc["items"]:
            pool[(t["kind"], norm(t["title"]))].append(t)
        for it in res.items:
            cands = pool.get((it.kind.value, norm(it.title)))
            if not cands:
                example("invented (or title wrong)", layout, source=doc["source"], line=it.line,
                        kind=it.kind.value, title=it.title)
                continue
            # prefer the candidate on the same line
            t = next((c for c in cands if c["line"] == it.line), cands[0])
            cands.remove(t)
            s["matched"] += 1
            key_to_truth[f"{doc['source']}:{it.line}"] = {**t, "council": doc["council"], "year": doc["year"],
                                                         "plan": doc["plan"]}
            got = {
                "code": it.code, "owners": sorted(it.officers), "members": sorted(it.members),
                "boards": sorted(it.boards), "deadlines": list(it.deadlines), "status": it.status,
            }
            want = {
                "code": t["code"], "owners": sorted(t["owners"]), "members": sorted(t["members"]),
                "boards": sorted(t["boards"]), "deadlines": list(t["deadlines"]), "status": t["status"],
            }
            for f in FIELDS:
                s["fields_n"][f] += 1
                if got[f] == want[f]:
                    s["fields"][f] += 1
                else:
                    example(f"wrong {f}", layout, source=doc["source"], line=it.line, title=it.title,
                            got=got[f], want=want[f])
        for left in pool.values():
            for t in left:
                example("missed", layout, source=doc["source"], line=t["line"], kind=t["kind"], title=t["title"])
    out = {}
    for layout, s in sorted(per_layout.items()):
        p = s["matched"] / s["found"] if s["found"] else 0.0
        r = s["matched"] / s["truth"] if s["truth"] else 0.0
        out[layout] = {
            "truth": s["truth"], "found": s["found"], "matched": s["matched"],
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "fields": {f: round(s["fields"][f] / s["fields_n"][f], 4) if s["fields_n"][f] else None for f in FIELDS},
        }
    tot_t = sum(s["truth"] for s in per_layout.values())
    tot_f = sum(s["found"] for s in per_layout.values())
    tot_m = sum(s["matched"] for s in per_layout.values())
    p, r = (tot_m / tot_f if tot_f else 0.0), (tot_m / tot_t if tot_t else 0.0)
    out["all"] = {"truth": tot_t, "found": tot_f, "matched": tot_m, "precision": round(p, 4), "recall": round(r, 4),
                  "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out, key_to_truth, examples


def check_people(truth: dict, resolution) -> dict:
    """Distinct officers found vs true; people split in two; people merged together."""
    printed_to_pid = {}
    for p in truth["people"]:
        for v in p["variants"]:
            printed_to_pid[v] = p["id"]
    true_ids = {p["id"] for p in truth["people"]}
    found = [p for p in resolution.people.values() if not p.is_post]
    resolved_of_pid: dict[str, set[str]] = defaultdict(set)
    pids_of_resolved: dict[str, set[str]] = defaultdict(set)
    unknown = 0
    for printed, rid in resolution.officer_of.items():
        pid = printed_to_pid.get(printed)
        if pid is None:
            unknown += 1
            continue
        resolved_of_pid[pid].add(rid)
        pids_of_resolved[rid].add(pid)
    split = sum(1 for s in resolved_of_pid.values() if len(s) > 1)
    merged = sum(1 for s in pids_of_resolved.values() if len(s) > 1)
    return {"true": len(true_ids), "found": len(found), "split": split, "merged": merged,
            "unknown_names": unknown,
            "variants": sum(len(p["variants"]) for p in truth["people"])}


def check_lineage(truth: dict, successions, key_to_truth: dict[str, dict]) -> dict:
    """Precision/recall of SUCCEEDS edges, per kind (activity, milestone)."""
    true_pairs: dict[str, set] = defaultdict(set)
    for pair in truth["lineage"]:
        true_pairs[pair["kind"]].add((pair["id"], pair["earlier"], pair["later"]))
    produced: dict[str, set] = defaultdict(set)
    wrong: dict[str, set] = defaultdict(set)
    unmatched = 0
    examples = []
    for s in successions:
        a, b = key_to_truth.get(s.later), key_to_truth.get(s.earlier)
        if a is None or b is None:
            unmatched += 1
            continue
        kind = a["kind"]
        if a["id"] == b["id"] and a["kind"] == b["kind"] and (a["id"], b["plan"], a["plan"]) in true_pairs[kind]:
            produced[kind].add((a["id"], b["plan"], a["plan"]))
        else:
            wrong[kind].add((a["council"], a["id"], a["plan"], b["council"], b["id"], b["plan"]))
            if len(examples) < 8:
                examples.append({"later": [a["plan"], a["council"], a["title"]],
                                 "earlier": [b["plan"], b["council"], b["title"]], "score": s.score})
    out = {}
    for kind in ("activity", "milestone"):
        right = len(produced[kind])
        n_prod = right + len(wrong[kind])
        n_true = len(true_pairs[kind])
        out[kind] = {"true": n_true, "produced": n_prod, "right": right,
                     "precision": round(right / n_prod, 4) if n_prod else None,
                     "recall": round(right / n_true, 4) if n_true else None}
    out["edges"] = len(successions)
    out["unmatched_ends"] = unmatched
    out["wrong_examples"] = examples
    return out


def _truth_items(truth: dict) -> dict[tuple, list[dict]]:
    """Each true piece of work of a plan (council, plan, kind, id): its printed items in report order."""
    out: dict[tuple, list[dict]] = defaultdict(list)
    for doc in sorted(truth["documents"], key=lambda d: (d["council"], d["year"], d["quarter"], d["source"])):
        for t in doc["items"]:
            if t.get("id") and t["kind"] in ("activity", "milestone"):
                out[(doc["council"], doc["plan"], t["kind"], t["id"])].append({**t, "source": doc["source"]})
    return out


def check_reports(truth: dict, plans, key_to_truth: dict[str, dict]) -> dict:
    """Plan items against the truth (``plans``: ``graphmodel.reports.PlanItems``): how many
    activities and milestones (each once, however many reports print it); true items split over
    several plan items or plan items merging several; readings per item; deadlines moved between
    readings (precision/recall); and the workload totals, items per (plan, true person) at their
    latest reading's owners."""
    from graphmodel.reports import history_facts

    true_items = _truth_items(truth)
    printed_to_pid = {v: p["id"] for p in truth["people"] for v in p["variants"]}
    want = Counter(k[2] for k in true_items)
    found = Counter(r.kind.value for r in plans.records if r.kind.value in ("activity", "milestone"))
    plan_of: dict[tuple, set[str]] = defaultdict(set)  # true item -> plan items holding it
    merged = readings_right = 0
    moved_found: set[tuple] = set()
    got_load: Counter = Counter()
    for r in plans.records:
        if r.kind.value not in ("activity", "milestone"):
            continue
        h = plans.history.get(r.key)
        ids = set()
        for reading in h.readings if h else ():
            t = key_to_truth.get(reading.record.key)
            if t and t.get("id"):
                ids.add((t["council"], t["plan"], t["kind"], t["id"]))
        for i in ids:
            plan_of[i].add(r.key)
        if len(ids) > 1:
            merged += 1
        if len(ids) == 1:
            (i,) = ids
            readings_right += len(h.readings) == len(true_items.get(i, ()))
            if history_facts(h.readings)["moved"]:
                moved_found.add(i)
        for o in r.owners:
            if o.name in printed_to_pid:
                got_load[(r.plan, printed_to_pid[o.name])] += 1
    moved_true = {i for i, ts in true_items.items()
                  if any((a["deadlines"] or [None])[-1] != (b["deadlines"] or [None])[-1]
                         and a["deadlines"] and b["deadlines"] for a, b in zip(ts, ts[1:], strict=False))}
    want_load: Counter = Counter()
    for (_, plan, _, _), ts in true_items.items():
        for name in set(ts[-1]["owners"]):
            if name in printed_to_pid:
                want_load[(plan, printed_to_pid[name])] += 1
    right_moved = len(moved_found & moved_true)
    keys = set(want_load) | set(got_load)
    return {
        "activities": {"true": want["activity"], "found": found["activity"]},
        "milestones": {"true": want["milestone"], "found": found["milestone"]},
        "split": sum(1 for s in plan_of.values() if len(s) > 1), "merged": merged,
        "readings_right": round(readings_right / len(true_items), 4) if true_items else None,
        "moved": {"true": len(moved_true), "found": len(moved_found), "right": right_moved,
                  "precision": round(right_moved / len(moved_found), 4) if moved_found else None,
                  "recall": round(right_moved / len(moved_true), 4) if moved_true else None},
        "workload": {"assignments_true": sum(want_load.values()), "assignments_found": sum(got_load.values()),
                     "officer_plans": len(keys),
                     "officer_plans_right": sum(1 for k in keys if want_load[k] == got_load[k])},
        "readings": sum(len(h.readings) for h in plans.history.values()),
        "printed": sum(len(d["items"]) for d in truth["documents"]),
    }
