extensions = ["sphinx_aigloss"]
project = "Idle imports"
