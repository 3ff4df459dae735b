"""What discovering installed glossary packs costs at start-up. Run by hand:

    .venv/bin/python benchmarks/packs_startup.py                 # this environment as it is
    .venv/bin/python benchmarks/packs_startup.py --packs 20      # plus 20 made-up pack distributions

Each repetition is a fresh Python process (discovery is cached per process) that imports the
core, then times, in order:

- ``entry_points``: ``importlib.metadata.entry_points(group="sphinx_aigloss.packs")``, the
  reading of every installed distribution's entry point table;
- ``installed``: ``core.installed.installed()``, the same discovery plus importing each
  pack's module and reading its TOML file (nothing more with no third-party pack installed);
- ``load_glossary``: a whole ``core.load_glossary()`` after that, for scale.

Both the wall time and the thread's CPU time are reported: on a shared machine the wall time
grows with the load, the CPU time much less. ``--packs N`` installs N small pack
distributions (a dist-info and a package each, as pip leaves them) into a temporary folder
put on the children's PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, time
from importlib import metadata
import sphinx_aigloss.core as core
from sphinx_aigloss.core import installed

def timed(function):
    wall, cpu = time.perf_counter(), time.thread_time()
    result = function()
    return result, (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000

found, *entry_points = timed(lambda: metadata.entry_points(group=installed.GROUP))
packs, *discovery = timed(installed.installed)
_, *load = timed(core.load_glossary)
print(json.dumps({"entry_points": entry_points, "installed": discovery, "load_glossary": load,
                  "distributions": len({d.name for d in metadata.distributions()}),
                  "entry_point_count": len(found), "installed_packs": len(packs.packs)}))
"""

PACK = """format = 1

[pack]
id = "bench-{index}"
title = "Benchmark pack {index}"

[[terms]]
name = "Benchmark Term {index}"
category = "Benchmark"
definition = "A made-up term of a made-up pack."
unreferenced = true
"""


def make_site(folder: Path, count: int) -> None:
    """``count`` pack distributions, as pip installs them."""
    for index in range(count):
        module = folder / f"bench_pack_{index}"
        module.mkdir()
        (module / "__init__.py").write_text("from pathlib import Path\nPACK = Path(__file__).with_name('p.toml')\n")
        (module / "p.toml").write_text(PACK.format(index=index))
        info = folder / f"bench_pack_{index}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: bench-pack-{index}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[sphinx_aigloss.packs]\nbench-{index} = bench_pack_{index}:PACK\n")


def run(reps: int, env: dict[str, str]) -> list[dict[str, object]]:
    out = []
    for _ in range(reps):
        result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True)
        out.append(json.loads(result.stdout))
    return out


def report(results: list[dict[str, object]]) -> None:
    first = results[0]
    print(f"{first['distributions']} distributions on sys.path, {first['entry_point_count']} entry point(s) "
          f"in the group, {first['installed_packs']} installed pack(s); {len(results)} fresh processes")
    print(f"{'step':<16}{'wall min':>10}{'wall median':>13}{'CPU min':>10}{'CPU median':>12}   (ms)")
    for step in ("entry_points", "installed", "load_glossary"):
        wall = [float(r[step][0]) for r in results]  # type: ignore[index]
        cpu = [float(r[step][1]) for r in results]  # type: ignore[index]
        print(f"{step:<16}{min(wall):>10.1f}{statistics.median(wall):>13.1f}"
              f"{min(cpu):>10.1f}{statistics.median(cpu):>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=15, help="fresh processes to time (default: 15)")
    parser.add_argument("--packs", type=int, default=0, help="made-up pack distributions to install first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        if args.packs:
            make_site(Path(folder), args.packs)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [folder, env.get("PYTHONPATH")]))
        report(run(args.reps, env))


if __name__ == "__main__":
    main()
