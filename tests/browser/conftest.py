"""Headless Chromium (Debian's, never a downloaded one) against the app served on 127.0.0.1.

Skipped when /usr/bin/chromium is missing, unless CI_REQUIRE_BROWSER=1 says the run must
have it: then the tests fail instead. Every network request a page makes is recorded; one
that leaves 127.0.0.1, or a page error such as a CSP violation, fails the test.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google at start, which a
# closed intranet (and this machine) refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WIDTHS = (1280, 390)


def _unavailable(reason: str):
    if os.environ.get("CI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CI_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; Playwright gives it a new, empty profile."""
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The real app on 127.0.0.1 at a free port, in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class Visit:
    """A browser tab on the live server that records every request and every page error."""

    def __init__(self, context, base: str):
        self.base, self.requests, self.errors = base, [], []
        context.on("request", lambda request: self.requests.append(request.url))
        self.page = context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        # A page answered 404 on purpose logs "Failed to load resource"; assets are
        # checked by status in _response instead.
        if message.type in ("error", "warning") and "Failed to load resource" not in message.text:
            self.errors.append(message.text)

    def _response(self, response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.errors.append(f"{response.status} for {response.url}")

    def open(self, path: str):
        answer = self.page.goto(self.base + path)
        assert answer is not None
        return answer

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base + "/")]

    def shoot(self, name: str) -> list[Path]:
        """Full-page screenshots at each width into tests/artifacts/ (kept by CI)."""
        ARTIFACTS.mkdir(exist_ok=True)
        paths, size = [], self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            path = ARTIFACTS / f"{name}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        self.page.set_viewport_size(size)
        return paths


@pytest.fixture
def visit(browser, live_server):
    """visit(**context options) → a Visit; checked for outside requests and errors at the end."""
    contexts, visits = [], []

    def make(**options) -> Visit:
        context = browser.new_context(locale="zh-CN", **options)
        contexts.append(context)
        visits.append(Visit(context, live_server))
        return visits[-1]
    yield make
    for context in contexts:
        context.close()
    for one in visits:
        assert not one.outside(), f"requests outside 127.0.0.1: {one.outside()}"
        assert not one.errors, f"page errors: {one.errors}"
