"""``aigloss check PATH...``: the terminology checks of a Sphinx build, without one, for
editors and pre-commit hooks.

Each file is read by a line-based scanner (``core.scan``); roles that name no term are
reported as the Sphinx build would report them, with the same message. Files named on the
command line are MyST when they end in ``.md`` or ``.markdown`` and reStructuredText
otherwise (so a project's ``.txt`` sources can be named); in folders, ``.rst`` and ``.md``
files are checked, skipping ``_build``, ``node_modules`` and hidden folders. Pure Python: no
Sphinx, no docutils.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import terminal
from .core import Glossary, GlossaryError, Term, name_problem, slugify
from .core.markup import Reference, TermSource
from .core.scan import scan_file

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Iterator

    from .core.markup import Scan

#: Suffixes of the files checked in a folder; and those read as MyST.
WALKED = (".rst", ".md")
MYST = (".md", ".markdown")
#: Folders never walked into (besides hidden ones): build output and installed packages.
SKIPPED_FOLDERS = frozenset({"_build", "node_modules", "__pycache__"})
#: The category of a term a page defines, as the Sphinx build names it.
PROJECT_CATEGORY = "Project terms"
#: Exit statuses (those of the other commands): findings are a lookup that found something wrong.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

HELP = ("Check reStructuredText and MyST sources without a Sphinx build, with the build's messages: roles "
        "that name no term (with a suggestion). Prints FILE:LINE: MESSAGE, sorted by file and line; "
        "exit 1 on findings, 2 when a path or data file cannot be read.")


@dataclass(frozen=True, slots=True, order=True)
class Report:
    """One line of output: ``file:line: message``."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CheckError(Exception):
    """A path that cannot be checked (missing, unreadable, not UTF-8): exit status 2."""


def source_files(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(path as shown, syntax) of every file to check, sorted; a missing path raises."""
    found: dict[str, str] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                found[str(file)] = "myst" if file.suffix in MYST else "rst"
        elif path.is_file():
            found[name] = "myst" if path.suffix.lower() in MYST else "rst"
        else:
            raise CheckError(f"no such file or folder: {name}")
    return sorted(found.items())


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS)
        for file in sorted(files):
            if file.endswith(WALKED) and not file.startswith("."):
                yield Path(root, file)


def read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CheckError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise CheckError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _names(value: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in value.split(",") if part.strip())


def project_terms(glossary: Glossary, sources: Iterable[tuple[str, TermSource]]) -> Glossary:
    """The glossary with the terms pages define (``aigloss:term``) added, as the build adds
    them; a definition the build would refuse (a bad name, a conflict) adds nothing here:
    the build reports it."""
    extra = []
    for path, source in sources:
        options = source.options
        forms = [source.name, options.get("abbreviation", ""), options.get("expansion", ""),
                 *_names(options.get("aliases", ""))]
        if any(form and name_problem(form) for form in forms) or not source.name:
            continue
        extra.append(Term(id=slugify(source.name), name=source.name, category=PROJECT_CATEGORY,
                          definition=source.definition or source.name, abbreviation=forms[1],
                          expansion=forms[2], aliases=tuple(forms[3:]), override="override" in options,
                          source=f"{path}:{source.line}"))
    merged, _conflicts = glossary.merged(extra, [PROJECT_CATEGORY] if extra else [])
    return merged


def reference_message(glossary: Glossary, reference: Reference) -> str | None:
    """The Sphinx build's warning for a role whose target names no single term, or None."""
    target = reference.target
    found = glossary.lookup(target)
    if found.term is not None:
        return None
    if found.ambiguous:
        names = ", ".join(repr(t.display_name) for t in found.terms)
        return f"ambiguous AI term {target!r}: it may mean {names}"
    suggestion = glossary.suggest(target)
    return f"unknown AI term {target!r} (did you mean {suggestion!r}?)" if suggestion else f"unknown AI term {target!r}"


def check_scan(path: str, scan: Scan, glossary: Glossary) -> list[Report]:
    """What one scanned file gets wrong."""
    reports = []
    for reference in scan.references:
        message = reference_message(glossary, reference)
        if message is not None:
            reports.append(Report(path, reference.line, 0, message))
    return reports


def check(paths: Iterable[str], glossary: Glossary) -> list[Report]:
    """Every finding in the files under ``paths``, sorted by file and line.

    Files are scanned first and checked after: a term one page defines is known on all.
    """
    scans = [(path, scan_file(read(path), syntax)) for path, syntax in source_files(paths)]
    glossary = project_terms(glossary, [(path, term) for path, scan in scans for term in scan.terms])
    return sorted(report for path, scan in scans for report in check_scan(path, scan, glossary))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a source file (.md or .markdown: MyST; any other: "
                        "reStructuredText) or a folder (its .rst and .md files, not in _build or hidden folders)")


def run(args: argparse.Namespace, load: Callable[[argparse.Namespace], Glossary]) -> int:
    """The ``check`` command: print the findings, return the exit status."""
    try:  # a data file or a path that cannot be read is a usage error: nothing was checked
        reports = check(args.paths, load(args))
    except GlossaryError as exc:
        terminal.error("\n".join(terminal.flat(str(problem)) for problem in exc.problems))
        return EXIT_USAGE
    except CheckError as exc:
        terminal.error(f"aigloss check: {terminal.visible(str(exc))}")
        return EXIT_USAGE
    for report in reports:
        terminal.out(terminal.visible(str(report)))
    return EXIT_FINDINGS if reports else EXIT_OK
