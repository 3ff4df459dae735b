#!/usr/bin/env python3
"""What each piece of automatic linking and the unlinked-mention report costs, in instructions.

Build a project once keeping its doctrees (``sphinx-build -d DOCTREES``), then::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/report_pieces.py SRC DOCTREES --passes 1

runs ``autolink.process`` over every pickled doctree (with the project's configuration and its
environment as the build left it); ``--passes 0`` only loads, so the difference of the two
counts is what ``process`` executes (imports and compiled patterns included, as in a build).
``--stub Senses.other_sense=False`` makes a piece answer at once (``Senses.*``, ``autolink.*``
or ``core.MODULE.*``): the difference with and without it is that piece's cost (the pieces
after it may then run more or less often). ``--notes FILE`` writes the warnings noted, one a
line, to compare two packages' answers (``PYTHONPATH`` selects the package).
Run it with ``PYTHONHASHSEED=0``: two runs then differ by < 0.05 %.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


def _stub(spec: str) -> None:
    """``owner.attribute=value``: the attribute becomes a function that returns ``value``."""
    where, _, value = spec.partition("=")
    owner, _, attribute = where.rpartition(".")
    from sphinx_aigloss import autolink

    target: Any = {"Senses": autolink.Senses, "autolink": autolink}.get(owner)
    if target is None:
        target = importlib.import_module(f"sphinx_aigloss.{owner}")
    answer = ast.literal_eval(value)
    setattr(target, attribute, lambda *args, **kwargs: answer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src")
    parser.add_argument("doctrees")
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--stub", action="append", default=[])
    parser.add_argument("--notes", default="")
    parser.add_argument("-D", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aigloss-pieces-") as scratch:
        work = Path(scratch)
        shutil.copytree(args.doctrees, work / "doctrees")  # Sphinx may write to them
        overrides = dict(item.partition("=")[::2] for item in args.overrides)
        app = Sphinx(args.src, args.src, str(work / "out"), str(work / "doctrees"), "dummy", confoverrides=overrides,
                     status=None, warning=io.StringIO(), freshenv=False)
        env = app.env
        docnames = sorted(env.all_docs)
        trees = {docname: env.get_doctree(docname) for docname in docnames}
        from sphinx_aigloss import autolink, noted, report

        for spec in args.stub:
            _stub(spec)
        for _ in range(args.passes):
            report._REPORTED.clear()  # a fresh build's state
            setattr(env, noted.ATTRIBUTE, {})
            for docname in docnames:
                env.temp_data["docname"] = docname
                autolink.process(app, trees[docname])
        notes: dict[str, list[noted.Kept]] = getattr(env, noted.ATTRIBUTE, {})
        if args.notes:
            with open(args.notes, "w", encoding="utf-8") as out:
                for docname in docnames:
                    for note in notes.get(docname, []):
                        print(docname, *note, sep="\t", file=out)
    print(f"{len(docnames)} documents, {sum(map(len, notes.values()))} notes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
