"""The ``aigloss`` command-line tool: look up, list, search, validate and export AI terms; check docs.

It reads the glossary the Sphinx extension uses (shipped and installed packs plus project data
files) through :mod:`sphinx_aigloss.core`, with the standard library alone. Exit status: 0 on
success, 1 when a lookup finds nothing or a data file is invalid, 2 on bad usage, 3 when the
output cannot be written; a reader that stops early (``aigloss export | head``) is no error.
Text output prints every control or invisible format character of the data as an escape
(``\x1b``); JSON and TOML output is UTF-8, or plain ASCII with escapes when standard output
is not UTF-8.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, check, l10n_status, templates, terminal
from .core import (
    Glossary,
    GlossaryError,
    PackCache,
    Term,
    export_data,
    load_file,
    load_glossary,
    load_sources,
    normalise,
    shipped_pack_ids,
    term_data,
    to_toml,
)
from .core.installed import all_pack_ids, available_pack, pack_warnings, select_packs
from .core.skos import to_skos

if TYPE_CHECKING:
    from collections.abc import Callable

#: Exit statuses. A write error gets its own: it is neither "nothing found" nor bad usage.
EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

_DESCRIPTION = """\
Look up, list, search, validate, export and check the AI glossary of sphinx-aigloss.

The glossary is the packs shipped with sphinx-aigloss and those installed
distributions contribute (all of them unless --packs says otherwise; 'aigloss
packs' lists them) plus any project data files given with --data, in the same
TOML format as the packs. Global options may come before or after the command."""

_EPILOG = """\
examples:
  aigloss show RLHF                       a term by any name form
  aigloss list --category "Data Concepts"
  aigloss search "human feedback"
  aigloss --data docs/terms.toml validate docs/terms.toml
  aigloss export --format toml > glossary.toml
  aigloss packs                           the packs, shipped and installed
  aigloss new-pack acme-glossary          start a pack of your own
  aigloss check docs/                     terms in sources, without a build

exit status: 0 success, 1 nothing found or invalid data, 2 bad usage,
  3 the output could not be written (disk full, standard output closed)"""


def _groups_data(groups: list[tuple[str, list[Term]]]) -> dict[str, object]:
    return {"categories": [{"name": name, "terms": [term_data(t) for t in terms]} for name, terms in groups]}


# --------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------


def _data_files(args: argparse.Namespace) -> list[tuple[Path, str]]:
    return [(Path(name), name) for name in [*args.data, *args.sub_data]]


def _packs(args: argparse.Namespace) -> list[str] | None:
    return args.sub_packs if args.sub_packs is not None else args.packs  # type: ignore[no-any-return]


def _warn_about_packs(args: argparse.Namespace) -> None:
    """Installed packs left out: one that cannot be loaded, one whose id is taken."""
    for warning in pack_warnings(_packs(args)):
        terminal.error(f"warning: {terminal.flat(str(warning))}")


def _load(args: argparse.Namespace) -> Glossary:
    _warn_about_packs(args)
    glossary, conflicts = load_glossary(_packs(args), _data_files(args))
    for conflict in conflicts:
        terminal.error(f"warning: {terminal.flat(conflict.message)}")
    return glossary


def _category_groups(args: argparse.Namespace, glossary: Glossary) -> list[tuple[str, list[Term]]] | None:
    """The terms by category, limited to ``--category``; None (with a message) when that
    names no category of the glossary."""
    if args.category is None:
        return glossary.by_category()
    if not glossary.has_category(args.category):
        known = terminal.flat(", ".join(glossary.categories))
        terminal.error(f"unknown category '{args.category}' (categories: {known})")
        return None
    return glossary.by_category([args.category])


def cmd_list(args: argparse.Namespace) -> int:
    groups = _category_groups(args, _load(args))
    if groups is None:
        return EXIT_NOT_FOUND
    if args.json:
        terminal.print_json(_groups_data(groups))
    else:
        terminal.print_groups(groups)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    glossary = _load(args)
    name = " ".join(args.term)
    found = glossary.lookup(name)
    if found.ambiguous:
        terminal.error(f"'{name}' is ambiguous; it may mean:")
        for term in found.terms:
            terminal.error(f"  - {terminal.flat(term.display_name)} ({terminal.flat(term.category)}, id '{term.id}')")
        return EXIT_NOT_FOUND
    if found.term is None:
        hint = glossary.suggest(name)
        terminal.error(f"unknown AI term '{name}'" + (f" (did you mean '{terminal.flat(hint)}'?)" if hint else ""))
        return EXIT_NOT_FOUND
    term = found.term
    if args.json:
        related = [{"id": t.id, "name": t.name} for t in glossary.related(term)]
        terminal.print_json({**term_data(term), "see_also": related})
    else:
        terminal.out(terminal.show_text(glossary, term))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not normalise(text):  # only spaces, hyphens or dots: it would match everything
        terminal.error("search: give some letters or digits to search for")
        return EXIT_USAGE
    hits = _load(args).search(text)
    if args.json:
        terminal.print_json({"query": text, "terms": [term_data(t) for t in hits]})
    else:
        width = terminal.terminal_width()
        for term in hits:
            terminal.out(terminal.term_line(term, width))
    if not hits:
        terminal.error(f"no AI term matches '{text}'")
        return EXIT_NOT_FOUND
    return EXIT_OK


def _itself(pack_id: str, path: Path, file_id: str) -> bool:
    """Whether an available pack is the file being validated (or an installed copy of it)."""
    source = available_pack(pack_id)
    return pack_id == file_id or (source is not None and source.path is not None
                                  and source.path.resolve() == path.resolve())


def cmd_validate(args: argparse.Namespace) -> int:
    chosen = _packs(args)
    _warn_about_packs(args)
    context = all_pack_ids() if chosen is None else chosen
    status = EXIT_OK
    cache: PackCache = {}  # each file is parsed once, however many files it is checked with
    for name in args.files:
        path = Path(name)
        try:
            try:
                pack = load_file(path, name, cache)
            except GlossaryError as exc:  # its relations are checked too: every problem in one run
                if exc.partial is None:
                    raise
                pack = exc.partial
            count = len(pack.terms)
            # A pack is checked against the other packs, not against itself, shipped or installed.
            packs = [pack_id for pack_id in context if not _itself(pack_id, path, pack.info.id)]
            _glossary, conflicts = load_glossary(packs, [*_data_files(args), (path, name)], cache)
        except GlossaryError as exc:
            status = EXIT_NOT_FOUND
            for problem in exc.problems:
                terminal.out(terminal.flat(str(problem)))
            continue
        terminal.out(f"{name}: ok ({count} term{'' if count == 1 else 's'})")
        for conflict in conflicts:
            terminal.out(f"{name}: warning: {terminal.flat(conflict.message)}")
    return status


def cmd_unreferenced(args: argparse.Namespace) -> int:
    glossary = _load(args)
    everything = _category_groups(args, glossary)
    if everything is None:
        return EXIT_NOT_FOUND
    groups = [(category, [t for t in terms if t.unreferenced]) for category, terms in everything]
    groups = [(category, terms) for category, terms in groups if terms]
    if args.json:
        terminal.print_json(_groups_data(groups))
        return EXIT_OK
    terminal.print_groups(groups)
    count = sum(len(terms) for _, terms in groups)
    total = sum(len(terms) for _, terms in everything)
    terminal.out(("\n" if groups else "") + f"{count} of {total} terms have no references (noted for tracking).")
    return EXIT_OK


def cmd_packs(args: argparse.Namespace) -> int:
    _warn_about_packs(args)
    selection = select_packs(_packs(args))
    glossary, conflicts, problems = load_sources(_packs(args), _data_files(args))
    for problem in problems:
        terminal.error(terminal.flat(str(problem)))
    for conflict in conflicts:
        terminal.error(f"warning: {terminal.flat(conflict.message)}")
    rows = [{**source.data(), "overrides": glossary.overrides_of(source.id)} for source in selection.sources]
    if args.json:
        terminal.print_json({"packs": rows})
    else:
        ids = [terminal.visible(terminal.flat(str(row["id"]))) for row in rows]
        width = max(map(len, ids), default=0)
        for pack_id, row in zip(ids, rows, strict=True):
            series = f"{row['series']}" + (f", part {row['series_part']}" if row["series_part"] is not None else "")
            count = f"{row['terms']} term{'' if row['terms'] == 1 else 's'}"
            where = "shipped with sphinx-aigloss" if row["distribution"] is None else f"from {row['origin']}"
            details = "; ".join(part for part in (series.strip(", "), count, where) if part)
            terminal.out(f"{pack_id:<{width}}  {terminal.flat(str(row['title'] or '(no title)'))}")
            overrides = [f"{'overrides' if o['applied'] else 'override refused (not selected by id):'} "
                         f"{o['term']} of pack {o['pack']}" for o in glossary.overrides_of(str(row["id"]))]
            terminal.out("\n".join(" " * (width + 2) + terminal.flat(line) for line in [details, *overrides]))
    return EXIT_NOT_FOUND if problems else EXIT_OK


def cmd_new_pack(args: argparse.Namespace) -> int:
    folder = Path(args.name if args.dir is None else args.dir)
    try:
        names = templates.write_pack(args.name, folder)
    except ValueError as exc:
        terminal.error(f"new-pack: {exc}")
        return EXIT_USAGE
    except FileExistsError:
        terminal.error(f"new-pack: {folder} already exists; give a new folder (--dir) or another name")
        return EXIT_USAGE
    except OSError as exc:
        terminal.error(f"new-pack: cannot write {folder}: {exc.strerror or exc}")  # not the scratch folder
        return EXIT_OUTPUT
    data = folder / names["module"] / f"{names['pack_id']}.toml"
    terminal.out(f"Wrote the distribution {args.name} in {folder}/: its pack '{names['pack_id']}' is {data}. "
                 "Edit its terms, then:")
    install = folder if folder.is_absolute() else "./" + folder.as_posix()  # a path, not a name
    terminal.out(f"  aigloss validate {data}\n  pip install {install}\n  aigloss packs")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    glossary = _load(args)
    if args.format == "json":
        terminal.print_json(export_data(glossary))
    else:  # TOML and Turtle must be UTF-8: on any other standard output, plain ASCII (which is UTF-8 too)
        write = to_skos if args.format == "skos" else to_toml
        terminal.write(write(glossary, ascii_only=not terminal.speaks_utf8(sys.stdout)), sys.stdout)
    return EXIT_OK


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _pack_list(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    known = all_pack_ids() if set(ids) - set(shipped_pack_ids()) else shipped_pack_ids()
    for pack_id in ids:
        if pack_id not in known:
            # argparse prints this itself, not through _out
            available = ", ".join(known)
            raise argparse.ArgumentTypeError(f"unknown pack '{terminal.visible(pack_id)}' (available: {available})")
    return ids


def _add_global_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    group = parser.add_argument_group("glossary options")
    group.add_argument("--data", action="append", default=[], metavar="FILE", dest=prefix + "data",
                       help="add a project data file (TOML, same format as the shipped packs); repeatable")
    group.add_argument("--packs", action="extend", type=_pack_list, default=None, metavar="ID[,ID]",
                       dest=prefix + "packs",
                       help="packs to use, by id, comma-separated (default: all: the shipped ones, "
                            f"{', '.join(shipped_pack_ids())}, and the installed ones; '' for none)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``aigloss`` (full option names only: "--=x.rst" is a file name)."""
    parser = argparse.ArgumentParser(prog="aigloss", description=_DESCRIPTION, epilog=_EPILOG, allow_abbrev=False,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                *, json_flag: bool = True, glossary: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if glossary:
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

    sub = command("validate", cmd_validate, "Check project data files or packs. Each file is read together "
                  "with the other packs, shipped and installed (and any --data files), so it may refer to "
                  "their terms; a pack with the file's id is left out (an installed copy of it). Prints "
                  "'FILE: ok (N terms)' or every problem found; exit 1 if any file is invalid.",
                  json_flag=False)
    sub.add_argument("files", nargs="+", metavar="FILE", help="a data file to check")

    sub = command("unreferenced", cmd_unreferenced, "List the terms that have no references yet, "
                  "grouped by category.")
    sub.add_argument("--category", metavar="NAME", help="only this category (exit 1 if there is none)")

    sub = command("export", cmd_export, "Write the whole glossary to standard output: JSON "
                  '({"format": 1, "packs": [...], "terms": [...]}), the pack TOML format or SKOS (Turtle).',
                  json_flag=False)
    sub.add_argument("--format", choices=["json", "toml", "skos"], default="json", help="output format (default: json)")

    command("packs", cmd_packs, "List the packs, shipped or from installed distributions (entry point group "
            "'sphinx_aigloss.packs', named by pack id): id, title, series and part, terms, origin and the terms "
            "each overrides (an installed pack's apply only when --packs names it). Exit 1 if a pack is invalid.")

    sub = command("new-pack", cmd_new_pack, "Write a new distribution that contributes a glossary pack: "
                  "pyproject.toml with the entry point, the pack's TOML file with one example term, a README "
                  "and a test that validates the pack. Exit 2 if the folder exists, or if NAME is an installed "
                  "distribution, an importable module or an existing pack id.", json_flag=False, glossary=False)
    sub.add_argument("name", metavar="NAME", help="the distribution's name, e.g. acme-glossary")
    sub.add_argument("--dir", metavar="FOLDER", help="where to write it (default: a new folder NAME)")
    l10n_status.add_options(command("l10n-status", lambda args: l10n_status.run(args, _packs(args), _data_files(args)),
                                    l10n_status.HELP))
    check.add_arguments(command("check", functools.partial(check.run, load=_load), check.HELP, json_flag=False))
    return parser


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            terminal.error(terminal.flat(str(problem)))
        return EXIT_NOT_FOUND


def main(argv: list[str] | None = None) -> int:
    """Run ``aigloss`` with ``argv`` (default: the process arguments) and return the exit status.

    The commands are ``build_parser``'s. Invalid data files are reported on standard error, one problem a line,
    with exit status 1; bad usage (a path that cannot be read) exits with 2; an output that cannot be written with 3.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a character the encoding lacks: an escape, not an error
            stream.reconfigure(errors="backslashreplace")
    if sys.stdout is None:  # started with standard output closed (`aigloss list >&-`)
        terminal.error("aigloss: cannot write the output: standard output is closed")
        return EXIT_OUTPUT
    status = EXIT_OK
    try:
        try:
            status = _run(argv)
        finally:
            sys.stdout.flush()  # a full disk is reported here, not at exit
    except BrokenPipeError:  # at the flush: see _write
        terminal.discard(sys.stdout)
    except OSError as exc:  # a path named (a file or folder given, too long a name): bad usage; else output
        terminal.discard(sys.stdout)
        what = "cannot write the output" if exc.filename is None else f"cannot read {exc.filename!s}"
        with contextlib.suppress(OSError):  # standard error full or closed too: the status says it
            terminal.error(terminal.flat(f"aigloss: {what}: {exc.strerror or exc}"))
        status = EXIT_OUTPUT if exc.filename is None else EXIT_USAGE
    return status
