extensions = ["sphinx_aigloss"]
project = "Options"
