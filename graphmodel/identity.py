"""Identity resolution: one node per person, lead member, board and directorate.

``resolve(records)`` maps every name as printed to the id of the node it stands for.
This first version merges only names that are equal after normalising case, spacing and
punctuation; the fuzzy matching and the aliases file build on the same ``Resolution``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel, Field

from graphmodel.schema import ItemRecord


class Person(BaseModel):
    id: str
    name: str
    variants: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    directorates: list[str] = Field(default_factory=list)
    is_post: bool = False  # a post ("Divisional Director Community Safety"), not a named person
    evidence: list[str] = Field(default_factory=list)  # why variants were merged


class MemberNode(BaseModel):
    id: str
    name: str
    member_kind: str  # "portfolio" (a cabinet role) or "councillor" (a named person)
    variants: list[str] = Field(default_factory=list)


class BoardNode(BaseModel):
    id: str
    name: str
    variants: list[str] = Field(default_factory=list)


class DirectorateNode(BaseModel):
    id: str
    name: str  # as printed
    full_name: str | None = None
    successor: str | None = None  # id of the directorate that took over its people
    evidence: list[str] = Field(default_factory=list)


class Candidate(BaseModel):
    """A possible merge too weak to make automatically: listed for review."""

    a: str
    b: str
    score: float
    evidence: list[str] = Field(default_factory=list)


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


def name_key(name: str) -> str:
    """A normalised key for a name: lower case, accents, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9&]+", " ", text.lower())
    return "-".join(text.split())


_COUNCILLOR = re.compile(r"\b(cllr|councillor|mayor)\b", re.I)


def member_kind(name: str) -> str:
    """``"councillor"`` for a named person ("Cllr Rabina Khan"), else ``"portfolio"``."""
    return "councillor" if _COUNCILLOR.search(name) and not name.lower().startswith("cabinet member") else "portfolio"


def resolve(records: Iterable[ItemRecord]) -> Resolution:
    """Return the ``Resolution`` of every officer, member, board and directorate named in ``records``."""
    res = Resolution()
    for rec in records:
        for owner in rec.owners:
            pid = "officer:" + name_key(owner.name)
            res.officer_of[owner.name] = pid
            person = res.people.setdefault(pid, Person(id=pid, name=owner.name))
            _add(person.variants, owner.name)
            _add(person.documents, rec.source)
            if owner.directorate:
                _add(person.directorates, owner.directorate)
        for d in rec.directorates:
            did = "directorate:" + name_key(d)
            res.directorate_of[d] = did
            res.directorates.setdefault(did, DirectorateNode(id=did, name=d))
        for m in rec.members:
            mid = "member:" + name_key(m)
            res.member_of[m] = mid
            node = res.members.setdefault(mid, MemberNode(id=mid, name=m, member_kind=member_kind(m)))
            _add(node.variants, m)
        for b in rec.boards:
            bid = "board:" + name_key(b)
            res.board_of[b] = bid
            node = res.boards.setdefault(bid, BoardNode(id=bid, name=b))
            _add(node.variants, b)
    return res


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
