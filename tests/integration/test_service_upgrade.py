"""xtom.console.service_upgrade through ansible-playbook against the simulator."""

import pytest

from conftest import HEADER, step

PLAYBOOK = HEADER + "".join([
    step("estimate", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Bandwidth: 500 GB
            Additional IPv4: 2
        check_mode: true
        diff: true
        """),
    step("upgrade", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            bandwidth: "10103"
            "1559": 2
        diff: true
        """),
    step("upgrade again", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Bandwidth: 500 GB
            Additional IPv4: 2
        """),
    step("package", """
        xtom.console.service_upgrade:
          service: web2.example.com
          package: KVM VPS Pro
          cycle: Annually
        """),
    step("package again", """
        xtom.console.service_upgrade:
          service: 1005
          package: "102"
          cycle: a
        """),
    step("unknown resource", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            CPU: 4 cores
        """),
    step("bad cycle", """
        xtom.console.service_upgrade:
          service: web1.example.com
          cycle: fortnightly
        """),
    step("nothing asked", task="""
        xtom.console.service_upgrade:
          service: web1.example.com
        """),
    """
    - name: inject a gateway error after the server acted
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/upgrade$", "after": true}
""",
    step("upgrade under 502", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Memory: 8 GB
        """),
])


def test_service_upgrade(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    estimate = run.task("estimate")
    assert estimate["changed"] is True
    assert estimate["upgrade"]["request"] == {"resources": {"1557": "10103", "1559": "2"}}
    assert estimate["upgrade"]["estimate"]["total"] == "8.00"
    what = "service 1001 (web1.example.com)"
    assert estimate["changes"] == [{"action": "upgrade", "what": what,
                                    "before": {"resources": {"Bandwidth": "100 GB", "Additional IPv4": 0}},
                                    "after": {"resources": {"Bandwidth": "500 GB", "Additional IPv4": 2}}}]
    assert estimate["diff"] == [{"before_header": what, "after_header": what,
                                 "before": estimate["changes"][0]["before"], "after": estimate["changes"][0]["after"]}]
    writes = [e for e in log("estimate")["entries"] if e["method"] != "GET"]
    assert len(writes) == 1 and writes[0]["body"]["send"] is False  # an estimate only

    upgrade = run.task("upgrade")
    assert upgrade["changed"] is True and upgrade["diff"] == estimate["diff"] and upgrade["changes"] == estimate["changes"]
    assert upgrade["upgrade"]["estimate"]["total"] == "8.00"
    # service, options, then the unpaid invoices (the list and the one unpaid invoice), then the request
    assert log("upgrade")["counts"] == {"GET": 4, "POST": 1}
    assert log("upgrade")["entries"][-1]["body"] == {"resources": {"1557": "10103", "1559": "2"}, "send": True}

    again = run.task("upgrade again")
    assert again["changed"] is False and again["upgrade"] == {"request": {}, "estimate": None}
    assert again["changes"] == [] and again["diff"] == []
    assert log("upgrade again")["counts"] == {"GET": 2}

    package = run.task("package")
    assert package["changed"] is True
    assert log("package")["entries"][-1]["body"] == {"package": 102, "cycle": "a", "send": True}
    assert sim.db["services"][1005]["name"] == "KVM VPS Pro"
    assert run.task("package again")["changed"] is False
    assert log("package again")["counts"] == {"GET": 2}

    unknown = run.task("unknown resource")
    assert unknown["failed"] and "resources=CPU: is not a resource" in unknown["msg"] and "Bandwidth (1557)" in unknown["msg"]
    assert log("unknown resource")["writes"] == 0
    bad = run.task("bad cycle")
    assert bad["failed"] and "cycle=fortnightly: is not a billing cycle" in bad["msg"]
    assert log("bad cycle")["requests"] == 0
    assert run.task("nothing asked")["failed"]

    fault = run.task("upgrade under 502")
    assert fault["failed"] and fault["api_error"]["uncertain"] is True
    assert "may have been requested" in fault["msg"] and "include=[upgrade]" in fault["msg"]
    assert log("upgrade under 502")["counts"] == {"GET": 4, "POST": 1}
    assert sim.db["services"][1001]["_upgrade"]["1558"] == "9962"


BOTH = HEADER + "".join([
    step("estimate", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Memory: 4 GB
          cycle: Annually
        check_mode: true
        """),
    step("upgrade", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Memory: 4 GB
          cycle: Annually
        """),
    step("again", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Memory: 4 GB
          cycle: a
        """),
])


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_upgrade_in_both_shapes(sim, run_playbook):
    run = run_playbook(BOTH)
    assert run.rc == 0, run
    estimate, upgrade = run.task("estimate"), run.task("upgrade")
    assert estimate["changes"] == upgrade["changes"] and estimate["diff"] == upgrade["diff"]
    assert estimate["upgrade"]["estimate"]["total"] == upgrade["upgrade"]["estimate"]["total"]
    assert run.task("again")["changed"] is False and run.log("again")["writes"] == 0


@pytest.mark.parametrize("path", ["^/service$", "^/service/1001/upgrade$"])
def test_service_upgrade_refuses_answers_it_does_not_understand(sim, run_playbook, path):
    sim.reshape("wrap", path)
    run = run_playbook(HEADER + step("upgrade", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Memory: 4 GB
        check_mode: true
        """))
    res = run.task("upgrade")
    assert res["failed"] and "GET %s: unexpected answer" % path.strip("^$") in res["msg"], res
    assert sim.writes() == []  # not even the estimate


def test_service_upgrade_without_a_selected_item_sends_nothing(sim, run_playbook):
    # An answer that marks no item as selected: the current value is unknown, which is not a difference.
    sim.db["services"][1001]["_upgrade"] = {"1557": "none", "1558": "9960", "1559": 0}  # every item "selected": false
    run = run_playbook(HEADER + step("upgrade", """
        xtom.console.service_upgrade:
          service: web1.example.com
          resources:
            Bandwidth: 500 GB
        """))
    res = run.task("upgrade")
    assert res["failed"] and "GET /service/1001/upgrade" in res["msg"] and "does not say which value" in res["msg"], res
    assert sim.writes() == []
