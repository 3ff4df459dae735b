#!/usr/bin/env python3
"""What Sphinx spends on each of the report's warnings, in instructions.

Reads a build's warning log (``path:line: WARNING: message [aigloss.unlinked_mention]`` lines),
makes a Sphinx app on an empty project writing its warnings to a file, and emits each
warning again one way (``--way``): ``logger`` as ``logger.warning`` does, ``record`` as
``noted`` did in report8 (the same record made by ``makeRecord``, handed to the handlers
directly), ``noted`` as ``noted`` does now (``noted.records``: the first record's state copied
for the others), or ``none`` (only the loop). Run under Valgrind, once with ``--passes 0``
and once with ``--passes 1``: the difference, divided by the warnings, is one warning's cost::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/warning_cost.py build.log --way record --passes 1

``--out FILE`` keeps what was written, to compare the two ways byte for byte with the log.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sphinx._cli.util.colour import disable_colour
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging

from sphinx_aigloss import noted

LINE = re.compile(r"(.*?:\d+): WARNING: (.*) \[aigloss\.unlinked_mention\]$")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log")
    parser.add_argument("--way", choices=("logger", "record", "noted", "none"), default="record")
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    found = [LINE.match(line) for line in Path(args.log).read_text(encoding="utf-8").splitlines()]
    warnings = [(match[1], match[2]) for match in found if match]
    disable_colour()  # as sphinx-build does when its output is no terminal
    with tempfile.TemporaryDirectory(prefix="aigloss-warnings-") as scratch:
        work = Path(scratch)
        (work / "src").mkdir()
        (work / "src" / "conf.py").write_text("", encoding="utf-8")
        (work / "src" / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
        with open(args.out or work / "warnings.txt", "w", encoding="utf-8") as stream:
            Sphinx(str(work / "src"), str(work / "src"), str(work / "out"), str(work / "doctrees"), "dummy",
                   status=None, warning=stream, freshenv=True)
            adapter = sphinx_logging.getLogger("sphinx_aigloss.noted")
            base = adapter.logger
            for _ in range(args.passes):
                record = noted.records(base)
                for location, message in warnings:
                    if args.way == "logger":
                        adapter.warning("%s", message, type="aigloss", subtype="unlinked_mention", location=location)
                    elif args.way == "record":
                        extra = {"type": "aigloss", "subtype": "unlinked_mention", "location": location,
                                 "nonl": True, "color": None, "once": False}
                        base.handle(base.makeRecord(base.name, logging.WARNING, __file__, 0, "%s", (message,), None,
                                                    "main", extra))
                    elif args.way == "noted":
                        base.handle(record(message, {"type": "aigloss", "subtype": "unlinked_mention",
                                                     "location": location, "nonl": True, "color": None, "once": False}))
    print(f"{len(warnings)} warnings, {args.passes} passes, way {args.way}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
