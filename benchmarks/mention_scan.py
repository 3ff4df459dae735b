"""The mention scan (``Matcher.mentions``) on the texts a real build scans: does another copy
of the package find the same mentions, and how much CPU time does each take?

    python benchmarks/mention_scan.py record SRCDIR TEXTS.pickle [-D name=value ...]
    python benchmarks/mention_scan.py compare TEXTS.pickle [TEXTS.pickle ...] --other DIR [--passes 11]

``record`` builds the Sphinx project in SRCDIR in this process (a fresh environment, output in
a temporary folder) and saves every text the build's matchers scan, with their glossaries.
``compare`` scans the recorded texts with this package's ``Matcher`` and with the one of the
copy in DIR (a folder holding a ``sphinx_aigloss`` package), checks that every text gets the
same mentions, then times the two in turns: each pass a fresh matcher (its scan built, its
caches cold, as in a build), CPU time, the median over the passes and the paired ratio.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

Record = tuple[int, str, bool]  # (the glossary's index, the text, autolink_only)


def record(src: Path, dest: Path, overrides: dict[str, str]) -> None:
    from sphinx.application import Sphinx

    from sphinx_aigloss.core import mentions

    glossaries: list[object] = []
    records: list[Record] = []
    scan = mentions.Matcher.mentions

    def recording(self: mentions.Matcher, text: str, *, autolink_only: bool = False) -> list[mentions.Mention]:
        index = next((i for i, known in enumerate(glossaries) if known is self.glossary), len(glossaries))
        if index == len(glossaries):
            glossaries.append(self.glossary)
        records.append((index, text, autolink_only))
        return scan(self, text, autolink_only=autolink_only)

    mentions.Matcher.mentions = recording  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as out, open(os.devnull, "w") as quiet:
        app = Sphinx(str(src), str(src), out, f"{out}/.doctrees", "html", confoverrides=overrides,
                     status=None, warning=quiet, freshenv=True)
        app.build()
    for glossary in glossaries:  # (their caches are not part of the record)
        vars(glossary).update(_matcher=None, _suggester=None)
    dest.write_bytes(pickle.dumps((glossaries, records)))
    print(f"{dest}: {len(records)} texts, {sum(len(text) for _, text, _ in records)} characters")


def other_mentions(folder: Path) -> ModuleType:
    """``sphinx_aigloss.core.mentions`` of the copy in ``folder``, imported under another name."""
    init = folder / "sphinx_aigloss" / "__init__.py"
    spec = importlib.util.spec_from_file_location("aigloss_other", init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"mention_scan: no sphinx_aigloss package in {folder}")
    package = importlib.util.module_from_spec(spec)
    sys.modules["aigloss_other"] = package
    spec.loader.exec_module(package)
    return importlib.import_module("aigloss_other.core.mentions")


def compare(paths: list[Path], other: Path, passes: int) -> None:
    from sphinx_aigloss.core import mentions

    recorded = [pickle.loads(path.read_bytes()) for path in paths]
    theirs = other_mentions(other)

    def found(module: Any) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = []
        for glossaries, records in recorded:
            matchers = [module.Matcher(glossary) for glossary in glossaries]
            out.extend([(m.start, m.end, m.term.id) for m in matchers[i].mentions(text, autolink_only=only)]
                       for i, text, only in records)
        return out

    ours, before = found(mentions), found(theirs)
    differ = sum(a != b for a, b in zip(ours, before, strict=True))
    print(f"{len(ours)} texts, {sum(map(len, ours))} mentions: {differ} texts differ")

    def one(module: Any) -> float:
        gc.collect()
        start = time.process_time()
        found(module)
        return time.process_time() - start

    times: dict[str, list[float]] = {"this": [], "other": []}
    for turn in range(passes):
        for name in ("this", "other") if turn % 2 else ("other", "this"):
            times[name].append(one(mentions if name == "this" else theirs))
    ratios = [a / b for a, b in zip(times["this"], times["other"], strict=True)]
    print(f"CPU, median of {passes} passes: this {statistics.median(times['this']) * 1000:.1f} ms, "
          f"other {statistics.median(times['other']) * 1000:.1f} ms; this/other paired "
          f"{statistics.median(ratios):.3f} [{min(ratios):.3f}-{max(ratios):.3f}]; "
          f"load {os.getloadavg()[0]:.1f} at the end")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="record the texts a build scans")
    rec.add_argument("src", type=Path)
    rec.add_argument("dest", type=Path)
    rec.add_argument("-D", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    cmp = commands.add_parser("compare", help="this matcher against another copy's")
    cmp.add_argument("texts", type=Path, nargs="+")
    cmp.add_argument("--other", type=Path, required=True, help="a folder holding another sphinx_aigloss")
    cmp.add_argument("--passes", type=int, default=11)
    args = parser.parse_args(argv)
    if args.command == "record":
        record(args.src, args.dest, dict(item.split("=", 1) for item in args.overrides))
    else:
        compare(args.texts, args.other, args.passes)


if __name__ == "__main__":
    main()
