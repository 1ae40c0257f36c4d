"""The README's YAML examples run against the simulator, as a reader would paste them."""

import json
import os
import re
import subprocess

import yaml

from conftest import REPO_ROOT, ansible_bin, ansible_env

with open(os.path.join(REPO_ROOT, "README.md"), encoding="utf-8") as _readme:
    BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", _readme.read(), re.S)]


def _tasks():
    return [b for b in BLOCKS if isinstance(b, list) and b and not any("hosts" in item for item in b)]


def test_readme_has_examples():
    assert len(_tasks()) >= 1
    assert any(isinstance(b, dict) and b.get("plugin") == "xtom.console.services" for b in BLOCKS)
    assert any(isinstance(b, list) and any("hosts" in item for item in b) for b in BLOCKS)


def test_readme_task_examples_run(sim, run_playbook):
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": [t for block in _tasks() for t in block]}]
    run = run_playbook(yaml.safe_dump(play) + "\n")
    assert run.rc == 0, run
    first = run.results[0][1]
    assert first["changed"] is True
    zone = next(z for z in sim.db["dns_zones"].values() if z["name"] == "example.com")
    apex_mx = [r["content"] for r in zone["records"] if r["name"] in ("", "@", "example.com") and r["type"] == "MX"]
    assert apex_mx and "mail.example.com" in apex_mx[0]
    # Run again: the same records are already there.
    run = run_playbook(yaml.safe_dump(play) + "\n")
    assert run.results[0][1]["changed"] is False, run


def test_readme_playbook_example_runs(sim, run_playbook):
    play = next(b for b in BLOCKS if isinstance(b, list) and any("hosts" in item for item in b))
    run = run_playbook(yaml.safe_dump(play) + "\n",
                       extra_vars={"vault_xtom_username": sim.username, "vault_xtom_password": sim.password},
                       env={"XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""})
    assert run.rc == 0, run
    assert run.results[-1][1]["account"]["email"] == sim.username


def test_readme_inventory_example_runs(sim, tmp_path):
    config = next(b for b in BLOCKS if isinstance(b, dict) and b.get("plugin") == "xtom.console.services")
    config = dict(config, cache_connection=str(tmp_path / "cache"))
    path = tmp_path / "portal.xtom.yml"
    path.write_text(yaml.safe_dump(config))
    proc = subprocess.run([ansible_bin("ansible-inventory"), "-i", str(path), "--list"], capture_output=True,
                          text=True, env=ansible_env(sim.env()), timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    # The Active VPS of the demo account (db1 is a dedicated server, old.example.com is cancelled);
    # two share the label "web": the later one gets its id appended.
    assert sorted(data["_meta"]["hostvars"]) == ["web", "web-1006", "web1"]
    assert sorted(data["dual_stack"]["hosts"]) == ["web", "web1"]
    assert data["product_KVM_VPS_Pro"]["hosts"] == ["web-1006"]


def test_the_demo_installs_only_what_it_needs():
    with open(os.path.join(REPO_ROOT, "tests", "demo.sh"), encoding="utf-8") as handle:
        demo = handle.read()
    assert "requirements-demo.txt" in demo and "requirements-ci.txt" not in demo
    with open(os.path.join(REPO_ROOT, "tests", "requirements-demo.txt"), encoding="utf-8") as handle:
        names = sorted(re.split(r"[=<>~! ]", line.strip())[0] for line in handle
                       if line.strip() and not line.startswith("#"))
    assert names == ["ansible-core", "requests"]


def test_readme_says_what_needs_a_clone():
    with open(os.path.join(REPO_ROOT, "README.md"), encoding="utf-8") as handle:
        head = handle.read()[:2500]
    assert "bash tests/demo.sh" in head and "bash tests/ci.sh" in head
    assert "need a clone of this repository" in head and "not\npart of the built collection" in head
