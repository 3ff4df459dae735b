"""The sphinx-aigloss documentation: a real site that uses every feature it documents."""

from importlib.metadata import version as _version

project = "sphinx-aigloss"
author = "The sphinx-aigloss developers"
copyright = "2026, the sphinx-aigloss developers"  # noqa: A001
release = _version("sphinx-aigloss")

extensions = ["sphinx_aigloss", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "sphinx-aigloss"

nitpicky = True
