"""Headless Chromium (Debian's package) as the page and player tests drive it with Playwright."""

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # Lets the page start playback without a real click (shared links) and, with no
    # sound card, Chromium still advances media time on its fake audio sink.
    "--autoplay-policy=no-user-gesture-required",
]
