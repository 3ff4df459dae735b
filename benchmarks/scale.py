#!/usr/bin/env python3
"""Scale benchmark of sphinx-aigloss: large data files and very long term names
(``scale.py --help`` lists the measurements and options; results in ``SCALE.md``).

The code is in ``aiglossbench/scale/``, one module per concern (see its ``__init__``),
reusing the runner and report pieces of ``bench.py``'s package; this file runs its command line.
"""

from __future__ import annotations

import sys

from aiglossbench.scale.cli import main

if __name__ == "__main__":
    sys.exit(main())
