extensions = ["sphinx_aigloss", "myst_parser"]
project = "Glossary tools"
