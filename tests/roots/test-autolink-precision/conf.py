extensions = ["sphinx_aigloss", "myst_parser"]
project = "Precision"
aigloss_autolink = "all"
