"""Headless Chromium (Debian's package) as the page and player tests drive it with Playwright."""

import os
from collections.abc import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason=f"Debian chromium not installed at {CHROMIUM} (apt install chromium)"
)
CHROME_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # Lets the page start playback without a real click (shared links) and, with no
    # sound card, Chromium still advances media time on its fake audio sink.
    "--autoplay-policy=no-user-gesture-required",
]


def launch_chromium() -> Iterator:
    """A headless Chromium for one test module (skipped where Playwright is not installed):
    `yield from launch_chromium()` in a module-scoped fixture."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        yield b
        b.close()
