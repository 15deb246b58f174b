"""A real browser for the end-to-end tests: Debian's Chromium driven by Playwright's sync API."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test's thread; the tests still read and
# seed the database synchronously there, which Django refuses unless told it is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-gpu",
]
# A laptop screen: the desk must fit it without scrolling the page.
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # Never a skip: a green run must have driven the browser. `make test` installs it.
        pytest.fail(f"No Chromium at {CHROMIUM}: run `scripts/system-packages test` (Debian).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
