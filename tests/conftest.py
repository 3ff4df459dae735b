"""Shared fixtures: Sphinx's own testing fixtures, with test roots under tests/roots."""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers import Once
from tests.util import ROOTS, Aigloss, MakeApp, Result

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest_plugins = ["sphinx.testing.fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-snippets", action="store_true",
                     help="tests/test_snippets.py: write the stored expectations from the reStructuredText build")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are front-end tests (tools/test.sh runs them in one leg)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.frontend)


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
    from playwright.sync_api import sync_playwright  # only browser tests need the browser stack

    assert CHROMIUM.exists(), f"Chromium is needed at {CHROMIUM} (set AIGLOSS_CHROMIUM)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def aigloss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Aigloss:
    """Run ``aigloss ARGS`` through ``main()``, in a scratch directory, 100 columns wide."""
    from sphinx_aigloss.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    # git (the hook's tracked files) looks no higher than the scratch directory: a --basetemp
    # inside someone's work tree must not make the tests read that repository.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    def run(*args: str) -> Result:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse: --help, --version and bad usage
            status = exc.code if isinstance(exc.code, int) else -1
        out, err = capsys.readouterr()
        return Result(status, out, err)

    return run


@pytest.fixture(scope="module")
def once_made() -> dict[Hashable, Any]:
    """What the ``once`` fixture has made for the current test module."""
    return {}


@pytest.fixture
def once(once_made: dict[Hashable, Any], make_app: MakeApp, tmp_path_factory: pytest.TempPathFactory) -> Once:
    """The test module's builds, each made by the first test that needs it (tests/helpers.py)."""
    return Once(once_made, make_app, tmp_path_factory)


@pytest.fixture(scope="session")
def once_per_session_made() -> dict[Hashable, Any]:
    """What the ``once_per_session`` fixture has made."""
    return {}


@pytest.fixture
def once_per_session(once_per_session_made: dict[Hashable, Any], make_app: MakeApp,
                     tmp_path_factory: pytest.TempPathFactory) -> Once:
    """Builds that several test modules read, each made by the first test that needs it."""
    return Once(once_per_session_made, make_app, tmp_path_factory)
