extensions = ["sphinx_aigloss", "myst_parser"]
project = "Snippets"
