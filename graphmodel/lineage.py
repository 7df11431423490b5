"""Lineage: which item in an earlier plan year each item carries forward (SUCCEEDS edges).

``link(records, resolution)`` links each activity to the same piece of work in the
*nearest earlier* plan year loaded, and a milestone to the same deliverable under the
activity its own activity succeeds. Precision first: a wrong link misleads a governance
review more than a missing one, so an edge needs either a near-identical title, or a
similar title backed by a shared owner or the same priority slot (or a comment saying the
item was carried over). Each later item gets at most one predecessor and each earlier
item at most one successor (best score first).

Candidates are blocked, never all pairs: an earlier item is compared only with later
items sharing a distinctive title word (a word in few titles) or an owner in the same
priority slot, so the work grows with the number of items, not its square.

``outcomes`` classifies every activity that has no successor although a later plan is
loaded: ``completed``, ``dropped_unfinished`` (what scrutiny committees look for),
``carried_over`` (its comment says it went to a plan that is not loaded) or ``no_status``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from graphmodel.identity import Resolution, plan_start
from graphmodel.schema import ItemRecord, Kind, StatusCategory


class Succession(BaseModel):
    """A SUCCEEDS edge: ``later`` carries forward ``earlier`` (item keys)."""

    later: str
    earlier: str
    score: float
    evidence: list[str] = Field(default_factory=list)


class Outcome(BaseModel):
    """What became of an activity that no later loaded plan carries forward."""

    key: str
    source: str
    line: int
    plan: str
    kind: str
    code: str | None = None
    title: str
    status: str | None = None
    percent: int | None = None
    officers: list[str] = Field(default_factory=list)
    outcome: str  # completed | dropped_unfinished | carried_over | no_status
    reason: str
    later_plan: str  # the next loaded plan year, which does not carry it


# ---------------------------------------------------------------------------- text

_STOP = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "our", "we", "its", "their",
    "through", "from", "at", "as", "all", "that", "this", "is", "are", "be", "including", "whilst", "while",
    "within", "across", "into", "more", "further", "new", "s",
}
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def title_words(title: str) -> list[str]:
    """The distinctive words of a title: lower case, stop words dropped, lightly stemmed."""
    text = title.lower().replace("&", " and ").replace("'", "")
    return [_stem(w) for w in _WORD.findall(text) if w not in _STOP]


def title_similarity(a: str, b: str) -> float:
    """0..1: how alike two titles are, order-insensitive, ignoring filler words."""
    wa, wb = title_words(a), title_words(b)
    if not wa or not wb:
        return 0.0
    sa, sb = " ".join(sorted(wa)), " ".join(sorted(wb))
    sort_ratio = fuzz.token_sort_ratio(sa, sb) / 100
    set_ratio = fuzz.token_set_ratio(sa, sb) / 100
    jaccard = len(set(wa) & set(wb)) / len(set(wa) | set(wb))
    # token_set alone calls "Support ESOL" the same as "Support lifelong learning, including ESOL";
    # the mean keeps short subsets from scoring as high as rewordings
    sim = (sort_ratio + set_ratio + jaccard) / 3
    short, long_ = (set(wa), set(wb)) if len(set(wa)) <= len(set(wb)) else (set(wb), set(wa))
    if len(short) >= 5 and short <= long_:
        # a named programme kept whole inside a longer title ("Deliver the Smarter Together
        # Transformation Programme" ... "to ensure effective, responsive front line services")
        sim = max(sim, 0.9)
    return round(sim, 3)


_CARRIED = re.compile(r"\b(?:carr(?:y|ied)\s+(?:over|forward)|roll(?:ed)?\s+(?:over|forward))\b([^.;]*)", re.I)
_PLAN_YEAR = re.compile(r"\b(?:19|20)?(\d\d)\s*/\s*(?:19|20)?\d\d\b")


def carried_to(comments: str | None) -> int | bool | None:
    """The start year of the plan a comment says the item was carried over to (e.g.
    "carried over to 2008/09 plan" -> 2008), True when it names no year, else None."""
    if not comments:
        return None
    m = _CARRIED.search(comments)
    if not m:
        return None
    year = _PLAN_YEAR.search(m.group(1))
    return 2000 + int(year.group(1)) if year else True


# ---------------------------------------------------------------------------- link

_ACCEPT = {"identical": 0.9, "with_owner_or_slot": 0.68, "with_owner_and_slot": 0.45, "carried": 0.5}
_MILESTONE = {"identical": 0.88, "with_owner": 0.72}
_MAX_DF_SHARE = 0.05  # a word in more than this share of the earlier plan's titles does not block


_NAMES: dict[str, str] = {}  # node id -> name shown in evidence (set by link)


class _Item:
    def __init__(self, rec: ItemRecord, owners: set[str], slot: ItemRecord | None) -> None:
        self.rec = rec
        self.owners = owners
        self.slot = slot
        self.words = title_words(rec.title)


def link(records: Iterable[ItemRecord], resolution: Resolution) -> list[Succession]:
    """Return the SUCCEEDS edges: each activity (and milestone) to its predecessor in the
    nearest earlier plan year loaded, with a score and the evidence for it."""
    records = list(records)
    _NAMES.clear()
    _NAMES.update({p.id: p.name for p in resolution.people.values()})
    _NAMES.update({m.id: m.name for m in resolution.members.values()})
    by_key = {r.key: r for r in records}
    children: dict[str, list[ItemRecord]] = defaultdict(list)
    for r in records:
        if r.parent_key:
            children[r.parent_key].append(r)

    def owners_of(r: ItemRecord) -> set[str]:
        ids = {resolution.officer_of[n] for n in r.officers if n in resolution.officer_of}
        ids |= {resolution.member_of[m] for m in r.members if m in resolution.member_of}
        return ids

    def priority_of(r: ItemRecord) -> ItemRecord | None:
        seen = 0
        cur = by_key.get(r.parent_key) if r.parent_key else None
        while cur is not None and seen < 5:
            if cur.kind == Kind.PRIORITY:
                return cur
            cur = by_key.get(cur.parent_key) if cur.parent_key else None
            seen += 1
        return None

    activities: dict[int, list[_Item]] = defaultdict(list)
    for r in records:
        if r.kind == Kind.ACTIVITY:
            own = owners_of(r)
            for child in children.get(r.key, []):  # "key deliverables" name the officers
                own |= {resolution.officer_of[n] for n in child.officers if n in resolution.officer_of}
            activities[plan_start(r.plan)].append(_Item(r, own, priority_of(r)))

    years = sorted(y for y in activities if y)
    result: list[Succession] = []
    for i, year in enumerate(years[1:], start=1):
        earlier_year = years[i - 1]
        edges = _link_plans(activities[year], activities[earlier_year], year)
        result.extend(edges)
        result.extend(_link_milestones(edges, children, owners_of))
    return sorted(result, key=lambda s: (s.later, s.earlier))


def _candidates(later: list[_Item], earlier: list[_Item]) -> set[tuple[int, int]]:
    """Blocked pairs (later index, earlier index): a shared distinctive word, or a shared
    owner in the same priority slot."""
    df: dict[str, int] = defaultdict(int)
    for e in earlier:
        for w in set(e.words):
            df[w] += 1
    limit = max(3, int(_MAX_DF_SHARE * len(earlier)))
    by_word: dict[str, list[int]] = defaultdict(list)
    by_owner_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, e in enumerate(earlier):
        for w in set(e.words):
            if df[w] <= limit:
                by_word[w].append(j)
        for o in e.owners:
            by_owner_slot[(o, _slot_code(e))].append(j)
    pairs: set[tuple[int, int]] = set()
    for i, item in enumerate(later):
        for w in set(item.words):
            pairs.update((i, j) for j in by_word.get(w, []))
        for o in item.owners:
            pairs.update((i, j) for j in by_owner_slot.get((o, _slot_code(item)), []))
    return pairs


def _slot_code(item: _Item) -> str:
    return (item.slot.code or "") if item.slot else ""


def _same_slot(a: _Item, b: _Item) -> tuple[bool, str]:
    if not a.slot or not b.slot:
        return False, ""
    sim = title_similarity(a.slot.title, b.slot.title)
    if a.slot.code and a.slot.code == b.slot.code and sim >= 0.6:
        return True, f"same priority slot {a.slot.code} ('{b.slot.title}')"
    if sim >= 0.85:
        return True, f"same priority ('{b.slot.title}')"
    return False, ""


def _score_pair(later: _Item, earlier: _Item, later_year: int) -> tuple[float, list[str]] | None:
    sim = title_similarity(later.rec.title, earlier.rec.title)
    shared = later.owners & earlier.owners
    slot, slot_why = _same_slot(later, earlier)
    carried = carried_to(earlier.rec.comments)
    carried_here = carried is True or carried == later_year
    ok = (
        sim >= _ACCEPT["identical"]
        or (sim >= _ACCEPT["with_owner_or_slot"] and (shared or slot))
        or (sim >= _ACCEPT["with_owner_and_slot"] and shared and slot)
        or (sim >= _ACCEPT["carried"] and carried_here)
    )
    if not ok:
        return None
    why = [f"title similarity {sim:.2f}"]
    if shared:
        why.append("shared owners: " + ", ".join(sorted(_NAMES.get(s, s) for s in shared)))
    if slot:
        why.append(slot_why)
    if carried_here:
        why.append(f"comment: '{_CARRIED.search(earlier.rec.comments).group(0).strip()}'")
    score = 0.6 * sim + (0.2 if shared else 0) + (0.15 if slot else 0) + (0.05 if carried_here else 0)
    return round(min(score, 1.0), 3), why


def _link_plans(later: list[_Item], earlier: list[_Item], later_year: int) -> list[Succession]:
    scored = []
    for i, j in _candidates(later, earlier):
        found = _score_pair(later[i], earlier[j], later_year)
        if found:
            scored.append((found[0], i, j, found[1]))
    scored.sort(key=lambda t: (-t[0], later[t[1]].rec.key, earlier[t[2]].rec.key))
    used_later, used_earlier, out = set(), set(), []
    for score, i, j, why in scored:  # one predecessor each, best first
        if i in used_later or j in used_earlier:
            continue
        used_later.add(i)
        used_earlier.add(j)
        out.append(Succession(later=later[i].rec.key, earlier=earlier[j].rec.key, score=score, evidence=why))
    return out


def _link_milestones(edges: list[Succession], children, owners_of) -> list[Succession]:
    """Milestones under two linked activities that are clearly the same deliverable."""
    out = []
    for edge in edges:
        late = [r for r in children.get(edge.later, []) if r.kind == Kind.MILESTONE]
        early = [r for r in children.get(edge.earlier, []) if r.kind == Kind.MILESTONE]
        scored = []
        for a in late:
            for b in early:
                sim = title_similarity(a.title, b.title)
                shared = owners_of(a) & owners_of(b)
                if sim >= _MILESTONE["identical"] or (sim >= _MILESTONE["with_owner"] and shared):
                    why = [f"title similarity {sim:.2f}", "under activities linked by SUCCEEDS"]
                    if shared:
                        why.append("shared owners: " + ", ".join(sorted(_NAMES.get(s, s) for s in shared)))
                    scored.append((round(0.7 * sim + (0.2 if shared else 0) + 0.1, 3), a.key, b.key, why))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        used_a, used_b = set(), set()
        for score, a, b, why in scored:
            if a in used_a or b in used_b:
                continue
            used_a.add(a)
            used_b.add(b)
            out.append(Succession(later=a, earlier=b, score=min(score, 1.0), evidence=why))
    return out


# ---------------------------------------------------------------------------- outcomes and chains


def outcomes(records: Iterable[ItemRecord], successions: Iterable[Succession]) -> list[Outcome]:
    """Classify every activity with no successor although a later plan year is loaded."""
    records = list(records)
    succeeded = {s.earlier for s in successions}
    years = sorted({plan_start(r.plan) for r in records if r.kind == Kind.ACTIVITY and plan_start(r.plan)})
    plan_of_year = {plan_start(r.plan): r.plan for r in records}
    child_comments: dict[str, list[str]] = defaultdict(list)
    for c in records:
        if c.parent_key and c.comments:
            child_comments[c.parent_key].append(c.comments)
    out = []
    for r in records:
        if r.kind != Kind.ACTIVITY or r.key in succeeded:
            continue
        y = plan_start(r.plan)
        later = [x for x in years if x > y]
        if not later:
            continue
        carried = carried_to(r.comments) or next(
            (x for x in map(carried_to, child_comments.get(r.key, [])) if x), None)
        cat = r.status_category
        if cat == StatusCategory.COMPLETED or r.percent == 100:
            outcome, reason = "completed", f"status {r.status or ''} {'' if r.percent is None else f'{r.percent}%'}"
        elif carried and (carried is True or carried not in later):
            outcome, reason = "carried_over", "a comment says it was carried over to a plan that is not loaded"
        elif cat in (StatusCategory.LATE, StatusCategory.ON_TARGET) or (r.percent is not None and r.percent < 100):
            outcome, reason = "dropped_unfinished", f"last reported {r.status or 'no status'}" + (
                f", {r.percent}%" if r.percent is not None else "")
        elif cat == StatusCategory.CANCELLED:
            outcome, reason = "dropped_unfinished", "cancelled"
        else:
            outcome, reason = "no_status", "the document reports no status"
        out.append(Outcome(key=r.key, source=r.source, line=r.line, plan=r.plan, kind=r.kind.value, code=r.code,
                           title=r.title, status=r.status, percent=r.percent, officers=r.officers,
                           outcome=outcome, reason=reason.strip(), later_plan=plan_of_year[later[0]]))
    return sorted(out, key=lambda o: (plan_start(o.plan), o.source, o.line))


def chains(records: Iterable[ItemRecord], successions: Iterable[Succession], kind: Kind | None = Kind.ACTIVITY
           ) -> list[list[str]]:
    """SUCCEEDS chains as lists of item keys, latest first; longest chains first."""
    kinds = {r.key: r.kind for r in records}
    earlier_of = {s.later: s.earlier for s in successions if kind is None or kinds.get(s.later) == kind}
    has_later = set(earlier_of.values())
    out = []
    for head in earlier_of:
        if head in has_later:
            continue
        chain = [head]
        while chain[-1] in earlier_of and len(chain) < 100:
            chain.append(earlier_of[chain[-1]])
        out.append(chain)
    return sorted(out, key=lambda c: (-len(c), c[0]))


def lineage_report(records: Iterable[ItemRecord], successions: Iterable[Succession], dropped: bool = False
                   ) -> list[dict]:
    """What ``graph lineage`` prints: SUCCEEDS chains of activities across plan years,
    longest first, each link with its score and evidence; with ``dropped``, the activities
    no later loaded plan carries forward that were left unfinished."""
    records = list(records)
    successions = list(successions)
    if dropped:
        return [o.model_dump() for o in outcomes(records, successions) if o.outcome == "dropped_unfinished"]
    by_key = {r.key: r for r in records}
    edge = {s.later: s for s in successions}
    rows = []
    for chain in chains(records, successions):
        items = []
        for k in chain:
            r = by_key[k]
            link_ = edge.get(k)
            items.append({"source": r.source, "line": r.line, "plan": r.plan, "kind": r.kind.value, "code": r.code,
                          "title": r.title, "status": r.status, "percent": r.percent,
                          "score": link_.score if link_ else None,
                          "evidence": list(link_.evidence) if link_ else []})
        rows.append({"length": len(chain), "plans": [i["plan"] for i in items], "items": items})
    return rows
