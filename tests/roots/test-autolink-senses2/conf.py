extensions = ["sphinx_aigloss", "myst_parser"]
project = "Senses"
aigloss_autolink = "all"
