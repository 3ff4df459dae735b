extensions = ["sphinx_aigloss", "myst_parser"]
project = "Hostile"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
