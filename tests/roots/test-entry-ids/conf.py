extensions = ["sphinx_aigloss"]
project = "Ids"
copyright = "2026, the sphinx-aigloss developers"
version = release = "1.0"
