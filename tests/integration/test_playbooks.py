"""The shipped playbooks, the README's demo command, and every module's EXAMPLES, against the simulator.

- every playbook of ``playbooks/`` and of the roles' molecule scenarios passes ``--syntax-check``;
- ``bash tests/demo.sh`` (the README's demo command) prints its summary; ``playbooks/demo.yml``
  makes its changes once and a second run changes nothing;
- ``playbooks/inventory_report.yml`` prints a table of the inventory's hosts;
- every module's EXAMPLES is valid YAML whose tasks are valid against the module's documented
  options, and runs against the simulator's demo account (one playbook per module, the simulator
  reset for each), except those listed in ``EXAMPLES_NOT_RUNNABLE`` with the reason.
"""

import ast
import glob
import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import REPO_ROOT, ansible_bin, ansible_env

MODULES_DIR = os.path.join(REPO_ROOT, "plugins", "modules")
MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(MODULES_DIR, "*.py")) if not p.endswith("__init__.py"))
PLAYBOOKS = sorted(glob.glob(os.path.join(REPO_ROOT, "playbooks", "*.yml")))
SCENARIO_PLAYBOOKS = sorted(p for p in glob.glob(os.path.join(REPO_ROOT, "roles", "*", "molecule", "*", "*.yml"))
                            if os.path.basename(p) != "molecule.yml")

# Modules whose EXAMPLES cannot run against the simulator, with the reason. Keep it empty when possible:
# fix the example instead.
EXAMPLES_NOT_RUNNABLE = {}

# Variables the examples take from the user's vault or extra vars; here they come from the environment
# of the simulator's demo account.
EXAMPLE_VARS = {
    "xtom_username": "{{ lookup('ansible.builtin.env', 'XTOM_API_USERNAME') }}",
    "xtom_password": "{{ lookup('ansible.builtin.env', 'XTOM_API_PASSWORD') }}",
    "vault_xtom_username": "{{ lookup('ansible.builtin.env', 'XTOM_API_USERNAME') }}",
    "vault_xtom_password": "{{ lookup('ansible.builtin.env', 'XTOM_API_PASSWORD') }}",
}

# Extra variables an example says to give on the command line (-e) for the run that should act.
EXAMPLE_EXTRA_VARS = {
    "service_reinstall": {"reinstall_confirm": "web1.example.com"},
}

# Options every module takes (doc fragment xtom.console.api), and task keywords an example may use.
COMMON_OPTIONS = {"api_url", "api_token", "api_username", "api_password", "auth_mode", "validate_certs", "timeout"}
TASK_KEYWORDS = {"name", "register", "when", "check_mode", "diff", "loop", "loop_control", "vars", "no_log",
                 "changed_when", "failed_when", "until", "retries", "delay", "tags", "environment",
                 "ignore_errors", "delegate_to", "run_once", "notify", "become", "module_defaults", "with_items"}


def module_docs(name):
    """DOCUMENTATION and EXAMPLES of a module, read with ast (the module is not imported)."""
    path = os.path.join(MODULES_DIR, name + ".py")
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    consts = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
                consts[node.targets[0].id] = node.value.value
    return yaml.safe_load(consts["DOCUMENTATION"]), yaml.safe_load(consts["EXAMPLES"])


def _module_of(task):
    found = [k for k in task if k not in TASK_KEYWORDS]
    assert len(found) == 1, "task %r: one module key expected, got %s" % (task.get("name"), found)
    return found[0]


def _check_args(where, args, options):
    """Example arguments against documented options: known names (or aliases), required ones, choices, suboptions."""
    names = {}
    for opt, spec in options.items():
        names[opt] = opt
        for alias in spec.get("aliases") or []:
            names[alias] = opt
    for key in args:
        assert key in names, "%s: unknown option %r (documented: %s)" % (where, key, sorted(options))
    given = set(names[k] for k in args)
    for opt, spec in options.items():
        if spec.get("required"):
            assert opt in given, "%s: required option %r missing" % (where, opt)
    for key, value in args.items():
        spec = options[names[key]]
        templated = isinstance(value, str) and "{{" in value
        if spec.get("choices") and not templated and value is not None:
            values = value if isinstance(value, list) else [value]
            for val in values:
                assert val in spec["choices"], "%s: %s=%r not in %s" % (where, key, val, spec["choices"])
        if spec.get("suboptions") and not templated and value is not None:
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    _check_args("%s %s[%d]" % (where, key, index), item, spec["suboptions"])


def test_every_playbook_passes_syntax_check():
    playbooks = PLAYBOOKS + SCENARIO_PLAYBOOKS
    names = [os.path.relpath(p, REPO_ROOT) for p in playbooks]
    assert "playbooks/demo.yml" in names and "playbooks/provision_server.yml" in names
    assert "playbooks/dns_zone.yml" in names and "playbooks/inventory_report.yml" in names
    assert "roles/server/molecule/default/converge.yml" in names
    proc = subprocess.run([ansible_bin("ansible-playbook"), "-i", "localhost,", "--syntax-check"] + playbooks,
                          capture_output=True, text=True, env=ansible_env(), timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_demo_command_prints_the_summary():
    """``bash tests/demo.sh``: starts its own simulator and runs playbooks/demo.yml against it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "XTOM_"))}
    env.update({"XTOM_CI_VENV": sys.prefix, "ANSIBLE_NOCOLOR": "1"})
    proc = subprocess.run(["bash", os.path.join(REPO_ROOT, "tests", "demo.sh")], capture_output=True, text=True,
                          env=env, timeout=600, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-2000:]
    assert "TASK [Summary]" in out
    assert "Account 26: Joe Doe <demo@example.com>, balance 19.65 USD, credit 5.00" in out
    assert "Services (6):" in out
    assert "1001  web1.example.com   KVM VPS Starter  Active" in out
    assert "2001:db8:10::10    -> web1.example.com" in out
    assert "Zone example.net: 2 created, 0 updated, 0 deleted; 4 record sets" in out
    assert "(Technical Support): Open, opened now" in out
    assert "failed=0" in out


def _summary(run):
    return run.task("Summary")["msg"]


def test_demo_changes_once_then_nothing(sim, run_playbook):
    demo = os.path.join(REPO_ROOT, "playbooks", "demo.yml")
    first = run_playbook(demo)
    assert first.rc == 0, first
    lines = _summary(first)
    assert lines[0].startswith("Account 26: Joe Doe <demo@example.com>")
    assert "Reverse DNS of web1.example.com (changed):" in lines
    assert any(line.startswith("Ticket #") and line.endswith("opened now") for line in lines), lines
    # The changes are in the account.
    assert sim.db["services"][1001]["rdns"] == {"203.0.113.10": "web1.example.com", "2001:db8:10::10": "web1.example.com"}
    tickets = [t for t in sim.db["tickets"].values() if t["subject"].startswith("Demo: please confirm")]
    assert len(tickets) == 1

    mark = sim.mark()
    second = run_playbook(demo)
    assert second.rc == 0, second
    assert [name for name, res in second.results if res.get("changed")] == []
    assert sim.writes(mark) == []
    lines = _summary(second)
    assert "Reverse DNS of web1.example.com (already set):" in lines
    assert "Zone example.net: 0 created, 0 updated, 0 deleted; 4 record sets" in lines
    assert any(line.endswith("already open") for line in lines), lines


def test_demo_only_reads_without_demo_write(sim, run_playbook):
    """Read-only, as against a real account: the demo's example service need not exist there."""
    mark = sim.mark()
    run = run_playbook(os.path.join(REPO_ROOT, "playbooks", "demo.yml"),
                       extra_vars={"demo_write": False, "demo_service": "not-in-this-account.example.com"})
    assert run.rc == 0, run
    assert sim.writes(mark) == []
    assert _summary(run)[-1] == "No changes made (demo_write is false)."


def test_inventory_report_prints_a_table(sim, run_playbook):
    inventory = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo.xtom.yml")
    run = run_playbook(os.path.join(REPO_ROOT, "playbooks", "inventory_report.yml"), args=["-i", inventory])
    assert run.rc == 0, run
    lines = run.task("Print the table of hosts")["msg"]
    assert lines[0].split() == ["host", "service", "status", "product", "IPv4", "IPv6", "due", "groups"]
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert set(rows) == {"web1", "db1", "dns", "web", "web-1006"}
    assert rows["db1"].split()[1:3] == ["1002", "Active"] and "203.0.113.20" in rows["db1"]
    assert "category_vps" in rows["web1"]
    assert lines[-1] == "5 hosts, 5 IPv4 and 3 IPv6 addresses"


@pytest.fixture(scope="module")
def documented_options():
    """Each module's options with its doc fragments merged, from one ``ansible-doc --json`` run."""
    proc = subprocess.run([ansible_bin("ansible-doc"), "--json", "-t", "module"] + ["xtom.console." + m for m in MODULES],
                          capture_output=True, text=True, env=ansible_env(), timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    return {name.split(".")[-1]: doc["doc"].get("options") or {} for name, doc in docs.items()}


@pytest.mark.parametrize("module", MODULES)
def test_module_examples_are_valid(module, documented_options):
    doc, examples = module_docs(module)
    assert doc["module"] == module
    assert isinstance(examples, list) and examples, "%s: EXAMPLES must be a list of tasks" % module
    options = documented_options[module]
    assert COMMON_OPTIONS <= set(options), "%s: the connection options are not documented" % module
    for task in examples:
        assert task.get("name"), "%s: every example task needs a name" % module
        key = _module_of(task)
        assert key.startswith(("xtom.console.", "ansible.builtin.")), "%s: %s is not FQCN of xtom.console/ansible.builtin" % (module, key)
        if key == "xtom.console." + module:
            args = task[key] or {}
            assert isinstance(args, dict), "%s: %r uses free-form arguments" % (module, task["name"])
            _check_args("%s example %r" % (module, task["name"]), args, options)


def test_examples_not_runnable_are_explained():
    for module, reason in EXAMPLES_NOT_RUNNABLE.items():
        assert module in MODULES, "%s is listed in EXAMPLES_NOT_RUNNABLE but is not a module" % module
        assert len(reason) > 20, "%s: give the reason its EXAMPLES cannot run against the simulator" % module


@pytest.mark.parametrize("module", [m for m in MODULES if m not in EXAMPLES_NOT_RUNNABLE])
def test_module_examples_run_against_the_simulator(module, sim, run_playbook):
    _doc, examples = module_docs(module)
    play = [{"name": "EXAMPLES of xtom.console.%s" % module, "hosts": "localhost", "gather_facts": False,
             "vars": EXAMPLE_VARS, "tasks": examples}]
    run = run_playbook(yaml.safe_dump(play, sort_keys=False), extra_vars=EXAMPLE_EXTRA_VARS.get(module))
    assert run.rc == 0, run
    failed = [name for name, res in run.results if res.get("failed")]
    assert failed == [], run
    own = [t["name"] for t in examples if _module_of(t) == "xtom.console." + module]
    ran = [name for name, res in run.results if name in own and not res.get("skipped")]
    assert ran, "no example task of %s ran: %s" % (module, json.dumps(run.results)[:2000])


def test_provision_playbook_refuses_its_placeholder_on_a_real_account(sim, run_playbook):
    """Run without -e against a real account, it would buy a server for web9.example.com: refused first."""
    playbook = os.path.join(REPO_ROOT, "playbooks", "provision_server.yml")
    mark = sim.mark()
    run = run_playbook(playbook, env={"XTOM_API_URL": "https://console.xtom.invalid/api"})
    assert run.rc != 0
    refused = run.task("Refuse to order a server for a placeholder host name on a real account")
    assert refused["failed"] is True and "server_hostname=web9.example.com is the playbook's placeholder" in refused["msg"]
    assert sim.requests(mark) == []
    # Against the simulator (and in check mode anywhere) the placeholder is fine: check mode only asks for the quote.
    run = run_playbook(playbook, check=True, callback="default")
    assert run.rc == 0, run
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/quote")]
    # No server was added in check mode: the second play has no hosts, and says so without a warning.
    assert "Could not match supplied host pattern" not in run.stdout + run.stderr, run
    assert "skipping: no hosts matched" in run.stdout, run
