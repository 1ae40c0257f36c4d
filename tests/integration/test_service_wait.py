"""xtom.console.service_wait through ansible-playbook against the simulator (issue 15 item 2)."""

import pytest

from conftest import HEADER, step


def _pending(sim, sid, reads):
    svc = sim.db["services"][sid]
    svc["status"] = "Pending"
    svc["_active_after"] = reads  # Pending for this many reads of GET /service/@id, then Active


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_wait_until_active_and_running(sim, run_playbook):
    _pending(sim, 1005, 2)
    run = run_playbook(HEADER + "".join([
        step("check", """
            xtom.console.service_wait:
              service: web2.example.com
              power: running
            check_mode: true
            """),
        step("wait", """
            xtom.console.service_wait:
              service: web2.example.com
              power: running
              wait_timeout: 60
              wait_interval: 0.2
            """),
    ]))
    assert run.rc == 0, run
    check = run.task("check")
    assert check["changed"] is False and check["reached"] is False and check["status"] == "Pending"
    assert run.log("check")["counts"] == {"GET": 2}  # the service list, one read
    res = run.task("wait")
    assert res["changed"] is False and res["reached"] is True, res
    assert (res["status"], res["power"]) == ("Active", "running")
    # one read was spent by check mode: Pending once more, then Active (installing once), then running
    assert [e["path"] for e in run.log("wait")["entries"]] == [
        "/service", "/service/1005", "/service/1005", "/service/1005/status", "/service/1005", "/service/1005/status"]
    assert res["progress"]["reads"] == 3
    assert [e["state"] for e in res["progress"]["seen"]] == [
        {"status": "Pending", "power": None}, {"status": "Active", "power": "installing"},
        {"status": "Active", "power": "running"}]
    assert res["service"]["label"] == "web" and res["service"]["status"] == "Active"
    assert sim.writes() == []


def test_service_wait_times_out_with_progress(sim, run_playbook):
    _pending(sim, 1006, 999)
    run = run_playbook(HEADER + "".join([
        step("wait", """
            xtom.console.service_wait:
              service: 1006
              wait_timeout: 1
              wait_interval: 0.6
            """),
        step("gone", """
            xtom.console.service_wait:
              service: old.example.com
            """),
        step("bad status", """
            xtom.console.service_wait:
              service: 1006
              status: Actve
            """),
    ]))
    res = run.task("wait")
    assert res["failed"] and res["changed"] is False
    assert "service 1006 did not reach status Active within 1 seconds (wait_timeout)" in res["msg"], res
    assert "seen: {'status': 'Pending'" in res["msg"]
    # reads at 0, 0.6 and 1.0 s (the last one at the deadline)
    assert run.log("wait")["counts"] == {"GET": 1 + 3}
    assert res["progress"]["reads"] == 3 and res["progress"]["elapsed"] >= 1.0
    gone = run.task("gone")
    assert gone["failed"] and "it is Cancelled, which it does not leave on its own" in gone["msg"]
    assert run.log("gone")["counts"] == {"GET": 2}
    bad = run.task("bad status")
    assert bad["failed"] and bad["msg"].startswith("status=Actve: is not a service status; valid: Pending, Active")
    assert run.log("bad status")["requests"] == 0
    assert sim.writes() == []


def test_service_wait_as_a_handler(sim, run_playbook):
    playbook = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: reset
      xtom.console.service_power:
        service: web1.example.com
      notify: wait until running
  handlers:
    - name: wait until running
      xtom.console.service_wait:
        service: web1.example.com
        power: running
        wait_interval: 0.2
"""
    run = run_playbook(playbook)
    assert run.rc == 0, run
    res = run.task("wait until running")
    assert res["changed"] is False and res["reached"] is True
