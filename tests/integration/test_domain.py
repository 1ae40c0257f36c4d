"""domain (registrar settings) through ansible-playbook against the simulator (both answer shapes)."""

import pytest

SETTINGS = """
        lock: false
        id_protection: true
        autorenew: false
        email_forwarding:
          - {from: info, to: ops@example.com}
          - {from: sales@example.net, to: joe@example.com}
        contacts:
          tech: {email: hostmaster@example.com, firstname: Ann}
"""

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: mark check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_check
    - name: check mode
      xtom.console.domain:
        domain: example.net
%(settings)s
      check_mode: true
    - name: log check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_check.json.total }}"}
    - name: mark change
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_change
    - name: change
      xtom.console.domain:
        domain: example.net
%(settings)s
      diff: true
      register: r_change
    - name: diff change
      ansible.builtin.debug: {var: r_change.diff}
    - name: log change
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_change.json.total }}"}
    - name: mark noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_noop
    - name: noop
      xtom.console.domain:
        domain: example.net
%(settings)s
    - name: log noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_noop.json.total }}"}
    - name: remove a forwarder
      xtom.console.domain:
        domain_id: 2002
        email_forwarding: [{from: sales, state: absent}]
    - name: web forwarding
      xtom.console.domain:
        domain: example.net
        forwarding: {url: "https://www.example.com/", type: frame}
    - name: sync
      xtom.console.domain:
        domain: example.net
        sync: true
      diff: true
      register: r_sync
    - name: diff sync
      ansible.builtin.debug: {var: r_sync.diff}
    - name: sync again
      xtom.console.domain:
        domain: example.net
        sync: true
    - name: mark errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_errors
    - name: nothing to do
      xtom.console.domain:
        domain: example.net
      ignore_errors: true
    - name: bad contact type
      xtom.console.domain:
        domain: example.net
        contacts: {owner: {email: joe@example.com}}
      ignore_errors: true
    - name: bad forwarder target
      xtom.console.domain:
        domain: example.net
        email_forwarding: [{from: info, to: not-an-address}]
      ignore_errors: true
    - name: forwarder of another domain
      xtom.console.domain:
        domain: example.net
        email_forwarding: [{from: info@example.com, to: joe@example.com}]
      ignore_errors: true
    - name: bad forwarding url
      xtom.console.domain:
        domain: example.net
        forwarding: {url: "ftp://example.com/"}
      ignore_errors: true
    - name: log errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_errors.json.total }}"}
    - name: ambiguous
      xtom.console.domain:
        domain: example.biz
        lock: true
      ignore_errors: true
    - name: unknown id
      xtom.console.domain:
        domain_id: 999
        lock: true
      ignore_errors: true
""" % {"settings": SETTINGS.rstrip("\n")}


def by_header(diff, what):
    found = [d for d in diff if d["before_header"] == what and d["after_header"] == what]
    assert len(found) == 1, (what, diff)
    return found[0]


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_domain_settings(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    dom = sim.db["domains"][2002]

    assert run.task("check mode")["changed"] is True
    log = run.task("log check")["json"]
    assert log["writes"] == 0
    assert log["counts"] == {"GET": 4}  # domain, reglock, emforwarding, contact

    change = run.task("change")
    assert change["changed"] is True
    assert change["domain"]["lock"] is False and change["domain"]["idprotection"] is True
    assert change["domain"]["email_forwarding"] == {
        "info": "ops@example.com", "sales": "joe@example.com"}
    diff = run.task("diff change")["r_change.diff"]
    assert [d["before_header"] for d in diff] == [c["what"] for c in change["changes"]]
    assert (by_header(diff, "example.net reglock")["before"], by_header(diff, "example.net reglock")["after"]) == (
        "True", "False")
    assert by_header(diff, "example.net autorenew")["after"] == "False"
    assert by_header(diff, "example.net email_forwarding info") == {
        "before_header": "example.net email_forwarding info", "after_header": "example.net email_forwarding info",
        "before": "demo@example.com", "after": "ops@example.com"}
    assert by_header(diff, "example.net contacts")["after"]["tech"]["email"] == "hostmaster@example.com"
    assert by_header(diff, "example.net contacts")["after"]["tech"]["lastname"] == "Doe"
    assert change["changes"][2] == {"action": "set", "what": "example.net reglock", "before": True, "after": False}
    writes = [(e["method"], e["path"], e["body"]) for e in run.task("log change")["json"]["entries"]
              if e["method"] != "GET"]
    assert [w[:2] for w in writes] == [
        ("PUT", "/domain/2002/autorenew"), ("PUT", "/domain/2002/idprotection"), ("PUT", "/domain/2002/reglock"),
        ("PUT", "/domain/2002/emforwarding"), ("PUT", "/domain/2002/emforwarding"), ("PUT", "/domain/2002/contact")]
    assert writes[0][2] == {"autorenew": False}
    assert writes[1][2] == {"switch": True}
    assert writes[2][2] == {"switch": False}
    assert set(writes[5][2]["contact_info"]) == {"registrant", "admin", "tech", "billing"}
    assert dom["reglock"] == "0" and dom["idprotection"] == "1" and dom["autorenew"] == "0"
    assert dom["contact_info"]["tech"]["firstname"] == "Ann"

    assert run.task("noop")["changed"] is False
    assert run.task("log noop")["json"]["counts"] == {"GET": 4}

    assert run.task("remove a forwarder")["changed"] is True
    assert dom["emforwarding"] == [{"from": "info", "to": "ops@example.com"}]
    assert run.task("web forwarding")["changed"] is True
    assert dom["forwarding"] == {"url": "https://www.example.com/", "type": "frame"}

    sync = run.task("sync")
    assert sync["changed"] is True
    assert sync["domain"]["expires"] == "2028-06-11"
    diff = run.task("diff sync")["r_sync.diff"]
    assert by_header(diff, "example.net details")["before"]["expires"] == "2027-06-11"
    assert by_header(diff, "example.net details")["after"]["expires"] == "2028-06-11"
    assert run.task("sync again")["changed"] is False

    assert "nothing to do" in run.task("nothing to do")["msg"]
    assert "contacts=owner: is not a contact type; valid: registrant" in run.task("bad contact type")["msg"]
    assert "email_forwarding[0].to=not-an-address: is not a valid email address" in run.task("bad forwarder target")["msg"]
    assert "not an address of example.net" in run.task("forwarder of another domain")["msg"]
    assert "forwarding.url=ftp://example.com/: must start with http:// or https://" in run.task("bad forwarding url")["msg"]
    assert run.task("log errors")["json"]["requests"] == 0
    assert "ambiguous" in run.task("ambiguous")["msg"]
    assert "domain_id=999: is not a domain of this account" in run.task("unknown id")["msg"]


FAULT_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: lock with a failing server
      xtom.console.domain:
        domain: example.net
        lock: false
      ignore_errors: true
"""


def test_domain_fault(sim, run_playbook):
    sim.fault(status=500, method="PUT", path="/reglock$")
    run = run_playbook(FAULT_PLAYBOOK)
    res = run.task("lock with a failing server")
    assert res["failed"] is True
    assert res["msg"].startswith("PUT /domain/2002/reglock failed (HTTP 500)")
    assert "nothing of this task was applied before it" in res["msg"]
    # The lock PUT may toggle, so it is never resent: after a 500 it may have been carried out, and says so.
    assert [(c["what"], c.get("uncertain")) for c in res["changes"]] == [("example.net reglock", True)]
    assert res["changed"] is True
    assert "Traceback" not in run.stdout
    assert sim.db["domains"][2002]["reglock"] == "1"
