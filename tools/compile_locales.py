"""Compile the translations of the extension's own strings (.po -> .mo).

Run after editing a .po file:  .venv/bin/python tools/compile_locales.py
Uses Babel, which Sphinx already depends on. The .mo files are committed, so installing
the package needs no build step.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "sphinx_aigloss" / "locale"

for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    with po_path.with_suffix(".mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    print(f"compiled {po_path.relative_to(LOCALE.parent.parent)}")
