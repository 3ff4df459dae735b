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

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.transforms import ShowUrlsTransform
from sphinx.locale import __
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.texescape import escape, tex_replacements, unicode_tex_replacements
from sphinx.writers.latex import EXTRA_RE

from .builders import output_of
from .core import slugify
from .core.names import ascii_spelling
from .domain import domain_of
from .messages import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .core import Glossary

logger = logging.getLogger(__name__)

#: Where running text lives: the block that holds a use, past its inline markup.
RUNNING_TEXT = (nodes.paragraph, nodes.line)


def in_running_text(node: nodes.Element) -> bool:
    """Whether a term use sits in a paragraph (or a line of a line block), not in a title."""
    block: nodes.Element | None = node.parent
    while isinstance(block, nodes.Inline):
        block = block.parent
    return isinstance(block, RUNNING_TEXT)


class IndexSortKeys(SphinxPostTransform):
    """makeindex (what Sphinx's PDF uses unless ``latex_use_xindy`` is on) heads each letter
    group of the index with the first byte of an entry's sort key: a term whose name starts
    beyond ASCII ("β-VAE") stops pdflatex there. The entries of such terms get a sort key in
    ASCII letters ("beta-VAE"), written as Sphinx's writer writes an entry, and keep their name."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        if self.config.latex_use_xindy:
            return  # xindy reads UTF-8
        names = {term.name for term in domain_of(self.env).glossary.terms.values() if not term.name[:1].isascii()}
        if not names:
            return
        for node in list(self.document.findall(addnodes.index)):
            moved = [entry for entry in node["entries"] if entry[0] == "single" and entry[1] in names]
            if moved:
                node["entries"] = [entry for entry in node["entries"] if entry not in moved]
                commands = [self.command(name, bool(main)) for _type, name, _target, main, _key in moved]
                node.parent.insert(node.parent.index(node) + 1, nodes.raw("", "".join(commands), format="latex"))

    def command(self, name: str, main: bool) -> str:
        """``\\index{KEY@DISPLAY}`` as Sphinx's writer makes it, with a key in ASCII letters."""
        key = index_escape(ascii_spelling(name) or slugify(name), self.config.latex_engine)
        shown = index_escape(name, self.config.latex_engine)
        extra = EXTRA_RE.match(shown)
        styled = extra.expand(r"\\spxentry{\1}\\spxextra{\2}") if extra else rf"\spxentry{{{shown}}}"
        return rf"\index{{{key}@{styled}{'|spxpagem' if main else ''}}}"


def index_escape(text: str, engine: str) -> str:
    """Text escaped for LaTeX, then for makeindex, as Sphinx's writer escapes an index entry
    (``LaTeXTranslator.visit_index`` keeps its own escaping in a local function)."""
    text = escape(text, engine).replace(r"\{", r"\sphinxleftcurlybrace{}").replace(r"\}", r"\sphinxrightcurlybrace{}")
    return text.replace('"', '""').replace("@", '"@').replace("!", '"!').replace("|", r"\textbar{}")


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
INVISIBLE_CHARS = [chr(int(code, 16)) for code in INVISIBLE]


#: Characters glossary text often holds that pdflatex's default set-up has no definition for:
#: mathematical signs, arrows and Greek letters (a pack's definition may hold them although the
#: author never typed them). Each is declared only where nothing defined it already (a project
#: that loads Greek fonts keeps its own). Any other character nothing defined prints as its code
#: point; the build says so once for letters pdflatex's fonts lack (CJK, Latin beyond Latin
#: Extended-A: Vietnamese, say).
MATH = {
    "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx", "≡": "equiv", "∼": "sim", "≪": "ll", "≫": "gg", "∝": "propto",
    "∈": "in", "∉": "notin", "⊂": "subset", "⊆": "subseteq", "∪": "cup", "∩": "cap", "∅": "emptyset", "∑": "sum",
    "∏": "prod", "∫": "int", "√": "surd", "∂": "partial", "∇": "nabla", "∀": "forall", "∃": "exists", "∧": "wedge",
    "∨": "vee", "∘": "circ", "∗": "ast", "⊕": "oplus", "⊗": "otimes", "ℓ": "ell", "←": "leftarrow", "↑": "uparrow",
    "↓": "downarrow", "↔": "leftrightarrow", "⇒": "Rightarrow", "⇐": "Leftarrow", "⇔": "Leftrightarrow",
    "↦": "mapsto", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
    "ς": "varsigma", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
#: Greek capitals drawn like Latin ones, the omicron, the minus sign and the prime.
LIKE_LATIN = {"Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
              "Ρ": "P", "Τ": "T", "Χ": "X", "ο": "o", "−": r"\ensuremath{-}", "′": r"\ensuremath{{}^\prime}"}
SYMBOLS = {**{char: rf"\ensuremath{{\{name}}}" for char, name in MATH.items()}, **LIKE_LATIN}
#: What pdflatex knows without help: ASCII, Latin-1 and Latin Extended-A (T1 and TS1), the usual
#: punctuation, and what Sphinx's own escaping rewrites for it.
KNOWN = {*"–—‘’‚“”„†‡•…‰‹›€™", *INVISIBLE_CHARS,
         *(char for char, _tex in (*tex_replacements, *unicode_tex_replacements))}


def _untypeset(glossary: Glossary) -> dict[str, str]:
    """The characters of the glossary's text pdflatex has no definition for, each with the
    first term that holds one and where that term is defined."""
    found: dict[str, str] = {}
    for term in glossary.terms.values():
        texts = [term.name, term.category, term.definition, term.abbreviation, term.expansion, *term.aliases]
        texts += [part for ref in term.references for part in (ref.title, ref.label, ref.venue, *ref.authors)]
        for char in set("".join(texts)):
            if ord(char) >= 0x180 and char not in KNOWN:
                found.setdefault(char, f"{term.name!r} ({term.source})" if term.source else repr(term.name))
    return found


def add_package(app: Sphinx) -> None:
    """On ``builder-inited``: a LaTeX builder's sources load our package (``write_package``
    writes it once the pages are read)."""
    if output_of(app.builder).tex:
        app.add_latex_package(PACKAGE)


def write_package(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-updated``: the package, written to a LaTeX builder's outdir, declares what the
    glossary's text needs, ``aigloss:term`` definitions included (they are known only now)."""
    if not output_of(app.builder).tex:
        return
    missing = _untypeset(domain_of(env).glossary)
    lines = [r"\NeedsTeXFormat{LaTeX2e}", rf"\ProvidesPackage{{{PACKAGE}}}", r"\ifdefined\DeclareUnicodeCharacter"]
    lines += [rf"  \DeclareUnicodeCharacter{{{code}}}{{{text}}}" for code, text in INVISIBLE.items()]
    lines += [r"  \def\aigloss@char#1#2#3{\ifcsname u8:\detokenize{#1}\endcsname"
              r"\else\DeclareUnicodeCharacter{#2}{#3}\fi}"]
    for char in sorted(missing):
        text = SYMBOLS.get(char, rf"\fbox{{\ttfamily U+{ord(char):04X}}}")
        lines.append(rf"  \aigloss@char{{{char}}}{{{ord(char):04X}}}{{{text}}}")
    lines += [r"\fi", r"\endinput", ""]
    target = Path(app.outdir, f"{PACKAGE}.sty")
    text = "\n".join(lines)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    scripts = _scripts(app)
    unknown = {char: name for char, name in missing.items()
               if unicodedata.category(char).startswith("L") and not unicodedata.name(char, "").startswith(scripts)}
    if unknown and app.config.latex_engine == "pdflatex":
        listing = ", ".join(f"{char} (U+{ord(char):04X}, in {name})" for char, name in sorted(unknown.items()))
        logger.warning(__("pdflatex cannot typeset %s: the PDF shows their code points; use latex_engine "
                          "'xelatex' or 'lualatex' with a font that has them to print them"), listing,
                       type=WARNING_TYPE, subtype=Subtype.latex)


def _scripts(app: Sphinx) -> tuple[str, ...]:
    """The scripts whose letters pdflatex sets here: Greek (declared above), and Cyrillic when
    the document's language or font encodings load it."""
    fontenc = getattr(app.builder, "context", {}).get("fontenc", "")
    babel = getattr(app.builder, "babel", None)
    cyrillic = "T2A" in fontenc or "X2" in fontenc or (babel is not None and babel.uses_cyrillic())
    return ("GREEK", *(("CYRILLIC",) if cyrillic else ()))
