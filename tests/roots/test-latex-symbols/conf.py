extensions = ["sphinx_aigloss"]
project = "Symbols"
copyright = "2026, the sphinx-aigloss developers"
author = "The sphinx-aigloss developers"
aigloss_data_files = ["symbols.toml"]
