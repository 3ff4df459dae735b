extensions = ["sphinx_aigloss", "myst_parser"]
# A project named after a term: its bare name is the library here.
project = "DPO"
aigloss_autolink = "all"
