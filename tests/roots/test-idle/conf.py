extensions = ["sphinx_aigloss"]
project = "Idle pages"
