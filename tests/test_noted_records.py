"""The warning records ``noted`` copies from the first of an emission are the records
``Logger.makeRecord`` makes (report10): the same state but the time, whatever a handler did to
the first; with another record factory, each record is made by it."""

from __future__ import annotations

import logging

from sphinx_aigloss import noted

#: What differs between any two records: their time.
TIME = {"created", "msecs", "relativeCreated"}
EXTRA: dict[str, object] = {"type": "aigloss", "nonl": True, "color": None, "once": False}


def _state(record: logging.LogRecord) -> dict[str, object]:
    return {key: value for key, value in vars(record).items() if key not in TIME}


def test_copied_records_are_the_records_make_record_makes() -> None:
    base = logging.getLogger("sphinx.sphinx_aigloss.noted")
    record = noted.records(base)
    made = []
    for number in range(4):
        extra = {**EXTRA, "subtype": f"kind{number % 2}", "location": f"a.rst:{number}"}
        ours = record(f"message {number} %s", extra)
        before = _state(ours)
        theirs = base.makeRecord(base.name, logging.WARNING, noted.__file__, 0, "%s", (f"message {number} %s",),
                                 None, "_emit", extra)
        assert before == _state(theirs)
        assert type(ours) is logging.LogRecord
        assert ours.getMessage() == f"message {number} %s"
        assert abs(ours.created - theirs.created) < 60
        assert abs(ours.relativeCreated - theirs.relativeCreated) < 60_000
        assert ours.msecs == int((ours.created - int(ours.created)) * 1000)
        # What a handler may do to a record (Sphinx's filters change its class and location).
        ours.location, ours.msg = "changed", "changed"
        made.append(ours)
    assert len({id(record) for record in made}) == 4


class Counted(logging.LogRecord):
    made = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        Counted.made += 1


def test_another_record_factory_makes_every_record() -> None:
    old = logging.getLogRecordFactory()
    logging.setLogRecordFactory(Counted)
    try:
        record = noted.records(logging.getLogger("sphinx.sphinx_aigloss.noted"))
        made = [record(f"m{number}", {**EXTRA, "subtype": "x", "location": "a.rst:1"}) for number in range(3)]
    finally:
        logging.setLogRecordFactory(old)
    assert Counted.made == 3
    assert all(type(one) is Counted for one in made)
