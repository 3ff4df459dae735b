import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

extensions = ["sphinx.ext.autodoc", "sphinx_aigloss", "myst_parser"]
project = "Adapters"
aigloss_autolink = "first"
aigloss_autolink_ignore = ["PEFT library"]
