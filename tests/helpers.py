"""Shapes many test modules share: build a project once, by the first test that needs it, and
let the module's other tests read that build; compile a PDF; check an EPUB."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, copy_root, sphinx_run, warnings

T = TypeVar("T")


class Once:
    """What one test module builds, each made once (the ``once`` fixture: one per module; the
    ``once_per_session`` fixture holds builds that several modules read).

    ``root`` builds a copy of a test root; ``get`` makes anything else (a project written by
    the test module, two builds in a row) with Sphinx's ``make_app`` and a fresh folder. Each
    app is cleaned up as soon as it has built (Sphinx allows one live app at a time); its
    output, warnings and environment stay readable."""

    def __init__(self, made: dict[Hashable, Any], make_app: MakeApp, tmp: pytest.TempPathFactory) -> None:
        self.made = made
        self.make_app = make_app
        self.tmp = tmp

    def get(self, key: Hashable, make: Callable[[MakeApp, Path], T]) -> T:
        """``make(make_app, folder)`` the first time a test asks for ``key``; its result after."""
        if key not in self.made:
            self.made[key] = make(self.make_app, self.tmp.mktemp("once"))
        result: T = self.made[key]
        return result

    def root(self, name: str, buildername: str = "html", *, key: str = "",
             prepare: Callable[[Path], object] | None = None, **kwargs: object) -> SphinxTestApp:
        """``tests/roots/test-NAME`` copied, changed by ``prepare(srcdir)`` if given (name the
        change with ``key``), and built by ``buildername`` with ``make_app``'s ``kwargs``."""
        def build(make_app: MakeApp, folder: Path) -> SphinxTestApp:
            src = copy_root(name, folder / "src")
            if prepare is not None:
                prepare(src)
            return sphinx_run(make_app, src, buildername, **kwargs)

        return self.get((name, buildername, key, repr(sorted(kwargs.items()))), build)


def compile_pdf(outdir: Path, timeout: int = 300) -> None:
    """Compile the LaTeX builder's output to PDF, as its Makefile would; a failure shows the log's end."""
    assert shutil.which("latexmk"), "tools/test.sh installs latexmk and TeX Live (apt-get)"
    result = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet"],
                            cwd=outdir, capture_output=True, text=True, check=False, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:]


#: The JVM options for EPUBCheck: the quick compiler only and one garbage collector thread take
#: half the CPU time of Java's defaults on a check this short (the machines that run the tests
#: have two cores).
EPUBCHECK_JAVA = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def epubcheck(book: Path) -> str:
    """What EPUBCheck says of a book (its standard output and error)."""
    jar = shutil.which("epubcheck")
    assert jar, "Debian's epubcheck package is needed (apt-get install epubcheck)"
    # Debian's script is a jar with a shell preamble: java runs it.
    result = subprocess.run(["java", *EPUBCHECK_JAVA, "-jar", jar, str(book)], capture_output=True, text=True,
                            check=False, timeout=300)
    return result.stdout + result.stderr


def in_theme(theme: str) -> dict[str, Any]:
    """The configuration values that build a project in an HTML theme, for ``confoverrides``."""
    # Its own templates_path: pydata-sphinx-theme appends to it in place, and Sphinx's default
    # list is shared by every build in the process (later builds would use its templates).
    overrides: dict[str, Any] = {"html_theme": theme, "templates_path": []}
    if theme in ("pydata_sphinx_theme", "sphinx_book_theme"):
        overrides["html_context"] = {"default_mode": "auto"}  # the reader's light or dark mode
    return overrides


def build_findings(app: SphinxTestApp) -> list[tuple[str, str]]:
    """The extension's warnings of a build as ``aigloss check`` prints its findings, "FILE:LINE:
    MESSAGE" (the file relative to the source folder), each with its warning subtype."""
    found = (re.fullmatch(r"(.*): WARNING: (.*) \[aigloss\.(\w+)\]", line)
             for line in warnings(app.warning.getvalue(), app.srcdir))
    return [(f"{m[1]}: {m[2]}", m[3]) for m in found if m]
