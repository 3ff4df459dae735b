"""Configuration values: a bad value gives exactly one warning (ours, subtype config) and the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, soup, sphinx_run, term_links, warnings


def project(make_app: MakeApp, tmp_path: Path, conf: str) -> SphinxTestApp:
    """Build a one-page project whose conf.py holds ``conf`` as the author typed it."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f'extensions = ["sphinx_aigloss"]\n{conf}\n', encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\nSee :aiterm:`RLHF`; LoRA is cheap.\n", encoding="utf-8")
    return sphinx_run(make_app, src)


def expected(value: str, name: str, wanted: str, default: str) -> list[str]:
    return [f"WARNING: invalid value {value} for {name}: expected {wanted}; using the default {default} "
            "[aigloss.config]"]


AUTOLINK = "False, 'first', 'all' or True (meaning 'first')"


@pytest.mark.parametrize(("conf", "warning"), [
    # 0.0 and 0 equal False, so they passed our check and then drew Sphinx's type warning too.
    ("aigloss_autolink = 0.0", expected("0.0", "aigloss_autolink", AUTOLINK, "False")),
    ("aigloss_autolink = 1", expected("1", "aigloss_autolink", AUTOLINK, "False")),
    ("aigloss_autolink = 'yes'", expected("'yes'", "aigloss_autolink", AUTOLINK, "False")),
    ("aigloss_autolink = None", expected("None", "aigloss_autolink", AUTOLINK, "False")),
    ("aigloss_report_unlinked = 0", expected("0", "aigloss_report_unlinked", "True or False", "False")),
    ("aigloss_tooltips = 1.0", expected("1.0", "aigloss_tooltips", "True or False", "True")),
    ("aigloss_autolink_ignore = 'PEFT library'",
     expected("'PEFT library'", "aigloss_autolink_ignore", "a list of phrases", "[]")),
    ("aigloss_autolink_ignore = ['PEFT library', 3]",
     expected("['PEFT library', 3]", "aigloss_autolink_ignore", "a list of phrases", "[]")),
    ("aigloss_autolink_exclude = 'PEFT'",
     expected("'PEFT'", "aigloss_autolink_exclude", "a list of term names", "[]")),
])
def test_a_bad_value_gives_one_warning_and_the_default(make_app: MakeApp, tmp_path: Path, conf: str,
                                                       warning: list[str]) -> None:
    app = project(make_app, tmp_path, conf)
    assert warnings(app.warning.getvalue(), app.srcdir) == warning
    name = conf.split(" = ")[0]
    assert app.config[name] == {"aigloss_tooltips": True, "aigloss_autolink_ignore": [],
                                "aigloss_autolink_exclude": []}.get(name, False)


@pytest.mark.parametrize("conf", [
    "aigloss_autolink = True", "aigloss_autolink = 'first'", "aigloss_autolink = 'all'",
    "aigloss_autolink = False", "aigloss_autolink_ignore = ['PEFT library']", "aigloss_autolink_ignore = ()",
    "aigloss_autolink_ignore = ['🤗 PEFT']", "aigloss_autolink_exclude = ['Parameter-Efficient Fine-Tuning']",
    "aigloss_canonical_url = 'https://example.org/ai/'",
    "aigloss_canonical_url = 'http://localhost:8000/glossary.html'",
])
def test_good_values_give_no_warning(make_app: MakeApp, tmp_path: Path, conf: str) -> None:
    app = project(make_app, tmp_path, conf)
    assert warnings(app.warning.getvalue(), app.srcdir) == []


def test_true_means_first(make_app: MakeApp, tmp_path: Path) -> None:
    app = project(make_app, tmp_path, "aigloss_autolink = True")
    assert [a.get_text() for a in term_links(soup(Path(app.outdir) / "index.html"))] == ["RLHF", "LoRA"]


URL = "an absolute http(s) URL without a fragment"


@pytest.mark.parametrize("url", [
    "javascript:alert(document.domain)//",
    "   ",
    "glossary/",
    "/ai/glossary.html",
    "//example.org/ai/",
    "https://example.org/ai/#top",
    "https://example.org/ai/#",
    "#aiterm",
    "ftp://example.org/ai/",
    "https://",
    "https://example.org/a i/",
    "https://[::1/",
    " https://example.org/ai/",
])
def test_canonical_url_must_be_an_absolute_web_address(make_app: MakeApp, tmp_path: Path, url: str) -> None:
    app = project(make_app, tmp_path, f"aigloss_canonical_url = {url!r}")
    assert warnings(app.warning.getvalue(), app.srcdir) == expected(repr(url), "aigloss_canonical_url", URL, "''")
    # Ignored: treated as unset, so links go to the fallback glossary page, which is written.
    links = term_links(soup(Path(app.outdir) / "index.html"))
    assert [a["href"] for a in links] == ["aigloss-glossary.html#aiterm-rlhf"]
    assert (Path(app.outdir) / "aigloss-glossary.html").exists()
