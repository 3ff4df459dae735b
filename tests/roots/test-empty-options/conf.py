extensions = ["sphinx_aigloss"]
