extensions = ["sphinx_aigloss"]
aigloss_data_files = ["terms.toml"]
