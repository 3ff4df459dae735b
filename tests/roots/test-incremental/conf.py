extensions = ["sphinx_aigloss", "myst_parser"]
project = "Incremental"
# The tests edit terms.toml, install a pack and take Graphviz away between builds: pages
# that mention new name forms in prose must be read again (tests/test_build_modes.py).
aigloss_autolink = "first"
aigloss_data_files = ["terms.toml"]
