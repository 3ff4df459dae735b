extensions = ["sphinx_aigloss"]
project = "Orphans"
latex_documents = [("index", "orphans.tex", "Orphans", "Authors", "manual")]
texinfo_documents = [("index", "orphans", "Orphans", "Authors", "orphans", "Test.", "Misc")]
copyright = "2026, the sphinx-aigloss developers"
version = release = "1.0"
