"""Warnings about a document's text, noted while it is read and emitted once by the main process.

A file that two pages include is read twice, and under ``-j`` the two readings may happen in
two processes that cannot know what the other warned. So reading does not warn: it notes each
warning on the document's record in the environment (:func:`note`), which ``env-merge-info``
copies from the reading processes. When reading is over, ``env-check-consistency`` emits the
notes of the documents read in this build, in document order, once per (location, subtype,
key): the same warnings, in the same order, with ``-j`` as without.

Any report of prose can use it: note through :func:`note` instead of ``logger.warning``.
"""

from __future__ import annotations

import functools
import logging as std_logging
import time
import weakref
from collections.abc import Callable, Iterable
from logging import WARNING
from typing import TYPE_CHECKING, NamedTuple, cast

from sphinx.util import logging

from .messages import WARNING_TYPE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The environment attribute holding docname -> its notes (pickled with the environment, so a
#: reading process hands its notes back to the main one).
ATTRIBUTE = "aigloss_noted"


class Note(NamedTuple):
    location: str  # "file:line", or the docname
    subtype: str
    key: str  # what tells two warnings at one location apart (a term's id, a kind of finding)
    message: str  # translated and formatted


#: A note as the environment keeps it: a plain tuple (location, subtype, key, message). The
#: environment is pickled, and a named tuple pickles through Python code (``__getnewargs__``):
#: a build's thousands of notes took five times as long.
Kept = tuple[str, str, str, str]


#: The documents read in this build, per environment (main process only: not pickled).
_READ: weakref.WeakKeyDictionary[BuildEnvironment, set[str]] = weakref.WeakKeyDictionary()


def _notes(env: BuildEnvironment) -> dict[str, list[Kept]]:
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, {})
    return cast("dict[str, list[Kept]]", getattr(env, ATTRIBUTE))


def note(env: BuildEnvironment, docname: str, noted: Note) -> None:
    """Note a warning about the document being read."""
    _notes(env).setdefault(docname, []).append((*noted,))


def _reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _READ[env] = set(docnames)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _notes(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    theirs = _notes(other)
    ours = _notes(env)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def _emit(app: Sphinx, env: BuildEnvironment) -> None:
    notes = _notes(env)
    seen: set[tuple[str, str, str]] = set()
    # Each warning is the record ``logger.warning`` would make (the same extra keys), handed to
    # Sphinx's handlers and filters as it would be; made here, it skips the adapter's keyword
    # shuffling and the standard library's walk up the stack for the caller, which no Sphinx
    # handler reads: ~45 % of what a warning costs, and a build may emit thousands.
    read = _READ.pop(env, set())  # (this build's: popped even when nothing is emitted)
    base = logger.logger
    if not base.isEnabledFor(WARNING):
        return
    record = records(base)
    for docname in sorted(read & notes.keys()):
        for location, subtype, key, message in notes[docname]:
            if (location, subtype, key) in seen:
                continue
            seen.add((location, subtype, key))
            extra = {"type": WARNING_TYPE, "subtype": subtype, "location": location,
                     "nonl": True, "color": None, "once": False}
            base.handle(record(message, extra))


def records(base: std_logging.Logger) -> Callable[[str, dict[str, object]], std_logging.LogRecord]:
    """What makes one emission's warning records: the first by ``Logger.makeRecord``; each next
    one, while the standard record factory and ``makeRecord`` are in use, a copy of the first's
    state with its own message, extra keys and time. (``LogRecord.__init__`` reads the caller's
    file name, the thread and the process again for each record, to the same values: a third
    of what a warning cost.) The copy is taken before any handler sees the first record:
    Sphinx's filters change a record they are handed."""
    plain = (std_logging.getLogRecordFactory() is std_logging.LogRecord
             and type(base).makeRecord is std_logging.Logger.makeRecord)
    first: dict[str, object] = {}
    since: list[float] = []  # the first record's created and relativeCreated

    def record(message: str, extra: dict[str, object]) -> std_logging.LogRecord:
        if not plain or not first:
            made = base.makeRecord(base.name, WARNING, __file__, 0, "%s", (message,), None, "_emit", extra)
            first.update(vars(made))
            since[:] = [made.created, made.relativeCreated]
            return made
        made = _blank()
        state = made.__dict__
        state.update(first)
        now = time.time()  # (as ``LogRecord.__init__`` reads the time and writes it three ways)
        state["created"], state["msecs"] = now, int((now - int(now)) * 1000) + 0.0
        state["relativeCreated"] = since[1] + (now - since[0]) * 1000
        state["args"] = (message,)
        state.update(extra)
        return made

    return record


#: A record whose ``__init__`` is not run (``records`` copies its state in).
_blank = functools.partial(std_logging.LogRecord.__new__, std_logging.LogRecord)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _reading, priority=999)  # after others change the list
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _emit)
