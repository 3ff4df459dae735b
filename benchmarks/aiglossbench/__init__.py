"""The modules behind ``benchmarks/bench.py``, one concern each.

- ``workload``: the synthetic prose (pages of term references) and data files of made-up terms;
- ``variants``: the projects compared (Sphinx's glossary, sphinx-aigloss and its settings)
  and how one is written to disk;
- ``runner``: building one variant in a subprocess and timing it (wall, CPU, peak RSS), the
  measured copy of the package, the per-run state shared by the modes;
- ``output``: what a build's HTML holds (sizes per page, term links) and the first-build check;
- ``modes``: the table of build comparisons and how each kind is run;
- ``fresh`` / ``incremental``: the two kinds of build comparison, variants alternating;
- ``suggest``, ``micro``, ``profile``, ``browser``: the modes that are not build comparisons;
- ``report``: the Markdown tables, ratios and the results file;
- ``machine``: the processor and the git state, for the reports;
- ``scale``: the modules of ``benchmarks/scale.py`` (large data files, long names), which
  reuse the runner and the results file;
- ``cli``: the command line (``bench.py`` only calls it).

Nothing here imports ``sphinx_aigloss`` at import time: the command line first puts the
measured copy of the package on ``sys.path`` (see ``workload.model``).
"""
