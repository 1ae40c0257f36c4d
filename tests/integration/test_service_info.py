"""service_info through ansible-playbook against the simulator."""

from conftest import HEADER, step

PLAYBOOK = HEADER + "".join([
    step("list", """
        xtom.console.service_info:
        """),
    step("filtered", """
        xtom.console.service_info:
          status: active
          category: VPS
        """),
    step("by product", """
        xtom.console.service_info:
          product: kvm vps starter
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
    assert log("list")["counts"] == {"GET": 1}

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
