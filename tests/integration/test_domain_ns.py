"""domain_ns through ansible-playbook against the simulator (both answer shapes)."""

import pytest

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: mark change
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_change
    - name: change
      xtom.console.domain_ns:
        domain: example.net
        nameservers: [ns1.example.com, NS2.example.com.]
      diff: true
      register: r_change
    - name: diff change
      ansible.builtin.debug: {var: r_change.diff}
    - name: log change
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_change.json.total }}"}
    - name: mark noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_noop
    - name: noop, other order
      xtom.console.domain_ns:
        domain: example.net
        nameservers: [ns2.example.com, ns1.example.com]
    - name: log noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_noop.json.total }}"}
    - name: mark check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_check
    - name: check mode
      xtom.console.domain_ns:
        domain_id: 2002
        nameservers: [ns1.example.org, ns2.example.org, ns3.example.org]
      check_mode: true
      diff: true
      register: r_check
    - name: diff check
      ansible.builtin.debug: {var: r_check.diff}
    - name: log check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_check.json.total }}"}
    - name: glue
      xtom.console.domain_ns:
        domain: example.net
        child_nameservers:
          - {name: ns1.example.net, ip: 203.0.113.53}
          - {name: ns2.example.net, ip: "2001:db8:53::2"}
        nameservers: [ns1.example.net, ns2.example.net]
    - name: defaults with known defaults
      xtom.console.domain_ns:
        domain: example.net
        nameservers: []
        default_nameservers: [ns2.xtom.com, ns1.xtom.com]
    - name: defaults again
      xtom.console.domain_ns:
        domain: example.net
        nameservers: []
        default_nameservers: [ns1.xtom.com, ns2.xtom.com]
    - name: mark defaults unknown
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_unknown
    - name: defaults without default_nameservers
      xtom.console.domain_ns:
        domain: example.net
        nameservers: []
    - name: log defaults unknown
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_unknown.json.total }}"}
    - name: mark errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_errors
    - name: invalid host name
      xtom.console.domain_ns:
        domain: example.net
        nameservers: [ns1.example.com, "bad_host!.example.com"]
      ignore_errors: true
    - name: one name server
      xtom.console.domain_ns:
        domain: example.net
        nameservers: [ns1.example.com]
      ignore_errors: true
    - name: fourteen name servers
      xtom.console.domain_ns:
        domain: example.net
        nameservers: "{{ range(1, 15) | map('regex_replace', '^(.*)$', 'ns\\\\1.example.com') | list }}"
      ignore_errors: true
    - name: log errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_errors.json.total }}"}
    - name: glue outside the domain
      xtom.console.domain_ns:
        domain: example.net
        child_nameservers: [{name: ns1.example.com, ip: 203.0.113.53}]
      ignore_errors: true
    - name: unknown domain
      xtom.console.domain_ns:
        domain: nope.example
        nameservers: [ns1.example.com, ns2.example.com]
      ignore_errors: true
    - name: ambiguous domain
      xtom.console.domain_ns:
        domain: example.biz
        nameservers: [ns1.example.com, ns2.example.com]
      ignore_errors: true
"""


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_domain_ns(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    dom = sim.db["domains"][2002]

    change = run.task("change")
    assert change["changed"] is True
    assert {k: change["domain"][k] for k in ("id", "name", "nameservers", "status")} == {
        "id": 2002, "name": "example.net", "nameservers": ["ns1.example.com", "ns2.example.com"], "status": "Active"}
    assert change["changes"] == [{"action": "set", "what": "example.net nameservers",
                                  "before": ["ns1.xtom.com", "ns2.xtom.com"], "after": ["ns1.example.com", "ns2.example.com"]}]
    diff = run.task("diff change")["r_change.diff"]
    assert diff == [{"before_header": "example.net nameservers", "after_header": "example.net nameservers",
                     "before": ["ns1.xtom.com", "ns2.xtom.com"], "after": ["ns1.example.com", "ns2.example.com"]}]
    log = run.task("log change")["json"]
    assert [(e["method"], e["path"]) for e in log["entries"]] == [
        ("GET", "/domain/name/example.net"), ("PUT", "/domain/2002/ns")]
    assert log["entries"][1]["body"] == {"nameservers": ["ns1.example.com", "ns2.example.com"]}

    assert run.task("noop, other order")["changed"] is False
    assert run.task("log noop")["json"]["counts"] == {"GET": 1}

    check = run.task("check mode")
    assert check["changed"] is True
    diff = run.task("diff check")["r_check.diff"]
    assert diff[0]["after"] == ["ns1.example.org", "ns2.example.org", "ns3.example.org"]
    assert run.task("log check")["json"]["writes"] == 0
    assert run.task("log check")["json"]["counts"] == {"GET": 1}

    glue = run.task("glue")
    assert glue["changed"] is True
    assert [c["what"] for c in glue["changes"]] == [
        "example.net child name server ns1.example.net", "example.net child name server ns2.example.net",
        "example.net nameservers"]
    assert dom["glue"] == {"ns1.example.net": "203.0.113.53", "ns2.example.net": "2001:db8:53::2"}

    assert run.task("defaults with known defaults")["changed"] is True
    assert run.task("defaults again")["changed"] is False
    unknown = run.task("defaults without default_nameservers")
    assert unknown["changed"] is False and unknown["changes"] == []
    assert [(e["method"], e["path"]) for e in run.task("log defaults unknown")["json"]["entries"]] == [
        ("GET", "/domain/name/example.net"), ("PUT", "/domain/2002/ns"), ("GET", "/domain/2002/ns")]
    assert dom["nameservers"] == ["ns1.xtom.com", "ns2.xtom.com"]

    assert "nameservers=bad_host!.example.com: is not a valid host name" in run.task("invalid host name")["msg"]
    assert "between 2 and 13" in run.task("one name server")["msg"]
    assert "got 14" in run.task("fourteen name servers")["msg"]
    assert run.task("log errors")["json"]["requests"] == 0
    assert "child_nameservers[0].name=ns1.example.com: is not under example.net" in run.task("glue outside the domain")["msg"]
    assert "domain=nope.example: is not a domain of this account" in run.task("unknown domain")["msg"]
    assert "ambiguous" in run.task("ambiguous domain")["msg"] and "2005" in run.task("ambiguous domain")["msg"]


FAULT_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: put retried
      xtom.console.domain_ns:
        domain: example.net
        nameservers: [ns1.example.com, ns2.example.com]
    - name: glue gateway error
      xtom.console.domain_ns:
        domain: example.net
        child_nameservers: [{name: ns1.example.net, ip: 203.0.113.53}]
      ignore_errors: true
"""


def test_domain_ns_faults(sim, run_playbook):
    sim.fault(status=503, method="PUT", path="^/domain/2002/ns$", retry_after=0)
    sim.fault(status=502, method="POST", path="^/domain/2002/reg$", after=True)
    run = run_playbook(FAULT_PLAYBOOK)
    assert run.task("put retried")["changed"] is True
    assert [e["status"] for e in sim.requests(method="PUT")] == [503, 200]
    glue = run.task("glue gateway error")
    assert glue["failed"] is True
    assert "may have carried out" in glue["msg"]
    assert len(sim.requests(method="POST")) == 1  # never sent twice
