#!/usr/bin/env bash
# Every check the project has, on a fresh machine with only Python 3.11+:
#   ruff, mypy, the whole test suite (real Sphinx builds and a real headless Chromium) on the
#   newest Sphinx, then the build tests again on the oldest supported Sphinx.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# The browser tests drive Debian's Chromium (Playwright cannot download browsers offline).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing chromium (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2
    echo "(Debian/Ubuntu), then run this script again." >&2
    exit 1
  fi
fi

echo "== newest Sphinx: .venv"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check sphinx_aigloss tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 -q

echo "== oldest supported Sphinx: .venv-oldest"
"$PYTHON" -m venv .venv-oldest
.venv-oldest/bin/python -m pip install -q --upgrade pip >/dev/null
.venv-oldest/bin/python -m pip install -q -e '.[test]' -c tools/oldest-constraints.txt
.venv-oldest/bin/python -m pytest -n 2 -q --ignore=tests/test_hover.py
