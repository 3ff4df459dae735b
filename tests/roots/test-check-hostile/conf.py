extensions = ["sphinx_aigloss", "myst_parser"]
project = "Hostile"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
aigloss_report_variants = True
aigloss_report_abbreviations = True
