# A small project for the hover-card browser tests (tests/test_hover.py).
extensions = ["sphinx_aigloss"]
project = "Hover test"
html_theme = "alabaster"
