"""LaTeX only: a term with no entry in the document gets its short definition as a footnote.

Like Sphinx's first-use expansion of ``:abbr:``, only the first use of each term in a LaTeX
document gets one; later uses are plain text. Terms whose entry (a glossary or an
``aigloss:term``) is part of the document link to it instead.

The footnote goes to the first use in running text. A use in a heading, rubric, caption,
glossary term or the title of a topic or admonition is skipped: LaTeX typesets those as
moving arguments, where a footnote does not compile (Sphinx's footnote handling moves only
some of them out), and the next use in running text gets the footnote.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.latex.transforms import ShowUrlsTransform

from .builders import output_of
from .domain import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where running text lives: the block that holds a use, past its inline markup.
RUNNING_TEXT = (nodes.paragraph, nodes.line)


def in_running_text(node: nodes.Element) -> bool:
    """Whether a term use sits in a paragraph (or a line of a line block), not in a title."""
    block: nodes.Element | None = node.parent
    while isinstance(block, nodes.Inline):
        block = block.parent
    return isinstance(block, RUNNING_TEXT)


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
            if "aigloss-inline-definition" in node.parent.get("classes", ()):
                explained.add(key)  # :aidef: already spells the definition out
                continue
            if not in_running_text(node):
                continue
            explained.add(key)
            text = domain.glossary.terms[key].short_definition
            footnote, ref = self.create_footnote("", self.get_docname_for_node(node))
            footnote.replace(footnote[1], nodes.paragraph(text, text))
            index = node.parent.index(node)
            node.parent.insert(index + 1, footnote)
            node.parent.insert(index + 2, ref)
            self.expanded = True


#: The package written beside the LaTeX sources (``\\usepackage{sphinxaigloss}``).
PACKAGE = "sphinxaigloss"
#: Invisible format characters a name or definition may hold (joiners in emoji sequences and in
#: many scripts, marks, a zero-width space). pdflatex stops at a character it has no definition
#: for; these print as nothing, or as a break point, so they are declared as that. XeLaTeX and
#: LuaLaTeX read them natively and skip the declarations.
INVISIBLE = {"200B": r"\hspace{0pt}", "200C": "", "200D": "", "200E": "", "200F": "", "2060": "",
             "FEFF": ""}


def add_package(app: Sphinx) -> None:
    """On ``builder-inited``: a LaTeX builder's sources load our package, written to its outdir."""
    if not output_of(app.builder).tex:
        return
    lines = [r"\NeedsTeXFormat{LaTeX2e}", rf"\ProvidesPackage{{{PACKAGE}}}", r"\ifdefined\DeclareUnicodeCharacter"]
    lines += [rf"  \DeclareUnicodeCharacter{{{code}}}{{{text}}}" for code, text in INVISIBLE.items()]
    lines += [r"\fi", r"\endinput", ""]
    target = Path(app.outdir, f"{PACKAGE}.sty")
    text = "\n".join(lines)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    app.add_latex_package(PACKAGE)
