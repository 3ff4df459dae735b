"""The shape many test modules share: build a project once, by the first test that needs it,
and let the module's other tests read that build."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, copy_root, sphinx_run

T = TypeVar("T")


class Once:
    """What one test module builds, each made once (the ``once`` fixture: one per module).

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
