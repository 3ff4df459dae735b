"""The aigloss:term directive: its definition is its prose, its names are checked, and list
options hold at least one item."""

from __future__ import annotations

from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import cards, page_data, soup, term_links, warnings

#: Each term's content holds one kind of non-prose node (marked LEAK); its definition is the rest.
PROSE = {
    "comment-term": "The comment term's prose.",
    "literal-term": "The literal term's prose, with an inline literal word and emphasis:",
    "code-term": "The code term's prose.",
    "doctest-term": "The doctest term's prose.",
    "raw-term": "The raw term's prose, with inline raw.",
    "math-term": "The math term's prose, with inline x^2 math.",
    "substitution-term": "The substitution term's prose.",
    "target-term": "The target term's prose.",
    "message-term": "The message term's prose.",
    "footnote-term": "The footnote term's prose in a list: an item, another item.",
    "myst-term": "The MyST term's prose, with an inline literal word.",  # comments, HTML, a code fence
}


def prose_root(length: str) -> pytest.MarkDecorator:
    return pytest.mark.sphinx("html", testroot="term-prose", srcdir=f"term-prose-{length}",
                              confoverrides={"aigloss_tooltip_length": length})


# A short card's text is the link's title; a full card's is in the page's JSON.
@pytest.mark.parametrize("length", [pytest.param(length, marks=prose_root(length)) for length in ("short", "full")])
def test_the_definition_is_the_prose_only(app: SphinxTestApp, length: str) -> None:
    app.build()
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        'defs.rst:73: ERROR: Unknown directive type "no-such-directive".',
        ".. no-such-directive:: LEAK system message [docutils]",
    ]
    page = soup(app.outdir / "uses.html")
    links = term_links(page)
    names = [a.get_text() for a in links]
    assert [(a.get("title"), str(a["href"]).partition("#aiterm-")[2]) for a in links[:len(PROSE)]] == [
        (PROSE[key], key) for key in PROSE]
    data = page_data(page)
    assert "LEAK" not in str(data)
    assert {key: "".join(text for text, _url in card["definition"]) for key, card in cards(page).items()} == PROSE
    inline = [span.get_text() for span in page.select(".aigloss-inline-definition")]
    assert inline == [f"{name}: {PROSE[key]}" for name, key in zip(names[:len(PROSE)], PROSE, strict=True)]
    assert "LEAK" not in page.get_text()
    assert "LEAK" not in (app.outdir / "aigloss-glossary.html").read_text(encoding="utf-8")

    # The term's own page still shows the whole content (a comment stays invisible).
    entries = soup(app.outdir / "defs.html").select("dl.aigloss-project-term dd")
    assert len(entries) == len(PROSE) - 1  # all but the MyST one
    assert 'print("LEAK code-block")' in entries[2].get_text()
    assert "LEAK doctest block" in entries[3].get_text()
    assert "LEAK comment" not in entries[0].get_text()


CONTROLS = (":orphan:\n\nControls\n========\n\n"
            ".. aigloss:term:: Bell\aTerm\n\n   A bell.\n\n"
            ".. aigloss:term:: Escape\n   :aliases: esc, es\x1b[2Jc\n\n   An escape.\n\n"
            ".. aigloss:term:: Delete\n   :expansion: De\x7fl\n\n   A delete.\n\n"
            ".. aigloss:term:: Shift\n   :abbreviation: S\x0eO\n\n   A shift.\n")


@pytest.mark.sphinx("html", testroot="term-names", srcdir="test_directive_hardening-names")
def test_names_are_checked_and_symbols_tell_keys_apart(app: SphinxTestApp, warning: StringIO) -> None:
    (app.srcdir / "controls.rst").write_text(CONTROLS, encoding="utf-8")
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == [
        r"controls.rst:6: WARNING: AI term 'Bell\x07Term' is not defined: name 'Bell\x07Term' holds a control "
        "character [aigloss.option]",
        r"controls.rst:10: WARNING: AI term 'Escape' is not defined: name 'es\x1b[2Jc' holds a control character "
        "(option :aliases:) [aigloss.option]",
        r"controls.rst:15: WARNING: AI term 'Delete' is not defined: name 'De\x7fl' holds a control character "
        "(option :expansion:) [aigloss.option]",
        r"controls.rst:20: WARNING: AI term 'Shift' is not defined: name 'S\x0eO' holds a control character "
        "(option :abbreviation:) [aigloss.option]",
        "index.rst:4: WARNING: AI term '---' is not defined: name '---' has no letters or digits [aigloss.option]",
        "index.rst:8: WARNING: AI term 'Symbols' is not defined: name '---' has no letters or digits "
        "(option :aliases:) [aigloss.option]",
        # An option of separators only is docutils' option error, as an empty one is.
        'index.rst:36: ERROR: Error in "aigloss:glossary" directive:',
        "invalid option value: (option: \"categories\"; value: ',')",
        "a comma-separated list is required.",
        ".. aigloss:glossary::",
        "   :categories: , [docutils]",
    ]
    assert soup(app.outdir / "controls.html").select("dl.aigloss-project-term") == []
    page = soup(app.outdir / "index.html")
    # A symbol or a letter beyond ASCII is spelled out and the id gets a hash of the name: never
    # another term's id ("beta-Pruning" beside "β-Pruning").
    cpp, csharp = "aiterm-c-plus-plus-tf1deb75fa2", "aiterm-c-sharp-t040228846e"
    beta = "aiterm-beta-pruning-te8a6132caf"
    assert [dt["id"] for dt in page.select("dl.aigloss-project-term dt")] == [
        cpp, csharp, "aiterm-wrapped-name", beta, "aiterm-lora-tf5d9c3c2ee", "aiterm-beta-pruning"]
    # Only the glossary of "Project terms" is drawn, holding just the defined terms.
    assert [dt.get_text() for dt in page.select("dl.aigloss-glossary:not(.aigloss-project-term) dt")] == [
        "beta-Pruning", "C#", "C++", "LoRA 微调", "Wrapped Name", "β-Pruning"]
    # A name or alias wrapped over lines is one line; C++ and C# are two terms.
    assert [(a.get_text(), a["href"]) for a in term_links(page)] == [
        ("C++", "#" + cpp), ("C#", "#" + csharp),
        ("Wrapped Name", "#aiterm-wrapped-name"), ("wrapped alias", "#aiterm-wrapped-name"),
        ("β-Pruning", "#" + beta), ("LoRA 微调", "#aiterm-lora-tf5d9c3c2ee"),
        ("beta-Pruning", "#aiterm-beta-pruning"), ("β-Pruning", "#" + beta)]
