"""The files ``aigloss new-pack NAME`` writes: a minimal distribution that contributes a
glossary pack through the ``sphinx_aigloss.packs`` entry point group (pyproject.toml with
the entry point, a package holding the pack's TOML file with one example term, a README and
a test that runs ``aigloss validate`` on the data).

The templates are the ``pack/*.tmpl`` files beside this module, filled with
:class:`string.Template` (``${name}``, ``${title}``, ``${module}``, ``${pack_id}``).
Pure Python: no Sphinx.
"""

from __future__ import annotations

import keyword
import re
from importlib import resources
from pathlib import Path
from string import Template

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


def pack_files(name: str) -> dict[str, str]:
    """The new distribution's files: path relative to its folder -> text."""
    values = pack_names(name)
    folder = resources.files(__name__) / "pack"
    return {Template(target).substitute(values): Template(folder.joinpath(source).read_text(encoding="utf-8"))
            .substitute(values) for source, target in _FILES.items()}


def write_pack(name: str, folder: Path) -> dict[str, str]:
    """Write the new distribution into ``folder`` and return its names (see pack_names).
    Raises ValueError for a bad name, FileExistsError when ``folder`` exists, OSError when
    a file cannot be written."""
    files = pack_files(name)
    folder.mkdir(parents=True)
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return pack_names(name)
