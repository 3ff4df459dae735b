"""Packs from installed distributions, and the one catalogue of shipped and installed packs.

Any installed distribution can contribute packs through the entry point group
``sphinx_aigloss.packs``: ``name = "module:ATTR"``, where the object is the path of the
pack's TOML file (``str`` or ``os.PathLike``) or a callable returning one. The entry point's
name is the pack's id. Such a pack is read and validated exactly as a shipped one, and is
active like one unless a list of pack ids says otherwise.

Two steps, so that a project pays only for the packs it uses: discovery reads the entry
point tables (metadata only, nothing imported, a few milliseconds: ``benchmarks/
packs_startup.py``); loading imports an entry point's module and reads its file, only for a
pack that is selected (all of them when no list of ids is given). Each runs once per process.

What goes wrong is returned, never logged or raised (the callers decide how to say it):
invalid data of an installed pack as Problems naming the distribution, the file, the entry
and the field (an error); an entry point whose object gives no pack file, however it fails
(its import raises anything but KeyboardInterrupt, a callable raises or returns no path, a
path names a directory or a FIFO), and a pack id claimed twice, as PackWarnings (the build
goes on with the other packs). Pure Python, no Sphinx.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import stat
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from .names import id_problem
from .packs import data_resource, load_file, load_shipped_pack, shipped_pack_ids
from .terms import GlossaryError, Pack, Problem
from .text import visible

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
    path: Path | None  # its TOML file
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
class Offer:
    """An entry point that offers a pack, found by discovery and not loaded yet."""

    entry: metadata.EntryPoint
    distribution: str
    version: str

    @property
    def origin(self) -> str:
        return f"{self.distribution} {self.version}".strip()

    @property
    def label(self) -> str:
        return f"{self.entry.name} = {self.entry.value}"

    def left_out(self, reason: str) -> PackWarning:
        return PackWarning(f"installed pack '{self.entry.name}' from {self.origin} (entry point "
                           f"'{self.label}') is left out: {reason}")


@dataclass(frozen=True, slots=True)
class Installed:
    """What the installed distributions offer (read from their metadata: nothing imported)."""

    #: pack id (the entry point's name) -> its entry point (for an id offered twice, the
    #: first by distribution name)
    packs: dict[str, Offer] = field(default_factory=dict)
    #: pack id -> why other entry points with that id are left out (said when the id is active)
    clashes: dict[str, list[PackWarning]] = field(default_factory=dict)
    #: entry points unusable whatever the selection (an unreadable table, a name that is no
    #: id): said when every pack is active, or when a selected id is not found
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


class _LeftOutError(Exception):
    """Why an entry point gives no pack file to read."""


def _dist_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503: "Acme_Glossary" is "acme-glossary"


def _why(exc: BaseException) -> str:
    """An exception as a message can quote it, even one whose ``str()`` fails."""
    try:
        text = f"{type(exc).__name__}: {exc}"
    except Exception:
        text = f"{type(exc).__name__} (its message cannot be shown)"
    return text if len(text) <= 300 else text[:299] + "…"


def _entry_points() -> tuple[list[metadata.EntryPoint], list[PackWarning]]:
    """The group's entry points. A distribution found twice on sys.path counts once, as
    importlib.metadata decides (the first wins). When some distribution's table cannot be
    read, each is read on its own, so that only that one is left out."""
    try:
        return list(metadata.entry_points(group=GROUP)), []
    except Exception:  # a malformed entry_points.txt of some distribution: find which
        pass
    found: list[metadata.EntryPoint] = []
    warnings: list[PackWarning] = []
    seen: set[str] = set()
    for dist in metadata.distributions():
        where = "a distribution"
        try:
            where = f"a distribution in {dist.locate_file('')}"
            where = f"the distribution {dist.name}"
            if _dist_key(dist.name) not in seen:
                seen.add(_dist_key(dist.name))
                found.extend(ep for ep in dist.entry_points if ep.group == GROUP)
        except Exception as exc:
            warnings.append(PackWarning(f"the entry points of {where} cannot be read, so its packs are left "
                                        f"out: {_why(exc)}"))
    return found, warnings


def _offer(ep: metadata.EntryPoint) -> Offer:
    dist = ep.dist  # METADATA without a name or version is malformed, but need not stop a build
    name, version = (dist.name, dist.version) if dist is not None else ("", "")
    return Offer(ep, name or "an unnamed distribution", version or "")


@functools.cache  # once per process, as for shipped packs; a test that installs one clears it
def installed() -> Installed:
    """Discover the installed packs: their ids and entry points, without importing them."""
    shipped = set(shipped_pack_ids())
    entry_points, warnings = _entry_points()
    found = Installed(warnings=warnings)
    offers = []
    for ep in entry_points:
        try:
            offers.append(_offer(ep))
        except Exception as exc:  # unreadable METADATA
            found.warnings.append(PackWarning(f"entry point '{ep.name} = {ep.value}' (group {GROUP}) is left "
                                              f"out: its distribution's metadata cannot be read: {_why(exc)}"))
    for offer in sorted(offers, key=lambda o: (_dist_key(o.distribution), o.entry.name)):
        pack_id = offer.entry.name
        first = found.packs.get(pack_id)
        if problem := id_problem(pack_id):
            found.warnings.append(offer.left_out(f"its name is not a pack id: {problem}"))
            continue
        if pack_id in shipped:
            reason = "sphinx-aigloss ships a pack with that id"
        elif first is not None:
            reason = f"{first.origin} (entry point '{first.label}') has a pack with that id"
        else:
            found.packs[pack_id] = offer
            continue
        found.clashes.setdefault(pack_id, []).append(offer.left_out(reason))
    return found


def _shown(path: Path, dist: metadata.Distribution | None) -> str:
    """An installed pack's file as messages name it: relative to the folder its distribution
    is installed in (``acme_glossary/acme.toml``); a file outside it in full."""
    if dist is not None:
        try:
            return path.resolve().relative_to(Path(str(dist.locate_file(""))).resolve()).as_posix()
        except Exception:  # outside it (ValueError), or a distribution that cannot say where it is
            pass
    return path.as_posix()


def _pack_file(offer: Offer) -> Path:
    """The regular file an entry point's object names; _LeftOutError says why there is none."""
    value = offer.entry.value
    step = f"loading {value}"
    try:  # third-party code, all of it: any failure but an interrupt is a warning
        with contextlib.redirect_stdout(sys.stderr):  # what it prints must not mix with our output
            target = offer.entry.load()
            if callable(target):
                step = f"calling {value}"
                target = target()
        step = f"taking the path of what {value} gives"
        path = os.fspath(target) if isinstance(target, str | os.PathLike) else None
        if not isinstance(path, str):
            given = type(target).__name__
            given += "" if path is None else f" whose path is {type(path).__name__}"
            raise _LeftOutError(f"{value} gives {given}, not the path of a pack's TOML file (a str or "
                           "os.PathLike, or a callable returning one)")
        file = Path(str.__str__(path))  # a str subclass's own methods are not called again
    except (KeyboardInterrupt, _LeftOutError):
        raise
    except BaseException as exc:
        raise _LeftOutError(f"{step} raised {_why(exc)}") from None
    shown = _shown(file, offer.entry.dist)
    if "\0" in str(file):  # said here: Python's own message for it differs between versions
        raise _LeftOutError(f"its file {shown} cannot be opened: a NUL character in its path")
    try:
        mode = file.stat().st_mode
    except OSError as exc:
        raise _LeftOutError(f"its file {shown} cannot be opened: {getattr(exc, 'strerror', None) or exc}") from None
    if stat.S_ISDIR(mode):
        raise _LeftOutError(f"its file {shown} is a directory")
    if not stat.S_ISREG(mode):  # a FIFO would block the read for ever, a device never end
        raise _LeftOutError(f"its file {shown} is not a regular file")
    return file


def _declared_id(path: Path) -> str | None:
    """The ``[pack] id`` a file states, if any."""
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8"))["pack"]["id"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
    return declared.strip() if isinstance(declared, str) else None


@functools.cache  # once per process, like discovery (forget_installed clears both)
def load_installed(pack_id: str) -> AvailablePack | PackWarning:
    """Import the entry point that offers ``pack_id`` and read its pack."""
    offer = installed().packs[pack_id]
    try:
        file = _pack_file(offer)
    except _LeftOutError as exc:
        return offer.left_out(str(exc))
    made = functools.partial(AvailablePack, pack_id, file, distribution=offer.distribution,
                             version=offer.version, entry_point=offer.label)
    label = f"{_shown(file, offer.entry.dist)} (from the distribution {offer.origin})"
    try:
        pack = load_file(file, label)
    except GlossaryError as exc:
        return made(None, tuple(exc.problems))
    # A file without an id takes its stem's: the entry point's name is the id that counts.
    declared = pack.info.id if pack.info.id != file.stem else _declared_id(file)
    if declared not in (None, pack_id):
        problem = Problem(label, "[pack]", "id", f"is {declared!r}, but the entry point '{offer.label}' names "
                          f"the pack {pack_id!r} (an installed pack's id is its entry point's name): make them "
                          "the same")
        return made(None, (problem,))
    return made(replace(pack, info=replace(pack.info, id=pack_id)))


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
    """Every pack id that can be activated: the shipped ones, then the installed ones
    (found by discovery: whether an installed one loads is known only once it is selected)."""
    return [*shipped_pack_ids(), *installed().packs]  # an installed pack never has a shipped id


def available_pack(pack_id: str) -> AvailablePack | None:
    """The shipped or installed pack with that id (shipped first), or None (no such pack,
    or an installed one that cannot be loaded)."""
    if pack_id in shipped_pack_ids():
        return shipped_pack(pack_id)
    if pack_id not in installed().packs:
        return None
    loaded = load_installed(pack_id)
    return loaded if isinstance(loaded, AvailablePack) else None


def select_packs(pack_ids: Sequence[str] | None = None) -> Selection:
    """The packs ``pack_ids`` names, in its order; None means all: the shipped ones, then the
    installed ones (by distribution name). Only the installed packs selected are imported.
    An unknown id and an invalid pack are problems; a pack that cannot be loaded a warning."""
    found = installed()
    sources: list[AvailablePack] = []
    problems: list[Problem] = []
    warnings: list[PackWarning] = []
    for pack_id in all_pack_ids() if pack_ids is None else pack_ids:
        warnings.extend(found.clashes.get(pack_id, ()))
        if pack_id in shipped_pack_ids():
            source: AvailablePack | PackWarning = shipped_pack(pack_id)
        elif pack_id in found.packs:
            source = load_installed(pack_id)
        else:
            problems.append(_unknown(pack_id, found))
            continue
        if isinstance(source, PackWarning):
            warnings.append(source)
        elif source.pack is None:
            problems.extend(source.problems)
        else:
            sources.append(source)
    if pack_ids is None or any(pack_id not in all_pack_ids() for pack_id in pack_ids):
        warnings[:0] = found.warnings  # they may concern the packs meant
    return Selection(sources, problems, warnings)


def pack_warnings(pack_ids: Sequence[str] | None = None) -> list[PackWarning]:
    """The warnings about installed packs that loading ``pack_ids`` gives (load_sources returns
    only problems and term conflicts: these are said by whoever reports them)."""
    return select_packs(pack_ids).warnings


def forget_installed() -> None:
    """Discover the installed packs again on the next load (after an install in this process)."""
    importlib.invalidate_caches()  # importlib.metadata's cache of folder listings too
    installed.cache_clear()
    load_installed.cache_clear()
