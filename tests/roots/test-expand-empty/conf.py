extensions = ["sphinx_aigloss"]
project = "Expand, empty"
aigloss_expand_first = True
