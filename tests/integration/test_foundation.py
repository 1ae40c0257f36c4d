"""The shared client through real ansible-playbook runs: auth modes, errors, retries, action group."""

import os
import re

import yaml

from conftest import REPO_ROOT

READ = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: read
      xtom.console.account_info:
        include: [balance]
{extra}
      register: acct
      ignore_errors: true
"""


def _indent(options):
    return "\n".join("        %s: %s" % (k, v) for k, v in options.items())


def test_bad_password_fails_cleanly(sim, run_playbook):
    run = run_playbook(READ.format(extra=""), env={"XTOM_API_PASSWORD": "not-the-password-42"})
    res = run.task("read")
    assert res["failed"] is True
    assert res["msg"].startswith("authentication failed: check api_username/api_password or api_token")
    assert "\n" not in res["msg"]
    assert "not-the-password-42" not in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "exception" not in res
    assert sim.counts() == {"GET": 1}  # a refused login is not retried


def test_missing_credentials_fail_before_any_request(sim, run_playbook):
    env = {"XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    run = run_playbook(READ.format(extra=""), env=env)
    res = run.task("read")
    assert res["failed"] is True
    assert "no credentials" in res["msg"] and "XTOM_API_USERNAME" in res["msg"]
    assert sim.requests() == []


def test_503_is_absorbed_by_a_retry(sim, run_playbook):
    sim.fault(status=503, count=1, path="^/details$", retry_after=0)
    run = run_playbook(READ.format(extra=""))
    res = run.task("read")
    assert res.get("failed") is not True, run
    assert res["account"]["email"] == sim.username
    statuses = [(e["path"], e["status"]) for e in sim.requests()]
    assert statuses == [("/details", 503), ("/details", 200), ("/balance", 200)]


def test_jwt_mode_logs_in_once_per_module_run(sim, run_playbook):
    run = run_playbook(READ.format(extra=_indent({"auth_mode": "jwt"})))
    assert run.task("read")["account"]["balance"]["currency"] == "USD", run
    assert [e["path"] for e in sim.requests()] == ["/login", "/details", "/balance", "/logout"]
    assert [e.get("auth") for e in sim.requests()][1:] == ["bearer", "bearer", "bearer"]


def test_jwt_mode_logs_out_after_a_failure_and_never_logs_out_a_given_token(sim, run_playbook):
    sim.fault(status=500, count=1, method="GET", path="^/balance$")
    run = run_playbook(READ.format(extra=_indent({"auth_mode": "jwt"})))
    assert run.task("read")["failed"] is True, run
    assert [e["path"] for e in sim.requests()][0] == "/login"
    assert [e["path"] for e in sim.requests()][-1] == "/logout"
    assert sim.sim.tokens == {}
    token = sim.sim.issue_token()
    mark = sim.mark()
    run = run_playbook(READ.format(extra=_indent({"api_token": token})), env={"XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""})
    assert run.task("read").get("failed") is not True, run
    assert "/logout" not in [e["path"] for e in sim.requests(mark)]
    assert token in sim.sim.tokens


def test_jwt_mode_wrong_password_logs_in_once(sim, run_playbook):
    run = run_playbook(READ.format(extra=_indent({"auth_mode": "jwt"})), env={"XTOM_API_PASSWORD": "not-the-password"})
    assert run.task("read")["failed"] is True and "authentication failed" in run.task("read")["msg"], run
    assert [e["path"] for e in sim.requests()] == ["/login"]


def test_jwt_login_is_retried_like_a_read(sim, run_playbook):
    sim.fault(status=503, count=1, method="POST", path="^/login$")
    run = run_playbook(READ.format(extra=_indent({"auth_mode": "jwt"})))
    assert run.task("read").get("failed") is not True, run
    assert [e["path"] for e in sim.requests()][:2] == ["/login", "/login"]


def test_token_option_and_unreachable_portal(sim, run_playbook):
    token = sim.sim.issue_token()
    run = run_playbook(READ.format(extra=_indent({"api_token": token})), env={"XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""})
    assert run.task("read").get("failed") is not True, run
    assert token not in run.stdout
    run = run_playbook(READ.format(extra=_indent({"api_url": "http://127.0.0.1:9/api", "timeout": 2})))
    res = run.task("read")
    assert res["failed"] is True and "GET /details failed (no response): http://127.0.0.1:9/api/details: could not connect" in res["msg"]
    assert "retried 4 times over" in res["msg"]


def test_module_defaults_group_sets_credentials(sim, run_playbook):
    playbook = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/xtom.console.all:
      api_url: "{{ xtom_sim_api }}"
      api_username: demo@example.com
      api_password: demo-password
  tasks:
    - name: read
      xtom.console.account_info:
        include: []
      register: acct
"""
    run = run_playbook(playbook, env={"XTOM_API_URL": "http://127.0.0.1:9/api", "XTOM_API_USERNAME": "",
                                      "XTOM_API_PASSWORD": ""})
    assert run.rc == 0, run
    assert run.task("read")["account"]["id"] == 26
    assert sim.counts() == {"GET": 1}


def test_action_group_lists_every_module():
    with open(os.path.join(REPO_ROOT, "meta", "runtime.yml")) as handle:
        runtime = yaml.safe_load(handle)
    modules = sorted(f[:-3] for f in os.listdir(os.path.join(REPO_ROOT, "plugins", "modules"))
                     if f.endswith(".py") and not f.startswith("_"))
    assert sorted(runtime["action_groups"]["all"]) == modules
    assert re.match(r">=2\.1[7-9]", runtime["requires_ansible"])
