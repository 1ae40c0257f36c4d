#!/usr/bin/env bash
# The demo: bash tests/demo.sh
# Sets up a small virtualenv (.venv-demo: ansible-core and requests only, tests/requirements-demo.txt),
# starts the bundled API simulator on 127.0.0.1, and runs playbooks/demo.yml against it with the
# simulator's demo account.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${XTOM_DEMO_VENV:-$REPO/.venv-demo}"
PY="${XTOM_CI_PYTHON:-python3.11}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x "$VENV/bin/ansible-playbook" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q -r "$REPO/tests/requirements-demo.txt" 2>&1 | grep -v '^WARNING: Location' || true
fi
WORK="$(mktemp -d /tmp/xtom-demo.XXXXXX)"
mkdir -p "$WORK/ansible_collections/xtom"
ln -s "$REPO" "$WORK/ansible_collections/xtom/console"
"$VENV/bin/python" "$REPO/tests/simulator" --port 0 >"$WORK/sim.json" 2>"$WORK/sim.err" &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/sim.json" ] && break; sleep 0.1; done
XTOM_API_URL=$("$VENV/bin/python" -c "import json,sys;print(json.load(open(sys.argv[1]))['api_url'])" "$WORK/sim.json")
echo "simulator: $XTOM_API_URL (user demo@example.com)"
export XTOM_API_URL XTOM_API_USERNAME=demo@example.com XTOM_API_PASSWORD=demo-password
export ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
"$VENV/bin/ansible-playbook" "$REPO/playbooks/demo.yml" "$@"
