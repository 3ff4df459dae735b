extensions = ["sphinx_aigloss", "myst_parser"]
project = "Expand"
author = "The sphinx-aigloss developers"
version = release = "1.0"
copyright = "2026, the sphinx-aigloss developers"
aigloss_data_files = ["terms.toml"]
aigloss_autolink = "first"
aigloss_expand_first = True
