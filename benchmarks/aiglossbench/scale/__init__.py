"""The modules behind ``benchmarks/scale.py``: large data files and very long names at scale.

- ``snapshot``: the copy of the package measured (working tree or a revision), and the
  ``bench.py`` of that copy, whose generators make the workloads;
- ``builder``: one timed build (``aiglossbench.runner`` under GNU ``time`` for peak memory);
- ``projects``: the small project of the noop and growth measurements;
- ``noop``, ``growth``, ``autolink``: one measurement each, with its table;
- ``results``: rows of runs, Markdown tables and ratios, the run's context, ``SCALE.md``;
- ``cli``: the command line (``scale.py`` only calls it).
"""
