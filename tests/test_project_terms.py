"""A project's own terms: the aigloss:term directive, data files, overrides and conflicts."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zlib
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, build_once, cards, copy_root, soup, sphinx_run, term_links, warnings

EXPECTED_WARNINGS = [
    "WARNING: AI term 'Quantization' in terms.toml redefines the one in sphinx_aigloss/data/training.toml "
    "without 'override'; the original is kept [aigloss.override]",
    "dup.rst:4: WARNING: duplicate definition of AI term 'Speculative Decoding' in dup.rst:4 (already defined "
    "in defs.rst:4; the first definition is kept) [aigloss.duplicate_term]",
    "dup.rst:9: WARNING: 'draft-and-verify' of AI term 'Draft Model' in dup.rst:9 is already a name of "
    "'Speculative Decoding' in defs.rst:4; it stays with the first [aigloss.duplicate_term]",
]


#: One build of the "project" root serves every test with both marks (Sphinx's shared_result).
PROJECT = pytest.mark.sphinx("html", testroot="project")
SHARED = pytest.mark.test_params(shared_result="test_project_terms")


@pytest.fixture
def project(app: SphinxTestApp) -> SphinxTestApp:
    return build_once(app)


@PROJECT
@SHARED
def test_conflicts_warn_naming_both_places(project: SphinxTestApp) -> None:
    assert warnings(project.warning.getvalue(), project.srcdir) == EXPECTED_WARNINGS


@pytest.mark.sphinx("html", testroot="project", srcdir="test_project_terms-parallel", parallel=2)
def test_conflicts_are_the_same_under_parallel_reading(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == EXPECTED_WARNINGS


@PROJECT
@SHARED
def test_project_terms_resolve_like_canonical_ones(project: SphinxTestApp) -> None:
    links = term_links(soup(project.outdir / "uses.html"))
    # The title (the no-JavaScript hover) comes once per term and page.
    assert [(a.get_text(), a["href"], a.get("title")) for a in links] == [
        ("MoE", "glossary.html#aiterm-mixture-of-experts",
         "A model built from many expert sub-networks, of which a router picks a few per token."),
        ("spec decoding", "defs.html#aiterm-speculative-decoding",
         "Generating several tokens with a small draft model and verifying them with the large one."),
        ("Pruning", "glossary.html#aiterm-pruning", "Our own wording: removing weights we do not need."),
        ("Quantization", "glossary.html#aiterm-quantization",
         "Reducing weight precision from 32/16-bit floating point to 8/4-bit integers."),
        ("Speculative Decoding", "defs.html#aiterm-speculative-decoding", None),
        ("Draft Model", "dup.html#aiterm-draft-model", "The small model that proposes tokens."),
        ("draft-and-verify", "defs.html#aiterm-speculative-decoding", None),
    ]
    inline = soup(project.outdir / "uses.html").select_one(".aigloss-inline-definition")
    assert inline is not None
    assert inline.get_text() == ("Speculative Decoding: Generating several tokens with a small draft model "
                                 "and verifying them with the large one.")


@PROJECT
@SHARED
def test_directive_renders_the_entry_with_rich_markup(project: SphinxTestApp) -> None:
    page = soup(project.outdir / "defs.html")
    dt = page.select_one("dl.aigloss-project-term dt#aiterm-speculative-decoding")
    assert dt is not None
    dd = dt.find_next_sibling("dd")
    assert dd is not None
    assert dd.select_one("em") is not None
    assert dd.select_one(".aigloss-category-label").get_text() == "Inference"  # type: ignore[union-attr]


@PROJECT
@SHARED
def test_glossary_and_inventory_include_project_terms(project: SphinxTestApp) -> None:
    page = soup(project.outdir / "glossary.html")
    assert [p.get_text() for p in page.select("p.aigloss-category")] == ["Efficient Training", "Architecture",
                                                                          "Inference"]
    names = [dt.get_text() for dt in page.select("dl.aigloss-glossary dt")]
    assert "Mixture of Experts (MoE)" in names
    assert "Speculative Decoding" in names
    # The entry the directive wrote is the link target, so the glossary's copy has no anchor.
    assert page.select_one("#aiterm-speculative-decoding") is None
    pruning = page.select_one("#aiterm-pruning + dd p")
    assert pruning is not None
    assert pruning.get_text() == "Our own wording: removing weights we do not need."
    body = zlib.decompress((project.outdir / "objects.inv").read_bytes().split(b"\n", 4)[4]).decode()
    assert "Speculative Decoding aigloss:term 1 defs.html#aiterm-speculative-decoding -" in body
    assert "MoE" not in [line.split(" ")[0] for line in body.splitlines()]
    assert ("Mixture of Experts aigloss:term 1 glossary.html#aiterm-mixture-of-experts Mixture of Experts (MoE)"
            in body)


@pytest.mark.sphinx("html", testroot="project", srcdir="test_project_terms-no-packs",
                    confoverrides={"aigloss_packs": []})
def test_packs_can_be_switched_off(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    lines = warnings(warning.getvalue(), app.srcdir)
    assert "WARNING: AI term 'Quantization'" not in " ".join(lines)
    links = term_links(soup(app.outdir / "uses.html"))
    assert "Quantization" in [a.get_text() for a in links]  # now the project's own definition
    page = soup(app.outdir / "glossary.html")
    assert page.select_one("#aiterm-lora") is None


def run_sphinx(src: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-q", *args, str(src), str(src / "_build")]
    return subprocess.run(command,
                          capture_output=True, text=True, check=False)


def test_bad_data_file_is_one_error_and_exit_status_1(tmp_path: Path) -> None:
    src = copy_root("project", tmp_path / "src")
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss"]\n'
                                 'aigloss_data_files = ["terms.toml", "missing.toml"]\n', encoding="utf-8")
    (src / "terms.toml").write_text('[[terms]]\nname = "X"\ncategory = 3\nwhat = 1\n', encoding="utf-8")
    result = run_sphinx(src)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.replace(str(src) + "/", "").splitlines() == [
        "ERROR: 4 problem(s) in the AI glossary data; fix them and build again:",
        "  terms.toml: term 'X', field 'category': must be a string, not an integer",
        "  terms.toml: term 'X', field 'what': unknown field (expected one of: abbreviation, aliases, autolink, "
        "category, definition, expand, expansion, id, inflect, name, override, references, related, unreferenced)",
        "  terms.toml: term 'X', field 'definition': is required",
        "  missing.toml: file not found (looked for missing.toml) [aigloss.data]",  # path made relative above
        "dup.rst:4: WARNING: duplicate definition of AI term 'Speculative Decoding' in dup.rst:4 (already defined "
        "in defs.rst:4; the first definition is kept) [aigloss.duplicate_term]",
        "dup.rst:9: WARNING: 'draft-and-verify' of AI term 'Draft Model' in dup.rst:9 is already a name of "
        "'Speculative Decoding' in defs.rst:4; it stays with the first [aigloss.duplicate_term]",
    ]


def test_not_toml_names_line_and_column(tmp_path: Path) -> None:
    src = copy_root("project", tmp_path / "src")
    (src / "terms.toml").write_text('[[terms]]\nname = "unterminated\n', encoding="utf-8")
    result = run_sphinx(src, "-W")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "terms.toml: not valid TOML: Illegal character '\\n' (at line 2, column 21) [aigloss.data]" in result.stderr


def test_editing_a_project_term_rewrites_the_pages_that_use_it(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("project", tmp_path / "src")
    sphinx_run(make_app, src)
    defs = src / "defs.rst"
    defs.write_text(defs.read_text(encoding="utf-8").replace("Generating several tokens", "Drafting tokens"),
                    encoding="utf-8")
    app = sphinx_run(make_app, src)
    links = term_links(soup(app.outdir / "uses.html"))
    assert links[1]["title"] == "Drafting tokens with a small draft model and verifying them with the large one."
    card = cards(soup(app.outdir / "uses.html"))["speculative-decoding"]
    assert card["definition"] == [("Drafting tokens with a small ", ""), ("draft model", "dup.html#aiterm-draft-model"),
                                  (" and verifying them with the large one.", "")]


def _short_definition(app: SphinxTestApp, key: str) -> str:
    return "".join(text for text, _url in cards(soup(app.outdir / "uses.html"))[key]["definition"])


def test_data_files_are_parsed_again_only_when_their_bytes_change(make_app: MakeApp, tmp_path: Path) -> None:
    import pickle

    from sphinx_aigloss import __version__
    from sphinx_aigloss.events import CACHE_FILE

    src = copy_root("project", tmp_path / "src")
    app = sphinx_run(make_app, src)
    cache_file = Path(app.doctreedir) / CACHE_FILE
    version, cache = pickle.loads(cache_file.read_bytes())
    assert version.startswith(f"{__version__}+")  # and the parsing code's digest
    assert list(cache) == ["terms.toml"]
    digest, pack = cache["terms.toml"]
    assert [term.name for term in pack.terms] == ["Mixture of Experts", "Pruning", "Quantization"]

    # What the cache holds for these bytes is what the next build uses: the file is not
    # parsed again (shown by a cached pack that says something else).
    moe = pack.terms[0]
    changed = dataclasses.replace(moe, definition="From the cache.")
    cache_file.write_bytes(pickle.dumps((version, {"terms.toml": (digest, type(pack)(pack.info, (
        changed, *pack.terms[1:])))})))
    (src / "uses.rst").write_text((src / "uses.rst").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _short_definition(sphinx_run(make_app, src), "mixture-of-experts") == "From the cache."

    # New bytes: read again, and the cache follows.
    toml = src / "terms.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("A model built from", "A network made of"),
                    encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert _short_definition(app, "mixture-of-experts").startswith("A network made of many expert")
    assert pickle.loads(cache_file.read_bytes())[1]["terms.toml"][0] != digest


def test_a_broken_cache_or_data_file_is_read_again_every_build(make_app: MakeApp, tmp_path: Path) -> None:
    from sphinx_aigloss.events import CACHE_FILE

    src = copy_root("project", tmp_path / "src")
    app = sphinx_run(make_app, src)
    cache_file = Path(app.doctreedir) / CACHE_FILE
    cache_file.write_bytes(b"not a pickle")
    app = sphinx_run(make_app, src)
    assert warnings(app.warning.getvalue(), app.srcdir) == EXPECTED_WARNINGS[:1]
    assert _short_definition(app, "mixture-of-experts").startswith("A model built from many expert")

    toml = src / "terms.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('category = "Architecture"\n', "category = 5\n", 1),
                    encoding="utf-8")
    for _ in range(2):  # a file with problems is never cached: the error comes every time
        app = sphinx_run(make_app, src)
        assert app.statuscode == 1
        assert warnings(app.warning.getvalue(), app.srcdir)[:2] == [
            "ERROR: 1 problem(s) in the AI glossary data; fix them and build again:",
            "  terms.toml: term 'Mixture of Experts', field 'category': must be a string, not an integer "
            "[aigloss.data]",
        ]


@pytest.mark.sphinx("html", testroot="project", srcdir="test_project_terms-prolog",
                    confoverrides={"rst_prolog": ".. |project| replace:: Project terms\n\n"})
def test_with_rst_prolog_links_and_index_entries_land_on_their_entries(app: SphinxTestApp) -> None:
    """``rst_prolog`` adds lines before each page's own: a term directive is known by the line in
    its file, so its entry keeps the id links point at; each index entry has a target of its own
    (the duplicate definition in dup.rst too, which links do not point at)."""
    app.build()
    outdir = Path(app.outdir)
    links = {str(a["href"]) for a in term_links(soup(outdir / "uses.html"))}
    assert "defs.html#aiterm-speculative-decoding" in links
    entries = {str(a["href"]) for a in soup(outdir / "genindex.html").select("div.body a[href*='.html#']")}
    assert {"defs.html#index-0", "dup.html#index-0"} <= entries  # Speculative Decoding, twice
    for href in links | set(entries):
        page, anchor = href.split("#")
        assert soup(outdir / page).find(id=anchor) is not None, href
