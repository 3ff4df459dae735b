"""The stack the tests run on: deprecations raised from this package fail every test leg, and
the extension works under myst-nb (Jupyter notebooks) as under MyST-Parser."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from io import StringIO
from typing import cast

import pytest
import sphinx.deprecation
from sphinx.testing.util import SphinxTestApp

from tests.util import page_data, soup, term_links

# Every deprecation class of the Sphinx that is installed (RemovedInSphinx10Warning, ...), plus
# the plain ones docutils (and Python) use.
SPHINX_DEPRECATIONS = {cls for cls in vars(sphinx.deprecation).values()
                       if isinstance(cls, type) and issubclass(cls, DeprecationWarning | PendingDeprecationWarning)
                       and cls.__module__ == "sphinx.deprecation"}  # a set: some classes have two names
CATEGORIES = [DeprecationWarning, PendingDeprecationWarning,
              *sorted(SPHINX_DEPRECATIONS, key=lambda cls: cls.__name__)]


def deprecated_api(category: type[Warning]) -> None:
    """A stand-in for a deprecated Sphinx or docutils API: they warn at their caller (stacklevel=2)."""
    warnings.warn("this API is deprecated", category, stacklevel=2)


def caller_in(module: str) -> Callable[[type[Warning]], None]:
    """A function defined as if in ``module``, that calls the deprecated API."""
    namespace: dict[str, object] = {"__name__": module, "deprecated_api": deprecated_api}
    exec("def call(category):\n    deprecated_api(category)\n", namespace)
    return cast("Callable[[type[Warning]], None]", namespace["call"])


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda cls: cls.__name__)
def test_deprecations_raised_from_the_package_are_errors(category: type[Warning]) -> None:
    # pyproject's filterwarnings turns these into errors; without it pytest only records them.
    with pytest.raises(category, match="this API is deprecated"):
        caller_in("sphinx_aigloss.domain")(category)


def test_deprecations_raised_from_other_packages_are_not_errors() -> None:
    with pytest.warns(DeprecationWarning, match="this API is deprecated"):
        caller_in("some_theme.layout")(DeprecationWarning)


@pytest.mark.sphinx("html", testroot="notebook", srcdir="test_stack-notebook")
def test_terms_in_a_myst_nb_notebook(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warning.getvalue() == ""
    page = soup(app.outdir / "notebook.html")
    assert [a.get_text() for a in term_links(page)] == ["RLHF", "SFT"]
    assert set(page_data(page)) == {"rlhf", "supervised-fine-tuning"}
    assert [a.get_text() for a in term_links(soup(app.outdir / "index.html"))] == ["DPO"]
