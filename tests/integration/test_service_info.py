"""service_info through ansible-playbook against the simulator."""

import pytest

from conftest import HEADER, step

PLAYBOOK = HEADER + "".join([
    step("list", """
        xtom.console.service_info:
        """),
    step("list one request", """
        xtom.console.service_info:
          include: []
        """),
    step("status list", """
        xtom.console.service_info:
          status: [Active, cancelled]
          include: []
        """),
    step("typo", """
        xtom.console.service_info:
          status: Actve
          category: vsp
          include: []
        """),
    step("typo strict", """
        xtom.console.service_info:
          category: vsp
          strict: true
        """),
    step("filtered", """
        xtom.console.service_info:
          status: active
          category: VPS
          include: []
        """),
    step("by product", """
        xtom.console.service_info:
          product: kvm vps starter
          include: [details]
        """),
    step("one", """
        xtom.console.service_info:
          service: web1.example.com
        check_mode: true
        """),
    step("everything", """
        xtom.console.service_info:
          service: 1001
          include: [details, ips, rdns, power, bandwidth, methods, upgrade, reinstall]
        """),
    step("dns plan power", """
        xtom.console.service_info:
          service: dns.example.com
          include: [power, methods]
        """),
    step("unknown", """
        xtom.console.service_info:
          service: web9.example.com
        """),
    step("ambiguous", """
        xtom.console.service_info:
          service: web
        """),
    step("bad include", """
        xtom.console.service_info:
          include: [passwords]
        """),
])


def test_service_info(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    listed = run.task("list")
    assert listed["changed"] is False
    assert [s["id"] for s in listed["services"]] == [1001, 1002, 1003, 1004, 1005, 1006]
    # issue 14 item 5: the labels are there (the list route has none: the details are read, 8 at a time)
    assert [s["label"] for s in listed["services"]] == ["web1", "db1", "dns", "old", "web", "web"]
    assert log("list")["counts"] == {"GET": 7}
    one_request = run.task("list one request")
    assert [s["label"] for s in one_request["services"]] == [None] * 6  # not read: null, never ""
    assert log("list one request")["counts"] == {"GET": 1}
    assert [s["id"] for s in run.task("status list")["services"]] == [1001, 1002, 1003, 1004, 1005, 1006]

    # issue 14 item 4: a filter that cannot match warns with the known values, close matches first
    typo = run.task("typo")
    assert typo["services"] == []
    warnings = typo.get("warnings", [])
    assert any(w.startswith("status=Actve: matches no service of this account; valid: Active,") for w in warnings), typo
    assert any(w.startswith("category=vsp: matches no service of this account; valid: vps,") for w in warnings)
    strict = run.task("typo strict")
    assert strict["failed"] and strict["msg"].startswith("category=vsp: matches no service of this account; valid: vps,") and "vps" in strict["msg"]
    assert log("typo strict")["counts"] == {"GET": 1}

    assert [s["id"] for s in run.task("filtered")["services"]] == [1001, 1005, 1006]
    assert [s["id"] for s in run.task("by product")["services"]] == [1001, 1004, 1005]

    one = run.task("one")["services"]
    assert len(one) == 1 and one[0]["label"] == "web1" and one[0]["date_created"] == "2026-01-15"
    assert "password" not in one[0]
    assert [e["path"] for e in log("one")["entries"]] == ["/service", "/service/1001"]

    svc = run.task("everything")["services"][0]
    assert svc["ips"] == {"ipv4": ["203.0.113.10"], "ipv6": ["2001:db8:10::10"]}
    assert svc["rdns"] == {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}
    assert svc["power"] == "running"
    assert svc["bandwidth"]["unit"] == "GB"
    assert {"name": "Reset Server", "method": "POST", "route": "/service/@id/reset"} in svc["methods"]
    assert [r["name"] for r in svc["upgrade"]["resources"]] == ["Bandwidth", "Memory", "Additional IPv4"]
    assert svc["upgrade"]["resources"][0]["current"] == "9953"
    assert {"id": "11", "name": "Debian 12"} in svc["reinstall"]["profiles"]
    assert "errors" not in svc
    assert log("everything")["counts"] == {"GET": 9}

    dns = run.task("dns plan power")["services"][0]
    assert dns["power"] is None and "not a server" in dns["errors"]["power"]
    assert all(m["route"] != "/service/@id/reset" for m in dns["methods"])

    unknown = run.task("unknown")
    assert unknown["failed"] and "did you mean" in unknown["msg"] and "web1.example.com" in unknown["msg"]
    # not an id nor a hostname: it may be a label, so every label is read (1 + 6 services)
    assert log("unknown")["counts"] == {"GET": 7}

    ambiguous = run.task("ambiguous")
    assert ambiguous["failed"] and "ambiguous" in ambiguous["msg"]
    assert "id 1005" in ambiguous["msg"] and "id 1006" in ambiguous["msg"]

    bad = run.task("bad include")
    assert bad["failed"] and "include" in bad["msg"] and "passwords" in bad["msg"]
    assert log("bad include")["requests"] == 0
    assert sim.writes() == []


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_info_parts_in_both_shapes(sim, run_playbook):
    run = run_playbook(HEADER + step("everything", """
        xtom.console.service_info:
          service: 1001
          include: [details, ips, rdns, power, bandwidth, methods, upgrade, reinstall]
        """))
    svc = run.task("everything")["services"][0]
    assert svc["ips"] == {"ipv4": ["203.0.113.10"], "ipv6": ["2001:db8:10::10"]}, svc
    assert svc["rdns"] == {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}
    assert svc["power"] == "running"
    assert {"id": "11", "name": "Debian 12"} in svc["reinstall"]["profiles"]
    assert svc["label"] == "web1" and "errors" not in svc


@pytest.mark.parametrize("path", ["^/service$", "^/service/1001$", "^/service/1001/ip$", "^/service/1001/power$"])
def test_service_info_refuses_answers_it_does_not_understand(sim, run_playbook, path):
    sim.reshape("wrap", path.replace("power", "status"))
    run = run_playbook(HEADER + step("read", """
        xtom.console.service_info:
          service: 1001
          include: [details, ips, power]
        """))
    res = run.task("read")
    assert res["failed"] and "GET %s: unexpected answer" % path.strip("^$").replace("power", "status") in res["msg"], res
