"""xtom.console.certificate_info through ansible-playbook against the simulator."""

import os
import stat


def test_certificate_info(sim, run_playbook, tmp_path):
    dest = str(tmp_path / "example.com.crt")
    run = run_playbook("""
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
    - name: download check
      xtom.console.certificate_info:
        id: 3001
        dest: "{{ dest }}"
        mode: "0640"
      check_mode: true
      register: dl_check
    - name: stat after check
      ansible.builtin.stat:
        path: "{{ dest }}"
      register: after_check
    - name: download
      xtom.console.certificate_info:
        id: 3001
        dest: "{{ dest }}"
        mode: "0640"
      register: dl
    - name: download again
      xtom.console.certificate_info:
        domain: example.com
        dest: "{{ dest }}"
        mode: "0640"
      register: dl_again
    - name: mode only
      xtom.console.certificate_info:
        id: 3001
        dest: "{{ dest }}"
        mode: "0600"
      register: dl_mode
    - name: not issued
      xtom.console.certificate_info:
        domain: example.net
        dest: "{{ dest }}.net"
      register: pending
      ignore_errors: true
    - name: unknown domain
      xtom.console.certificate_info:
        domain: nothing.example
      register: unknown
      ignore_errors: true
""", extra_vars={"dest": dest})
    certs = run.task("list")["certificates"]
    expected = [(3001, "example.com", "Active"), (3002, "example.net", "Pending")]
    assert [(c["id"], c["domain"], c["status"]) for c in certs] == expected
    assert "csr" not in certs[0]
    one = run.task("by domain")["certificates"]
    assert len(one) == 1 and one[0]["id"] == 3001 and one[0]["software"] == 4
    assert one[0]["contacts"]["admin"]["FName"] == "Joe"

    assert run.task("download check")["changed"] is True
    assert run.task("stat after check")["stat"]["exists"] is False
    dl = run.task("download")
    assert dl["changed"] is True and dl["dest"] == dest and dl["crt"].startswith("-----BEGIN CERTIFICATE-----")
    with open(dest) as f:
        assert f.read() == dl["crt"]
    assert run.task("download again")["changed"] is False
    assert run.task("mode only")["changed"] is True
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600

    pending = run.task("not issued")
    assert pending["failed"] is True and "Certificate has not been issued yet" in pending["msg"]
    assert not os.path.exists(dest + ".net")
    assert run.task("unknown domain")["msg"].startswith("domain='nothing.example' matches no certificate")
    assert sim.writes() == []
