"""The report's cheaper paths give what the plain ones gave: the warnings ``noted`` emits are
the records ``logger.warning`` would have made (same message, location, type, subtype and
keywords), so ``-W``, ``--fail-on-warning`` and the warning count behave as before."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sphinx.errors import SphinxWarning
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss import noted
from sphinx_aigloss.messages import WARNING_TYPE
from tests.util import MakeApp, copy_root, warnings

#: Record attributes that differ between any two records (time, caller, thread), not what a
#: handler formats or filters on.
VOLATILE = {"created", "msecs", "relativeCreated", "pathname", "filename", "module", "lineno", "funcName",
            "thread", "threadName", "process", "processName", "taskName", "stack_info"}


class Keep(logging.Handler):
    """Keeps the records that reach the ``sphinx`` logger's handlers, as they arrive."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append({k: v for k, v in vars(record).items() if k not in VOLATILE})


def _emitted(app: SphinxTestApp, emit: object) -> list[dict[str, object]]:
    """The records one way of emitting the build's notes hands to the handlers."""
    keep = Keep()
    base = logging.getLogger("sphinx")
    base.handlers.insert(0, keep)  # first: before Sphinx's filters change the record
    try:
        noted._READ[app.env] = set(app.env.all_docs)
        assert callable(emit)
        emit(app, app.env)
    finally:
        base.removeHandler(keep)
    return keep.records


def _with_logger_warning(app: SphinxTestApp, env: object) -> None:
    """The emission as it was: one ``logger.warning`` per note."""
    notes = getattr(env, noted.ATTRIBUTE)
    seen = set()
    for docname in sorted(noted._READ.pop(app.env) & notes.keys()):
        for note in map(noted.Note._make, notes[docname]):
            if (note.location, note.subtype, note.key) not in seen:
                seen.add((note.location, note.subtype, note.key))
                noted.logger.warning("%s", note.message, type=WARNING_TYPE, subtype=note.subtype,
                                     location=note.location)


@pytest.mark.sphinx("html", testroot="report", srcdir="report-cost")  # (its own copy: it builds it)
def test_noted_warnings_are_the_records_logger_warning_makes(app: SphinxTestApp) -> None:
    app.build()
    # What the build printed: the notes' records formatted, in the notes' order.
    printed = warnings(app.warning.getvalue(), app.srcdir)
    assert printed[0] == ("index.rst:8: WARNING: unlinked mention of AI term 'fine-tuning': write "
                          ":aiterm:`fine-tuning` [aigloss.unlinked_mention]")
    assert len(printed) == 7
    ours = _emitted(app, noted._emit)
    theirs = _emitted(app, _with_logger_warning)
    assert len(ours) == 7
    assert ours == theirs
    assert {record["once"] for record in ours} == {False}
    assert {record["nonl"] for record in ours} == {True}
    assert warnings(app.warning.getvalue(), app.srcdir) == printed * 3  # (each emission printed the same)


def test_warnings_as_errors_and_the_warning_count(make_app: MakeApp, tmp_path: Path) -> None:
    """``-W`` without ``--keep-going`` stops at the first report with Sphinx's own message;
    ``--fail-on-warning`` counts every report and fails the build."""
    src = copy_root("report", tmp_path / "stop")
    app = make_app("html", srcdir=src, warningiserror=True, exception_on_warning=True)
    try:
        with pytest.raises(SphinxWarning) as raised:
            app.build()
    finally:
        app.cleanup()
    assert str(raised.value) == (f"{src}/index.rst:8:unlinked mention of AI term 'fine-tuning': write "
                                 ":aiterm:`fine-tuning`")
    counted = make_app("html", srcdir=copy_root("report", tmp_path / "count"), warningiserror=True)
    try:
        counted.build()
    finally:
        counted.cleanup()
    assert len(warnings(counted.warning.getvalue(), counted.srcdir)) == 7
    assert counted.statuscode == 1
