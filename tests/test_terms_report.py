"""aigloss_report_abbreviations and aigloss_report_variants: the warnings of a real build, with
file, line and the fix in the page's markup (one build of the "terms" root, read many ways)."""

from __future__ import annotations

from pathlib import Path

import myst_parser
import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import MakeApp, build_once, copy_root, html_files, normalise_html, sphinx_run, warnings

#: One build of the "terms" root serves every test with both marks (Sphinx's shared_result).
TERMS = pytest.mark.sphinx("html", testroot="terms")
SHARED = pytest.mark.test_params(shared_result="test_terms_report")


def abbreviation(where: str, written: str, fix: str) -> str:
    return (f"{where}: WARNING: abbreviation {written!r} is used before it is spelled out on this page: "
            f"write {fix} [aigloss.abbreviation]")


def variant(where: str, written: str, name: str, use: str) -> str:
    return f"{where}: WARNING: {written!r} is not a spelling of AI term {name!r}: write {use!r} [aigloss.variant]"


def abbreviations(page: str, role: str) -> list[str]:
    """The same page in rST and MyST: the fix keeps a role in the page's own markup."""
    md = page.endswith(".md")
    return [
        # Used first, spelled out later: reported once, at the first use.
        abbreviation(f"{page}:{3 if md else 4}", "SFT", "Supervised Fine-Tuning (SFT)"),
        # "RLHF (…)" beside a role and "**DPO** (*…*)" through markup are spelled out; so is a
        # LoRA after its expansion. QLoRA, never spelled out: on the paragraph's second line.
        abbreviation(f"{page}:{13 if md else 14}", "QLoRA", "Quantized LoRA (QLoRA)"),
        abbreviation(f"{page}:{15 if md else 16}", "PEFT", f"Parameter-Efficient Fine-Tuning ({role}`PEFT`)"),
        # "PPO in a title" is no use: the paragraph after it spells PPO out. Code is not prose.
        abbreviation(f"{page}:{21 if md else 23}", "KD",
                     f"Knowledge Distillation ({role}`KD <Knowledge Distillation>`)"),
    ]


def variants(page: str) -> list[str]:
    md = page.endswith(".md")
    return [
        # An abbreviation in another case, all-capital ones too; "lora" later: once per page.
        variant(f"{page}:{6 if md else 7}", "Lora", "LoRA", "LoRA"),
        variant(f"{page}:{6 if md else 7}", "Qlora", "QLoRA", "QLoRA"),
        variant(f"{page}:{7 if md else 8}", "Rlhf", "RLHF", "RLHF"),
        # Closed up or split: the fix in the writer's case ("fine tuning" is the same term).
        variant(f"{page}:{9 if md else 10}", "Finetuning", "Fine-tuning", "Fine-tuning"),
        variant(f"{page}:{9 if md else 10}", "pre training", "Pre-training", "pre-training"),
        # Not variants: inflections, the alias "pretraining", "T-SNE" starting a sentence;
        # code, literals, the default role, link texts, titles.
    ]


#: A file two pages include: reported once, at its own line.
INCLUDED = variant("part.inc:1", "Dpo", "DPO", "DPO")
#: MyST-Parser before 5 numbers the lines of a file its include directive reads one late (fixed
#: in 5): there the MyST page's include is another place, reported once more.
MYST_INCLUDE_LINE = 2 if int(myst_parser.__version__.split(".")[0]) < 5 else 1
INCLUDED_FROM_MYST = variant(f"part.inc:{MYST_INCLUDE_LINE}", "Dpo", "DPO", "DPO")
AGAIN_FROM_MYST = [INCLUDED_FROM_MYST] if MYST_INCLUDE_LINE != 1 else []


@pytest.fixture
def built(app: SphinxTestApp) -> SphinxTestApp:
    return build_once(app)


@TERMS
@SHARED
def test_every_warning_of_the_build(built: SphinxTestApp) -> None:
    assert warnings(built.warning.getvalue(), built.srcdir) == [
        *abbreviations("abbrev.rst", ":aiterm:"),
        *abbreviations("abbrev_md.md", "{aiterm}"),
        *variants("variants.rst"),
        INCLUDED,
        *variants("variants_md.md"),
        *AGAIN_FROM_MYST,
    ]


def test_suppressed_or_off_and_output_unchanged(make_app: MakeApp, tmp_path: Path) -> None:
    """``suppress_warnings`` silences one report; with both off, nothing is said, and the
    pages are byte for byte those of a build with the reports on."""
    suppressed = sphinx_run(make_app, copy_root("terms", tmp_path / "suppressed"),
                            confoverrides={"suppress_warnings": ["aigloss.variant"]})
    assert warnings(suppressed.warning.getvalue(), suppressed.srcdir) == [
        *abbreviations("abbrev.rst", ":aiterm:"), *abbreviations("abbrev_md.md", "{aiterm}")]
    off = sphinx_run(make_app, copy_root("terms", tmp_path / "off"),
                     confoverrides={"aigloss_report_abbreviations": False, "aigloss_report_variants": False})
    assert warnings(off.warning.getvalue(), off.srcdir) == []
    on_pages, off_pages = html_files(Path(suppressed.outdir)), html_files(Path(off.outdir))
    assert on_pages.keys() == off_pages.keys()
    assert all(normalise_html(on_pages[name]) == normalise_html(off_pages[name]) for name in on_pages)


def test_expand_first_turns_the_abbreviation_report_off(make_app: MakeApp, tmp_path: Path) -> None:
    """With aigloss_expand_first the extension spells abbreviations out itself: nothing to report."""
    src = copy_root("terms", tmp_path / "expand")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('aigloss_expand_first = True\nsuppress_warnings = ["aigloss.variant"]\n\n\n'
                   "def setup(app):\n"
                   "    if 'aigloss_expand_first' not in app.config:  # the option's own branch may not be merged\n"
                   "        app.add_config_value('aigloss_expand_first', False, 'env')\n")
    app = sphinx_run(make_app, src)
    assert app.config.aigloss_expand_first is True
    assert warnings(app.warning.getvalue(), app.srcdir) == []
