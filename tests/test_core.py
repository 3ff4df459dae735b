"""Real Sphinx builds: the roles, the warnings, the glossary directive, the inventory."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import load_glossary
from tests.util import ROOTS, build_once, cards, page_data, soup, term_links, warnings

GLOSSARY, _ = load_glossary()
FORM_KEYS = ["rlhf", "rlhf", "rlhf", "reward-model", "pre-training", "pre-training", "pre-training", "lora",
             "dpo", "dpo"]
FORM_TEXTS = ["RLHF", "human feedback", "Reinforcement Learning from Human Feedback", "reward models",
              "pre-training", "Pretraining", "pre training", "lora", "DPO", "DPO"]


#: One build of the "core" root serves every test with both marks (Sphinx's shared_result).
CORE = pytest.mark.sphinx("html", testroot="core")
SHARED = pytest.mark.test_params(shared_result="test_core")


@pytest.fixture
def core(app: SphinxTestApp) -> SphinxTestApp:
    return build_once(app)


@CORE
@SHARED
@pytest.mark.parametrize("page", ["forms", "forms_md"])
def test_every_name_form_links_to_its_entry(core: SphinxTestApp, page: str) -> None:
    links = term_links(soup(core.outdir / f"{page}.html"))
    assert [a.get_text() for a in links] == FORM_TEXTS
    assert [a["href"] for a in links] == [f"glossary.html#aiterm-{key}" for key in FORM_KEYS]
    # The native title is the no-JavaScript hover: the short definition.
    assert links[0]["title"] == GLOSSARY.terms["rlhf"].short_definition


@CORE
@SHARED
def test_rst_and_myst_give_the_same_body(core: SphinxTestApp) -> None:
    rst = soup(core.outdir / "forms.html").select_one("section")
    md = soup(core.outdir / "forms_md.html").select_one("section")
    assert rst is not None
    assert md is not None
    assert [p.decode_contents() for p in rst.select("p")] == [p.decode_contents() for p in md.select("p")]


@CORE
@SHARED
def test_aidef_renders_term_and_short_definition(core: SphinxTestApp) -> None:
    node = soup(core.outdir / "forms.html").select_one(".aigloss-inline-definition")
    assert node is not None
    assert node.get_text() == ("DPO (Direct Preference Optimization): Simpler RLHF alternative that skips "
                               "reward model training, directly optimizing on preference data via "
                               "classification loss.")


@CORE
@SHARED
def test_unknown_terms_warn_with_location_and_render_as_text(core: SphinxTestApp) -> None:
    assert warnings(core.warning.getvalue(), core.srcdir) == [
        "unknown.rst:4: WARNING: unknown AI term 'RHLF' (did you mean 'RLHF'?) [aigloss.unknown_term]",
        "unknown.rst:6: WARNING: unknown AI term 'flux capacitor' [aigloss.unknown_term]",
    ]
    page = soup(core.outdir / "unknown.html")
    assert term_links(page) == []
    assert "A typo: RHLF." in page.get_text()


@CORE
@SHARED
def test_glossary_page_has_every_term_by_category(core: SphinxTestApp) -> None:
    page = soup(core.outdir / "glossary.html")
    headings = [h.get_text() for h in page.select("p.aigloss-category")]
    assert headings == ["Pre-Training Concepts", "Fine-Tuning Methods", "Efficient Training", "Data Concepts"]
    ids = [dt["id"] for dt in page.select("dl.aigloss-glossary dt")]
    assert len(ids) == 30
    assert ids[:3] == ["aiterm-compute-budget", "aiterm-data-curation", "aiterm-masked-language-modeling"]
    text = page.get_text()
    for term in GLOSSARY:
        assert term.definition.split(". ")[0] in " ".join(text.split())
    refs = page.select("ul.aigloss-references li")
    assert len(refs) == 12
    assert page.select_one("#aiterm-rlhf") is not None
    related = page.select_one("#aiterm-qlora + dd .aigloss-related")
    assert related is not None
    assert [a.get_text() for a in related.select("a")][:2] == ["LoRA", "Quantization"]


@CORE
@SHARED
def test_terms_in_definitions_link_to_their_entries(core: SphinxTestApp) -> None:
    page = soup(core.outdir / "glossary.html")
    qlora = page.select_one("#aiterm-qlora + dd p")
    assert qlora is not None
    assert [(a.get_text(), a["href"]) for a in qlora.select("a")] == [
        ("quantization", "#aiterm-quantization"), ("LoRA", "#aiterm-lora"), ("fine-tuning", "#aiterm-fine-tuning")]


@CORE
@SHARED
def test_inventory_and_index(core: SphinxTestApp) -> None:
    data = (core.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(data.split(b"\n", 4)[4]).decode()
    lines = [line for line in body.splitlines() if " aigloss:term " in line]
    assert len(lines) == 30
    assert "RLHF aigloss:term 1 glossary.html#aiterm-rlhf RLHF (Reinforcement Learning from Human Feedback)" in lines
    index = soup(core.outdir / "genindex.html")
    assert index.select_one('a[href="glossary.html#aiterm-rlhf"]') is not None


@CORE
@SHARED
def test_assets_only_on_pages_that_use_terms(core: SphinxTestApp) -> None:
    def assets(name: str) -> list[str]:
        page = soup(core.outdir / name)
        return sorted(str(tag.get("src") or tag.get("href")).split("?")[0]
                      for tag in page.select("script[src], link[rel=stylesheet]")
                      if "aigloss" in str(tag.get("src") or tag.get("href")))
    assert assets("forms.html") == ["_static/aigloss.css", "_static/aigloss.js"]
    script = soup(core.outdir / "forms.html").select_one('script[src*="aigloss.js"]')
    assert script is not None
    assert script.has_attr("defer")
    assert assets("index.html") == []
    assert (core.outdir / "_static" / "aigloss.js").is_file()


@CORE
@SHARED
def test_page_data_holds_only_used_terms(core: SphinxTestApp) -> None:
    page = soup(core.outdir / "forms.html")
    data = page_data(page)
    assert sorted(data) == ["dpo", "lora", "pre-training", "reward-model", "rlhf"]
    assert data["rlhf"]["name"] == "RLHF"
    assert data["rlhf"]["other"] == "Reinforcement Learning from Human Feedback"
    # One entry holds the whole card (the title of the page's first link is only the
    # no-JavaScript fallback).
    assert sorted(data["rlhf"]) == ["category", "name", "other", "segments", "url"]
    card = cards(page)["rlhf"]
    assert card["url"] == "glossary.html#aiterm-rlhf"
    assert "".join(text for text, _ in card["definition"]) == GLOSSARY.terms["rlhf"].short_definition
    assert [link for link in card["definition"] if link[1]] == [
        ("reward model", "glossary.html#aiterm-reward-model"), ("PPO", "glossary.html#aiterm-ppo")]
    assert all(isinstance(part, str) for part in data["pre-training"]["segments"])  # no links


@pytest.mark.sphinx("html", testroot="core", srcdir="test_core-suppressed",
                    confoverrides={"suppress_warnings": ["aigloss.unknown_term"]})
def test_warnings_can_be_suppressed_by_subtype(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []


@pytest.mark.sphinx("html", testroot="noglossary", srcdir="test_core-noglossary")
def test_without_a_glossary_links_go_to_the_extension_page(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []
    links = term_links(soup(app.outdir / "index.html"))
    assert [a["href"] for a in links] == ["aigloss-glossary.html#aiterm-rlhf", "aigloss-glossary.html#aiterm-qlora"]
    page = soup(app.outdir / "aigloss-glossary.html")
    assert page.select_one("#aiterm-rlhf") is not None
    assert len(page.select("dl.aigloss-glossary dt")) == 30
    assert page.select_one("script#aigloss-data") is not None
    assert "_static/aigloss.js" in str(page)
    body = zlib.decompress((app.outdir / "objects.inv").read_bytes().split(b"\n", 4)[4]).decode()
    assert "RLHF aigloss:term 1 aigloss-glossary.html#aiterm-rlhf" in body


@pytest.mark.sphinx("html", testroot="noglossary", srcdir="test_core-canonical",
                    confoverrides={"aigloss_canonical_url": "https://example.org/ai/glossary.html"})
def test_canonical_url_replaces_the_fallback_page(app: SphinxTestApp) -> None:
    app.build()
    links = term_links(soup(app.outdir / "index.html"))
    assert [a["href"] for a in links] == ["https://example.org/ai/glossary.html#aiterm-rlhf",
                                          "https://example.org/ai/glossary.html#aiterm-qlora"]
    assert not (app.outdir / "aigloss-glossary.html").exists()


@pytest.mark.sphinx("html", testroot="options", srcdir="test_core-options")
def test_glossary_options(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []
    efficient = soup(app.outdir / "efficient.html")
    assert [h.get_text() for h in efficient.select("p.aigloss-category")] == ["Efficient Training", "Data Concepts"]
    assert len(efficient.select("dl.aigloss-glossary dt")) == 13
    lora = efficient.select_one("#aiterm-lora + dd .aigloss-backlinks")
    assert lora is not None
    assert [(a.get_text(), a["href"]) for a in lora.select("a")] == [("More uses", "more.html"), ("Uses", "uses.html")]
    assert efficient.select_one("#aiterm-pruning + dd .aigloss-unreferenced") is not None
    assert efficient.select_one("#aiterm-memorization + dd .aigloss-unreferenced") is None

    used = soup(app.outdir / "used.html")
    assert [dt.get_text() for dt in used.select("dl.aigloss-glossary dt")] == [
        "RLHF (Reinforcement Learning from Human Feedback)", "LoRA (Low-Rank Adaptation)", "Data Poisoning"]
    # LoRA and Data Poisoning live in the first glossary (by document name); RLHF only here.
    uses = term_links(soup(app.outdir / "uses.html"))
    assert [a["href"] for a in uses] == ["efficient.html#aiterm-lora", "used.html#aiterm-rlhf"]


@pytest.mark.sphinx("html", testroot="options", srcdir="test_core-tooltips-off",
                    confoverrides={"aigloss_tooltips": False})
def test_tooltips_off_means_no_title_data_or_script(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "uses.html")
    links = term_links(page)
    assert links
    assert all(not a.get("title") for a in links)
    assert page.select_one("script#aigloss-data") is None
    assert "aigloss.js" not in str(page)


@pytest.mark.sphinx("html", testroot="badconfig", srcdir="test_core-badconfig")
def test_bad_config_values_warn_and_use_the_default(app: SphinxTestApp, warning: StringIO) -> None:
    assert warnings(warning.getvalue(), app.srcdir) == [
        "WARNING: invalid value 'terms.toml' for aigloss_data_files: expected a list of paths relative to the "
        "folder of conf.py; using the default [] [aigloss.config]",
        "WARNING: invalid value 'yes' for aigloss_tooltips: expected True or False; using the default True "
        "[aigloss.config]",
        "WARNING: invalid value 'medium' for aigloss_tooltip_length: expected 'short' or 'full'; using the "
        "default 'short' [aigloss.config]",
    ]
    assert app.config.aigloss_tooltip_length == "short"


@pytest.mark.sphinx("html", testroot="core", srcdir="test_core-nitpicky", confoverrides={"nitpicky": True})
def test_nitpicky_mode_adds_no_second_warning(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == [
        "unknown.rst:4: WARNING: unknown AI term 'RHLF' (did you mean 'RLHF'?) [aigloss.unknown_term]",
        "unknown.rst:6: WARNING: unknown AI term 'flux capacitor' [aigloss.unknown_term]",
    ]


@pytest.mark.sphinx("html", testroot="core", srcdir="test_core-nitpick-ignore",
                    confoverrides={"nitpicky": True, "nitpick_ignore": [("aigloss:term", "RHLF")]})
def test_nitpick_ignore_applies(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == [
        "unknown.rst:6: WARNING: unknown AI term 'flux capacitor' [aigloss.unknown_term]",
    ]


def test_other_projects_reach_terms_through_intersphinx(make_app: Callable[..., SphinxTestApp],
                                                       tmp_path: Path) -> None:
    up = make_app("html", srcdir=ROOTS / "test-intersphinx" / "up", builddir=tmp_path / "up")
    up.build()
    up.cleanup()  # before the next app: Sphinx's global registrations are per app
    inventory = {"up": ("https://up.example.org/", str(up.outdir / "objects.inv"))}
    down = make_app("html", srcdir=ROOTS / "test-intersphinx" / "down", builddir=tmp_path / "down",
                    confoverrides={"intersphinx_mapping": inventory})
    down.build()
    assert warnings(up.warning.getvalue() + down.warning.getvalue(), down.srcdir) == []
    paragraph = soup(down.outdir / "index.html").select_one("section p")
    assert paragraph is not None
    assert [a["href"] for a in paragraph.select("a")] == ["https://up.example.org/index.html#aiterm-house-style",
                     "https://up.example.org/index.html#aiterm-rlhf",
                     "aigloss-glossary.html#aiterm-rlhf"]


@pytest.mark.sphinx("html", testroot="substitution", srcdir="test_core-substitution")
def test_the_title_goes_on_a_link_readers_see(app: SphinxTestApp) -> None:
    """A substitution definition's copy of a link is never written out: the short
    definition (the title the card reads) must go on the first link that is."""
    app.build()
    page = soup(app.outdir / "index.html")
    links = term_links(page)
    assert [a.get_text() for a in links] == ["RLHF", "RLHF", "LoRA"]
    assert [a.get("title") for a in links] == [GLOSSARY.terms["rlhf"].short_definition, None,
                                               GLOSSARY.terms["lora"].short_definition]
    card = cards(page)["rlhf"]
    assert "".join(text for text, _url in card["definition"]) == GLOSSARY.terms["rlhf"].short_definition


@pytest.mark.sphinx("html", testroot="empty-options", srcdir="test_core-empty-options")
def test_an_empty_list_option_is_a_clear_directive_error(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    lines = warnings(warning.getvalue(), app.srcdir)
    assert [line for line in lines if line.startswith(("index.rst", "invalid", "a comma"))] == [
        'index.rst:4: ERROR: Error in "aigloss:glossary" directive:',
        'invalid option value: (option: "categories"; value: None)',
        "a comma-separated list is required.",
        'index.rst:7: ERROR: Error in "aigloss:term" directive:',
        'invalid option value: (option: "aliases"; value: None)',
        "a comma-separated list is required.",
    ]
