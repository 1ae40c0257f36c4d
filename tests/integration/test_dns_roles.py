"""The dns_zone role and playbooks/dns_zone.yml (issue 14 items 1 and 2): the server and dns_zone roles
share a zone without undoing each other, and check mode on a new zone previews its records."""

import os

from conftest import REPO_ROOT

BOTH_ROLES = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: KVM VPS Starter
        server_hostname: web1.example.com
        server_options: {Operating System: Debian 12, Location: Tokyo}
        server_dns_zone: example.com
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.com
        dns_zone_keep_servers: %s
        dns_zone_ignore:
          - {record: _dmarc, type: TXT}
        dns_zone_records:
          - {record: "@", type: A, value: 203.0.113.10}
          - {record: www, type: CNAME, value: example.com.}
          - {record: mail, type: A, value: 203.0.113.25}
          - {record: "@", type: MX, value: [10 mail.example.com]}
          - {record: "@", type: TXT, value: "v=spf1 mx -all"}
"""


def _changed(run):
    return [name for name, res in run.results if res.get("changed")]


def test_server_and_dns_zone_roles_share_a_zone_and_a_second_run_changes_nothing(sim, run_playbook):
    first = run_playbook(BOTH_ROLES % "true")
    assert first.rc == 0, first
    web1 = [(r["type"], r["content"]) for r in sim.db["dns_zones"][3001]["records"] if r["name"] == "web1"]
    assert sorted(web1) == [("A", "203.0.113.10"), ("AAAA", "2001:db8:10::10")]
    mark = sim.mark()
    second = run_playbook(BOTH_ROLES % "true")
    assert second.rc == 0, second
    assert _changed(second) == [] and sim.writes(mark) == []


def test_without_keep_servers_the_two_roles_undo_each_other(sim, run_playbook):
    """What dns_zone_keep_servers prevents (and what the role did before it existed)."""
    run_playbook(BOTH_ROLES % "false")
    second = run_playbook(BOTH_ROLES % "false")
    assert second.rc == 0, second
    assert any(name.endswith("Publish the A and AAAA records (and the extra records)") for name in _changed(second))
    assert any(name.endswith("Apply the records of the zone") for name in _changed(second))


def test_dns_zone_playbook_check_diff_on_a_new_zone_previews_every_record(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(os.path.join(REPO_ROOT, "playbooks", "dns_zone.yml"), check=True, diff=True)
    assert run.rc == 0, run
    assert sim.writes(mark) == []
    msg = run.task("Show what changed")["msg"]
    assert "built-in method" not in msg
    assert msg == "example.org: 6 created, 0 updated, 0 deleted"
    applied = [res for name, res in run.results if name.endswith("Apply the records of the zone")][-1]
    assert [d["before_header"] for d in applied["diff"]] == [
        "zone example.org", "example.org @ A", "example.org @ AAAA", "example.org www CNAME", "example.org @ MX",
        "example.org mail A", "example.org @ TXT"]
    # The real run makes exactly what check mode showed; the next run changes nothing.
    done = run_playbook(os.path.join(REPO_ROOT, "playbooks", "dns_zone.yml"), diff=True)
    assert done.rc == 0, done
    done_applied = [res for name, res in done.results if name.endswith("Apply the records of the zone")][-1]
    assert done_applied["changes"] == applied["changes"]
    assert done.task("Show what changed")["msg"] == msg
    again = run_playbook(os.path.join(REPO_ROOT, "playbooks", "dns_zone.yml"))
    assert again.task("Show what changed")["msg"] == "example.org: 0 created, 0 updated, 0 deleted"


ROLE_ONLY = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.net
        dns_zone_records:
          - {record: "@", type: A, value: 203.0.113.40}
          - {record: www, type: CNAME, value: example.net}
"""


def test_a_dns_zone_role_run_that_changes_nothing_costs_three_reads(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(ROLE_ONLY)
    assert run.rc == 0, run
    assert [(e["method"], e["path"]) for e in sim.requests(mark)] == [
        ("GET", "/service"), ("GET", "/dns"), ("GET", "/service/1003/dns/3002")]
    assert run.task("xtom.console.dns_zone : Keep the result for later tasks")["ansible_facts"]["dns_zone_result"]["summary"] == {
        "create": 0, "update": 0, "delete": 0}
