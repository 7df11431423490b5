"""The named Cypher queries: one ``.cypher`` file each, shipped inside the package.

Each file starts with a header of ``//`` comment lines::

    // name: workload
    // answers: For each plan year and officer, how many items ...
    //   (continuation lines are indented)
    // param: plan: string = "" -- only this plan year (empty: every plan)
    // param: officer: string -- a parameter without a default is required

followed by the query. The queries are written in the Cypher that both the embedded Ladybug
store and Neo4j run (no ``toFloat``, ``exists(pattern)``, ``elementId()``, labels functions or
list indexing; ``1.0 * x / y`` for ratios), so ``run_query`` works with any store that has
``query(cypher, params) -> list[dict]``.

They read per-item columns that every store write computes once (``graphmodel/store/derived.py``:
whether the comments report a moved deadline, the owners, the chain above an item, the
carry-forward chain ending at it) instead of walking variable-length paths or running a regex
on every row: on the ~250k-item benchmark corpus a ``*0..3`` walk cost Ladybug about a
millisecond per starting node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Protocol

# officer, member, board, directorate: a string naming one such node, matched as graph chain
# matches names (graphmodel.neighbourhood.find_node: any case and punctuation, a unique prefix,
# did-you-mean) and passed to the query as the name the store holds
NAME_LABELS = {"officer": "Officer", "member": "Member", "board": "Board", "directorate": "Directorate"}
# plan: a plan year the store holds (a plan year it does not hold is an error with the closest)
PARAM_TYPES = ("string", "int", "float", "bool", "plan", *NAME_LABELS)
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>\w+)(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?"
    r"(?:\s*--\s*(?P<help>.*))?$"
)


class QueryError(ValueError):
    """An unknown query, a bad parameter, or a malformed query file; the message says what to do."""


class _Queryable(Protocol):
    def query(self, cypher: str, params: dict | None = None) -> list[dict]: ...


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of PARAM_TYPES
    default: Any = None
    required: bool = False
    help: str = ""

    def parse(self, text: str) -> Any:
        """The value of ``text`` as this parameter's type; ``QueryError`` if it is not one (a name
        type's value is matched against the store's names by ``run_query``)."""
        if self.type in ("string", "plan") or self.type in NAME_LABELS:
            return text
        if self.type == "int":
            try:
                return int(text)
            except ValueError:
                raise QueryError(f"parameter {self.name} must be a whole number, not {text!r}") from None
        if self.type == "float":
            try:
                return float(text)
            except ValueError:
                raise QueryError(f"parameter {self.name} must be a number, not {text!r}") from None
        low = text.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise QueryError(f"parameter {self.name} must be true or false, not {text!r}")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    params: tuple[Param, ...]
    cypher: str  # the whole file text, header included (Cypher ignores // comments)
    file: str = field(default="")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def signature(self) -> str:
        """``name --param key=value ...`` in the form ``graph query`` takes."""
        parts = [self.name]
        for p in self.params:
            parts.append(f"--param {p.name}=<{p.type}>" if p.required else f"[--param {p.name}=<{p.type}>]")
        return " ".join(parts)


def _parse_default(text: str | None, ptype: str, name: str) -> Any:
    if text is None:
        return None
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return Param(name, ptype).parse(text)


def parse_query_file(text: str, file: str = "") -> NamedQuery:
    """Read the header of one ``.cypher`` file; ``QueryError`` if it is malformed."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        body = stripped[2:]
        head = body.strip()
        if body.startswith("  ") and last == "answers":
            fields["answers"] += " " + head  # an indented continuation line
            continue
        key, _, value = head.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if key in ("name", "answers"):
            fields[key] = value
            last = key
        elif key == "param":
            m = _PARAM_LINE.match(value)
            if not m or m["type"] not in PARAM_TYPES:
                raise QueryError(f"{file}: malformed parameter line {value!r} (name: type [= default] -- help)")
            required = m["default"] is None
            params.append(Param(m["name"], m["type"], _parse_default(m["default"], m["type"], m["name"]),
                                required, (m["help"] or "").strip()))
            last = "param"
        else:
            last = None
    if "name" not in fields or "answers" not in fields:
        raise QueryError(f"{file}: the header must give '// name:' and '// answers:'")
    undeclared = sorted(used_params(text) - {p.name for p in params})
    if undeclared:
        raise QueryError(f"{file}: the query uses ${undeclared[0]} but the header declares no such parameter")
    return NamedQuery(fields["name"], fields["answers"], tuple(params), text, file)


_PARAM_USE = re.compile(r"\$(\w+)")


def used_params(cypher: str) -> set[str]:
    """The ``$name`` parameters ``cypher`` uses (outside strings, comments and backticks)."""
    return set(_PARAM_USE.findall(_LITERALS.sub(" ", cypher)))


def missing_params(cypher: str, params: dict[str, Any]) -> list[str]:
    """The parameters ``cypher`` uses that ``params`` does not give, sorted."""
    return sorted(used_params(cypher) - set(params))


@cache
def _queries() -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher") and entry.name != "schema.cypher":
            q = parse_query_file(entry.read_text(encoding="utf-8"), entry.name)
            if q.name in found:
                raise QueryError(f"{entry.name}: a second query named {q.name}")
            found[q.name] = q
    return found


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [q for _, q in sorted(_queries().items())]


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; ``QueryError`` naming the known ones if there is none."""
    try:
        return _queries()[name]
    except KeyError:
        known = ", ".join(sorted(_queries()))
        raise QueryError(f"no query named {name!r} (known: {known})") from None


def parse_params(query: NamedQuery, pairs: list[str] | None) -> dict[str, Any]:
    """Typed parameters from ``key=value`` strings, with defaults filled in.

    Raises ``QueryError`` for a pair without ``=``, an unknown key, a value of the wrong type,
    or a required parameter that is missing.
    """
    raw: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"parameter {pair!r} is not key=value")
        raw[key.strip()] = value
    return typed_params(query, raw)


def typed_params(query: NamedQuery, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (strings are parsed, other values kept) checked against ``query``'s parameters."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        param = query.param(key)
        if param is None:
            names = ", ".join(p.name for p in query.params) or "none"
            raise QueryError(f"query {query.name} has no parameter {key!r} (it takes: {names})")
        out[key] = param.parse(value) if isinstance(value, str) else value
    for p in query.params:
        if p.name not in out:
            if p.required:
                raise QueryError(f"query {query.name} needs --param {p.name}=... ({p.help or p.type})")
            out[p.name] = p.default
    return out


def run_query(store: _Queryable, name: str, params: dict[str, Any] | list[str] | None = None) -> list[dict]:
    """Run the named query on ``store`` and return its rows (numbers as int/float).

    ``params`` is a dict (string values are parsed to the declared type) or a list of
    ``key=value`` strings; defaults fill in the rest.
    """
    query = get_query(name)
    typed = parse_params(query, params) if isinstance(params, list) else typed_params(query, params or {})
    typed = resolve_names(store, query, typed)
    return plain_rows(store.query(query.cypher, typed))


def resolve_names(store: _Queryable, query: NamedQuery, typed: dict[str, Any]) -> dict[str, Any]:
    """``typed`` with each non-empty value of a name-typed parameter (``NAME_LABELS``) replaced by
    the stored name it matches (``graphmodel.neighbourhood.find_node``, as graph chain matches);
    ``QueryError`` naming the closest names when it matches none, or the candidates when several."""
    wanted = [p for p in query.params if p.type in NAME_LABELS and typed.get(p.name)]
    plans = [p for p in query.params if p.type == "plan" and typed.get(p.name)]
    if plans:
        held = sorted(r["plan"] for r in store.query("MATCH (p:Plan) RETURN p.name AS plan"))
        for p in plans:
            if typed[p.name] not in held:
                raise QueryError(f"--param {p.name}: no plan year {typed[p.name]} in the store; "
                                 f"{did_you_mean(str(typed[p.name]), held, 'plans')}")
    if not wanted:
        return typed
    import networkx as nx

    from graphmodel.neighbourhood import Ambiguous, NotFound, find_node

    out = dict(typed)
    for p in wanted:
        label = NAME_LABELS[p.type]
        # a name as stored needs no look-up (one indexed read instead of every name of the label)
        if len(store.query(f"MATCH (n:{label}) WHERE n.name = $v RETURN n.id", {"v": typed[p.name]})) == 1:
            continue
        extra = ", n.full_name" if label == "Directorate" else ""
        g = nx.MultiDiGraph()
        for row in store.query(f"MATCH (n:{label}) RETURN n.id, n.name{extra}"):
            node, name, *full = row.values()
            g.add_node(node, label=label, name=name, **({"full_name": full[0]} if full and full[0] else {}))
        try:
            out[p.name] = g.nodes[find_node(g, [label], str(typed[p.name]), p.type)]["name"]
        except NotFound as exc:
            raise QueryError(f"--param {p.name}: {exc}") from None
        except Ambiguous as exc:
            raise QueryError(f"--param {p.name}: {exc}; give more of the name") from None
    return out


def did_you_mean(value: str, known: list[str], what: str) -> str:
    """"did you mean X?" with the closest of ``known`` to ``value``, else "<what>: a, b, c"."""
    import difflib

    close = [k for k in known if k.startswith(value)] or difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    return f"did you mean {', '.join(close)}?" if close else f"{what}: {', '.join(known) or 'none'}"


def plain_rows(rows: list[dict]) -> list[dict]:
    """``rows`` with every value made plain (``plain_value``), converted in place.

    A column holds one type in every row, so only columns whose first value is a Decimal or a
    list are converted: calling ``plain_value`` on each of ~270k values took ~60 ms."""
    if not rows:
        return rows
    convert = [k for k in rows[0] if _needs_plain(rows, k)]
    for row in rows if convert else ():
        for k in convert:
            row[k] = plain_value(row[k])
    return rows


def _needs_plain(rows: list[dict], column: str) -> bool:
    first = next((row[column] for row in rows if row.get(column) is not None), None)
    return isinstance(first, Decimal | list)


_WRITE_WORDS = re.compile(
    r"(?<![.:$\w])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|ALTER|COPY|LOAD|INSTALL|ATTACH|IMPORT|EXPORT"
    r"|CHECKPOINT|BEGIN|COMMIT|ROLLBACK|FOREACH)(?!\w)",
    re.IGNORECASE,
)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)

_ALIASES = re.compile(r"\bAS\s+\w+", re.IGNORECASE)  # "RETURN n.name AS set" names a column


def write_clause(cypher: str) -> str | None:
    """The first clause of ``cypher`` that would change a graph (``CREATE``, ``SET``, ...),
    ignoring strings, comments and backticked names; None for a read-only query."""
    text = _ALIASES.sub(" ", _LITERALS.sub(" ", cypher))
    m = _WRITE_WORDS.search(text)
    return m.group(1).upper() if m else None


def plain_value(value: Any) -> Any:
    """Store values as plain Python: Decimal -> int or float, lists element-wise."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    return value


_CLAUSE_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.IGNORECASE)
_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)


def return_columns(cypher: str) -> list[str] | None:
    """The column names of ``cypher``'s last RETURN as the query writes them (an alias, else
    the expression's text: ``count(a)``, ``a.plan``); None when they cannot be told (``*``, no
    RETURN). The embedded store renames some (``count(a)`` comes back as ``COUNT(a._ID)``)."""
    # blank out strings and comments (same length, so positions still match the text)
    masked = _LITERALS.sub(lambda m: "_" * len(m.group(0)), cypher)
    found = list(_RETURN.finditer(masked))
    if not found:
        return None
    start = found[-1].end()
    end = _CLAUSE_END.search(masked, start)
    body, text = masked[start:end.start() if end else len(masked)], cypher[start:end.start() if end else len(masked)]
    if re.match(r"\s*DISTINCT\b", body, re.IGNORECASE):
        cut = re.match(r"\s*DISTINCT\b", body, re.IGNORECASE).end()
        body, text = body[cut:], text[cut:]
    items, depth, last = [], 0, 0
    for i, ch in enumerate(body):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append((body[last:i], text[last:i]))
            last = i + 1
    items.append((body[last:], text[last:]))
    names = []
    for masked_item, item in items:
        alias = re.search(r"\bAS\s+(`[^`]+`|\w+)\s*$", masked_item, re.IGNORECASE)
        if alias:
            names.append(item[alias.start(1):alias.end(1)].strip("`"))
        else:
            names.append(" ".join(item.split()))
    if any(n in ("", "*") for n in names):
        return None
    return names


# Neo4j-only syntax the embedded store's parser refuses, with the form both stores run
_NEO4J_ONLY = [
    (re.compile(r"\bWHERE\b[^;]*?\b\w+\s*:\s*[A-Z]\w*", re.IGNORECASE | re.DOTALL),
     "a label test in WHERE (n:Activity) is Neo4j-only syntax; write "
     "MATCH (n) WHERE n.kind IN ['activity', 'milestone'] (every item has kind), or MATCH (n:Activity)"),
    (re.compile(r"\bexists\s*\(\s*\(", re.IGNORECASE),
     "exists((pattern)) is Neo4j-only; write OPTIONAL MATCH the pattern and test count(...) > 0"),
    (re.compile(r"\b(toFloat|toInteger)\s*\(", re.IGNORECASE),
     "toFloat/toInteger are Neo4j-only; write 1.0 * x for a float"),
    (re.compile(r"\b(labels|elementId)\s*\(", re.IGNORECASE),
     "labels()/elementId() are Neo4j-only; use label(n) on the embedded store, or the kind and id properties"),
]


def portable_hint(cypher: str) -> str | None:
    """A hint with the portable form when ``cypher`` uses Neo4j-only syntax, else None."""
    text = _LITERALS.sub(" ", cypher)
    for pattern, hint in _NEO4J_ONLY:
        if pattern.search(text):
            return hint
    return None
