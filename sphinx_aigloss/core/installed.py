"""Packs from installed distributions, and the one catalogue of shipped and installed packs.

Any installed distribution can contribute packs through the entry point group
``sphinx_aigloss.packs``: ``name = "module:ATTR"``, where the object is the path of the
pack's TOML file (``str`` or ``os.PathLike``) or a callable returning one. Such a pack is
read and validated exactly as a shipped one, and is active like one unless a list of pack
ids says otherwise.

Discovery runs when packs are first loaded, never on import, and once per process (like the
shipped packs, installed ones are read once): it reads each distribution's entry point
table, a few milliseconds (``benchmarks/packs_startup.py`` measures it).

What goes wrong is returned, never logged or raised (the callers decide how to say it):
invalid data of an installed pack as Problems naming the distribution, the file, the entry
and the field (an error); an entry point that cannot be loaded, and a pack id claimed twice,
as PackWarnings (the build goes on with the other packs). Pure Python, no Sphinx.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .names import visible
from .packs import data_resource, load_file, load_shipped_pack, shipped_pack_ids
from .terms import GlossaryError, Pack, Problem

#: The entry point group through which distributions contribute packs.
GROUP = "sphinx_aigloss.packs"
#: Where a pack shipped inside this package comes from, as ``aigloss packs`` says it.
SHIPPED = "shipped"


@dataclass(frozen=True, slots=True)
class PackWarning:
    """An installed pack left out (it cannot be loaded, or its id is taken); the rest goes on."""

    message: str

    def __str__(self) -> str:
        return visible(self.message)  # it may quote a module's exception: it reaches terminals


@dataclass(frozen=True, slots=True)
class AvailablePack:
    """A pack that can be activated: shipped, or contributed by an installed distribution
    through one of its entry points (``name = module:ATTR``)."""

    id: str
    path: Path | None  # its TOML file (None: an entry point that gave no path)
    pack: Pack | None  # None when the data is invalid: ``problems`` says why
    problems: tuple[Problem, ...] = ()
    distribution: str = ""  # "" for a shipped pack
    version: str = ""
    entry_point: str = ""  # "acme = acme_glossary:PACK"

    @property
    def origin(self) -> str:
        """Where the pack comes from: "shipped", or the distribution's name and version."""
        return f"{self.distribution} {self.version}".strip() if self.distribution else SHIPPED

    def data(self) -> dict[str, object]:
        """The pack as ``aigloss packs --json`` lists it (None for what it lacks)."""
        info, count = (self.pack.info, len(self.pack.terms)) if self.pack else (None, None)
        return {"id": self.id, "title": info.title if info else None, "series": info.series if info else None,
                "series_part": info.series_part if info else None, "terms": count, "origin": self.origin,
                "distribution": self.distribution or None, "version": self.version or None,
                "entry_point": self.entry_point or None, "file": str(self.path) if self.path else None}


@dataclass(frozen=True, slots=True)
class Installed:
    """What the installed distributions contribute."""

    #: pack id -> the pack (for an id claimed twice, the first by distribution name)
    packs: dict[str, AvailablePack] = field(default_factory=dict)
    #: pack id -> why other packs with that id are left out (said only when the id is active)
    clashes: dict[str, list[PackWarning]] = field(default_factory=dict)
    #: entry points that cannot be loaded (their pack id is unknown: said whenever packs load)
    warnings: list[PackWarning] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Selection:
    """The packs a list of ids chooses: those that can be used, and what is wrong."""

    sources: list[AvailablePack]  # the packs read successfully, in order
    problems: list[Problem]
    warnings: list[PackWarning]

    @property
    def packs(self) -> list[Pack]:
        return [source.pack for source in self.sources if source.pack is not None]


def _dist_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503: "Acme_Glossary" is "acme-glossary"


def _entry_points() -> list[metadata.EntryPoint]:
    """The group's entry points, by distribution name, then entry point name. A distribution
    found twice on sys.path counts once, as importlib.metadata decides (the first wins)."""
    found = metadata.entry_points(group=GROUP)
    return sorted(found, key=lambda ep: (_dist_key(_name_and_version(ep)[0]), ep.name))


def _name_and_version(ep: metadata.EntryPoint) -> tuple[str, str]:
    dist = ep.dist  # METADATA without a name or version is malformed, but need not stop a build
    return ((dist.name or "an unnamed distribution", dist.version or "") if dist is not None
            else ("an unnamed distribution", ""))


def _file_label(path: Path, dist: metadata.Distribution | None, origin: str) -> str:
    """How messages name an installed pack's file: relative to the folder the distribution
    is installed in (``acme_glossary/acme.toml``), with the distribution."""
    shown = path
    if dist is not None:
        # A file outside it (a callable may return any path) is named in full.
        with contextlib.suppress(ValueError, OSError):
            shown = path.resolve().relative_to(Path(str(dist.locate_file(""))).resolve())
    return f"{shown.as_posix()} (from the distribution {origin})"


def _declared_id(path: Path) -> str:
    """The id an invalid pack file claims, as far as it can be read (else its file's stem,
    the id such a file would get), so that a list of ids can leave it out."""
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8"))["pack"]["id"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return path.stem
    return declared.strip() if isinstance(declared, str) and declared.strip() else path.stem


def _load_entry(ep: metadata.EntryPoint) -> AvailablePack | PackWarning:
    dist = ep.dist
    name, version = _name_and_version(ep)
    entry = f"{ep.name} = {ep.value}"
    origin = f"{name} {version}".strip()
    made = functools.partial(AvailablePack, distribution=name, version=version, entry_point=entry)
    try:
        target = ep.load()
        if callable(target):
            target = target()
    except (Exception, SystemExit) as exc:  # any error of a third party's module: a warning, no more
        return PackWarning(f"entry point '{entry}' of {origin} (group {GROUP}) cannot be loaded, so its pack "
                           f"is left out: {type(exc).__name__}: {exc}")
    path = os.fspath(target) if isinstance(target, str | os.PathLike) else None
    if not isinstance(path, str):
        problem = Problem(f"entry point '{entry}' (from the distribution {origin})", "", "",
                          "must be the path of a pack's TOML file (str or os.PathLike) or a callable "
                          f"returning one, not {type(target).__name__}")
        return made(id=ep.name, path=None, pack=None, problems=(problem,))
    file = Path(path)
    try:
        pack = load_file(file, _file_label(file, dist, origin))
    except GlossaryError as exc:
        return made(id=_declared_id(file), path=file, pack=None, problems=tuple(exc.problems))
    return made(id=pack.info.id, path=file, pack=pack)


@functools.cache  # once per process, as for shipped packs; a test that installs one clears it
def installed() -> Installed:
    """Discover, load and check the installed packs."""
    shipped = set(shipped_pack_ids())
    found = Installed()
    try:
        entry_points = _entry_points()
    except Exception as exc:  # a malformed entry_points.txt of any distribution
        found.warnings.append(PackWarning("the entry points of the installed distributions cannot be read, so no "
                                          f"installed pack is used: {type(exc).__name__}: {exc}"))
        return found
    for ep in entry_points:
        item = _load_entry(ep)
        if isinstance(item, PackWarning):
            found.warnings.append(item)
            continue
        where = f"{item.origin} (entry point '{item.entry_point}')"
        first = found.packs.get(item.id)
        if item.id in shipped:
            reason = "sphinx-aigloss ships a pack with that id"
        elif first is not None:
            reason = f"{first.origin} (entry point '{first.entry_point}') has a pack with that id"
        else:
            found.packs[item.id] = item
            continue
        found.clashes.setdefault(item.id, []).append(
            PackWarning(f"installed pack '{item.id}' from {where} is left out: {reason}"))
    return found


def shipped_pack(pack_id: str) -> AvailablePack:
    """A shipped pack as an AvailablePack (for an id no shipped pack has: its problem)."""
    path = Path(str(data_resource(f"{pack_id}.toml")))
    try:
        return AvailablePack(pack_id, path, load_shipped_pack(pack_id))
    except GlossaryError as exc:
        return AvailablePack(pack_id, path, None, tuple(exc.problems))


def _unknown(pack_id: str, found: Installed) -> Problem:
    shipped = shipped_pack_ids()
    if not found.packs:
        return Problem(f"pack {pack_id!r}", "", "", f"no such shipped pack (available: {', '.join(shipped)})")
    known = ", ".join(all_pack_ids())
    return Problem(f"pack {pack_id!r}", "", "", f"no such shipped or installed pack (available: {known})")


def all_pack_ids() -> list[str]:
    """Every pack id that can be activated: the shipped ones, then the installed ones."""
    return [*shipped_pack_ids(), *installed().packs]  # an installed pack never has a shipped id


def available_pack(pack_id: str) -> AvailablePack | None:
    """The shipped or installed pack with that id (shipped first), or None."""
    if pack_id in shipped_pack_ids():
        return shipped_pack(pack_id)
    return installed().packs.get(pack_id)


def select_packs(pack_ids: Sequence[str] | None = None) -> Selection:
    """The packs ``pack_ids`` names, in its order; None means all: the shipped ones, then the
    installed ones (by distribution name). An unknown id and an invalid pack are problems."""
    found = installed()
    sources: list[AvailablePack] = []
    problems: list[Problem] = []
    warnings = list(found.warnings)
    for pack_id in all_pack_ids() if pack_ids is None else pack_ids:
        source = available_pack(pack_id)
        if source is None:
            problems.append(_unknown(pack_id, found))
            continue
        warnings.extend(found.clashes.get(pack_id, ()))
        if source.pack is None:
            problems.extend(source.problems)
        else:
            sources.append(source)
    return Selection(sources, problems, warnings)


def pack_warnings(pack_ids: Sequence[str] | None = None) -> list[PackWarning]:
    """The warnings about installed packs that loading ``pack_ids`` gives (load_sources returns
    only problems and term conflicts: these are said by whoever reports them)."""
    return select_packs(pack_ids).warnings


def forget_installed() -> None:
    """Discover the installed packs again on the next load (after an install in this process)."""
    importlib.invalidate_caches()  # importlib.metadata's cache of folder listings too
    installed.cache_clear()
