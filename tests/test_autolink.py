"""aigloss_autolink and aigloss_report_unlinked: mentions in prose, the skip rules, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.util import build, copy_root, soup, warnings


def prose_links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """Term links in the page body, leaving out the ones inside rendered entries."""
    out = []
    for a in page.select("a.aigloss-term"):
        if isinstance(a, Tag) and not a.find_parent(class_="aigloss-definition"):
            out.append((a.get_text(), str(a["href"]).split("#")[1]))
    return out


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = build(copy_root("autolink", tmp_path_factory.mktemp("first") / "src"))
    assert warnings(app._warning.getvalue(), app.srcdir) == []
    return Path(app.outdir)


def test_first_mode_links_the_first_mention_of_each_term(first: Path) -> None:
    assert prose_links(soup(first / "prose.html")) == [
        ("QLoRA", "aiterm-qlora"),  # longest match: QLoRA, not LoRA inside it
        ("LoRA", "aiterm-lora"),  # the second LoRA stays plain
        ("PEFT", "aiterm-peft"),
        ("Reinforcement Learning from Human Feedback", "aiterm-rlhf"),  # the longest name wins
        ("reward models", "aiterm-reward-model"),  # plural
        ("Fine-tuning", "aiterm-fine-tuning"),  # then "fine tuning" is the same term, already linked
        ("pre-training", "aiterm-pre-training"),
        ("DPO", "aiterm-dpo"),  # the hand-written link; the later "DPO" is not linked again
    ]
    text = soup(first / "prose.html").get_text()
    assert "while rlhf in lower case" in text  # all-capital names match case-sensitively


def test_autolinks_are_ordinary_term_links(first: Path) -> None:
    page = soup(first / "prose.html")
    link = page.select_one('a.aigloss-term[href$="#aiterm-qlora"]')
    assert link is not None
    assert link["title"].startswith("Combines 4-bit quantization with LoRA")
    assert page.select_one("script#aigloss-data") is not None
    glossary = soup(first / "glossary.html")
    # :used-only: counts auto-links; :backlinks: lists the pages.
    assert "Quantization" in [dt.get_text() for dt in glossary.select("dt")]
    backlinks = glossary.select_one("#aiterm-quantization + dd .aigloss-backlinks")
    assert backlinks is not None
    assert [a.get_text() for a in backlinks.select("a")] == ["Markdown prose"]


def test_never_in_code_math_links_headings_raw_or_entries(first: Path) -> None:
    page = soup(first / "skips.html")
    assert prose_links(page) == [("LoRA", "aiterm-lora")]
    finally_para = next(p for p in page.select("p") if p.get_text().startswith("Finally"))
    assert finally_para.select_one("a.aigloss-term") is not None
    assert page.select_one("h1 a.aigloss-term") is None
    assert page.select_one("pre a") is None


def test_page_and_term_opt_outs(first: Path) -> None:
    assert prose_links(soup(first / "optout.html")) == []
    assert "Training is too common a word." in soup(first / "prose.html").get_text()
    assert ("Training", "aiterm-training") not in prose_links(soup(first / "prose.html"))


def test_markdown_prose_is_linked_but_not_code_or_links(first: Path) -> None:
    assert prose_links(soup(first / "markdown.html")) == [("Quantization", "aiterm-quantization")]


def test_all_mode_links_every_mention(tmp_path: Path) -> None:
    app = build(copy_root("autolink", tmp_path / "src"), confoverrides={"aigloss_autolink": "all"})
    links = prose_links(soup(Path(app.outdir) / "prose.html"))
    assert [text for text, _ in links] == [
        "QLoRA", "LoRA", "LoRA", "PEFT", "Reinforcement Learning from Human Feedback", "reward models", "RLHF",
        "Fine-tuning", "fine tuning", "pre-training", "DPO", "DPO"]


def test_parallel_equals_serial(tmp_path: Path) -> None:
    serial = build(copy_root("autolink", tmp_path / "serial"))
    parallel = build(copy_root("autolink", tmp_path / "parallel"), parallel=2)
    for name in ["prose", "skips", "markdown", "glossary"]:
        one = soup(Path(serial.outdir) / f"{name}.html").select_one("div.body")
        two = soup(Path(parallel.outdir) / f"{name}.html").select_one("div.body")
        assert str(one) == str(two), name


def test_report_of_unlinked_mentions(tmp_path: Path) -> None:
    app = build(copy_root("autolink", tmp_path / "src"),
                confoverrides={"aigloss_autolink": False, "aigloss_report_unlinked": True})

    def w(where: str, name: str) -> str:
        return (f"{where}: WARNING: unlinked mention of AI term {name!r}: write :aiterm:`{name}` "
                "[aigloss.unlinked_mention]")

    assert warnings(app._warning.getvalue(), app.srcdir) == [
        w("markdown.md:3", "Quantization"),
        w("prose.rst:4", "QLoRA"),
        w("prose.rst:4", "LoRA"),
        w("prose.rst:4", "LoRA"),
        w("prose.rst:4", "PEFT"),
        w("prose.rst:4", "Reinforcement Learning from Human Feedback"),
        w("prose.rst:5", "reward models"),
        w("prose.rst:5", "RLHF"),
        w("prose.rst:8", "Fine-tuning"),
        w("prose.rst:8", "fine tuning"),
        w("prose.rst:8", "pre-training"),
        w("skips.rst:20", "LoRA"),
    ]


def test_report_with_autolink_first_has_nothing_left_to_report(tmp_path: Path) -> None:
    app = build(copy_root("autolink", tmp_path / "src"), confoverrides={"aigloss_report_unlinked": True})
    assert warnings(app._warning.getvalue(), app.srcdir) == []
