"""xtom.console.service_power through ansible-playbook against the simulator."""

import pytest

from conftest import HEADER, step

PLAYBOOK = HEADER + "".join([
    step("reset check", """
        xtom.console.service_power:
          service: web1.example.com
          state: reset
        check_mode: true
        diff: true
        """),
    step("reset", """
        xtom.console.service_power:
          service: 1001
        diff: true
        """),
    step("dns plan", task="""
        xtom.console.service_power:
          service: dns.example.com
        """),
    step("unknown", task="""
        xtom.console.service_power:
          service: 4242
        """),
    """
    - name: inject a gateway error after the server acted
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/reset$", "after": true}
""",
    step("reset under 502", """
        xtom.console.service_power:
          service: web1.example.com
        """),
])


def test_service_power(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    check = run.task("reset check")
    assert check["changed"] is True
    assert check["power_before"] == check["power_after"] == "running"
    assert log("reset check")["counts"] == {"GET": 2}

    what = "service 1001 (web1.example.com)"
    assert check["changes"] == [{"action": "reset", "what": what, "before": {"power": "running"}, "after": {"power": "reset"}}]
    assert check["diff"] == [{"before_header": what, "after_header": what, "before": {"power": "running"},
                              "after": {"power": "reset"}}]
    reset = run.task("reset")
    assert reset["changed"] is True and reset["service"]["id"] == 1001
    assert reset["changes"] == check["changes"] and reset["diff"] == check["diff"]
    assert (reset["power_before"], reset["power_after"]) == ("running", "running")
    assert [(e["method"], e["path"]) for e in log("reset")["entries"]] == [
        ("GET", "/service"), ("GET", "/service/1001/status"), ("POST", "/service/1001/reset"),
        ("GET", "/service/1001/status")]

    dns = run.task("dns plan")
    assert dns["failed"] and "not a server" in dns["msg"]
    unknown = run.task("unknown")
    assert unknown["failed"] and "service=4242: no service with this id" in unknown["msg"]

    fault = run.task("reset under 502")
    assert fault["failed"] and fault["api_error"]["uncertain"] is True
    assert "may have been sent" in fault["msg"] and "include=[power]" in fault["msg"]
    assert log("reset under 502")["counts"] == {"GET": 2, "POST": 1}
    assert sim.db["services"][1001]["_resets"] == 2
    assert len(sim.requests(method="POST")) == 2


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_power_in_both_shapes(sim, run_playbook):
    run = run_playbook(HEADER + step("reset", """
        xtom.console.service_power:
          service: db1.example.com
        """))
    res = run.task("reset")
    assert res["changed"] is True and (res["power_before"], res["power_after"]) == ("running", "running"), res
    assert sim.db["services"][1002]["_resets"] == 1


@pytest.mark.parametrize("path", ["^/service$", "^/service/1001/status$"])
def test_service_power_refuses_answers_it_does_not_understand(sim, run_playbook, path):
    sim.reshape("wrap", path)
    run = run_playbook(HEADER + step("reset", """
        xtom.console.service_power:
          service: web1.example.com
        """))
    res = run.task("reset")
    assert res["failed"] and "GET %s: unexpected answer" % path.strip("^$") in res["msg"], res
    assert sim.writes() == []
