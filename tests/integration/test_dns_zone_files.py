"""Zone files through ansible-playbook against the simulator (issue 15 item 1).

A backup written by dns_zone_info (include=[zone_file]) and ansible.builtin.copy, restored with
dns_records (zone_file, prune) is a no-op, for a hosted zone and for registrar DNS, in both answer
shapes; a real-world zone file then syncs, and a second run changes nothing.
"""

import os

import pytest

from test_dns_record import log, measured, playbook

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "unit", "data")


def round_trip(kind, path):
    """Export the zone (``kind``: zone or domain) example.com to ``path``, then restore it with prune."""
    return [
        measured("export " + kind, """
          xtom.console.dns_zone_info:
            {kind}: example.com
            include: [zone_file]
          register: export_{kind}
        """.format(kind=kind)),
        """
        - name: backup {kind}
          ansible.builtin.copy:
            content: "{{{{ export_{kind}.zones[0].zone_file }}}}"
            dest: {path}
            mode: "0600"
        """.format(kind=kind, path=path),
        measured("restore " + kind, """
          xtom.console.dns_records:
            {kind}: example.com
            zone_file: {path}
            prune: true
          diff: true
        """.format(kind=kind, path=path)),
    ]


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_backup_and_restore_is_a_no_op_then_a_real_world_file_syncs(sim, run_playbook, tmp_path):
    business = os.path.join(DATA, "example.com.zone")
    tasks = round_trip("zone", tmp_path / "hosted.zone") + round_trip("domain", tmp_path / "registrar.zone")
    tasks += [
        measured("sync check", """
          xtom.console.dns_records:
            zone: example.com
            zone_file: %s
            prune: true
          check_mode: true
          diff: true
        """ % business),
        measured("sync", """
          xtom.console.dns_records:
            zone: example.com
            zone_file: %s
            prune: true
          diff: true
        """ % business),
        measured("sync again", """
          xtom.console.dns_records:
            zone: example.com
            zone_file_content: "{{ lookup('ansible.builtin.file', '%s') }}"
            prune: true
        """ % business),
    ]
    run = run_playbook(playbook(*tasks))
    assert run.rc == 0, run
    for target in ("zone", "domain"):
        assert log(run, "export " + target)["counts"] == {"GET": 2}
        restored = run.task("restore " + target)
        assert restored["changed"] is False and restored["changes"] == [] and restored["diff"] == [], restored
        assert log(run, "restore " + target)["counts"] == {"GET": 2}
    hosted = (tmp_path / "hosted.zone").read_text()
    assert hosted.splitlines()[2] == "$ORIGIN example.com." and " IN SOA " in hosted
    assert "$TTL 3600" in (tmp_path / "registrar.zone").read_text()

    check, done = run.task("sync check"), run.task("sync")
    assert check["changed"] is True and log(run, "sync check")["counts"] == {"GET": 2}
    assert done["changes"] == check["changes"] and done["diff"] == check["diff"]
    assert done["summary"] == {"create": 13, "update": 5, "delete": 0}
    writes = sum(n for method, n in log(run, "sync")["counts"].items() if method != "GET")
    assert writes == 18 and log(run, "sync")["counts"]["GET"] == 2
    again = run.task("sync again")
    assert again["changed"] is False and log(run, "sync again")["counts"] == {"GET": 2}
    names = set((r["name"], r["type"]) for r in sim.db["dns_zones"][3001]["records"])
    assert {("sel1._domainkey", "TXT"), ("_sip._tls", "SRV"), ("@", "CAA"), ("@", "SOA"), ("@", "NS")} <= names
    assert ("blog", "CNAME") not in names  # pruned: not in the file
    ns = sorted(r["content"] for r in sim.db["dns_zones"][3001]["records"] if r["type"] == "NS")
    assert ns == ["ns1.xtom.com", "ns2.xtom.com"]  # the file's apex NS (another provider's) are left out


def test_a_file_the_zone_cannot_hold_fails_naming_the_lines_and_sends_nothing(sim, run_playbook):
    legacy = os.path.join(DATA, "legacy.example.org.zone")
    run = run_playbook(playbook(measured("legacy", """
      xtom.console.dns_records:
        zone: legacy.example.org
        create: true
        zone_file: %s
      ignore_errors: true
    """ % legacy)))
    res = run.task("legacy")
    assert res["failed"] and res["msg"].startswith("zone_file=%s: 6 records cannot be held" % legacy), res
    assert "line 8: host1.legacy.example.org. type HINFO" in res["msg"]
    assert log(run, "legacy")["requests"] == 0
