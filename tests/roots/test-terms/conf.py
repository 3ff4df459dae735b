extensions = ["sphinx_aigloss", "myst_parser"]
project = "Terminology"
aigloss_packs = []
aigloss_data_files = ["terms.toml"]
aigloss_report_abbreviations = True
aigloss_report_variants = True
aigloss_autolink_ignore = ["PPO library"]
