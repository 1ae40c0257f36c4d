"""Shared pytest fixtures: the simulator, an API client on it, and ansible-playbook runs.

Fixtures:
- ``sim_server`` (session): one in-process simulator server per pytest worker.
- ``sim`` (function): that server reset to the demo account; a ``SimHandle`` with helpers.
- ``client``: an ``XtomClient`` on the simulator (Basic auth, fast backoff).
- ``run_playbook``: runs ``ansible-playbook`` against the simulator and returns a ``PlaybookRun``.
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(TESTS_DIR)
sys.path.insert(0, TESTS_DIR)


def _collections_root():
    """A folder holding ansible_collections/xtom/console that points at this checkout."""
    parts = REPO_ROOT.split(os.sep)
    if len(parts) > 3 and parts[-3:-2] == ["ansible_collections"] and parts[-2:] == ["xtom", "console"]:
        return os.sep.join(parts[:-3])
    root = os.path.join(TESTS_DIR, "output", "collections")
    link = os.path.join(root, "ansible_collections", "xtom", "console")
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO_ROOT, link)
    return root


COLLECTIONS_ROOT = _collections_root()
sys.path.insert(0, COLLECTIONS_ROOT)

from simulator import DEMO_PASSWORD, DEMO_USERNAME, Simulator  # noqa: E402
from simulator.server import start  # noqa: E402


class SimHandle:
    """The simulator of this test, reset to the demo account."""

    def __init__(self, server):
        self.server = server
        self.sim = server.sim
        self.api_url = server.api_url
        self.admin_url = server.base_url + "/_sim"
        self.username = DEMO_USERNAME
        self.password = DEMO_PASSWORD

    @property
    def db(self):
        return self.sim.db

    def mark(self):
        """Position in the request log; pass it to ``requests``/``writes`` later."""
        return len(self.sim.log)

    def requests(self, since=0, method=None):
        return [e for e in self.sim.log[since:] if method is None or e["method"] == method]

    def writes(self, since=0):
        return [e for e in self.sim.log[since:] if e["method"] != "GET"]

    def counts(self, since=0):
        out = {}
        for e in self.sim.log[since:]:
            out[e["method"]] = out.get(e["method"], 0) + 1
        return out

    def reshape(self, kind, path, method="GET", count=100):
        """Answer ``path`` (a regex) 200 in another shape: ``wrap`` (an unknown wrapper key, to be refused),
        ``envelope`` ({"success": true, "data": ...}), ``camel`` (camelCase keys) or ``status_false``
        ({"status": false}, nothing carried out)."""
        self.fault(status=200, count=count, method=method, path=path, body=kind)

    def fault(self, status=503, count=1, method=None, path=None, retry_after=None, body="json", after=False,
              delay=0):
        fault = {"status": status, "count": count, "body": body, "after": after, "delay": delay}
        if method:
            fault["method"] = method
        if path:
            fault["path"] = path
        if retry_after is not None:
            fault["retry_after"] = retry_after
        with self.sim.lock:
            self.sim.faults.append(fault)

    def env(self):
        return {"XTOM_API_URL": self.api_url, "XTOM_API_USERNAME": self.username, "XTOM_API_PASSWORD": self.password}


@pytest.fixture(scope="session")
def sim_server():
    server = start(Simulator())
    yield server
    server.shutdown()


@pytest.fixture
def sim(sim_server, request):
    sim_server.sim.reset()
    sim_server.sim.latency = 0.0
    sim_server.sim.token_ttl = 3600
    # ``@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)`` runs a test against
    # both answer shapes (see Simulator.variant).
    sim_server.sim.variant = getattr(request, "param", "reference") == "variant"
    return SimHandle(sim_server)


@pytest.fixture
def client(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient

    return XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password, backoff_base=0.01)


class PlaybookRun:
    """Result of one ansible-playbook run with the json callback."""

    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        try:
            self.data = json.loads(proc.stdout[proc.stdout.index("{"):])
        except ValueError:
            self.data = {"plays": [], "stats": {}}

    @property
    def results(self):
        """[(task name, host result dict)] in order, for the first host of each task."""
        out = []
        for play in self.data.get("plays", []):
            for task in play.get("tasks", []):
                hosts = task.get("hosts", {})
                for res in hosts.values():
                    out.append((task["task"]["name"], res))
                    break
        return out

    def task(self, name):
        """The result of the last task named ``name``."""
        found = [res for tname, res in self.results if tname == name]
        assert found, "no task named %r in %s" % (name, [t for t, _res in self.results])
        return found[-1]

    def log(self, name):
        """The simulator's requests made by the task ``name``: {"entries", "counts", "requests", "writes"}."""
        return self.task(name)["_sim_log"]

    def __repr__(self):
        return "<PlaybookRun rc=%s>\nSTDOUT:\n%s\nSTDERR:\n%s" % (self.rc, self.stdout[-6000:], self.stderr[-3000:])


HEADER = """
- hosts: localhost
  gather_facts: false
  tasks:
"""


def step(name, task):
    """YAML of one task named ``name`` (``task``: module line first) whose errors are ignored.

    Assert on it with ``run.task(name)`` (the result) and ``run.log(name)`` (its requests).
    """
    return "\n".join([
        "    - name: %s" % name,
        textwrap.indent(textwrap.dedent(task).strip(), " " * 6),
        "      ignore_errors: true",
        "",
    ])


def marker_log(run, name):
    """The request log that a ``set_fact`` marker task ``name`` read from ``{{ xtom_sim_admin }}/log``."""
    return next(iter(run.task(name)["ansible_facts"].values()))


def ansible_env(extra=None):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_ROOT,
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(TESTS_DIR, "callback_plugins"),
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_DEPRECATION_WARNINGS": "false",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.update(extra or {})
    return env


def ansible_bin(name):
    return os.path.join(os.path.dirname(sys.executable), name)


@pytest.fixture
def run_playbook(sim, tmp_path):
    """``run_playbook(playbook, check=False, diff=False, extra_vars=None, env=None, args=())``.

    ``playbook`` is a path, or YAML text (written to a temp file). The simulator's API URL and
    demo credentials are in the environment (``XTOM_API_*``); ``xtom_sim_admin`` (the admin URL)
    is an extra var, so a playbook can read the request log with ``ansible.builtin.uri``.
    """

    def run(playbook, check=False, diff=False, extra_vars=None, env=None, args=(), callback="xtom_test_json"):
        if "\n" in playbook:
            path = tmp_path / "playbook.yml"
            path.write_text(playbook)
            playbook = str(path)
        cmd = [ansible_bin("ansible-playbook"), "-i", "localhost,", "-c", "local", playbook]
        evars = {"xtom_sim_admin": sim.admin_url, "xtom_sim_api": sim.api_url}
        evars.update(extra_vars or {})
        cmd += ["-e", json.dumps(evars)]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        cmd += list(args)
        extra = sim.env()
        extra["ANSIBLE_STDOUT_CALLBACK"] = callback
        extra["XTOM_SIM_ADMIN"] = sim.admin_url
        extra.update(env or {})
        proc = subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(extra), timeout=600, check=False,
                              cwd=tempfile.gettempdir())
        return PlaybookRun(proc)

    return run


@pytest.fixture(autouse=True)
def _module_warnings_as_in_a_module_run(request, monkeypatch):
    """Unit tests run modules in this process; each starts with no warning left over from another.

    AnsibleModule keeps warnings in module-level, de-duplicated storage meant for one module run; once a
    controller plugin (the inventory) was imported in this process, it would print them instead.
    """
    if "/unit/" not in request.node.nodeid.replace("\\", "/"):
        yield  # integration tests run modules in their own processes
        return
    from ansible.module_utils import _internal  # ansible-core 2.19 (the unit tests' version)
    from ansible.module_utils.common import warnings as _warnings

    _warnings._global_warnings.clear()
    _warnings._global_deprecations.clear()
    if "inventory" not in request.node.nodeid:
        monkeypatch.setattr(_internal, "is_controller", False)
    yield
