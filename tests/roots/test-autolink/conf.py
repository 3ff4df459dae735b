extensions = ["sphinx_aigloss", "myst_parser"]
project = "Autolink"
aigloss_autolink = "first"
aigloss_data_files = ["terms.toml"]
