extensions = ["sphinx_aigloss", "myst_parser"]
project = "Report"
aigloss_report_unlinked = True
