extensions = ["sphinx_aigloss"]
project = "Builders"
version = release = "1.0"
copyright = "2026, the sphinx-aigloss developers"
author = "The sphinx-aigloss developers"
