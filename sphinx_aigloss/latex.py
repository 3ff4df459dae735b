"""LaTeX only: a term with no entry in the document gets its short definition as a footnote.

Like Sphinx's first-use expansion of ``:abbr:``, only the first use of each term in a LaTeX
document gets one; later uses are plain text. Terms whose entry (a glossary or an
``aigloss:term``) is part of the document link to it instead.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.builders.latex.transforms import ShowUrlsTransform

from .domain import domain_of


class TermFootnotes(ShowUrlsTransform):
    """Reuses Sphinx's own footnote creation and renumbering (as for ``latex_show_urls``)."""

    default_priority = 399  # just before ShowUrlsTransform, well before LaTeXFootnoteTransform
    formats = ("latex",)

    def expand_show_urls(self) -> None:
        domain = domain_of(self.env)
        explained: set[str] = set()
        for node in list(self.document.findall(nodes.inline)):
            key = node.get("aigloss_key")
            if not key or key in explained or key not in domain.glossary:
                continue
            explained.add(key)
            if "aigloss-inline-definition" in node.parent.get("classes", ()):
                continue  # :aidef: already spells the definition out
            text = domain.glossary.terms[key].short_definition
            footnote, ref = self.create_footnote("", self.get_docname_for_node(node))
            footnote.replace(footnote[1], nodes.paragraph(text, text))
            index = node.parent.index(node)
            node.parent.insert(index + 1, footnote)
            node.parent.insert(index + 2, ref)
            self.expanded = True
