"""LaTeX: a term in a title, rubric or caption compiles; its footnote goes to running text."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import load_glossary
from tests.helpers import compile_pdf

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
