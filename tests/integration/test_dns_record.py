"""dns_record and dns_records through ansible-playbook against the simulator.

Request counts come from the simulator's log around each measured task (``mark X`` / ``log X``,
controller-side lookups that start no module and are not logged themselves).
"""

import textwrap


def measured(name, body):
    return textwrap.dedent("""
    - name: mark {name}
      ansible.builtin.set_fact:
        mark: "{{{{ (lookup('ansible.builtin.url', xtom_sim_admin ~ '/log?since=1000000', split_lines=false) | from_json).total }}}}"
    - name: {name}
    {body}
    - name: log {name}
      ansible.builtin.set_fact:
        log: "{{{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log?since=' ~ mark, split_lines=false) | from_json }}}}"
    """).format(name=name, body=textwrap.indent(textwrap.dedent(body).strip(), "  "))


def fault(**kw):
    return """
- name: inject a fault
  ansible.builtin.uri:
    url: "{{ xtom_sim_admin }}/faults"
    method: POST
    body_format: json
    body: %s
""" % kw


def playbook(*tasks):
    body = "\n".join(textwrap.indent(textwrap.dedent(t).strip("\n"), "    ") for t in tasks)
    return "- hosts: localhost\n  gather_facts: false\n  tasks:\n" + body + "\n"


def log(run, name):
    return run.task("log " + name)["ansible_facts"]["log"]


def rows(sim, zid=3001, name=None, rtype=None):
    return sorted((r["name"], r["type"], r["content"], r["ttl"]) for r in sim.db["dns_zones"][zid]["records"]
                  if (name is None or r["name"] == name) and (rtype is None or r["type"] == rtype))


# ------------------------------------------------------------------------------------ dns_record
RECORD_BAD = [
    # (params, text the message must contain)
    ({"record": "www", "type": "AXX", "value": ["1.2.3.4"]}, "type=AXX: is not a record type"),
    ({"record": "www", "type": "A", "value": ["2001:db8::1"]}, "value[0]=2001:db8::1: is not an IPv4 address"),
    ({"record": "www", "type": "AAAA", "value": ["203.0.113.1"]}, "value[0]=203.0.113.1: is not an IPv6 address"),
    ({"record": "@", "type": "MX", "value": ["mail.example.com"]}, "value[0]=mail.example.com: needs a priority"),
    ({"record": "www", "type": "A", "value": ["203.0.113.1"], "ttl": 5}, "ttl=5: is out of range"),
    ({"record": "x", "type": "CNAME", "value": ["a.example.net", "b.example.net"]}, "a CNAME has exactly one"),
    ({"record": "-bad", "type": "A", "value": ["203.0.113.1"]}, "record=-bad: has an invalid label"),
    ({"record": "@", "type": "TXT", "value": ['say "hi"']}, "mixes quoted and unquoted text"),
    ({"record": "www", "type": "A", "value": ["203.0.113.1"], "priority": 10}, "priority=10: is only used with MX"),
    ({"record": "www.example.org.", "type": "A", "value": ["203.0.113.1"]}, "is not inside the zone example.com"),
    ({"record": "www", "type": "SOA", "value": ["x"]}, "type=SOA: cannot be managed"),
    ({"record": "go", "type": "URL", "value": ["https://example.com"]}, "exists only in a registered domain"),
    ({"record": "@", "type": "CNAME", "value": ["www.example.net"]}, "is the zone apex"),
    ({"record": "www", "type": "A"}, "state is present but all of the following are missing: value"),
    ({"zone": "not a zone", "record": "www", "type": "A", "value": ["203.0.113.1"]}, "zone='not a zone': is not a valid"),
    ({"domain": "example.com", "record": "www", "type": "A", "value": ["203.0.113.1"], "ttl": 300},
     "ttl=300: cannot be used with a registered domain"),
]

RECORD_PLAYBOOK = playbook(
    measured("create check", """
      xtom.console.dns_record:
        zone: example.com
        record: api
        type: A
        value: [203.0.113.50, 203.0.113.51]
        ttl: 300
      check_mode: true
      diff: true
    """),
    measured("create", """
      xtom.console.dns_record:
        zone: example.com
        record: api.example.com.
        type: A
        value: [203.0.113.51, 203.0.113.50]
        ttl: 300
      diff: true
    """),
    measured("create again", """
      xtom.console.dns_record:
        zone: example.com
        record: API
        type: a
        value: [203.0.113.50, 203.0.113.51]
        ttl: 300
    """),
    fault(status=503, count=1, method="PUT"),
    measured("change one value", """
      xtom.console.dns_record:
        zone: example.com
        record: api
        type: A
        value: [203.0.113.50, 203.0.113.52]
      diff: true
    """),
    measured("quoted txt equals plain", """
      xtom.console.dns_record:
        zone: example.com
        record: "@"
        type: TXT
        value: v=spf1 mx -all
    """),
    measured("mx priority option", """
      xtom.console.dns_record:
        zone: example.com
        record: example.com
        type: MX
        value: [mail.example.com.]
        priority: 10
    """),
    measured("keep and fail", """
      xtom.console.dns_record:
        zone: example.com
        record: www
        type: A
        value: [203.0.113.99]
        on_existing: keep_and_fail
      ignore_errors: true
    """),
    measured("keep", """
      xtom.console.dns_record:
        zone: example.com
        record: www
        type: A
        value: [203.0.113.99]
        on_existing: keep
    """),
    measured("delete", """
      xtom.console.dns_record:
        zone: example.com
        record: api
        type: A
        state: absent
      diff: true
    """),
    measured("delete again", """
      xtom.console.dns_record:
        zone: example.com
        record: api
        type: A
        state: absent
    """),
    measured("unknown zone", """
      xtom.console.dns_record:
        zone: example.co
        record: www
        type: A
        value: [203.0.113.1]
      ignore_errors: true
    """),
    measured("registrar create", """
      xtom.console.dns_record:
        domain: example.net
        record: api
        type: A
        value: [203.0.113.41]
    """),
    measured("registrar again", """
      xtom.console.dns_record:
        domain: example.net
        record: api.example.net
        type: A
        value: [203.0.113.41]
    """),
    measured("bad input", """
      xtom.console.dns_record:
        zone: "{{ omit if item.domain is defined else item.zone | default('example.com') }}"
        domain: "{{ item.domain | default(omit) }}"
        record: "{{ item.record }}"
        type: "{{ item.type }}"
        value: "{{ item.value | default(omit) }}"
        ttl: "{{ item.ttl | default(omit) }}"
        priority: "{{ item.priority | default(omit) }}"
      loop: "{{ bad_cases }}"
      ignore_errors: true
    """),
)


def test_dns_record(sim, run_playbook):
    run = run_playbook(RECORD_PLAYBOOK, extra_vars={"bad_cases": [p for p, _text in RECORD_BAD]})
    assert run.rc == 0, run

    check = run.task("create check")
    assert check["changed"] is True
    assert check["diff"] == [{"before_header": "example.com api A", "after_header": "example.com api A", "before": {},
                              "after": {"record": "api", "type": "A", "ttl": 300, "value": value}}
                             for value in ("203.0.113.50", "203.0.113.51")]
    assert [c["action"] for c in check["changes"]] == ["create", "create"]
    assert log(run, "create check")["counts"] == {"GET": 2}

    created = run.task("create")
    assert created["changed"] is True and created["diff"] == check["diff"] and created["changes"] == check["changes"]
    assert created["record_set"]["fqdn"] == "api.example.com"
    assert log(run, "create")["counts"] == {"GET": 2, "POST": 2}
    assert [e["body"] for e in log(run, "create")["entries"] if e["method"] == "POST"] == [
        {"name": "api", "type": "A", "content": "203.0.113.50", "ttl": 300, "priority": 0},
        {"name": "api", "type": "A", "content": "203.0.113.51", "ttl": 300, "priority": 0}]

    again = run.task("create again")
    assert again["changed"] is False and again["changes"] == []
    ids = [r["id"] for r in again["record_set"]["records"]]
    assert len(ids) == 2 and all(isinstance(i, int) for i in ids)
    assert log(run, "create again")["counts"] == {"GET": 2}

    changed = run.task("change one value")
    assert changed["changed"] is True
    assert [(d["before"]["value"], d["after"]["value"]) for d in changed["diff"]] == [("203.0.113.51", "203.0.113.52")]
    assert [c["action"] for c in changed["changes"]] == ["update"]
    # One change = one write; the injected 503 on it was retried (two PUTs in the log).
    assert log(run, "change one value")["counts"] == {"GET": 2, "PUT": 2}
    assert [e.get("status") for e in log(run, "change one value")["entries"] if e["method"] == "PUT"] == [503, 200]

    for name in ("quoted txt equals plain", "mx priority option"):
        assert run.task(name)["changed"] is False, name
        assert log(run, name)["counts"] == {"GET": 2}, name

    kaf = run.task("keep and fail")
    assert kaf["failed"] and "already has other values (203.0.113.10)" in kaf["msg"]
    assert log(run, "keep and fail")["writes"] == 0

    keep = run.task("keep")
    assert keep["changed"] is True and keep["record_set"]["value"] == ["203.0.113.10", "203.0.113.99"]
    assert log(run, "keep")["counts"] == {"GET": 2, "POST": 1}

    deleted = run.task("delete")
    assert deleted["changed"] is True and [d["after"] for d in deleted["diff"]] == [{}, {}]
    assert log(run, "delete")["counts"] == {"GET": 2, "DELETE": 2}
    assert run.task("delete again")["changed"] is False
    assert log(run, "delete again")["counts"] == {"GET": 2}
    assert rows(sim, name="api") == []

    unknown = run.task("unknown zone")
    assert unknown["failed"] and "zone=example.co: is not a DNS zone of this account" in unknown["msg"]
    assert log(run, "unknown zone")["counts"] == {"GET": 1}

    reg = run.task("registrar create")
    assert reg["changed"] is True and reg["record_set"]["ttl"] is None
    assert log(run, "registrar create")["counts"] == {"GET": 2, "POST": 1}
    assert run.task("registrar again")["changed"] is False
    assert log(run, "registrar again")["counts"] == {"GET": 2}
    assert sim.db["domain_dns"][2002][-1] == {"name": "api", "type": "A", "priority": 0, "content": "203.0.113.41"}

    results = run.task("bad input")["results"]
    assert len(results) == len(RECORD_BAD) >= 10
    for res, (params, text) in zip(results, RECORD_BAD):
        assert res.get("failed"), params
        assert text in res["msg"], (params, res["msg"])
    assert log(run, "bad input")["requests"] == 0
