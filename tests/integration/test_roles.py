"""The roles' safety rails, through ansible-playbook against the simulator.

The Molecule scenarios (``tests/ci.sh molecule``) cover converge, idempotence and verify; these
cover what they do not: check mode sends no write, the reinstall guard, and refused input.
"""

SERVER_CHECK = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: KVM VPS Starter
        server_hostname: web9.example.com
        server_cycle: m
        server_options: {Operating System: Debian 12, Location: Tokyo}
        server_dns_zone: example.com
        server_reinstall_profile: Debian 12
"""

SERVER_EXISTING = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: KVM VPS Starter
        server_hostname: web1.example.com
        server_options: {Operating System: Debian 12, Location: Tokyo}
        server_dns_zone: example.com
        server_reinstall_profile: Debian 12
        server_reinstall_marker_dir: "{{ marker_dir }}"
        server_reinstall_wait_interval: 1
  post_tasks:
    - name: result
      ansible.builtin.debug:
        var: server_result
"""

DNS_ZONE_EMPTY = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.com
"""

DNS_ZONE = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.com
        dns_zone_records:
          - {record: "@", type: A, value: 203.0.113.10}
          - {record: www, type: A, value: 203.0.113.11}
"""


def _task(run, suffix):
    found = [res for name, res in run.results if name.endswith(suffix)]
    assert found, "no task ending with %r in %s" % (suffix, [name for name, _res in run.results])
    return found[-1]


def test_server_role_check_mode_shows_the_quote_and_writes_nothing(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(SERVER_CHECK, check=True)
    assert run.rc == 0, run
    assert "Would order KVM VPS Starter for web9.example.com: 12.09 now, then 9.99 Monthly." in _task(run, ": Show the quote")["msg"]
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/quote")]
    assert _task(run, ": Reinstall the operating system (destroys the server's data)").get("skipped")


def test_server_role_never_reinstalls_an_existing_server_without_the_guard(sim, run_playbook, tmp_path):
    marker_dir = str(tmp_path / "markers")
    mark = sim.mark()
    run = run_playbook(SERVER_EXISTING, extra_vars={"marker_dir": marker_dir})
    assert run.rc == 0, run
    assert "set server_reinstall_confirm=web1.example.com" in _task(run, ": Say why the server is not reinstalled")["msg"]
    paths = [e["path"] for e in sim.writes(mark)]
    assert not [p for p in paths if p.endswith("/reinstall") or p.startswith("/order")], paths
    result = run.task("result")["server_result"]
    assert result["id"] == 1001 and result["ordered"] is False and result["reinstalled"] is False
    # web1 had a PTR for its IPv4 only, and no record in example.com: both are set now.
    assert sim.db["services"][1001]["rdns"]["2001:db8:10::10"] == "web1.example.com"

    # With the guard given for this run, it reinstalls once; the marker stops the next run.
    run = run_playbook(SERVER_EXISTING, extra_vars={"marker_dir": marker_dir, "server_reinstall_confirm": "web1.example.com"})
    assert run.rc == 0, run
    assert run.task("result")["server_result"]["reinstalled"] is True
    mark = sim.mark()
    run = run_playbook(SERVER_EXISTING, extra_vars={"marker_dir": marker_dir, "server_reinstall_confirm": "web1.example.com"})
    assert run.rc == 0, run
    assert "it was reinstalled before" in _task(run, ": Say why the server is not reinstalled")["msg"]
    assert sim.writes(mark) == []
    assert len(sim.db["services"][1001]["_reinstalls"]) == 1


def test_dns_zone_role_refuses_to_empty_a_zone(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(DNS_ZONE_EMPTY)
    assert run.rc != 0
    assert "would remove every record of example.com" in _task(run, ": Refuse to empty the zone by accident")["msg"]
    assert sim.requests(mark) == []


def test_dns_zone_role_check_mode_and_diff_then_apply(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(DNS_ZONE, check=True, diff=True)
    assert run.rc == 0, run
    assert sim.writes(mark) == []
    applied = _task(run, ": Apply the records of the zone")
    assert applied["changed"] is True
    headers = {d["before_header"]: d for d in applied["diff"]}
    assert "example.com www A" in headers and "example.com mail A" in headers, headers
    assert headers["example.com mail A"]["after"] == {}
    run = run_playbook(DNS_ZONE)
    assert run.rc == 0, run
    zone = next(z for z in sim.db["dns_zones"].values() if z["name"] == "example.com")
    left = sorted((r["name"], r["type"]) for r in zone["records"] if r["type"] not in ("SOA", "NS"))
    assert left == [("@", "A"), ("www", "A")]
