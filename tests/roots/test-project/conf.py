extensions = ["sphinx_aigloss"]
project = "Project terms"
aigloss_data_files = ["terms.toml"]
