"""domain_dnssec through ansible-playbook against the simulator (both answer shapes)."""

import pytest

KSK = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="  # seeded on example.net
ZSK = "oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA=="

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    ksk: {flags: 257, algorithm: 13, public_key: "%(ksk)s"}
    zsk: {flags: 256, algorithm: 13, public_key: "%(zsk_wrapped)s"}
  tasks:
    - name: mark check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_check
    - name: check mode add
      xtom.console.domain_dnssec:
        domain: example.net
        keys: ["{{ ksk }}", "{{ zsk }}"]
      check_mode: true
      diff: true
      register: r_check
    - name: diff check
      ansible.builtin.debug: {var: r_check.diff}
    - name: log check
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_check.json.total }}"}
    - name: add
      xtom.console.domain_dnssec:
        domain: example.net
        keys: ["{{ ksk }}", "{{ zsk }}"]
    - name: mark noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_noop
    - name: noop
      xtom.console.domain_dnssec:
        domain: example.net
        keys: ["{{ zsk }}", "{{ ksk }}"]
    - name: log noop
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_noop.json.total }}"}
    - name: remove the zsk
      xtom.console.domain_dnssec:
        domain_id: 2002
        keys: ["{{ zsk }}"]
        state: absent
    - name: remove the zsk again
      xtom.console.domain_dnssec:
        domain_id: 2002
        keys: ["{{ zsk }}"]
        state: absent
    - name: prune all
      xtom.console.domain_dnssec:
        domain: example.net
        keys: []
        prune: true
      diff: true
      register: r_prune
    - name: diff prune
      ansible.builtin.debug: {var: r_prune.diff}
    - name: mark errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log"}
      register: m_errors
    - name: unknown flags
      xtom.console.domain_dnssec:
        domain: example.net
        keys: [{flags: 258, algorithm: 13, public_key: "%(ksk)s"}]
      ignore_errors: true
    - name: unknown algorithm
      xtom.console.domain_dnssec:
        domain: example.net
        keys: [{flags: 257, algorithm: 99, public_key: "%(ksk)s"}]
      ignore_errors: true
    - name: bad public key
      xtom.console.domain_dnssec:
        domain: example.net
        keys: [{flags: 257, algorithm: 13, public_key: "not base64!"}]
      ignore_errors: true
    - name: log errors
      ansible.builtin.uri: {url: "{{ xtom_sim_admin }}/log?since={{ m_errors.json.total }}"}
    - name: ambiguous
      xtom.console.domain_dnssec:
        domain: example.biz
        keys: ["{{ ksk }}"]
      ignore_errors: true
""" % {"ksk": KSK, "zsk_wrapped": ZSK[:40] + " " + ZSK[40:]}


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_domain_dnssec(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    dom = sim.db["domains"][2002]

    assert run.task("check mode add")["changed"] is True
    diff = run.task("diff check")["r_check.diff"]
    assert len(diff) == 1 and diff[0]["before"] == {} and diff[0]["after"]["flags"] == 256
    assert diff[0]["before_header"].startswith("example.net dnssec key ")
    log = run.task("log check")["json"]
    assert log["writes"] == 0
    assert [e["path"] for e in log["entries"]] == [
        "/domain/name/example.net", "/domain/2002/dnssec", "/domain/2002/dnssec/flags"]

    add = run.task("add")
    assert add["changed"] is True
    assert sorted((k["flags"], k["key"]) for k in add["dnssec_keys"]) == [(256, "2"), (257, "1")]
    assert [k["key_tag"] for k in add["dnssec_keys"] if k["flags"] == 257] == [2371]
    assert [c["action"] for c in add["changes"]] == ["add"]
    puts = sim.requests(method="PUT")
    assert len(puts) == 1  # the KSK was already there
    assert puts[0]["body"] == {"flags": 256, "alg": 13, "pubkey": ZSK, "protocol": 3}  # whitespace removed

    assert run.task("noop")["changed"] is False
    assert run.task("log noop")["json"]["counts"] == {"GET": 2}

    assert run.task("remove the zsk")["changed"] is True
    assert run.task("remove the zsk again")["changed"] is False
    assert [e["path"] for e in sim.requests(method="DELETE")][0] == "/domain/2002/dnssec/2"

    assert run.task("prune all")["changed"] is True
    assert [(d["before"]["key_tag"], d["after"]) for d in run.task("diff prune")["r_prune.diff"]] == [(2371, {})]
    assert dom["dnssec"] == []

    assert "keys[0].flags=258: is not a known DNSKEY flags value" in run.task("unknown flags")["msg"]
    assert "keys[0].algorithm=99: is not a DNSSEC algorithm number in use" in run.task("unknown algorithm")["msg"]
    assert "keys[0].public_key='not base64!': is not a base64 DNSKEY public key" in run.task("bad public key")["msg"]
    assert run.task("log errors")["json"]["requests"] == 0
    assert "ambiguous" in run.task("ambiguous")["msg"]


FAULT_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: registrar accepts only KSKs
      xtom.console.domain_dnssec:
        domain: example.net
        keys: [{flags: 256, algorithm: 13, public_key: "%s"}]
      ignore_errors: true
    - name: delete answered by a gateway error, retried
      xtom.console.domain_dnssec:
        domain: example.net
        keys: []
        prune: true
""" % ZSK


def test_domain_dnssec_flags_and_fault(sim, run_playbook):
    from simulator.routes import domains as sim_domains

    original = dict(sim_domains.DNSSEC_FLAGS)
    sim_domains.DNSSEC_FLAGS.pop("256")
    try:
        sim.fault(status=504, method="DELETE", after=True)
        run = run_playbook(FAULT_PLAYBOOK)
    finally:
        sim_domains.DNSSEC_FLAGS.clear()
        sim_domains.DNSSEC_FLAGS.update(original)
    res = run.task("registrar accepts only KSKs")
    assert "keys[0].flags=256: is not accepted by the registrar of example.net; valid: 257" in res["msg"]
    retried = run.task("delete answered by a gateway error, retried")
    # The first DELETE was applied, then answered 504; the retry finds the key gone (404):
    # the module must not fail on its own retry.
    assert retried.get("failed") is not True, retried
    assert [e["status"] for e in sim.requests(method="DELETE")] == [504, 404]
    assert sim.db["domains"][2002]["dnssec"] == []
