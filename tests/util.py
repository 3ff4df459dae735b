"""Helpers shared by the build tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def term_links(page: BeautifulSoup) -> list[Tag]:
    return [a for a in page.select("a.aigloss-term") if isinstance(a, Tag)]


def page_data(page: BeautifulSoup) -> dict[str, Any]:
    """The page's hover-card data (the JSON of ``<script id="aigloss-data">``)."""
    script = page.select_one("script#aigloss-data")
    assert script is not None
    data: dict[str, Any] = json.loads(script.get_text())
    return data


def cards(page: BeautifulSoup) -> dict[str, dict[str, Any]]:
    """What each term's hover card on a page shows: its entry in the page's card data.

    Returns key -> {"name", "category", "other", "url", "definition": [(text, url or "")]}.
    """
    out = {}
    for key, entry in page_data(page).items():
        definition = [(part, "") if isinstance(part, str) else (part[0], part[1]) for part in entry["segments"]]
        out[key] = {"name": entry["name"], "category": entry["category"], "other": entry.get("other", ""),
                    "url": entry["url"], "definition": definition}
    return out


def warnings(app_warning: str, srcdir: Path) -> list[str]:
    """The warning lines with the source folder made relative, colours removed."""
    text = strip_colors(app_warning).replace(str(srcdir) + "/", "")
    return [line for line in text.splitlines() if line.strip()]


def html_files(outdir: Path) -> dict[str, bytes]:
    """Every HTML page and static asset of an output folder, for byte comparisons."""
    out = {}
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".js", ".css", ".inv"} and ".doctrees" not in path.parts:
            out[str(path.relative_to(outdir))] = path.read_bytes()
    return out


def normalise_html(data: bytes) -> str:
    """Drop the one thing Sphinx itself varies between builds: asset cache-busting checksums."""
    return re.sub(r"\?v=[0-9a-f]+", "", data.decode("utf-8", "backslashreplace"))


ROOTS = Path(__file__).parent / "roots"


def copy_root(name: str, dest: Path) -> Path:
    """A fresh copy of a test root, for tests that build it more than once or edit it."""
    import shutil

    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def copy_example_docs(dest: Path) -> Path:
    """A fresh copy of example_docs (without a build folder left in it)."""
    import shutil

    shutil.copytree(Path(__file__).parent.parent / "example_docs", dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def build_once(app: SphinxTestApp) -> SphinxTestApp:
    """Build an app of ``@pytest.mark.test_params(shared_result=KEY)`` unless an earlier test of
    the module has built it (its warnings then come from Sphinx's shared-result cache).

    Sphinx's own check, an empty output folder, never holds here: the extension copies its
    static files there as the builder starts. The key names the build's folder for the whole
    session, so each module uses keys of its own (its name, say)."""
    if not (app.doctreedir / "environment.pickle").is_file():
        SphinxTestApp.build(app)
    return app


def built_links(app: SphinxTestApp, page: str) -> list[tuple[str, str]]:
    """The term links of a page of a shared build (see build_once) that warned nothing:
    (text, term anchor), in order."""
    build_once(app)
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    html = soup(Path(app.outdir) / f"{page}.html")
    return [(a.get_text(), str(a["href"]).split("#")[1]) for a in term_links(html)]


#: The type of Sphinx's ``make_app`` fixture.
MakeApp = Callable[..., SphinxTestApp]


def sphinx_run(make_app: MakeApp, srcdir: Path, buildername: str = "html",
               **kwargs: object) -> SphinxTestApp:
    """One build of ``srcdir`` by a new app of Sphinx's ``make_app`` fixture, as one more
    ``sphinx-build`` run would do it (for tests that edit a project between builds). The app
    is cleaned up at once (Sphinx's global registrations allow one live app at a time); its
    output, warnings and environment stay readable."""
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@dataclass(frozen=True)
class Result:
    """What ``aigloss ARGS`` did: its exit status and output (named as subprocess names them)."""

    returncode: int
    stdout: str
    stderr: str


#: The ``aigloss`` fixture: runs ``aigloss ARGS`` in-process.
Aigloss = Callable[..., Result]
