"""What a glossary is made of: the selected packs, shipped and installed, then a project's
data files, merged in that order. Imports run one way: this module builds on ``packs``
(reading files) and ``installed`` (choosing packs), and neither imports it. Pure Python,
no Sphinx."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .glossary import Glossary
from .installed import select_packs
from .packs import PackCache, collector_paused, load_file
from .terms import Conflict, GlossaryError, Pack, Problem, Term


@collector_paused()
def load_sources(pack_ids: Sequence[str] | None = None, files: Sequence[tuple[Path, str]] = (),
                 cache: PackCache | None = None) -> tuple[Glossary, list[Conflict], list[Problem]]:
    """The packs ``pack_ids`` names (by default all: the shipped ones, then those installed
    distributions contribute) plus project data files, in order.

    ``files`` holds (path, label) pairs; the label names the file in messages. A file with
    problems is left out and its problems returned, so a caller can go on without it.
    ``cache`` is passed to load_file. Warnings about installed packs (one that cannot be
    loaded, an id claimed twice) are not returned here: ``installed.pack_warnings`` has them.

    An installed pack's ``override = true`` replaces another pack's term only when
    ``pack_ids`` names that pack: a project lets a third party change its canonical
    definitions by choosing it, never by installing it. Otherwise the override is refused,
    as a conflict of kind "refused", and the original stays.
    """
    glossary = Glossary()
    conflicts: list[Conflict] = []
    selection = select_packs(pack_ids)
    problems: list[Problem] = list(selection.problems)
    chosen = set(pack_ids or ())
    packs: list[tuple[Pack, str | None]] = [
        (source.pack, source.id if source.distribution and source.id not in chosen else None)
        for source in selection.sources if source.pack is not None]
    partial: list[Term] = []  # the terms read from files with problems
    unread = bool(problems)  # some source could not be read at all
    for path, label in files:
        try:
            packs.append((load_file(path, label, cache), None))
        except GlossaryError as exc:
            problems.extend(exc.problems)
            partial.extend(exc.partial.terms if exc.partial else ())
            unread = unread or exc.partial is None
    for pack, unchosen in packs:
        glossary, found = glossary.merged(pack.terms, pack.info.categories, refuse_overrides=unchosen)
        glossary.packs = [*glossary.packs, pack.info]
        conflicts.extend(found)
    # Relations are checked together with the files' other problems (all reported in one run),
    # with what could be read of files with problems; not when a source could not be read at
    # all: related names into it are not the fault of the others.
    if not unread:
        problems.extend((glossary.merged(partial)[0] if partial else glossary).check_related())
    return glossary, conflicts, problems


def load_glossary(pack_ids: Sequence[str] | None = None, files: Sequence[tuple[Path, str]] = (),
                  cache: PackCache | None = None) -> tuple[Glossary, list[Conflict]]:
    """Like load_sources, but any problem raises GlossaryError (listing all of them)."""
    glossary, conflicts, problems = load_sources(pack_ids, files, cache)
    if problems:
        raise GlossaryError(problems)
    return glossary, conflicts
