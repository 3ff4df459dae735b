extensions = ["sphinx_aigloss"]
project = "Builders"
copyright = "2026, the sphinx-aigloss developers"
author = "The sphinx-aigloss developers"
