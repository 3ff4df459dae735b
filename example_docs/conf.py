"""The sphinx-aigloss documentation: a real site that uses every feature it documents."""

from importlib.metadata import version as _version

project = "sphinx-aigloss"
author = "The sphinx-aigloss developers"
copyright = "2026, the sphinx-aigloss developers"
release = _version("sphinx-aigloss")

extensions = ["sphinx_aigloss", "myst_parser"]

# sphinx-aigloss: the project's own terms, and links for mentions in plain prose.
aigloss_data_files = ["terms.toml"]
aigloss_autolink = "first"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]

html_theme = "furo"
html_title = "sphinx-aigloss"

nitpicky = True
