"""Post-transforms that turn the glossary and definition placeholders into entries."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from . import render
from .builders import output_of
from .core import Term
from .domain import AiglossDomain, domain_of
from .messages import WARNING_TYPE, Subtype, __
from .nodes import definition_placeholder, glossary_placeholder
from .placements import Placement, anchor_of

logger = logging.getLogger(__name__)


def _is_entry(node: nodes.Node) -> bool:
    return isinstance(node, glossary_placeholder | definition_placeholder) or (
        isinstance(node, nodes.term) and "aigloss_key" in node)


class EntryTransform(SphinxPostTransform):
    """Fill in glossaries and definition blocks, for every builder."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10): entries hold ready links

    @property
    def domain(self) -> AiglossDomain:
        return domain_of(self.env)

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not self.domain.has_entries(docname) and output_of(self.domain.builder).own_tree:
            return  # most pages: nothing to fill in, no need to search the tree
        self.given: set[str] = set()  # ids this page's entries got that are not link targets
        # One walk of the tree for both kinds of placeholder and the terms' headings.
        for node in list(self.document.findall(_is_entry)):
            if isinstance(node, glossary_placeholder):
                node.replace_self(self.glossary(node, docname))
            elif isinstance(node, definition_placeholder):
                node.replace_self(self.definition(node, docname))
            elif isinstance(node, nodes.Element):
                self.defined_term(node)
            self.document["aigloss_css"] = True

    def defined_term(self, heading: nodes.Element) -> None:
        """Give an ``aigloss:term`` entry its id if links point at it (one element per id)."""
        term = self.domain.glossary.terms.get(heading["aigloss_key"])
        target = self.domain.target_of(term) if term is not None else None
        # In an assembled tree (singlehtml, LaTeX) the heading's own document is its source's.
        if target is not None and target.owner == ("term", heading.line) and \
                self.env.path2doc(heading.source or "") == target.docname:
            heading["ids"] = [target.anchor]

    @property
    def external_links(self) -> bool:
        # Reference URLs are citations, not links the project maintains: keep linkcheck off them.
        return not output_of(self.domain.builder).checks_links

    def linker(self, docname: str) -> render.Linker:
        return self.domain.linker(self.domain.builder, docname)

    def glossary(self, node: glossary_placeholder, docname: str) -> list[nodes.Node]:
        domain = self.domain
        # In a builder that assembles one tree (singlehtml, LaTeX, ...) ``docname`` is the
        # root document; the placement is recorded under the glossary's own document.
        placement = domain.glossaries[node["docname"]][node["order"]]
        for category in placement.categories or ():
            if not domain.glossary.has_category(category) and not domain.data_failed:
                logger.warning(__("unknown category %r in aigloss:glossary (known: %s)"), category,
                               ", ".join(domain.glossary.categories), type=WARNING_TYPE,
                               subtype=Subtype.option, location=node)
        # Knowing which pages use which terms means looking up every reference of the project.
        used = domain.used_keys() if placement.used_only or placement.backlinks else {}
        keys = set(used) if placement.used_only else None
        linker = self.linker(docname)
        titles: dict[str, str] = {}  # page -> its title, looked up once per glossary
        groups = []
        for category, terms in domain.glossary.by_category(placement.categories, keys,
                                                           sort=node.get("sort", "alphabetical")):
            entries = []
            for term in terms:
                # Only the entry links point at gets the anchor: ids stay unique on the page.
                target = domain.target_of(term)
                own = target is not None and target[::2] == (placement.docname, ("glossary", placement.order))
                anchor = target.anchor if own and target else self.index_anchor(term, placement)
                backlinks = self.backlinks(docname, used.get(term.id, []), titles) if placement.backlinks else []
                body = render.entry_body(term, domain.glossary, linker, backlinks=backlinks,
                                         unreferenced_note=node["show_unreferenced"],
                                         external_links=self.external_links)
                entries.append((term, anchor, body))
            groups.append((category, entries))
        return render.glossary_nodes(groups, domain.glossary)

    def index_anchor(self, term: Term, placement: Placement) -> str | None:
        """The id of an entry that is not where links go, for the general index's entry that
        its glossary added when read (which points at ``aiterm-<id>`` on the glossary's page):
        given when the page has no other element with that id (one page per document only)."""
        anchor = anchor_of(term)
        target = self.domain.target_of(term)
        if (placement.used_only or term.id not in self.domain.base.terms  # no entry added for it
                or not output_of(self.domain.builder).own_tree
                or (target is not None and target.docname == placement.docname)
                or anchor in self.domain.taken_ids.get(placement.docname, ()) or anchor in self.given):
            return None
        self.given.add(anchor)
        return anchor

    def backlinks(self, docname: str, users: list[str], titles: dict[str, str]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for user in users:
            if not self.domain.visibility.in_output(user):
                continue  # a page the single-page output leaves out: no link to it
            if user not in titles:
                titles[user] = self.env.titles[user].astext() if user in self.env.titles else user
            try:
                link = make_refnode(self.domain.builder, docname, user, None, nodes.Text(titles[user]))
            except NoUri:  # a page outside this LaTeX or Texinfo document
                continue
            if user == self.env.config.root_doc and output_of(self.domain.builder).single_page:
                link["refuri"] = "#"  # one-page output gives the root document no anchor: it is the page's top
            out.append(link)
        return out

    def definition(self, node: definition_placeholder, docname: str) -> list[nodes.Node]:
        term = self.domain.find(node["reftarget"], node)
        if term is None:
            return []
        body = render.entry_body(term, self.domain.glossary, self.linker(docname), short=node["short"],
                                 references=node["references"], external_links=self.external_links)
        return [render.definition_block(term, body, self.domain.glossary)]
