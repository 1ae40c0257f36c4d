"""module_utils/dns.py against the simulator: request budgets, index shifting, zone creation."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import dns
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError


def entry(record, rtype, value, **kw):
    out = {"record": record, "type": rtype, "value": value, "ttl": None, "priority": None, "state": "present",
           "on_existing": "replace"}
    out.update(kw)
    return out


def zone_rows(sim, zid=3001):
    return [(r["name"], r["type"], r["content"], r["ttl"]) for r in sim.db["dns_zones"][zid]["records"]]


SEEDED = [entry("www", "A", ["203.0.113.10"]), entry("@", "MX", ["10 mail.example.com"]),
          entry("@", "TXT", ["v=spf1 mx -all"]), entry("blog", "CNAME", ["www.example.com."])]


def test_noop_costs_two_gets_and_no_write(sim, client):
    mark = sim.mark()
    target = dns.resolve_target(client, zone="example.com")
    res = dns.sync(client, target, SEEDED, check_mode=False)
    assert res["ops"] == []
    assert sim.counts(mark) == {"GET": 2}
    assert [e["path"] for e in sim.requests(mark)] == ["/dns", "/service/1003/dns/3001"]


def test_zone_id_and_numeric_service_cost_one_get(sim, client):
    mark = sim.mark()
    target = dns.resolve_target(client, zone_id=3001, service="1003")
    res = dns.sync(client, target, SEEDED, check_mode=False)
    assert res["ops"] == [] and res["zone"] == "example.com"
    assert sim.counts(mark) == {"GET": 1}


def test_k_changes_cost_reads_plus_k_writes(sim, client):
    wanted = [entry("www", "A", ["203.0.113.99"]),            # value change: PUT
              entry("api", "AAAA", ["2001:db8::99"], ttl=300),  # new: POST
              entry("blog", "CNAME", None, state="absent")]     # DELETE
    mark = sim.mark()
    target = dns.resolve_target(client, zone="example.com")
    res = dns.sync(client, target, wanted, check_mode=False)
    # Three changes, two writes: the blog CNAME to remove is turned into the new api AAAA in place.
    assert sim.counts(mark) == {"GET": 2, "PUT": 2}
    rows = zone_rows(sim)
    assert ("www", "A", "203.0.113.99", 3600) in rows
    assert ("api", "AAAA", "2001:db8::99", 300) in rows
    assert not [r for r in rows if r[0] == "blog"]
    # The plan's "after" is what the server now holds.
    again = dns.sync(client, target, wanted, check_mode=False)
    assert again["ops"] == []
    assert dns.sets_view(res["after"], again["current"], res["keys"]) == ({}, {})


def test_check_mode_sends_no_write(sim, client):
    mark = sim.mark()
    target = dns.resolve_target(client, zone="example.com")
    res = dns.sync(client, target, [entry("www", "A", ["203.0.113.99"])], check_mode=True)
    assert len(res["ops"]) == 1
    assert sim.writes(mark) == []


def test_fqdn_record_with_zone_id_is_placed_after_the_read(sim, client):
    target = dns.resolve_target(client, zone_id=3001)
    res = dns.sync(client, target, [entry("WWW.example.com.", "A", ["203.0.113.10"])], check_mode=True,
                   single=True)
    assert res["ops"] == [] and res["specs"][0]["record"] == "www"
    with pytest.raises(XtomValidationError, match="not inside the zone example.com"):
        dns.sync(client, target, [entry("www.example.org.", "A", ["203.0.113.10"])], check_mode=True, single=True)


def test_unknown_zone_and_mismatched_service(sim, client):
    with pytest.raises(XtomValidationError, match="zone=example.co is not a DNS zone.*did you mean example.com"):
        dns.resolve_target(client, zone="example.co")
    with pytest.raises(XtomValidationError, match="zone_id=99 is not a DNS zone"):
        dns.resolve_target(client, zone_id=99)
    with pytest.raises(XtomValidationError, match="belongs to service 1003, not to service=1001"):
        dns.resolve_target(client, zone="example.com", service="1001")
    with pytest.raises(XtomValidationError, match="zone_id=99 is not a DNS zone of service 1003"):
        dns.read_records(client, dns.resolve_target(client, zone_id=99, service="1003"))


def test_registrar_deletes_from_highest_index(sim, client):
    """Prune two of four records: deleting index 2 first would shift index 4 to 3 and delete the wrong one."""
    mark = sim.mark()
    target = dns.resolve_target(client, domain="example.com")
    res = dns.sync(client, target, [entry("@", "A", ["203.0.113.10"]), entry("@", "TXT", ["v=spf1 mx -all"])],
                   check_mode=False, prune=True)
    deletes = [e["path"] for e in sim.requests(mark, "DELETE")]
    assert deletes == ["/domain/2001/dns/3", "/domain/2001/dns/2"]
    assert [(r["name"], r["type"]) for r in sim.db["domain_dns"][2001]] == [("@", "A"), ("@", "TXT")]
    assert [(r["id"], r["record"]) for r in res["after"]] == [(1, "@"), (2, "@")]
    assert sim.counts(mark) == {"GET": 2, "DELETE": 2}


def test_registrar_types_read_only_for_a_new_type(sim, client):
    target = dns.resolve_target(client, domain_id=2002)
    mark = sim.mark()
    dns.sync(client, target, [entry("www", "CNAME", ["example.net"])], check_mode=True)
    assert sim.counts(mark) == {"GET": 1}
    mark = sim.mark()
    res = dns.sync(client, target, [entry("go", "URL", ["https://example.net/"])], check_mode=False)
    assert [e["path"] for e in sim.requests(mark)] == ["/domain/2002/dns", "/domain/2002/dns/types", "/domain/2002/dns"]
    assert res["ops"][0]["action"] == "create"
    sim.db["domain_dns"][2002].clear()
    with pytest.raises(XtomValidationError, match="type=NS is not supported by the DNS of domain example.net"):
        dns.sync(client, target, [entry("sub", "NS", ["ns1.example.net"])], check_mode=False)


def test_cname_beside_existing_a_is_refused_before_any_write(sim, client):
    target = dns.resolve_target(client, zone="example.com")
    mark = sim.mark()
    with pytest.raises(XtomValidationError, match="record=www would have a CNAME beside A, AAAA records"):
        dns.sync(client, target, [entry("www", "CNAME", ["web.example.net"])], check_mode=False)
    assert sim.writes(mark) == []


def test_create_zone_finds_the_new_id_and_survives_a_gateway_error_after_the_post(sim, client):
    zone = dns.create_zone(client, 1003, "example.org")
    assert zone["name"] == "example.org" and zone["id"] in sim.db["dns_zones"]
    sim.fault(status=502, method="POST", path="^/service/1003/dns$", after=True)
    mark = sim.mark()
    zone = dns.create_zone(client, 1003, "example.info")
    assert zone["id"] in sim.db["dns_zones"]
    assert [e["method"] for e in sim.requests(mark)] == ["POST", "GET"]
    sim.fault(status=502, method="POST", path="^/service/1003/dns$")
    with pytest.raises(XtomApiError) as err:
        dns.create_zone(client, 1003, "example.biz")
    assert err.value.uncertain


def test_pick_dns_service(sim, client):
    listing = dns.list_zones(client)
    assert dns.pick_dns_service(client, listing) == 1003
    assert dns.pick_dns_service(client, listing, "dns") == 1003
    second = dict(sim.db["services"][1003], id="1010", domain="dns2.example.com", label="dns2")
    sim.db["services"][1010] = second
    listing = dns.list_zones(client)
    with pytest.raises(XtomValidationError, match=r"2 DNS hosting services; set service to one of: dns.example.com \(id 1003.*dns2.example.com \(id 1010"):
        dns.pick_dns_service(client, listing)
