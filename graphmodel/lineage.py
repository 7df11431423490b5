"""Lineage: which item in an earlier plan year each item carries forward (SUCCEEDS edges).

``link(records, resolution)`` links each activity to the same piece of work in the
*nearest earlier* plan year loaded, and a milestone to the same deliverable under the
activity its own activity succeeds (a recurring deliverable planned again is the same one;
"phase 4" after "phase 3" is not: see ``_link_milestones``). Precision first: a wrong link misleads a governance
review more than a missing one, so an edge needs either a near-identical title, or a
similar title backed by a shared owner or the same priority slot (or a comment saying the
item was carried over). Each later item gets at most one predecessor and each earlier
item at most one successor (best score first).

Several councils can be loaded together, and documents do not name their council: plans
are grouped into publishers by the officers they name (``publishers``), and an item is
never linked to another publisher's. A similar title alone links only when the two plans
are known to share a publisher (or only one is loaded).

Candidates are blocked, never all pairs: an earlier item is compared only with later
items of its publisher sharing a distinctive title word (a word in few titles) or an
owner in the same priority slot, so the work grows with the number of items, not its square.

``outcomes`` classifies every activity that has no successor although a later plan is
loaded, by ``graphmodel.definitions.outcome``: ``completed``, ``cancelled``, ``dropped_unfinished``
(: what scrutiny committees look for), ``carried_over`` (its comment says it went to
a plan that is not loaded) or ``no_status``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain as _chain

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from graphmodel import definitions as fig
from graphmodel.gcpause import gc_paused
from graphmodel.identity import Resolution, plan_start
from graphmodel.schema import ItemRecord, Kind


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
    outcome: str  # graphmodel.definitions.OUTCOMES: completed | cancelled | dropped_unfinished | carried_over | no_status
    reason: str
    later_plan: str  # the next loaded plan year, which does not carry it


# ---------------------------------------------------------------------------- text

_STOP = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "our", "we", "its", "their",
    "through", "from", "at", "as", "all", "that", "this", "is", "are", "be", "including", "whilst", "while",
    "within", "across", "into", "more", "further", "new", "s",
}
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@lru_cache(maxsize=1 << 18)
def _title_words(title: str) -> tuple[str, ...]:
    text = title.lower().replace("&", " and ").replace("'", "")
    return tuple(_stem(w) for w in _WORD.findall(text) if w not in _STOP)


def title_words(title: str) -> list[str]:
    """The distinctive words of a title: lower case, stop words dropped, lightly stemmed."""
    return list(_title_words(title))


@lru_cache(maxsize=1 << 18)
def _prepared(title: str) -> tuple[str, frozenset[str]] | None:
    """A title as ``title_similarity`` compares it: its sorted words joined, and their set."""
    words = _title_words(title)
    return (" ".join(sorted(words)), frozenset(words)) if words else None


def title_similarity(a: str, b: str) -> float:
    """0..1: how alike two titles are, order-insensitive, ignoring filler words."""
    pa, pb = _prepared(a), _prepared(b)
    if pa is None or pb is None:
        return 0.0
    return _similarity(pa, pb)


def _similarity(pa: tuple[str, frozenset[str]], pb: tuple[str, frozenset[str]]) -> float:
    (sa, set_a), (sb, set_b) = pa, pb
    sort_ratio = fuzz.token_sort_ratio(sa, sb) / 100
    set_ratio = fuzz.token_set_ratio(sa, sb) / 100
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    # token_set alone calls "Support ESOL" the same as "Support lifelong learning, including ESOL";
    # the mean keeps short subsets from scoring as high as rewordings
    sim = (sort_ratio + set_ratio + jaccard) / 3
    short, long_ = (set_a, set_b) if len(set_a) <= len(set_b) else (set_b, set_a)
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
    low = comments.lower()
    if "carr" not in low and "roll" not in low:  # what the pattern needs, found fast
        return None
    m = _CARRIED.search(comments)
    if not m:
        return None
    year = _PLAN_YEAR.search(m.group(1))
    return 2000 + int(year.group(1)) if year else True


# ---------------------------------------------------------------------------- publishers

_MIN_SHARED_PEOPLE = 2  # two documents of one publisher share at least this many named officers...
_MIN_PEOPLE_OVERLAP = 0.1  # ...and this share of the smaller document's named officers
_MIN_SHARED_TITLES = 3  # a document naming nobody joins a publisher by this many identical activity titles...
_MIN_TITLE_OVERLAP = 0.3  # ...and this share of its own activity titles


def publishers(records: Iterable[ItemRecord], resolution: Resolution) -> dict[str, int]:
    """Which documents come from one publisher (a council): source -> publisher number.

    Documents do not name their council, but one council's plans name the same officers year
    after year, and two councils' plans name none in common. Two documents are joined when they
    share ``_MIN_SHARED_PEOPLE`` named officers (posts such as "Head of Finance" do not count)
    making ``_MIN_PEOPLE_OVERLAP`` of the smaller document's, so one officer who moved between
    councils joins nothing. A document is compared with those of its own plan year and, for
    each officer it names, those of the latest earlier year naming that officer: a bounded
    number of documents each, never all pairs.
    A document that names nobody (an overdue list) joins the documents it shares
    ``_MIN_SHARED_TITLES`` identical activity titles with, making ``_MIN_TITLE_OVERLAP`` of its
    own. Publishers are what these joins connect. A document with neither is left out: it is
    compared with every publisher, as before.

    Returns a publisher number for each document with evidence (documents missing from the
    dict have none)."""
    people: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    start: dict[str, int] = {}
    post = {pid for pid, p in resolution.people.items() if p.is_post}
    officer_of = resolution.officer_of
    for r in records:
        if r.source not in start:
            start[r.source] = plan_start(r.plan)
        for o in r.owners:
            pid = officer_of.get(o.name)
            if pid is not None and pid not in post:
                people[r.source].add(pid)
        if r.kind == Kind.ACTIVITY:
            titles[r.source].add(" ".join(r.title.lower().split()))

    parent = {s: s for s in start}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    def join(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # people: documents of one plan year, and those of the latest earlier year naming the
    # same officer (years apart when the plans between name nobody)
    named_in: dict[tuple[int, str], list[str]] = defaultdict(list)  # (year, officer) -> documents
    for src, ids in people.items():
        for pid in ids:
            named_in[(start[src], pid)].append(src)
    last_year: dict[str, int] = {}  # officer -> the latest plan year before the current one naming them
    by_year: dict[int, list[str]] = defaultdict(list)
    for src in people:
        by_year[start[src]].append(src)
    for y in sorted(by_year):
        for src in by_year[y]:
            ids = people[src]
            shared: Counter = Counter()
            for pid in ids:
                shared.update(named_in[(y, pid)])
                if pid in last_year:
                    shared.update(named_in[(last_year[pid], pid)])
            for other, n in shared.items():
                if other != src and n >= _MIN_SHARED_PEOPLE and n >= _MIN_PEOPLE_OVERLAP * min(
                        len(ids), len(people[other])):
                    join(src, other)
        for src in by_year[y]:
            for pid in people[src]:
                last_year[pid] = y
    # documents naming nobody: through the activities they print
    listed_in: dict[str, list[str]] = defaultdict(list)
    for src, ts in titles.items():
        for t in ts:
            listed_in[t].append(src)
    joined = set(people)
    for src, ts in titles.items():
        if src in people:
            continue
        shared = Counter(_chain.from_iterable(listed_in[t] for t in ts))
        for other, n in shared.items():
            if other != src and n >= _MIN_SHARED_TITLES and n >= _MIN_TITLE_OVERLAP * len(ts):
                join(src, other)
                joined |= {src, other}
    roots: dict[str, int] = {}
    return {src: roots.setdefault(find(src), len(roots)) for src in sorted(start) if src in joined}


# ---------------------------------------------------------------------------- link

# "with_owner_or_slot" was 0.68: every hand-labelled sample pair below 0.9 has both a shared lead
# and the same slot, and on the generated corpora (small, used to choose; medium and large,
# checked) every link with only one of them below 0.8 joined two different pieces of work
# (another activity on the same subject under the same heading or lead)
_ACCEPT = {"identical": 0.9, "with_owner_or_slot": 0.8, "with_owner_and_slot": 0.45, "carried": 0.5}
_MILESTONE = {"identical": 0.88, "with_owner": 0.72, "own": 0.6}
_MAX_DF_SHARE = 0.05  # a word in more than this share of the earlier plan's titles does not block
_MAX_BLOCK = 60  # no block holds more earlier items than this (so no all-pairs on a big corpus)
_MAX_CANDIDATES = 40  # earlier items scored per later item, those sharing the most blocks
_PAIR_WORDS = 8  # common words of a title paired into blocks (its least common ones)


_NAMES: dict[str, str] = {}  # node id -> name shown in evidence (set by link)


class _Item:
    def __init__(self, rec: ItemRecord, owners: set[str], slot: ItemRecord | None, publisher: int | None = None
                 ) -> None:
        self.rec = rec
        self.publisher = publisher
        self.key = rec.key
        self.owners = owners
        self.slot = slot
        self.words = title_words(rec.title)
        self.prepared = _prepared(rec.title)
        self.carried = carried_to(rec.comments)
        self.slot_key = (slot.code, slot.title) if slot else None
        self.sig = (rec.title, frozenset(owners), self.slot_key, publisher)  # copies of one item share it


def link(records: Iterable[ItemRecord], resolution: Resolution) -> list[Succession]:
    """Return the SUCCEEDS edges: each activity (and milestone) to its predecessor in the
    nearest earlier plan year loaded, with a score and the evidence for it."""
    # Linking allocates many small objects that hold no reference cycles while the loaded
    # records fill the heap: the cyclic collector's full passes over that heap took a third
    # of the time at 100k items, and more per item the bigger the corpus (profiled).
    with gc_paused():
        return _link(list(records), resolution)


def _link(records: list[ItemRecord], resolution: Resolution) -> list[Succession]:
    _NAMES.clear()
    _NAMES.update({p.id: p.name for p in resolution.people.values()})
    _NAMES.update({m.id: m.name for m in resolution.members.values()})
    by_key = {r.key: r for r in records}
    children: dict[str, list[ItemRecord]] = defaultdict(list)
    for r in records:
        if r.parent_key:
            children[r.parent_key].append(r)

    officer_of, member_of = resolution.officer_of, resolution.member_of

    def owners_of(r: ItemRecord) -> set[str]:
        ids = {officer_of[o.name] for o in r.owners if o.name in officer_of}
        if r.members:
            ids |= {member_of[m] for m in r.members if m in member_of}
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

    publisher = publishers(records, resolution)
    activities: dict[int, list[_Item]] = defaultdict(list)
    starts: dict[str, int] = {}
    for r in records:
        if r.kind == Kind.ACTIVITY:
            own = owners_of(r)
            for child in children.get(r.key, []):  # "key deliverables" name the officers
                own |= {officer_of[o.name] for o in child.owners if o.name in officer_of}
            if r.plan not in starts:
                starts[r.plan] = plan_start(r.plan)
            activities[starts[r.plan]].append(_Item(r, own, priority_of(r), publisher.get(r.source)))

    years = sorted(y for y in activities if y)
    result: list[Succession] = []
    for i, year in enumerate(years[1:], start=1):
        earlier_year = years[i - 1]
        edges = _link_plans(activities[year], activities[earlier_year], year)
        result.extend(edges)
        result.extend(_link_milestones(edges, children, owners_of, by_key))
    return sorted(result, key=lambda s: (s.later, s.earlier))


def _candidates(later: list[_Item], earlier: list[_Item]) -> list[tuple[int, int]]:
    """Blocked pairs (later index, earlier index), each item its own group (see ``_group_candidates``)."""
    return _group_candidates([[x] for x in later], [[x] for x in earlier])


def _group_candidates(later: list[list[_Item]], earlier: list[list[_Item]]) -> list[tuple[int, int]]:
    """Blocked pairs (later group, earlier group), each group the copies of one item (see
    ``_groups``): a shared distinctive word, or a shared owner in the same priority slot.

    A later item of a known publisher is looked up only among the earlier items of its own
    publisher and of none (see ``publishers``), so the blocks, and the work per item, do not
    grow with the number of councils loaded. Every block is capped (see ``_Blocks``) and a
    later item keeps at most ``_MAX_CANDIDATES`` earlier items, those sharing the most blocks."""
    in_earlier = {g[0].publisher for g in earlier}
    in_later = {g[0].publisher for g in later}
    by_publisher: dict[int, list[int]] = defaultdict(list)
    for j, g in enumerate(earlier):
        if g[0].publisher is not None:
            by_publisher[g[0].publisher].append(j)
    scoped = {pub: _Blocks(earlier, js) for pub, js in by_publisher.items()}
    # a publisher with no document in the other plan year (officers all changed over a gap of
    # years, or one plan loaded alone) is compared with every such publisher
    gone = [pub for pub in scoped if pub not in in_later]

    def top(hits: Counter) -> Iterable[int]:
        return sorted(hits, key=lambda j: (-hits[j], j))[:_MAX_CANDIDATES] if len(hits) > _MAX_CANDIDATES else hits

    pairs: set[tuple[int, int]] = set()
    open_later = []
    for i, g in enumerate(later):
        pub = g[0].publisher
        if pub is None:
            open_later.append(i)
            continue
        hits: Counter = Counter()
        for scope in [pub] if pub in in_earlier else gone:
            hits.update(scoped[scope].hits(g[0]))
        pairs.update((i, j) for j in top(hits))
    # a plan naming nobody may be any publisher's: its items are looked up in blocks of the
    # whole other plan year, built once, so the work stays linear however many councils are loaded
    if open_later:
        everyone = _Blocks(earlier, range(len(earlier)))
        for i in open_later:
            pairs.update((i, j) for j in top(everyone.hits(later[i][0])))
    open_earlier = [j for j, g in enumerate(earlier) if g[0].publisher is None]
    known_later = [i for i, g in enumerate(later) if g[0].publisher is not None]
    if open_earlier and known_later:
        everyone_later = _Blocks(later, known_later)
        for j in open_earlier:
            pairs.update((i, j) for i in top(everyone_later.hits(earlier[j][0])))
    return sorted(pairs)


class _Blocks:
    """Earlier items blocked by title words and by owner in a priority slot.

    Every block is capped at ``_MAX_BLOCK`` earlier items (copies count once), so the work per
    later item is bounded and the whole grows linearly: a word too common to block alone
    blocks together with another word of the title, and an owner with too many items in one
    slot blocks together with a word of the title."""

    def __init__(self, earlier: list[list[_Item]], which: Iterable[int]) -> None:
        which = list(which)
        n_earlier = sum(len(earlier[j]) for j in which)
        df: dict[str, int] = defaultdict(int)
        for j in which:
            for w in set(earlier[j][0].words):
                df[w] += len(earlier[j])
        self.df = df
        self.limit = min(max(3, int(_MAX_DF_SHARE * n_earlier)), _MAX_BLOCK)
        # pairs of common words only block once a plan is big enough for the cap to bite
        self.use_pairs = True
        by_key: dict = defaultdict(list)  # key -> earlier groups
        for j in which:
            e = earlier[j][0]
            for k in self.word_keys(e):
                by_key[k].append(j)
            for o in e.owners:
                by_key[("\0owner", o, _slot_code(e))].append(j)
        self.big_owner_slots = {k for k, v in by_key.items()
                                if type(k) is tuple and k[0] == "\0owner" and len(v) > _MAX_BLOCK}
        for j in which:
            e = earlier[j][0]
            for o in e.owners:
                if ("\0owner", o, _slot_code(e)) in self.big_owner_slots:
                    for w in set(e.words):
                        by_key[("\0owner", o, _slot_code(e), w)].append(j)
        self.blocks = {k: v for k, v in by_key.items() if len(v) <= _MAX_BLOCK}

    def word_keys(self, item: _Item) -> list:
        df, limit = self.df, self.limit
        ws = sorted(set(item.words))
        keys: list = [w for w in ws if df.get(w, 0) <= limit]
        if self.use_pairs:
            # the least common few, so a long title adds a bounded number of keys
            common = sorted((w for w in ws if df.get(w, 0) > limit), key=lambda w: (df.get(w, 0), w))[:_PAIR_WORDS]
            common.sort()
            keys += [(a, b) for n, a in enumerate(common) for b in common[n + 1:]]
        return keys

    def hits(self, item: _Item) -> Counter:
        """Earlier groups sharing a block with ``item``, with how many blocks each shares."""
        keys = self.word_keys(item)
        for o in item.owners:
            k = ("\0owner", o, _slot_code(item))
            keys += [k + (w,) for w in set(item.words)] if k in self.big_owner_slots else [k]
        blocks = self.blocks
        return Counter(_chain.from_iterable(block for block in map(blocks.get, keys) if block))


def _slot_code(item: _Item) -> str:
    return (item.slot.code or "") if item.slot else ""


def _same_slot(a: _Item, b: _Item) -> tuple[bool, str]:
    if a.slot_key is None or b.slot_key is None:
        return False, ""
    return _same_slot_titles(a.slot_key, b.slot_key)


def _same_slot_titles(slot_a: tuple[str | None, str], slot_b: tuple[str | None, str]) -> tuple[bool, str]:
    (code_a, title_a), (code_b, title_b) = slot_a, slot_b
    sim = title_similarity(title_a, title_b)
    if code_a and code_a == code_b and sim >= 0.6:
        return True, f"same priority slot {code_a} ('{title_b}')"
    if sim >= 0.85:
        return True, f"same priority ('{title_b}')"
    return False, ""


def _score_pair(later: _Item, earlier: _Item, later_year: int,
                slot_cache: dict | None = None, unsure_publisher: bool = False) -> tuple[float, list[str]] | None:
    """The score and evidence of ``later`` succeeding ``earlier``, or None when too weak.
    With ``unsure_publisher`` (the two plans may come from different councils) a similar
    title alone is not enough: it needs a shared owner, the same slot or a carried-over comment."""
    pa, pb = later.prepared, earlier.prepared
    shared = later.owners & earlier.owners
    carried = earlier.carried
    carried_here = carried is True or carried == later_year
    if pa is None or pb is None:
        return None  # no words: similarity 0, below every threshold

    def same_slot() -> tuple[bool, str]:
        if later.slot_key is None or earlier.slot_key is None:
            return False, ""
        if slot_cache is None:
            return _same_slot(later, earlier)
        pair = (later.slot_key, earlier.slot_key)
        found = slot_cache.get(pair)
        if found is None:
            found = slot_cache[pair] = _same_slot_titles(*pair)
        return found

    slot_found = None
    if not shared and not carried_here:
        # without a slot only a near-identical title can pass, and sim <= (2 + jaccard) / 3
        # (or 0.9 when one title holds the other): most pairs are dropped before rapidfuzz
        short, long_ = (pa[1], pb[1]) if len(pa[1]) <= len(pb[1]) else (pb[1], pa[1])
        jaccard = len(short & long_) / len(short | long_)
        if (2 + jaccard) / 3 < _ACCEPT["identical"] - 0.01 and not (len(short) >= 5 and short <= long_):
            slot_found = same_slot()
            if not slot_found[0]:
                return None
    sim = _similarity(pa, pb)
    if sim < min(_ACCEPT.values()):
        return None
    slot, slot_why = slot_found or same_slot()
    ok = (
        (sim >= _ACCEPT["identical"] and not unsure_publisher)
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


def _groups(items: list[_Item], with_comments: bool) -> list[list[int]]:
    """Indices of ``items`` grouped into copies: the same item printed in several documents
    of a plan year, which ``_score_pair`` cannot tell apart. In order of first appearance."""
    ids: dict[tuple, list[int]] = {}
    for n, it in enumerate(items):
        ids.setdefault((it.sig, it.rec.comments) if with_comments else it.sig, []).append(n)
    return list(ids.values())


def _link_plans(later: list[_Item], earlier: list[_Item], later_year: int) -> list[Succession]:
    # copies are blocked and scored once per pair of groups
    later_groups = _groups(later, with_comments=False)
    earlier_groups = _groups(earlier, with_comments=True)
    scored = []
    slot_cache: dict = {}
    # with several councils loaded, a plan that names nobody (see ``publishers``) may be any of them's
    several_earlier = len({e.publisher for e in earlier} - {None}) > 1
    several_later = len({x.publisher for x in later} - {None}) > 1
    for gi, gj in _group_candidates([[later[i] for i in g] for g in later_groups],
                                    [[earlier[j] for j in g] for g in earlier_groups]):
        a, b = later[later_groups[gi][0]], earlier[earlier_groups[gj][0]]
        unsure = (a.publisher != b.publisher if a.publisher is not None and b.publisher is not None
                  else (a.publisher is None and several_earlier) or (b.publisher is None and several_later))
        found = _score_pair(a, b, later_year, slot_cache, unsure)
        if found:
            scored.extend((found[0], i, j, found[1]) for i in later_groups[gi] for j in earlier_groups[gj])
    scored.sort(key=lambda t: (-t[0], later[t[1]].key, earlier[t[2]].key))
    used_later, used_earlier, out = set(), set(), []
    for score, i, j, why in scored:  # one predecessor each, best first
        if i in used_later or j in used_earlier:
            continue
        used_later.add(i)
        used_earlier.add(j)
        out.append(Succession(later=later[i].key, earlier=earlier[j].key, score=score, evidence=list(why)))
    return out


def _link_milestones(edges: list[Succession], children, owners_of, by_key: dict[str, ItemRecord]
                     ) -> list[Succession]:
    """Milestones under two linked activities that are clearly the same deliverable.

    A deliverable is the same when its title is (near) the same, reworded or repeated: the
    samples plan "Review annual projections and adjust short, medium and long term planning
    accordingly" again in 2014/15 after completing it in 2012/13, and that is its lineage. Two
    things make a similar title a different deliverable:

    - what the title adds to its activity's subject: milestones of one activity share that
      subject ("... the street lighting replacement programme"), so "Secure funding for" it and
      "Review the impact of" it are alike as whole titles, and different deliverables;
    - a number, ordinal, date or name put in another's place: "phase 3" then "phase 4", "Hold 3
      events" then "Hold 4", "(April 2012)" then "(July 2012)", a strategy "to 2020" then one "to
      2024" (the samples' 2012/13 one was completed), "Start on site ... in Northgate" then "...
      in Riverside". One on one title only is no conflict: "(April 2012)" after a title notes
      its deadline (the samples carry such a milestone into 2014/15 without it).

    Among candidates the closest title wins; a shared owner only breaks ties."""
    out = []
    owners: dict[int, set[str]] = {}
    sims: dict[tuple[str, str], float] = {}

    def owners_once(r: ItemRecord) -> set[str]:
        found = owners.get(id(r))
        if found is None:
            found = owners[id(r)] = owners_of(r)
        return found

    def similarity(a: str, b: str) -> float:
        found = sims.get((a, b))
        if found is None:
            found = sims[(a, b)] = title_similarity(a, b)
        return found

    for edge in edges:
        late = [r for r in children.get(edge.later, []) if r.kind == Kind.MILESTONE]
        early = [r for r in children.get(edge.earlier, []) if r.kind == Kind.MILESTONE]
        if not late or not early:
            continue
        subject = None  # the words of both activity titles, once a pair needs them
        scored = []
        for a in late:
            for b in early:
                sim = similarity(a.title, b.title)
                shared = owners_once(a) & owners_once(b)
                if not (sim >= _MILESTONE["identical"] or (sim >= _MILESTONE["with_owner"] and shared)):
                    continue
                if _put_in_place(a.title, b.title):
                    continue
                if subject is None:
                    subject = frozenset(_chain.from_iterable(
                        _title_words(by_key[k].title) for k in (edge.later, edge.earlier) if k in by_key))
                if _own_similarity(a.title, b.title, subject) < _MILESTONE["own"]:
                    continue
                why = [f"title similarity {sim:.2f}", "under activities linked by SUCCEEDS"]
                if shared:
                    why.append("shared owners: " + ", ".join(sorted(_NAMES.get(s, s) for s in shared)))
                scored.append((sim, round(0.7 * sim + (0.2 if shared else 0) + 0.1, 3), a.key, b.key, why))
        # the closest title first, a shared owner only between equals: "Set targets for X" is
        # the same deliverable as "Set targets for X" led by another officer sooner than as
        # "Set targets for X (September 2016)", a second one in that plan, led by the same
        scored.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
        used_a, used_b = set(), set()
        for _, score, a, b, why in scored:
            if a in used_a or b in used_b:
                continue
            used_a.add(a)
            used_b.add(b)
            out.append(Succession(later=a, earlier=b, score=min(score, 1.0), evidence=why))
    return out


def _own_similarity(a: str, b: str, subject: frozenset[str]) -> float:
    """How alike two milestone titles are in what they add to their activities' ``subject``
    (the words of both activity titles); 1.0 when either adds nothing, as then the whole
    title is all there is to compare."""
    own_a = [w for w in _title_words(a) if w not in subject]
    own_b = [w for w in _title_words(b) if w not in subject]
    if not own_a or not own_b:
        return 1.0
    return _similarity((" ".join(sorted(own_a)), frozenset(own_a)), (" ".join(sorted(own_b)), frozenset(own_b)))


_MONTH = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for m in names}
_ORDINAL = {w: n for n, w in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), start=1)}
# after these a number word or roman numeral counts ("phase two", "Stage II"); elsewhere
# "one" and "i" are ordinary words ("One Tower Hamlets")
_COUNTED = {"phase", "stage", "part", "tranche", "wave", "step", "round", "year", "level"}
_NUMBER_WORD = {w: n for n, w in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1)} | {
    w: n for n, w in enumerate(("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"), start=1)}
_TOKEN = re.compile(r"[a-z]+|\d+")
_SPAN = re.compile(r"\b((19|20)\d\d)\s*[/-]\s*(\d\d)\b")  # "2012/13" -> 2012 2013, as "2012/2013" reads


@lru_cache(maxsize=1 << 16)
def _numbers(title: str) -> Counter:
    """The numbers, ordinals and months a title holds ("Deliver phase 3 ... (April 2012)" ->
    3, 2012 and month 4), as comparable values."""
    text = _SPAN.sub(lambda m: f"{m.group(1)} {m.group(2)}{m.group(3)}", title.lower())
    tokens = _TOKEN.findall(text)
    found: Counter = Counter()
    for n, t in enumerate(tokens):
        before = tokens[n - 1] if n else ""
        after = tokens[n + 1] if n + 1 < len(tokens) else ""
        if t.isdigit():
            found[int(t)] += 1
        elif t in _MONTH and (t != "may" or before.isdigit() or after.isdigit()):  # "may" is mostly the verb
            found[f"month {_MONTH[t]}"] += 1
        elif t in _ORDINAL:
            found[_ORDINAL[t]] += 1
        elif t in _NUMBER_WORD and before in _COUNTED:
            found[_NUMBER_WORD[t]] += 1
    return found


_CAPITALISED = re.compile(r"(?<![\w'])[A-Z][\w'&-]*")


@lru_cache(maxsize=1 << 16)
def _proper_names(title: str) -> frozenset[str] | None:
    """The title's words printed with a capital after its first word: names of places, bodies
    and programmes ("in Northgate", "to Cabinet"), as ``title_words`` spells them. None for a
    title in capitals throughout (Title Case), where a capital tells nothing."""
    words = title.split()
    caps = _CAPITALISED.findall(" ".join(words[1:]))
    if len(caps) > 0.5 * max(len(words) - 1, 1):
        return None
    return frozenset(_chain.from_iterable(_title_words(c) for c in caps))


def _put_in_place(a: str, b: str) -> bool:
    """True when each title holds a number (ordinal, month) or a name the other lacks: one put
    in the other's place ("phase 3" / "phase 4", "in Northgate" / "in Riverside"). One on
    one side only is no conflict: "(April 2012)" added to a title notes its deadline."""
    na, nb = _numbers(a), _numbers(b)
    if na and nb and na - nb and nb - na:
        return True
    names_a, names_b = _proper_names(a), _proper_names(b)
    if not names_a or not names_b:
        return False
    return bool(names_a.difference(_title_words(b)) and names_b.difference(_title_words(a)))


# ---------------------------------------------------------------------------- outcomes and chains


def outcomes(records: Iterable[ItemRecord], successions: Iterable[Succession]) -> list[Outcome]:
    """Every activity with no successor although a later plan year is loaded, with its outcome
    (``graphmodel.definitions.outcome``: completed, cancelled, dropped, carried_over or no_status)."""
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
        cat = fig.category(r.status_category, r.percent)
        outcome = fig.outcome("activity", cat, r.percent, False, True,
                              carried_over(r.comments, child_comments.get(r.key, []), later))
        out.append(Outcome(key=r.key, source=r.source, line=r.line, plan=r.plan, kind=r.kind.value, code=r.code,
                           title=r.title, status=r.status, percent=r.percent, officers=r.officers,
                           outcome=outcome, reason=_REASONS[outcome](r), later_plan=plan_of_year[later[0]]))
    return sorted(out, key=lambda o: (plan_start(o.plan), o.source, o.line))


def carried_over(comments: str | None, child_comments: Iterable[str], later_years: Iterable[int]) -> bool:
    """True when ``comments`` (else one of ``child_comments``, its milestones') say the item was
    carried over to a plan year that is not among ``later_years`` (the loaded later plans)."""
    carried = carried_to(comments) or next((x for x in map(carried_to, child_comments) if x), None)
    return bool(carried) and (carried is True or carried not in set(later_years))


def _percent(r: ItemRecord) -> str:
    return "" if r.percent is None else f", {r.percent}%"


_REASONS = {
    "completed": lambda r: (f"status {r.status}" if r.status else "completed by percent") + _percent(r),
    "cancelled": lambda r: "cancelled",
    "carried_over": lambda r: "a comment says it was carried over to a plan that is not loaded",
    "dropped_unfinished": lambda r: f"last reported {r.status or 'no status'}{_percent(r)}",
    "no_status": lambda r: "the document reports no status",
}


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
        return [o.model_dump() for o in outcomes(records, successions) if o.outcome == fig.DROPPED]
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
