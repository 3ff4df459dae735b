"""The files ``aigloss new-pack NAME`` writes: a minimal distribution that contributes a
glossary pack through the ``sphinx_aigloss.packs`` entry point group (pyproject.toml with
the entry point, a package holding the pack's TOML file with one example term, a README and
a test that runs ``aigloss validate`` on the data).

The templates are the ``pack/*.tmpl`` files beside this module, filled with
:class:`string.Template` (``${name}``, ``${title}``, ``${module}``, ``${pack_id}``).
A name is refused when installing the new distribution would harm what is there: the name
of an installed distribution (``pip install ./pip`` would replace pip), a package name Python
can already import (the standard library's ``json``, an installed ``yaml``: the new package
would shadow it or be shadowed), or the id of an existing pack. The folder appears whole or
not at all. Pure Python: no Sphinx.
"""

from __future__ import annotations

import contextlib
import importlib.util
import keyword
import os
import re
import shutil
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path
from string import Template

from ..core.installed import all_pack_ids

#: A distribution name as PEP 508 allows it.
_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\Z")

#: Each template and where its result goes in the new folder.
_FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "__init__.py.tmpl": "${module}/__init__.py",
    "pack.toml.tmpl": "${module}/${pack_id}.toml",
    "test_pack.py.tmpl": "tests/test_pack.py",
}


def pack_names(name: str) -> dict[str, str]:
    """The names a new pack distribution ``name`` uses: its pack id (the normalised name,
    "acme-glossary"), its package (``acme_glossary``) and a title ("Acme Glossary").
    Raises ValueError, saying why, for a name that cannot be a distribution's."""
    if not _NAME.match(name):
        raise ValueError(f"'{name}' cannot name a distribution: use letters, digits, '-', '_' and '.', "
                         "starting and ending with a letter or digit")
    pack_id = re.sub(r"[-_.]+", "-", name).lower()
    module = pack_id.replace("-", "_")
    if not module.isidentifier() or keyword.iskeyword(module):
        raise ValueError(f"'{name}' cannot name a distribution's package ({module!r} is not a Python "
                         "name): start it with a letter")
    title = " ".join(part.capitalize() for part in pack_id.split("-"))
    return {"name": name, "pack_id": pack_id, "module": module, "title": title}


def _importable(module: str) -> str | None:
    """Where Python already finds a top-level module of that name, or None."""
    if module in sys.stdlib_module_names:
        return "a module of the standard library"
    try:  # a top-level name: finders look, nothing is imported
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    return f"an importable module ({spec.origin or ', '.join(spec.submodule_search_locations or ())})"


def _installed(pack_id: str) -> str | None:
    """The installed distribution whose normalised name (PEP 503) is ``pack_id``, or None."""
    with contextlib.suppress(Exception):  # no such distribution, or unreadable metadata
        dist = metadata.distribution(pack_id)
        return f"{dist.name} {dist.version}"
    return None


def name_taken(name: str) -> str | None:
    """Why a new pack distribution may not be called ``name`` (see the module's docstring)."""
    names = pack_names(name)
    pack_id, module = names["pack_id"], names["module"]
    if dist := _installed(pack_id):
        return (f"'{name}' is the name of an installed distribution ({dist}): installing the new one would "
                "replace it; choose another name")
    if where := _importable(module):
        return f"'{name}' would make the package '{module}', which is {where}: choose another name"
    if pack_id in {re.sub(r"[-_.]+", "-", known).lower() for known in all_pack_ids()}:
        return f"'{name}' would give the pack id '{pack_id}', which an existing pack has: choose another name"
    return None


def pack_files(name: str) -> dict[str, str]:
    """The new distribution's files: path relative to its folder -> text."""
    values = pack_names(name)
    folder = resources.files(__name__) / "pack"
    return {Template(target).substitute(values): Template(folder.joinpath(source).read_text(encoding="utf-8"))
            .substitute(values) for source, target in _FILES.items()}


def write_pack(name: str, folder: Path) -> dict[str, str]:
    """Write the new distribution into ``folder`` and return its names (see pack_names).
    Raises ValueError for a bad or taken name, FileExistsError when ``folder`` exists,
    OSError when a file cannot be written.

    The files are written in a temporary folder beside the first folder to create, which
    is then renamed: ``folder`` (and any missing parent) appears whole or not at all."""
    files = pack_files(name)
    if reason := name_taken(name):
        raise ValueError(reason)
    if folder.exists() or folder.is_symlink():
        raise FileExistsError(folder)
    top = folder
    while not top.parent.exists() and top.parent != top:
        top = top.parent  # the first missing folder: the one to rename into place
    scratch = Path(tempfile.mkdtemp(prefix=f".{top.name}.", dir=top.parent))
    try:
        built = scratch / top.name  # made with os.mkdir, so with the user's umask (mkdtemp's is 0o700)
        for relative, text in files.items():
            target = built / folder.relative_to(top) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if top.exists() or top.is_symlink():  # made meanwhile: rename would replace an empty folder
            raise FileExistsError(folder)
        os.rename(built, top)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return pack_names(name)
