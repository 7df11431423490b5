"""Posts and roles, one rule each, shared by the loaders and identity resolution.

- ``is_post``: an owner name that is a post ("Divisional Director Community Safety"), not a person.
  ``loaders.cells`` uses it so that a post is never split into two "names"; ``graphmodel.identity``
  so that a post is marked ``is_post`` and never merged with a person by spelling.
- ``ends_mid_phrase``: a lead-member role the page cut short mid-phrase ("Cabinet Member for").
  The quarterly loader reports it; identity resolution gives it no Member of its own unless one
  role completes it.

Depends on nothing (the loaders depend only on ``graphmodel.schema``; identity imports this).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words of a job title. Several of them are also surnames or first names ("Lead", "Head", "Chief"
# are rare, "Community" never), so one such word alone in a short name does not make a post.
POST_WORDS = frozenset({
    "director", "directors", "divisional", "head", "manager", "officer", "chief", "executive", "team",
    "service", "services", "unit", "coordinator", "co-ordinator", "commissioner", "interim", "acting",
    "corporate", "lead", "deputy", "assistant", "strategic", "safety", "community", "partnership",
})
# Posts are printed title-first: "Director of Public Health", "Head of Strategy".
_POST_FIRST = frozenset({"director", "head"})
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@lru_cache(maxsize=1 << 16)  # the same few thousand owner names, printed on every item
def is_post(name: str) -> bool:
    """True when ``name`` reads as a post rather than a person: two or more post words ("Service
    Head"), one in a name of four or more words ("Divisional Director Community Safety"), or a name
    that starts with "Director" or "Head". A person's name with one post-like word ("Andy Lead")
    is a person."""
    words = _WORD.findall(name.lower())
    hits = sum(1 for w in words if w in POST_WORDS)
    return hits >= 2 or (hits >= 1 and len(words) >= 4) or (bool(words) and words[0] in _POST_FIRST)


# A role whose last word is one of these was cut short mid-phrase by the page ("Cabinet Member for").
DANGLING_WORDS = frozenset({"for", "and", "of", "the", "&", "to", "in", "with"})


def ends_mid_phrase(role: str) -> bool:
    """True when ``role``'s last word cannot end a role ("Cabinet Member for", "... Health and")."""
    words = role.split()
    return bool(words) and words[-1].lower() in DANGLING_WORDS
