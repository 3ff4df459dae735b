extensions = ["sphinx_aigloss", "sphinx.ext.ifconfig"]
project = "Hidden"
latex_documents = [("index", "hidden.tex", "Hidden", "Authors", "manual")]


def setup(app):
    app.add_config_value("show_terms", False, "env")
copyright = "2026, the sphinx-aigloss developers"
version = release = "1.0"
