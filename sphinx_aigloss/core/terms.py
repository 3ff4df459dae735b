"""The records of the glossary (terms, references, packs, problems) and the data format's
fields, defined once: the parser, the writers, the JSON export and the schema test all read
the field tables below. Pure Python, no Sphinx."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from .names import first_sentence, normalise
from .text import visible

#: Version of the data format (the ``format`` key of a data file).
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the data format: its TOML name (also the record's attribute), its TOML
    type (str, int, bool, or list: an array of strings, or of tables for ``references``),
    the value an absent field means (writers leave it out), whether it is required, and
    whether it is prose. Every text field (strings, and strings in arrays) follows one rule at
    load (``text.control_problem``): no control character, except tabs and line breaks in
    prose, where white space is folded into single spaces."""

    name: str
    kind: type
    default: object = None
    required: bool = False
    prose: bool = False


TERM_FIELDS = (
    Field("id", str, ""),  # the anchor is aiterm-<id>; a slug of the name by default
    Field("name", str, "", required=True),
    Field("abbreviation", str, ""),
    Field("expansion", str, ""),
    Field("aliases", list, ()),
    Field("category", str, "", required=True),
    Field("definition", str, "", required=True, prose=True),
    Field("references", list, ()),
    Field("related", list, ()),
    Field("unreferenced", bool, False),  # no authoritative reference yet ("noted for tracking")
    Field("autolink", bool, True),
    Field("inflect", bool, True),
    Field("expand", bool, True),  # aigloss_expand_first may spell it out: "Expansion (ABBR)"
    Field("override", bool, False),
)
REFERENCE_FIELDS = (
    Field("authors", list, ()),
    Field("et_al", bool, False),
    Field("title", str, "", required=True),
    Field("label", str, ""),
    Field("venue", str, ""),
    Field("year", int, None),
    Field("url", str, ""),
)
PACK_FIELDS = (
    Field("id", str, ""),
    Field("title", str, ""),
    Field("description", str, "", prose=True),
    Field("series", str, ""),
    Field("series_part", int, None),
    Field("note", str, "", prose=True),
    Field("categories", list, ()),
)
#: The top level of a data file: ``format``, the ``[pack]`` table, the ``[[terms]]`` tables.
TOP_FIELDS = (Field("format", int, FORMAT_VERSION), Field("pack", dict, None), Field("terms", list, ()))


@dataclass(frozen=True, slots=True)
class Reference:
    """A bibliographic reference backing a term."""

    title: str
    authors: tuple[str, ...] = ()
    et_al: bool = False
    label: str = ""  # a short name the work is known by, e.g. "GPT-2"
    venue: str = ""
    year: int | None = None
    url: str = ""

    @property
    def author_text(self) -> str:
        text = ", ".join(self.authors)
        return f"{text} et al." if self.et_al and text else text

    @property
    def venue_text(self) -> str:
        return " ".join(str(part) for part in (self.venue, self.year) if part)

    def citation(self) -> str:
        """The reference as one line of plain text, in the style of the source glossary."""
        parts = [self.author_text, f"\u201c{self.title}\u201d"]
        if self.label:
            parts[-1] += f" ({self.label})"
        if self.venue_text:
            parts.append(self.venue_text)
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry. Its attributes are the TERM_FIELDS (``unreferenced`` is derived
    from ``references``), plus ``source``: where it was defined, for messages."""

    id: str  # stable: anchors, JSON keys and links derive from it
    name: str
    category: str
    definition: str
    abbreviation: str = ""
    expansion: str = ""
    aliases: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    related: tuple[str, ...] = ()
    autolink: bool = True
    inflect: bool = True  # verb and participle forms of an action-noun name answer too
    expand: bool = True  # aigloss_expand_first spells the first use out (false: never)
    override: bool = False
    source: str = ""  # "file.toml" or "page.rst:12"
    # Translations (core/l10n.py): a translated term keeps its English name forms, which it
    # still answers to (English inflection applies to them only); ``lang`` is "en" when the
    # definition is left in English inside a glossary of another language.
    english: tuple[str, ...] = ()
    lang: str = ""
    # Computed once (a large glossary asks for them many times per build), not compared.
    names: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())
    other_form: str = field(init=False, repr=False, compare=False, default="")
    _digest: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        # Every name the term answers to, the primary name first, without repeats.
        names = dict.fromkeys(name for name in (self.name, self.abbreviation, self.expansion, *self.aliases,
                                                *self.english) if name.strip())
        object.__setattr__(self, "names", tuple(names))
        # The abbreviation or expansion that is not the name ("" when there is none).
        other = (form for form in (self.expansion, self.abbreviation)
                 if form and normalise(form) != normalise(self.name))
        object.__setattr__(self, "other_form", next(other, ""))

    # Pickled as a plain tuple: the dataclass default looks up its fields for every object,
    # which dominates reading a cached 20,000-term data file.
    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _TERM_SLOTS)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(_TERM_SLOTS, state, strict=True):
            object.__setattr__(self, name, value)

    @property
    def display_name(self) -> str:
        """The name with its other form, as a heading shows it: "RLHF (Reinforcement ...)"."""
        return f"{self.name} ({self.other_form})" if self.other_form else self.name

    @property
    def short_definition(self) -> str:
        return first_sentence(self.definition)

    @property
    def unreferenced(self) -> bool:
        return not self.references

    def digest(self) -> str:
        """A fingerprint of the entry's content, to notice when it changes between builds
        (computed once; kept when the term is pickled)."""
        if not self._digest:
            # repr() of strings, tuples, numbers and frozen dataclasses of them is stable.
            content = tuple(getattr(self, name) for name in _CONTENT_FIELDS)
            object.__setattr__(self, "_digest", hashlib.blake2b(repr(content).encode(), digest_size=8).hexdigest())
        return self._digest


_TERM_SLOTS = tuple(f.name for f in fields(Term))
#: What the term says, not where it was said nor what is computed from it.
_CONTENT_FIELDS = tuple(f.name for f in fields(Term) if f.init and f.name != "source")


@dataclass(frozen=True, slots=True)
class PackInfo:
    """Metadata of a glossary pack or project data file (the PACK_FIELDS, and its source)."""

    id: str
    title: str = ""
    description: str = ""
    series: str = ""
    series_part: int | None = None
    note: str = ""
    categories: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class Pack:
    info: PackInfo
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data file: where, which entry, which field, what."""

    source: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.entry, self.field and f"field '{self.field}'") if part)
        text = f"{self.source}: {where}: {self.message}" if where else f"{self.source}: {self.message}"
        return visible(text)  # a message may quote hostile data: it reaches terminals and logs


class GlossaryError(Exception):
    """A data file is invalid; ``problems`` lists everything that is wrong with it."""

    def __init__(self, problems: Sequence[Problem], partial: Pack | None = None) -> None:
        self.problems = list(problems)
        #: What could be read of the file (its terms, to check relations against), if anything.
        self.partial = partial
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources define the same term or name; ``message`` says which, and which one won."""

    # "duplicate" (two project definitions), "override" (a canonical one redefined) or
    # "refused" (an installed pack's override, not selected by id)
    kind: str
    term: Term  # the definition that lost
    message: str
