extensions = ["sphinx_aigloss"]
project = "Collation"
aigloss_packs = []
aigloss_data_files = ["words.toml"]
# No language here: each test sets it ("de", "sv"); the names need no translation.
html_theme = "basic"  # the same chrome in the test app and in sphinx-build, whose pages are compared
