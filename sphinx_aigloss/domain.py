"""The ``aigloss`` domain: where terms are defined, who references them, how links resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .core import Conflict, Glossary, Term
from .messages import WARNING_TYPE, Subtype, _, __, warn_conflicts
from .placements import DefinedTerm, Placement, Target, Visibility

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

logger = logging.getLogger(__name__)

#: The page the extension writes for HTML builds when the project places no glossary.
FALLBACK_DOCNAME = "aigloss-glossary"


def domain_of(env: BuildEnvironment) -> AiglossDomain:
    """The environment's ``aigloss`` domain, typed."""
    domain = env.get_domain("aigloss")
    assert isinstance(domain, AiglossDomain)
    return domain


def anchor_of(term: Term) -> str:
    """The HTML id of a term's entry: the same on every page and in every build."""
    return f"aiterm-{term.id}"


class AiglossDomain(Domain):
    """Canonical AI terms and a project's own, with links, index and inventory entries."""

    name = "aigloss"
    label = "AI glossary"
    object_types: ClassVar[dict[str, ObjType]] = {"term": ObjType(_("AI term"), "term", "def")}
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> {name written in an :aiterm: / :aidef: role of that document: key of the
        # configured term it named when read, or ""} (one entry per distinct name keeps the
        # pickled environment small)
        "refs": {},
        # docname -> the glossary directives of that document, as Placement tuples
        "glossaries": {},
        # docname -> the project terms its aigloss:term directives define, as DefinedTerm tuples
        "terms": {},
        # docname -> True when it has aigloss:definition blocks (pages without these or a
        # glossary need no placeholder search)
        "definitions": {},
        # term key -> digest of its data when documents were last read (notices edited data)
        "digests": {},
        # docname -> the "aiterm-..." ids other elements of that document hold (a section
        # titled so, a label): entries there take another id (only documents with entries)
        "ids": {},
        # docname -> True when it has an aigloss:map with :used-only:, False for other maps
        "maps": {},
        # digests of what pages showed when last written (events.updated_by_others, conceptmap)
        "placements": None, "effective": None, "shown": None, "maps_shown": None,
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: The glossary loaded from the configured packs and data files (set on builder-inited).
        self.base = Glossary()
        #: Whether a data file failed to load in this build (its terms are then unknown).
        self.data_failed = False
        #: The builder and tags of this run (set on builder-inited): links, ``only`` conditions.
        self.builder: Builder
        self.tags: Tags | None = None
        #: Whether this build reads any document (set on env-get-outdated).
        self.anything_read = False
        # Computed from the data on demand; dropped whenever it changes (forget_computed).
        self._effective: Glossary | None = None
        self._conflicts: list[Conflict] = []
        self._placements: dict[str, Target] | None = None
        self._used: dict[str, list[str]] | None = None
        self._visibility: Visibility | None = None

    # -- typed views of self.data -------------------------------------------------------

    @property
    def refs(self) -> dict[str, dict[str, str]]:
        refs: dict[str, dict[str, str]] = self.data.setdefault("refs", {})
        return refs

    @property
    def glossaries(self) -> dict[str, list[Placement]]:
        glossaries: dict[str, list[Placement]] = self.data.setdefault("glossaries", {})
        return glossaries

    @property
    def defined_terms(self) -> dict[str, list[DefinedTerm]]:
        terms: dict[str, list[DefinedTerm]] = self.data.setdefault("terms", {})
        return terms

    @property
    def definitions(self) -> dict[str, bool]:
        definitions: dict[str, bool] = self.data.setdefault("definitions", {})
        return definitions

    @property
    def digests(self) -> dict[str, str]:
        digests: dict[str, str] = self.data.setdefault("digests", {})
        return digests

    @property
    def taken_ids(self) -> dict[str, tuple[str, ...]]:
        ids: dict[str, tuple[str, ...]] = self.data.setdefault("ids", {})
        return ids

    @property
    def maps(self) -> dict[str, bool]:
        maps: dict[str, bool] = self.data.setdefault("maps", {})
        return maps

    # -- recording, during reading ------------------------------------------------------

    def note_reference(self, docname: str, target: str) -> None:
        term = self.base.get(target)
        self.refs.setdefault(docname, {})[target] = term.id if term else ""
        self.forget_computed()

    def note_glossary(self, placement: Placement) -> None:
        self.glossaries.setdefault(placement.docname, []).append(placement)
        self.forget_computed()

    def note_term(self, defined: DefinedTerm) -> None:
        self.defined_terms.setdefault(defined.docname, []).append(defined)
        self.forget_computed()

    def note_definition(self, docname: str) -> None:
        self.definitions[docname] = True

    def has_entries(self, docname: str) -> bool:
        """Whether the document has glossary, definition or term entries to fill in."""
        return docname in self.glossaries or docname in self.definitions or docname in self.defined_terms

    def clear_doc(self, docname: str) -> None:
        for table in (self.refs, self.glossaries, self.defined_terms, self.definitions, self.taken_ids, self.maps):
            table.pop(docname, None)
        self.forget_computed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # Everything is stored per document, so merging parallel readers' results is a copy;
        # duplicate definitions across documents are detected later, on the merged data, in
        # check_consistency, so the outcome does not depend on how documents were split.
        for table in ("refs", "glossaries", "terms", "definitions", "ids", "maps"):
            for docname, value in otherdata.get(table, {}).items():
                if docname in docnames:
                    self.data.setdefault(table, {})[docname] = value
        self.forget_computed()

    def forget_computed(self) -> None:
        """Drop what was computed from the data (the data, the glossary or the build changed)."""
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
        return sorted((d for docs in self.defined_terms.values() for d in docs),
                      key=lambda d: (d.docname, d.lineno))

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
        return None

    def target(self, builder: Builder, term: Term) -> tuple[str, str] | str | None:
        """Where links to the term go: (docname, anchor), an external URL, or nowhere."""
        place = self.target_of(term)
        if place is not None:
            return place.docname, place.anchor
        url = self.env.config.aigloss_canonical_url
        if url:
            return f"{url}#{anchor_of(term)}"
        if builder.format == "html":
            return FALLBACK_DOCNAME, anchor_of(term)
        return None

    def _same_page(self, builder: Builder, fromdocname: str, docname: str) -> bool:
        # singlehtml puts every document on one page; Sphinx's make_refnode would give
        # "#document-<doc>#<anchor>" there, which no browser can follow.
        return docname == fromdocname or (builder.name == "singlehtml" and self.visibility.in_output(docname))

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
        from .render import inline_definition

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
