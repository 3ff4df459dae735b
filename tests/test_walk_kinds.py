"""The report's walk and scan read by type and skip what is known already (report10): each
against the plain form it replaces, on random trees and texts."""

from __future__ import annotations

from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx import addnodes

from sphinx_aigloss import prose
from sphinx_aigloss.core import wordsenses
from sphinx_aigloss.core.mentions import Matcher, Mention, _mention, _scanner
from sphinx_aigloss.core.pagescan import Words
from sphinx_aigloss.core.wordstarts import as_gaps, word_starts
from tests.test_properties import WIDE, WIDE_NAMES

SETTINGS = settings(max_examples=300, deadline=None)

#: Texts: words, paragraph-like lines, a heading, a note's label, a references title.
WORDS = st.sampled_from(["LoRA tuning", "What is pruning", "Note: x", "References", "Fine-tuning", "", " ",
                         "A b.", "Run it", "see [!NOTE]", "<a href='x'>", "</a>", "<code>", "x\ny"])
#: Node types the walk treats each its own way, with a few that are plain containers.
ELEMENTS = [nodes.paragraph, nodes.section, nodes.title, nodes.strong, nodes.emphasis, nodes.literal,
            nodes.rubric, nodes.transition, nodes.bullet_list, nodes.enumerated_list, nodes.list_item,
            nodes.block_quote, nodes.container, nodes.reference, nodes.target, nodes.note, nodes.definition,
            nodes.entry, nodes.literal_block, nodes.inline, nodes.footnote, addnodes.pending_xref,
            addnodes.literal_strong]


def _tree(draw: st.DrawFn, depth: int) -> nodes.Node:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return nodes.raw("", draw(WORDS), format="html")
        return nodes.Text(draw(WORDS))
    kind = draw(st.sampled_from(ELEMENTS))
    node = kind()
    if draw(st.integers(0, 5)) == 0:
        node["classes"].append(draw(st.sampled_from(["glossary", "other"])))
    if draw(st.booleans()):
        node.line = draw(st.integers(1, 50))
    for _ in range(draw(st.integers(0, 4))):
        node += _tree(draw, depth - 1)
    return node


@st.composite
def documents(draw: st.DrawFn) -> nodes.document:
    document = nodes.document(None, None)  # type: ignore[arg-type]
    for _ in range(draw(st.integers(1, 4))):
        document += _tree(draw, 4)
    return document


def _skipped_before(node: nodes.Element, headings: bool = True) -> bool:
    """``prose.skipped`` as it was: an isinstance check each."""
    classes = node["classes"]
    if isinstance(node, prose.SKIPPED) or (classes and prose.SKIP_CLASSES.intersection(classes)):
        return True
    if headings and isinstance(node, nodes.strong) and prose._bold_line(node):
        return True
    if headings and isinstance(node, nodes.paragraph) and prose._title_line(node):
        return True
    if isinstance(node, nodes.block_quote):
        return not (isinstance(node.parent, prose.INDENTING) or prose._note(node))
    if isinstance(node, nodes.section) and node.children and isinstance(node.children[0], nodes.title):
        return prose.normalise(prose.astext(node.children[0])) in prose.REFERENCE_TITLES and not prose._manual(node)
    return False


def _walk_before(node: nodes.Element, block: prose.Block, out: list[tuple[list[nodes.Text], prose.Block]],
                 headings: bool, closing: list[str] | None = None) -> None:
    """``prose._prose`` as it was: an isinstance check each, ``Block(...)``."""
    references = False
    if closing is None:
        closing = [""]
    run: list[nodes.Text] = []
    for child in node.children:
        if closing[0]:
            if isinstance(child, nodes.raw):
                closing[0] = prose.raw_state(child, closing[0])
            elif isinstance(child, nodes.Inline) and isinstance(child, nodes.Element) and not _skipped_before(
                    child, headings):
                _walk_before(child, block, out, headings, closing)
            continue
        if isinstance(child, nodes.Text):
            run.append(child)
            continue
        if run:
            out.append((run, block))
            run = []
        if isinstance(child, nodes.rubric):
            references = prose.normalise(child.astext()) in prose.REFERENCE_TITLES
        elif isinstance(child, nodes.section | nodes.transition):
            references = False
        if references or not isinstance(child, nodes.Element) or _skipped_before(child, headings):
            if isinstance(child, nodes.raw):
                closing[0] = prose.raw_state(child, "")
            continue
        if isinstance(child, nodes.Inline):
            _walk_before(child, block, out, headings, closing)
        else:
            _walk_before(child, prose.Block(child, child if child.line is not None else block.lines), out, headings)
    if run:
        out.append((run, block))


def _ids(runs: list[tuple[list[nodes.Text], prose.Block]]) -> list[tuple[list[int], int, int]]:
    return [([id(text) for text in run], id(block.node), id(block.lines)) for run, block in runs]


@SETTINGS
@given(documents(), st.booleans())
def test_the_walk_read_by_type_finds_the_runs_and_blocks_it_found(document: nodes.document, headings: bool) -> None:
    before: list[tuple[list[nodes.Text], prose.Block]] = []
    _walk_before(document, prose.Block(document, None), before, headings)
    now = prose.prose(document, prose.Block(document, None), headings)
    assert _ids(now) == _ids(before)
    assert all(type(block) is prose.Block for _, block in now)
    for element in document.findall(nodes.Element):
        assert prose.skipped(element, headings) == _skipped_before(element, headings)


FORMS = WIDE.forms()
SCAN_GAPS, SCAN_ANY = _scanner(FORMS, ascii_text=True), _scanner(FORMS)
#: Prose without apostrophes (the scan's shortcut), with marks outside ASCII that are gaps.
PIECES = [name for name in WIDE_NAMES if name.isascii()] + [
    "the", "LORA", "lora", "9", "_", "a_lora", "fine", "tuning", "(", ")", ".", "/", "\n", "-", "  ", '"',
    "\u201cRLHF\u201d", "\u2014", "\u00a0", "\u2010", "x.SFT", "SFT_x"]
PROSE = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "-", "\n", ", "])),
                 max_size=14).map(lambda pieces: "".join(piece + glue for piece, glue in pieces))


@SETTINGS
@given(PROSE)
def test_a_text_without_apostrophes_gives_every_word_the_scan_finds(text: str) -> None:
    assert SCAN_GAPS is not None
    assert SCAN_ANY is not None
    gaps = as_gaps(text)
    assert gaps is not None
    assert word_starts(text, gaps, SCAN_GAPS) == Matcher._scanned(text, SCAN_ANY)


def test_a_word_list_compiles_its_lower_case_pattern_at_its_first_search() -> None:
    words = wordsenses._words(r"clusters?|(?:world|dynamics)\s+models?")
    assert words._lower is None
    for text in ("no match here", "Two Clusters and a world  model.", "dynamics models"):
        found, plain = words.search(text), words.pattern.search(text)
        assert (found and found.span()) == (plain and plain.span())
    assert words._lower is not None
    kept = words._lower
    words.search("clusters")
    assert words._lower is kept  # compiled once
    assert Words(r"\b(?:x)\b", "x", ["x"])._lower is None


def test_a_mention_made_in_c_is_a_mention() -> None:
    term = next(iter(WIDE))
    made = _mention((3, 7, term))
    assert type(made) is Mention
    assert made == Mention(3, 7, term)
    assert (made.start, made.end, made.term) == (3, 7, term)


def test_a_section_or_a_transition_ends_a_references_rubric() -> None:
    for end in (nodes.transition, nodes.section):
        document = nodes.document(None, None)  # type: ignore[arg-type]
        document += nodes.rubric("", "", nodes.Text("References"))
        document += nodes.paragraph("", "", nodes.Text("A work, 2020."))
        document += end()
        document += nodes.paragraph("", "", nodes.Text("LoRA tuning, again."))
        before: list[tuple[list[nodes.Text], prose.Block]] = []
        _walk_before(document, prose.Block(document, None), before, True)
        now = prose.prose(document, prose.Block(document, None))
        assert [run for run, _ in now] == [run for run, _ in before] == [[document[3][0]]]
