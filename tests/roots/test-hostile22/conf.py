import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # mod.py, for autodoc

extensions = ["sphinx_aigloss", "myst_parser", "sphinx.ext.autodoc"]
project = "Hostile"
aigloss_data_files = ["terms.toml"]
aigloss_autolink = "first"
aigloss_expand_first = True
rst_prolog = ".. |sub| replace:: uses :aiterm:`RLHF` here"
