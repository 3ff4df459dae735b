"""Hostile text in every field of the data format, and the concept map under hostile names,
dot settings, sizes and builders (issue 20, items 1, 2, 3, 11, 12, 16, 17).

Every text field of the format (derived from the field tables, so a new field is covered)
refuses control characters at load, in data files, installed packs and ``aigloss:term``;
what loads builds in every builder, the PDF included."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import Browser
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import GlossaryError, parse_pack, schema
from sphinx_aigloss.core.export import toml_value
from sphinx_aigloss.core.terms import PACK_FIELDS, REFERENCE_FIELDS, TERM_FIELDS, Field
from tests.helpers import Once, compile_pdf, epubcheck
from tests.test_packs import install, site  # noqa: F401 -- the fixture, used by name
from tests.util import Aigloss, MakeApp, copy_root, soup, sphinx_run, warnings

# -- every text field, at load ---------------------------------------------------------------

#: C0 (escape, NUL, bell), DEL, C1 (CSI; NEL is a line break to docutils and Python).
CONTROLS = ["\x1b", "\x00", "\x07", "\x7f", "\x9b"]
TERM = 'name = "Fine"\ncategory = "C"\ndefinition = "D."\n'


def text_fields() -> list[tuple[str, Field]]:
    """Every string field, and array of strings, of the three tables."""
    tables = {"pack": PACK_FIELDS, "term": TERM_FIELDS, "reference": REFERENCE_FIELDS}
    return [(table, field) for table, fields in tables.items() for field in fields
            if field.kind is str or (field.kind is list and field.name != "references")]


def document(table: str, field: Field, value: str) -> str:
    """A data file with ``value`` in one field (in an array when the field is one)."""
    literal = toml_value([value] if field.kind is list else value)
    if table == "pack":
        return f"[pack]\n{field.name} = {literal}\n[[terms]]\n{TERM}"
    if table == "term":
        term = "\n".join(line for line in TERM.splitlines() if not line.startswith(field.name + " "))
        return f"[[terms]]\n{term}\n{field.name} = {literal}\n"
    extra = "" if field.name == "title" else 'title = "T"\n'
    return f"[[terms]]\n{TERM}[[terms.references]]\n{extra}{field.name} = {literal}\n"


def problem_of(table: str, field: Field, value: str, control: str) -> tuple[str, str, str]:
    """The one problem expected: entry, field, message."""
    path = f"{field.name}[0]" if field.kind is list else field.name
    entry = "[pack]" if table == "pack" else f"term '{value.strip()}'" if field.name == "name" else "term 'Fine'"
    if table == "reference":
        path = f"references[0].{path}"
    code = f"U+{ord(control):04X}"
    if field.prose:
        return entry, path, f"holds a control character ({code}); of them, prose may hold only tabs and line breaks"
    return entry, path, f"{value!r} holds a control character ({code})"


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("table", "field"), text_fields(), ids=lambda x: getattr(x, "name", x))
def test_every_text_field_refuses_control_characters(table: str, field: Field, control: str) -> None:
    value = f"Bad{control}x"
    with pytest.raises(GlossaryError) as error:
        parse_pack(document(table, field, value), "t.toml")
    assert [(p.entry, p.field, p.message) for p in error.value.problems] == [problem_of(table, field, value, control)]
    assert control not in str(error.value)  # the message shows the character escaped


@pytest.mark.parametrize(("table", "field"), [(t, f) for t, f in text_fields() if f.prose],
                         ids=lambda x: getattr(x, "name", x))
def test_prose_may_hold_tabs_and_line_breaks(table: str, field: Field) -> None:
    text = document(table, field, "One line,\n\tand a tabbed one.")
    pack = parse_pack(text, "t.toml")
    record = pack.info if table == "pack" else pack.terms[0]
    assert getattr(record, field.name) == "One line, and a tabbed one."
    jsonschema.validate(tomllib.loads(text), schema())


@pytest.mark.parametrize(("table", "field"), text_fields(), ids=lambda x: getattr(x, "name", x))
def test_the_published_schema_says_the_same(table: str, field: Field) -> None:
    """What the loader refuses, the schema does; what it takes, the schema takes."""
    start = "https://example.org/" if field.name == "url" else ""
    fine = f"{start}Fine&ok\u200f" if start else "Fine & <b>ok</b> \u200f"
    jsonschema.validate(tomllib.loads(document(table, field, fine)), schema())
    refused = [f"{start}Bad{control}x" for control in CONTROLS]
    if field.name in {"category", "categories"}:
        refused.append("Bad, x")
    for value in refused:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(tomllib.loads(document(table, field, value)), schema())


def test_a_category_may_not_hold_a_comma() -> None:
    text = '[pack]\ncategories = ["A, B"]\n[[terms]]\nname = "Fine"\ncategory = "A, B"\ndefinition = "D."\n'
    with pytest.raises(GlossaryError) as error:
        parse_pack(text, "t.toml")
    message = "category 'A, B' holds a comma, which ':categories:' options use to separate names"
    assert [str(p) for p in error.value.problems] == [f"t.toml: [pack], field 'categories[0]': {message}",
                                                      f"t.toml: term 'Fine', field 'category': {message}"]


# -- validation: every problem of a file in one run (item 17) ---------------------------------

ROUNDS = '''[pack]
title = "Pack\\u001b[2J"
[[terms]]
name = "One"
category = "Bad, category"
definition = "Rings\\u0007."
related = ["Nowhere", "Two"]
colour = "blue"
[[terms]]
name = "Two"
aliases = ["one"]
category = "C"
definition = "Fine."
[[terms.references]]
title = "T"
url = "javascript:x"
'''


def test_validate_reports_every_problem_at_once(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(ROUNDS, encoding="utf-8")
    result = aigloss("--packs", "training", "validate", "bad.toml")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "bad.toml: [pack], field 'title': 'Pack\\x1b[2J' holds a control character (U+001B)",
        "bad.toml: term 'One', field 'colour': unknown field (expected one of: abbreviation, aliases, autolink, "
        "category, definition, expand, expansion, id, inflect, name, override, references, related, unreferenced)",
        "bad.toml: term 'One', field 'definition': holds a control character (U+0007); of them, prose may hold "
        "only tabs and line breaks",
        "bad.toml: term 'One', field 'category': category 'Bad, category' holds a comma, which ':categories:' "
        "options use to separate names",
        "bad.toml: term 'Two', field 'references[0].url': 'javascript:x' is not an http(s) link",
        "bad.toml: term 'Two', field 'aliases': 'one' is already a name of term 'One'",
        "bad.toml: term 'One', field 'related[0]': 'Nowhere' is not a known term",
    ]


def test_a_build_reports_every_problem_at_once(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("hostile-text", tmp_path / "src")
    (src / "bad.toml").write_text('[[terms]]\nname = "Odd"\ncategory = "C\\u001b"\ndefinition = "Fine."\n'
                                  'related = ["Nowhere"]\n[[terms]]\nname = "odd"\ncategory = "C"\n'
                                  'definition = "Twice."\n', encoding="utf-8")
    app = sphinx_run(make_app, src, confoverrides={"aigloss_data_files": ["terms.toml", "bad.toml"]})
    assert app.statuscode == 1
    assert warnings(app.warning.getvalue(), src)[:5] == [
        "ERROR: 4 problem(s) in the AI glossary data; fix them and build again:",
        "  bad.toml: term 'Odd', field 'category': 'C\\x1b' holds a control character (U+001B)",
        "  bad.toml: term 'odd', field 'name': 'odd' is already a name of term 'Odd'",
        "  bad.toml: term 'odd', field 'id': id 'odd' is already used by term 'Odd'",
        "  bad.toml: term 'Odd', field 'related[0]': 'Nowhere' is not a known term [aigloss.data]",
    ]


def test_an_installed_pack_is_held_to_the_same_rule(site: Path, aigloss: Aigloss) -> None:  # noqa: F811
    toml = ('[pack]\nid = "acme"\ndescription = "Rings\\u0007"\ncategories = ["Acme"]\n'
            '[[terms]]\nname = "Widget"\ncategory = "Acme\\u009b"\ndefinition = "A unit."\n')
    install(site, "acme-glossary", toml=toml)
    where = "acme_glossary/acme.toml (from the distribution acme-glossary 1.0)"
    assert aigloss("list").stderr.splitlines() == [
        f"{where}: [pack], field 'description': holds a control character (U+0007); of them, prose may hold only "
        "tabs and line breaks",
        f"{where}: term 'Widget', field 'category': 'Acme\\x9b' holds a control character (U+009B)",
    ]


# -- what loads builds in every builder; what does not is a warning (items 1, 2) -------------

#: The root's hostile ``aigloss:term`` directives: each one warning at its line.
DIRECTIVE_WARNINGS = [
    "index.rst:13: WARNING: AI term 'Bad category' is not defined: 'Esc\\x1b[2Jhere' holds a control character "
    "(U+001B) (option :category:) [aigloss.option]",
    "index.rst:18: WARNING: AI term 'Comma category' is not defined: category 'One, two' holds a comma, which "
    "':categories:' options use to separate names (option :category:) [aigloss.option]",
    "index.rst:23: WARNING: AI term 'Bad related' is not defined: 'Bell\\x07one' holds a control character "
    "(U+0007) (option :related:) [aigloss.option]",
    "index.rst:28: WARNING: AI term 'Bad content' is not defined: holds a control character (U+001B); of them, "
    "prose may hold only tabs and line breaks (content) [aigloss.option]",
    "index.rst:43: WARNING: AI term 'Bad code' is not defined: holds a control character (U+001B); of them, "
    "prose may hold only tabs and line breaks (content) [aigloss.option]",
]
NAMES = ["Esc &#27; ref", "Amp &amp; ref", "Delete &#x7f; ref", "Surrogate &#xD800; ref", "Nonchar &#xFFFE; ref",
         "Good tabbed"]
#: Control characters other than tab and line feed (form feed: man and Texinfo page breaks).
STRAY = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]")
TEXT_OUTPUTS = {"html": "*.html", "text": "*.txt", "man": "*.1", "texinfo": "*.texi", "latex": "*.tex"}


def big_data(count: int, related: bool = False) -> str:
    """A data file of ``count`` made-up terms in 4 categories (a tall map without relations)."""
    lines = ['[pack]\ncategories = ["Area 0", "Area 1", "Area 2", "Area 3"]']
    for i in range(count):
        link = f'related = ["Concept {i + 4}"]\n' if related and i + 4 < count else ""
        lines.append(f'[[terms]]\nname = "Concept {i}"\ncategory = "Area {i % 4}"\n'
                     f'definition = "Made-up concept {i}."\n{link}')
    return "\n".join(lines)


#: Invisible format characters data may hold, which pdflatex has no glyph for: the PDF still
#: compiles (the package the extension writes beside the sources declares them).
INVISIBLE_DATA = """format = 1
[pack]
id = "invisible"
title = "Invisible"
categories = ["Invisible"]

[[terms]]
name = "Joined\u200dname"
aliases = ["Zero\u200bwidth"]
category = "Invisible"
definition = '''A zero\u200bwidth space, a joiner\u200d, a non\u200cjoiner, a word\u2060joiner,
marks \u200eleft and \u200fright, a byte\ufefforder mark.'''
"""


def _big_and_invisible(src: Path) -> None:
    (src / "big.toml").write_text(big_data(600), encoding="utf-8")
    (src / "invisible.toml").write_text(INVISIBLE_DATA, encoding="utf-8")


def output(once: Once, builder: str) -> SphinxTestApp:
    """The "hostile-text" root built by ``builder`` (one that shows text), once for the module;
    the LaTeX build with a 600-term map and invisible characters more."""
    if builder != "latex":
        return once.root("hostile-text", builder)
    return once.root("hostile-text", builder, prepare=_big_and_invisible,
                     confoverrides={"aigloss_data_files": ["terms.toml", "big.toml", "invisible.toml"]})


@pytest.mark.parametrize("builder", TEXT_OUTPUTS)
def test_hostile_directives_warn_and_nothing_reaches_the_output(once: Once, builder: str) -> None:
    app = output(once, builder)
    assert warnings(app.warning.getvalue(), app.srcdir) == DIRECTIVE_WARNINGS
    files = list(Path(app.outdir).glob(TEXT_OUTPUTS[builder]))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert STRAY.search(text) is None, (path.name, STRAY.findall(text))
    assert any("Good tabbed" in path.read_text(encoding="utf-8") for path in files)  # defined with a tab


def test_map_labels_are_exactly_the_names(once: Once) -> None:
    page = soup(Path(output(once, "html").outdir) / "index.html")
    svg = page.select_one("svg.aigloss-map-svg")
    assert svg is not None
    assert [t.get_text() for t in svg.select("title")] == NAMES
    # A long label wraps onto two lines: its lines, joined, are the name.
    labels = [" ".join(t.get_text() for t in node.select("text")) for node in svg.select("g.node")]
    assert labels == NAMES
    assert [t.get_text() for t in svg.select("g.cluster text")] == ["Refs & <b>markup</b>", "Plain"]
    # The map inside ``only:: latex`` is not in the HTML, and said nothing.
    assert len(page.select("div.aigloss-map")) == 1


def test_the_pdf_compiles_with_hostile_names_and_a_600_term_map(once: Once) -> None:
    out = Path(output(once, "latex").outdir)
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\sphinxincludegraphics{{aigloss-map-") == 2  # the ``only:: latex`` map too
    assert "Joined\u200dname" in tex
    assert r"\usepackage{sphinxaigloss}" in tex
    compile_pdf(out)
    # dot scaled the large map down to about a page (PAGE: 6.2 x 8.4 inches, plus margins): the
    # 600 terms unscaled are a column some 9,000 pt tall, and TeX fails beyond 16,383 pt.
    box = re.compile(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]")
    boxes = [box.search(pdf.read_bytes()) for pdf in out.glob("aigloss-map-*")]
    sizes = sorted((float(found[1]), float(found[2])) for found in boxes if found)
    assert len(sizes) == 2
    assert all(width <= 7 * 72 and height <= 10 * 72 for width, height in sizes), sizes


# -- dot missing or failing (item 3) ---------------------------------------------------------

FAILING_DOT = "#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 3\n"


@pytest.mark.parametrize(("builder", "dot", "reason"), [
    ("html", None, "Graphviz's dot command (None) was not found (see graphviz_dot)"),
    ("html", "missing", "Graphviz's dot command ('{dot}') was not found (see graphviz_dot)"),
    ("html", "failing", "dot ('{dot}') failed with exit status 3: Error: syntax error in line 1"),
    ("latex", "failing", "dot ('{dot}') failed with exit status 3: Error: syntax error in line 1"),
])
def test_without_a_working_dot_one_warning_at_the_map_and_the_relations(make_app: MakeApp, tmp_path: Path,
                                                                         builder: str, dot: str | None,
                                                                         reason: str) -> None:
    src = copy_root("hostile-text", tmp_path / "src")
    path = None if dot is None else str(tmp_path / "dot")
    if dot == "failing":
        (tmp_path / "dot").write_text(FAILING_DOT, encoding="utf-8")
        (tmp_path / "dot").chmod(0o755)
    app = sphinx_run(make_app, src, builder, confoverrides={"graphviz_dot": path})
    said = [line for line in warnings(app.warning.getvalue(), src) if "[aigloss.map]" in line]
    # The map at line 6; LaTeX shows the one inside ``only:: latex`` (line 10) too, HTML does not,
    # and neither shows the one inside a false ``ifconfig`` (nor warns about it).
    lines = [6, 10] if builder == "latex" else [6]
    expected = [f"index.rst:{line}: WARNING: cannot draw the concept map: {reason.format(dot=path)}; the relations "
                "are listed instead [aigloss.map]" for line in lines]
    assert said == expected
    if builder == "html":
        relations = soup(Path(app.outdir) / "index.html").select("ul.aigloss-map-relations li")
        assert [li.get_text() for li in relations] == [
            "Esc &#27; ref \u2014 Amp &amp; ref, Delete &#x7f; ref", "Amp &amp; ref \u2014 Surrogate &#xD800; ref",
            "Surrogate &#xD800; ref \u2014 Nonchar &#xFFFE; ref"]
    else:
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
        assert "aigloss-map-" not in tex
        assert tex.count("\u2014") == 4  # the relations, as lists: three pairs, and one in the second map


# -- large maps in HTML: folded, and skipped in one step (item 11) ----------------------------


def test_a_large_map_is_folded_and_a_keyboard_skips_it(make_app: MakeApp, tmp_path: Path, browser: Browser) -> None:
    src = copy_root("hostile-text", tmp_path / "src")
    (src / "big.toml").write_text(big_data(150, related=True), encoding="utf-8")
    (src / "after.rst").write_text("After\n=====\n\n.. aigloss:map::\n\n`A link after the map <#after>`_.\n",
                                   encoding="utf-8")
    app = sphinx_run(make_app, src, confoverrides={"aigloss_data_files": ["terms.toml", "big.toml"],
                                                   "root_doc": "after"})
    page = soup(Path(app.outdir) / "after.html")
    box = page.select_one("div.aigloss-map")
    assert box is not None
    skip, details, end = box.select_one("a.aigloss-map-skip"), box.select_one("details"), box.select("span")[-1]
    assert skip is not None
    assert details is not None
    assert (skip["href"], end["id"], end["tabindex"]) == ("#aigloss-map-end-1", "aigloss-map-end-1", "-1")
    assert "open" not in details.attrs
    assert details.summary is not None
    assert details.summary.get_text() == "Concept map of 156 terms"
    assert len(details.select("svg g.node a")) == 156

    context = browser.new_context()
    try:
        view = context.new_page()
        view.goto((Path(app.outdir) / "after.html").as_uri())
        assert view.evaluate("getComputedStyle(document.querySelector('.aigloss-map-skip')).position") == "absolute"
        for _ in range(30):  # the page's links before the map, then the skip link
            view.keyboard.press("Tab")
            if view.evaluate("document.activeElement.className") == "aigloss-map-skip":
                break
        assert view.evaluate("document.activeElement.getBoundingClientRect().width") > 1  # shown when focused
        view.keyboard.press("Enter")
        assert view.evaluate("document.activeElement.id") == "aigloss-map-end-1"
        view.keyboard.press("Tab")  # past the map in one step, not into its 156 nodes
        assert view.evaluate("document.activeElement.getAttribute('href')") == "#after"
    finally:
        context.close()


# -- EPUB (item 12) --------------------------------------------------------------------------


def test_an_epub_with_maps_passes_epubcheck(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("hostile-text", tmp_path / "src")
    # A second glossary: the general index's entries for it land on its own entries.
    (src / "second.rst").write_text(":orphan:\n\nSecond\n======\n\n.. aigloss:glossary::\n   :categories: Plain\n",
                                    encoding="utf-8")
    app = sphinx_run(make_app, src, "epub")
    assert warnings(app.warning.getvalue(), src) == DIRECTIVE_WARNINGS
    book = next(Path(app.outdir).glob("*.epub"))
    report = epubcheck(book)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report[-3000:]
    second = soup(Path(app.outdir) / "second.xhtml")
    assert [dt["id"] for dt in second.select("dt[id]")] == ["aiterm-nonchar-and-sharp-xfffe-ref-tffac25517d",
                                                            "aiterm-surrogate-and-sharp-xd800-ref-t448b55ce26"]
    images = [path.name for path in Path(app.outdir, "_images").iterdir()]
    page = soup(Path(app.outdir) / "index.xhtml")
    assert [img["src"] for img in page.select("div.aigloss-map img")] == [f"_images/{name}" for name in images]
