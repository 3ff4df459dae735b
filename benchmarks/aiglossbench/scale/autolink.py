"""The autolink measurement: ``aigloss_autolink = "all"`` on one page naming a data-file term
with a very long name (and the same page with the term's name cut short), in two kinds of prose."""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from types import ModuleType

from ..variants import write_files
from .builder import Builder
from .projects import DATA_FILE, conf
from .results import Row, ratio, table

# Words of the long name and of the prose around it; none is (part of) a canonical term.
NAME_FIRST = "Adaptive"
NAME_WORDS = ("sparse", "routing", "window", "kernel", "cascade", "gating", "buffer", "shard", "lattice",
              "spectral", "residual", "mixture", "anchor", "horizon", "stride", "ledger", "beacon", "prism")
PROSE = (
    "The team first tried an adaptive schedule on the smaller runs and kept notes on every change.",
    "Each adaptive step was logged so that reviewers could compare it with the fixed baseline.",
    "Nobody expected the adaptive variant to matter much for the interface.",
    "Designers asked whether an adaptive setting should be visible to users at all.",
    "The report describes how the adaptive choice interacts with batch size and warm-up.",
    "In the second week the adaptive approach was switched off for a day to check the logs.",
    "Support staff found the word adaptive confusing when customers asked about it.",
    "A short appendix lists what the adaptive part does and what it leaves alone.",
)
STYLES = ("sentences", "run-on")
TERM_ID = "scale-term"  # its anchor is aiterm-scale-term, whatever the name


def long_name(words: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join([NAME_FIRST, *(rng.choice(NAME_WORDS) for _ in range(words - 1))])


def autolink_page(name: str, page_words: int, style: str, seed: int) -> str:
    """A page of ``page_words`` words: prose naming the name's first word often, ``name`` once in the middle.

    ``sentences``: paragraphs of six sentences; ``run-on``: the same words with no
    punctuation, one paragraph (no sentence end stops a candidate match: the worst case).
    """
    rng = random.Random(seed)
    sentences: list[str] = []
    count = len(name.split()) + 5  # the sentence naming it
    while count < page_words:
        sentences.append(rng.choice(PROSE))
        count += len(sentences[-1].split())
    half = len(sentences) // 2
    sentences.insert(half, f"{name} is the name under test.")
    if style == "run-on":
        return " ".join(re.sub(r"[^\w\s]", "", s) for s in sentences) + "\n"
    paragraphs = [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs) + "\n"


def autolink_project(bench: ModuleType, src: Path, name: str, page: str) -> Path:
    data = ('format = 1\n\n[pack]\nid = "scale"\ncategories = ["Scale"]\n\n[[terms]]\n'
            f'name = {json.dumps(name)}\nid = "{TERM_ID}"\ncategory = "Scale"\n'
            'definition = "A made-up term with a very long name. It exists to time automatic linking."\n')
    return write_files(src, {
        "conf.py": conf('aigloss_autolink = "all"', f"aigloss_data_files = [{DATA_FILE!r}]"),
        DATA_FILE: data,
        "index.rst": bench.heading("Scale project", "=") + ".. toctree::\n\n   page\n",
        "page.rst": bench.heading("Notes", "=") + page,
    })


def measure_autolink(args: argparse.Namespace, bench: ModuleType, builder: Builder, work: Path) -> str:
    sections = []
    for style in args.prose:
        names = {n: long_name(n, args.seed) for n in (args.short_name, args.long_name)}
        # The page holds the long name once; the short name is its first words, so the page is the same.
        page = autolink_page(names[args.long_name], args.page_words, style, args.seed)
        rows = []
        for words, name in names.items():
            src = autolink_project(bench, work / f"autolink-{style}-{words}" / "src", name, page)
            rows.append((Row(f"{words:,} words"), src))
        for rep in range(args.reps):
            for row, src in rows:
                if row.timed_out:
                    continue  # one stopped run says enough; do not spend another timeout on it
                builder.log(f"autolink ({style}): fresh build {rep + 1}/{args.reps}, name of {row.label}")
                row.runs.append(builder.build(src, src.parent / "out", timeout=args.timeout))
                if not row.timed_out:
                    html = (src.parent / "out" / "page.html").read_text(encoding="utf-8")
                    row.notes["links"] = str(len(re.findall(f'href="[^"]*#aiterm-{TERM_ID}"', html)))
        words = len(page.split())
        mentions = len(re.findall(rf"\b{NAME_FIRST}\b", page, re.I))
        body = table(("term name", "fresh build wall (s), median (min–max)", "CPU (s)", "peak RSS (MiB)",
                      "links to the term on the page", "runs", "load"),
                     [(r.label, r.time_cell(), r.time_cell("cpu"), r.rss_cell(),
                       r.notes.get("links", "–"), str(len(r.runs)), r.load_cell()) for r, _src in rows])
        long_row, short_row = rows[1][0], rows[0][0]
        sections.append(
            f"Prose: {style} — {words:,} words on the page (the long name's {args.long_name:,} included), "
            f"{mentions} occurrences of its first word.\n\n{body}\n\n"
            f"{args.long_name:,}-word name / {args.short_name}-word name: wall {ratio(long_row, short_row, 'wall')}, "
            f"CPU {ratio(long_row, short_row, 'cpu')}, peak RSS {ratio(long_row, short_row, 'rss_mib')}.")
    return "\n\n".join(sections)
