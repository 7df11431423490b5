"""The main job: documents -> records -> identities and lineage -> graph -> store.

Every load rebuilds the whole graph from all documents the store holds plus the new ones
(identity and lineage depend on every document), then replaces the store in one step.
Loading the same document again replaces its items; a failed load changes nothing.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from graphmodel.aliases import Aliases, aliases_path, load_aliases
from graphmodel.build import build_tables, graph_from_tables
from graphmodel.gcpause import gc_paused
from graphmodel.identity import Resolution, resolve
from graphmodel.lineage import Succession, link, publishers
from graphmodel.reports import PlanItems, detect_report, in_plan_year, plan_items, titled_plan
from graphmodel.schema import EdgeType, ItemRecord, NodeLabel
from graphmodel.store.ladybug import LadybugStore, document_row
from graphmodel.store.tables import NodeRows, RelRows
from loaders.base import LoaderError, LoadResult, Problem, Skipped

if TYPE_CHECKING:  # networkx loads only where a graph is wanted
    import networkx as nx

# progress(stage, done, total): called as work advances, for progress bars
Progress = Callable[[str, int, int], None]


class DocumentReport(BaseModel):
    source: str
    path: str
    layout: str
    plan: str
    counts: dict[str, int]
    skipped: list[Skipped] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    replaced: bool = False  # the store already held a document of this name
    as_of: str | None = None  # the report's date (graphmodel.reports)
    kind: str | None = None  # the report's kind: plan, quarterly, end-of-year, overdue, tracker
    duplicate_of: str | None = None  # the same text is already loaded under this name: not loaded again


class FileError(BaseModel):
    source: str
    path: str
    what: str
    fix: str = ""


class LoadReport(BaseModel):
    store: str
    documents: list[DocumentReport] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    not_read: list[FileError] = Field(default_factory=list)  # files found in folders and not read, and why
    totals: dict[str, int] = Field(default_factory=dict)


@dataclass
class Corpus:
    """Everything derived from a set of load results; the store's tables and the NetworkX
    graph are built when first asked for. ``records`` are what each document printed;
    ``items`` the plan items (one per item however many reports print it, ``plans``)."""

    results: list[LoadResult]
    resolution: Resolution
    successions: list[Succession]
    plans: PlanItems

    @property
    def records(self) -> list[ItemRecord]:
        return [item for r in self.results for item in r.items]

    @property
    def items(self) -> list[ItemRecord]:
        return self.plans.records

    @cached_property
    def tables(self) -> tuple[NodeRows, RelRows]:
        """The store's tables of the corpus (``build_tables``)."""
        return build_tables(self.items, self.resolution, self.successions, plans=self.plans)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The corpus as a NetworkX graph (``build_graph``: the same as the store's tables)."""
        return graph_from_tables(*build_tables(self.items, self.resolution, self.successions, plans=self.plans))


def expand_paths(paths: Iterable[Path], recurse: bool = True) -> tuple[list[Path], list[FileError], list[FileError]]:
    """The files to read: files as given, and the documents in folders (and, with ``recurse``,
    in their subfolders), each folder's sorted by path.

    Returns ``(files, errors, not_read)``: ``errors`` for missing paths and folders holding no
    document; ``not_read`` lists every other file found in a folder with the reason it is not
    read (an unsupported format, a hidden file, a subfolder when not recursing): none is
    skipped silently.
    """
    from loaders.formats import readable_suffixes, unsupported

    readable = readable_suffixes()
    files: list[Path] = []
    errors: list[FileError] = []
    not_read: list[FileError] = []
    for path in paths:
        if path.is_dir():
            found, skipped = _folder_files(path, readable, recurse)
            for other in skipped:
                if other.is_dir():
                    why = ("is a hidden folder, not searched", "pass it by name to load it") if other.name.startswith(".") \
                        else ("is a subfolder, not searched (--no-recurse)", "leave out --no-recurse to load it")
                elif other.name.startswith("."):
                    why = ("is a hidden file, not read", "pass it by name to load it")
                else:
                    why = unsupported(b"", other.suffix.lower()) or (
                        f"is not a plan document ({other.suffix or 'no file type'})",
                        "graph load reads .txt, .pdf and .docx files")
                not_read.append(FileError(source=other.name, path=str(other), what=why[0], fix=why[1]))
            if not found:
                errors.append(FileError(source=path.name, path=str(path),
                                        what="folder holds no documents (.txt, .pdf or .docx)",
                                        fix="pass a folder of plan documents"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(FileError(source=path.name, path=str(path), what="no such file or folder",
                                    fix="check the path"))
    return *_one_per_name(files, errors), not_read


def _one_per_name(files: list[Path], errors: list[FileError]) -> tuple[list[Path], list[FileError]]:
    """Files with distinct names (a document is known by its file name, so two files of one name
    in different folders would be one document): a file given twice is read once; another file
    of a name already taken is an error."""
    kept: dict[str, Path] = {}
    for f in files:
        first = kept.setdefault(f.name, f)
        if first is not f and first.resolve() != f.resolve():
            errors.append(FileError(source=f.name, path=str(f), what=f"has the same name as {first}",
                                    fix="rename one of them: a document is known by its file name"))
    return list(kept.values()), errors


def _folder_files(folder: Path, readable: frozenset[str], recurse: bool) -> tuple[list[Path], list[Path]]:
    """The readable files under ``folder`` and everything else met (files of other types, hidden
    files and folders, and subfolders when not recursing), both sorted by path."""
    found: list[Path] = []
    other: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found, [folder]
    for entry in entries:
        if entry.is_dir():
            if recurse and not entry.name.startswith("."):
                sub_found, sub_other = _folder_files(entry, readable, recurse)
                found += sub_found
                other += sub_other
            else:
                other.append(entry)
        elif entry.is_file() and entry.suffix.lower() in readable and not entry.name.startswith("."):
            found.append(entry)
        else:
            other.append(entry)
    return found, other


def parse_files(
    files: list[Path],
    plan: str | None = None,
    layout: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[list[LoadResult], list[FileError]]:
    """Parse each file (in order); a file that cannot be loaded becomes a ``FileError``, not an
    exception.

    PDF and Word files are read in a pool of processes (``workers``, default one per core) when
    there are two or more and enough of them to pay for starting the processes (``POOL_BYTES``):
    reading them is the cost, and the parsing here goes on meanwhile. Only reading runs in the
    pool; the store is not touched until every file is parsed.
    """
    from loaders.formats import read_document
    from loaders.registry import parse_document

    pooled = [i for i, f in enumerate(files) if f.suffix.lower() in _POOLED]
    if workers is None:
        workers = os.cpu_count() or 1
    pool = None
    futures: dict[int, Future] = {}
    if len(pooled) >= 2 and workers > 1 and sum(_size(files[i]) for i in pooled) >= POOL_BYTES:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(pooled)), mp_context=mp.get_context("spawn"),
                                   initializer=_ignore_interrupts)
    results, errors = [], []
    try:
        if pool is not None:
            with _interrupts_ignored():  # the reading processes start now, and never see Ctrl-C
                futures = {i: pool.submit(read_document, files[i]) for i in pooled}
        for i, path in enumerate(files):
            try:
                document = _pooled_read(futures[i], path) if i in futures else read_document(path)
                results.append(parse_document(document, path.name, plan=plan, layout=layout))
            except LoaderError as exc:
                errors.append(FileError(source=exc.source, path=str(path), what=exc.what, fix=exc.fix))
            except KeyError as exc:  # an unknown --layout
                errors.append(FileError(source=path.name, path=str(path), what=str(exc.args[0]),
                                        fix="see graph load --help"))
            if progress:
                progress("reading and parsing", len(results) + len(errors), len(files))
    except BaseException:
        if pool is not None:  # Ctrl-C or a bug: stop the readers now rather than after their files
            _stop_pool(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return results, errors


_POOLED = frozenset((".pdf", ".docx", ".docm", ".dotx"))
POOL_BYTES = 1_000_000  # below this, starting the reading processes (~0.3 s each) costs more than it saves


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _pooled_read(future: Future, path: Path):
    """The document a reading process read; read here instead if the pool broke (a reading
    process killed, or one that could not start)."""
    from loaders.formats import read_document

    try:
        return future.result()
    except BrokenProcessPool:
        return read_document(path)


def _stop_pool(pool: ProcessPoolExecutor, timeout: float = 10.0) -> None:
    """Stop a pool now: cancel what has not started, terminate the reading processes, and wait
    (Ctrl-C ignored meanwhile) for the pool's managing thread to wind down. Without that wait the
    interpreter's exit hook (``concurrent.futures.process._python_exit``) can write to the pool's
    wake-up pipe while that thread is closing it, and Python prints a traceback ("Bad file
    descriptor") after "Interrupted."."""
    with _interrupts_ignored():
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None and manager.is_alive():
            manager.join(timeout)


@contextmanager
def _interrupts_ignored():
    """Ignore SIGINT while reading processes are started: a process started with it ignored keeps
    ignoring it from its first instruction (Python leaves an ignored SIGINT alone), so a Ctrl-C in
    the terminal (sent to every process of the group) is handled by the loading process alone,
    which stops the pool, and no reading process prints a traceback while it starts up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_interrupts() -> None:
    """In a reading process: Ctrl-C is the loading process's to handle (it stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def build_corpus(results: list[LoadResult], aliases: Aliases | None = None) -> Corpus:
    """Resolve identities (applying the aliases file's decisions) over every printed record,
    gather each plan's reports into plan items (``reports.plan_items``) and link plan years of
    those; the corpus's tables and graph are built when first used. Raises
    ``reports.UndatedReports`` when a plan has two reports without a date."""
    records = [item for r in results for item in r.items]
    resolution = resolve(records, aliases)
    plans = plan_items(results, publishers(records, resolution))
    del records
    successions = link(plans.records, resolution)
    return Corpus(results=results, resolution=resolution, successions=successions, plans=plans)


def date_reports(results: list[LoadResult], as_of: str | None = None, plan: str | None = None) -> None:
    """Set each new load result's report date and kind (``reports.detect_report``; ``as_of``,
    given with ``graph load --as-of``, dates a document that does not say), adding a problem
    when ``as_of`` disagrees with the document's own date or falls outside the plan year, or
    when ``plan`` (``--plan``) is not the plan year the document's title names; returns None."""
    for r in results:
        named = titled_plan(r)
        if plan and named and named != plan:
            r.problems.append(Problem(source=r.source, line=1, what=f"the document's title names plan year {named}, "
                                      f"loaded as {plan} (--plan)", fix="leave out --plan to use the title's"))
        found = detect_report(r)
        r.report_kind = found.kind
        r.as_of = found.as_of or as_of
        if as_of and found.as_of and found.as_of != as_of:
            r.problems.append(Problem(source=r.source, line=1, what=f"the document is dated {found.as_of} "
                                      f"({found.evidence.strip()!r}), not {as_of}: its own date is kept",
                                      fix="leave out --as-of for documents that print their date"))
        if r.as_of and not in_plan_year(r.plan, r.as_of):
            r.problems.append(Problem(source=r.source, line=1, what=f"report date {r.as_of} is outside plan year "
                                      f"{r.plan} (April to March)", fix="check --as-of and --plan"))


def duplicates(results: list[LoadResult], stored: dict[str, LoadResult]) -> dict[str, str]:
    """New results already loaded under another name, or given twice: source -> the name it is
    loaded under. The same report is the same text (``digest``), or, in another format (a PDF
    and a Word file of one report), the same plan year, date and items (``content_digest``)."""
    known = {r.digest: name for name, r in sorted(stored.items()) if r.digest}
    out = {}
    for r in results:
        if not r.digest:
            continue
        first = known.setdefault(r.digest, r.source)
        if first != r.source:
            out[r.source] = first
    # what reports say is compared only among those of one plan year, date, layout and item count
    # with a new one among them (hashing every item of a corpus would cost a second at ~250k items)
    def shape(r: LoadResult) -> tuple:
        return (r.plan, r.as_of, r.layout, len(r.items))

    candidates = [*sorted(stored.items()), *((r.source, r) for r in results if r.source not in out)]
    sizes = Counter(shape(r) for _, r in candidates)
    new = {shape(r) for r in results if r.source not in out and sizes[shape(r)] > 1}
    seen: dict[str, str] = {}
    for name, r in candidates:
        if shape(r) in new and r.items:
            first = seen.setdefault(content_digest(r), name)
            if first != name and name not in stored:
                out[name] = first
    return out


def content_digest(result: LoadResult) -> str:
    """A hash of what a report says: its plan year, date and every item's kind, code, title,
    owners, members, boards, deadlines, status, percent and comments (letters and digits only: a PDF
    breaks "2017-20" over two lines where a Word file does not), not where they were printed
    (file, line, page)."""
    import hashlib

    h = hashlib.sha1(f"{result.plan}|{result.as_of}".encode())
    for r in result.items:
        comments = _NOT_ALNUM.sub("", (r.comments or "").lower())
        h.update(repr((r.kind.value, r.code, r.title, [o.name for o in r.owners], r.members, r.boards, r.deadlines,
                       r.status, r.percent, comments)).encode("utf-8", "replace"))
    return h.hexdigest()


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def load(
    paths: Iterable[Path],
    store: LadybugStore,
    plan: str | None = None,
    layout: str | None = None,
    progress: Progress | None = None,
    aliases: Aliases | None = None,
    recurse: bool = True,
    as_of: str | None = None,
) -> LoadReport:
    """Load documents into ``store``: parse, then rebuild and replace the stored graph.

    Folders are searched recursively unless ``recurse`` is false; files found there and not
    read are listed in ``not_read``. Bad files are reported in ``errors`` and the good ones still load; when no file
    loads, the store is not touched. ``aliases`` defaults to ``store_aliases(store)``
    ($CIVICGRAPH_ALIASES, else civicgraph-aliases.toml beside the store). ``as_of``
    (YYYY-MM-DD) dates the documents that do not print their date. A document whose text is
    already loaded under another name is reported (``duplicate_of``) and not loaded again.
    Raises ``reports.UndatedReports`` (store untouched) when a plan would hold two undated reports.
    """
    if aliases is None:
        aliases = store_aliases(store)
    with gc_paused():
        files, errors, not_read = expand_paths(paths, recurse=recurse)
        results, parse_errors = parse_files(files, plan=plan, layout=layout, progress=progress)
        report = LoadReport(store=str(store.path), errors=errors + parse_errors, not_read=not_read)
        if not results:
            return report
        date_reports(results, as_of, plan)
        with store.writing():
            stored = {r.source: r for r in map(LoadResult.model_validate_json, store.read_document_json())}
            replaced = {r.source for r in results if r.source in stored}
            duplicate = duplicates(results, stored)
            stored.update({r.source: r for r in results if r.source not in duplicate})
            path_of: dict[str, Path] = {}
            for f in files:
                path_of.setdefault(f.name, f)
            report.documents = [
                DocumentReport(source=r.source, path=str(path_of[r.source]), layout=r.layout, plan=r.plan,
                               counts=r.count_by_kind(), skipped=r.skipped, problems=r.problems,
                               replaced=r.source in replaced, as_of=r.as_of, kind=r.report_kind,
                               duplicate_of=duplicate.get(r.source))
                for r in results
            ]
            if len(duplicate) == len(results):  # nothing new: the store stays as it is
                return report
            del results  # the records now live in ``stored`` only, and go once the tables are built
            if progress:
                progress("resolving people and lineage", 0, 1)
            corpus = build_corpus(sorted(stored.values(), key=lambda r: r.source), aliases)
            del stored
            documents = [document_row(r.source, r.layout, r.plan, r.model_dump_json()) for r in corpus.results]
            records, resolution, successions, plans = corpus.items, corpus.resolution, corpus.successions, corpus.plans
            problems = {r.source: r.problems for r in report.documents}
            for source, what in corpus.plans.warnings:
                # a warning about a document loaded before is shown with the first of this load's
                shown = problems.get(source) or next(iter(problems.values()), None)
                if shown is not None:
                    shown.append(Problem(source=source, line=1, what=what if source in problems else f"{source} {what}",
                                         fix="check that the report is complete, in its layout and dated"))
            del corpus  # the load results go; ``records`` (and the readings) hold the items, build_tables drops them
            nodes, rels = build_tables(records, resolution, successions, consume=True, plans=plans)
            del records, plans
            report.totals = table_totals(nodes, rels)
            if progress:
                progress("writing the store", 0, 1)
            store.write_tables(nodes, rels, documents)
    return report


def table_totals(nodes: NodeRows, rels: RelRows) -> dict[str, int]:
    """Node counts per label and edge counts per type (the counts ``graph_totals`` gives for
    their graph), in schema order; labels and types with none left out."""
    totals: dict[str, int] = {}
    for label in NodeLabel:
        if nodes.get(label):
            totals[label.value] = len(nodes[label])
    for etype in EdgeType:
        count = sum(len(rows) for (t, _, _), rows in rels.items() if t == etype)
        if count:
            totals[etype.value] = count
    return totals


def graph_totals(g: nx.MultiDiGraph) -> dict[str, int]:
    """Node counts per label and edge counts per type."""
    totals: dict[str, int] = {}
    for _, data in g.nodes(data=True):
        totals[data["label"]] = totals.get(data["label"], 0) + 1
    for _, _, data in g.edges(data=True):
        totals[data["type"]] = totals.get(data["type"], 0) + 1
    return totals


def store_aliases(store: LadybugStore, path: Path | None = None) -> Aliases:
    """The aliases file for ``store``: ``path`` (must exist), else $CIVICGRAPH_ALIASES, else
    ``civicgraph-aliases.toml`` beside the store (a missing default file means no decisions)."""
    return load_aliases(aliases_path(path, Path(store.path)), required=path is not None)


def stored_corpus(store: LadybugStore, aliases: Aliases | None = None) -> Corpus:
    """The corpus the store holds, rebuilt from its documents with the current aliases file."""
    results = [LoadResult.model_validate_json(text) for text in store.read_document_json()]
    return build_corpus(results, store_aliases(store) if aliases is None else aliases)


def stored_records(store: LadybugStore) -> list[ItemRecord]:
    """Every item record the store holds."""
    return [ItemRecord.model_validate(item) for d in store.read_documents() for item in d["items"]]
