extensions = ["sphinx_aigloss"]
project = "Terms in titles"
copyright = "2026, the sphinx-aigloss developers"
author = "The sphinx-aigloss developers"
