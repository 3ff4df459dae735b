# myst_nb brings MyST-Parser itself; listing both is an error. The project's own source_suffix:
# Sphinx adds extensions' suffixes to its default dict, shared by every build in the process
# (sphinx-doc/sphinx#11795), where an earlier MyST-Parser build has mapped .md to "markdown".
extensions = ["myst_nb", "sphinx_aigloss"]
project = "Notebooks"
nb_execution_mode = "off"
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
