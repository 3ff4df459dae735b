"""List the automatic links of a built project, each with its sentence, for judging by hand.

Build a project with ``sphinx_aigloss`` in its extensions and ``aigloss_autolink`` set (keep
the doctrees: ``sphinx-build -d DOCTREES``), then::

    .venv/bin/python benchmarks/autolink_sample.py DOCTREES --sample 120 --seed 1

prints one line per automatic link: a number, the page, the term's key and the sentence with
the link marked ``[[...]]``. Judge each line: would a careful editor put a link there? The
doctrees are read as Sphinx pickled them after reading (before links are resolved), where
an automatic link is a ``pending_xref`` to the ``aigloss`` domain holding an inline with the
class ``aigloss-auto``.

To judge again after the rules change, keep the verdicts in a tab-separated file (page, term,
sentence as printed, ``ok`` or ``wrong``, and a note) and pass it with ``--verdicts FILE``:
each line then shows its verdict (``?`` if the sentence was not judged yet), and a last line
gives the precision over the judged ones, so only new or changed sentences need reading.
Keep that file out of the repository: it quotes the project's text.

To see what new rules changed, build the project with both rule sets (keep both doctree
folders) and pass the old one with ``--compare OLD_DOCTREES``: the lines printed are the links
only one build makes, ``+`` for the new build's and ``-`` for the old build's (a link that moved
within its sentence shows as one of each).
"""

from __future__ import annotations

import argparse
import csv
import pickle
import random
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes

#: How far around a link the sentence is looked for, at most, each way.
CONTEXT = 160
_SENTENCE_END = re.compile(r"[.!?:;]\s")


class Link(NamedTuple):
    docname: str
    key: str
    text: str
    sentence: str


def is_autolink(node: nodes.Node) -> bool:
    return (isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "aigloss"
            and any("aigloss-auto" in child.get("classes", []) for child in node.children
                    if isinstance(child, nodes.Element)))


def marked(block: nodes.Element, link: nodes.Element) -> str:
    """The block's text with ``link`` written as [[text]], on one line."""
    parts: list[str] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if child is link:
                parts.append(f"[[{link.astext()}]]")
            elif isinstance(child, nodes.Text):
                parts.append(child.astext())
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(block)
    return " ".join("".join(parts).split())


def sentence(text: str) -> str:
    """The sentence around the [[link]] (at most CONTEXT characters each way)."""
    at = text.index("[[")
    start = max(0, at - CONTEXT)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, at)]
    start = ends[-1] if ends else start
    after = _SENTENCE_END.search(text, text.index("]]", at))
    end = min(after.end() if after else len(text), text.index("]]", at) + CONTEXT)
    return ("… " if start > 0 and not ends else "") + text[start:end].strip()


def links(doctrees: Path) -> list[Link]:
    out = []
    for path in sorted(doctrees.rglob("*.doctree")):
        docname = path.relative_to(doctrees).with_suffix("").as_posix()
        with path.open("rb") as file:
            doctree = pickle.load(file)
        for node in doctree.findall(is_autolink):
            block: nodes.Element = node.parent
            while isinstance(block, nodes.Inline) and isinstance(block.parent, nodes.Element):
                block = block.parent
            out.append(Link(docname, node["reftarget"], node.astext(), sentence(marked(block, node))))
    return out


def missed(doctrees: Path) -> list[Link]:
    """For recall: per page and term with no link (automatic or written) on the page, its
    first mention in paragraph text anywhere on the page, rules aside: judge whether a
    careful editor would have linked it."""
    from sphinx_aigloss.core import load_glossary

    glossary, _conflicts = load_glossary()
    out = []
    for path in sorted(doctrees.rglob("*.doctree")):
        docname = path.relative_to(doctrees).with_suffix("").as_posix()
        with path.open("rb") as file:
            doctree = pickle.load(file)
        linked = {node["reftarget"] for node in doctree.findall(addnodes.pending_xref)
                  if node.get("refdomain") == "aigloss"}
        linked = {term.id for name in linked for term in glossary.lookup(name).terms}
        seen: set[str] = set()
        for paragraph in doctree.findall(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            for mention in glossary.mentions(text):
                key = mention.term.id
                if key in linked or key in seen:
                    continue
                seen.add(key)
                shown = text[:mention.start] + "[[" + text[mention.start:mention.end] + "]]" + text[mention.end:]
                out.append(Link(docname, mention.term.name, text[mention.start:mention.end], sentence(shown)))
    return out


def _unmatched(links: list[Link], others: list[Link]) -> list[Link]:
    """The links of ``links`` that ``others`` does not make, compared by page, term and marked
    sentence and counted (a sentence may hold two)."""
    left = Counter((link.docname, link.key, link.sentence) for link in others)
    out: list[Link] = []
    for link in links:
        key = (link.docname, link.key, link.sentence)
        if left[key]:
            left[key] -= 1
        else:
            out.append(link)
    return out


def changed(new: list[Link], old: list[Link]) -> list[tuple[str, Link]]:
    """The links only one of two builds makes: ("+", link) from ``new``, ("-", link) from ``old``."""
    return [("+", link) for link in _unmatched(new, old)] + [("-", link) for link in _unmatched(old, new)]


def read_verdicts(path: Path) -> dict[tuple[str, str, str], str]:
    """(page, term, sentence) -> verdict, from a tab-separated file of judged links."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(row[0], row[1], row[2]): row[3] for row in rows if len(row) >= 4}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doctrees", type=Path, help="the doctree folder of a build (sphinx-build -d)")
    parser.add_argument("--sample", type=int, default=0, help="a random sample of this many links (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--missed", action="store_true",
                        help="list instead, per page and term left unlinked, its first mention (for recall)")
    parser.add_argument("--verdicts", type=Path,
                        help="tab-separated judged links (page, term, sentence, ok|wrong, note): show each line's")
    parser.add_argument("--compare", type=Path, metavar="OLD_DOCTREES",
                        help="list only the links that differ from this older build's (+ new, - gone)")
    args = parser.parse_args(argv)
    if args.compare:
        found = missed(args.doctrees) if args.missed else links(args.doctrees)
        before = missed(args.compare) if args.missed else links(args.compare)
        diff = changed(found, before)
        print(f"# {sum(sign == '+' for sign, _ in diff)} new, {sum(sign == '-' for sign, _ in diff)} gone")
        for sign, link in diff:
            print(f"{sign}\t{link.docname}\t{link.key}\t{link.sentence}")
        return
    verdicts = read_verdicts(args.verdicts) if args.verdicts else None
    found = missed(args.doctrees) if args.missed else links(args.doctrees)
    pages = len({link.docname for link in found})
    what = "page+term pairs left unlinked" if args.missed else "automatic links"
    print(f"# {len(found)} {what} on {pages} pages, {len({link.key for link in found})} terms")
    chosen = list(enumerate(found, 1))
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample))
    tally: dict[str, int] = {}
    for number, link in chosen:
        if verdicts is None:
            print(f"{number}\t{link.docname}\t{link.key}\t{link.sentence}")
            continue
        verdict = verdicts.get((link.docname, link.key, link.sentence), "?")
        tally[verdict] = tally.get(verdict, 0) + 1
        print(f"{number}\t{link.docname}\t{link.key}\t{link.sentence}\t{verdict}")
    if verdicts is not None:
        judged = tally.get("ok", 0) + tally.get("wrong", 0)
        precision = f"{100 * tally.get('ok', 0) / judged:.1f} %" if judged else "-"
        print(f"# judged {judged} of {len(chosen)}, wrong {tally.get('wrong', 0)}: precision {precision}")


if __name__ == "__main__":
    main()
