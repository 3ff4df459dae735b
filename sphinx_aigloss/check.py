"""``aigloss check PATH...``: the terminology checks of a Sphinx build, without one, for
editors and pre-commit hooks.

Each file is read by a line-based scanner (``core.scan``) and checked as the Sphinx build
checks it, with the same messages: roles that name no term (``unknown_term``), terms written
in a spelling none of their names has (``aigloss_report_variants``) and abbreviations used
before the page spells them out (``aigloss_report_abbreviations``), once per term and page,
over the prose those reports read (``core.terminology`` decides). Files named on the
command line are MyST when they end in ``.md`` or ``.markdown`` and reStructuredText
otherwise (so a project's ``.txt`` sources can be named); in folders, ``.rst`` and ``.md``
files are checked, skipping ``_build``, ``node_modules`` and hidden folders. Pure Python: no
Sphinx, no docutils.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import terminal
from .core import Glossary, GlossaryError, Term, name_problem, slugify
from .core.markup import Includer, Piece, Reference, TermSource
from .core.phrases import QUOTE_MARK, ignore_patterns, quotations
from .core.scan import scan_file
from .core.terminology import ABBREVIATION, Finding, FirstUses, variants
from .core.text import visible

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from .core.markup import Scan
    from .core.mentions import Matcher

#: Suffixes of the files checked in a folder; and those read as MyST.
WALKED = (".rst", ".md", ".markdown")
MYST = (".md", ".markdown")
#: Folders never walked into (besides hidden ones): build output and installed packages.
SKIPPED_FOLDERS = frozenset({"_build", "node_modules", "__pycache__"})
#: The category of a term a page defines, as the Sphinx build names it.
PROJECT_CATEGORY = "Project terms"
#: Quoted words are not the author's (a paper's title keeps its spelling): the Sphinx reports
#: leave them out too (``core.phrases.quotations``).
_NOT_NEWLINE = re.compile(r"[^\n]")
#: Exit statuses (those of the other commands): findings are a lookup that found something wrong.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

HELP = ("Check reStructuredText and MyST sources without a Sphinx build, with the build's messages: roles "
        "that name no term (with a suggestion), terms in a spelling none of their names has, abbreviations "
        "used before the page spells them out. Code, literals, comments, URLs, directive options and front "
        "matter are not read; other extensions' directives are read as prose unless their name says code. "
        "Prints FILE:LINE: MESSAGE, sorted by file and line; exit 1 on findings, 2 when nothing was checked "
        "(a missing path, a FIFO, a file not in UTF-8, a data file that cannot be read or is invalid).")


@dataclass(frozen=True, slots=True, order=True)
class Report:
    """One line of output: ``file:line: message``."""

    path: str
    line: int
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
                found[os.path.normpath(file)] = "myst" if file.suffix in MYST else "rst"
        elif path.is_file():
            found[os.path.normpath(path)] = "myst" if path.suffix.lower() in MYST else "rst"  # "d/../a.rst" is "a.rst"
        elif path.exists():  # a FIFO or a device: reading it could wait or run forever
            raise CheckError(f"not a file or folder: {name}")
        elif path.is_symlink():  # a link to nothing, or one of a loop of links
            raise CheckError(f"{name}: cannot read: {_link_error(path)}")
        else:
            raise CheckError(f"no such file or folder: {name}")
    return sorted(found.items())


def _link_error(path: Path) -> str:
    """Why a link leads to no file: "Too many levels of symbolic links", say."""
    try:
        path.stat()
    except OSError as error:
        return error.strerror or str(error)
    return "not a file or folder"


def _unreadable(error: OSError) -> None:
    """A folder that cannot be listed: its pages would go unchecked and the check pass."""
    raise CheckError(f"{error.filename}: cannot read: {error.strerror or error}")


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder, onerror=_unreadable):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS)
        for file in sorted(files):
            # Only regular files: a FIFO would hang the check, a dangling link stop it.
            if file.endswith(WALKED) and not file.startswith(".") and _regular(Path(root, file)):
                yield Path(root, file)


def tracked_sources(folder: str = ".") -> list[str] | None:
    """The sources under ``folder`` that git tracks (scratch files and build output are not a
    repository's pages), submodules' too, filtered as a folder's walk filters them; None outside
    a git work tree, without git, or when git tracks no source here (a folder inside another
    repository's work tree that it does not track, such as a home folder kept in git)."""
    try:  # no pathspec: the user's pathspec settings (GIT_GLOB_PATHSPECS…) would change its sense
        listed = subprocess.run(["git", "ls-files", "-z", "--recurse-submodules"], cwd=folder,
                                capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0:
        return None
    names = (os.fsdecode(name) for name in listed.stdout.split(b"\0") if name)
    sources = sorted(name for name in names if name.endswith(WALKED) and _regular(Path(folder, name))  # (not deleted)
                     and not any(part.startswith(".") or part in SKIPPED_FOLDERS for part in Path(name).parts))
    return sources or None


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file; one in a folder that cannot be entered is not."""
    try:
        return path.is_file()
    except OSError:
        return False


def read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CheckError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise CheckError(f"{path}: cannot read: {exc.strerror or exc}") from None


def includer(page: str) -> Includer:
    """How a page's includes are read: relative to the file that includes them; a file that
    cannot be read, an absolute path or a standard one (``<isonum.txt>``) is not (the build
    says what is wrong with it)."""
    def include(current: str, target: str) -> tuple[str, str] | None:
        if not target or target.startswith(("<", "/")):
            return None
        path = os.path.normpath(Path(current or page).parent / target)
        if not Path(path).is_file():  # a folder, a FIFO, /dev/zero: nothing to read
            return None
        try:
            return path, read(path)
        except CheckError:
            return None
    return include


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


def finding_message(finding: Finding, piece: Piece) -> str:
    """The Sphinx report's warning for a variant or an abbreviation, with the fix in the
    file's markup: an abbreviation written as a term role stays in its role."""
    written = " ".join(finding.written.split())
    if finding.kind != ABBREVIATION:
        return f"{written!r} is not a spelling of AI term {finding.term.name!r}: write {finding.use!r}"
    fix = finding.use
    role = next((r for r in piece.roles if (r.start, r.end) == (finding.start, finding.end)), None)
    if role is not None:
        name = "aidef" if role.role.rpartition(":")[2].endswith("def") else "aiterm"
        target = f"{written} <{role.target}>" if role.explicit else written
        fix = f"{finding.term.expansion} ({{{name}}}`{target}`)" if piece.syntax == "myst" else (
            f"{finding.term.expansion} (:{name}:`{target}`)")
    return f"abbreviation {written!r} is used before it is spelled out on this page: write {fix}"


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    for left, right in spans:
        text = text[:left] + _NOT_NEWLINE.sub(" ", text[left:right]) + text[right:]
    return text


def unquoted(text: str) -> str:
    """The text with quotations blanked out, line breaks kept (a quotation left open runs to
    the end of the text)."""
    return _blanked(text, quotations(text, "")[0])


@dataclass(frozen=True, slots=True)
class Checks:
    """Which terminology checks run, and the phrases they leave alone (``--ignore``)."""

    variants: bool = True
    abbreviations: bool = True
    ignore: tuple[str, ...] = ()


def _terminology(path: str, scan: Scan, matcher: Matcher, checks: Checks) -> Iterator[Report]:
    """Variants and abbreviations before they are spelled out, once per term and page;
    quotations and ignored phrases are not the author's words."""
    ignore = ignore_patterns(checks.ignore)
    uses = FirstUses(matcher)
    reported: set[tuple[str, str]] = set()
    for piece in scan.pieces:
        if not piece.prose:
            continue
        text = unquoted(piece.text) if QUOTE_MARK.search(piece.text) else piece.text
        text = _blanked(text, [found.span() for pattern in ignore for found in pattern.finditer(text)])
        mentions = matcher.mentions(text)  # read once for both checks
        found = variants(text, matcher, mentions=mentions) if checks.variants else []
        for finding in found + (uses.feed(text, mentions=mentions) if checks.abbreviations else []):
            if (finding.kind, finding.term.id) not in reported:
                reported.add((finding.kind, finding.term.id))
                yield Report(piece.source or path, piece.line_at(finding.start), finding_message(finding, piece))


def check_scan(path: str, scan: Scan, glossary: Glossary, checks: Checks) -> list[Report]:
    """What one scanned file gets wrong."""
    reports = list(_terminology(path, scan, glossary.matcher, checks))
    for reference in scan.references:
        message = reference_message(glossary, reference)
        if message is not None:
            reports.append(Report(reference.source or path, reference.line, message))
    return reports


def _definitions(folders: Iterable[str], named: set[str]) -> Iterator[tuple[str, Scan]]:
    """The scans of the files (or those under the folders) ``folders`` that are not ``named``
    and may define a term (themselves or through an include); a file that cannot be read
    defines none."""
    for path, syntax in source_files(folders):
        if path in named:
            continue
        try:
            text = read(path)
        except CheckError:
            continue
        if "aigloss:term" in text or "include" in text:
            yield path, scan_file(text, syntax, path=path, include=includer(path))


def check(paths: Iterable[str], glossary: Glossary, checks: Checks = Checks(), terms_from: Iterable[str] = ()) -> \
        list[Report]:
    """Every finding in the files under ``paths``, sorted by file and line.

    Files are scanned first and checked after: a term one page defines is known on all, and
    on all of them, the terms pages under ``terms_from`` define (a hook names the files that
    changed only).
    """
    scans = [(path, scan_file(read(path), syntax, path=path, include=includer(path)))
             for path, syntax in source_files(paths)]
    others = list(_definitions(terms_from, {path for path, _scan in scans}))
    glossary = project_terms(glossary, [(path, term) for path, scan in sorted(scans + others, key=lambda s: s[0])
                                        for term in scan.terms])
    # A file two pages include is reported once for each finding (as by the build).
    return sorted({report for path, scan in scans for report in check_scan(path, scan, glossary, checks)})


class HookWords(argparse.Action):
    """``--pre-commit WORD...``, which ends the hook's entry: pre-commit appends the hook's args, then
    the file names, and a file at the repository's root named like an option ("-x.rst") would be read
    as one. The words are split here: from the front, options this command knows, with their values;
    from the first other word on, file names, whatever they look like."""

    def __init__(self, option_strings: Sequence[str], dest: str, *, paths: argparse.Action,
                 help: str | None = None, metavar: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=argparse.REMAINDER, default=False, help=help, metavar=metavar)
        self.paths = paths

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[object] | None, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, True)
        words = [str(word) for word in values or ()]
        known = parser._option_string_actions  # argparse's table: option string -> action
        options: list[str] = []
        count = 0
        while count < len(words):
            word = words[count]
            name, equals, _value = word.partition("=") if word.startswith("--") else (word, "", "")
            action = known.get(name)
            if action is None or action is self or os.path.lexists(word):  # a file named like an option is a file
                break
            count += 1
            if equals or action.nargs == 0 or count == len(words) or words[count].partition("=")[0] in known:
                options.append(word)  # (an option without its value: argparse says so)
                continue
            value = words[count]
            if action.metavar != "FILE" and os.path.isfile(value):  # the args' last option took a file name
                parser.error(f"argument {name}: expected {action.metavar}, got the file name {value!r} (is the "
                             "value missing from the hook's args?)")
            options.append(f"{name}={value}")  # a value like an option ("-x.toml") stays a value
            count += 1
        files = words[count:]
        # After "--" every word is a path, "-x.rst" too. Without file names here (the hook's args
        # ended with "--", which argparse keeps from this option), the paths follow, as usual.
        required, self.paths.required = self.paths.required, False
        before = getattr(namespace, self.paths.dest, None) or []  # paths named before this option
        parser.parse_args([*options, *(["--", *files] if files else [])], namespace)
        if before and files:
            setattr(namespace, self.paths.dest, [*before, *getattr(namespace, self.paths.dest)])
        self.paths.required = required and not files


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Options by their full names only: argparse reads every word before an option's action
    # sees it, and a file name like an abbreviated one ("--p=x.rst": --packs or --pre-commit?)
    # would stop the command as ambiguous.
    parser.allow_abbrev = False
    paths = parser.add_argument("paths", nargs="+", metavar="PATH", help="a source file (.md or .markdown: MyST; any "
                                "other: reStructuredText) or a folder (its .rst, .md and .markdown files, not in "
                                "_build or hidden folders)")
    parser.add_argument("--pre-commit", action=HookWords, paths=paths, metavar="ARG",
                        help="the end of the pre-commit hook's command: the hook's args (these options), then "
                             "file names; every word after the options is a file name, even one that starts "
                             "with '-'. The terms pages define are read from every source git tracks under the "
                             "current folder (the repository's root; outside git, every source under it), not only "
                             "from the files named")
    parser.add_argument("--no-variants", action="store_true", help="do not report variant spellings "
                        "(the build's aigloss_report_variants off)")
    parser.add_argument("--no-abbreviations", action="store_true", help="do not report abbreviations used before "
                        "they are spelled out (the build's aigloss_report_abbreviations off, or aigloss_expand_first "
                        "on: the build spells them out itself)")
    parser.add_argument("--ignore", action="append", default=[], metavar="PHRASE",
                        help="a phrase left unchecked, as aigloss_autolink_ignore leaves it unlinked (a product named "
                             "after a concept: 'PEFT library'); any case, hyphens or spaces between words; "
                             "repeatable")


def run(args: argparse.Namespace, load: Callable[[argparse.Namespace], Glossary]) -> int:
    """The ``check`` command: print the findings, return the exit status."""
    try:  # a data file or a path that cannot be read is a usage error: nothing was checked
        checks = Checks(not args.no_variants, not args.no_abbreviations, tuple(args.ignore))
        # A hook names the files that changed (and splits a long list over several runs): the
        # terms the repository's other pages define are read from every source git tracks under
        # its root (every source there outside a git work tree).
        tracked = tracked_sources() if args.pre_commit else []
        terms_from = ["."] if tracked is None else tracked
        reports = check(args.paths, load(args), checks, terms_from)
    except GlossaryError as exc:
        terminal.error("\n".join(terminal.flat(str(problem)) for problem in exc.problems))
        return EXIT_USAGE
    except CheckError as exc:
        terminal.error(f"aigloss check: {visible(str(exc))}")
        return EXIT_USAGE
    for report in reports:  # one finding, one line: a line break in a file name is escaped too
        terminal.out(visible(str(report), keep=""))
    return EXIT_FINDINGS if reports else EXIT_OK
