"""dns_records (many record sets, prune) through ansible-playbook against the simulator."""

from test_dns_record import fault, log, measured, playbook, rows

SYNC = """
  xtom.console.dns_records:
    zone: example.com
    prune: true
    ignore:
      - record: _dmarc
    records:
      - {record: "@", type: A, value: [203.0.113.10]}
      - {record: "@", type: AAAA, value: ["2001:db8:10::10"]}
      - {record: www, type: A, value: [203.0.113.11]}
      - {record: www, type: AAAA, value: ["2001:db8:10::10"]}
      - {record: mail, type: A, value: [203.0.113.25]}
      - {record: "@", type: MX, value: [10 mail.example.com]}
      - {record: "@", type: TXT, value: ['"v=spf1 mx -all"']}
      - {record: ftp, type: A, value: [203.0.113.12], ttl: 600}
      - {record: api.example.com., type: CNAME, value: [www.example.com.]}
"""

BAD = [
    ({"records": [{"record": "www", "type": "A", "value": ["203.0.113.1"]},
                  {"record": "WWW.example.com.", "type": "A", "value": ["203.0.113.2"]}]},
     "records[1]: record=www type=A is listed twice (also records[0])"),
    ({"records": [{"record": "www", "type": "A", "value": ["203.0.113.1"]},
                  {"record": "www", "type": "CNAME", "value": ["x.example.net"]}]}, "a CNAME cannot sit beside"),
    ({"records": [], "prune": True, "ignore": [{}]}, "ignore[0] needs record, type or both"),
    ({"records": [{"record": "www", "type": "AXX", "value": ["1"]}]}, "records[0].type=AXX: is not a record type"),
    ({"records": [{"record": "www", "type": "A", "value": ["203.0.113.256"]}]},
     "records[0].value[0]=203.0.113.256: is not an IPv4 address"),
    ({"records": [{"record": "www", "type": "A", "value": ["203.0.113.1"], "ttl": 999999}]},
     "records[0].ttl=999999: is out of range"),
    ({"records": [{"record": "@", "type": "MX", "value": ["mail.example.com"]}]}, "needs a priority"),
    ({"records": [{"record": "@", "type": "TXT", "value": ['"v=spf1 -all']}]}, "mixes quoted and unquoted"),
    ({"domain": "example.com", "records": [{"record": "www", "type": "A", "value": ["203.0.113.1"], "ttl": 60}]},
     "records[0].ttl=60: cannot be used with a registered domain"),
    ({"records": [{"type": "A", "value": ["203.0.113.1"]}]}, "missing required arguments: record"),
    ({"records": [{"record": "www", "type": "A"}]}, "records[0].value is required with state=present"),
    ({"records": [{"record": "www.example.net.", "type": "A", "value": ["203.0.113.1"]}]},
     "is not inside the zone example.com"),
    ({"records": [{"record": "_sip._tcp", "type": "SRV", "value": ["10 5 70000 sip.example.com"]}]}, "needs a port"),
]

PLAYBOOK = playbook(
    measured("sync check", SYNC + "  check_mode: true\n"),
    measured("sync", SYNC + "  diff: true\n"),
    measured("sync again", SYNC),
    fault(status=503, count=1, method="DELETE"),
    measured("remove ftp", """
      xtom.console.dns_records:
        zone: example.com
        records:
          - {record: ftp, type: A, state: absent}
    """),
    measured("registrar prune", """
      xtom.console.dns_records:
        domain: example.com
        prune: true
        records:
          - {record: "@", type: A, value: [203.0.113.10]}
          - {record: www, type: A, value: [203.0.113.10]}
      diff: true
    """),
    measured("unknown zone", """
      xtom.console.dns_records:
        zone: example.co
        records: []
      ignore_errors: true
    """),
    measured("bad input", """
      xtom.console.dns_records:
        zone: "{{ omit if item.domain is defined else 'example.com' }}"
        domain: "{{ item.domain | default(omit) }}"
        records: "{{ item.records }}"
        prune: "{{ item.prune | default(false) }}"
        ignore: "{{ item.ignore | default([]) }}"
      loop: "{{ bad_cases }}"
      ignore_errors: true
    """),
)


def test_dns_records(sim, run_playbook):
    run = run_playbook(PLAYBOOK, extra_vars={"bad_cases": [p for p, _text in BAD]})
    assert run.rc == 0, run

    check = run.task("sync check")
    # www A changes value (update); the pruned blog CNAME becomes the new api CNAME in place
    # (update); ftp is new (create). _dmarc is ignored, SOA and apex NS are kept.
    assert check["changed"] is True and check["summary"] == {"create": 1, "update": 2, "delete": 0}
    assert sorted((c["action"], c["what"]) for c in check["changes"]) == [
        ("create", "example.com ftp A"), ("update", "example.com api CNAME"), ("update", "example.com www A")]
    assert log(run, "sync check")["counts"] == {"GET": 2}

    done = run.task("sync")
    assert done["changes"] == check["changes"] and done["diff"] == check["diff"]
    diffs = dict((d["before_header"], d) for d in done["diff"])
    assert diffs["example.com api CNAME"]["before"] == {"id": 10011, "record": "blog", "type": "CNAME",
                                                        "value": "www.example.com", "ttl": 3600}
    assert diffs["example.com api CNAME"]["after"] == {"record": "api", "type": "CNAME", "value": "www.example.com",
                                                       "ttl": 3600}
    assert diffs["example.com ftp A"]["after"] == {"record": "ftp", "type": "A", "value": "203.0.113.12", "ttl": 600}
    assert log(run, "sync")["counts"] == {"GET": 2, "PUT": 2, "POST": 1}
    assert [s["record"] for s in done["record_sets"]][-2:] == ["ftp", "api"]

    again = run.task("sync again")
    assert again["changed"] is False and again["changes"] == []
    assert log(run, "sync again")["counts"] == {"GET": 2}

    removed = run.task("remove ftp")
    assert removed["changed"] is True and removed["summary"] == {"create": 0, "update": 0, "delete": 1}
    assert log(run, "remove ftp")["counts"] == {"GET": 2, "DELETE": 2}  # the 503 was retried
    names = set(r[0] for r in rows(sim))
    assert "ftp" not in names and "blog" not in names and {"api", "_dmarc", "www"} <= names
    assert rows(sim, name="@", rtype="NS") and rows(sim, name="@", rtype="SOA")

    reg = run.task("registrar prune")
    assert reg["summary"] == {"create": 0, "update": 0, "delete": 2}
    # Index-based: the highest index first, so the second delete still hits the right record.
    assert [e["path"] for e in log(run, "registrar prune")["entries"] if e["method"] == "DELETE"] == [
        "/domain/2001/dns/4", "/domain/2001/dns/3"]
    # find the domain, read, and read again right before each DELETE by index (the record there is checked)
    assert log(run, "registrar prune")["counts"] == {"GET": 4, "DELETE": 2}
    assert [(r["name"], r["type"]) for r in sim.db["domain_dns"][2001]] == [("@", "A"), ("www", "A")]
    # The diff shows the sets that change: both pruned sets go, nothing else moves.
    assert [(d["before_header"], d["before"], d["after"]) for d in reg["diff"]] == [
        ("example.com @ TXT", {"id": 4, "record": "@", "type": "TXT", "value": "v=spf1 mx -all"}, {}),
        ("example.com @ MX", {"id": 3, "record": "@", "type": "MX", "value": "10 mail.example.com"}, {})]

    unknown = run.task("unknown zone")
    assert unknown["failed"] and "zone=example.co: is not a DNS zone" in unknown["msg"]

    results = run.task("bad input")["results"]
    assert len(results) == len(BAD) >= 10
    for res, (params, text) in zip(results, BAD):
        assert res.get("failed"), params
        assert text in res["msg"], (params, res["msg"])
    assert log(run, "bad input")["requests"] == 0
