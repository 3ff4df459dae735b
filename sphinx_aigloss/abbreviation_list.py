"""``aigloss:abbreviations``: a list of abbreviations, as a book has one.

Each term with an abbreviation and an expansion gives an item: the abbreviation, then the
expansion linked to the term's entry; sorted by abbreviation. A definition list, so HTML
themes style it as their own and LaTeX typesets a description list. Filled in when the page
is written, once every page is read (``:used-only:`` needs them all).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .abbreviations import abbreviations_placeholder
from .builders import output_of
from .core import Term, normalise
from .core.collation import name_order
from .domain import AiglossDomain, domain_of
from .events import shown_digest
from .messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def expansion_of(term: Term) -> str:
    """What an abbreviation stands for ("" when the term has no other form)."""
    if not term.abbreviation:
        return ""
    expansion = term.expansion or term.name
    return "" if normalise(expansion) == normalise(term.abbreviation) else expansion


def listed(domain: AiglossDomain, used_only: bool) -> list[Term]:
    """The terms a list shows, by abbreviation ("DPO" before "LoRA" before "lr"), then name."""
    used = domain.used_keys() if used_only else None
    terms = [term for term in domain.glossary if expansion_of(term) and (used is None or term.id in used)]
    order = name_order(domain.glossary.language)  # the language's alphabet
    return sorted(terms, key=lambda t: (order(t.abbreviation), order(t.name), t.id))


def _may_hold_lists(domain: AiglossDomain, docname: str) -> bool:
    """Whether the tree being written may hold a list: a page that has one, or any tree a
    builder assembles from several pages."""
    return docname in domain.abbreviation_lists or not output_of(domain.builder).own_tree


class AbbreviationsTransform(SphinxPostTransform):
    """Fill in the lists, for every builder."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10): items hold ready links

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        docname = self.env.docname
        if not _may_hold_lists(domain, docname):
            return  # most pages: no list, no need to search the tree
        for node in list(self.document.findall(abbreviations_placeholder)):
            node.replace_self(self.render(domain, docname, node["used_only"]))

    def render(self, domain: AiglossDomain, docname: str, used_only: bool) -> nodes.Element:
        terms = listed(domain, used_only)
        if not terms:
            text = _("No term used in this project has an abbreviation.") if used_only else \
                _("No term has an abbreviation.")
            return nodes.paragraph(text, text, classes=["aigloss-abbreviations-empty"])
        items = []
        for term in terms:
            expansion = expansion_of(term)
            link = domain.link(domain.builder, docname, term, nodes.Text(expansion))
            items.append(nodes.definition_list_item(
                "", nodes.term(term.abbreviation, term.abbreviation),
                nodes.definition("", nodes.paragraph("", "", link if link is not None else nodes.Text(expansion)))))
        return nodes.definition_list("", *items, classes=["aigloss-abbreviations"])


def updated_lists(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages with a list when what lists show changed: a term's abbreviation or
    expansion, what its link's card shows (its definition …), where its entry is, or
    (``:used-only:``) which terms pages use."""
    domain = domain_of(env)
    lists = domain.abbreviation_lists
    if not lists:
        return []
    targets = domain.targets()
    shown = [[(t.id, t.abbreviation, expansion_of(t), targets.get(t.id), shown_digest(domain, t))
              for t in listed(domain, used_only)]
             for used_only in sorted({False, *lists.values()})]  # a page may hold both kinds
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()
    before = domain.last_abbreviations
    domain.last_abbreviations = digest
    return sorted(lists.keys() & env.all_docs.keys()) if before not in (None, digest) else []
