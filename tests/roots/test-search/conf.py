# A small project for the search-page card tests (tests/test_search_card.py): the canonical
# terms plus one whose name and definition try to break out of the data file and the page.
extensions = ["sphinx_aigloss"]
project = "Search test"
html_theme = "alabaster"
aigloss_data_files = ["terms.toml"]
version = "1.0"
copyright = "the authors"  # (epub wants both)
