"""Shared fixtures: Sphinx's own testing fixtures, with test roots under tests/roots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.util import ROOTS

pytest_plugins = ["sphinx.testing.fixtures"]



@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


CHROMIUM = Path(os.environ.get("AIGLOSS_CHROMIUM", "/usr/bin/chromium"))
# No background networking: the machine is offline, and the tests assert that pages make no
# request outside file://.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; never skipped: without it the tests fail."""
    assert CHROMIUM.exists(), f"Chromium is needed at {CHROMIUM} (set AIGLOSS_CHROMIUM)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
