extensions = ["sphinx_aigloss", "sphinx.ext.ifconfig"]
project = "Hostile text"
copyright = "2026, The authors"
version = release = "1.0"
aigloss_packs = []
aigloss_data_files = ["terms.toml"]
