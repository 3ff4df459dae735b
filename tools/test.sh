#!/usr/bin/env bash
# Every check the project has, on a fresh machine with only Python 3.11+. Three test legs, each
# in its own virtual environment, each printing the versions it ran on and its time:
#   newest   the whole suite on the newest Python here, with the newest Sphinx, docutils,
#            MyST-Parser and myst-nb that install on it: what `pip install sphinx-aigloss` gives a
#            user (.venv-newest)
#   python3  ruff and mypy on python3, the Python of the README's commands, and the tests that
#            build whole projects on the stack pip gives it (.venv): the README's own set-up
#   oldest   the build tests on the oldest supported Sphinx, docutils and MyST-Parser (.venv-oldest)
# The build tests run in full at both ends of the supported range (newest and oldest); python3's
# stack lies between them, and runs the tests that build whole projects through every builder,
# parser and prose walk (PYTHON3_TESTS), which keeps the whole command well under ten minutes on
# a two-core machine. The front-end tests (a real Chromium, or Node for the scripts' own tests
# and type check) check the script and stylesheet, which do not depend on Python's or Sphinx's
# version, and the tests that install the package in an environment of their own (pre-commit's
# try-repo) do not use the leg's: they run in the newest leg only.
# The python3 and oldest legs' environments are made in the background while the newest leg
# runs.
# Every leg runs even if one fails; the script fails if any did. Deprecation warnings raised from
# sphinx_aigloss are errors in every leg (pyproject's filterwarnings; tests/test_stack.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
START=$SECONDS

# System packages the tests need: Debian's Chromium for the browser tests (Playwright cannot
# download browsers offline), Node.js and npm for the script's unit tests and the npm tools below,
# a LaTeX toolchain to compile the PDF test, Graphviz's dot and EPUBCheck. One apt step for all legs.
NEEDED=()
[ -x /usr/bin/chromium ] || NEEDED+=(chromium)
command -v node >/dev/null || NEEDED+=(nodejs)
command -v npm >/dev/null || NEEDED+=(npm)
command -v dot >/dev/null || NEEDED+=(graphviz)
command -v epubcheck >/dev/null || NEEDED+=(epubcheck)  # the EPUB tests validate the books they build
[ -e /usr/share/i18n/locales/sv_SE ] || NEEDED+=(locales)  # a Swedish locale, which the collation test compiles
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

# The npm tools of the browser tests and the script's type check (axe-core, TypeScript), exactly
# as package-lock.json pins them; reinstalled only when node_modules does not match.
if ! npm ls --all >/dev/null 2>&1; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The newest Python 3 here that can make a virtual environment: python3, python3.N on PATH, or
# one of pyenv's versions (pyenv's shim for a version that is not active fails to run, so each
# candidate is run). Final releases only, 3.11 or newer.
newest_python() {
  local best="" best_key="" candidate key
  for candidate in "$PYTHON" $(compgen -c python3. | grep -E '^python3\.[0-9]+$' | sort -u) \
                   "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3; do
    key=$("$candidate" -c 'import sys, venv, ensurepip
v = sys.version_info
if v >= (3, 11) and v.releaselevel == "final": print("%03d%03d%03d" % v[:3])' 2>/dev/null) || continue
    if [ -n "$key" ] && [[ "$key" > "$best_key" ]]; then best=$candidate best_key=$key; fi
  done
  echo "$best"
}

python_version() { "$1" -c 'import platform; print(platform.python_version())'; }

# A virtual environment DIR made with PYTHON, made anew if it was made with another Python.
make_venv() {
  local dir=$1 python=$2
  if [ -x "$dir/bin/python" ] && [ "$(python_version "$dir/bin/python")" != "$(python_version "$python")" ]; then
    "$python" -m venv --clear "$dir"
  else
    "$python" -m venv "$dir"
  fi
  "$dir/bin/python" -m pip install -q --upgrade pip >/dev/null
}

NEWEST=${NEWEST_PYTHON:-$(newest_python)}
[ -n "$NEWEST" ] || { echo "No Python 3.11+ with venv found" >&2; exit 1; }
SAME_PYTHON=false
if [ "$(python_version "$NEWEST")" = "$(python_version "$PYTHON")" ]; then
  SAME_PYTHON=true
  echo "== no Python newer than python3 ($(python_version "$PYTHON")) here: the newest leg runs on it," \
       "the python3 leg runs ruff and mypy only"
fi

newest_leg() {
  echo "== newest: .venv-newest ($NEWEST)"
  make_venv .venv-newest "$NEWEST"
  .venv-newest/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
  # Then the stack a user gets, the newest that installs together with this package, even past
  # a bound a test-only tool sets (sphinx-rtd-theme 3.1 asks for docutils<0.23); pip check
  # names any such tool, whose tests then run outside its declared range.
  local out
  out=$(.venv-newest/bin/python -m pip install -q --upgrade -e . sphinx docutils myst-parser myst-nb 2>&1) \
    || { echo "$out" >&2; return 1; }
  out=$(.venv-newest/bin/python -m pip check 2>&1) || echo "   beyond a test tool's declared range: ${out//$'\n'/; }"
  .venv-newest/bin/python tools/versions.py newest
  .venv-newest/bin/python -m pytest -n 2 -q
}

# The python3 and oldest legs' environments are made in the background while the newest leg
# runs (see the end): installing waits on files much of the time, and so do the browser tests.
python3_setup() {
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test]'
}

oldest_setup() {
  make_venv .venv-oldest "$PYTHON"
  .venv-oldest/bin/python -m pip install -q -e '.[test]' -c tools/oldest-constraints.txt
}

# The python3 leg's tests: this manual built as the README builds it (HTML, and the PDF), the
# MyST and myst-nb stack, every builder, reStructuredText and MyST snippets side by side, and
# automatic linking over every kind of node the prose walk meets.
PYTHON3_TESTS=(tests/test_example_docs.py tests/test_stack.py tests/test_builders.py tests/test_snippets.py
               tests/test_autolink.py tests/test_walk_kinds.py)

python3_leg() {
  echo "== python3: .venv ($(command -v "$PYTHON"))"
  .venv/bin/python tools/versions.py python3
  .venv/bin/ruff check .
  .venv/bin/mypy
  if $SAME_PYTHON; then
    echo "== python3: the suite ran in the newest leg, on this same Python"
  else
    .venv/bin/python -m pytest -n 2 -q -m "not frontend and not own_environment" "${PYTHON3_TESTS[@]}"
  fi
}

oldest_leg() {
  echo "== oldest supported: .venv-oldest ($(command -v "$PYTHON"))"
  .venv-oldest/bin/python tools/versions.py oldest
  .venv-oldest/bin/python -m pytest -n 2 -q -m "not frontend and not own_environment"
}

# Each leg in a subshell, where `set -e` holds; its time and result are kept for the summary. A
# leg whose environment is made in the background first waits for it (its time counts from
# then) and shows what the set-up printed; a set-up that failed fails its leg.
SUMMARY=()
FAILED=0
SETUP_LOGS=$(mktemp -d)
trap 'rm -rf "$SETUP_LOGS"' EXIT
declare -A SETUP_PID=()
in_background() {
  ( set -e; "${1}_setup" ) >"$SETUP_LOGS/$1" 2>&1 &
  SETUP_PID[$1]=$!
}
leg() {
  local name=$1 start=$SECONDS rc=0
  set +e
  if [ -n "${SETUP_PID[$name]:-}" ]; then
    wait "${SETUP_PID[$name]}"
    rc=$?
    cat "$SETUP_LOGS/$name"
    [ "$rc" = 0 ] || echo "== $name: making its environment failed (exit $rc)"
  fi
  if [ "$rc" = 0 ]; then
    ( set -e; "${name}_leg" )
    rc=$?
  fi
  set -e
  SUMMARY+=("$name: $((SECONDS - start)) s$([ "$rc" = 0 ] && echo "" || echo ", FAILED (exit $rc)")")
  [ "$rc" = 0 ] || FAILED=1
}
in_background python3
in_background oldest
leg newest
leg python3
leg oldest

echo "== times: ${SUMMARY[*]/%/;} total $((SECONDS - START)) s"
exit "$FAILED"
