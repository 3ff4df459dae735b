"""Writing the glossary out: JSON data (``aigloss export --format json``) and the pack TOML
format, which ``parse_pack`` reads back. Both follow the field tables of ``terms``. Pure
Python, no Sphinx."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from .glossary import Glossary
from .terms import FORMAT_VERSION, PACK_FIELDS, REFERENCE_FIELDS, TERM_FIELDS, Field, PackInfo, Reference, Term
from .text import escape_hidden

#: Version of the JSON shape written by ``export_data``.
EXPORT_FORMAT = 1

Value = str | int | bool | Sequence[str] | None


def _record(record: object, table: Sequence[Field]) -> dict[str, object]:
    """A record's fields, as the table names them (``references`` as lists of tables)."""
    out: dict[str, object] = {}
    for field in table:
        value = getattr(record, field.name)
        if field.name == "references":
            value = [reference_data(ref) for ref in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[field.name] = value
    return out


def reference_data(ref: Reference) -> dict[str, object]:
    return _record(ref, REFERENCE_FIELDS)


def term_data(term: Term) -> dict[str, object]:
    """A term as JSON data: every field of the format, and its short definition."""
    return {**_record(term, TERM_FIELDS), "short_definition": term.short_definition}


def pack_data(info: PackInfo) -> dict[str, object]:
    """Pack metadata as data (without the machine-specific source path)."""
    return _record(info, PACK_FIELDS)


def export_data(glossary: Glossary) -> dict[str, object]:
    """The whole glossary as JSON data: ``{"format": 1, "packs": [...], "terms": [...]}``."""
    return {"format": EXPORT_FORMAT, "packs": [pack_data(info) for info in glossary.packs],
            "terms": [term_data(term) for term in glossary]}


# -- TOML (tomllib only reads) --------------------------------------------------------------

_TOML_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]} | {
    ord('"'): '\\"', ord("\\"): "\\\\", ord("\b"): "\\b", ord("\t"): "\\t",
    ord("\n"): "\\n", ord("\f"): "\\f", ord("\r"): "\\r",
}


def _toml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def toml_value(value: str | int | bool | Sequence[str], *, ascii_only: bool = False) -> str:
    """A TOML literal: a basic string (escaped), an integer, a boolean or an array of strings.

    TOML allows C1 controls and format characters raw; they are escaped too, so that the
    output cannot act on a terminal. With ``ascii_only`` every non-ASCII character is.
    """
    if isinstance(value, str):
        return '"' + escape_hidden(value.translate(_TOML_ESCAPES), _toml_escape, ascii_only=ascii_only) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "[" + ", ".join(toml_value(item, ascii_only=ascii_only) for item in value) + "]"


def _toml_table(header: str, record: object, table: Sequence[Field], ascii_only: bool) -> list[str]:
    """A table's lines: the fields that differ from their defaults (the rest read back as
    the defaults); arrays of tables are written by the caller."""
    values: Mapping[str, Value] = {field.name: getattr(record, field.name) for field in table
                                   if field.name != "references"}
    defaults = {field.name: field.default for field in table}
    return [header] + [f"{name} = {toml_value(value, ascii_only=ascii_only)}" for name, value in values.items()
                       if value is not None and value not in ("", ()) and value != defaults[name]]


def export_pack_info(glossary: Glossary) -> PackInfo:
    """The [pack] table of an export: the pack itself, or a summary when several are merged."""
    categories = tuple(glossary.categories)
    if len(glossary.packs) == 1:
        return replace(glossary.packs[0], categories=categories)
    ids = ", ".join(info.id for info in glossary.packs)
    return PackInfo(id="aigloss-export", title="Exported AI glossary",
                    description=f"Merged from: {ids}." if ids else "", categories=categories)


def to_toml(glossary: Glossary, *, ascii_only: bool = False) -> str:
    """The glossary in the pack TOML format; ``parse_pack`` reads the same terms back.
    With ``ascii_only``, every non-ASCII character is written as an escape."""
    lines = ["# AI glossary exported by aigloss.", "", f"format = {FORMAT_VERSION}"]
    if not len(glossary):
        lines.append("terms = []")
    lines += ["", *_toml_table("[pack]", export_pack_info(glossary), PACK_FIELDS, ascii_only)]
    for term in glossary:
        lines += ["", *_toml_table("[[terms]]", term, TERM_FIELDS, ascii_only)]
        for ref in term.references:
            lines += ["", *_toml_table("[[terms.references]]", ref, REFERENCE_FIELDS, ascii_only)]
    return "\n".join(lines) + "\n"
