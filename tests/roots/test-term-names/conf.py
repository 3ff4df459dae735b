extensions = ["sphinx_aigloss"]
project = "Term names"
