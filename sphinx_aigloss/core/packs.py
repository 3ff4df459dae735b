"""Data files and packs: reading and validating the TOML format, loading project files
(with a cache keyed by their bytes) and the packs shipped in the package's data folder.

Every problem of a file is collected (file, entry, field) and raised at once as one
GlossaryError, never a traceback. Pure Python, no Sphinx.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import re
import tomllib
from collections.abc import Iterator, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .names import category_problem, id_problem, name_problem, normalise, slugify
from .terms import (
    FORMAT_VERSION,
    PACK_FIELDS,
    REFERENCE_FIELDS,
    TERM_FIELDS,
    TOP_FIELDS,
    Field,
    GlossaryError,
    Pack,
    PackInfo,
    Problem,
    Reference,
    Term,
)
from .text import control_problem

_TYPE_NAMES = {str: "a string", list: "an array", bool: "a boolean", int: "an integer", dict: "a table"}
_URL = re.compile(r"https?://[^\s<>\"'`]+\Z")


class _Checker:
    """Collects problems while reading one data file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, entry, field, message))

    def table(self, data: object, table: Sequence[Field], entry: str, prefix: str = "") -> dict[str, object]:
        """Check a table's field names and types; return the fields that are well typed."""
        if not isinstance(data, dict):
            self.add(entry, prefix.rstrip("."), "must be a table")
            return {}
        fields = {field.name: field.kind for field in table}
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

    def text(self, value: object, entry: str, field: str, *, required: bool = False, prose: bool = False) -> str:
        if value is None:
            if required:
                self.add(entry, field, "is required")
            return ""
        assert isinstance(value, str)
        problem = control_problem(value, prose=prose)
        if problem:
            self.add(entry, field, problem)
        elif required and not value.strip():
            self.add(entry, field, "must not be empty")
        elif value and not value.strip():
            self.add(entry, field, "must not be only white space")
        return " ".join(value.split()) if prose else value.strip()

    def strings(self, value: object, entry: str, field: str) -> tuple[str, ...]:
        if value is None:
            return ()
        assert isinstance(value, list)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.add(entry, f"{field}[{i}]", f"must be a string, not {_toml_type(item)}")
            elif problem := control_problem(item):
                self.add(entry, f"{field}[{i}]", problem)
            elif not item.strip():
                self.add(entry, f"{field}[{i}]", "must not be empty")
            else:
                out.append(item.strip())
        return tuple(out)

    def reported(self, entry: str, field: str) -> bool:
        """Whether a problem of this entry's field is known already (one message per field)."""
        return any(p.entry == entry and p.field == field for p in self.problems)

    def values(self, raw: object, table: Sequence[Field], entry: str, prefix: str = "") -> dict[str, Any]:
        """Every field of a table, checked and cleaned, as the record's keyword arguments
        (strings stripped, arrays of strings as tuples, absent fields as their defaults).
        Arrays of tables (``references``) are left to the caller, as they come."""
        data = self.table(raw, table, entry, prefix)
        present = raw if isinstance(raw, dict) else {}
        out: dict[str, Any] = {}
        for field in table:
            name = prefix + field.name
            value = data.get(field.name)
            if field.name in present and field.name not in data:
                out[field.name] = field.default  # wrongly typed: reported already
            elif field.kind is str:
                out[field.name] = self.text(value, entry, name, required=field.required, prose=field.prose)
            elif field.kind is list and field.name != "references":
                out[field.name] = self.strings(value, entry, name)
            else:
                out[field.name] = field.default if value is None else value
        return out


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
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise GlossaryError([Problem(source, "", "", "not valid TOML: nested too deeply")]) from None
    top = check.table(data, TOP_FIELDS, "")
    fmt = top.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        check.add("", "format", f"unsupported format version {fmt} (this version reads {FORMAT_VERSION})")
    meta = check.values(top.get("pack", {}), PACK_FIELDS, "[pack]")
    for i, category in enumerate(meta["categories"]):
        if problem := category_problem(category):
            check.add("[pack]", f"categories[{i}]", problem)
    info = PackInfo(**{**meta, "id": meta["id"] or default_id}, source=source)
    if "terms" not in data:
        check.add("", "terms", "is required: a data file defines its terms as [[terms]] tables")

    # Every term is read, even after problems, so that one run reports every problem of the file.
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
            if check.reported(label, field_name):
                continue
            problem = name_problem(name)
            if problem:
                check.add(label, field_name, problem)
            elif norm in seen and seen[norm] != label:
                check.add(label, field_name, f"{name!r} is already a name of {seen[norm]}")
            else:
                seen[norm] = label
        terms.append(term)

    ids: dict[str, str] = {}
    for term in terms:
        if term.id in ids:
            check.add(f"term '{term.name}'", "id", f"id {term.id!r} is already used by {ids[term.id]}")
        ids[term.id] = f"term '{term.name}'"
    if check.problems:
        raise GlossaryError(check.problems, partial=Pack(info, tuple(terms)))
    return Pack(info, tuple(terms))


def _field_of(term: Term, name: str) -> str:
    """The field a name form of a term came from, for messages."""
    for field_name in ("name", "abbreviation", "expansion"):
        if getattr(term, field_name) == name:
            return field_name
    return "aliases"


def _parse_term(check: _Checker, raw: object, index: int, source: str) -> Term | None:
    """A term as far as it can be read (problems are added to ``check``); None without a name."""
    entry = f"term #{index + 1}"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip():
        entry = f"term '{raw['name'].strip()}'"
    if not isinstance(raw, dict):
        check.add(entry, "", "must be a table")
        return None
    values = check.values(raw, TERM_FIELDS, entry)
    references = []
    raw_refs = values.pop("references")
    for i, ref in enumerate(raw_refs if isinstance(raw_refs, list) else []):
        prefix = f"references[{i}]."
        ref_values = check.values(ref, REFERENCE_FIELDS, entry, prefix)
        year = ref_values["year"]
        if year is not None and not 1000 <= year <= 2999:
            check.add(entry, prefix + "year", f"{year} is not a year")
        if ref_values["url"] and not _URL.match(ref_values["url"]) and not check.reported(entry, prefix + "url"):
            check.add(entry, prefix + "url", f"{ref_values['url']!r} is not an http(s) link")
        references.append(Reference(**ref_values))
    if values.pop("unreferenced") and references:
        check.add(entry, "unreferenced", "a term with references cannot be marked unreferenced")
    if values["id"] and not check.reported(entry, "id") and (problem := id_problem(values["id"])):
        check.add(entry, "id", problem)
    if values["category"] and (problem := category_problem(values["category"])):
        check.add(entry, "category", problem)
    if not values["name"]:
        return None  # reported already: nothing else can be checked against it
    values["id"] = values["id"] or slugify(values["name"])
    return Term(**values, references=tuple(references), source=source)


#: Label of a data file -> (SHA-256 of its bytes, the pack read from them).
PackCache = dict[str, tuple[str, Pack]]


def load_file(path: str | Path, source: str | None = None, cache: PackCache | None = None) -> Pack:
    """Load a project data file. A missing or unreadable file is a GlossaryError too.

    With a ``cache``, a file whose bytes are those read before is not parsed again, and a
    file read successfully is added to it.
    """
    if source == "" or str(path) == "":  # an empty name (Path("") would be the current folder)
        raise GlossaryError([Problem("''", "", "", "an empty file name")])
    path = Path(path)
    label = source or str(path)
    try:
        if path.exists() and not path.is_file():  # a folder, a FIFO (reading it waits for ever), a device
            raise GlossaryError([Problem(label, "", "", f"not a file ({path})")])
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
        for term in pack.terms:
            term.digest()  # kept with the term, so a cached file's terms need not compute it again
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
