"""``aigloss l10n-status --lang LANG``: how far each pack is translated (core/l10n.py counts).

Catalogs are looked for as a build looks for them: the ``--locale-dir`` folders first (a
project's ``locale_dirs``), then the ``locale`` folder beside each pack's data file; the
``.po`` files, which hold the fuzzy flags (a ``.mo`` where there is no ``.po``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from . import terminal
from .core import load_sources
from .core.text import control_problem

HELP = ("Show, per pack, how many terms the catalogs of language LANG translate, how many are fuzzy (not used "
        "until reviewed) and which are untranslated (by English name): a term is translated when its name and "
        "definition are. Plural entries (msgid_plural), which the build ignores, are counted the same way, with "
        "those missing some of the language's forms. Exit 1 if a data file or catalog cannot be read or a "
        "catalog holds what the build passes over.")


def language(value: str) -> str:
    """``--lang``: a language, as Sphinx's ``language`` ("de", "pt_BR"); it names folders, so
    never a path."""
    if any(char in value for char in "/\\") or value.strip() in ("", ".", ".."):
        raise argparse.ArgumentTypeError("the language is empty" if not value.strip() else
                                         f"{value!r} is not a language (it names a folder or holds a path separator)")
    if value != value.strip() or len(value) > 64:  # "de " names no folder the build reads
        raise argparse.ArgumentTypeError(f"{value[:64]!r}{'...' if len(value) > 64 else ''} is not a language "
                                         "(spaces around it, or longer than 64 characters)")
    if problem := control_problem(value):
        raise argparse.ArgumentTypeError(f"not a language: {problem}")
    return value


def folder(value: str) -> Path:
    """``--locale-dir``: a folder that exists (a typo would give a report of no catalogs)."""
    if not value or not Path(value).is_dir():  # ("" would be the current folder)
        raise argparse.ArgumentTypeError(f"{value!r} is not a folder")
    return Path(value)


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", required=True, metavar="LANG", type=language,
                        help="the language, as Sphinx's 'language' (de)")
    parser.add_argument("--locale-dir", action="append", default=[], metavar="DIR", dest="locale_dirs", type=folder,
                        help="a project's catalog folder (its locale_dirs), searched before the packs' own; "
                             "repeatable")


def run(args: argparse.Namespace, packs: Sequence[str] | None, files: Sequence[tuple[Path, str]]) -> int:
    # Imported here: the catalog code needs Babel, which the other commands (``aigloss check`` in a
    # pre-commit hook above all) should not pay to import.
    from .core.catalog_status import glossary_status
    from .core.l10n import pack_folders

    glossary, _conflicts, problems = load_sources(packs, files)
    for problem in problems:
        terminal.error(terminal.flat(str(problem)))
    rows = glossary_status(glossary, args.lang, args.locale_dirs, pack_folders(glossary, files))
    if args.json:  # the data files' problems (on standard error too) and each pack's
        terminal.print_json({"language": args.lang, "problems": [str(problem) for problem in problems], "packs": [
            {"id": row.pack, "catalogs": row.catalogs, "translated": row.translated, "fuzzy": row.fuzzy,
             "untranslated": len(row.untranslated), "untranslated_terms": row.untranslated,
             "plural_entries": {"count": row.plurals.count, "translated": row.plurals.translated,
                                "fuzzy": row.plurals.fuzzy, "untranslated": row.plurals.untranslated,
                                "missing_forms": row.plurals.missing_forms},
             "problems": row.unreadable + row.problems} for row in rows]})
    for row in [] if args.json else rows:
        where = ", ".join(row.catalogs) or "no catalog"
        terminal.out(terminal.flat(f"{row.pack} ({where}): {row.translated} translated, {row.fuzzy} fuzzy, "
                                   f"{len(row.untranslated)} untranslated"))
        if row.untranslated:
            terminal.out("  untranslated: " + terminal.flat(", ".join(row.untranslated)))
        if (plurals := row.plurals).count:
            terminal.out(f"  plural entries (msgid_plural), which the build ignores: {plurals.count} ("
                         f"{plurals.translated} translated, {plurals.fuzzy} fuzzy, {plurals.untranslated} "
                         f"untranslated, {plurals.missing_forms} missing forms)")
        for what in row.unreadable:
            terminal.out("  " + terminal.flat(f"{what}; the build warns and leaves it out"))
        for where_what in row.problems:  # the build warns too, and compiles the catalog all the same
            terminal.out("  " + terminal.flat(f"{where_what}; the build compiles the catalog as Babel reads it"))
    return 1 if problems or any(row.problems or row.unreadable for row in rows) else 0
