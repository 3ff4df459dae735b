"""Run the aigloss command-line tool: ``python -m sphinx_aigloss``."""

from sphinx_aigloss.cli import main

raise SystemExit(main())
