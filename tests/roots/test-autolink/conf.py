from docutils.parsers.rst import Directive

extensions = ["sphinx_aigloss", "myst_parser"]
project = "Autolink"
aigloss_autolink = "first"
aigloss_data_files = ["terms.toml"]


class Draft(Directive):
    """Marks a page as a draft with an INFO message left in the doctree, as extensions do."""

    def run(self):
        return [self.reporter.info("Draft page: Pruning is still to be written up.", line=self.lineno)]


def setup(app):
    app.add_directive("draft", Draft)
