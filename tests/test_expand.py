"""aigloss_expand_first (the first use in prose reads "Expansion (ABBR)") and the
``aigloss:abbreviations`` list, on tests/roots/test-expand: roles.rst and markdown.md are the
same page in reStructuredText and MyST; auto.rst links automatically; later.rst uses terms
again; abbreviations.rst and used.md hold the lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from sphinx_aigloss.core import parse_pack
from sphinx_aigloss.core.terms import GlossaryError
from tests.helpers import Once, compile_pdf
from tests.util import MakeApp, copy_root, soup, sphinx_run, warnings

HOSTILE_EXPANSION = "Ünïcode “Quoted” <script>alert(1)</script> & Co"

#: The term links of roles.rst and of markdown.md, each page on its own (HTML).
PAGE = [
    "SFT",  # in the title: left alone
    "QLoRA",  # in a rubric
    "DPO",  # in a table's header row
    "Direct Preference Optimization (DPO)",  # the first use in prose: a body cell
    "Supervised Fine-Tuning (SFT)", "SFT",
    "Proximal Policy Optimization", "PPO",  # the author wrote "(PPO)" beside it
    "Parameter-Efficient Fine-Tuning",  # "**PEFT** (...)": written beside it, through markup
    "RLAIF",  # "(*RL from AI Feedback*)"
    "human feedback",  # an explicit title
    "Reinforcement Learning from Human Feedback (RLHF)",  # the next use is spelled out
    "Low-Rank Adaptation (LoRA)",  # the expansion first, "LoRA" later in the page's text
    "Constitutional AI",  # the expansion, and no "CAI" later
    "QLoRA",  # in a figure's caption
    "Quantized LoRA (QLoRA)",  # the first use in prose
    "MoE",  # expand = false
    f"{HOSTILE_EXPANSION} (<X>&Y)",
]
#: The same page later in a book (singlehtml, EPUB): every term was spelled out before.
PAGE_AGAIN = [
    "SFT", "QLoRA", "DPO", "DPO", "SFT", "SFT", "Proximal Policy Optimization", "PPO",
    "Parameter-Efficient Fine-Tuning", "RLAIF", "human feedback", "RLHF", "Low-Rank Adaptation",
    "Constitutional AI", "QLoRA", "QLoRA", "MoE", "<X>&Y",
]
AUTO = ["Direct Preference Optimization (DPO)", "Supervised Fine-Tuning", "Low-Rank Adaptation (LoRA)", "PEFT"]
#: (abbreviation, expansion, link) of the full list, sorted by abbreviation.
LISTED = [
    ("<X>&Y", HOSTILE_EXPANSION, "aiterm-hostile-term"),
    ("CAI", "Constitutional AI", "aiterm-constitutional-ai"),
    ("DPO", "Direct Preference Optimization", "aiterm-dpo"),
    ("LoRA", "Low-Rank Adaptation", "aiterm-lora"),
    ("MLM", "Masked Language Modeling", "aiterm-masked-language-modeling"),
    ("MoE", "Mixture of Experts", "aiterm-mixture-of-experts"),
    ("PEFT", "Parameter-Efficient Fine-Tuning", "aiterm-peft"),
    ("PPO", "Proximal Policy Optimization", "aiterm-ppo"),
    ("QLoRA", "Quantized LoRA", "aiterm-qlora"),
    ("RLAIF", "RL from AI Feedback", "aiterm-rlaif"),
    ("RLHF", "Reinforcement Learning from Human Feedback", "aiterm-rlhf"),
    ("SFT", "Supervised Fine-Tuning", "aiterm-supervised-fine-tuning"),
]


def links(page: BeautifulSoup | Tag) -> list[str]:
    """The text of the term links in prose, in order (lists of abbreviations left out)."""
    body = page.select_one("div.body") if isinstance(page, BeautifulSoup) else page
    assert body is not None
    return [a.get_text() for a in body.select("a.aigloss-term") if not a.find_parent("dl")]


def listed(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    items = page.select("dl.aigloss-abbreviations > dt")
    return [(dt.get_text(), dd.get_text().strip(), str(dd.a["href"]).split("#")[1])
            for dt in items if isinstance(dd := dt.find_next_sibling("dd"), Tag) and isinstance(dd.a, Tag)]


@pytest.fixture
def html(once: Once) -> Path:
    """The "expand" root in HTML; it and each other build of the root are made once for the module."""
    app = once.root("expand")
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    return Path(app.outdir)


@pytest.mark.parametrize("page", ["roles", "markdown"])
def test_first_use_in_prose_is_spelled_out(html: Path, page: str) -> None:
    assert links(soup(html / f"{page}.html")) == PAGE


def test_spelled_out_use_is_one_link_with_the_card(html: Path) -> None:
    page = soup(html / "roles.html")
    first = page.select("div.body a.aigloss-term")[4]
    assert (first.get_text(), first["href"]) == (
        "Supervised Fine-Tuning (SFT)", "aigloss-glossary.html#aiterm-supervised-fine-tuning")
    assert "supervised-fine-tuning" in page.select_one("script#aigloss-data").get_text()  # type: ignore[union-attr]


def test_hostile_forms_are_escaped(html: Path) -> None:
    raw = (html / "roles.html").read_text(encoding="utf-8")
    assert "Ünïcode “Quoted” &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co (&lt;X&gt;&amp;Y)" in raw
    assert "<script>alert" not in raw
    assert "<X>" not in (html / "abbreviations.html").read_text(encoding="utf-8")


def test_automatic_links_are_spelled_out(html: Path) -> None:
    assert links(soup(html / "auto.html")) == AUTO
    # Each HTML page spells out its own first uses.
    assert links(soup(html / "later.html")) == [
        "Supervised Fine-Tuning (SFT)", "Direct Preference Optimization (DPO)",
        "Proximal Policy Optimization (PPO)"]  # the use in ".. only:: latex" is not in HTML


def test_list_of_abbreviations(html: Path) -> None:
    page = soup(html / "abbreviations.html")
    assert listed(page) == LISTED
    assert page.select_one("dl.aigloss-abbreviations a")["href"] == (  # type: ignore[index]
        "aigloss-glossary.html#aiterm-hostile-term")


def test_list_of_used_abbreviations(html: Path) -> None:
    # MyST; MLM is used on no page.
    assert listed(soup(html / "used.html")) == [item for item in LISTED if item[0] != "MLM"]


def test_parallel_equals_serial(html: Path, once: Once) -> None:
    parallel = Path(once.root("expand", "html", parallel=2).outdir)
    for name in ["roles", "markdown", "auto", "later", "abbreviations", "used"]:
        one = soup(html / f"{name}.html").select_one("div.body")
        two = soup(parallel / f"{name}.html").select_one("div.body")
        assert str(one) == str(two), name


def test_off_leaves_every_use_as_written(once: Once) -> None:
    app = once.root("expand", "html", confoverrides={"aigloss_expand_first": False})
    assert links(soup(Path(app.outdir) / "roles.html")) == PAGE_AGAIN
    assert links(soup(Path(app.outdir) / "auto.html")) == ["DPO", "Supervised Fine-Tuning", "LoRA", "PEFT"]


def test_singlehtml_spells_out_once_per_output(once: Once) -> None:
    app = once.root("expand", "singlehtml")
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    page = soup(Path(app.outdir) / "index.html")
    # Each document's section follows the marker singlehtml gives it.
    documents = {marker["id"]: marker.find_next_sibling("section") for marker in page.select("span[id^=document-]")}
    assert links(documents["document-roles"]) == PAGE
    assert links(documents["document-markdown"]) == PAGE_AGAIN
    assert links(documents["document-auto"]) == ["DPO", "Supervised Fine-Tuning", "LoRA", "PEFT"]
    assert links(documents["document-later"]) == ["SFT", "DPO", "PPO"]


def test_epub_spells_out_once_per_book(once: Once) -> None:
    out = Path(once.root("expand", "epub").outdir)
    assert links(soup(out / "roles.xhtml")) == PAGE
    assert links(soup(out / "markdown.xhtml")) == PAGE_AGAIN
    assert links(soup(out / "auto.xhtml")) == ["DPO", "Supervised Fine-Tuning", "LoRA", "PEFT"]
    assert links(soup(out / "later.xhtml")) == ["SFT", "DPO", "PPO"]


def test_epub_rebuild_follows_the_pages_before(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("expand", tmp_path / "src")
    sphinx_run(make_app, src, "epub")
    # roles.rst no longer uses SFT in prose: markdown.md, unchanged, now has the book's first use.
    roles = (src / "roles.rst").read_text(encoding="utf-8")
    (src / "roles.rst").write_text(roles.replace("First we apply :aiterm:`SFT` to the model, then :aiterm:`SFT` again.",
                                                 "First we train the model."), encoding="utf-8")
    out = Path(sphinx_run(make_app, src, "epub").outdir)
    assert links(soup(out / "markdown.xhtml"))[4:6] == ["Supervised Fine-Tuning (SFT)", "SFT"]
    assert links(soup(out / "later.xhtml")) == ["SFT", "DPO", "PPO"]


def test_pdf_spells_out_once_and_lists_abbreviations(once: Once) -> None:
    app = once.root("expand", "latex")
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    out = Path(app.outdir)
    tex = (out / "expand.tex").read_text(encoding="utf-8")
    assert tex.count(r"\begin{description}") == 2  # the two lists
    assert r"\sphinxlineitem{SFT}" in tex
    compile_pdf(out)
    text = " ".join(page.extract_text() for page in PdfReader(out / "expand.pdf").pages)
    text = re.sub(r"-\s+", "-", " ".join(text.split()))  # lines joined, words hyphenated at a line end too
    for spelled in ("Direct Preference Optimization (DPO)", "Reinforcement Learning from Human Feedback (RLHF)",
                    "Quantized LoRA (QLoRA)"):
        assert text.count(spelled) == 1, spelled
    # (A term without an entry in the document has its definition as a footnote: its mark follows.)
    assert re.search(r"First we apply Supervised Fine-Tuning \(SFT\)\d* to the model, then SFT again\.", text)
    assert text.count("Supervised Fine-Tuning (SFT)") == 2  # and where auto.rst's author wrote it
    assert re.search(r"Back to SFT\d* and to DPO\d*\.", text)
    assert re.search(r"In print, PPO\d* comes first\.", text)  # spelled out on roles.rst, before
    assert "SFT Supervised Fine-Tuning" in text  # an item of the list of abbreviations


def test_empty_list_and_rebuild_when_uses_change(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("expand-empty", tmp_path / "src")
    first = sphinx_run(make_app, src)
    assert warnings(first.warning.getvalue(), first.srcdir) == []
    page = soup(Path(first.outdir) / "index.html")
    note = page.select_one("p.aigloss-abbreviations-empty")
    assert note is not None
    assert note.get_text() == "No term used in this project has an abbreviation."
    # Another page starts using a term: the list, on an unchanged page, is written again.
    (src / "page.rst").write_text("Page\n====\n\nWe use :aiterm:`SFT`.\n", encoding="utf-8")
    second = sphinx_run(make_app, src)
    assert listed(soup(Path(second.outdir) / "index.html")) == [
        ("SFT", "Supervised Fine-Tuning", "aiterm-supervised-fine-tuning")]
    assert links(soup(Path(second.outdir) / "page.html")) == ["Supervised Fine-Tuning (SFT)"]


def test_expand_must_be_a_boolean() -> None:
    with pytest.raises(GlossaryError) as raised:
        parse_pack('[[terms]]\nname = "Widget"\ncategory = "C"\ndefinition = "A thing."\nexpand = "no"\n',
                   "terms.toml")
    assert str(raised.value) == "terms.toml: term 'Widget', field 'expand': must be a boolean, not a string"
    pack = parse_pack('[[terms]]\nname = "Widget"\ncategory = "C"\ndefinition = "A thing."\nexpand = false\n',
                      "terms.toml")
    assert pack.terms[0].expand is False


def test_text_that_spells_a_term_out_is_the_spelling_out(make_app: MakeApp, tmp_path: Path) -> None:
    """A page whose own words spell a term out before its first use (a link's text, plain text)
    needs no use spelled out again; a term the text does not spell out is spelled out as before."""
    src = copy_root("expand-empty", tmp_path / "src")
    (src / "page.rst").write_text(
        "Page\n====\n\nTraining with `LoRA (Low-Rank Adaptation) <https://example.org/lora>`_ first.\n"
        "Then Direct Preference Optimization (DPO) by hand.\n\n"
        "Merge the :aiterm:`LoRA` adapter, tune with :aiterm:`DPO`, align with :aiterm:`RLHF`.\n",
        encoding="utf-8")
    page = soup(Path(sphinx_run(make_app, src).outdir) / "page.html")
    assert links(page) == ["LoRA", "DPO", "Reinforcement Learning from Human Feedback (RLHF)"]
