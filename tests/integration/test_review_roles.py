"""Review of the server role against the simulator: plausible answers the role did not handle."""

ROLE = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: KVM VPS Starter
        server_hostname: {hostname}
        server_cycle: m
        server_options: {{Operating System: Debian 12, Location: Tokyo}}
        server_dns_zone: example.com
        server_rdns: {rdns}
        server_inventory_hostname: target
{extra}
  post_tasks:
    - name: where
      ansible.builtin.debug:
        msg: "{{{{ hostvars['target'].ansible_host }}}}"
"""


def _records(sim, name, rtype):
    zone = next(z for z in sim.db["dns_zones"].values() if z["name"] == "example.com")
    return [r["content"] for r in zone["records"] if r["type"] == rtype and r["name"] in (name, name + ".example.com")]


def test_server_role_with_a_routed_ipv6_subnet(sim, run_playbook):
    """GET /service/@id/ip may list a routed subnet (services.parse_ip_list keeps it, as 2001:db8:10::/64).
    The role used to fail ('records=2001:db8:10::/64: is not an IPv4 or IPv6 address', blamed on the
    server_dns_records variable) or would connect to the subnet. Now: no PTR, no AAAA record and no
    ansible_host from a subnet, and an AAAA record that exists is left alone (it is not removed either)."""
    sim.db["services"][1001]["domain"] = "www.example.com"
    sim.db["services"][1001]["ipv6"] = ["2001:db8:10::/64"]
    # The simulator lists the subnet in GET /service/@id/rdns too, which the rdns module refuses (fail
    # closed), so the rDNS step runs without it (the same filter as the DNS records).
    run = run_playbook(ROLE.format(hostname="www.example.com", rdns="false", extra=""))
    assert run.rc == 0, [res.get("msg") for _n, res in run.results if res.get("failed")]
    assert not any("/64" in str(e.get("body")) for e in sim.writes())
    assert run.task("where")["msg"] == "203.0.113.10"
    assert _records(sim, "www", "AAAA") == ["2001:db8:10::10"]
    assert _records(sim, "www", "A") == ["203.0.113.10"]


def test_rdns_error_is_not_blamed_on_server_dns_records(sim, run_playbook):
    """The rescue renamed the rdns module's ``records=`` to ``server_dns_records=``, a variable the user
    did not set for that task."""
    run = run_playbook(ROLE.format(hostname="web1.example.com", rdns="true",
                                   extra="        server_rdns_hostname: 'not a host!'"))
    assert run.rc != 0
    msg = [res for _n, res in run.results if res.get("failed")][-1]["msg"]
    assert 'task "Set the reverse DNS of every address"' in msg, msg
    assert "server_dns_records" not in msg and "records[203.0.113.10]='not a host!'" in msg, msg
    assert sim.writes() == []


def test_role_error_message_has_no_control_character(sim, run_playbook):
    """The rescue's regex_replace used the Jinja literal '\\1', which is the character U+0001, not a back
    reference: the message read '...records)": \\x01server_dns_records[0]...'."""
    run = run_playbook(ROLE.format(hostname="web1.example.com", rdns="false",
                                   extra="        server_dns_records: [{record: www9, type: CNAME, value: 'not a name!'}]"))
    msg = [res for _n, res in run.results if res.get("failed")][-1]["msg"]
    assert '(and the extra records)": server_dns_records[0].value[0]=' in msg, repr(msg)
    assert not any(ord(c) < 32 for c in msg), repr(msg)


def test_inventory_left_empty_by_refused_address_reads_warns(sim, tmp_path):
    """GET /service/@id/ip refused (400) for every service: each is left out as 'not a server', and the
    inventory was empty with rc 0 and no word at the default verbosity."""
    from test_inventory_services import run_inventory

    sim.fault(status=400, path=r"^/service/\d+/ip$", count=5)
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n")
    assert inv.rc == 0 and set(inv.hostvars) == set(), inv
    assert "services have no IP address and are not hosts" in " ".join(inv.err.split()), inv
    sim.fault(status=400, path=r"^/service/1003/ip$", count=10)  # one non-server: no warning
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n")
    assert inv.rc == 0 and "no IP address" not in " ".join(inv.err.split()), inv


def test_reinstall_whose_wait_failed_is_not_sent_again(sim, run_playbook, tmp_path):
    """The role reinstalls 'at most once per server (a marker file remembers it)', but the marker was written
    only after a successful task: when the wait after the reinstall timed out ('the reinstall was sent ... do
    NOT run it again'), the same command run again reinstalled the server a second time."""
    marker = tmp_path / "reinstalled"
    extra = "\n".join("        %s: %s" % kv for kv in (
        ("server_reinstall_profile", "Debian 12"), ("server_reinstall_confirm", "web1.example.com"),
        ("server_reinstall_marker_dir", str(marker)), ("server_reinstall_wait_interval", 1), ("server_wait_timeout", 1)))
    play = ROLE.format(hostname="web1.example.com", rdns="false", extra=extra).replace("server_dns_zone: example.com",
                                                                                       "server_dns_zone: ''")
    first = run_playbook(play)
    assert first.rc != 0 and "did not reach power running" in [r for _n, r in first.results if r.get("failed")][0]["msg"]
    assert (marker / "1001").exists()
    second = run_playbook(play)
    assert second.rc == 0, [r.get("msg") for _n, r in second.results if r.get("failed")]
    assert [e["path"] for e in sim.writes() if e["path"].endswith("/reinstall")] == ["/service/1001/reinstall"]
