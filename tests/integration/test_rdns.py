"""xtom.console.rdns through ansible-playbook against the simulator."""

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
])


def test_rdns(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    check = run.task("one check")
    assert check["changed"] is True and check["changes"] == {"2001:db8:10::10": "web1.example.com"}
    assert check["diff"] == {"before": {"2001:db8:10::10": ""}, "after": {"2001:db8:10::10": "web1.example.com"}}
    assert log("one check")["writes"] == 0

    one = run.task("one")
    assert one["changed"] is True and one["diff"] == check["diff"]
    assert one["rdns"] == {"2001:db8:10::10": "web1.example.com"}
    assert log("one")["counts"] == {"GET": 2, "POST": 1}
    assert log("one")["entries"][-1]["body"] == {"ipaddress": {"2001:db8:10::10": "web1.example.com"}}

    again = run.task("one again")
    assert again["changed"] is False and again["changes"] == {}
    assert log("one again")["counts"] == {"GET": 2}

    many = run.task("many")
    assert many["changed"] is True
    assert log("many")["entries"][-1]["body"] == {"ipaddress": {
        "203.0.113.20": "db1.example.com", "203.0.113.21": "db1-replica.example.com",
        "2001:db8:20::1": "db1.example.com"}}
    assert run.task("many again")["changed"] is False
    assert sim.db["services"][1002]["rdns"]["203.0.113.21"] == "db1-replica.example.com"

    foreign = run.task("foreign ip")
    assert foreign["failed"] and "203.0.113.20 not on service" in foreign["msg"]
    assert "203.0.113.10, 2001:db8:10::10" in foreign["msg"]
    # not in the rDNS list: the service's addresses are read to be sure, nothing is written
    assert log("foreign ip")["counts"] == {"GET": 3}

    bad = run.task("bad hostname")
    assert bad["failed"] and "web_1.example.com" in bad["msg"] and "hostname" in bad["msg"]
    assert log("bad hostname")["requests"] == 0
    bad_ip = run.task("bad ip")
    assert bad_ip["failed"] and "'203.0.113.300' is not an IPv4 or IPv6 address" in bad_ip["msg"]
    assert log("bad ip")["requests"] == 0
    assert run.task("both")["failed"] and "mutually exclusive" in run.task("both")["msg"]

    retried = run.task("after 503")
    assert retried["changed"] is True
    assert log("after 503")["counts"] == {"GET": 3, "POST": 1}
    assert sim.db["services"][1001]["rdns"]["203.0.113.10"] == "www.example.com"
