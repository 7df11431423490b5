"""The aliases file: a person's decisions about who is who, applied on every load.

A small TOML file, one decision per line::

    # "printed name" = "canonical name": the same person, shown by the canonical name
    [same]
    "Amanda Marcus" = "Amanda Harcus"

    # "name" = ["other name", ...]: different people, never merged
    [different]
    "Roger Jones" = ["John Jones"]

    # "any name of the person" = "name to show" (no merge)
    [rename]
    "Judith St John" = "Judith St. John"

Names are matched after normalising case, punctuation and spacing, so "Judith St. John"
in the file matches "Judith St John" in a document. Where it lives: ``--aliases PATH``,
else ``$CIVICGRAPH_ALIASES``, else ``civicgraph-aliases.toml`` beside the store. Every
command rebuilds identities from the stored documents with the current file, so removing
a line undoes its decision at once.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, Field

ALIASES_ENV = "CIVICGRAPH_ALIASES"
ALIASES_FILE = "civicgraph-aliases.toml"

TEMPLATE = '''# civicgraph aliases: who is who. One decision per line; delete a line to undo it.
# Names match whatever their case, punctuation and spacing.

# "printed name" = "canonical name": the same person, shown by the canonical name
[same]

# "name" = ["other name", ...]: different people, never merged
[different]

# "any name of the person" = "name to show" (renames only)
[rename]
'''


class AliasesError(Exception):
    """The aliases file cannot be read: ``what`` and ``fix`` for a one-line message."""

    def __init__(self, path: Path, what: str, fix: str = "") -> None:
        super().__init__(f"{path}: {what}")
        self.path, self.what, self.fix = path, what, fix


class Aliases(BaseModel):
    path: str | None = None
    same: dict[str, str] = Field(default_factory=dict)  # printed -> canonical
    different: list[tuple[str, str]] = Field(default_factory=list)
    rename: dict[str, str] = Field(default_factory=dict)  # any name -> name to show

    def _key(self, name: str) -> str:
        from graphmodel.identity import name_key

        return name_key(name)

    def rejects(self, key_a: str, key_b: str) -> bool:
        """True when the file says the two names (keys) are different people."""
        pair = {key_a, key_b}
        return any({self._key(a), self._key(b)} == pair for a, b in self.different)

    def canonical_of(self, key: str) -> str | None:
        for variant, canonical in self.same.items():
            if self._key(variant) == key or self._key(canonical) == key:
                return canonical
        return None

    def rename_keys(self) -> dict[str, str]:
        return {self._key(k): v for k, v in self.rename.items()}

    def known_keys(self) -> set[str]:
        """Every name the file mentions in a merge (variants and canonical names)."""
        keys = {self._key(n) for pair in self.same.items() for n in pair}
        keys.update(self._key(n) for n in self.rename)
        return keys


def aliases_path(explicit: Path | None = None, store: Path | None = None) -> Path | None:
    """``--aliases PATH``, else ``$CIVICGRAPH_ALIASES``, else ``civicgraph-aliases.toml`` beside the store."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(ALIASES_ENV)
    if env:
        return Path(env)
    if store is not None:
        return Path(store).resolve().parent / ALIASES_FILE
    return None


def load_aliases(path: Path | None, required: bool = False) -> Aliases:
    """Read the aliases file; a missing file is no decisions (an error when ``required``)."""
    if path is None:
        return Aliases()
    path = Path(path)
    if not path.exists():
        if required:
            raise AliasesError(path, "no such aliases file", "create it (see graph people --help) or drop --aliases")
        return Aliases(path=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AliasesError(path, f"not valid TOML ({exc})", 'write one decision per line: "A" = "B"') from None
    except OSError as exc:
        raise AliasesError(path, f"cannot read ({exc.strerror})", "check the file's permissions") from None
    unknown = set(data) - {"same", "different", "rename"}
    if unknown:
        raise AliasesError(path, f"unknown section(s) {', '.join(sorted(unknown))}",
                           "use [same], [different] and [rename]")
    same, rename, different = data.get("same", {}), data.get("rename", {}), []
    for section, table in (("same", same), ("rename", rename)):
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise AliasesError(path, f"[{section}] entries must be \"name\" = \"name\"", 'e.g. "A Smith" = "Ann Smith"')
    for name, others in data.get("different", {}).items():
        others = [others] if isinstance(others, str) else others
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise AliasesError(path, "[different] entries must be \"name\" = [\"other\", ...]",
                               'e.g. "Roger Jones" = ["John Jones"]')
        different.extend((name, o) for o in others)
    return Aliases(path=str(path), same=dict(same), different=different, rename=dict(rename))
