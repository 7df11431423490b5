"""The search index: every page-worthy name, code and title, tokenised in advance.

``build_index`` returns ``{"entries": [[kind, text, detail, url], ...], "vocab": [word, ...],
"postings": [[entry, ...], ...]}``: each distinct word once, with the entries it occurs in.
The browser (``search.js``) compares a query's words with the vocabulary (prefix, or edit
distance for misspellings: "bambr" finds "bamber") and ranks the entries the matching words
point to. The index is data: the page puts its text into the DOM with textContent only.
"""

from __future__ import annotations

import re
import unicodedata

from viz.site.context import Site

KIND_ORDER = ["officer", "directorate", "lead member", "board", "plan year", "activity", "milestone"]


def words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` (accents dropped), as search.js splits a query."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9.]+", text) if w.strip(".")]


def build_index(site: Site) -> dict:
    """The index over people, groups, plan years, activities and milestones (see the module docstring)."""
    g, paths = site.g, site.paths
    entries: list[list[str]] = []
    for label, kind in (("Officer", "officer"), ("Directorate", "directorate"), ("Member", "lead member"),
                        ("Board", "board"), ("Plan", "plan year")):
        for n in site.by_label.get(label, []):
            d = g.nodes[n]
            detail = d.get("full_name") or ""
            if label == "Officer":
                detail = ", ".join(site.name(x) for x in site.works_in.get(n, []))
            entries.append([kind, d.get("name") or n, detail, paths.target(n) or ""])
    for label, kind in (("Activity", "activity"), ("Milestone", "milestone")):
        for n in site.by_label.get(label, []):
            d = g.nodes[n]
            text = f"{d.get('code') or ''} {d.get('title') or ''}".strip()
            owners = ", ".join(site.name(o) for o in site.owners.get(n, []))
            detail = f"{d.get('plan')} · {d.get('status') or 'no status'}" + (f" · {owners}" if owners else "")
            entries.append([kind, text, detail, paths.target(n) or ""])
    vocab: dict[str, list[int]] = {}
    for i, (_kind, text, _detail, _url) in enumerate(entries):
        for w in set(words(text)):
            vocab.setdefault(w, []).append(i)
    ordered = sorted(vocab)
    return {"kinds": KIND_ORDER, "entries": entries, "vocab": ordered, "postings": [vocab[w] for w in ordered]}
