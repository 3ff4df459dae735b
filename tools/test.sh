#!/usr/bin/env bash
# Every check the project has, on a fresh machine with only Python 3.11+:
#   ruff, mypy, the whole test suite (real Sphinx builds and a real headless Chromium) on the
#   newest Sphinx, then the build tests again on the oldest supported Sphinx.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# System packages the tests need: Debian's Chromium for the browser tests (Playwright cannot
# download browsers offline), Node.js for the script's unit tests, and a LaTeX toolchain to
# compile the PDF test.
NEEDED=()
[ -x /usr/bin/chromium ] || NEEDED+=(chromium)
command -v node >/dev/null || NEEDED+=(nodejs)  # runs the script's unit tests
command -v latexmk >/dev/null || NEEDED+=(latexmk texlive-latex-recommended texlive-fonts-recommended
                                          texlive-latex-extra tex-gyre)
if [ ${#NEEDED[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${NEEDED[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${NEEDED[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${NEEDED[*]}" >&2
    echo "Install them with: sudo apt-get install ${NEEDED[*]}" >&2
    exit 1
  fi
fi

echo "== newest Sphinx: .venv"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 -q

echo "== oldest supported Sphinx: .venv-oldest"
"$PYTHON" -m venv .venv-oldest
.venv-oldest/bin/python -m pip install -q --upgrade pip >/dev/null
.venv-oldest/bin/python -m pip install -q -e '.[test]' -c tools/oldest-constraints.txt
.venv-oldest/bin/python -m pytest -n 2 -q --ignore=tests/test_hover.py
