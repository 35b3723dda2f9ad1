"""Pages opened in a real browser for the tests: Debian's Chromium, driven by Playwright.

No browser is downloaded: Playwright drives the system's ``/usr/bin/chromium``
(``.ci/run`` installs it when missing). On a machine without it the tests that
use :func:`browser` skip and say why; under CI (``CI=true``) a missing browser
fails them instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (400, 1280)


def _unavailable(reason: str) -> None:
    """Skip on a user's machine; fail under CI, where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)")
    pytest.skip(f"{reason}; install it with: apt-get install chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright, for the whole module."""
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from disk with every other request refused, and what it tried."""

    def __init__(
        self,
        browser: Browser,
        path: Path,
        width: int,
        scheme: str = "light",
        *,
        height: int = 900,
    ) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page: Page = browser.new_page(
            viewport={"width": width, "height": height},
            color_scheme=scheme,  # type: ignore[arg-type]
            accept_downloads=True,
        )
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._only_the_file)
        self.page.goto(self.url)

    def _only_the_file(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def overflow(self) -> int:
        """How many pixels the page, or a box in it, is wider than it shows (0: no sideways
        scrolling anywhere)."""
        return int(
            self.page.evaluate(
                "Math.max(document.documentElement.scrollWidth - window.innerWidth,"
                " ...[...document.querySelectorAll('.table-wrap')]"
                ".map(box => box.scrollWidth - box.clientWidth))"
            )
        )
