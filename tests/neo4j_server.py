"""A Bolt server for the tests: a real Neo4j when NEO4J_URI is set, else FalkorDB 4.18.3.

No Neo4j server can run on these machines. FalkorDB 4.18.3 (the redis module shipped in
``falkordblite==0.10.0``, which needs Python 3.12) speaks Bolt 5.7 and answers the official
driver as Neo4j/5.13, so the push and query path is tested against it. ``.ci/run`` builds
its venv (``$CIVICGRAPH_FALKOR_VENV``, default ``~/.cache/civicgraph/falkor-venv``); when it
is missing the tests are skipped with the reason, or fail when CIVICGRAPH_REQUIRE_BOLT=1
(CI sets it, so CI never skips them silently).

FalkorDB's Bolt server has quirks that ``falkor_quirks`` works around in the test process
only (the product code is plain Neo4j driver code):

* after a client sends GOODBYE (``driver.close()``), the next connection's handshake is
  never answered; the tests' drivers therefore skip GOODBYE.
* string parameters are pasted into the query between single quotes without escaping, so
  a ``'`` in a parameter (many titles have one) breaks the query; the tests escape ``\\``
  and ``'`` in parameters before they reach the driver.
* the database name is ignored by explicit transactions (civicgraph uses only those), there
  are no constraints in Cypher (the push falls back to indexes), the password is checked
  only for the user ``falkordb``, and a wrong one is refused with a generic error.
* its Bolt port listens on every interface and must be at most 32767 (a larger BOLT_PORT
  is silently ignored): the tests pick a free port in 20000-32767, set a random password
  and stop the server at the end of the session.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FALKORDBLITE_VERSION = "0.10.0"  # later releases removed Bolt: keep this pin (also in .ci/run)
DEFAULT_FALKOR_VENV = Path.home() / ".cache" / "civicgraph" / "falkor-venv"


@dataclass
class BoltServer:
    uri: str
    user: str
    password: str
    database: str | None
    kind: str  # "neo4j" or "falkordb"
    port: int
    _proc: subprocess.Popen | None = None
    _dir: Path | None = None
    log: Path | None = None

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
            self._proc = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def falkor_venv() -> Path:
    return Path(os.environ.get("CIVICGRAPH_FALKOR_VENV") or DEFAULT_FALKOR_VENV)


def _falkor_binaries() -> tuple[Path, Path]:
    """redis-server and falkordb.so of the pinned falkordblite; ``LookupError`` says what is missing."""
    venv = falkor_venv()
    found = sorted(venv.glob("lib/python3*/site-packages/redislite/bin/redis-server"))
    if not found:
        raise LookupError(f"no falkordblite venv at {venv} (bash .ci/run builds it; it needs Python 3.12)")
    bin_dir = found[0].parent
    dist = sorted(bin_dir.parent.parent.glob("falkordblite-*.dist-info"))
    version = dist[0].name.removeprefix("falkordblite-").removesuffix(".dist-info") if dist else "?"
    if version != FALKORDBLITE_VERSION:
        raise LookupError(f"{venv} has falkordblite {version}, the tests need {FALKORDBLITE_VERSION} "
                          "(later releases have no Bolt)")
    module = bin_dir / "falkordb.so"
    if not module.is_file():
        raise LookupError(f"{module} is missing")
    return found[0], module


def free_port(low: int | None = None, high: int | None = None) -> int:
    """A TCP port nothing listens on (any, or one in [low, high])."""
    import random

    for _ in range(200):
        port = 0 if low is None else random.randint(low, high)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise LookupError(f"no free port in {low}..{high}")


def start_falkordb() -> BoltServer:
    """Start FalkorDB with Bolt on a free port; ``LookupError`` if it cannot be started."""
    redis_server, module = _falkor_binaries()
    workdir = Path(tempfile.mkdtemp(prefix="civicgraph-falkor-"))
    port = free_port(20000, 32767)  # FalkorDB ignores a BOLT_PORT above 32767 (a 16-bit field)
    password = secrets.token_hex(12)
    log = workdir / "server.log"
    cmd = [str(redis_server), "--port", "0", "--unixsocket", str(workdir / "redis.sock"),
           "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--daemonize", "no",
           "--dir", str(workdir), "--requirepass", password,
           "--loadmodule", str(module), "BOLT_PORT", str(port)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    server = BoltServer(uri=f"bolt://127.0.0.1:{port}", user="falkordb", password=password, database=None,
                        kind="falkordb", port=port, _proc=proc, _dir=workdir, log=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            server.stop()
            raise LookupError(f"FalkorDB exited at start: {' | '.join(tail)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return server
        time.sleep(0.1)
    server.stop()
    raise LookupError("FalkorDB did not open its Bolt port within 20 s")


def bolt_server_from_env() -> BoltServer | None:
    """The Neo4j server named by NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltServer(uri=uri, user=os.environ.get("NEO4J_USER", "neo4j"),
                      password=os.environ.get("NEO4J_PASSWORD", ""),
                      database=os.environ.get("NEO4J_DATABASE") or None, kind="neo4j", port=0)


def unavailable(reason: str):
    """Skip with ``reason`` (also shown as a warning, so a plain run prints it), or fail when
    CIVICGRAPH_REQUIRE_BOLT=1 (CI)."""
    if os.environ.get("CIVICGRAPH_REQUIRE_BOLT") == "1":
        pytest.fail(f"no Bolt server for the Neo4j tests: {reason}", pytrace=False)
    warnings.warn(f"Neo4j tests skipped: no Bolt server: {reason}", pytest.PytestWarning, stacklevel=2)
    pytest.skip(f"no Bolt server for the Neo4j tests: {reason}")


def _escape(value):
    """``value`` with ``\\`` and ``'`` escaped in every string; containers rebuilt only where
    something changed (most strings need nothing, and a push sends hundreds of thousands)."""
    if isinstance(value, str):
        if "'" in value or "\\" in value:
            return value.replace("\\", "\\\\").replace("'", "\\'")
        return value
    if isinstance(value, list):
        escaped = [_escape(v) for v in value]
        return value if all(a is b for a, b in zip(escaped, value, strict=True)) else escaped
    if isinstance(value, dict):
        escaped_map = {k: _escape(v) for k, v in value.items()}
        return value if all(escaped_map[k] is v for k, v in value.items()) else escaped_map
    return value


def falkor_quirks(mp: pytest.MonkeyPatch) -> None:
    """Work around FalkorDB's Bolt bugs (see the module docstring) in this process."""
    from neo4j._sync.io._bolt import _bolt5

    from graphmodel.store.neo4j import Neo4jStore

    for name in dir(_bolt5):
        cls = getattr(_bolt5, name)
        if isinstance(cls, type) and "goodbye" in vars(cls):
            mp.setattr(cls, "goodbye", lambda self, *args, **kwargs: None)
    original = Neo4jStore._run

    def run_escaped(self, cypher, params, write):
        return original(self, cypher, _escape(params), write)

    mp.setattr(Neo4jStore, "_run", run_escaped)


@dataclass
class CuttableProxy:
    """A TCP proxy on 127.0.0.1 to ``port``: ``cut()`` drops every connection and refuses new
    ones (a network that went away), ``restore()`` lets connections through again."""

    port: int
    listen_port: int = 0
    _down: threading.Event = field(default_factory=threading.Event)
    _socks: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    def __post_init__(self) -> None:
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self._server.settimeout(0.2)
        self.listen_port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.listen_port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            if self._down.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.port), timeout=2)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._socks += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self._down.set()
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def restore(self) -> None:
        self._down.clear()

    def close(self) -> None:
        self.cut()
        self._closed = True
        self._server.close()
        self._thread.join(2)


@contextlib.contextmanager
def silent_listener():
    """A port that accepts TCP connections and never answers (a hung server)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    try:
        yield s.getsockname()[1]
    finally:
        s.close()
