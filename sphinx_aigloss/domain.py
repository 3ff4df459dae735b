"""The ``aigloss`` domain: its roles and directives, the effective glossary, where links to a
term go and how references resolve. What it stores is declared in ``domaindata.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .abbreviations import AbbreviationsDirective
from .builders import output_of
from .core import Conflict, Glossary, Term
from .directives import DefinitionDirective, GlossaryDirective, MapDirective, TermDirective
from .domaindata import StoredData
from .messages import WARNING_TYPE, Subtype, _, __, warn_conflicts
from .placements import DefinedTerm, Target, Visibility, anchor_of
from .render import inline_definition
from .roles import TermRole

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.roles import XRefRole
    from sphinx.util.tags import Tags
    from sphinx.util.typing import RoleFunction

logger = logging.getLogger(__name__)

#: The page the extension writes for HTML builds when the project places no glossary.
FALLBACK_DOCNAME = "aigloss-glossary"


def domain_of(env: BuildEnvironment) -> AiglossDomain:
    """The environment's ``aigloss`` domain, typed."""
    domain = env.get_domain("aigloss")
    assert isinstance(domain, AiglossDomain)
    return domain


class AiglossDomain(StoredData):
    """Canonical AI terms and a project's own, with links, index and inventory entries."""

    name = "aigloss"
    label = "AI glossary"
    object_types: ClassVar[dict[str, ObjType]] = {"term": ObjType(_("AI term"), "term", "def")}
    # The global :aiterm: and :aidef: roles (setup()) are the same roles, pinned to this domain.
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {"term": TermRole(), "def": TermRole()}
    directives: ClassVar[dict[str, type[Directive]]] = {
        "glossary": GlossaryDirective, "definition": DefinitionDirective, "term": TermDirective, "map": MapDirective,
        "abbreviations": AbbreviationsDirective}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Whether a data file failed to load in this build (its terms are then unknown).
        self.data_failed = False
        #: The builder and tags of this run (set on builder-inited): links, ``only`` conditions.
        self.builder: Builder
        self.tags: Tags | None = None
        #: Whether this build reads any document (set on env-get-outdated).
        self.anything_read = False
        #: The pages link() made a term link on in this process (CardDataTransform skips the others).
        self.linked_from: set[str] = set()
        # Computed from the data on demand; dropped whenever it changes (forget_computed).
        self._effective: Glossary | None = None
        self._conflicts: list[Conflict] = []
        self._placements: dict[str, Target] | None = None
        self._used: dict[str, list[str]] | None = None
        self._visibility: Visibility | None = None

    def forget_computed(self) -> None:
        self._effective = None
        self._placements = None
        self._used = None
        self._visibility = None

    # -- the effective glossary ---------------------------------------------------------

    @property
    def glossary(self) -> Glossary:
        """The configured glossary plus the project's ``aigloss:term`` definitions."""
        if self._effective is None:
            defined = [d.term for d in self._sorted_defined_terms()]
            # Without aigloss:term directives the configured glossary is the whole of it.
            self._effective, self._conflicts = self.base.merged(defined) if defined else (self.base, [])
        return self._effective

    def _sorted_defined_terms(self) -> list[DefinedTerm]:
        return sorted((d for docs in self.defined_terms.values() for d in docs), key=lambda d: (d.docname, d.lineno))

    def check_consistency(self) -> None:
        # Conflicts between aigloss:term directives are found on the merged data, so the
        # outcome (first by document name and line wins) is the same however -j splits them.
        self.glossary  # noqa: B018 -- computes the conflicts
        locations = {id(d.term): (d.docname, d.lineno) for d in self._sorted_defined_terms()}
        warn_conflicts(self._conflicts, locations)

    def used_keys(self) -> dict[str, list[str]]:
        """Term key -> the documents that reference it (sorted)."""
        if self._used is None:
            self._used = self._compute_used()
        return self._used

    def _compute_used(self) -> dict[str, list[str]]:
        used: dict[str, set[str]] = {}
        for docname, targets in self.refs.items():
            for target in targets:
                term = self.glossary.get(target)
                if term is not None:
                    used.setdefault(term.id, set()).add(docname)
        return {key: sorted(docs) for key, docs in used.items()}

    def target_of(self, term: Term) -> Target | None:
        """The entry links to the term point at in this build, if the project has one.

        A term defined by an ``aigloss:term`` directive lives there; otherwise in the first
        glossary directive (by document name, then position) that shows it. Directives this
        builder does not show (inside ``only`` or ``ifconfig``, or on a page outside a
        single-page output) are no targets.
        """
        return self.targets().get(term.id)

    def targets(self) -> dict[str, Target]:
        """Term id -> the entry links point at, for the terms the project places."""
        if self._placements is None:
            self._placements = self._compute_placements()
        return self._placements

    def anchor(self, docname: str, term: Term) -> str:
        """The HTML id of the term's entry on a page: ``aiterm-<id>``, unless another element
        of that page holds it (then ``aiterm-<id>-2``, ...)."""
        taken = self.taken_ids.get(docname, ())
        anchor, number = anchor_of(term), 1
        while anchor in taken:
            number += 1
            anchor = f"{anchor_of(term)}-{number}"
        return anchor

    def _compute_placements(self) -> dict[str, Target]:
        glossary = self.glossary
        out: dict[str, Target] = {}
        for defined in self._sorted_defined_terms():
            term = glossary.terms.get(defined.term.id)
            if (term is not None and term.source == defined.term.source  # this directive won
                    and self.visibility.shown(defined.docname, defined.conditions)):
                out[term.id] = Target(defined.docname, self.anchor(defined.docname, term), ("term", defined.lineno))
        shown = self.visibility.shown
        placements = sorted((p for ps in self.glossaries.values() for p in ps if shown(p.docname, p.conditions)),
                            key=lambda p: (p.docname, p.order))
        # Knowing which terms are used means looking up every reference of the project:
        # only a :used-only: glossary needs it.
        used = self.used_keys() if any(p.used_only for p in placements) else {}
        for placement in placements:
            # The terms the glossary shows, chosen as the glossary itself chooses them.
            for _category, terms in glossary.by_category(placement.categories, used if placement.used_only else None):
                for term in terms:
                    if term.id not in out:
                        out[term.id] = Target(placement.docname, self.anchor(placement.docname, term),
                                               ("glossary", placement.order))
        return out

    @property
    def visibility(self) -> Visibility:
        """What this build shows (computed once per change of the domain's data)."""
        if self._visibility is None:
            self._visibility = Visibility(self.env, self.builder, self.tags)
        return self._visibility

    def needs_fallback_page(self) -> bool:
        """Whether some term has no entry in the project, so the extension writes its own page."""
        if self.env.config.aigloss_canonical_url:
            return False
        return len(self.targets()) < len(self.glossary)

    # -- resolving ----------------------------------------------------------------------

    def find(self, target: str, node: nodes.Element | None = None, *, warn: bool = True,
             warn_unknown: bool = True) -> Term | None:
        """The term a role's target names, warning (at the node) when there is none."""
        result = self.glossary.lookup(target)
        if result.term is not None or not warn:
            return result.term
        if result.ambiguous:
            names = ", ".join(repr(t.display_name) for t in result.terms)
            logger.warning(__("ambiguous AI term %r: it may mean %s"), target, names,
                           type=WARNING_TYPE, subtype=Subtype.ambiguous_term, location=node)
        elif warn_unknown:
            self.warn_unknown(target, node)
        return None

    def warn_unknown(self, target: str, node: nodes.Element | None) -> None:
        """Warn that no term has this name, suggesting the closest one."""
        if self.data_failed:
            return  # a data file failed to load, so its terms are missing: that error said so
        suggestion = self.glossary.suggest(target)
        if suggestion:
            logger.warning(__("unknown AI term %r (did you mean %r?)"), target, suggestion,
                           type=WARNING_TYPE, subtype=Subtype.unknown_term, location=node)
        else:
            logger.warning(__("unknown AI term %r"), target,
                           type=WARNING_TYPE, subtype=Subtype.unknown_term, location=node)

    def target(self, builder: Builder, term: Term) -> tuple[str, str] | str | None:
        """Where links to the term go: (docname, anchor), an external URL, or nowhere."""
        place = self.target_of(term)
        if place is not None:
            return place.docname, place.anchor
        url = self.env.config.aigloss_canonical_url
        if url:
            return f"{url}#{anchor_of(term)}"
        if output_of(builder).html:
            return FALLBACK_DOCNAME, anchor_of(term)
        return None

    def _same_page(self, builder: Builder, fromdocname: str, docname: str) -> bool:
        # singlehtml puts every document on one page; Sphinx's make_refnode would give
        # "#document-<doc>#<anchor>" there, which no browser can follow.
        return docname == fromdocname or (output_of(builder).single_page and self.visibility.in_output(docname))

    def uri(self, builder: Builder, fromdocname: str, term: Term) -> str | None:
        """The URI of the term's entry relative to a page (for data the script reads)."""
        target = self.target(builder, term)
        if target is None or isinstance(target, str):
            return target
        docname, anchor = target
        if self._same_page(builder, fromdocname, docname):
            return "#" + anchor
        return f"{builder.get_relative_uri(fromdocname, docname)}#{anchor}"

    def link(self, builder: Builder, fromdocname: str, term: Term, content: nodes.Node) -> nodes.Element | None:
        """A reference to the term's entry, or None when the output has nowhere to point."""
        target = self.target(builder, term)
        if target is None:
            return None
        title = term.short_definition if self.env.config.aigloss_tooltips else None
        if isinstance(target, str):
            ref = nodes.reference("", "", content, refuri=target, internal=False)
            if title:
                ref["reftitle"] = title
        else:
            docname, anchor = target
            if self._same_page(builder, fromdocname, docname):
                docname = fromdocname  # make_refnode then links by id within the page
            try:
                ref = make_refnode(builder, fromdocname, docname, anchor, content, title)
            except NoUri:  # the entry is not part of this output (a LaTeX document without it)
                return None
        ref["classes"].append("aigloss-term")
        ref["aigloss_key"] = term.id
        self.linked_from.add(fromdocname)
        return ref

    def linker(self, builder: Builder, fromdocname: str) -> Callable[[Term, nodes.Node], nodes.Element | None]:
        """link() from one page, for the entries and definitions rendered there."""
        def link(term: Term, content: nodes.Node) -> nodes.Element | None:
            return self.link(builder, fromdocname, term, content)
        return link

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: nodes.Element,
                     ) -> nodes.reference | None:
        term = self.find(target, node, warn_unknown=False)
        if term is None:
            if self.glossary.lookup(target).ambiguous:
                return contnode  # type: ignore[return-value]  # warned; render the text unlinked
            # Unknown here: intersphinx and other handlers of missing-reference get their
            # turn; if none resolves it, warn_missing_reference() gives our warning.
            return None
        link = self.link(builder, fromdocname, term, contnode)
        if link is None:
            contnode["aigloss_key"] = term.id  # lets the LaTeX writer add a footnote
            link = contnode
        if typ == "def":
            return inline_definition(link, term)  # type: ignore[return-value]
        return link  # type: ignore[return-value]

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        # Terms answer the ``any`` role only: MyST asks every domain about its implicit
        # links (reftype "myst"), which must resolve exactly as without the extension.
        if node.get("reftype") != "any":
            return []
        term = self.find(target, node, warn=False)
        if term is None:
            return []
        link = self.link(builder, fromdocname, term, contnode)
        if not isinstance(link, nodes.reference):
            return []
        # Sphinx names each candidate of an ambiguous reference by its title: the term's name.
        link["reftitle"] = term.name
        return [("aigloss:term", link)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        fallback = not self.env.config.aigloss_canonical_url
        targets = self.targets()
        for term in self.glossary:
            target = targets.get(term.id)
            if target is not None:
                yield term.name, term.display_name, "term", target.docname, target.anchor, 1
            elif fallback:
                yield term.name, term.display_name, "term", FALLBACK_DOCNAME, anchor_of(term), 1


def warn_missing_reference(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """Sphinx's hook for an unresolved reference: say it our way (with a suggestion)."""
    if not isinstance(domain, AiglossDomain):
        return None
    domain.warn_unknown(node["reftarget"], node)
    return True
