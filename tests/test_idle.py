"""Pages that link no term carry nothing of the extension; pages that do keep their hover cards.

The card data transform skips pages on which the domain made no term link: this pins that a
link made by another route than the roles (the ``any`` role, a definition block) still counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def _cards(outdir: Path, page: str) -> dict[str, object] | None:
    html = (outdir / f"{page}.html").read_text(encoding="utf-8")
    start = html.find('id="aigloss-data"')
    if start == -1:
        return None
    body = html[html.index(">", start) + 1:html.index("</script>", start)]
    data: dict[str, object] = json.loads(body)
    return data


@pytest.mark.sphinx("html", testroot="idle")
def test_cards_only_where_terms_are_linked(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    plain = (outdir / "plain.html").read_text(encoding="utf-8")
    assert _cards(outdir, "plain") is None
    assert "aigloss.js" not in plain
    assert "aigloss.css" not in plain
    assert list(_cards(outdir, "anyref") or {}) == ["lora"]
    defined = _cards(outdir, "defined")
    assert defined is not None
    assert "lora" in defined  # QLoRA's definition links LoRA
    # No glossary placed: the extension's own page is still written, for the inventory's links.
    assert (outdir / "aigloss-glossary.html").is_file()
