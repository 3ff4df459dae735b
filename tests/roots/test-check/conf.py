from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.body import Container
from sphinx.directives.code import CodeBlock


class TabSet(Container):
    option_spec = {"class": directives.class_option}

extensions = ["sphinx_aigloss", "myst_parser"]
project = "Checked"
aigloss_data_files = ["terms.toml"]
exclude_patterns = ["_build"]


def setup(app):
    # Stand-ins for other extensions' directives: a container of prose, and one of code.
    app.add_directive("tab-set", TabSet)
    app.add_directive("jupyter-execute", CodeBlock)

aigloss_report_variants = True
aigloss_report_abbreviations = True
