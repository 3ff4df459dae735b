extensions = ["sphinx_aigloss", "sphinx.ext.doctest", "myst_parser"]
project = "Term prose"
