"""The glossary model: load and validate packs, normalise names, look terms up, suggest.

Pure Python on purpose (no Sphinx import): the Sphinx extension and the command-line tool
both build on it, and it is tested on its own.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import gc
import hashlib
import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

FORMAT_VERSION = 1

# --------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------


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
    """One glossary entry."""

    key: str  # stable identifier: anchors and JSON keys derive from it
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
    override: bool = False
    source: str = ""  # where the entry was defined, for messages: "file.toml" or "page.rst:12"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term answers to, the primary name first, without repeats."""
        seen: dict[str, None] = {}
        for name in (self.name, self.abbreviation, self.expansion, *self.aliases):
            if name.strip():
                seen.setdefault(name, None)
        return tuple(seen)

    @property
    def other_form(self) -> str:
        """The abbreviation or expansion that is not the name ("" when there is none)."""
        for form in (self.expansion, self.abbreviation):
            if form and normalise(form) != normalise(self.name):
                return form
        return ""

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
        """A fingerprint of the entry's content, to notice when it changes between builds."""
        return _digest(self)


@dataclass(frozen=True, slots=True)
class PackInfo:
    """Metadata of a glossary pack or project data file."""

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

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources define the same term or name; ``message`` says which, and which one won."""

    kind: str  # "duplicate" (two project definitions) or "override" (a canonical one redefined)
    term: Term  # the definition that lost
    message: str


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"))
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,'\u2019/]+")
_SLUG_SEPARATORS = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The lookup form of a name: case, width, hyphens, spaces and dots folded away.

    "Pre-training", "pre training" and "Pretraining" all give "pretraining". Cached: loading
    and merging a large glossary folds every name several times.
    """
    if name.isascii():  # the common case, and a hot path for automatic linking
        return _SEPARATORS.sub("", name.lower())
    text = name
    for _ in range(4):  # removing separators can bring combining marks together: repeat to a fixed point
        folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold())
        if folded == text:
            break
        text = folded
    return text


def singulars(normalised: str) -> list[str]:
    """Candidate singular forms of a normalised name (simple English plurals only)."""
    word = normalised
    out: list[str] = []
    if len(word) > 4 and word.endswith("ies"):
        out.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        out.append(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    return out


#: Symbols that tell names apart ("C++", "C#"), spelled out in slugs instead of dropped.
_SLUG_SYMBOLS = {"+": "-plus-", "#": "-sharp-", "&": "-and-", "@": "-at-", "*": "-star-", "%": "-percent-"}
_SLUG_SYMBOL_CHARS = re.compile("[" + re.escape("".join(_SLUG_SYMBOLS)) + "]")


def inflections(normalised: str) -> set[str]:
    """Verb and participle forms of a normalised action-noun name (English rules).

    The name's last word is the action: "-ing" (fine-tuning: fine-tune, fine-tunes,
    fine-tuned), "-ization"/"-isation" (quantization: quantize, quantise, quantized, ...),
    "-ation" (distillation: distill, distilled; deduplication: deduplicate, ...) and "-ion"
    (prediction: predict, predicted). Each verb gets its "-s" and "-ed" forms. Candidates
    that are no English word ("finetun") are harmless: nobody writes them.
    """
    word = normalised
    bases: list[str] = []
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        bases += [stem, stem + "e"]  # training: train; tuning: tune
        if stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            bases.append(stem[:-1])  # running: run
    elif word.endswith(("ization", "isation")) and len(word) > 8:
        bases += [word[:-7] + "ize", word[:-7] + "ise"]
    elif word.endswith("ation") and len(word) > 7:
        bases += [word[:-5], word[:-5] + "ate"]  # distillation: distill; curation: curate
    elif word.endswith("ion") and len(word) > 6:
        bases += [word[:-3], word[:-3] + "e"]  # prediction: predict; diffusion: diffuse
    out: set[str] = set()
    for base in bases:
        out.add(base)
        out.add(base + ("es" if base.endswith(("s", "x", "z", "ch", "sh")) else "s"))
        out.add(base + ("d" if base.endswith("e") else "ed"))
    out.discard(word)
    return out


def slugify(name: str) -> str:
    """A stable, readable identifier for a term: "Pre-training" -> "pre-training",
    "C++" -> "c-plus-plus" (a valid HTML id, different for names that differ only by a symbol)."""
    text = _SLUG_SYMBOL_CHARS.sub(lambda m: _SLUG_SYMBOLS[m.group()], name)
    text = unicodedata.normalize("NFKD", text).translate(_INVISIBLE)
    text = text.encode("ascii", "ignore").decode().lower()
    slug = _SLUG_SEPARATORS.sub("-", text).strip("-_")
    if not slug:  # a name with no ASCII letters still needs a stable, valid id
        slug = "t" + hashlib.sha256(name.encode()).hexdigest()[:10]
    return slug


#: Characters a name may not hold: C0 and C1 controls (newlines, escape, NUL, ...).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: What an ``id`` may be: it becomes part of an HTML id and a URL fragment.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


#: Characters that change what a terminal shows: controls, and invisible or bidi formatting.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """The text with every control or invisible formatting character written as an escape
    (``\\x1b``), so that printing it cannot move the cursor, clear a screen or reorder text."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def name_problem(name: str) -> str | None:
    """Why a string cannot be a term's name (or other name form), or None when it can."""
    if _CONTROL.search(name):
        return f"name {name!r} holds a control character"
    if not normalise(name):
        return f"name {name!r} has no letters or digits"
    return None


def id_problem(key: str) -> str | None:
    """Why a string cannot be a term's ``id``, or None when it can."""
    if not _ID.match(key):
        return (f"id {key!r} is not valid: use letters, digits, '-', '_' and '.', "
                "starting with a letter or digit")
    return None


_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "al.", "cf.", "approx.", "Fig.", "No.")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?(?=\s+[\"\u201c(]?[A-Z0-9])")


_CONTENT_FIELDS = tuple(f.name for f in fields(Term) if f.name != "source")  # where, not what


@functools.lru_cache(maxsize=16384)
def _digest(term: Term) -> str:
    # repr() of strings, tuples, numbers and frozen dataclasses of them is stable across runs.
    content = tuple(getattr(term, name) for name in _CONTENT_FIELDS)
    return hashlib.blake2b(repr(content).encode(), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=8192)
def first_sentence(text: str) -> str:
    """The first sentence of a definition: its short form."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.end()]
        if not head.endswith(_ABBREVIATIONS):
            return head
    return text


def is_all_caps(name: str) -> bool:
    """Abbreviations such as "RLHF" match case-sensitively in running text."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------

_TERM_FIELDS = {
    "id": str,
    "name": str,
    "abbreviation": str,
    "expansion": str,
    "aliases": list,
    "category": str,
    "definition": str,
    "references": list,
    "related": list,
    "unreferenced": bool,
    "autolink": bool,
    "inflect": bool,
    "override": bool,
}
_REFERENCE_FIELDS = {
    "authors": list,
    "et_al": bool,
    "title": str,
    "label": str,
    "venue": str,
    "year": int,
    "url": str,
}
_PACK_FIELDS = {
    "id": str,
    "title": str,
    "description": str,
    "series": str,
    "series_part": int,
    "note": str,
    "categories": list,
}
_TOP_FIELDS = {"format": int, "pack": dict, "terms": list}
_TYPE_NAMES = {str: "a string", list: "an array", bool: "a boolean", int: "an integer", dict: "a table"}
_URL = re.compile(r"https?://[^\s<>\"'`]+\Z")


class _Checker:
    """Collects problems while reading one data file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, entry, field, message))

    def table(self, data: object, fields: dict[str, type], entry: str, prefix: str = "") -> dict[str, object]:
        """Check a table's field names and types; return the fields that are well typed."""
        if not isinstance(data, dict):
            self.add(entry, prefix.rstrip("."), "must be a table")
            return {}
        good: dict[str, object] = {}
        for name, value in data.items():
            expected = fields.get(name)
            if expected is None:
                self.add(entry, prefix + name, f"unknown field (expected one of: {', '.join(sorted(fields))})")
            elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                self.add(entry, prefix + name, f"must be {_TYPE_NAMES[expected]}, not {_toml_type(value)}")
            else:
                good[name] = value
        return good

    def text(self, value: object, entry: str, field: str, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.add(entry, field, "is required")
            return ""
        assert isinstance(value, str)
        if required and not value.strip():
            self.add(entry, field, "must not be empty")
        elif value and not value.strip():
            self.add(entry, field, "must not be only white space")
        return value.strip()

    def strings(self, value: object, entry: str, field: str) -> tuple[str, ...]:
        if value is None:
            return ()
        assert isinstance(value, list)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.add(entry, f"{field}[{i}]", f"must be a string, not {_toml_type(item)}")
            elif not item.strip():
                self.add(entry, f"{field}[{i}]", "must not be empty")
            else:
                out.append(item.strip())
        return tuple(out)


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    for kind, label in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return label
    if isinstance(value, float):
        return "a float"
    return f"a {type(value).__name__}"


def parse_pack(text: str, source: str, *, default_id: str = "") -> Pack:
    """Read and validate the TOML text of a pack or project data file.

    Raises GlossaryError listing every problem found (never anything else).
    """
    check = _Checker(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError([Problem(source, "", "", f"not valid TOML: {exc}")]) from None
    top = check.table(data, _TOP_FIELDS, "")
    fmt = top.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        check.add("", "format", f"unsupported format version {fmt} (this version reads {FORMAT_VERSION})")

    meta = check.table(top.get("pack", {}), _PACK_FIELDS, "[pack]")
    categories = check.strings(meta.get("categories"), "[pack]", "categories")
    series_part = meta.get("series_part")
    info = PackInfo(
        id=check.text(meta.get("id"), "[pack]", "id") or default_id,
        title=check.text(meta.get("title"), "[pack]", "title"),
        description=check.text(meta.get("description"), "[pack]", "description"),
        series=check.text(meta.get("series"), "[pack]", "series"),
        series_part=series_part if isinstance(series_part, int) else None,
        note=check.text(meta.get("note"), "[pack]", "note"),
        categories=categories,
        source=source,
    )
    if "terms" not in top and not check.problems:
        check.add("", "terms", "is required: a data file defines its terms as [[terms]] tables")

    terms: list[Term] = []
    seen: dict[str, str] = {}  # normalised name -> entry that holds it
    raw_terms = top.get("terms", [])
    for index, raw in enumerate(raw_terms if isinstance(raw_terms, list) else []):
        term = _parse_term(check, raw, index, source)
        if term is None:
            continue
        label = f"term '{term.name}'"
        for name in term.names:
            norm = normalise(name)
            field_name = _field_of(term, name)
            problem = name_problem(name)
            if problem:
                check.add(label, field_name, problem)
            elif norm in seen and seen[norm] != label:
                check.add(label, field_name,
                          f"{name!r} is already a name of {seen[norm]}")
            else:
                seen[norm] = label
        terms.append(term)

    keys: dict[str, str] = {}
    for term in terms:
        if term.key in keys:
            check.add(f"term '{term.name}'", "id", f"id {term.key!r} is already used by {keys[term.key]}")
        keys[term.key] = f"term '{term.name}'"
    if check.problems:
        raise GlossaryError(check.problems)
    return Pack(info, tuple(terms))


def _field_of(term: Term, name: str) -> str:
    """The field a name form of a term came from, for messages."""
    for field_name in ("name", "abbreviation", "expansion"):
        if getattr(term, field_name) == name:
            return field_name
    return "aliases"


def _parse_term(check: _Checker, raw: object, index: int, source: str) -> Term | None:
    provisional = f"term #{index + 1}"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip():
        provisional = f"term '{raw['name'].strip()}'"
    before = len(check.problems)
    data = check.table(raw, _TERM_FIELDS, provisional)
    if not data and not isinstance(raw, dict):
        return None
    present = raw if isinstance(raw, dict) else {}

    def required(name: str) -> str:
        # A field that is there but of the wrong type was already reported as such.
        if name in present and name not in data:
            return ""
        return check.text(data.get(name), provisional, name, required=True)

    name = required("name")
    definition = required("definition")
    category = required("category")
    references = []
    raw_refs = data.get("references", [])
    for i, ref in enumerate(raw_refs if isinstance(raw_refs, list) else []):
        parsed = _parse_reference(check, ref, provisional, f"references[{i}]")
        if parsed:
            references.append(parsed)
    if data.get("unreferenced") and data.get("references"):
        check.add(provisional, "unreferenced", "a term with references cannot be marked unreferenced")
    key = check.text(data.get("id"), provisional, "id")
    if key and id_problem(key):
        check.add(provisional, "id", id_problem(key) or "")
    key = key or slugify(name)
    term = Term(
        key=key,
        name=name,
        category=category,
        definition=" ".join(definition.split()),
        abbreviation=check.text(data.get("abbreviation"), provisional, "abbreviation"),
        expansion=check.text(data.get("expansion"), provisional, "expansion"),
        aliases=check.strings(data.get("aliases"), provisional, "aliases"),
        references=tuple(references),
        related=check.strings(data.get("related"), provisional, "related"),
        autolink=bool(data.get("autolink", True)),
        inflect=bool(data.get("inflect", True)),
        override=bool(data.get("override", False)),
        source=source,
    )
    return term if len(check.problems) == before else None


def _parse_reference(check: _Checker, raw: object, entry: str, prefix: str) -> Reference | None:
    before = len(check.problems)
    data = check.table(raw, _REFERENCE_FIELDS, entry, prefix + ".")
    typed_badly = isinstance(raw, dict) and "title" in raw and "title" not in data
    title = "" if typed_badly else check.text(data.get("title"), entry, prefix + ".title", required=True)
    year = data.get("year")
    if isinstance(year, int) and not 1000 <= year <= 2999:
        check.add(entry, prefix + ".year", f"{year} is not a year")
    url = check.text(data.get("url"), entry, prefix + ".url")
    if url and not _URL.match(url):
        check.add(entry, prefix + ".url", f"{url!r} is not an http(s) link")
    ref = Reference(
        title=title,
        authors=check.strings(data.get("authors"), entry, prefix + ".authors"),
        et_al=bool(data.get("et_al", False)),
        label=check.text(data.get("label"), entry, prefix + ".label"),
        venue=check.text(data.get("venue"), entry, prefix + ".venue"),
        year=year if isinstance(year, int) else None,
        url=url,
    )
    return ref if len(check.problems) == before else None


#: Label of a data file -> (SHA-256 of its bytes, the pack read from them).
PackCache = dict[str, tuple[str, Pack]]


def load_file(path: str | Path, source: str | None = None, cache: PackCache | None = None) -> Pack:
    """Load a project data file. A missing or unreadable file is a GlossaryError too.

    With a ``cache``, a file whose bytes are those read before is not parsed again, and a
    file read successfully is added to it.
    """
    path = Path(path)
    label = source or str(path)
    try:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if cache is not None and label in cache and cache[label][0] == digest:
            return cache[label][1]
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() would
    except FileNotFoundError:
        raise GlossaryError([Problem(label, "", "", f"file not found (looked for {path})")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError([Problem(label, "", "", f"cannot be read: {exc}")]) from None
    pack = parse_pack(text, label, default_id=path.stem)
    if cache is not None:
        cache[label] = (digest, pack)
    return pack


def data_resource(name: str) -> Traversable:
    """A file of the package's data folder (the shipped packs, the schema)."""
    return resources.files("sphinx_aigloss") / "data" / name


@functools.cache
def shipped_pack_ids() -> tuple[str, ...]:
    """The ids of the packs shipped in the package's data folder, in a stable order."""
    return tuple(sorted(item.name[:-5] for item in data_resource("").iterdir() if item.name.endswith(".toml")))


@functools.cache  # packs are immutable: one read per process (the CLI validates many files)
def load_shipped_pack(pack_id: str) -> Pack:
    resource = data_resource(f"{pack_id}.toml")
    if not resource.is_file():
        known = ", ".join(shipped_pack_ids())
        raise GlossaryError([Problem(f"pack {pack_id!r}", "", "", f"no such shipped pack (available: {known})")])
    return parse_pack(resource.read_text(encoding="utf-8"), f"sphinx_aigloss/data/{pack_id}.toml")


def schema() -> dict[str, object]:
    """The published JSON Schema of the data format."""
    text = data_resource("schema.json").read_text(encoding="utf-8")
    result: dict[str, object] = json.loads(text)
    return result


# --------------------------------------------------------------------------------------
# The glossary
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Lookup:
    """The result of looking a name up: the term, or the candidates that make it ambiguous."""

    terms: list[Term] = field(default_factory=list)

    @property
    def term(self) -> Term | None:
        return self.terms[0] if len(self.terms) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    term: Term


class Glossary:
    """An ordered set of terms with an index over every name form."""

    def __init__(self, terms: Iterable[Term] = (), categories: Sequence[str] = (),
                 packs: Sequence[PackInfo] = ()) -> None:
        self.terms: dict[str, Term] = {}
        for term in terms:
            self.terms[term.key] = term
        self.categories: list[str] = list(dict.fromkeys([*categories, *(t.category for t in self.terms.values())]))
        self.packs = list(packs)
        self._exact: dict[str, tuple[str, ...]] = {}
        self._plural: dict[str, tuple[str, ...]] = {}
        self._inflected: dict[str, tuple[str, ...]] = {}
        for term in self.terms.values():
            for name in term.names:
                norm = normalise(name)
                _add(self._exact, norm, term.key)
                for form in singulars(norm):
                    _add(self._plural, form, term.key)
                if term.inflect and name != term.abbreviation and not is_all_caps(name):
                    for form in inflections(norm):
                        _add(self._inflected, form, term.key)
        self._suggest_names: dict[str, str] | None = None
        self._forms: list[str] | None = None
        self._starts: dict[str, bool] = {}
        self._lookups: dict[str, Lookup] = {}
        self._bigrams: dict[str, list[str]] = {}
        self._segments: dict[str, list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def lookup(self, name: str) -> Lookup:
        """Find the term(s) a name refers to, by any of its forms (memoised: O(1) per name)."""
        found = self._lookups.get(name)
        if found is None:
            found = self._lookups[name] = self._lookup(normalise(name))
        return found

    def _lookup(self, norm: str) -> Lookup:
        for index, candidates in ((self._exact, [norm]), (self._exact, singulars(norm)),
                                  (self._plural, [norm]), (self._inflected, [norm])):
            for form in candidates:
                keys = index.get(form)
                if keys:
                    return Lookup([self.terms[k] for k in keys])
        return Lookup()

    def get(self, name: str) -> Term | None:
        return self.lookup(name).term

    def suggest(self, name: str) -> str | None:
        """The closest known name to a miss, or None when nothing is close.

        A bigram index picks a few dozen candidates (counting in C, so it stays fast with
        thousands of terms); difflib then chooses among them.
        """
        if self._suggest_names is None:
            self._suggest_names = {}
            for term in self.terms.values():
                for form in term.names:
                    self._suggest_names.setdefault(normalise(form), form)
            self._bigrams = {}
            for norm_name in self._suggest_names:
                for gram in _bigrams(norm_name):
                    self._bigrams.setdefault(gram, []).append(norm_name)
        norm = normalise(name)
        if not norm:
            return None
        counts: Counter[str] = Counter()
        limit = max(_SUGGESTION_CANDIDATES, len(self._suggest_names) // 8)
        for gram in _bigrams(norm):
            names = self._bigrams.get(gram, ())
            if len(names) <= limit:  # a gram most names share tells little and costs most
                counts.update(names)
        candidates = [candidate for candidate, _count in counts.most_common(_SUGGESTION_CANDIDATES)]
        matches = difflib.get_close_matches(norm, candidates, n=1, cutoff=0.7)
        return self._suggest_names[matches[0]] if matches else None

    def by_category(self, categories: Iterable[str] | None = None,
                    keys: Iterable[str] | None = None) -> list[tuple[str, list[Term]]]:
        """Terms grouped by category (in glossary order), sorted by name inside each group."""
        wanted_keys = set(keys) if keys is not None else None
        wanted_cats = {normalise(c) for c in categories} if categories is not None else None
        members: dict[str, list[Term]] = {}
        for term in self.terms.values():
            if wanted_keys is None or term.key in wanted_keys:
                members.setdefault(term.category, []).append(term)
        groups = []
        for category in self.categories:
            if category in members and (wanted_cats is None or normalise(category) in wanted_cats):
                groups.append((category, sorted(members[category], key=lambda t: (normalise(t.name), t.key))))
        return groups

    def has_category(self, category: str) -> bool:
        return any(normalise(c) == normalise(category) for c in self.categories)

    def resolve_related(self, term: Term, name: str) -> Term | None:
        """The term a ``related`` name means: unique, or the one from the same file."""
        candidates = self.lookup(name).terms
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.source == term.source]
        return candidates[0] if len(candidates) == 1 else None

    def related(self, term: Term) -> list[Term]:
        """Explicit related terms first, then terms the definition mentions; never the term itself."""
        found: dict[str, Term] = {}
        for name in term.related:
            other = self.resolve_related(term, name)
            if other is not None:
                found.setdefault(other.key, other)
        for _text, key in self.segments(term):  # the cached mentions of the definition
            if key:
                found.setdefault(key, self.terms[key])
        found.pop(term.key, None)
        return list(found.values())

    def mentions(self, text: str, *, autolink_only: bool = False) -> list[Mention]:
        """Non-overlapping mentions of terms in prose: word boundaries, longest match wins.

        All-capital names (abbreviations) match only as written; other names match in any
        case, with hyphens or spaces, in simple plural forms and, for action nouns, in verb
        forms. With ``autolink_only``, terms whose data says ``autolink = false`` are not
        matched. The cost is linear in the text: a span grows word by word only while it is
        the beginning of some name form.
        """
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._starts_name(text[words[i][0]:words[i][1]]) and self._longest_at(text, words, i, autolink_only)
            if hit:
                found.append(hit[0])
                i += hit[1]  # the words the name spans
            else:
                i += 1
        return found

    def _longest_at(self, text: str, words: list[tuple[int, int]], i: int,
                    autolink_only: bool) -> tuple[Mention, int] | None:
        """The longest mention that begins with word ``i``, and how many words it spans."""
        best = None
        joined = ""
        for j in range(i, len(words)):
            if j > i and not _JOINERS.fullmatch(text[words[j - 1][1]:words[j][0]]):
                break
            joined += normalise(text[words[j][0]:words[j][1]])
            if self._is_form(joined):
                term = self._match_span(text[words[i][0]:words[j][1]])
                if term is not None and (term.autolink or not autolink_only):
                    best = (Mention(words[i][0], words[j][1], term), j - i + 1)
            if not self._begins_longer_form(joined):
                break
        return best

    def _is_form(self, norm: str) -> bool:
        return (norm in self._exact or norm in self._plural or norm in self._inflected
                or any(form in self._exact for form in singulars(norm)))

    def _begins_longer_form(self, norm: str) -> bool:
        """Whether some name form is longer than ``norm`` and begins with it."""
        if self._forms is None:
            self._forms = sorted({*self._exact, *self._inflected})
        forms = self._forms
        index = bisect.bisect_right(forms, norm)
        return index < len(forms) and forms[index].startswith(norm)

    def _starts_name(self, word: str) -> bool:
        """Whether a name form begins with this word (cached per word: a cheap first filter)."""
        cached = self._starts.get(word)
        if cached is None:
            norm = normalise(word)
            cached = self._starts[word] = self._is_form(norm) or self._begins_longer_form(norm)
        return cached

    def segments(self, term: Term, *, short: bool = False) -> list[tuple[str, str]]:
        """The definition as (text, key) pieces: key is "" for plain text, else the key of
        the term the piece mentions (first mention of each other term only). Cached."""
        cache_key = f"{'s' if short else 'f'}:{term.key}"
        cached = self._segments.get(cache_key)
        if cached is not None:
            return cached
        text = term.short_definition if short else term.definition
        out: list[tuple[str, str]] = []
        pos = 0
        seen = {term.key}
        for mention in self.mentions(text):
            if mention.term.key in seen:
                continue
            seen.add(mention.term.key)
            out.append((text[pos:mention.start], ""))
            out.append((text[mention.start:mention.end], mention.term.key))
            pos = mention.end
        out.append((text[pos:], ""))
        self._segments[cache_key] = result = [piece for piece in out if piece[0]]
        return result

    def _match_span(self, span: str) -> Term | None:
        term = self.lookup(span).term
        if term is None:
            return None
        norm = normalise(span)
        plural_of = singulars(norm)
        for name in term.names:
            form = normalise(name)
            if form != norm and form not in plural_of and norm not in singulars(form) and not (
                    term.inflect and norm in inflections(form)):
                continue
            # All-capital forms ("RLHF", "CAI") match only as written, so that ordinary
            # words ("cai") are not mistaken for them.
            if not is_all_caps(name) or span in (name, name + "s"):
                return term
        return None

    def check_related(self) -> list[Problem]:
        """Related-term names that do not resolve to exactly one term."""
        problems = []
        for term in self.terms.values():
            for i, name in enumerate(term.related):
                if self.resolve_related(term, name) is not None:
                    continue
                found = self.lookup(name).terms
                message = (f"{name!r} is ambiguous: it may mean " + ", ".join(repr(t.name) for t in found)
                           if found else f"{name!r} is not a known term")
                problems.append(Problem(term.source, f"term '{term.name}'", f"related[{i}]", message))
        return problems

    def merged(self, extra: Iterable[Term], extra_categories: Sequence[str] = ()) -> tuple[Glossary, list[Conflict]]:
        """This glossary with more terms added, and the conflicts that came up.

        A term that shares its id or primary name with an existing one replaces it when it
        says ``override``; otherwise the existing entry is kept and a conflict is reported.
        A name form that another added term already has is dropped from the later term.
        """
        terms = dict(self.terms)
        conflicts: list[Conflict] = []
        by_name = {normalise(t.name): t.key for t in terms.values()}
        forms = {normalise(name): t.key for t in terms.values() for name in t.names}
        added: set[str] = set()
        for term in extra:
            existing_key = term.key if term.key in terms else by_name.get(normalise(term.name))
            if existing_key is not None:
                existing = terms[existing_key]
                if existing_key in added:
                    conflicts.append(Conflict("duplicate", term, (
                        f"duplicate definition of AI term {term.name!r} in {term.source} "
                        f"(already defined in {existing.source}; the first definition is kept)")))
                    continue
                if not term.override:
                    conflicts.append(Conflict("override", term, (
                        f"AI term {term.name!r} in {term.source} redefines the one in {existing.source} "
                        f"without 'override'; the original is kept")))
                    continue
                del terms[existing_key]
            term = self._without_taken_names(term, forms, terms, added, existing_key, conflicts)
            terms[term.key] = term
            by_name[normalise(term.name)] = term.key
            for name in term.names:
                forms.setdefault(normalise(name), term.key)
            added.add(term.key)
        return Glossary(terms.values(), [*self.categories, *extra_categories], self.packs), conflicts

    @staticmethod
    def _without_taken_names(term: Term, forms: dict[str, str], terms: dict[str, Term], added: set[str],
                             replaced: str | None, conflicts: list[Conflict]) -> Term:
        """Drop the aliases (or abbreviation/expansion) of a project term that another
        project term already answers to, so the first definition keeps the name."""
        taken = {name for name in term.names[1:]
                 if forms.get(normalise(name)) in added and forms.get(normalise(name)) not in (term.key, replaced)}
        for name in taken:
            other = terms[forms[normalise(name)]]
            conflicts.append(Conflict("duplicate", term, (
                f"{name!r} of AI term {term.name!r} in {term.source} is already a name of {other.name!r} "
                f"in {other.source}; it stays with the first")))
        if not taken:
            return term
        return replace(term, aliases=tuple(a for a in term.aliases if a not in taken),
                       abbreviation="" if term.abbreviation in taken else term.abbreviation,
                       expansion="" if term.expansion in taken else term.expansion)


_WORD = re.compile(r"\w+(?:[\u2019']\w+)*")
_JOINERS = re.compile(r"[ \t\n\-\u2010\u2011]|\s+")


_SUGGESTION_CANDIDATES = 12


def _bigrams(text: str) -> set[str]:
    """Character pairs and triples of a name, padded so its start and end count too."""
    padded = f"\x00{text}\x00"
    return {padded[i:i + size] for size in (2, 3) for i in range(len(padded) - size + 1)}


def _add(index: dict[str, tuple[str, ...]], key: str, value: str) -> None:
    # Tuples of strings, not lists: the garbage collector stops tracking them, and a large
    # glossary has one per name form.
    values = index.get(key, ())
    if value not in values:
        index[key] = (*values, value)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Reading a large data file makes many containers at once, short-lived ones that
    reference counting frees and the glossary's own; pausing the cyclic garbage collector
    meanwhile saves collections that would find nothing to free (and, in a small rebuild,
    a full collection of everything Sphinx holds)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collector_paused()
def load_sources(pack_ids: Sequence[str] | None = None, files: Sequence[tuple[Path, str]] = (),
                 cache: PackCache | None = None) -> tuple[Glossary, list[Conflict], list[Problem]]:
    """The shipped packs (all of them by default) plus project data files, in order.

    ``files`` holds (path, label) pairs; the label names the file in messages. A file with
    problems is left out and its problems returned, so a caller can go on without it.
    ``cache`` is passed to load_file.
    """
    glossary = Glossary()
    conflicts: list[Conflict] = []
    problems: list[Problem] = []
    packs: list[Pack] = []
    for pack_id in shipped_pack_ids() if pack_ids is None else pack_ids:
        try:
            packs.append(load_shipped_pack(pack_id))
        except GlossaryError as exc:
            problems.extend(exc.problems)
    for path, label in files:
        try:
            packs.append(load_file(path, label, cache))
        except GlossaryError as exc:
            problems.extend(exc.problems)
    for pack in packs:
        glossary, found = glossary.merged(pack.terms, pack.info.categories)
        glossary.packs = [*glossary.packs, pack.info]
        conflicts.extend(found)
    if not problems:  # related names into a file that failed to load are not the fault of the others
        problems.extend(glossary.check_related())
    return glossary, conflicts, problems


def load_glossary(pack_ids: Sequence[str] | None = None, files: Sequence[tuple[Path, str]] = (),
                  cache: PackCache | None = None) -> tuple[Glossary, list[Conflict]]:
    """Like load_sources, but any problem raises GlossaryError (listing all of them)."""
    glossary, conflicts, problems = load_sources(pack_ids, files, cache)
    if problems:
        raise GlossaryError(problems)
    return glossary, conflicts
