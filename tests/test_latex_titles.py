"""LaTeX: a term in a title, rubric or caption compiles; its footnote goes to running text."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from sphinx_aigloss.core import load_glossary
from tests.helpers import compile_pdf
from tests.util import MakeApp, copy_root, sphinx_run

GLOSSARY, _ = load_glossary()


@pytest.mark.sphinx("latex", testroot="latex-titles", srcdir="test_latex_titles")
def test_terms_in_titles_and_captions_compile_to_pdf(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warning.getvalue() == ""
    out = app.outdir
    tex = (out / "termsintitles.tex").read_text(encoding="utf-8")

    # No footnote in a moving argument: titles, rubrics and captions keep the plain term.
    assert r"\chapter{About RLHF}" in tex
    assert r"\subsubsection*{About RLHF and LoRA}" in tex
    assert r"\sphinxcaption{A table caption naming RLHF}" in tex
    assert r"\caption{A figure caption naming \DUrole{xref}{RLHF}.}" in tex
    assert r"\sphinxSetupCaptionForVerbatim{A code caption naming \DUrole{xref}{RLHF}}" in tex
    assert r"\begin{sphinxadmonition}{note}{An admonition about RLHF}" in tex
    assert r"\sphinxstyletopictitle{A topic about RLHF}" in tex
    assert r"\sphinxstylesidebartitle{A sidebar about RLHF}" in tex
    assert r"\sphinxlineitem{Glossary term naming \DUrole{xref}{RLHF}\index{" in tex

    # The first use in running text gets the footnote; table cells are running text (Sphinx
    # moves a header row's footnote below the header, as for any footnote there).
    footnotes = re.findall(r"\\begin\{(footnote|footnotetext)\}\[\d+\]\\sphinxAtStartFootnote\n(.*?)\n",
                           tex.replace(r"\sphinxhyphen{}", "-"))
    assert footnotes == [("footnotetext", GLOSSARY.terms["dpo"].short_definition),
                         ("footnote", GLOSSARY.terms["qlora"].short_definition),
                         ("footnote", GLOSSARY.terms["rlhf"].short_definition),
                         ("footnote", GLOSSARY.terms["lora"].short_definition)]
    assert r"\DUrole{xref}{DPO}\sphinxfootnotemark[1]" in tex
    assert "First use of \\DUrole{xref}{RLHF}%\n\\begin{footnote}[3]" in tex
    assert "then \\DUrole{xref}{LoRA}%\n\\begin{footnote}[4]" in tex

    compile_pdf(out)
    assert (out / "termsintitles.pdf").is_file()


@pytest.mark.sphinx("latex", testroot="latex-symbols", srcdir="test_latex_symbols")
def test_signs_and_greek_in_glossary_text_compile_with_pdflatex(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    # Signs and Greek letters print as themselves; what pdflatex cannot typeset at all prints as
    # its code point, and the build says so once, naming the terms and their file.
    assert strip_colors(warning.getvalue()).splitlines() == [
        "WARNING: pdflatex cannot typeset 微 (U+5FAE, in 'Tuning (微调)' (symbols.toml)), 调 (U+8C03, in "
        "'Tuning (微调)' (symbols.toml)): the PDF shows their code points; use latex_engine 'xelatex' or "
        "'lualatex' with a font that has them to print them [aigloss.latex]"]
    compile_pdf(app.outdir)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(app.outdir / "symbols.pdf").pages).split())
    # The letters are set in math italic, which pypdf reads back as mathematical letters.
    assert "A step of size 𝜂 ≤ 0.1 keeps ‖∆𝜃‖ ≈ 𝜖; with Σ over 𝛼 → 𝛽," in text
    assert "̸= ∅ and 𝜆 ∈ Λ." in text
    assert "written U+5FAE U+8C03 in Chinese" in text
    assert "Keep 𝜁 ≥ 0 while 𝜕 falls." in text  # an aigloss:term's text, declared on a fresh build too


def test_cyrillic_is_no_warning_where_the_language_loads_it(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("latex-symbols", tmp_path / "src")
    (src / "cyrillic.toml").write_text(
        'format = 1\n[[terms]]\nname = "Дообучение"\ncategory = "Symbols"\ndefinition = "Обучение модели."\n',
        encoding="utf-8")
    app = sphinx_run(make_app, src, "latex", confoverrides={"language": "ru", "aigloss_data_files": ["cyrillic.toml"]})
    assert "[aigloss.latex]" not in app.warning.getvalue()  # Sphinx's babel loads Cyrillic fonts for Russian
    assert "Дообучение" in (Path(app.outdir) / "symbols.tex").read_text(encoding="utf-8")


#: Names that start beyond ASCII: a Greek letter, an accented capital (with a parenthesis, which
#: the index shows apart), and an ``aigloss:term`` declared on the page.
BEYOND_ASCII = """format = 1
[[terms]]
name = "β-VAE"
category = "Symbols"
definition = "A variational autoencoder whose divergence term is weighted by β."

[[terms]]
name = "Élan (drive)"
category = "Symbols"
definition = "A name sorted under E."
"""


def test_names_starting_beyond_ascii_sort_in_the_index_and_the_pdf_compiles(make_app: MakeApp,
                                                                             tmp_path: Path) -> None:
    """makeindex heads each letter group with the first byte of a sort key: a Greek or accented
    first letter stopped pdflatex. The keys are spelled in ASCII; the index shows the names."""
    src = copy_root("latex-symbols", tmp_path / "src")
    (src / "beyond.toml").write_text(BEYOND_ASCII, encoding="utf-8")
    with (src / "index.rst").open("a", encoding="utf-8") as page:
        page.write("\n.. aigloss:term:: ζ-score\n   :category: Symbols\n\n   A score named by a Greek letter.\n")
    app = sphinx_run(make_app, src, "latex", confoverrides={"aigloss_data_files": ["symbols.toml", "beyond.toml"]})
    tex = (Path(app.outdir) / "symbols.tex").read_text(encoding="utf-8")
    assert r"\index{beta\sphinxhyphen{}VAE@\spxentry{β\sphinxhyphen{}VAE}}" in tex
    assert r"\index{Elan (drive)@\spxentry{Élan}\spxextra{drive}}" in tex
    assert r"\index{zeta\sphinxhyphen{}score@\spxentry{ζ\sphinxhyphen{}score}}" in tex
    assert r"\index{Bounded step@\spxentry{Bounded step}}" in tex  # an ASCII name: Sphinx's own entry
    compile_pdf(app.outdir)
    index = (Path(app.outdir) / "symbols.ind").read_text(encoding="utf-8")
    groups = re.findall(r"\\bigletter (\S+)((?:\n  \\item .*)+)", index)
    assert [(letter, re.findall(r"\\spxentry\{(.*?)\}(?:\\spxextra|, )", items)) for letter, items in groups] == [
        ("B", [r"β\sphinxhyphen{}VAE", "Bounded step"]), ("E", ["Élan"]), ("S", ["Step rule"]),
        ("T", ["Tuning"]), ("Z", [r"ζ\sphinxhyphen{}score"])]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(Path(app.outdir) / "symbols.pdf").pages).split())
    assert "Élan (drive)" in text


def test_xindy_reads_the_names_as_they_are(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("latex-symbols", tmp_path / "src")
    (src / "beyond.toml").write_text(BEYOND_ASCII, encoding="utf-8")
    app = sphinx_run(make_app, src, "latex", confoverrides={"aigloss_data_files": ["symbols.toml", "beyond.toml"],
                                                             "latex_use_xindy": True})
    tex = (Path(app.outdir) / "symbols.tex").read_text(encoding="utf-8")
    assert r"\index{β\sphinxhyphen{}VAE@\spxentry{β\sphinxhyphen{}VAE}}" in tex
