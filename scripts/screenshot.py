"""Screenshot pages of a running server as a logged-in user.

Usage: python scripts/screenshot.py BASE NIP PASSWORD OUT_DIR [--mobile] PATH...
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-sync",
]


def main() -> None:
    base, nip, password, out, *paths = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    width = 390 if "--mobile" in paths else 1280
    paths = [p for p in paths if p != "--mobile"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{base}/masuk/")
        page.fill("input[name=username]", nip)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        for p in paths:
            page.goto(f"{base}{p}")
            name = p.strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{out}/{name}-{width}.png", full_page=True)
            print(f"{out}/{name}-{width}.png", page.title())
        browser.close()


if __name__ == "__main__":
    main()
