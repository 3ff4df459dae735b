"""The glossary core: records, names, packs, lookups, mentions, suggestions and export.

Nothing in this package imports Sphinx or docutils: the command-line tool runs on it alone,
and the Sphinx extension builds on it. One concern per module:

- ``terms``: the records and the data format's field tables;
- ``text``: control characters, and text made safe to print;
- ``names``: folding names for lookup, plural and verb forms, slugs, checks;
- ``packs``: reading and validating data files, shipped packs;
- ``installed``: packs that installed distributions contribute (entry points), selection;
- ``sources``: the selected packs and a project's files, merged into one glossary;
- ``glossary``: the index of name forms, lookups, categories, merging;
- ``mentions``: finding terms in running text;
- ``suggest``: the closest name to a miss;
- ``export``: JSON and TOML writers;
- ``markup``, ``scan``, ``tables``: reading rST and MyST sources line by line (``aigloss check``).
"""

from . import names
from .export import export_data, term_data, to_toml
from .glossary import Glossary, Lookup
from .mentions import Mention
from .names import (
    first_sentence,
    id_problem,
    inflections,
    is_all_caps,
    name_problem,
    normalise,
    singulars,
    slugify,
)
from .packs import (
    PackCache,
    collector_paused,
    data_resource,
    load_file,
    load_shipped_pack,
    parse_pack,
    schema,
    shipped_pack_ids,
)
from .sources import load_glossary, load_sources
from .terms import FORMAT_VERSION, Conflict, GlossaryError, Pack, PackInfo, Problem, Reference, Term
from .text import visible

__all__ = [
    "FORMAT_VERSION",
    "Conflict",
    "Glossary",
    "GlossaryError",
    "Lookup",
    "Mention",
    "Pack",
    "PackCache",
    "PackInfo",
    "Problem",
    "Reference",
    "Term",
    "collector_paused",
    "data_resource",
    "export_data",
    "first_sentence",
    "id_problem",
    "inflections",
    "is_all_caps",
    "load_file",
    "load_glossary",
    "load_shipped_pack",
    "load_sources",
    "name_problem",
    "names",
    "normalise",
    "parse_pack",
    "schema",
    "shipped_pack_ids",
    "singulars",
    "slugify",
    "term_data",
    "to_toml",
    "visible",
]
