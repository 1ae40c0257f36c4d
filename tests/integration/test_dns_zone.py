"""dns_zone and dns_zone_info through ansible-playbook against the simulator.

Request counts are read from the simulator's log around each measured task (see test_dns_record.py).
"""

from test_dns_record import fault, log, measured, playbook

PLAYBOOK = playbook(
    measured("list zones", """
      xtom.console.dns_zone_info:
      register: all_zones
    """),
    measured("read zone", """
      xtom.console.dns_zone_info:
        zone: Example.COM.
        include: [records]
    """),
    measured("read domain dns", """
      xtom.console.dns_zone_info:
        domain: example.net
        include: [records]
    """),
    """
- name: read unknown zone
  xtom.console.dns_zone_info:
    zone: example.co
  ignore_errors: true
""",
    measured("create check", """
      xtom.console.dns_zone:
        zone: example.org
      check_mode: true
    """),
    measured("create", """
      xtom.console.dns_zone:
        zone: Example.ORG.
      diff: true
    """),
    measured("create again", """
      xtom.console.dns_zone:
        zone: example.org
        service: dns.example.com
    """),
    """
- name: wrong service
  xtom.console.dns_zone:
    zone: example.org
    service: web1
  ignore_errors: true
""",
    measured("bad name", """
      xtom.console.dns_zone:
        zone: "not a zone"
      ignore_errors: true
    """),
    fault(status=503, count=1, method="DELETE"),
    measured("delete", """
      xtom.console.dns_zone:
        zone: example.org
        state: absent
      diff: true
    """),
    measured("delete again", """
      xtom.console.dns_zone:
        zone: example.org
        state: absent
    """),
    fault(status=502, count=1, method="POST", after=True),
    measured("create through a gateway error", """
      xtom.console.dns_zone:
        zone: example.info
    """),
)


def test_dns_zone_and_info(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run

    zones = run.task("list zones")
    assert [(z["name"], z["id"], z["service_id"]) for z in zones["zones"]] == [
        ("example.com", 3001, 1003), ("example.net", 3002, 1003)]
    assert zones["service_ids"] == [1003]
    assert log(run, "list zones")["counts"] == {"GET": 1}

    zone = run.task("read zone")["zones"][0]
    assert zone["name"] == "example.com" and zone["id"] == 3001
    by_key = {(r["record"], r["type"]): r for r in zone["records"]}
    assert by_key[("@", "MX")]["value"] == "10 mail.example.com"
    assert by_key[("@", "TXT")]["value"] == "v=spf1 mx -all"
    assert by_key[("@", "TXT")]["content"] == '"v=spf1 mx -all"'
    assert by_key[("www", "A")]["fqdn"] == "www.example.com" and by_key[("www", "A")]["ttl"] == 3600
    assert log(run, "read zone")["counts"] == {"GET": 2}

    domain = run.task("read domain dns")["zones"][0]
    assert domain["domain_id"] == 2002 and domain["id"] is None
    assert [(r["id"], r["record"], r["type"], r["ttl"]) for r in domain["records"]] == [
        (1, "@", "A", None), (2, "www", "CNAME", None)]

    unknown = run.task("read unknown zone")
    assert unknown["failed"] and "zone=example.co: is not a DNS zone" in unknown["msg"]
    assert "did you mean example.com" in unknown["msg"]

    check = run.task("create check")
    assert check["changed"] is True and check["zone"] == {"id": None, "name": "example.org", "service_id": 1003, "domain_id": None}
    assert check["changes"] == [{"action": "create", "what": "zone example.org", "before": None,
                                 "after": {"name": "example.org", "service_id": 1003}}]
    assert log(run, "create check")["writes"] == 0

    created = run.task("create")
    assert created["changed"] is True
    zid = created["zone"]["id"]
    assert isinstance(zid, int)
    assert [e["path"] for e in log(run, "create")["entries"]][-2:] == ["/service/1003/dns", "/dns"]
    assert created["diff"] == [{"before_header": "zone example.org", "after_header": "zone example.org", "before": {},
                                "after": {"name": "example.org", "service_id": 1003}}]
    assert created["changes"] == check["changes"]
    # GET /dns (lookup), GET /service (the only DNS service), POST, GET /dns (the new id).
    assert log(run, "create")["counts"] == {"GET": 3, "POST": 1}

    again = run.task("create again")
    assert again["changed"] is False and again["zone"]["id"] == zid
    assert log(run, "create again")["writes"] == 0

    wrong = run.task("wrong service")
    assert wrong["failed"] and wrong["msg"].startswith("service=web1: is not a DNS hosting service of this account")

    bad = run.task("bad name")
    assert bad["failed"] and bad["msg"].startswith("zone='not a zone': is not a valid zone name")
    assert log(run, "bad name")["requests"] == 0

    deleted = run.task("delete")
    assert deleted["changed"] is True and zid not in sim.db["dns_zones"]
    assert "example.org" not in [z["name"] for z in sim.db["dns_zones"].values()]
    assert deleted["diff"] == [{"before_header": "zone example.org", "after_header": "zone example.org",
                                "before": {"name": "example.org", "service_id": 1003}, "after": {}}]
    assert deleted["zone"]["id"] == zid
    # The first DELETE got a 503; the client retried it.
    assert log(run, "delete")["counts"] == {"GET": 1, "DELETE": 2}

    assert run.task("delete again")["changed"] is False
    assert log(run, "delete again")["counts"] == {"GET": 1}

    info = run.task("create through a gateway error")
    assert info["changed"] is True and info["zone"]["name"] == "example.info" and info["zone"]["id"]
    assert log(run, "create through a gateway error")["counts"]["POST"] == 1
    assert sum(1 for z in sim.db["dns_zones"].values() if z["name"] == "example.info") == 1
