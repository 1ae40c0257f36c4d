"""xtom.console.rdns through ansible-playbook against the simulator."""

import pytest

from conftest import HEADER, step

PLAYBOOK = HEADER + "".join([
    step("one check", """
        xtom.console.rdns:
          service: web1.example.com
          ip: "2001:DB8:10:0::10"
          hostname: Web1.Example.com.
        check_mode: true
        diff: true
        """),
    step("one", """
        xtom.console.rdns:
          service: web1.example.com
          ip: "2001:DB8:10:0::10"
          hostname: Web1.Example.com.
        diff: true
        """),
    step("one again", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 2001:db8:10::10
          hostname: web1.example.com
        """),
    step("many", """
        xtom.console.rdns:
          service: 1002
          records:
            203.0.113.20: db1.example.com
            203.0.113.21: db1-replica.example.com
            "2001:db8:20::1": db1.example.com
        """),
    step("many again", task="""
        xtom.console.rdns:
          service: 1002
          records:
            203.0.113.20: db1.example.com
            203.0.113.21: db1-replica.example.com
            "2001:db8:20::1": db1.example.com
        """),
    step("foreign ip", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.20
          hostname: web1.example.com
        """),
    step("bad hostname", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.10
          hostname: web_1.example.com
        """),
    step("bad ip", """
        xtom.console.rdns:
          service: web1.example.com
          records:
            203.0.113.300: web1.example.com
        """),
    step("both", task="""
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.10
          hostname: web1.example.com
          records: {}
        """),
    """
    - name: inject one 503 on the rDNS read
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 503, "method": "GET", "path": "/rdns$", "retry_after": 0}
""",
    step("after 503", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.10
          hostname: www.example.com
        """),
    """
    - name: inject a gateway error after the PTR was set
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/rdns$", "after": true}
""",
    step("502 after the write", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.10
          hostname: web1.example.com
        """),
])


def test_rdns(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    check = run.task("one check")
    what = "service 1001 (web1.example.com) 2001:db8:10::10 PTR"
    assert check["changed"] is True
    assert check["changes"] == [{"action": "set", "what": what, "before": "", "after": "web1.example.com"}]
    assert check["diff"] == [{"before_header": what, "after_header": what, "before": "", "after": "web1.example.com"}]
    assert log("one check")["writes"] == 0

    one = run.task("one")
    assert one["changed"] is True and one["diff"] == check["diff"] and one["changes"] == check["changes"]
    assert one["service"]["id"] == 1001 and one["service"]["label"] is None
    assert one["rdns"] == {"2001:db8:10::10": "web1.example.com"}
    assert log("one")["counts"] == {"GET": 2, "POST": 1}
    assert log("one")["entries"][-1]["body"] == {"ipaddress": {"2001:db8:10::10": "web1.example.com"}}

    again = run.task("one again")
    assert again["changed"] is False and again["changes"] == []
    assert log("one again")["counts"] == {"GET": 2}

    many = run.task("many")
    assert many["changed"] is True and len(many["changes"]) == 3
    assert log("many")["entries"][-1]["body"] == {"ipaddress": {
        "203.0.113.20": "db1.example.com", "203.0.113.21": "db1-replica.example.com",
        "2001:db8:20::1": "db1.example.com"}}
    assert run.task("many again")["changed"] is False
    assert sim.db["services"][1002]["rdns"]["203.0.113.21"] == "db1-replica.example.com"

    foreign = run.task("foreign ip")
    assert foreign["failed"] and "ip=203.0.113.20: not an address of service" in foreign["msg"]
    assert "valid: 203.0.113.10, 2001:db8:10::10" in foreign["msg"]
    # not in the rDNS list: the service's addresses are read to be sure, nothing is written
    assert log("foreign ip")["counts"] == {"GET": 3}

    bad = run.task("bad hostname")
    assert bad["failed"] and "hostname=web_1.example.com: is not a valid host name" in bad["msg"]
    assert log("bad hostname")["requests"] == 0
    bad_ip = run.task("bad ip")
    assert bad_ip["failed"] and "records=203.0.113.300: is not an IPv4 or IPv6 address" in bad_ip["msg"]
    assert log("bad ip")["requests"] == 0
    assert run.task("both")["failed"] and "mutually exclusive" in run.task("both")["msg"]

    retried = run.task("after 503")
    assert retried["changed"] is True
    assert log("after 503")["counts"] == {"GET": 3, "POST": 1}
    assert log("after 503")["entries"][-1]["body"] == {"ipaddress": {"203.0.113.10": "www.example.com"}}

    # issue 14 item 8: setting a PTR twice is harmless: a gateway error after the write re-reads and converges
    converged = run.task("502 after the write")
    assert converged.get("failed") is not True and converged["changed"] is True, converged
    assert log("502 after the write")["counts"] == {"GET": 3, "POST": 1}
    assert any("a re-read shows the value is set" in w for w in converged.get("warnings", [])), converged
    assert sim.db["services"][1001]["rdns"]["203.0.113.10"] == "web1.example.com"


def test_rdns_with_the_ptr_under_an_unknown_key_fails_without_a_post(sim, run_playbook):
    # issue 12: the PTR already set, the rDNS list under a key it did not know: it read "no PTR" and POSTed.
    sim.reshape("wrap", "^/service/1001/rdns$")
    run = run_playbook(HEADER + step("set", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.10
          hostname: web1.example.com
        """))
    res = run.task("set")
    assert res["failed"] and "GET /service/1001/rdns: unexpected answer (keys: result_set" in res["msg"], res
    assert "web1.example.com (" not in res["msg"].split("unexpected answer")[1]  # values are never shown
    assert sim.writes() == []


@pytest.mark.parametrize("path", ["^/service/1001/ip$", "^/service$"])
def test_rdns_refuses_a_service_or_address_list_it_does_not_understand(sim, run_playbook, path):
    sim.reshape("wrap", path)
    run = run_playbook(HEADER + step("set", """
        xtom.console.rdns:
          service: web1.example.com
          ip: 203.0.113.99
          hostname: web1.example.com
        """))
    res = run.task("set")
    assert res["failed"] and "GET %s: unexpected answer" % path.strip("^$") in res["msg"], res
    assert sim.writes() == []


BOTH = HEADER + "".join([
    step("check", """
        xtom.console.rdns:
          service: db1.example.com
          records:
            203.0.113.20: db1.example.com
            "2001:db8:20::1": db1.example.com
        check_mode: true
        diff: true
        """),
    step("set", """
        xtom.console.rdns:
          service: db1.example.com
          records:
            203.0.113.20: db1.example.com
            "2001:db8:20::1": db1.example.com
        diff: true
        """),
    step("again", """
        xtom.console.rdns:
          service: db1.example.com
          records:
            203.0.113.20: DB1.example.com.
            "2001:db8:20:0::1": db1.example.com
        """),
    step("web1 already set", """
        xtom.console.rdns:
          service: 1001
          ip: 203.0.113.10
          hostname: web1.example.com
        """),
])


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_rdns_in_both_shapes_and_check_mode_equals_the_real_run(sim, run_playbook):
    run = run_playbook(BOTH)
    assert run.rc == 0, run
    check, real = run.task("check"), run.task("set")
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"] and len(real["changes"]) == 2
    assert run.log("check")["writes"] == 0 and run.log("set")["counts"]["POST"] == 1
    assert run.task("again")["changed"] is False and run.log("again")["writes"] == 0
    assert run.task("web1 already set")["changed"] is False
    assert sim.db["services"][1002]["rdns"]["2001:db8:20::1"] == "db1.example.com"
