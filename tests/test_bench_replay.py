"""The benchmark's ``warn-trivial`` variant: a trivial extension that emits the report's
warnings again, to measure what Sphinx alone spends on them. It must emit the very same
warnings (text, file, line) as the report, or the comparison means nothing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.util import MakeApp, sphinx_run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from aiglossbench.runner import parsed_warnings
from aiglossbench.variants import REPLAY_CONF, REPLAY_MODULE, replay_report


@pytest.mark.sphinx("html", testroot="report")
def test_warn_trivial_emits_the_reports_warnings(app: SphinxTestApp, make_app: MakeApp, tmp_path: Path) -> None:
    app.build()
    src = Path(app.srcdir)
    reported = parsed_warnings(strip_colors(app.warning.getvalue()), src)
    assert reported == [
        ("index", 8, "unlinked mention of AI term 'fine-tuning': write :aiterm:`fine-tuning`"),
        ("index", 8, "unlinked mention of AI term 'LoRA': write :aiterm:`LoRA`"),
        ("index", 9, "unlinked mention of AI term 'Direct Preference Optimization': "
                     "write :aiterm:`Direct Preference Optimization`"),
        ("index", 9, "unlinked mention of AI term 'reward model': write :aiterm:`reward model`"),
        ("index", 11, "unlinked mention of AI term 'RLHF': write **tuned with** :aiterm:`RLHF` in place of "
                      "**tuned with RLHF** (a role cannot be nested in **...**)"),
        ("notes", 3, "unlinked mention of AI term 'Reinforcement learning from human feedback': "
                     "write {aiterm}`Reinforcement learning from human feedback`"),
        ("notes", 3, "unlinked mention of AI term 'DPO': write {aiterm}`DPO`"),
    ]

    # The variant's project: the same sources with the report off, plus the replaying extension.
    replay = tmp_path / "replay"
    shutil.copytree(src, replay, ignore=shutil.ignore_patterns("_build"))
    files = replay_report(SimpleNamespace(warnings={"report": reported}))  # type: ignore[arg-type]
    for name, text in files.items():
        (replay / name).write_text(text, encoding="utf-8")
    conf = (src / "conf.py").read_text(encoding="utf-8").replace("aigloss_report_unlinked = True", "")
    (replay / "conf.py").write_text(f"{conf}{REPLAY_CONF}extensions.append({REPLAY_MODULE!r})\n", encoding="utf-8")
    again = sphinx_run(make_app, replay)
    assert parsed_warnings(strip_colors(again.warning.getvalue()), replay) == reported
