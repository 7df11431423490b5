"""Open a generated page in headless Chromium with the network off, and report what happened.

Uses Debian's /usr/bin/chromium through playwright (never a downloaded browser). Every
request the page makes is recorded and aborted except the file itself; console errors and
uncaught exceptions are collected.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("CIVICGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]


def available() -> str | None:
    """None when the browser tests can run, else the reason they cannot."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@dataclass
class PageVisit:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    console_errors: list[str] = field(default_factory=list)
    allowed: str | None = None  # a folder's file:// URL (ending in /) whose files the page may load

    def inside(self, url: str) -> bool:
        """The page itself, a data: URL, or a file under ``allowed``."""
        bare = url.split("#", 1)[0].split("?", 1)[0]
        return (bare == self.url or url.startswith("data:")
                or (self.allowed is not None and bare.startswith(self.allowed)))

    @property
    def leaked(self) -> list[str]:
        """Requests other than the page itself (and files under ``allowed``; data: URLs never reach the network)."""
        return [u for u in self.requests if not self.inside(u)]


@contextmanager
def chromium():
    """A fresh headless Chromium profile, offline; yields the playwright browser context."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="civicgraph-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=ARGS,
                offline=True,
                viewport={"width": 1400, "height": 900},
                device_scale_factor=1,
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def wait_until(page, expression: str, timeout_ms: int = 15000) -> None:
    """Poll ``expression`` (evaluated over the DevTools protocol, so a page whose CSP forbids
    eval can be waited on) until it is true; TimeoutError after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout_ms} ms")
        page.wait_for_timeout(50)


@contextmanager
def visit(context, path: Path, wait_for: str = "window.civicgraphMap && window.civicgraphMap.ready",
          timeout_ms: int = 15000, allowed: Path | None = None):
    """Open ``path`` in a new tab, wait until ``wait_for`` is true, yield a ``PageVisit``.
    Requests for files under the folder ``allowed`` go through (a site's own assets); every
    other request but the page itself is aborted and recorded."""
    page = context.new_page()
    url = Path(path).resolve().as_uri()
    v = PageVisit(page=page, url=url, allowed=Path(allowed).resolve().as_uri() + "/" if allowed else None)

    def route(r):
        if v.inside(r.request.url):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: v.requests.append(req.url))
    page.on("console", lambda msg: v.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: v.console_errors.append(f"uncaught: {exc}"))
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if wait_for:
            wait_until(page, wait_for, timeout_ms)
        yield v
    finally:
        page.close()


CANVAS_INK = """() => {
  const c = document.querySelector('#map canvas');
  if (!c) return {width: 0, height: 0, ink: 0};
  const ctx = c.getContext('2d');
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) ink++;
  }
  return {width: c.width, height: c.height, ink: ink};
}"""
