"""What the ``aigloss`` domain stores in the environment: its tables (``initial_data``), a typed
property for each, and the records reading adds to them.

The only module that touches ``domain.data``. The domain proper (``domain.py``) builds on
this class to resolve references; the roles and directives, which the domain declares, record
through :func:`data_of` without importing it (imports run one way).
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

from sphinx.domains import Domain

from .core import Glossary

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .matchable import Signature
    from .placements import DefinedTerm, Placement

#: The tables of the domain's data kept per document (see initial_data).
PER_DOCUMENT = ("refs", "glossaries", "terms", "definitions", "ids", "maps", "expansions", "abbreviations")


class Spelled(NamedTuple):
    """What reading noted of one page for ``aigloss_expand_first`` (expand.py): ``uses``, the
    (target, text) of its uses in prose that may be spelled out, and ``abbreviations``, those
    its text shows anywhere."""

    uses: tuple[tuple[str, str], ...]
    abbreviations: tuple[str, ...]


def data_of(env: BuildEnvironment) -> StoredData:
    """The environment's ``aigloss`` domain, as far as reading documents needs it."""
    domain = env.get_domain("aigloss")
    assert isinstance(domain, StoredData)
    return domain


class StoredData(Domain):
    """The domain's stored data, per document where it comes from documents."""

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
        # While automatic linking or the unlinked report is on (matchable.py): term key -> its
        # Signature when documents were last read
        "forms": {},
        # While aigloss_expand_first is on (expand.py): docname -> its Spelled record (the
        # prose uses of terms, and the abbreviations its text shows)
        "expansions": {},
        # docname -> True when it has an aigloss:abbreviations list with :used-only:, else False
        "abbreviations": {},
        # what pages showed when last written (events.updated_by_others, conceptmap); dot: (graphviz_dot, found)
        "placements": None, "effective": None, "shown": None, "maps_shown": None, "dot": None,
        "abbreviations_shown": None,  # digest of what abbreviation lists showed (expand.py)
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: The glossary loaded from the configured packs and data files (set on builder-inited).
        self.base = Glossary()

    # -- typed views of self.data, read while documents are read -------------------------

    @property
    def refs(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data.setdefault("refs", {}))

    @property
    def glossaries(self) -> dict[str, list[Placement]]:
        return cast("dict[str, list[Placement]]", self.data.setdefault("glossaries", {}))

    @property
    def defined_terms(self) -> dict[str, list[DefinedTerm]]:
        return cast("dict[str, list[DefinedTerm]]", self.data.setdefault("terms", {}))

    @property
    def definitions(self) -> dict[str, bool]:
        return cast("dict[str, bool]", self.data.setdefault("definitions", {}))

    @property
    def taken_ids(self) -> dict[str, tuple[str, ...]]:
        return cast("dict[str, tuple[str, ...]]", self.data.setdefault("ids", {}))

    @property
    def maps(self) -> dict[str, bool]:
        return cast("dict[str, bool]", self.data.setdefault("maps", {}))

    @property
    def expansions(self) -> dict[str, Spelled]:
        return cast("dict[str, Spelled]", self.data.setdefault("expansions", {}))

    @property
    def abbreviation_lists(self) -> dict[str, bool]:
        return cast("dict[str, bool]", self.data.setdefault("abbreviations", {}))

    @property
    def last_abbreviations(self) -> str | None:
        """Digest of what abbreviation lists showed."""
        return cast("str | None", self.data.get("abbreviations_shown"))

    @last_abbreviations.setter
    def last_abbreviations(self, value: str) -> None:
        self.data["abbreviations_shown"] = value

    # -- what the data files held when documents were last read (events.outdated_by_data) --

    @property
    def digests(self) -> dict[str, str]:
        return cast("dict[str, str]", self.data.setdefault("digests", {}))

    @digests.setter
    def digests(self, value: dict[str, str]) -> None:
        self.data["digests"] = value

    @property
    def forms(self) -> dict[str, Signature]:
        return cast("dict[str, Signature]", self.data.get("forms") or {})

    @forms.setter
    def forms(self, value: dict[str, Signature]) -> None:
        self.data["forms"] = value

    # -- what pages showed when last written: None before the first write ----------------

    @property
    def last_layout(self) -> str | None:
        """Digest of where links went and of the category order."""
        return cast("str | None", self.data.get("placements"))

    @last_layout.setter
    def last_layout(self, value: str) -> None:
        self.data["placements"] = value

    @property
    def last_terms(self) -> dict[str, str] | None:
        """Term key -> digest of the term's data, for every term of the glossary."""
        return cast("dict[str, str] | None", self.data.get("effective"))

    @last_terms.setter
    def last_terms(self, value: dict[str, str]) -> None:
        self.data["effective"] = value

    @property
    def last_shown(self) -> dict[str, str] | None:
        """Term key -> digest of what a page linking the term shows of it (used terms only)."""
        return cast("dict[str, str] | None", self.data.get("shown"))

    @last_shown.setter
    def last_shown(self, value: dict[str, str]) -> None:
        self.data["shown"] = value

    @property
    def last_maps(self) -> str | None:
        """Digest of what concept maps showed."""
        return cast("str | None", self.data.get("maps_shown"))

    @last_maps.setter
    def last_maps(self, value: str) -> None:
        self.data["maps_shown"] = value

    @property
    def last_dot(self) -> tuple[str, str] | None:
        """The ``graphviz_dot`` setting and the command it found ("" when none)."""
        return cast("tuple[str, str] | None", self.data.get("dot"))

    @last_dot.setter
    def last_dot(self, value: tuple[str, str]) -> None:
        self.data["dot"] = value

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

    def note_map(self, docname: str, used_only: bool) -> None:
        self.maps[docname] = self.maps.get(docname, False) or used_only

    def has_entries(self, docname: str) -> bool:
        """Whether the document has glossary, definition or term entries to fill in."""
        return docname in self.glossaries or docname in self.definitions or docname in self.defined_terms

    def clear_doc(self, docname: str) -> None:
        for table in PER_DOCUMENT:
            self.data.setdefault(table, {}).pop(docname, None)
        self.forget_computed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # Everything is stored per document, so merging parallel readers' results is a copy;
        # duplicate definitions across documents are detected later, on the merged data, in
        # check_consistency, so the outcome does not depend on how documents were split.
        for table in PER_DOCUMENT:
            for docname, value in otherdata.get(table, {}).items():
                if docname in docnames:
                    self.data.setdefault(table, {})[docname] = value
        self.forget_computed()

    def forget_computed(self) -> None:
        """Drop what was computed from the data (the data, the glossary or the build changed):
        the domain (domain.py) keeps such caches."""
