#!/usr/bin/env python3
"""Benchmark sphinx-aigloss against plain Sphinx (``bench.py --help`` lists the modes and options).

The code is in the ``aiglossbench`` package beside this file, one module per concern (see its
``__init__``). This file runs its command line, and keeps the workload's names importable
as ``bench.NAME`` for the scripts that generate the same prose or data files
(``filter_keystroke.py``, ``scale.py``).
"""

from __future__ import annotations

import sys

from aiglossbench.cli import main
from aiglossbench.variants import VARIANTS, Context, Variant, aigloss_role, plain_text, std_role, write_project
from aiglossbench.workload import (
    Page,
    Ref,
    Spec,
    canonical_glossary,
    heading,
    load_glossary,
    load_with_extra,
    make_extra_terms,
    make_prose,
    name_forms,
    normalise,
    render_page,
    singulars,
)

__all__ = [
    "VARIANTS",
    "Context",
    "Page",
    "Ref",
    "Spec",
    "Variant",
    "aigloss_role",
    "canonical_glossary",
    "heading",
    "load_glossary",
    "load_with_extra",
    "main",
    "make_extra_terms",
    "make_prose",
    "name_forms",
    "normalise",
    "plain_text",
    "render_page",
    "singulars",
    "std_role",
    "write_project",
]

if __name__ == "__main__":
    sys.exit(main())
