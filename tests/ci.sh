#!/usr/bin/env bash
# The whole test suite of xtom.console, from a fresh machine: bash tests/ci.sh [stage ...]
#
# Stages (default: all, in this order): setup sanity units integration compat perf smoke lint docs docsite
# changelog build packaging molecule. It makes its own virtualenv (.venv-ci, Python 3.11), installs the pinned tools of
# tests/requirements-ci.txt, copies the checkout to <tmp>/ansible_collections/xtom/console (the
# path ansible-test needs), starts the API simulator where a stage needs one, and prints the time
# of each stage at the end. Exit code: non-zero if any stage failed.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${XTOM_CI_PYTHON:-python3.11}"
VENV="${XTOM_CI_VENV:-$REPO/.venv-ci}"
WORK="${XTOM_CI_WORK:-$(mktemp -d /tmp/xtom-ci.XXXXXX)}"
COLL="$WORK/ansible_collections/xtom/console"
STAGES=("$@")
[ ${#STAGES[@]} -eq 0 ] && STAGES=(setup sanity units integration compat perf smoke lint docs docsite changelog build packaging molecule)

declare -a SUMMARY=()
FAILED=0
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1 ANSIBLE_NOCOLOR=1 PY_COLORS=0

log() { printf '\n=== %s\n' "$*"; }

run_stage() {
  local name="$1"; shift
  local start end rc
  log "stage $name"
  start=$(date +%s)
  "$@"; rc=$?
  end=$(date +%s)
  SUMMARY+=("$(printf '%-12s %4ss  %s' "$name" "$((end - start))" "$([ $rc -eq 0 ] && echo ok || echo "FAILED (rc=$rc)")")")
  [ $rc -eq 0 ] || FAILED=1
  return 0
}

stage_setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    command -v "$PY" >/dev/null || { echo "need $PY on PATH"; return 1; }
    "$PY" -m venv "$VENV" || return 1
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -m pip install -q -r "$REPO/tests/requirements-ci.txt" 2>&1 | grep -v '^WARNING: Location'
  "$VENV/bin/python" -c "import ansible, requests, pytest, xdist" || return 1
  # ansible-test's pip bootstrap, offline (see tests/tools/get_pip_standin.py).
  local pipver
  pipver=$("$VENV/bin/python" -c "
from ansible_test._internal.python_requirements import get_venv_packages
from ansible_test._internal.host_configs import NativePythonConfig
print(get_venv_packages(NativePythonConfig(version='3.11'))['pip'])" 2>/dev/null || echo 24.2)
  mkdir -p ~/.ansible/test/cache
  cp "$REPO/tests/tools/get_pip_standin.py" ~/.ansible/test/cache/get_pip_${pipver//./_}.py
  copy_collection
}

copy_collection() {
  rm -rf "$COLL" && mkdir -p "$COLL"
  (cd "$REPO" && git ls-files -co --exclude-standard | while IFS= read -r f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$COLL") || return 1
  cp -a "$REPO/.git" "$COLL/.git"
  echo "collection copied to $COLL"
}

in_coll() { (cd "$COLL" && PATH="$VENV/bin:$PATH" "$@"); }

stage_sanity() {
  # XTOM_SANITY_ARGS="--test validate-modules" runs one test only.
  if [ -n "${XTOM_SANITY_ARGS:-}" ]; then
    # shellcheck disable=SC2086
    in_coll ansible-test sanity --python 3.11 --color no --requirements $XTOM_SANITY_ARGS
    return
  fi
  in_coll ansible-test sanity --python 3.11 --color no --requirements
}

stage_units() { in_coll python -m pytest -q -p no:cacheprovider tests/unit; }

stage_integration() { in_coll python -m pytest -q -p no:cacheprovider -n 2 tests/integration; }

# The integration tests again on the oldest supported ansible-core (tests/requirements-compat.txt).
# The unit tests are not repeated: some use test helpers that only ansible-core 2.19 has.
stage_compat() {
  local venv="${VENV}-compat"
  if [ ! -x "$venv/bin/python" ]; then "$PY" -m venv "$venv" || return 1; fi
  "$venv/bin/python" -m pip install -q -r "$REPO/tests/requirements-compat.txt" 2>&1 | grep -v '^WARNING: Location'
  "$venv/bin/ansible" --version | head -1
  (cd "$COLL" && PATH="$venv/bin:$PATH" python -m pytest -q -p no:cacheprovider -n 2 tests/integration)
}

# Benchmarks, one at a time (their timings are the point), with their figures printed.
stage_perf() { in_coll python -m pytest -q -s -p no:cacheprovider tests/perf; }

stage_smoke() {
  # The simulator as a real server, and an ad-hoc command as a user would type it.
  local info url pid out rc=0
  info="$WORK/sim.json"
  (cd "$COLL" && "$VENV/bin/python" tests/simulator --port 0 >"$info" 2>"$WORK/sim.err") &
  pid=$!
  for _ in $(seq 50); do [ -s "$info" ] && break; sleep 0.1; done
  url=$("$VENV/bin/python" -c "import json,sys;print(json.load(open(sys.argv[1]))['api_url'])" "$info") || { kill $pid; return 1; }
  local -x ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python" ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
  out=$(XTOM_API_URL=$url XTOM_API_USERNAME=demo@example.com XTOM_API_PASSWORD=demo-password \
        "$VENV/bin/ansible" localhost -m xtom.console.account_info 2>&1)
  echo "$out" | head -20
  echo "$out" | grep -q '"email": "demo@example.com"' || { echo "account_info did not print the account"; rc=1; }
  out=$(XTOM_API_URL=$url XTOM_API_USERNAME=demo@example.com XTOM_API_PASSWORD=wrong-secret-pw \
        "$VENV/bin/ansible" localhost -m xtom.console.account_info 2>&1)
  echo "$out"
  echo "$out" | grep -q 'authentication failed' || { echo "bad password: no authentication message"; rc=1; }
  echo "$out" | grep -q 'wrong-secret-pw' && { echo "bad password: the password was printed"; rc=1; }
  echo "$out" | grep -q 'Traceback' && { echo "bad password: traceback"; rc=1; }
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  return $rc
}

stage_lint() { in_coll env ANSIBLE_COLLECTIONS_PATH="$WORK" ansible-lint --offline --profile production; }

stage_docs() { in_coll env ANSIBLE_COLLECTIONS_PATH="$WORK" antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs=self .; }

stage_docsite() {
  # The collection's docs site (plugin and role pages, docs/docsite guides) as HTML with antsibull-docs
  # and Sphinx; any warning fails. No network: the Ansible docs labels the pages link to come from a
  # local intersphinx inventory (tests/tools/docsite_inventory.py).
  local site="$WORK/docsite" rc
  rm -rf "$site" && mkdir -m 0755 "$site"
  in_coll env ANSIBLE_COLLECTIONS_PATH="$WORK" antsibull-docs sphinx-init --use-current --fail-on-error \
    --dest-dir "$site" xtom.console >/dev/null || return 1
  "$VENV/bin/python" "$REPO/tests/tools/docsite_inventory.py" "$site/ansible_devel.inv" || return 1
  printf '\nintersphinx_mapping = {"ansible_devel": ("https://docs.ansible.com/projects/ansible/devel/", "../ansible_devel.inv")}\n' \
    >>"$site/conf.py"
  (cd "$site" && PATH="$VENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$WORK" ./build.sh >"$site/build.log" 2>&1)
  rc=$?
  grep -E 'WARNING|ERROR|rror|build (succeeded|finished)' "$site/build.log" | sed "s|$site/||"
  [ $rc -eq 0 ] || { tail -30 "$site/build.log"; return $rc; }
  echo "docs site: $(find "$site/build/html" -name '*.html' | wc -l) pages in $site/build/html"
}

stage_changelog() { in_coll antsibull-changelog lint; }

stage_build() {
  local dist="$WORK/dist" inst="$WORK/installed" tarball plugin rc=0
  rm -rf "$dist" "$inst"; mkdir -p "$dist" "$inst"
  in_coll ansible-galaxy collection build --output-path "$dist" . || return 1
  tarball=$(ls "$dist"/xtom-console-*.tar.gz)
  if tar tzf "$tarball" | grep -E '^(tests|\.ci|\.venv)|/\.git/|\.pyc$'; then echo "the build contains test or tooling files"; return 1; fi
  ANSIBLE_COLLECTIONS_PATH="$inst" "$VENV/bin/ansible-galaxy" collection install --force -p "$inst" "$tarball" || return 1
  [ -f "$inst/ansible_collections/xtom/console/MANIFEST.json" ] || { echo "the tarball did not install"; return 1; }
  local plugins=() type name
  for plugin in $(cd "$inst/ansible_collections/xtom/console/plugins/modules" && ls *.py | sed 's/\.py$//'); do plugins+=("module:$plugin"); done
  for plugin in $(cd "$inst/ansible_collections/xtom/console/plugins/inventory" 2>/dev/null && ls *.py 2>/dev/null | sed 's/\.py$//'); do plugins+=("inventory:$plugin"); done
  for plugin in "${plugins[@]}"; do
    type=${plugin%%:*}; name=xtom.console.${plugin#*:}
    ANSIBLE_COLLECTIONS_PATH="$inst" "$VENV/bin/ansible-doc" -t "$type" --json "$name" 2>/dev/null \
      | "$VENV/bin/python" -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d.get(sys.argv[1], {}).get('doc') else 1)" "$name" 2>/dev/null \
      || { echo "ansible-doc failed: $type $name"; rc=1; }
  done
  echo "built $(basename "$tarball") ($(tar tzf "$tarball" | wc -l) files); ansible-doc checked ${#plugins[@]} plugins"
  return $rc
}

stage_packaging() {
  # What AWX / Automation Platform users build: the collection tarball holds no tests or tooling,
  # meta/execution-environment.yml resolves to the Python requirements (ansible-builder introspect,
  # as inside an image build), and an execution environment definition that installs the tarball
  # makes a build context (ansible-builder create: no container engine needed).
  local dist="$WORK/dist" inst="$WORK/ee-installed" ee="$WORK/ee" tarball listing bad reqs f
  if ! ls "$dist"/xtom-console-*.tar.gz >/dev/null 2>&1; then
    mkdir -p "$dist"; in_coll ansible-galaxy collection build --output-path "$dist" . >/dev/null || return 1
  fi
  tarball=$(ls "$dist"/xtom-console-*.tar.gz)
  # The build stage rejects tests/, .ci/, venvs, .git and .pyc; this is the rest of the tooling.
  listing=$(tar tzf "$tarball") || return 1
  bad=$(echo "$listing" | grep -E '(^|/)(molecule|__pycache__|\.pytest_cache|\.ansible|docs-build|build)(/|$)|(^|/)\.(gitignore|ansible-lint|yamllint|pre-commit-config\.yaml)$|\.plugin-cache\.yaml$')
  [ -z "$bad" ] || { echo "the build contains tooling files:"; echo "$bad"; return 1; }
  for f in meta/runtime.yml meta/execution-environment.yml requirements.txt playbooks/demo.yml docs/docsite/extra-docs.yml \
    roles/server/meta/argument_specs.yml roles/dns_zone/meta/argument_specs.yml; do
    grep -qx "$f" <<<"$listing" || { echo "the build lacks $f"; return 1; }
  done
  rm -rf "$inst" "$ee"; mkdir -p "$inst" "$ee"
  "$VENV/bin/ansible-galaxy" collection install --force -p "$inst" "$tarball" >"$ee/install.log" 2>&1 \
    || { cat "$ee/install.log"; return 1; }
  reqs=$("$VENV/bin/ansible-builder" introspect --sanitize "$inst") || return 1
  echo "$reqs"
  grep -q "requests.*# from collection xtom.console" <<<"$reqs" || { echo "introspect found no requirement of xtom.console"; return 1; }
  printf '%s\n' '---' 'version: 3' 'images:' '  base_image:' '    name: quay.io/ansible/awx-ee:latest' \
    'dependencies:' '  galaxy:' '    collections:' "      - name: /tmp/src/$(basename "$tarball")" '        type: file' \
    'additional_build_files:' "  - src: $tarball" '    dest: collections' \
    'additional_build_steps:' '  prepend_galaxy:' '    - COPY _build/collections/ /tmp/src/' >"$ee/execution-environment.yml"
  (cd "$ee" && "$VENV/bin/ansible-builder" create -f execution-environment.yml -c context --output-filename Containerfile) || return 1
  [ -s "$ee/context/Containerfile" ] && [ -s "$ee/context/_build/collections/$(basename "$tarball")" ] \
    || { echo "ansible-builder create made no complete build context"; return 1; }
  echo "execution environment build context: $ee/context ($(find "$ee/context" -type f | wc -l) files)"
}

stage_molecule() {
  # Every role's scenarios against one simulator (each scenario's cleanup resets it to the demo account).
  local scenario rc=0 info="$WORK/sim-molecule.json" pid url start
  [ -d "$COLL/extensions/molecule" ] || [ -d "$COLL/roles" ] || return 0
  (cd "$COLL" && exec "$VENV/bin/python" tests/simulator --port 0 >"$info" 2>"$WORK/sim-molecule.err") &
  pid=$!
  for _ in $(seq 50); do [ -s "$info" ] && break; sleep 0.1; done
  url=$("$VENV/bin/python" -c "import json,sys;print(json.load(open(sys.argv[1]))['api_url'])" "$info") \
    || { kill $pid 2>/dev/null; cat "$WORK/sim-molecule.err"; return 1; }
  for scenario in $(cd "$COLL" && ls -d roles/*/molecule/* 2>/dev/null); do
    start=$(date +%s)
    (cd "$COLL/$(dirname "$(dirname "$scenario")")" && PATH="$VENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$WORK" \
      XTOM_API_URL="$url" XTOM_API_USERNAME=demo@example.com XTOM_API_PASSWORD=demo-password \
      ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python" molecule test -s "$(basename "$scenario")") || rc=1
    echo "molecule $scenario: $(($(date +%s) - start))s"
  done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  return $rc
}

cd "$REPO" || exit 1
if [[ " ${STAGES[*]} " != *" setup "* ]]; then
  # A partial run: set up what is missing, and always test the current working tree.
  if [ -x "$VENV/bin/python" ]; then copy_collection >/dev/null; else run_stage setup stage_setup; fi
fi
for stage in "${STAGES[@]}"; do
  run_stage "$stage" "stage_$stage"
done

log "summary"
printf '%s\n' "${SUMMARY[@]}"
[ $FAILED -eq 0 ] && echo "all stages passed" || echo "some stages FAILED"
exit $FAILED
