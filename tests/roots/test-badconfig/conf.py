extensions = ["sphinx_aigloss"]
aigloss_tooltips = "yes"
aigloss_tooltip_length = "medium"
aigloss_data_files = "terms.toml"
