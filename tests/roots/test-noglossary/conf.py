extensions = ["sphinx_aigloss"]
project = "No glossary"
