"""A hostile review of issue 22's surfaces (aigloss_expand_first, the list of abbreviations, the
terminology reports), one test per class of attack, on tests/roots/test-hostile22: data whose
forms hold markup, regular-expression metacharacters, a zero-width joiner, an abbreviation equal
to its expansion or to a common word; first uses in every kind of markup; other builders;
incremental builds; the reports under ``-j``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from sphinx.testing.util import SphinxTestApp

from tests.helpers import Once, in_theme
from tests.test_expand import listed
from tests.test_hover import CARD, Tabs, axe_audit, tab_to, tabs  # noqa: F401 -- tabs: a fixture
from tests.test_packs import ACME, WIDGET, install, site, uninstall  # noqa: F401 -- site: a fixture
from tests.test_terms_report import AGAIN_FROM_MYST, INCLUDED, INCLUDED_FROM_MYST, abbreviations, variants
from tests.util import MakeApp, copy_root, html_files, normalise_html, soup, sphinx_run, warnings

JOINER = "Zero\u200dwidth <b>joiner</b> & co"
LONG = " ".join(["Long expansion words repeated"] * 5)

#: The term links of each HTML page, in order.
PAGES = {
    "index": [
        "A+B",  # the author wrote its expansion, metacharacters and all, beside it
        f"{JOINER} (ZWJ)",  # "ZWJ" in the title is left alone
        "SAME",  # its abbreviation is its expansion: nothing to spell out
        "QT",  # expand = false
        f"{LONG} (LNG)",
        "Information Technology (IT)",  # "it", "US": no term
    ],
    "markup": [
        "Proximal Policy Optimization (PPO)",  # a footnote is prose
        "Low-Rank Adaptation (LoRA)",  # an admonition
        "Quantized LoRA (QLoRA)",  # the "only:: html" branch
        "PEFT", "Parameter-Efficient Fine-Tuning (PEFT)",  # a table's header row, then its body
        "Masked Language Modeling (MLM)",  # a list
        "Supervised Fine-Tuning (SFT)",  # a field body
        "RLAIF",  # an aigloss:term body is the term's entry, not the page's prose
        "Direct Preference Optimization (DPO)",  # an autodoc docstring
        "Reinforcement Learning from Human Feedback (RLHF)",  # a substitution
        "Constitutional AI (CAI)",  # an included file
        "the title", "RL from AI Feedback (RLAIF)",  # an explicit title, then the next use
    ],
    "other": ["Constitutional AI (CAI)"],  # an orphan page including the same file
    # MyST: a link's text is no use, nor is a role inside it; bold; an expansion hard-wrapped.
    "md": ["PPO", "Reinforcement Learning from Human Feedback (RLHF)", "Direct Preference\nOptimization (DPO)"],
}

#: The list of abbreviations (:used-only:): "A+B" is used only through its role, "SAME" has
#: no other form.
LISTED = [("A+B", "Alpha (Beta)+ [gamma] \\1 $x", "aiterm-regex-term"),
          ("CAI", "Constitutional AI", "aiterm-constitutional-ai"),
          ("DPO", "Direct Preference Optimization", "aiterm-dpo"),
          ("IT", "Information Technology", "aiterm-information-technology"),
          ("LNG", LONG, "aiterm-long-term"),
          ("LoRA", "Low-Rank Adaptation", "aiterm-lora"),
          ("MLM", "Masked Language Modeling", "aiterm-masked-language-modeling"),
          ("PEFT", "Parameter-Efficient Fine-Tuning", "aiterm-peft"),
          ("PPO", "Proximal Policy Optimization", "aiterm-ppo"),
          ("QLoRA", "Quantized LoRA", "aiterm-qlora"),
          ("QT", "Quiet Term Expansion", "aiterm-quiet-term"),
          ("RLAIF", "RL from AI Feedback", "aiterm-rlaif"),
          ("RLHF", "Reinforcement Learning from Human Feedback", "aiterm-rlhf"),
          ("SFT", "Supervised Fine-Tuning", "aiterm-supervised-fine-tuning"),
          ("ZWJ", JOINER, "aiterm-joiner-term")]


def links(page: BeautifulSoup) -> list[str]:
    """The text of a page's term links, in order, but those of its list of abbreviations (those
    of field lists, definitions and API descriptions, also ``dl`` elements, count)."""
    return [a.get_text() for a in page.select("div.body a.aigloss-term")
            if not a.find_parent("dl", "aigloss-abbreviations")]


def build(once: Once, buildername: str) -> SphinxTestApp:
    """The "hostile22" root built by ``buildername``, once for the module: no warning."""
    app = once.root("hostile22", buildername)
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    return app


def test_data_and_markup_in_html(once: Once) -> None:
    out = Path(build(once, "html").outdir)
    assert {name: links(soup(out / f"{name}.html")) for name in PAGES} == PAGES
    abbr = soup(out / "abbr.html")
    assert listed(abbr) == LISTED
    raw = (out / "index.html").read_text(encoding="utf-8")
    assert "Zero\u200dwidth &lt;b&gt;joiner&lt;/b&gt; &amp; co (ZWJ)" in raw
    assert "<b>joiner" not in raw + (out / "abbr.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("mode", "expected"), [
    (False, ["A+B"]),  # roles only
    ("all", [*PAGES["index"], "ZWJ", "IT"]),  # every mention linked, the first spelled out
])
def test_autolink_modes(make_app: MakeApp, tmp_path: Path, mode: object, expected: list[str]) -> None:
    app = sphinx_run(make_app, copy_root("hostile22", tmp_path / "src"), confoverrides={"aigloss_autolink": mode})
    assert links(soup(Path(app.outdir) / "index.html")) == expected


def _text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("buildername", ["text", "man", "texinfo"])
def test_other_builders(once: Once, buildername: str) -> None:
    """Text writes a file per page, spelled out per page; man and Texinfo one document, spelled
    out once. The ``only:: not html`` branch holds the first QLoRA."""
    out = Path(build(once, buildername).outdir)
    if buildername == "text":
        markup, other = _text(out / "markup.txt"), _text(out / "other.txt")
        assert "Only elsewhere *Quantized LoRA (QLoRA)*" in markup
        assert "Only in HTML" not in markup
        assert "Included text uses *Constitutional AI (CAI)*." in other
        assert "Header *PEFT* |" in markup
        assert "Body *Parameter-Efficient Fine-Tuning (PEFT)* |" in markup
        shown = _text(out / "abbr.txt")
        assert "aligns the model. A+B Alpha (Beta)+ [gamma] \\1 $x CAI Constitutional AI" in shown
        assert shown.endswith(f"ZWJ {JOINER}")
        return
    [document] = [path for path in out.iterdir() if path.suffix in {".1", ".texi"}]
    text = _text(document).replace("\\&", "").replace("\\e", "\\")  # man's escapes
    assert text.count("(CAI)") == text.count("(PPO)") == text.count("(QLoRA)") == 1
    assert "Only elsewhere Quantized LoRA (QLoRA)" in text
    assert "Only in HTML" not in text
    assert f"{JOINER} (ZWJ)" in text
    assert re.search(r"RLAIF\W+RL from AI Feedback", text)  # the list of abbreviations


def test_reports_once_per_place_under_parallel(make_app: MakeApp, tmp_path: Path) -> None:
    """A file two pages include, read by two processes, is reported once, and the warnings are
    those (in the order) of a serial build."""
    src = copy_root("terms", tmp_path / "terms")
    app = sphinx_run(make_app, src, parallel=2)
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        *abbreviations("abbrev.rst", ":aiterm:"), *abbreviations("abbrev_md.md", "{aiterm}"),
        *variants("variants.rst"), INCLUDED, *variants("variants_md.md"), *AGAIN_FROM_MYST]
    # An incremental build reports the pages it reads again, and only those.
    with (src / "variants_md.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more paragraph.\n")
    again = sphinx_run(make_app, src)
    assert warnings(again.warning.getvalue(), src) == [*variants("variants_md.md"), INCLUDED_FROM_MYST]


def _edit(src: Path) -> None:
    """Move a first use, drop an abbreviation, flip ``expand``: the same edits for both builds."""
    markup = src / "markup.rst"
    markup.write_text(markup.read_text(encoding="utf-8").replace(
        "A footnote [#f]_ here.", "A footnote [#f]_ here, after :aiterm:`PPO`."), encoding="utf-8")
    terms = src / "terms.toml"
    terms.write_text(terms.read_text(encoding="utf-8").replace('abbreviation = "LNG"\n', "").replace(
        "expand = false\n", "").replace('definition = "An abbreviation that is a common word."',
                                        'definition = "An abbreviation that is a common word."\nexpand = false'),
        encoding="utf-8")


def _spare(src: Path) -> None:
    """Change what only the full list shows, on a page with both lists."""
    terms = src / "terms.toml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("Spare Part", "Spare Wheel"), encoding="utf-8")


def test_incremental_equals_fresh(once: Once, make_app: MakeApp, tmp_path: Path) -> None:
    first = build(once, "html")
    src = Path(first.srcdir)
    _edit(src)
    sphinx_run(make_app, src)
    _spare(src)
    again = sphinx_run(make_app, src)
    fresh_src = copy_root("hostile22", tmp_path / "fresh")
    _edit(fresh_src)
    _spare(fresh_src)
    fresh = sphinx_run(make_app, fresh_src)
    updated, expected = html_files(Path(again.outdir)), html_files(Path(fresh.outdir))
    assert updated.keys() == expected.keys()
    # Sphinx's own search index keeps an empty entry for a word gone from a page ("lng").
    assert [name for name in updated if normalise_html(updated[name]) != normalise_html(expected[name])
            and name != "searchindex.js"] == []
    page: BeautifulSoup = soup(Path(fresh.outdir) / "index.html")
    assert links(page)[3:] == ["Quiet Term Expansion (QT)", "IT"]  # the edits took effect
    assert links(soup(Path(fresh.outdir) / "markup.html"))[:2] == ["Proximal Policy Optimization (PPO)", "PPO"]
    assert "Spare Wheel" in (Path(fresh.outdir) / "markup.html").read_text(encoding="utf-8")


# -- the browser: keyboard and axe-core on spelled-out links and the list, in five themes --------

THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme"]


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:sphinx_book_theme",
                            "ignore::DeprecationWarning:sphinx_book_theme")
@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_and_axe_in_themes(make_app: MakeApp, tmp_path: Path, tabs: Tabs,  # noqa: F811 -- the fixture
                                    theme: str) -> None:
    """A spelled-out use is one link that Tab reaches and that shows the card; axe-core finds
    nothing wrong with it or with the list of abbreviations (one page load per theme)."""
    src = copy_root("hostile22", tmp_path / "src")
    app = sphinx_run(make_app, src, confoverrides=in_theme(theme))
    page = tabs.open((Path(app.outdir) / "abbr.html").as_uri(), reduced_motion="reduce")
    tab_to(page, "Supervised Fine-Tuning (SFT)")
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("Supervised Fine-Tuning")
    assert page.locator("dl.aigloss-abbreviations a.aigloss-term").count() == len(LISTED)
    result = axe_audit(page)
    assert result["violations"] == []
    assert "aria-tooltip-name" in result["cardPasses"]


# -- installed packs: the same data rules as a project's files -------------------------------------

PACK_TERMS = '''
[[terms]]
name = "Widget Kit"
abbreviation = "WK"
expansion = "Widget <Kit> & [Co]+"
category = "Acme"
definition = "A kit."

[[terms]]
name = "Gadget Set"
abbreviation = "GS"
expansion = "Gadget Set Expansion"
category = "Acme"
definition = "A set."
expand = false
'''


def test_installed_pack_terms(site: Path, make_app: MakeApp, tmp_path: Path) -> None:  # noqa: F811 -- the fixture
    """An installed pack's terms are spelled out (escaped) and opt out as a project's do; a
    wrong ``expand`` in a pack is an error naming the pack's file and distribution."""
    install(site, "acme-glossary", toml=ACME.format(definition=WIDGET) + PACK_TERMS)
    src = copy_root("hostile22", tmp_path / "src")
    (src / "pack.rst").write_text(":orphan:\n\nPack\n====\n\nUses :aiterm:`WK` and :aiterm:`GS`.\n", encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert warnings(app.warning.getvalue(), src) == []
    page = (Path(app.outdir) / "pack.html").read_text(encoding="utf-8")
    assert links(soup(Path(app.outdir) / "pack.html")) == ["Widget <Kit> & [Co]+ (WK)", "GS"]
    assert "Widget &lt;Kit&gt; &amp; [Co]+ (WK)" in page
    uninstall(site, "acme-glossary")
    install(site, "acme-glossary", toml=ACME.format(definition=WIDGET) + PACK_TERMS.replace("expand = false",
                                                                                            "expand = 0"))
    failed = sphinx_run(make_app, copy_root("hostile22", tmp_path / "bad"))
    assert failed.statuscode == 1
    assert warnings(failed.warning.getvalue(), failed.srcdir)[1] == (
        "  acme_glossary/acme.toml (from the distribution acme-glossary 1.0): term 'Gadget Set', field 'expand': "
        "must be a boolean, not an integer [aigloss.data]")
