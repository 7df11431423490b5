"""Identity resolution: one node per person, lead member, board and directorate.

``resolve(records, aliases)`` maps every name as printed to the id of the node it stands for.

People
    Printed names are first grouped by a normalised key (case, accents, punctuation and
    spacing removed: "Judith St. John" = "Judith St John"). Two groups are then merged
    automatically only on strong evidence: the names differ by one edit in one word while
    the other words are equal (rapidfuzz Levenshtein), *and* the two share context (a
    directorate or one of its predecessors/successors, a co-owner, a board, or the same
    document). Weaker pairs become ``Candidate``s, listed by ``graph people --review``.
    A post ("Divisional Director Community Safety") is marked ``is_post`` and never merged
    by similarity. An owner cell that runs two known names together ("Andy Scott Ann
    Sutcliffe") is split into the two people.
Aliases
    The decisions of a person, kept in a small TOML file (see ``graphmodel.aliases``):
    ``[same]`` confirms a merge and names the canonical spelling, ``[different]`` rejects
    a merge, ``[rename]`` sets the name shown. Aliases are applied on every load, so a
    removed line undoes its merge on the next load.
Directorates
    One node per directorate as printed (case aside), with its full name where known and
    the later directorate(s) that took over its people (``successors``), evidenced by the
    officers who moved across when it disappeared. ``directorate_family`` expands "PLACE
    and its predecessors".
Members and boards
    Members are a cabinet portfolio or a named councillor (``member_kind``); a truncated
    role ("Cabinet Member for Strategic") resolves to the one full role it starts (in its own
    document first); one cut short mid-phrase that matches no single role ("Cabinet Member for")
    gets no node and is a review candidate (``kind`` "member").
    Boards are one node per normalised name ("&" = "and", plural slips).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel, Field
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from graphmodel.aliases import Aliases
from graphmodel.schema import ItemRecord, Owner
from loaders.roles import ends_mid_phrase, is_post


class Person(BaseModel):
    id: str
    name: str
    variants: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    plans: list[str] = Field(default_factory=list)
    directorates: list[str] = Field(default_factory=list)
    items: int = 0  # items owned
    is_post: bool = False  # a post ("Divisional Director Community Safety"), not a named person
    evidence: list[str] = Field(default_factory=list)  # why variants were merged


class MemberNode(BaseModel):
    id: str
    name: str
    member_kind: str  # "portfolio" (a cabinet role) or "councillor" (a named person)
    variants: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class BoardNode(BaseModel):
    id: str
    name: str
    variants: list[str] = Field(default_factory=list)


class DirectorateNode(BaseModel):
    id: str
    name: str  # as printed
    full_name: str | None = None
    variants: list[str] = Field(default_factory=list)
    plans: list[str] = Field(default_factory=list)
    successor: str | None = None  # id of the directorate that took over most of its people
    successors: list[str] = Field(default_factory=list)  # every directorate that took over some
    evidence: list[str] = Field(default_factory=list)


class Candidate(BaseModel):
    """A possible merge too weak to make automatically: listed for review. ``kind`` "person" (two
    spellings that may be one officer) or "member" (``b`` a lead-member role cut short, ``a`` a full
    role it may be)."""

    a: str
    b: str
    score: float
    evidence: list[str] = Field(default_factory=list)
    kind: str = "person"


class Resolution(BaseModel):
    officer_of: dict[str, str] = Field(default_factory=dict)  # printed name -> Person.id
    people: dict[str, Person] = Field(default_factory=dict)
    member_of: dict[str, str] = Field(default_factory=dict)
    members: dict[str, MemberNode] = Field(default_factory=dict)
    board_of: dict[str, str] = Field(default_factory=dict)
    boards: dict[str, BoardNode] = Field(default_factory=dict)
    directorate_of: dict[str, str] = Field(default_factory=dict)
    directorates: dict[str, DirectorateNode] = Field(default_factory=dict)
    candidates: list[Candidate] = Field(default_factory=list)
    split_names: dict[str, list[str]] = Field(default_factory=dict)  # run-together cell -> the names


# ---------------------------------------------------------------------------- keys


@lru_cache(maxsize=1 << 16)  # the same few thousand strings, printed on every item
def name_key(name: str) -> str:
    """A normalised key for a name: lower case, accents, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9&]+", " ", text.lower())
    return "-".join(text.split())


def _tokens(key: str) -> list[str]:
    return [t for t in key.split("-") if t]


# ---------------------------------------------------------------------------- directorates

DIRECTORATE_FULL_NAMES = {
    "d&r": "Development and Renewal",
    "clc": "Communities, Localities and Culture",
    "esw": "Education, Social Care and Wellbeing",
    "cs": "Children's Services",
    "hac": "Health, Adults and Community",
    "res": "Resources",
    "resources": "Resources",
    "gov": "Governance",
    "lpg": "Law, Probity and Governance",
    "ce-s": "Chief Executive's",
    "ce": "Chief Executive's",
    "place": "Place",
    "public-health": "Public Health",
    "ahwb": "Adults, Health and Wellbeing",
    "chs": "Children's Services",
}

# Reorganisations known from the council's own papers: used when a directorate vanishes
# and no officer printed under it appears again (so the data alone cannot say where it went).
KNOWN_SUCCESSORS = {
    "d&r": ["place"],
    "resources": ["res"],
    "ce-s": ["lpg"],
    "ce": ["lpg"],
    "lpg": ["gov"],
    "esw": ["cs", "hac"],
    "public-health": ["hac"],
}


def directorate_key(name: str) -> str:
    return name_key(name)


# ---------------------------------------------------------------------------- posts
# (``is_post``, the one rule for "a post, not a person", lives in ``loaders.roles``: the loaders use it too)

# ---------------------------------------------------------------------------- members

_COUNCILLOR = re.compile(r"\b(cllr|councillor)\b", re.I)
_NAMED_MAYOR = re.compile(r"^\s*(?i:(?:executive\s+)?mayor)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\s*$")
_ROLE_WORDS = {"and", "for", "of", "services", "service", "lead", "cabinet", "member", "education", "health",
               "resources", "housing", "culture", "environment", "development", "deputy", "statutory"}
_MEMBER_STOP = {"for", "the", "of", "a"}


@lru_cache(maxsize=1 << 16)  # the same few thousand strings, printed on every item
def member_kind(name: str) -> str:
    """``"councillor"`` for a named person ("Cllr Rabina Khan", "Mayor Lutfur Rahman"),
    else ``"portfolio"`` (a cabinet role: "Cabinet Member for Resources", "Executive Mayor")."""
    if _COUNCILLOR.search(name):
        return "councillor"
    m = _NAMED_MAYOR.match(name)
    if m and not any(w.lower() in _ROLE_WORDS for w in m.group(1).split()):
        return "councillor"
    return "portfolio"


@lru_cache(maxsize=1 << 16)  # the same few thousand strings, printed on every item
def member_key(name: str) -> str:
    """Key of a lead member: for a councillor the person ("Deputy Mayor, Cllr Oliur Rahman" ->
    "oliur-rahman"); for a portfolio the role without filler words and with "&" = "and"."""
    key = name_key(name.replace("&", " and "))
    words = _tokens(key)
    if member_kind(name) == "councillor":
        if "cllr" in words or "councillor" in words:
            idx = max(i for i, w in enumerate(words) if w in {"cllr", "councillor"})
            words = words[idx + 1:] or words
        elif words and words[0] == "mayor":
            words = words[1:]
        return "-".join(words)
    return "-".join(w for w in words if w not in _MEMBER_STOP)


# ---------------------------------------------------------------------------- boards

_BOARD_ABBREVIATIONS = {"clt": "Corporate Leadership Team", "cmt": "Corporate Management Team",
                        "peg": "Partnership Executive Group"}


@lru_cache(maxsize=1 << 16)  # the same few thousand strings, printed on every item
def board_key(name: str) -> str:
    key = name_key(name.replace("&", " and "))
    words = [w for w in _tokens(key) if w != "the"]
    words = [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return "-".join(words)


# ---------------------------------------------------------------------------- union-find


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return out


# ---------------------------------------------------------------------------- resolve


class _NameInfo:
    """What the documents say about one name key (all its printed spellings)."""

    def __init__(self) -> None:
        self.printed: Counter[str] = Counter()
        self.documents: set[str] = set()
        self.plans: set[str] = set()
        self.directorates: set[str] = set()  # directorate keys
        self.coowners: set[str] = set()  # name keys
        self.boards: set[str] = set()  # board keys
        self.items = 0


def resolve(records: Iterable[ItemRecord], aliases: Aliases | None = None) -> Resolution:
    """Return the ``Resolution`` of every officer, member, board and directorate named in ``records``.

    Owner cells that run two known names together are split in the records themselves
    (the split is listed in ``Resolution.split_names``), so every later step sees two people.
    """
    records = list(records)
    aliases = aliases or Aliases()
    res = Resolution()
    _split_run_together(records, res, aliases)
    _resolve_directorates(records, res)
    _move_directorates(records, res)
    _resolve_people(records, res, aliases)
    _resolve_members(records, res, aliases)
    _resolve_boards(records, res)
    return res


def _split_run_together(records: list[ItemRecord], res: Resolution, aliases: Aliases) -> None:
    """"Andy Scott Ann Sutcliffe" (no separator) -> two owners, when both halves are names
    printed elsewhere in the corpus (or known to the aliases file)."""
    known = Counter(name_key(o.name) for r in records for o in r.owners)
    known.update({k: 1 for k in aliases.known_keys()})
    for rec in records:
        new: list[Owner] = []
        changed = False
        for owner in rec.owners:
            words = owner.name.split()
            parts = None
            if len(words) >= 4 and not is_post(owner.name):
                for cut in range(2, len(words) - 1):
                    a, b = " ".join(words[:cut]), " ".join(words[cut:])
                    if known.get(name_key(a)) and known.get(name_key(b)) and known[name_key(owner.name)] <= 1:
                        parts = [a, b]
                        break
            if parts:
                res.split_names[owner.name] = parts
                new.extend(Owner(name=p, directorate=owner.directorate) for p in parts)
                changed = True
            else:
                new.append(owner)
        if changed:
            rec.owners = new


def _resolve_directorates(records: list[ItemRecord], res: Resolution) -> None:
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    plans: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        names = list(rec.directorates) + [o.directorate for o in rec.owners if o.directorate]
        for d in names:
            k = directorate_key(d)
            printed[k][d] += 1
            plans[k].add(rec.plan)
    for k, counts in printed.items():
        did = "directorate:" + k
        name = counts.most_common(1)[0][0]
        res.directorates[did] = DirectorateNode(id=did, name=name, full_name=DIRECTORATE_FULL_NAMES.get(k),
                                                variants=sorted(counts), plans=sorted(plans[k], key=plan_start))
        for d in counts:
            res.directorate_of[d] = did


def _move_directorates(records: list[ItemRecord], res: Resolution) -> None:
    """Record which later directorate took over the people of one that disappeared.

    For each officer, in plan-year order, a move A -> B is counted when A is printed in
    some year and no longer printed in the next year in which the officer appears with a
    directorate, and the officer is then under B. Known reorganisations fill in when no
    officer moved across (the evidence says which)."""
    dir_plans: dict[str, set[int]] = defaultdict(set)
    person_years: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    shown: dict[str, str] = {}
    for rec in records:
        y = plan_start(rec.plan)
        for o in rec.owners:
            if o.directorate:
                did = res.directorate_of[o.directorate]
                dir_plans[did].add(y)
                person_years[name_key(o.name)][y].add(did)
                shown.setdefault(name_key(o.name), o.name)
        for d in rec.directorates:
            dir_plans[res.directorate_of[d]].add(y)
    moves: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pid, years in person_years.items():
        ys = sorted(years)
        for y0, y1 in zip(ys, ys[1:], strict=False):
            for a in years[y0]:
                if y1 in dir_plans[a] or max(dir_plans[a]) > y1:
                    continue  # A still exists in the later year: not a reorganisation
                for b in years[y1]:
                    if b != a and not _same_directorate_printed(a, b):
                        moves[a][b].add(shown[pid])
    years_loaded = sorted({y for ys in dir_plans.values() for y in ys})
    for did, node in res.directorates.items():
        found = moves.get(did, {})
        succ = sorted(found, key=lambda b: (-len(found[b]), b))
        for b in succ:
            node.evidence.append(f"{res.directorates[b].name} took over {', '.join(sorted(found[b]))}")
        key = did.split(":", 1)[1]
        last = max(dir_plans[did]) if dir_plans.get(did) else None
        later_loaded = last is not None and any(y > last for y in years_loaded)
        for k in KNOWN_SUCCESSORS.get(key, []):
            b = "directorate:" + k
            if b in res.directorates and b not in succ and later_loaded and min(dir_plans[b]) >= last:
                succ.append(b)
                node.evidence.append(f"{res.directorates[b].name}: known reorganisation "
                                     f"({node.name} became {res.directorates[b].name}), no officer moved across")
        node.successors = succ
        node.successor = succ[0] if succ else None


def _same_directorate_printed(a: str, b: str) -> bool:
    """"CE" and "CE's": one directorate printed two ways (never a reorganisation)."""
    ka, kb = a.split(":", 1)[1], b.split(":", 1)[1]
    return ka.split("-")[0] == kb.split("-")[0]


def directorate_family(resolution: Resolution, name: str) -> list[str]:
    """The directorate ``name`` (as printed, any case) and every directorate it succeeded,
    transitively: "PLACE and its predecessors" -> [PLACE, D&R]. Returns printed names."""
    did = resolution.directorate_of.get(name) or "directorate:" + directorate_key(name)
    if did not in resolution.directorates:
        return []
    preds: dict[str, list[str]] = defaultdict(list)
    for d in resolution.directorates.values():
        for s in d.successors:
            preds[s].append(d.id)
    out, todo = [], [did]
    while todo:
        cur = todo.pop(0)
        if cur in out:
            continue
        out.append(cur)
        todo.extend(sorted(preds.get(cur, [])))
    return [resolution.directorates[d].name for d in out]


@lru_cache(maxsize=1 << 16)  # the same few thousand strings, printed on every item
def plan_start(plan: str) -> int:
    """The first calendar year of a plan year ("2012/13" -> 2012); 0 when it has none."""
    m = re.search(r"(19|20)\d\d", plan or "")
    return int(m.group(0)) if m else 0


def _resolve_people(records: list[ItemRecord], res: Resolution, aliases: Aliases) -> None:
    info: dict[str, _NameInfo] = defaultdict(_NameInfo)
    for rec in records:
        keys = [name_key(o.name) for o in rec.owners]
        for owner, k in zip(rec.owners, keys, strict=True):
            ni = info[k]
            ni.printed[owner.name] += 1
            ni.documents.add(rec.source)
            ni.plans.add(rec.plan)
            ni.items += 1
            if owner.directorate:
                ni.directorates.add(res.directorate_of[owner.directorate])
            ni.coowners.update(x for x in keys if x != k)
            ni.boards.update(board_key(b) for b in rec.boards)
    keys = sorted(k for k in info if k)
    uf = _UnionFind()
    for k in keys:
        uf.add(k)
    evidence: dict[str, list[str]] = defaultdict(list)  # root-independent: key -> reasons
    candidates: list[Candidate] = []

    # 1. the aliases file: confirmed merges first
    for variant, canonical in aliases.same.items():
        a, b = name_key(variant), name_key(canonical)
        if a in info or b in info:
            uf.add(a)
            uf.add(b)
            if not aliases.rejects(a, b):
                uf.union(a, b)
                evidence[a].append(f"'{variant}' = '{canonical}' (aliases file)")
    alias_keys = aliases.known_keys()

    # 2. strong automatic merges; weaker pairs become candidates
    for a, b in _similar_pairs(keys):
        if uf.find(a) == uf.find(b):
            continue
        if aliases.rejects(a, b):
            continue
        strong, score, why = _compare(a, b, info[a], info[b], res, alias_keys)
        name_a, name_b = info[a].printed.most_common(1)[0][0], info[b].printed.most_common(1)[0][0]
        if strong:
            uf.union(a, b)
            evidence[a].append(f"'{name_a}' ~ '{name_b}': " + "; ".join(why))
        elif score > 0:
            candidates.append(Candidate(a=name_a, b=name_b, score=round(score, 2), evidence=why))

    # 3. nodes
    for _root, members in uf.groups().items():
        members = [k for k in members if k in info]
        if not members:
            continue
        printed: Counter[str] = Counter()
        for k in members:
            printed.update(info[k].printed)
        name = _display_name(printed, members, aliases)
        pid = "officer:" + name_key(name)
        person = Person(id=pid, name=name, variants=sorted(printed, key=lambda v: (-printed[v], v)))
        person.documents = sorted({d for k in members for d in info[k].documents})
        person.plans = sorted({p for k in members for p in info[k].plans}, key=plan_start)
        person.directorates = sorted({res.directorates[d].name for k in members for d in info[k].directorates})
        person.items = sum(info[k].items for k in members)
        person.is_post = any(is_post(v) for v in printed)
        person.evidence = [
            f"'{' / '.join(sorted(info[k].printed))}': the same name once case, punctuation and spacing are ignored"
            for k in members if len(info[k].printed) > 1
        ] + [e for k in members for e in evidence.get(k, [])]
        res.people[pid] = person
        for v in printed:
            res.officer_of[v] = pid
    # candidates whose two names ended up one person (through a third) are not open
    res.candidates = sorted(
        (c for c in candidates if res.officer_of[c.a] != res.officer_of[c.b]),
        key=lambda c: (-c.score, c.a, c.b),
    )


def _display_name(printed: Counter[str], keys: list[str], aliases: Aliases) -> str:
    for k in keys:
        if k in aliases.rename_keys():
            return aliases.rename_keys()[k]
    for k in keys:
        canon = aliases.canonical_of(k)
        if canon:
            return canon
    return sorted(printed, key=lambda v: (-printed[v], -len(v), v))[0]


def _similar_pairs(keys: list[str]) -> Iterable[tuple[str, str]]:
    """Pairs of name keys worth comparing, by blocking on a shared word (first or last),
    never all pairs: a name differing in one word by one letter keeps its other words."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        words = _tokens(k)
        if len(words) < 2:
            continue
        blocks["f:" + words[0]].append(k)
        blocks["l:" + words[-1]].append(k)
        blocks["i:" + "".join(w[0] for w in words)].append(k) if len(k) <= 40 else None
    seen: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) > 200:  # a very common first name: compare by surname block instead
            continue
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pair = (min(a, b), max(a, b))
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _related_directorates(res: Resolution, d: str) -> set[str]:
    """A directorate with its successors and predecessors (one step each way)."""
    node = res.directorates.get(d)
    out = {d}
    if node:
        out.update(node.successors)
    out.update(x.id for x in res.directorates.values() if d in x.successors)
    return out


def _compare(a: str, b: str, ia: _NameInfo, ib: _NameInfo, res: Resolution,
             alias_keys: set[str]) -> tuple[bool, float, list[str]]:
    """Is the pair of name keys one person? Returns (strong, score, evidence)."""
    wa, wb = _tokens(a), _tokens(b)
    name_a, name_b = ia.printed.most_common(1)[0][0], ib.printed.most_common(1)[0][0]
    if is_post(name_a) or is_post(name_b):
        return False, 0.0, []
    why: list[str] = []
    one_slip = False
    if len(wa) == len(wb):
        diffs = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
        if len(diffs) == 1 and Levenshtein.distance(*diffs[0]) == 1 and min(len(diffs[0][0]), len(diffs[0][1])) >= 3:
            one_slip = True
            x, y = diffs[0]
            why.append(f"one letter apart ('{x}' / '{y}')")
            why.append("same first name" if wa[0] == wb[0] else "same surname")
    ratio = fuzz.token_sort_ratio(a.replace("-", " "), b.replace("-", " "))
    if not one_slip:
        nickname = len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1] and wa[0][:3] == wb[0][:3] and wa[0] != wb[0]
        if nickname:
            why.append(f"same surname, first names share '{wa[0][:3]}' ({wa[0]} / {wb[0]})")
        elif ratio < 88:
            return False, 0.0, []
        else:
            why.append(f"similar spelling ({ratio:.0f}%)")
    context = []
    rel_a = set().union(*[_related_directorates(res, d) for d in ia.directorates]) if ia.directorates else set()
    shared_dirs = rel_a & ib.directorates
    if shared_dirs:
        context.append("shared directorate " + ", ".join(sorted(res.directorates[d].name for d in shared_dirs)))
    if ia.coowners & ib.coowners:
        context.append("shared co-owners")
    if ia.boards & ib.boards:
        context.append("shared boards")
    if ia.documents & ib.documents:
        context.append("same document " + ", ".join(sorted(ia.documents & ib.documents)))
    conflicting = ia.directorates and ib.directorates and not shared_dirs
    if conflicting:
        why.append("different directorates (" + ", ".join(sorted(res.directorates[d].name for d in ia.directorates))
                   + " / " + ", ".join(sorted(res.directorates[d].name for d in ib.directorates)) + ")")
    why.extend(context)
    known = a in alias_keys or b in alias_keys
    if one_slip and known and not conflicting:
        why.append("a name the aliases file knows")
        return True, 1.0, why
    strong = one_slip and bool(context) and not conflicting
    score = (0.6 if one_slip else ratio / 200) + 0.1 * len(context) - (0.2 if conflicting else 0)
    return strong, max(score, 0.05), why


def _resolve_members(records: list[ItemRecord], res: Resolution, aliases: Aliases | None = None) -> None:
    """One Member per portfolio or councillor. A role that may be cut short ("Cabinet Member for
    Strategic") resolves to the one longer role of the corpus that starts with it, when that is
    printed at least as often. A role cut short mid-phrase ("Cabinet Member for") resolves to the
    one full role that starts with it among its own document's roles, else the corpus's; matching
    no single role, it gets no Member of its own (the item keeps it as printed) and is listed for
    review, one candidate per role it may be. The aliases file's ``[same]`` settles any of them
    ("Cabinet Member for" = "Cabinet Member for Resources")."""
    aliases = aliases or Aliases()
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, set[str]] = defaultdict(set)
    where: dict[str, tuple[str, int]] = {}  # key -> first (source, line) printing it
    for rec in records:
        for m in rec.members:
            k = member_key(m)
            printed[k][m] += 1
            sources[k].add(rec.source)
            where.setdefault(k, (rec.source, rec.line))
    keys = list(printed)
    shown = {k: printed[k].most_common(1)[0][0] for k in keys}
    target: dict[str, str] = {}
    unresolved: dict[str, list[str]] = {}  # cut-short key -> the full roles it may be
    same = {name_key(v): c for v, c in aliases.same.items()}
    for k in keys:
        canonical = next((same[name_key(v)] for v in printed[k] if name_key(v) in same), None)
        if canonical is not None and member_key(canonical) in printed and member_key(canonical) != k:
            target[k] = member_key(canonical)  # decided in the aliases file
            continue
        words = _tokens(k)
        if member_kind(shown[k]) != "portfolio" or not words:
            continue
        dangling = ends_mid_phrase(shown[k])
        if len(words) < 2 and not dangling:
            continue
        longer = [o for o in keys if o != k and _tokens(o)[:len(words)] == words and len(_tokens(o)) > len(words)
                  and not ends_mid_phrase(shown[o])]
        if not dangling:
            # a role that may be whole ("Cabinet Member for Strategic" may be a portfolio of its own):
            # the one longer role in the corpus, printed at least as often
            if len(longer) == 1 and sum(printed[longer[0]].values()) >= sum(printed[k].values()):
                target[k] = longer[0]
            continue
        same_document = [o for o in longer if sources[o] & sources[k]]
        if len(same_document) == 1:
            target[k] = same_document[0]
        elif not same_document and len(longer) == 1:
            target[k] = longer[0]
        else:
            unresolved[k] = sorted(same_document or longer)
    def final_of(k: str) -> str:
        seen = {k}
        while k in target and target[k] not in seen:
            k = target[k]
            seen.add(k)
        return k

    for k in keys:
        if k in unresolved:
            source, line = where[k]
            options = sorted({final_of(o) for o in unresolved[k]})  # a role itself cut short counts as its own
            scope = "in the same document" if any(sources[o] & sources[k] for o in options) else "in the corpus"
            for o in options:
                res.candidates.append(Candidate(
                    a=shown[o], b=shown[k], score=round(1 / len(options), 2), kind="member",
                    evidence=[f"lead member role cut short ({source}:{line}): kept as printed, no Member of its own",
                              f"one of {len(options)} roles {scope} that start with it"]))
            if not options:
                res.candidates.append(Candidate(
                    a="?", b=shown[k], score=0.0, kind="member",
                    evidence=[f"lead member role cut short ({source}:{line}): kept as printed, no Member of its own",
                              "no role in the corpus starts with it"]))
            continue
        final = final_of(k)
        mid = "member:" + final
        counts = printed[final]
        name = sorted(counts, key=lambda v: (-counts[v], v))[0]
        node = res.members.setdefault(mid, MemberNode(id=mid, name=name, member_kind=member_kind(name)))
        for v in printed[k]:
            res.member_of[v] = mid
            if v not in node.variants:
                node.variants.append(v)
        if final != k:
            why = ("(aliases file)" if k in target and any(name_key(v) in same for v in printed[k])
                   else "the only role starting with it")
            node.evidence.append(f"'{shown[k]}' is truncated: {why}")


def _resolve_boards(records: list[ItemRecord], res: Resolution) -> None:
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in records:
        for b in rec.boards:
            printed[board_key(b)][b] += 1
    uf = _UnionFind()
    keys = sorted(printed)
    by_first: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        uf.add(k)
        by_first[k[:4]].append(k)
    for block in by_first.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if len(a) >= 12 and Levenshtein.distance(a, b) <= 1:
                    uf.union(a, b)
    for _root, group in uf.groups().items():
        counts: Counter[str] = Counter()
        for k in group:
            counts.update(printed[k])
        name = sorted(counts, key=lambda v: (-counts[v], v))[0]
        bid = "board:" + board_key(name)
        node = BoardNode(id=bid, name=name, variants=sorted(counts))
        res.boards[bid] = node
        for v in counts:
            res.board_of[v] = bid


def board_full_name(name: str) -> str | None:
    return _BOARD_ABBREVIATIONS.get(name_key(name))


# ---------------------------------------------------------------------------- reports


def people_report(resolution: Resolution, review: bool = False) -> list[dict]:
    """What ``graph people`` prints: each person (name, variants, documents, plans,
    directorates, items owned, whether a post, the evidence for each merge), by name;
    with ``review``, the open merge candidates instead, strongest first."""
    if review:
        return [c.model_dump() for c in resolution.candidates]
    rows = []
    for p in sorted(resolution.people.values(), key=lambda p: (p.is_post, p.name.lower())):
        rows.append({"id": p.id, "name": p.name, "is_post": p.is_post, "variants": p.variants,
                     "documents": p.documents, "plans": p.plans, "directorates": p.directorates,
                     "items": p.items, "evidence": p.evidence})
    return rows
