"""aigloss_autolink and aigloss_report_unlinked: mentions in prose, the skip rules, the report."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, copy_root, soup, sphinx_run, warnings


def prose_links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """Term links in the page body, leaving out the ones inside rendered entries."""
    out = []
    for a in page.select("a.aigloss-term"):
        if isinstance(a, Tag) and not a.find_parent(class_="aigloss-definition"):
            out.append((a.get_text(), str(a["href"]).split("#")[1]))
    return out


def w(where: str, name: str, role: str = ":aiterm:") -> str:
    """An unlinked-mention warning, with the fix in the page's markup."""
    return f"{where}: WARNING: unlinked mention of AI term {name!r}: write {role}`{name}` [aigloss.unlinked_mention]"


@pytest.fixture(scope="module")
def builds() -> dict[str, SphinxTestApp]:
    """The module's shared builds, each made by the first test that needs it."""
    return {}


@pytest.fixture
def first(builds: dict[str, SphinxTestApp], make_app: MakeApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "first" not in builds:
        builds["first"] = sphinx_run(make_app, copy_root("autolink", tmp_path_factory.mktemp("first") / "src"))
    app = builds["first"]
    assert warnings(app.warning.getvalue(), app.srcdir) == []
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


def test_never_in_code_math_links_headings_raw_entries_or_messages(first: Path) -> None:
    page = soup(first / "skips.html")
    # Pruning: not in the INFO message the draft directive leaves (invisible, then removed).
    assert prose_links(page) == [("LoRA", "aiterm-lora"), ("Pruning", "aiterm-pruning")]
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


@pytest.mark.sphinx("html", testroot="autolink", srcdir="test_autolink-all", confoverrides={"aigloss_autolink": "all"})
def test_all_mode_links_every_mention(app: SphinxTestApp) -> None:
    app.build()
    links = prose_links(soup(Path(app.outdir) / "prose.html"))
    assert [text for text, _ in links] == [
        "QLoRA", "LoRA", "LoRA", "PEFT", "Reinforcement Learning from Human Feedback", "reward models", "RLHF",
        "Fine-tuning", "fine tuning", "pre-training", "DPO", "DPO"]


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    serial = sphinx_run(make_app, copy_root("autolink", tmp_path / "serial"))
    parallel = sphinx_run(make_app, copy_root("autolink", tmp_path / "parallel"), parallel=2)
    for name in ["prose", "skips", "markdown", "glossary"]:
        one = soup(Path(serial.outdir) / f"{name}.html").select_one("div.body")
        two = soup(Path(parallel.outdir) / f"{name}.html").select_one("div.body")
        assert str(one) == str(two), name


@pytest.mark.sphinx("html", testroot="autolink", srcdir="test_autolink-report",
                    confoverrides={"aigloss_autolink": False, "aigloss_report_unlinked": True})
def test_report_of_unlinked_mentions(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()

    # Once per term and page, at its first mention; "fine tuning" and "RLHF" name terms
    # already reported on the page. The fix is written in the page's own markup.
    assert warnings(warning.getvalue(), app.srcdir) == [
        w("markdown.md:3", "Quantization", "{aiterm}"),
        w("prose.rst:4", "QLoRA"),
        w("prose.rst:4", "LoRA"),
        w("prose.rst:4", "PEFT"),
        w("prose.rst:4", "Reinforcement Learning from Human Feedback"),
        w("prose.rst:5", "reward models"),
        w("prose.rst:8", "Fine-tuning"),
        w("prose.rst:8", "pre-training"),
        w("skips.rst:22", "LoRA"),
        w("skips.rst:22", "Pruning"),  # not at the draft directive's line
    ]


@pytest.mark.sphinx("html", testroot="autolink", srcdir="test_autolink-report-first",
                    confoverrides={"aigloss_report_unlinked": True})
def test_report_with_autolink_first_has_nothing_left_to_report(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []


# -- Linking like a careful editor, on pages written as real documentation --------------
# tests/roots/test-autolink-real: the same guide in reStructuredText (guide.rst) and in MyST
# (guide-md.md), a page of tables and an autodoc'd module. Each expectation holds for both.

GUIDE_FIRST = [
    # Not the two hand-written links, nor the INFO message docutils leaves for their shared
    # name: the first mention that may be linked gets the link.
    ("LoRA", "aiterm-lora"),
    ("PEFT", "aiterm-peft"),  # the second: "PEFT library" is in aigloss_autolink_ignore
    # Not "De-quantization", "non-quantization", "Quantization-Aware Training".
    ("Quantization", "aiterm-quantization"),
    ("QLoRA", "aiterm-qlora"),  # not in the quoted paper title, nor in the block quote
    ("Supervised Fine-Tuning", "aiterm-supervised-fine-tuning"),  # and not "(SFT)" after it
    ("DPO", "aiterm-dpo"),  # not the expansion in parentheses after the hand-written link
    ("reward model", "aiterm-reward-model"),
    ("Data Curation", "aiterm-data-curation"),  # a note, and the GitHub-style alert is one too
]
GUIDE_ALL = [
    ("LoRA", "aiterm-lora"),
    ("PEFT", "aiterm-peft"),
    ("LoRA", "aiterm-lora"),  # "LoRA-based": the term with a modifier
    ("Quantization", "aiterm-quantization"),
    ("quantization", "aiterm-quantization"),  # after the quoted titles
    ("QLoRA", "aiterm-qlora"),
    ("LoRA", "aiterm-lora"),
    ("Supervised Fine-Tuning", "aiterm-supervised-fine-tuning"),
    ("DPO", "aiterm-dpo"),
    ("reward model", "aiterm-reward-model"),
    # Not "lora", "qlora" or "LORA": a mixed-case name in another case is a value.
    ("Low-Rank Adaptation", "aiterm-lora"),
    # Nothing in the footnote, the citation or the References section.
    ("Data Curation", "aiterm-data-curation"),
]


def build_real(make_app: MakeApp, dest: Path, **confoverrides: object) -> SphinxTestApp:
    # Each copy of the root has its own copy of the module autodoc imports: forget the last.
    sys.modules.pop("aigloss_demo_adapters", None)
    return sphinx_run(make_app, copy_root("autolink-real", dest), confoverrides=confoverrides)


def real_root(name: str, **confoverrides: object) -> pytest.MarkDecorator:
    return pytest.mark.sphinx("html", testroot="autolink-real", srcdir=f"test_autolink-real-{name}",
                              confoverrides=confoverrides)


def app_build_real(app: SphinxTestApp) -> SphinxTestApp:
    sys.modules.pop("aigloss_demo_adapters", None)  # as build_real does
    app.build()
    return app


@pytest.fixture
def real_first(builds: dict[str, SphinxTestApp], make_app: MakeApp,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "real-first" not in builds:
        builds["real-first"] = build_real(make_app, tmp_path_factory.mktemp("real-first") / "src")
    app = builds["real-first"]
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    return Path(app.outdir)


@pytest.fixture
def real_all(builds: dict[str, SphinxTestApp], make_app: MakeApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "real-all" not in builds:
        builds["real-all"] = build_real(make_app, tmp_path_factory.mktemp("real-all") / "src", aigloss_autolink="all")
    app = builds["real-all"]
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    return Path(app.outdir)


@pytest.mark.parametrize("page", ["guide", "guide-md"])
def test_first_mode_links_where_an_editor_would(real_first: Path, page: str) -> None:
    assert prose_links(soup(real_first / f"{page}.html")) == GUIDE_FIRST


@pytest.mark.parametrize("page", ["guide", "guide-md"])
def test_all_mode_links_only_what_may_be_linked(real_all: Path, page: str) -> None:
    assert prose_links(soup(real_all / f"{page}.html")) == GUIDE_ALL


@pytest.mark.parametrize("page", ["tables", "tables-md"])
def test_tables_link_cells_but_not_header_rows(real_all: Path, page: str) -> None:
    html = soup(real_all / f"{page}.html")
    assert html.select("thead a.aigloss-term") == []
    more = ["Pruning", "Knowledge Distillation"] if page == "tables" else []
    assert [text for text, _ in prose_links(html)] == ["Fine-tuning", "LoRA", "QLoRA", "PEFT", "DPO", *more]


def test_docstrings_are_prose_but_their_references_are_not(real_all: Path) -> None:
    # The docstring's ".. rubric:: References" (what numpydoc's References section becomes)
    # starts a list of works: its "LoRA" and "Low-Rank Adaptation" are left alone.
    assert prose_links(soup(real_all / "api.html")) == [
        ("LoRA", "aiterm-lora"), ("Supervised Fine-Tuning", "aiterm-supervised-fine-tuning")]


@real_root("ignore", aigloss_autolink="all", aigloss_autolink_ignore=["PEFT methods"])
def test_ignored_phrases_come_from_the_config(app: SphinxTestApp) -> None:
    # "the PEFT library" is a library's name even without the phrase; "PEFT methods" is left
    # alone only with it.
    app_build_real(app)
    links = prose_links(soup(Path(app.outdir) / "guide.html"))
    assert links[:3] == [("LoRA", "aiterm-lora"), ("LoRA", "aiterm-lora"), ("Quantization", "aiterm-quantization")]


@real_root("alert", myst_enable_extensions=["alert"])
def test_myst_alert_extension_makes_the_same_note(app: SphinxTestApp) -> None:
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    if not hasattr(DocutilsRenderer, "render_alert"):
        pytest.skip("this MyST-Parser has no 'alert' extension: the block quote form is tested above")
    app_build_real(app)
    page = soup(Path(app.outdir) / "guide-md.html")
    note = page.select_one("div.admonition.note")
    assert note is not None
    assert [a.get_text() for a in note.select("a.aigloss-term")] == ["Data Curation"]
    assert prose_links(page) == GUIDE_FIRST


@real_root("report", aigloss_autolink=False, aigloss_report_unlinked=True)
def test_report_once_per_term_and_page_at_the_mention(app: SphinxTestApp, warning: StringIO) -> None:
    app_build_real(app)

    docstring = "aigloss_demo_adapters.py:docstring of aigloss_demo_adapters.attach"
    assert warnings(warning.getvalue(), app.srcdir) == [
        # Autodoc content: the docstring and its line, as Sphinx reports docstring warnings.
        w(f"{docstring}:1", "LoRA"),
        w(f"{docstring}:3", "Supervised Fine-Tuning"),
        # Never the blank line of the INFO message about the two "LoRA" links.
        w("guide.rst:7", "LoRA"),
        w("guide.rst:10", "PEFT"),
        w("guide.rst:14", "Quantization"),
        w("guide.rst:23", "QLoRA"),
        w("guide.rst:25", "Supervised Fine-Tuning"),
        w("guide.rst:26", "DPO"),
        w("guide.rst:26", "reward model"),
        w("guide.rst:39", "Data Curation"),
        w("guide-md.md:6", "LoRA", "{aiterm}"),
        w("guide-md.md:9", "PEFT", "{aiterm}"),
        w("guide-md.md:13", "Quantization", "{aiterm}"),
        w("guide-md.md:22", "QLoRA", "{aiterm}"),
        w("guide-md.md:24", "Supervised Fine-Tuning", "{aiterm}"),
        w("guide-md.md:25", "DPO", "{aiterm}"),
        w("guide-md.md:25", "reward model", "{aiterm}"),
        w("guide-md.md:35", "Data Curation", "{aiterm}"),
        # Table cells at their own line: csv-table rows (docutils counts their lines from
        # the cell; MyST gives them all the first row's), list-table items, header rows
        # given as an option, and MyST pipe tables (whose cells carry the table's line).
        w("tables.rst:10", "Fine-tuning"),
        w("tables.rst:11", "LoRA"),
        w("tables.rst:13", "QLoRA"),
        w("tables.rst:20", "PEFT"),
        w("tables.rst:21", "DPO"),
        w("tables.rst:29", "Pruning"),
        w("tables.rst:30", "Knowledge Distillation"),
        w("tables-md.md:9", "Fine-tuning", "{aiterm}"),
        w("tables-md.md:10", "LoRA", "{aiterm}"),
        w("tables-md.md:12", "QLoRA", "{aiterm}"),
        w("tables-md.md:18", "PEFT", "{aiterm}"),
        w("tables-md.md:19", "DPO", "{aiterm}"),
    ]


# -- Documentation nobody tuned the rules on (issue 21) ------------------------------------
# tests/roots/test-autolink-unseen: each pattern that misplaced links on unseen documentation,
# in reStructuredText and in MyST where both can write it; "all" mode, where every rule counts.

@pytest.fixture
def unseen(builds: dict[str, SphinxTestApp], make_app: MakeApp,
           tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    if "unseen" not in builds:
        builds["unseen"] = sphinx_run(make_app, copy_root("autolink-unseen", tmp_path_factory.mktemp("unseen") / "src"))
    app = builds["unseen"]
    return Path(app.outdir), warnings(app.warning.getvalue(), app.srcdir)


def test_myst_implicit_links_resolve_as_without_the_extension(unseen: tuple[Path, list[str]]) -> None:
    out, found = unseen
    page = soup(out / "links.html")
    # A page named like a term, a label, a heading: as MyST resolves them alone. A missing
    # target still warns (and no "more than one target found").
    assert [str(a["href"]) for a in page.select("div.body p a")] == [
        "quantization.html", "quantization.html#sft-label", "#more-reading", "#dpo"]
    assert page.select("a.aigloss-term") == []
    assert "links.md:3: WARNING: 'myst' cross-reference target not found: 'dpo' [myst.xref_missing]" in found
    assert not [line for line in found if "more than one target" in line and "'any'" not in line]


def test_any_role_reaches_terms_and_names_them_when_ambiguous(unseen: tuple[Path, list[str]]) -> None:
    out, found = unseen
    assert prose_links(soup(out / "anyrole.html")) == [("LoRA", "aiterm-lora")]
    # Sphinx 8.2 added the "[ref.any]" type to this message.
    assert ("anyrole.rst:13: WARNING: more than one target found for 'any' cross-reference 'reward model': "
            "could be :std:ref:`Scores` or :aigloss:term:`Reward Model`") in {line.removesuffix(" [ref.any]")
                                                                         for line in found}


@pytest.mark.parametrize("page", ["bold", "bold-md"])
def test_other_form_in_parentheses_seen_through_inline_markup(unseen: tuple[Path, list[str]], page: str) -> None:
    # "**[DPO](…)** (Direct Preference Optimization)", "**LoRA** (Low-Rank Adaptation)",
    # "*Supervised Fine-Tuning* (SFT)": one link each, none on the form in parentheses.
    links = prose_links(soup(unseen[0] / f"{page}.html"))
    assert links == [("LoRA", "aiterm-lora"), ("Supervised Fine-Tuning", "aiterm-supervised-fine-tuning"),
                     *([("Knowledge Distillation", "aiterm-knowledge-distillation")] if page == "bold" else [])]


@pytest.mark.parametrize("page", ["wrapped", "wrapped-md"])
def test_a_mention_spans_a_soft_line_break(unseen: tuple[Path, list[str]], page: str) -> None:
    assert prose_links(soup(unseen[0] / f"{page}.html")) == [
        ("parameter\nefficient fine-tuning", "aiterm-peft"),  # not "fine-tuning" alone
        ("Supervised Fine-Tuning", "aiterm-supervised-fine-tuning")]  # and not "(SFT)" on the next line


def test_a_block_quote_inside_an_admonition_is_indentation(unseen: tuple[Path, list[str]]) -> None:
    assert prose_links(soup(unseen[0] / "note.html")) == [("Pruning", "aiterm-pruning")]


@pytest.mark.parametrize("page", ["code", "code-md"])
def test_default_role_and_identifiers_are_not_prose(unseen: tuple[Path, list[str]], page: str) -> None:
    # `quantize_`, reward_model, fine_tune, torch.ao.quantization, quantize(model), peft.LoraConfig
    assert prose_links(soup(unseen[0] / f"{page}.html")) == [("Quantization", "aiterm-quantization")]


def test_ignored_phrases_hold_any_character_and_excluded_terms_keep_roles(unseen: tuple[Path, list[str]]) -> None:
    out, found = unseen
    page = soup(out / "library.html")
    # "🤗 PEFT" (also across a line break), "the PEFT library", "HuggingFace PEFT", "the PEFT
    # ecosystem" are the library; the
    # ignored "PEFT/LoRA" holds a symbol; PPO is excluded by another of its names, and the
    # role still links it.
    assert prose_links(page) == [("PEFT", "aiterm-peft"), ("PPO", "aiterm-ppo")]
    assert [a.get_text() for a in page.select("a.aigloss-term:has(.aigloss-auto)")] == ["PEFT"]
    assert found[:2] == [
        "WARNING: aigloss_autolink_ignore: '🤗' names no term, so it can never match a mention [aigloss.config]",
        "WARNING: aigloss_autolink_exclude: 'Flux Capacitor' is no term's name [aigloss.config]"]
    assert len(found) == 4  # and the two reference warnings above


def test_canonical_aliases_real_docs_write(unseen: tuple[Path, list[str]]) -> None:
    assert prose_links(soup(unseen[0] / "names.html")) == [
        ("Quantized Low-Rank Adaptation", "aiterm-qlora"),  # not LoRA inside QLoRA's name
        ("quantizes", "aiterm-quantization"),
        ("Reward Modeling", "aiterm-reward-model"), ("reward\nmodelling", "aiterm-reward-model"),
        # Not inside other methods' names given with their own abbreviations ("Generalized
        # Low-Rank Adaptation (GLoRA)", "AdaLoRA (Adaptive LoRA)"); "The Reward Model (RM)" is ours.
        ("Reward Model", "aiterm-reward-model"),
        # Another name of Instruction Tuning; an other form in parentheses a word after the link.
        ("Instruction fine-tuning", "aiterm-instruction-tuning"), ("Parameter-efficient fine-tuning", "aiterm-peft")]


def test_british_spellings_are_name_forms(unseen: tuple[Path, list[str]]) -> None:
    """"-isation" and "-elling" name the terms written "-ization" and "-eling" (the other
    spelling, as real docs write it; each direction is checked in ``test_names``)."""
    assert prose_links(soup(unseen[0] / "spellings-md.html")) == [
        ("Quantisation", "aiterm-quantization"), ("Memorisation", "aiterm-memorization"),
        ("Masked language modelling", "aiterm-masked-language-modeling")]


def test_report_once_per_location_under_parallel_reading(make_app: MakeApp, tmp_path: Path) -> None:
    """Two processes may read the two pages that include one file: the report is noted while
    pages are read and emitted once reading is over, so ``-j 2`` warns as a serial build does."""
    found = {}
    for parallel in (1, 2):
        src = copy_root("autolink-unseen", tmp_path / f"j{parallel}")
        # A third page including the file, far from the others in name order: Sphinx gives it to
        # another reading process than inc-a and inc-b.
        (src / "zz-inc.rst").write_text(":orphan:\n\nLast\n====\n\n.. include:: shared.inc\n", encoding="utf-8")
        app = sphinx_run(make_app, src, parallel=parallel,
                         confoverrides={"aigloss_autolink": False, "aigloss_report_unlinked": True})
        found[parallel] = warnings(app.warning.getvalue(), app.srcdir)
    assert found[2] == found[1]
    assert found[1].count(w("shared.inc:1", "Pruning")) == 1


@pytest.mark.sphinx("html", testroot="autolink-unseen", srcdir="test_autolink-unseen-report",
                    confoverrides={"aigloss_autolink": False, "aigloss_report_unlinked": True})
def test_report_once_per_location_with_fixes_that_work(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    found = warnings(warning.getvalue(), app.srcdir)
    nested = "write {} in place of {} (a role cannot be nested in {}) [aigloss.unlinked_mention]"
    assert [line for line in found if line.startswith(("bold.rst", "shared.inc", "library", "inc-"))] == [
        # rST cannot nest a role in **bold**: the fix closes the markup around the role.
        "bold.rst:4: WARNING: unlinked mention of AI term 'LoRA': "
        + nested.format(":aiterm:`LoRA`", "**LoRA**", "**...**"),
        "bold.rst:4: WARNING: unlinked mention of AI term 'Supervised Fine-Tuning': "
        + nested.format(":aiterm:`Supervised Fine-Tuning`", "*Supervised Fine-Tuning*", "*...*"),
        "bold.rst:5: WARNING: unlinked mention of AI term 'Knowledge Distillation': "
        + nested.format("**use** :aiterm:`Knowledge Distillation`, **twice**",
                        "**use Knowledge Distillation, twice**", "**...**"),
        w("shared.inc:1", "Pruning"),  # included by two pages, reported once
        w("library.md:5", "PEFT", "{aiterm}"),  # not "🤗 PEFT" nor "HuggingFace PEFT"; PPO is excluded
    ]
    assert w("bold-md.md:4", "LoRA", "{aiterm}") in found  # MyST nests roles in **bold**
    # The fix, applied (fixed.rst), builds: bold words, the link, the comma between.
    fixed = soup(Path(app.outdir) / "fixed.html").select_one("div.body p")
    assert fixed is not None
    assert [(c.name, c.get_text()) for c in fixed.children if isinstance(c, Tag)] == [
        ("strong", "use"), ("a", "Knowledge Distillation"), ("strong", "twice")]
    assert fixed.get_text() == "use Knowledge Distillation, twice"


# -- Other senses of a term's words (issue 21, the tuning round) ----------------------------
# tests/roots/test-autolink-senses, "all" mode, project = "DPO": a library named after a
# concept, a term inside a longer name, the everyday verb, tags; rST and MyST alike.

@pytest.fixture
def senses(builds: dict[str, SphinxTestApp], make_app: MakeApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "senses" not in builds:
        builds["senses"] = sphinx_run(make_app, copy_root("autolink-senses", tmp_path_factory.mktemp("senses") / "src"))
    app = builds["senses"]
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    return Path(app.outdir)


@pytest.mark.parametrize("page", ["library", "library-md"])
def test_a_library_named_after_a_concept_is_not_the_concept(senses: Path, page: str) -> None:
    # Not in a list of libraries ("transformers, PEFT and accelerate", "DeepSpeed/PEFT"), after
    # "handed straight to", "the warnings from", "install", nor "PEFT's defaults", "the PEFT format"; "DPO" is the
    # project's own name, so bare it is the library too. The concept stays: "PEFT methods",
    # "DPO methods", the expansion; "Install SFT and ... dependencies" is not an installation of SFT.
    assert [(" ".join(text.split()), key) for text, key in prose_links(soup(senses / f"{page}.html"))] == [
        ("PEFT", "aiterm-peft"),
        ("Direct Preference Optimization", "aiterm-dpo"), ("DPO", "aiterm-dpo"),
        ("SFT", "aiterm-supervised-fine-tuning"), ("reward model", "aiterm-reward-model")]


def test_a_page_whose_code_imports_the_library(senses: Path) -> None:
    # "from peft import ...": on this page bare "PEFT" is the package; "PEFT methods" is not.
    page = soup(senses / "imports.html")
    assert prose_links(page) == [("PEFT", "aiterm-peft")]
    link = page.select_one("a.aigloss-term")
    assert link is not None
    assert link.parent is not None
    assert "Most PEFT methods" in link.parent.get_text()


@pytest.mark.parametrize("page", ["names", "names-md"])
def test_a_term_inside_a_longer_name_tags_and_urls(senses: Path, page: str) -> None:
    # Not "Reinforced Fine-Tuning", "Synthetic Data Kit", "the Distillation Trainer",
    # "(Generalized Knowledge Distillation)" after a link, "Orthogonal Fine-Tuning (OFT)" nor
    # the same name later in lower case; not
    # in a URL, nor in cells of lower-case tags, nor in "ServeLoRA (LoRA Serving)", a longer
    # word spelled out. "INT4-quantized" is the term with a modifier;
    # a Title-Case label ("Full Weights Fine-Tuning") is the term.
    assert prose_links(soup(senses / f"{page}.html")) == [
        ("fine-tuning", "aiterm-fine-tuning"), ("quantized", "aiterm-quantization"),
        ("LoRA", "aiterm-lora"), ("QLoRA", "aiterm-qlora"),  # "LoRA+QLoRA" names two; "LoRA+" another
        ("Fine-Tuning", "aiterm-fine-tuning"), ("Knowledge Distillation", "aiterm-knowledge-distillation"),
        ("Pruning", "aiterm-pruning")]


@pytest.mark.parametrize("page", ["everyday", "everyday-md"])
def test_the_everyday_verb_adjusts_a_setting(senses: Path, page: str) -> None:
    # "fine-tuning how the hardware is used", "fine-tune the micro-batch size", "the default
    # split is 16, but you can fine-tune it": not the term.
    assert prose_links(soup(senses / f"{page}.html")) == [("fine-tune", "aiterm-fine-tuning")]


@pytest.mark.parametrize("page", ["compound", "compound-md"])
def test_a_name_made_of_our_own_terms_is_the_term(senses: Path, page: str) -> None:
    # "LoRA Fine-Tuning", "Efficient QLoRA Fine-Tuning", "Multi-GPU Pre-Training": our terms,
    # abbreviations and ordinary modifiers, so the term, and the page does not remember them
    # as a name (the later "LoRA fine-tuning" is linked). "Reinforced Fine-Tuning" is another
    # method's name: neither it nor the later "reinforced fine-tuning" is linked.
    assert prose_links(soup(senses / f"{page}.html")) == [
        ("QLoRA", "aiterm-qlora"), ("Fine-Tuning", "aiterm-fine-tuning"),
        ("LoRA", "aiterm-lora"), ("Fine-Tuning", "aiterm-fine-tuning"), ("Pre-Training", "aiterm-pre-training"),
        ("LoRA", "aiterm-lora"), ("fine-tuning", "aiterm-fine-tuning"),
        ("QLoRA", "aiterm-qlora"), ("fine-tuning", "aiterm-fine-tuning"),
        ("QLoRA", "aiterm-qlora"), ("Fine-Tuning", "aiterm-fine-tuning"), ("quantized", "aiterm-quantization"),
        ("fine-tuning", "aiterm-fine-tuning")]


# -- Another sense of a term's words, notes in block quotes (issue 21, round 5) --------------

@pytest.mark.parametrize("page", ["other-sense", "other-sense-md"])
def test_the_words_around_a_mention_give_it_another_sense(senses: Path, page: str) -> None:
    # Not: clusters that are pruned and merged, synthetic data for a short check run, a latent
    # rollout's reward model next to a dynamics model, fine-tuning a cleaner's behavior, "Distill"
    # among CamelCase task names or in a table row about condensed paraphrases (a "Pretrain"
    # cell is the term), GEMM "wave quantization", "MLM" spelling the capitals of
    # "Mega-LM" on the page, "knowledge distillations" (their products), a line of tags, a
    # relay that deduplicates request keys, the distillation a rewrite task condenses, the end
    # of a work's title ("Understanding the Role of the Projector in ..."). The
    # other paragraphs use the same words in the terms' senses: a model's heads, data generated
    # by a teacher, a reward model of human preferences, the model's behavior, documents.
    assert prose_links(soup(senses / f"{page}.html")) == [
        ("prune", "aiterm-pruning"), ("synthetic data", "aiterm-synthetic-data"),
        ("reward model", "aiterm-reward-model"), ("fine-tunes", "aiterm-fine-tuning"),
        ("distill", "aiterm-knowledge-distillation"), ("deduplication", "aiterm-deduplication"),
        ("Knowledge Distillation", "aiterm-knowledge-distillation"), ("Pretrain", "aiterm-pre-training")]


@pytest.mark.parametrize("page", ["page-sense", "page-sense-md"])
def test_a_page_that_uses_the_words_only_in_another_sense(senses: Path, page: str) -> None:
    # "kept through pruning" says nothing by itself; the page's other use, "the pruned
    # clusters", does (a code block's "prune the model weights" is not the page's prose). "MLM"
    # is the term here: no name on the page has those capitals.
    assert prose_links(soup(senses / f"{page}.html")) == [
        ("masked language model", "aiterm-masked-language-modeling"),
        ("MLM", "aiterm-masked-language-modeling")]


@pytest.mark.parametrize("page", ["notes", "notes-md"])
def test_a_block_quote_used_as_a_note_or_indentation_is_prose(senses: Path, page: str) -> None:
    # A block quote opening with a note's label ("**Note:**", "Note (small GPUs):", "**Tip**"),
    # or indented under a list item or a definition, is linked; a quotation is not ("pruning").
    expected = [("fine-tuned", "aiterm-fine-tuning"), ("quantized", "aiterm-quantization"),
                ("LoRA", "aiterm-lora"), ("LoRA", "aiterm-lora")]
    if page == "notes":
        expected.append(("Deduplication", "aiterm-deduplication"))
    assert prose_links(soup(senses / f"{page}.html")) == expected


def test_a_page_titled_references_with_sections_is_a_manual(senses: Path) -> None:
    # Its title does not make it a list of works; its "Further reading" section still is one.
    assert prose_links(soup(senses / "references.html")) == [
        ("data curation", "aiterm-data-curation"), ("deduplication", "aiterm-deduplication")]


@pytest.mark.parametrize("page", ["contents", "contents-md"])
def test_a_list_item_repeating_a_heading_is_a_contents_entry(senses: Path, page: str) -> None:
    # Two of "1. Quantization basics", "2. Methods", "3. Quantization methods" repeat headings:
    # the list is the page's own table of contents. The section's prose is linked, and so is a
    # list where one item of two is named like a section ("LoRA adapters on top").
    page_soup = soup(senses / f"{page}.html")
    assert prose_links(page_soup) == [("Quantization", "aiterm-quantization"), ("LoRA", "aiterm-lora")]
    link = page_soup.select_one("a.aigloss-term")
    assert link is not None
    assert link.parent is not None
    assert link.parent.get_text() == "Quantization stores weights in fewer bits."


@pytest.mark.parametrize("page", ["second-form", "second-form-md"])
def test_second_form_of_the_same_term_in_one_parenthesis(unseen: tuple[Path, list[str]], page: str) -> None:
    # "(SFT, Supervised Fine-Tuning)", "(LoRA / Low-Rank Adaptation)": the second form is not linked
    # again; "(SFT, Direct Preference Optimization)" names two terms, both linked.
    assert prose_links(soup(unseen[0] / f"{page}.html")) == [
        ("SFT", "aiterm-supervised-fine-tuning"), ("LoRA", "aiterm-lora"),
        ("SFT", "aiterm-supervised-fine-tuning"), ("Direct Preference Optimization", "aiterm-dpo")]
