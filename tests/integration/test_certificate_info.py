"""xtom.console.certificate_info through ansible-playbook against the simulator: it only reads."""

import pytest

from conftest import step


PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: list
      xtom.console.certificate_info:
      register: all
    - name: by domain
      xtom.console.certificate_info:
        domain: example.com
      register: one
    - name: crt by id
      xtom.console.certificate_info:
        id: "3001"
        include: [crt]
      register: crt
    - name: crt in check mode
      xtom.console.certificate_info:
        domain: example.com
        include: [crt]
      check_mode: true
      register: crt_check
    - name: write it
      ansible.builtin.copy:
        content: "{{ crt.certificates[0].crt }}"
        dest: "{{ dest }}"
        mode: "0640"
    - name: not issued
      xtom.console.certificate_info:
        domain: example.net
        include: [crt]
      register: pending
      ignore_errors: true
    - name: crt without a certificate
      xtom.console.certificate_info:
        include: [crt]
      register: nocert
      ignore_errors: true
    - name: unknown domain
      xtom.console.certificate_info:
        domain: nothing.example
      register: unknown
      ignore_errors: true
    - name: unicode digits
      xtom.console.certificate_info:
        id: "٣٠٠١"
      register: unicode
      ignore_errors: true
    - name: unknown id
      xtom.console.certificate_info:
        id: "3999"
      register: unknown_id
      ignore_errors: true
"""


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_certificate_info(sim, run_playbook, tmp_path):
    dest = str(tmp_path / "example.com.crt")
    run = run_playbook(PLAYBOOK, extra_vars={"dest": dest})
    certs = run.task("list")["certificates"]
    expected = [(3001, "example.com", "Active"), (3002, "example.net", "Pending")]
    assert [(c["id"], c["domain"], c["status"]) for c in certs] == expected
    assert "csr" not in certs[0] and run.task("list")["changed"] is False
    one = run.task("by domain")["certificates"]
    assert len(one) == 1 and one[0]["id"] == 3001 and one[0]["software"] == 4
    assert one[0]["contacts"]["admin"]["FName"] == "Joe"
    assert "crt" not in one[0]

    crt = run.task("crt by id")
    assert crt["changed"] is False
    row = crt["certificates"][0]
    assert row["crt"].startswith("-----BEGIN CERTIFICATE-----") and row["crt"].endswith("-----END CERTIFICATE-----\n")
    assert row["key"] is None
    # the variant portal sends a chain too
    assert (row["chain"] is not None) is sim.sim.variant
    assert run.task("crt in check mode")["certificates"][0]["crt"] == row["crt"]
    with open(dest) as f:
        assert f.read() == row["crt"]

    pending = run.task("not issued")
    assert pending["failed"] is True and "Certificate has not been issued yet" in pending["msg"]
    assert run.task("crt without a certificate")["msg"] == "include=crt: needs id or domain: which certificate to read"
    assert run.task("unknown domain")["msg"].startswith("domain=nothing.example: matches no certificate")
    assert run.task("unicode digits")["msg"] == "id=٣٠٠١: is not an id (ASCII digits only)"
    assert run.task("unknown id")["msg"] == "id=3999: is not a certificate of this account"
    assert sim.writes() == []


def test_certificate_info_refuses_unknown_answers(sim, run_playbook):
    sim.reshape("wrap", r"^/certificate/3001/crt$")
    sim.reshape("wrap", r"^/certificate$")
    run = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + step(
        "list", "xtom.console.certificate_info:") + step(
        "crt", "xtom.console.certificate_info:\n  id: '3001'\n  include: [crt]"))
    assert run.task("list")["msg"].startswith("GET /certificate: unexpected answer (keys: result_set (dict))")
    assert run.task("crt")["msg"].startswith("GET /certificate/3001/crt: unexpected answer")
    assert sim.writes() == []
