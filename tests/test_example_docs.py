"""The example documentation builds clean with -nW and carries the whole canonical glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_aigloss.core import load_glossary
from tests.util import build, copy_example_docs, soup


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("example") / "docs"
    copy_example_docs(src)
    app = build(src, warningiserror=True, confoverrides={"nitpicky": True})
    assert app._warning.getvalue() == ""
    return app.outdir


def test_glossary_page_has_all_definitions_verbatim_and_all_references(site: Path) -> None:
    glossary, _ = load_glossary()
    page = soup(site / "glossary.html")
    entries = page.select("dl.aigloss-glossary > dt")
    assert len(entries) == 32  # the 30 canonical terms and the example project's two
    for term in glossary:
        dt = page.select_one(f"#aiterm-{term.id}")
        assert dt is not None, term.name
        dd = dt.find_next_sibling("dd")
        assert dd is not None
        paragraph = dd.select_one("p")
        assert paragraph is not None
        assert paragraph.get_text() == term.definition
    # All 12 canonical references, and the one of the project's Mixture of Experts.
    assert len(page.select("ul.aigloss-references > li")) == 13


def test_every_page_uses_the_extension(site: Path) -> None:
    for name in ["index", "getting-started", "reference", "myst", "inline", "project-terms", "autolink",
                 "glossary"]:
        page = soup(site / f"{name}.html")
        assert page.select("a.aigloss-term"), name
        assert page.select_one("script#aigloss-data") is not None, name


def test_example_docs_build_clean_as_latex_and_compile(tmp_path: Path) -> None:
    import subprocess

    src = tmp_path / "docs"
    copy_example_docs(src)
    app = build(src, "latex", warningiserror=True, confoverrides={"nitpicky": True})
    assert app._warning.getvalue() == ""
    out = Path(app.outdir)
    tex = (out / "sphinx-aigloss.tex").read_text(encoding="utf-8")
    assert r"\label{\detokenize{glossary:aiterm-rlhf}}" in tex
    assert "<span" not in tex
    result = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet"],
                            cwd=out, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
