"""Safe output: document text never becomes query text, markup or script.

- Cypher: every query the code builds interpolates only schema names (labels, relationship
  types, column lists), never a value; values travel as parameters. Checked statically over
  the query-building code, and dynamically: hostile text loaded from a document and hostile
  parameter values never appear in any query text sent to the store.
- ``graph cypher`` only reads: writes are refused (one line, exit 1, store unchanged), and
  the store itself opens read-only for queries, so a write the word check misses fails too.
- HTML: a title holding ``<script>`` shows as text in ``graph viz`` maps, ``graph report`` and
  every page, map and the search index of ``graph site``.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from graphmodel.store.base import ReadOnlyQuery, StoreError
from graphmodel.store.ladybug import LadybugStore
from tests.conftest import SAMPLES
from tests.robustness.conftest import ROOT, digest

runner = CliRunner()

# Text a hostile (or just unlucky) document could hold: quotes, Cypher, markup, parameters.
HOSTILE = "O'Brien \"Q\" \\ `x` $plan {id: 1}}) MATCH (n) DETACH DELETE n // <script>window.__pwned=1</script>"


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------- query text is built from schema names only

QUERY_CODE = ["graphmodel", "cypher", "cli", "viz"]
_CYPHER_WORDS = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|COPY|DELETE|DETACH|SET|CALL|WHERE|DROP)\b")
# The only expressions query text may interpolate: schema names from the code's own tables.
# ``<anything>.value`` (a NodeLabel or EdgeType member) is allowed everywhere too.
SCHEMA_EXPRESSIONS = {
    "MARKER": "the label every civicgraph node carries on Neo4j (a constant)",
    "label": "a NodeLabel/label name from the schema tables",
    "label.lower()": "the same, lower-cased for a constraint name",
    "body": "column definitions from NODE_COLUMNS",
    "key": "a primary-key column of a table beside the graph (graphmodel/store/ladybug.py _SIDE_TABLES)",
    "ends": "FROM/TO pairs from REL_PAIRS",
    "props": "relationship columns from REL_COLUMNS",
    "extra": "relationship columns from REL_COLUMNS",
    "table": "a node table name from the schema",
    "TALLY_TABLE": "the Tally table's name (a constant, graphmodel/store/tallies.py)",
    "title": "CONTAINS $w0 AND ... fragments, one per word: the words go as $parameters",
    "int(NO_END)": "a constant int: the TallyAsOf bound for no end (a literal, so the store can skip blocks)",
    "int(day)": "an int made from a checked YYYY-MM-DD date (a literal, so the store can skip blocks)",
    "int(kind)": "an int: the kind of TallyAsOf row (a literal, so the store can skip blocks)",
    "TALLY_AS_OF_TABLE": "the TallyAsOf table's name (a constant, graphmodel/store/tallies.py)",
    "SUCCESSION_TABLE": "the Succession table's name (a constant, graphmodel/store/succession.py)",
    "SUCCESSION_CODES_TABLE": "the SuccessionCodes table's name (a constant, graphmodel/store/succession.py)",
    "FIGURE_ITEM_TABLE": "the FigureItem table's name (a constant, graphmodel/store/figures_as_of.py)",
    "_quote(etype)": "a relationship type, backtick-quoted",
    "_quote(etype.value)": "a relationship type, backtick-quoted",
}


def _query_fstrings():
    """(file, line, literal text, [interpolated expressions]) of every f-string that looks like Cypher."""
    for folder in QUERY_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                    if _CYPHER_WORDS.search(literal):
                        yield path.relative_to(ROOT), node.lineno, node


def _allowed(expr: ast.expr) -> bool:
    text = ast.unparse(expr)
    if text in SCHEMA_EXPRESSIONS:
        return True
    return isinstance(expr, ast.Attribute) and expr.attr == "value" and isinstance(expr.value, ast.Name)


def test_query_text_interpolates_only_schema_names():
    found, bad = 0, []
    for path, line, node in _query_fstrings():
        found += 1
        for part in node.values:
            if isinstance(part, ast.FormattedValue) and not _allowed(part.value):
                bad.append(f"{path}:{line}: {{{ast.unparse(part.value)}}}")
    assert found >= 10, "the scan found no query-building code: has it moved?"
    assert bad == [], ("query text built from values (pass them as $parameters instead, or add a schema "
                       f"name to SCHEMA_EXPRESSIONS with the reason): {bad}")


def test_no_value_is_pasted_inside_a_quoted_cypher_string():
    """``'{x}'`` inside query text is the classic injection; only enum values may sit there."""
    bad = []
    for path, line, node in _query_fstrings():
        parts = node.values
        for i, part in enumerate(parts):
            if isinstance(part, ast.FormattedValue) and i > 0 and isinstance(parts[i - 1], ast.Constant):
                if parts[i - 1].value.endswith(("'", '"')) and not ast.unparse(part.value).endswith(".value"):
                    bad.append(f"{path}:{line}: {ast.unparse(part.value)}")
    assert bad == []


def test_query_text_is_not_built_with_format_or_percent():
    bad = []
    for folder in QUERY_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                        and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
                        and _CYPHER_WORDS.search(node.func.value.value)):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: str.format")
                if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
                        and isinstance(node.left.value, str) and _CYPHER_WORDS.search(node.left.value)):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: % formatting")
    assert bad == []


def test_named_query_files_use_parameters_not_placeholders():
    from cypher import list_queries

    queries = list_queries()
    assert queries, "no named queries"
    for q in queries:
        body = "\n".join(line for line in q.cypher.splitlines() if not line.strip().startswith("//"))
        assert not re.search(r"\{[a-z_]+\}|%\(|%s", body), f"{q.file}: a text placeholder in the query"
        for p in q.params:
            assert f"${p.name}" in body, f"{q.file}: parameter {p.name} is declared but never used as ${p.name}"


# ---------------------------------------------------------------- dynamically: values never reach query text

@pytest.fixture
def spy_execute(monkeypatch):
    """Record every (query text, parameters) the embedded store is sent."""
    import ladybug

    sent: list[tuple[str, dict | None]] = []
    real = ladybug.Connection.execute

    def execute(self, query, parameters=None):
        sent.append((str(query), parameters))
        return real(self, query, parameters)

    monkeypatch.setattr(ladybug.Connection, "execute", execute)
    return sent


@pytest.fixture(scope="module")
def hostile_doc(tmp_path_factory) -> Path:
    """The 2012/13 sample with hostile text in a milestone title, an owner cell and a comment."""
    text = SAMPLES["monitoring-appendix"].read_text(encoding="utf-8")
    text = text.replace("Launch and populate talent pools\tSimon Kilbey (Resources)",
                        "Launch &lt;script&gt;window.__pwned = 1&lt;/script&gt; &lt;img src=x "
                        "onerror=&quot;window.__pwned = 2&quot;&gt; pools " + HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
                        + "\tSimon Kilbey (Resources)", 1)
    text = text.replace("Going out for second recruitment of 10 apprentices.", HOSTILE, 1)
    assert "window.__pwned = 1" in text and HOSTILE in text
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_store(hostile_doc, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("hostile-store") / "graph.db"
    result = invoke("load", hostile_doc, "--store", store)
    assert result.exit_code == 0, result.output
    return store


def test_hostile_document_text_never_becomes_query_text(hostile_doc, tmp_path, spy_execute):
    store = tmp_path / "graph.db"
    result = invoke("load", hostile_doc, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    exported = invoke("export", "items", "--store", store).stdout
    assert "DETACH DELETE n" in exported  # the text is in the graph, as data
    assert spy_execute, "the spy saw no queries"
    for query, _params in spy_execute:
        assert "O'Brien" not in query and "__pwned" not in query and "DETACH DELETE n //" not in query, query[:200]


_TEXT_TYPES = ("string", "plan", "officer", "member", "board", "directorate")  # cypher.PARAM_TYPES that hold text


def test_named_queries_send_values_as_parameters(hostile_store, spy_execute):
    """A text value is sent as a parameter, or (a name or plan year the store does not hold) refused
    before the query runs: never pasted into query text."""
    from cypher import QueryError, get_query, list_queries, run_query

    store = LadybugStore(hostile_store)
    checked = 0
    for q in list_queries():
        values = {p.name: HOSTILE for p in q.params if p.type in _TEXT_TYPES}
        if not values:
            continue
        spy_execute.clear()
        try:
            run_query(store, q.name, values)
        except QueryError as exc:  # a name or plan year matching nothing: refused, the query not run
            assert "DETACH DELETE" not in str(exc) or "matches" in str(exc) or "no plan year" in str(exc)
            assert not [t for t, _ in spy_execute if t == get_query(q.name).cypher]
        else:
            (query, params), = [(t, p) for t, p in spy_execute if t == get_query(q.name).cypher]
            assert all(params[k] == HOSTILE for k in values if get_query(q.name).param(k).type == "string")
        checked += 1
        for text, _ in spy_execute:
            assert "O'Brien" not in text and "__pwned" not in text and "DETACH DELETE n //" not in text, text[:200]
    assert checked > 0, "no named query takes a text parameter"


def test_graph_query_with_hostile_parameter_is_data(hostile_store):
    from cypher import list_queries

    q = next((q for q in list_queries() if any(p.type in _TEXT_TYPES for p in q.params)), None)
    if q is None:
        pytest.skip("no named query takes a text parameter")
    before = digest(hostile_store)
    p = next(p for p in q.params if p.type in _TEXT_TYPES)
    result = invoke("query", q.name, "--param", f"{p.name}={HOSTILE}", "--store", hostile_store, "--json")
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:  # refused in one line: no name or plan year like it
        assert result.stderr.startswith("Error: --param ") and result.stderr.count("\n") == 1
    assert digest(hostile_store) == before


# ---------------------------------------------------------------- graph cypher only reads

WRITES = {
    "create": "CREATE (o:Officer {id: 'x', name: 'Mallory'})",
    "lower-case create": "create (o:Officer {id: 'x', name: 'Mallory'})",
    "merge": "MERGE (o:Officer {id: 'x'}) RETURN o",
    "set": "MATCH (o:Officer) SET o.name = 'Mallory' RETURN count(o)",
    "delete": "MATCH (o:Officer) DETACH DELETE o",
    "remove": "MATCH (o:Officer) REMOVE o.name RETURN count(o)",
    "drop table": "DROP TABLE Officer",
    "copy": "COPY Officer FROM 'evil.csv'",
    "write after a comment": "MATCH (o:Officer) // just reading\nSET o.name = 'x' RETURN o",
    "write after a string": "MATCH (o:Officer) WHERE o.name <> 'a' SET o.name = 'x' RETURN o",
}


@pytest.mark.parametrize("name", list(WRITES))
def test_graph_cypher_refuses_writes(name, hostile_store, tmp_path):
    if "cypher" not in {c.name for c in __import__("typer").main.get_command(app).commands.values()}:
        pytest.skip("graph cypher does not exist yet")
    store = tmp_path / "graph.db"
    shutil.copy(hostile_store, store)
    before = digest(store)
    result = invoke("cypher", WRITES[name], "--store", store)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: graph cypher only reads")
    assert "Traceback" not in result.output
    assert digest(store) == before


def test_graph_cypher_reads_and_allows_write_words_inside_strings(hostile_store):
    result = invoke("cypher", "MATCH (i:Milestone) WHERE i.title CONTAINS $t RETURN count(i) AS n",
                    "--param", "t=DETACH DELETE", "--store", hostile_store, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 1}]
    result = invoke("cypher", "MATCH (i:Milestone) WHERE i.title CONTAINS 'CREATE' RETURN count(i) AS n",
                    "--store", hostile_store, "--json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", list(WRITES))
def test_store_queries_open_read_only(name, hostile_store, tmp_path):
    """Past the CLI's word check, the store itself refuses: queries open the file read-only."""
    store = tmp_path / "graph.db"
    shutil.copy(hostile_store, store)
    before = digest(store)
    with pytest.raises(StoreError) as refused:  # refused as a write, or not even valid Ladybug Cypher
        LadybugStore(store).query(WRITES[name])
    if name in ("create", "lower-case create", "merge", "set", "delete"):
        assert isinstance(refused.value, ReadOnlyQuery), refused.value
    assert digest(store) == before


# ---------------------------------------------------------------- HTML: text shows as text

def _commands() -> set[str]:
    import typer.main

    return set(typer.main.get_command(app).commands)


def _template_count(pattern: str) -> int:
    return sum(len(re.findall(pattern, p.read_text(encoding="utf-8"), re.IGNORECASE))
               for p in (ROOT / "viz" / "templates").glob("*") if p.suffix in (".html", ".js", ".css"))


def _check_html(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html, f"{path.name}: the title's <script> is live markup"
    assert "<img src=x" not in html, f"{path.name}: the title's <img> is live markup"
    assert "onerror=\"window.__pwned" not in html
    return html


def test_script_in_a_title_shows_as_text_in_the_map(hostile_store, tmp_path):
    if "viz" not in _commands():
        pytest.skip("graph viz does not exist yet")
    out = tmp_path / "map.html"
    result = invoke("viz", "--officer", "Simon Kilbey", "--out", out, "--store", hostile_store)
    assert result.exit_code == 0, result.output
    html = _check_html(out)
    assert "window.__pwned = 1" in html  # the text is there, escaped
    _in_browser(out, "window.civicgraphMap && window.civicgraphMap.ready")


def test_script_in_a_title_shows_as_text_in_the_report(hostile_store, tmp_path):
    if "report" not in _commands():
        pytest.skip("graph report does not exist yet")
    out = tmp_path / "report.html"
    result = invoke("report", "--out", out, "--store", hostile_store)
    assert result.exit_code == 0, result.output
    html = _check_html(out)
    if "window.__pwned = 1" in html:  # when the report lists the item, it is escaped
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    _in_browser(out, "document.readyState === 'complete'")


def _in_browser(path: Path, wait_for: str) -> None:
    """Open the page in headless Chromium when the browser tests can run: no script of ours ran."""
    try:
        from tests.viz.browser import available, chromium, visit
    except ImportError:
        return
    if available() is not None:
        return
    with chromium() as context, visit(context, path, wait_for=wait_for) as v:
        assert v.page.evaluate("window.__pwned === undefined"), f"{path.name}: document text ran as script"
        assert v.leaked == []


def test_script_in_a_title_shows_as_text_in_the_site(hostile_store, tmp_path):
    """Pages, the search index and each page's map data: a title holding ``<script>`` and
    ``</script>`` (inside JSON) is text everywhere; in the browser no script of ours ran."""
    if "site" not in _commands():
        pytest.skip("graph site does not exist yet")
    out = tmp_path / "site"
    result = invoke("site", "--out", out, "--store", hostile_store)
    assert result.exit_code == 0, result.output
    seen = 0
    for path in sorted(out.rglob("*.html")):
        html = _check_html(path)
        # a script block's text may hold no '</' at all: JSON escapes '<' as \u003c
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
            assert "<" not in block, path
            seen += "window.__pwned = 1" in block
        if "window.__pwned = 1" in html.replace("&lt;script&gt;window.__pwned = 1", ""):
            assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html or "\\u003cscript" in html, path
    assert seen >= 1, "the hostile title is on no map"
    index = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "window.__pwned = 1" in index and "<" not in index and "</script" not in index
    kilbey = out / "officers" / "simon-kilbey.html"
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in kilbey.read_text(encoding="utf-8")
    try:
        from tests.viz.browser import available, chromium, visit, wait_until
    except ImportError:
        return
    if available() is not None:
        return
    with chromium() as context:
        with visit(context, kilbey, wait_for="window.civicgraphMap && window.civicgraphMap.ready", allowed=out) as v:
            assert v.page.evaluate("window.__pwned === undefined")
            assert "<script>window.__pwned = 1</script>" in v.page.inner_text("#items")
            assert v.leaked == [] and v.console_errors == []
        with visit(context, out / "search.html", wait_for="document.readyState === 'complete'", allowed=out) as v:
            v.page.fill("#q", "launch pools")
            v.page.press("#q", "Enter")
            wait_until(v.page, "document.querySelectorAll('#results li').length > 0")
            texts = v.page.eval_on_selector_all("#results li a", "els => els.map(e => e.textContent)")
            assert any("<script>window.__pwned = 1</script>" in t for t in texts), texts
            assert v.page.evaluate("window.__pwned === undefined")
            assert v.leaked == [] and v.console_errors == []
