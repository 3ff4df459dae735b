"""The ``aigloss`` command-line tool: look up, list, search, check and export AI terms.

It reads the same glossary the Sphinx extension uses (the shipped packs plus any project
data files) through :mod:`sphinx_aigloss.model`, and needs nothing but the standard library.
Run it as ``aigloss`` or ``python -m sphinx_aigloss``; ``aigloss --help`` and
``aigloss COMMAND --help`` describe every option.

Exit status: 0 on success, 1 when a lookup finds nothing or a data file is invalid, 2 on bad
usage, 3 when the output cannot be written (a full disk, a closed standard output). A reader
that stops early (``aigloss export | head``) is no error: the output ends quietly and the
status is the command's own.

Text output never carries a control character from the data: every control or invisible
format character is printed as an escape (``\x1b``). JSON and TOML output is UTF-8; when
standard output is not UTF-8 it is plain ASCII, with escapes that read back the same.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .model import (
    FORMAT_VERSION,
    Glossary,
    GlossaryError,
    PackCache,
    PackInfo,
    Reference,
    Term,
    data_resource,
    load_file,
    load_glossary,
    normalise,
    shipped_pack_ids,
    singulars,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import TextIO

#: Version of the JSON shape written by ``aigloss export --format json``.
EXPORT_FORMAT = 1

#: Exit statuses. A write error gets its own: it is neither "nothing found" nor bad usage.
EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

_DESCRIPTION = """\
Look up, list, search, validate and export the AI glossary of sphinx-aigloss.

The glossary is the shipped packs (all of them unless --packs says otherwise)
plus any project data files given with --data, in the same TOML format as the
shipped packs. Global options may come before or after the command."""

_EPILOG = """\
examples:
  aigloss show RLHF                       a term by any name form
  aigloss list --category "Data Concepts"
  aigloss search "human feedback"
  aigloss --data docs/terms.toml validate docs/terms.toml
  aigloss export --format toml > glossary.toml

exit status: 0 success, 1 nothing found or invalid data, 2 bad usage,
  3 the output could not be written (disk full, standard output closed)"""


# --------------------------------------------------------------------------------------
# Hidden characters: nothing the data holds reaches a terminal as a control character
# --------------------------------------------------------------------------------------

#: What a terminal may act on or not show: controls (C0, DEL, C1), format characters (bidi
#: overrides and isolates, zero-width spaces, tags), line/paragraph separators, and lone
#: surrogates (from arguments that were not valid in the locale's encoding).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: Format characters that scripts such as Persian and emoji sequences need; a terminal
#: does nothing with them.
_JOINERS = frozenset("\u200c\u200d")
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")  # the rest is printable ASCII: no need to look closer


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES and char not in _JOINERS


def _escape_hidden(text: str, escape: Callable[[str], str], *, keep: str = "", ascii_only: bool = False) -> str:
    """``text`` with ``escape(char)`` for every hidden character (with ``ascii_only``, for every
    character outside ASCII), except the characters in ``keep``."""

    def replace(match: re.Match[str]) -> str:
        char = match[0]
        return char if char in keep or not (ascii_only or _hidden(char)) else escape(char)

    return _NOT_PLAIN.sub(replace, text)


def visible(text: str) -> str:
    """``text`` safe for a terminal: every hidden character as a Python escape (``\\x1b``,
    ``\\u202e``); newlines and tabs are kept, as the layout's own."""
    return _escape_hidden(text, lambda char: ascii(char)[1:-1], keep="\n\t")


_LAYOUT_SPACE = re.compile(r"[ \t\n]+")


def _flat(value: str) -> str:
    """A data value for a line of text: its line breaks and tabs (a multi-line TOML string)
    become single spaces, so only the CLI decides where lines end."""
    return _LAYOUT_SPACE.sub(" ", value)


def _speaks_utf8(stream: TextIO) -> bool:
    return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"


# --------------------------------------------------------------------------------------
# Machine-readable data
# --------------------------------------------------------------------------------------


def reference_data(ref: Reference) -> dict[str, object]:
    """A reference as JSON data."""
    return {"authors": list(ref.authors), "et_al": ref.et_al, "title": ref.title, "label": ref.label,
            "venue": ref.venue, "year": ref.year, "url": ref.url}


def term_data(term: Term) -> dict[str, object]:
    """A term as JSON data: the ``terms`` items of ``aigloss export --format json``."""
    return {
        "id": term.key,
        "name": term.name,
        "abbreviation": term.abbreviation,
        "expansion": term.expansion,
        "aliases": list(term.aliases),
        "category": term.category,
        "definition": term.definition,
        "short_definition": term.short_definition,
        "references": [reference_data(ref) for ref in term.references],
        "related": list(term.related),
        "unreferenced": term.unreferenced,
        "autolink": term.autolink,
        "inflect": term.inflect,
    }


def pack_data(info: PackInfo) -> dict[str, str | int | tuple[str, ...] | None]:
    """Pack metadata as data, for JSON and TOML (without the machine-specific source path)."""
    return {"id": info.id, "title": info.title, "description": info.description, "series": info.series,
            "series_part": info.series_part, "note": info.note, "categories": info.categories}


def export_data(glossary: Glossary) -> dict[str, object]:
    """The whole glossary as JSON data: ``{"format": 1, "packs": [...], "terms": [...]}``."""
    return {"format": EXPORT_FORMAT, "packs": [pack_data(info) for info in glossary.packs],
            "terms": [term_data(term) for term in glossary]}


def _groups_data(groups: list[tuple[str, list[Term]]]) -> dict[str, object]:
    return {"categories": [{"name": name, "terms": [term_data(t) for t in terms]} for name, terms in groups]}


# --------------------------------------------------------------------------------------
# TOML output (tomllib only reads)
# --------------------------------------------------------------------------------------

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
        return '"' + _escape_hidden(value.translate(_TOML_ESCAPES), _toml_escape, ascii_only=ascii_only) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "[" + ", ".join(toml_value(item, ascii_only=ascii_only) for item in value) + "]"


def _toml_table(header: str, fields: Mapping[str, str | int | bool | Sequence[str] | None],
                ascii_only: bool) -> list[str]:
    """A table's lines, leaving out empty fields (they read back as their defaults)."""
    lines = [header] if header else []
    lines += [f"{key} = {toml_value(value, ascii_only=ascii_only)}" for key, value in fields.items()
              if value is not None and value != "" and value != ()]
    return lines


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
    info = export_pack_info(glossary)
    lines = ["# AI glossary exported by aigloss.", "", f"format = {FORMAT_VERSION}"]
    if not len(glossary):
        lines.append("terms = []")
    lines.append("")
    lines += _toml_table("[pack]", pack_data(info), ascii_only)
    for term in glossary:
        lines.append("")
        lines += _toml_table("[[terms]]", {
            "id": term.key, "name": term.name, "abbreviation": term.abbreviation,
            "expansion": term.expansion, "aliases": term.aliases, "category": term.category,
            "definition": term.definition, "related": term.related,
            "unreferenced": True if term.unreferenced else None,
            "autolink": None if term.autolink else False,
            "inflect": None if term.inflect else False,
            "override": True if term.override else None,
        }, ascii_only)
        for ref in term.references:
            lines.append("")
            lines += _toml_table("[[terms.references]]", {
                "authors": ref.authors, "et_al": True if ref.et_al else None, "title": ref.title,
                "label": ref.label, "venue": ref.venue, "year": ref.year, "url": ref.url,
            }, ascii_only)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Text output
# --------------------------------------------------------------------------------------


def _discard(stream: TextIO) -> None:
    """Point ``stream`` at the null device: what is still to be written, and the flush at exit,
    go nowhere quietly instead of failing again (Python's "Exception ignored ...")."""
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # not a file (a test's capture): nothing to do
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _write(text: str, stream: TextIO | None) -> None:
    """Write to standard output or error. A reader that stops reading (``aigloss export | head``)
    is no error: the rest is discarded, and the command ends with its own status."""
    if stream is None:  # the process was started with it closed
        return
    try:
        stream.write(text)
    except BrokenPipeError:
        _discard(stream)


def _out(text: str = "", *, err: bool = False) -> None:
    """Print a line of text on standard output (or error): the one way text reaches a terminal."""
    _write(visible(text) + "\n", sys.stderr if err else sys.stdout)


def _error(message: str) -> None:
    _out(message, err=True)


def _print_json(data: object) -> None:
    """JSON on standard output, in UTF-8, or in ASCII when standard output is not UTF-8."""
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=not _speaks_utf8(sys.stdout))
    # json.dumps escapes C0 controls only; hidden characters occur only inside strings,
    # where an escape means the same.
    _write(_escape_hidden(text, lambda char: json.dumps(char)[1:-1], keep="\n") + "\n", sys.stdout)


def _width() -> int:
    return max(40, shutil.get_terminal_size().columns - 1)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _term_line(term: Term, width: int) -> str:
    # Escaped before clipping, so that the width counts the escapes and none is cut in two.
    return _clip(visible(f"  {_flat(term.display_name)} — {_flat(term.short_definition)}"), width)


def _print_groups(groups: list[tuple[str, list[Term]]]) -> None:
    width = _width()
    for index, (category, terms) in enumerate(groups):
        if index:
            _out()
        _out(_flat(category))
        for term in terms:
            _out(_term_line(term, width))


def _show_text(glossary: Glossary, term: Term) -> str:
    width = _width()

    def label(name: str, value: str) -> str:
        return f"{name:<12}{_flat(value)}"

    lines = [_flat(term.name)]
    if term.other_form:
        lines.append(label("Other form:", term.other_form))
    aliases = [a for a in term.aliases if a not in (term.name, term.other_form)]
    if aliases:
        lines.append(label("Also:", ", ".join(aliases)))
    lines += [label("Category:", term.category), "", textwrap.fill(visible(term.definition), width), ""]
    if term.unreferenced:
        lines.append(label("References:", "unreferenced (noted for tracking)"))
    else:
        lines.append("References:")
        for ref in term.references:
            lines.append(textwrap.fill(visible(ref.citation()), width, initial_indent="  - ",
                                       subsequent_indent="    "))
            if ref.url:
                lines.append(f"    {_flat(ref.url)}")
    related = glossary.related(term)
    if related:
        lines.append(label("Related:", ", ".join(t.name for t in related)))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------


def _data_files(args: argparse.Namespace) -> list[tuple[Path, str]]:
    return [(Path(name), name) for name in [*args.data, *args.sub_data]]


def _packs(args: argparse.Namespace) -> list[str] | None:
    packs: list[str] | None = args.sub_packs if args.sub_packs is not None else args.packs
    return packs


def _load(args: argparse.Namespace) -> Glossary:
    glossary, conflicts = load_glossary(_packs(args), _data_files(args))
    for conflict in conflicts:
        _error(f"warning: {_flat(conflict.message)}")
    return glossary


def _category_groups(args: argparse.Namespace, glossary: Glossary) -> list[tuple[str, list[Term]]] | None:
    """The terms by category, limited to ``--category``; None (with a message) when that
    names no category of the glossary."""
    if args.category is None:
        return glossary.by_category()
    if not glossary.has_category(args.category):
        _error(f"unknown category '{args.category}' (categories: {_flat(', '.join(glossary.categories))})")
        return None
    return glossary.by_category([args.category])


def cmd_list(args: argparse.Namespace) -> int:
    groups = _category_groups(args, _load(args))
    if groups is None:
        return EXIT_NOT_FOUND
    if args.json:
        _print_json(_groups_data(groups))
    else:
        _print_groups(groups)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    glossary = _load(args)
    name = " ".join(args.term)
    found = glossary.lookup(name)
    if found.ambiguous:
        _error(f"'{name}' is ambiguous; it may mean:")
        for term in found.terms:
            _error(f"  - {_flat(term.display_name)} ({_flat(term.category)}, id '{term.key}')")
        return EXIT_NOT_FOUND
    if found.term is None:
        hint = glossary.suggest(name)
        _error(f"unknown AI term '{name}'" + (f" (did you mean '{_flat(hint)}'?)" if hint else ""))
        return EXIT_NOT_FOUND
    term = found.term
    if args.json:
        related = [{"id": t.key, "name": t.name} for t in glossary.related(term)]
        _print_json({**term_data(term), "see_also": related})
    else:
        _out(_show_text(glossary, term))
    return EXIT_OK


def search(glossary: Glossary, text: str) -> list[Term]:
    """The terms ``text`` finds, folded the way lookups fold names (case, hyphens, spaces,
    plurals: "finetuning" finds "Fine-tuning", "low rank" finds "Low-Rank Adaptation").

    Best matches first: the term(s) ``text`` names (what ``aigloss show`` finds), then the
    terms with a name form that contains the whole text, then those whose names and
    definition together contain every word of it.
    """
    named = glossary.lookup(text).terms
    phrase = normalise(text)
    phrase_forms = [phrase, *singulars(phrase)]
    words = [norm for norm in map(normalise, text.split()) if norm]
    in_name: list[Term] = []
    in_text: list[Term] = []
    for term in glossary:
        if term in named:
            continue
        names = [normalise(name) for name in term.names]
        if any(form in name for name in names for form in phrase_forms):
            in_name.append(term)
        elif words:
            haystack = [*names, normalise(term.definition)]
            if all(any(word in hay for hay in haystack) for word in words):
                in_text.append(term)
    return [*named, *in_name, *in_text]


def cmd_search(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not normalise(text):  # only spaces, hyphens or dots: it would match everything
        _error("search: give some letters or digits to search for")
        return EXIT_USAGE
    hits = search(_load(args), text)
    if args.json:
        _print_json({"query": text, "terms": [term_data(t) for t in hits]})
    else:
        width = _width()
        for term in hits:
            _out(_term_line(term, width))
    if not hits:
        _error(f"no AI term matches '{text}'")
        return EXIT_NOT_FOUND
    return EXIT_OK


def _shipped_path(pack_id: str) -> Path:
    return Path(str(data_resource(f"{pack_id}.toml"))).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    chosen = _packs(args)
    context = shipped_pack_ids() if chosen is None else chosen
    status = EXIT_OK
    cache: PackCache = {}  # each file is parsed once, however many files it is checked with
    for name in args.files:
        path = Path(name)
        # A shipped pack is checked against the other packs, not against itself.
        packs = [p for p in context if _shipped_path(p) != path.resolve()]
        try:
            count = len(load_file(path, name, cache).terms)
            _glossary, conflicts = load_glossary(packs, [*_data_files(args), (path, name)], cache)
        except GlossaryError as exc:
            status = EXIT_NOT_FOUND
            for problem in exc.problems:
                _out(_flat(str(problem)))
            continue
        _out(f"{name}: ok ({count} term{'' if count == 1 else 's'})")
        for conflict in conflicts:
            _out(f"{name}: warning: {_flat(conflict.message)}")
    return status


def cmd_unreferenced(args: argparse.Namespace) -> int:
    glossary = _load(args)
    everything = _category_groups(args, glossary)
    if everything is None:
        return EXIT_NOT_FOUND
    groups = [(category, [t for t in terms if t.unreferenced]) for category, terms in everything]
    groups = [(category, terms) for category, terms in groups if terms]
    if args.json:
        _print_json(_groups_data(groups))
        return EXIT_OK
    _print_groups(groups)
    count = sum(len(terms) for _, terms in groups)
    total = sum(len(terms) for _, terms in everything)
    _out(("\n" if groups else "") + f"{count} of {total} terms have no references (noted for tracking).")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    glossary = _load(args)
    if args.format == "toml":
        # TOML must be UTF-8: on any other standard output, plain ASCII (which is UTF-8 too).
        _write(to_toml(glossary, ascii_only=not _speaks_utf8(sys.stdout)), sys.stdout)
    else:
        _print_json(export_data(glossary))
    return EXIT_OK


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _pack_list(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    known = shipped_pack_ids()
    for pack_id in ids:
        if pack_id not in known:
            # argparse prints this itself, not through _out
            raise argparse.ArgumentTypeError(f"unknown pack '{visible(pack_id)}' (available: {', '.join(known)})")
    return ids


def _add_global_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    group = parser.add_argument_group("glossary options")
    group.add_argument("--data", action="append", default=[], metavar="FILE", dest=prefix + "data",
                       help="add a project data file (TOML, same format as the shipped packs); repeatable")
    group.add_argument("--packs", action="extend", type=_pack_list, default=None, metavar="ID[,ID]",
                       dest=prefix + "packs",
                       help="shipped packs to use, comma-separated "
                            f"(default: all: {', '.join(shipped_pack_ids())}; '' for none)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``aigloss``."""
    parser = argparse.ArgumentParser(prog="aigloss", description=_DESCRIPTION, epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                *, json_flag: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        _add_global_options(sub, prefix="sub_")
        if json_flag:
            sub.add_argument("--json", action="store_true", help="print JSON instead of text")
        return sub

    sub = command("list", cmd_list, "List the terms, grouped by category, with their short definitions.")
    sub.add_argument("--category", metavar="NAME", help="only this category (exit 1 if there is none)")

    sub = command("show", cmd_show, "Show one term in full: definition, references and related terms. "
                  "Any name form works: abbreviation, expansion, alias, other case, hyphens or plural. "
                  "Exit 1, with a suggestion when there is one, if no term has that name.")
    sub.add_argument("term", nargs="+", metavar="TERM", help="the term's name (quotes are optional)")

    sub = command("search", cmd_search, "Find the terms with a name that contains TEXT, then those whose "
                  "names and definition contain every word of TEXT; case, hyphens, spaces and plurals are "
                  "ignored, as in lookups ('finetuning', 'low rank'). Exit 1 when none do.")
    sub.add_argument("text", nargs="+", metavar="TEXT", help="the text to look for (quotes are optional)")

    sub = command("validate", cmd_validate, "Check project data files. Each file is read together with "
                  "the shipped packs (and any --data files), so it may refer to their terms. Prints "
                  "'FILE: ok (N terms)' or every problem found; exit 1 if any file is invalid.",
                  json_flag=False)
    sub.add_argument("files", nargs="+", metavar="FILE", help="a data file to check")

    sub = command("unreferenced", cmd_unreferenced, "List the terms that have no references yet, "
                  "grouped by category.")
    sub.add_argument("--category", metavar="NAME", help="only this category (exit 1 if there is none)")

    sub = command("export", cmd_export, "Write the whole glossary to standard output: JSON "
                  '({"format": 1, "packs": [...], "terms": [...]}) or the pack TOML format.',
                  json_flag=False)
    sub.add_argument("--format", choices=["json", "toml"], default="json",
                     help="output format (default: json)")
    return parser


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            _error(_flat(str(problem)))
        return EXIT_NOT_FOUND


def main(argv: list[str] | None = None) -> int:
    """Run ``aigloss`` with ``argv`` (default: the process arguments) and return the exit status.

    Commands: ``list``, ``show TERM``, ``search TEXT``, ``validate FILE...``,
    ``unreferenced`` and ``export --format json|toml``. Invalid data files are reported
    on standard error, one problem a line, with exit status 1; bad usage exits with 2; an
    output that cannot be written (a full disk, a closed standard output) with 3, in one line.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a character the encoding lacks: an escape, not an error
            stream.reconfigure(errors="backslashreplace")
    if sys.stdout is None:  # started with standard output closed (`aigloss list >&-`)
        _error("aigloss: cannot write the output: standard output is closed")
        return EXIT_OUTPUT
    status = EXIT_OK
    try:
        try:
            status = _run(argv)
        finally:
            sys.stdout.flush()  # a full disk is reported here, not at exit
    except BrokenPipeError:  # at the flush: see _write
        _discard(sys.stdout)
    except OSError as exc:  # only output: load_file reports unreadable data files itself
        _discard(sys.stdout)
        with contextlib.suppress(OSError):  # standard error full or closed too: the status says it
            _error(f"aigloss: cannot write the output: {exc.strerror or exc}")
        status = EXIT_OUTPUT
    return status
