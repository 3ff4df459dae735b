"""Snapshots of what each role and directive renders, written in reStructuredText and in MyST.

The root ``tests/roots/test-snippets`` holds each snippet twice, ``rst/NAME.rst`` and
``myst/NAME.md``; both must resolve to the one doctree stored in ``tests/snippets/NAME.xml``
(Sphinx's resolved doctree, after the post-transforms of the HTML builder, pretty-printed by
docutils; the build's source path is left out). A change in markup shows as a unified diff.

Each spelling is built once for the whole module (``shared_result``), with the other one left
out by ``exclude_patterns``: a project term defined on two pages of one project would be a
duplicate.

To write the expectations again after an intended change, run (without ``-n``)::

    pytest tests/test_snippets.py --regen-snippets

The reStructuredText tests write the files; the MyST tests, which run after them, still
compare, so a difference between the two spellings fails even then. Review the diff of
``tests/snippets/`` before committing it.
"""

from __future__ import annotations

import difflib
import inspect
import re
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.testing.util import SphinxTestApp

from tests.util import ROOTS, build_once, warnings

ROOT = ROOTS / "test-snippets"
EXPECTED = Path(__file__).parent / "snippets"
SUFFIX = {"rst": ".rst", "myst": ".md"}
#: Each spelling's build: the same root, the other spelling's folder excluded.
BUILDS = {syntax: [pytest.mark.sphinx("html", testroot="snippets",
                                      confoverrides={"exclude_patterns": [f"{other}/**"]}),
                   pytest.mark.test_params(shared_result=f"snippets-{syntax}")]
          for syntax, other in [("rst", "myst"), ("myst", "rst")]}
NAMES = sorted(path.stem for path in (ROOT / "rst").glob("*.rst"))
TAKES_TAGS = "tags" in inspect.signature(BuildEnvironment.get_and_resolve_doctree).parameters
#: The roles the extension registers outside its domain (``app.add_role``).
GLOBAL_ROLES = {"aiterm", "aidef"}


def rendered(app: SphinxTestApp, docname: str) -> str:
    """The page's doctree as the HTML writer receives it, without what varies between builds."""
    # Sphinx 9 deprecates calling without the builder's tags, which Sphinx 8.1 does not take.
    tags = {"tags": app.builder.tags} if TAKES_TAGS else {}
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, **tags)
    for attribute in ("source", "translation_progress"):  # the build's path; Sphinx's i18n counts
        doctree.attributes.pop(attribute, None)
    for node in doctree.findall(nodes.Element):  # docutils 0.22 prints True as "1", 0.21 as "True"
        node.attributes.update({key: int(value) for key, value in node.attributes.items() if isinstance(value, bool)})
    return doctree.pformat()


# All rST cases first: with --regen-snippets they write what the MyST cases then compare with.
@pytest.mark.parametrize(("syntax", "name"), [pytest.param(syntax, name, marks=BUILDS[syntax], id=f"{syntax}-{name}")
                                              for syntax in ("rst", "myst") for name in NAMES])
def test_snippet_renders_as_stored(app: SphinxTestApp, request: pytest.FixtureRequest, syntax: str, name: str) -> None:
    build_once(app)
    actual = rendered(app, f"{syntax}/{name}")
    stored = EXPECTED / f"{name}.xml"
    if syntax == "rst" and request.config.getoption("--regen-snippets"):
        EXPECTED.mkdir(exist_ok=True)
        stored.write_text(actual, encoding="utf-8")
    assert stored.is_file(), f"no stored expectation {stored}: run pytest {__file__} --regen-snippets"
    expected = stored.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"tests/snippets/{name}.xml",
                                    f"{syntax}/{name}{SUFFIX[syntax]}", lineterm="")
        pytest.fail("\n".join(diff), pytrace=False)


@pytest.mark.parametrize("syntax", [pytest.param(syntax, marks=BUILDS[syntax], id=syntax) for syntax in BUILDS])
def test_snippet_warnings(app: SphinxTestApp, syntax: str) -> None:
    build_once(app)
    line = {"rst": 4, "myst": 3}[syntax]  # below the title: two lines in rST, one in MyST
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        f"{syntax}/aiterm-unknown{SUFFIX[syntax]}:{line}: WARNING: unknown AI term 'RHLF' (did you mean 'RLHF'?) "
        "[aigloss.unknown_term]",
        f"{syntax}/aiterm-unknown{SUFFIX[syntax]}:{line}: WARNING: unknown AI term 'flux capacitor' "
        "[aigloss.unknown_term]",
    ]


# What a snippet uses: ":role:`" and ".. directive::" (rST), "{role}`" and "```{directive}" (MyST),
# and an option line (":name:" alone or before a value) of the directive above it.
ROLE = {"rst": re.compile(r":([\w:-]+):`"), "myst": re.compile(r"\{([\w:-]+)\}`")}
DIRECTIVE = {"rst": re.compile(r"^\.\. ([\w:-]+)::"), "myst": re.compile(r"^```\{([\w:-]+)\}")}
OPTION = re.compile(r"^\s*:([\w-]+):(?:\s|$)")


def markup(path: Path, syntax: str) -> set[str]:
    """The roles, directives and directive options (``directive :option:``) a snippet uses."""
    used: set[str] = set()
    directive = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        used.update(ROLE[syntax].findall(line))
        if match := DIRECTIVE[syntax].match(line):
            directive = match.group(1)
            used.add(directive)
        elif (match := OPTION.match(line)) and directive:
            used.add(f"{directive} :{match.group(1)}:")
    return used


@pytest.mark.sphinx("html", testroot="snippets")
def test_every_role_directive_and_option_has_a_snippet_in_both_spellings(app: SphinxTestApp) -> None:
    """A role, directive or option the extension adds fails here until a snippet shows it."""
    domain = app.env.get_domain("aigloss")
    declared = GLOBAL_ROLES | {f"aigloss:{name}" for name in domain.roles}
    for name, directive in domain.directives.items():
        declared |= {f"aigloss:{name}", *(f"aigloss:{name} :{option}:" for option in directive.option_spec or {})}
    used = {syntax: {name: markup(ROOT / syntax / f"{name}{SUFFIX[syntax]}", syntax) for name in NAMES}
            for syntax in SUFFIX}
    assert sorted(path.stem for path in (ROOT / "myst").glob("*.md")) == NAMES
    assert used["rst"] == used["myst"]  # each snippet says the same in both spellings
    assert set().union(*used["rst"].values()) == declared
    assert sorted(path.stem for path in EXPECTED.glob("*.xml")) == NAMES  # no expectation left over
