"""The sphinx-aigloss documentation: a real site that uses every feature it documents."""

import shutil
import sys
from importlib.metadata import version as _version
from pathlib import Path

# The reference pages (configuration, warnings, command line) are generated from the package by
# a small extension of this site's own.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-aigloss"
author = "The sphinx-aigloss developers"
copyright = "2026, the sphinx-aigloss developers"
release = version = _version("sphinx-aigloss")  # EPUB metadata wants version too

extensions = ["sphinx_aigloss", "myst_parser", "aigloss_docs"]

# sphinx-aigloss: the project's own terms, and links for mentions in plain prose.
aigloss_data_files = ["terms.toml"]
aigloss_autolink = "first"
aigloss_expand_first = True  # "Low-Rank Adaptation (LoRA)" on a page's first use of "LoRA"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
myst_enable_extensions = ["colon_fence"]

html_theme = "furo"
html_title = "sphinx-aigloss"

nitpicky = True

# The glossary page's concept map is drawn by Graphviz (`dot`). On a machine without it the
# page lists the relations instead and the build says so once (aigloss.map); the README's
# one-line build is meant to work on a machine with only Python, so that notice is not an
# error here.
if shutil.which("dot") is None:
    suppress_warnings = ["aigloss.map"]
