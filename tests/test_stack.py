"""The stack the tests run on: deprecations raised from this package fail every test leg, and
the extension works under myst-nb (Jupyter notebooks) as under MyST-Parser."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
import sphinx.deprecation

from tests.util import build, page_data, soup, term_links

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


NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "cells": [
        {"cell_type": "markdown", "id": "intro", "metadata": {},
         "source": ["# A notebook\n", "\n", "Models are aligned with {aiterm}`RLHF` after {aiterm}`SFT`."]},
        {"cell_type": "code", "id": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["RLHF = 1  # a mention in code is no link"]},
    ],
}


def test_terms_in_a_myst_nb_notebook(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    # myst_nb brings MyST-Parser itself; listing both is an error. The project's own source_suffix:
    # Sphinx adds extensions' suffixes to its default dict, shared by every build in the process
    # (sphinx-doc/sphinx#11795), where an earlier MyST-Parser build has mapped .md to "markdown".
    (src / "conf.py").write_text(
        'extensions = ["myst_nb", "sphinx_aigloss"]\nproject = "Notebooks"\nnb_execution_mode = "off"\n'
        'source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}\n',
        encoding="utf-8")
    (src / "index.md").write_text("# Notebooks\n\nSee {aidef}`DPO`.\n\n```{toctree}\nnotebook\n```\n",
                                  encoding="utf-8")
    (src / "notebook.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    app = build(src)
    assert app._warning.getvalue() == ""
    page = soup(Path(app.outdir) / "notebook.html")
    assert [a.get_text() for a in term_links(page)] == ["RLHF", "SFT"]
    assert set(page_data(page)) == {"rlhf", "supervised-fine-tuning"}
    assert [a.get_text() for a in term_links(soup(Path(app.outdir) / "index.html"))] == ["DPO"]
