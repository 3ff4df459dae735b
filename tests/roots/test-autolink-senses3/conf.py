extensions = ["sphinx_aigloss", "myst_parser"]
project = "Search senses"
aigloss_autolink = "all"
