"""The DNS module_utils against the simulator: request budgets, index shifting, zone creation."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import dns
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.dns_plan import group_sets, set_view
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import create_zone, list_zones, pick_dns_service


def resolve(client, **kw):
    return dns.resolve_target(client, dns.target_params(kw))


def views(records):
    return dict((key, set_view(recs)) for key, recs in group_sets(records).items())


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
    target = resolve(client, zone="example.com")
    res = dns.sync(target, SEEDED, check_mode=False)
    assert res["ops"] == []
    assert sim.counts(mark) == {"GET": 2}
    assert [e["path"] for e in sim.requests(mark)] == ["/dns", "/service/1003/dns/3001"]


def test_zone_id_and_numeric_service_cost_one_get(sim, client):
    mark = sim.mark()
    target = resolve(client, zone_id=3001, service="1003")
    res = dns.sync(target, SEEDED, check_mode=False)
    assert res["ops"] == [] and target.name == "example.com"
    assert sim.counts(mark) == {"GET": 1}


def test_k_changes_cost_reads_plus_k_writes(sim, client):
    wanted = [entry("www", "A", ["203.0.113.99"]),            # value change: PUT
              entry("api", "AAAA", ["2001:db8::99"], ttl=300),  # new: POST
              entry("blog", "CNAME", None, state="absent")]     # DELETE
    mark = sim.mark()
    target = resolve(client, zone="example.com")
    res = dns.sync(target, wanted, check_mode=False)
    # Three changes, two writes: the blog CNAME to remove is turned into the new api AAAA in place.
    assert sim.counts(mark) == {"GET": 2, "PUT": 2}
    rows = zone_rows(sim)
    assert ("www", "A", "203.0.113.99", 3600) in rows
    assert ("api", "AAAA", "2001:db8::99", 300) in rows
    assert not [r for r in rows if r[0] == "blog"]
    # The plan's "after" is what the server now holds.
    again = dns.sync(target, wanted, check_mode=False)
    assert again["ops"] == []
    assert views(res["after"]) == views(again["current"])


def test_check_mode_sends_no_write(sim, client):
    mark = sim.mark()
    target = resolve(client, zone="example.com")
    res = dns.sync(target, [entry("www", "A", ["203.0.113.99"])], check_mode=True)
    assert len(res["ops"]) == 1
    assert sim.writes(mark) == []


def test_fqdn_record_with_zone_id_is_placed_after_the_read(sim, client):
    target = resolve(client, zone_id=3001)
    res = dns.sync(target, [entry("WWW.example.com.", "A", ["203.0.113.10"])], check_mode=True,
                   single=True)
    assert res["ops"] == [] and res["specs"][0]["record"] == "www"
    with pytest.raises(XtomValidationError, match="not inside the zone example.com"):
        dns.sync(target, [entry("www.example.org.", "A", ["203.0.113.10"])], check_mode=True, single=True)


def test_unknown_zone_and_mismatched_service(sim, client):
    with pytest.raises(XtomValidationError, match="zone=example.co: is not a DNS zone.*did you mean example.com"):
        resolve(client, zone="example.co")
    with pytest.raises(XtomValidationError, match="zone_id=99: is not a DNS zone"):
        resolve(client, zone_id=99)
    with pytest.raises(XtomValidationError, match="belongs to service 1003, not to service=1001"):
        resolve(client, zone="example.com", service="1001")
    with pytest.raises(XtomValidationError, match="zone_id=99: is not a DNS zone of service 1003"):
        resolve(client, zone_id=99, service="1003").read()


def test_registrar_deletes_from_highest_index(sim, client):
    """Prune two of four records: deleting index 2 first would shift index 4 to 3 and delete the wrong one."""
    mark = sim.mark()
    target = resolve(client, domain="example.com")
    res = dns.sync(target, [entry("@", "A", ["203.0.113.10"]), entry("@", "TXT", ["v=spf1 mx -all"])],
                   check_mode=False, prune=True)
    deletes = [e["path"] for e in sim.requests(mark, "DELETE")]
    assert deletes == ["/domain/2001/dns/3", "/domain/2001/dns/2"]
    assert [(r["name"], r["type"]) for r in sim.db["domain_dns"][2001]] == [("@", "A"), ("@", "TXT")]
    assert [(r["id"], r["record"]) for r in res["after"]] == [(1, "@"), (2, "@")]
    # find the domain, read, then before each DELETE by index: read again and check the record there
    assert sim.counts(mark) == {"GET": 4, "DELETE": 2}


def test_registrar_types_read_only_for_a_new_type(sim, client):
    target = resolve(client, domain_id=2002)
    mark = sim.mark()
    dns.sync(target, [entry("www", "CNAME", ["example.net"])], check_mode=True)
    assert sim.counts(mark) == {"GET": 1}
    mark = sim.mark()
    res = dns.sync(target, [entry("go", "URL", ["https://example.net/"])], check_mode=False)
    assert [e["path"] for e in sim.requests(mark)] == ["/domain/2002/dns", "/domain/2002/dns/types", "/domain/2002/dns"]
    assert sim.requests(mark)[-1]["method"] == "POST"
    assert res["ops"][0]["action"] == "create"
    sim.db["domain_dns"][2002].clear()
    with pytest.raises(XtomValidationError, match="type=NS is not supported by the DNS of domain example.net"):
        dns.sync(target, [entry("sub", "NS", ["ns1.example.net"])], check_mode=False)


def test_cname_beside_existing_a_is_refused_before_any_write(sim, client):
    target = resolve(client, zone="example.com")
    mark = sim.mark()
    with pytest.raises(XtomValidationError, match="record=www would have a CNAME beside A, AAAA records"):
        dns.sync(target, [entry("www", "CNAME", ["web.example.net"])], check_mode=False)
    assert sim.writes(mark) == []


def test_create_zone_finds_the_new_id_and_survives_a_gateway_error_after_the_post(sim, client):
    zone = create_zone(client, 1003, "example.org")
    assert zone["name"] == "example.org" and zone["id"] in sim.db["dns_zones"]
    sim.fault(status=502, method="POST", path="^/service/1003/dns$", after=True)
    mark = sim.mark()
    zone = create_zone(client, 1003, "example.info")
    assert zone["id"] in sim.db["dns_zones"]
    assert [e["method"] for e in sim.requests(mark)] == ["POST", "GET"]
    sim.fault(status=502, method="POST", path="^/service/1003/dns$")
    with pytest.raises(XtomApiError) as err:
        create_zone(client, 1003, "example.biz")
    assert err.value.uncertain


def test_pick_dns_service(sim, client):
    listing = list_zones(client)
    assert pick_dns_service(client, listing) == 1003
    assert pick_dns_service(client, listing, "dns") == 1003
    second = dict(sim.db["services"][1003], id="1010", domain="dns2.example.com", label="dns2")
    sim.db["services"][1010] = second
    listing = list_zones(client)
    with pytest.raises(XtomValidationError, match=r"2 DNS hosting services; set service to one of: dns.example.com \(id 1003.*dns2.example.com \(id 1010"):
        pick_dns_service(client, listing)


# ------------------------------------------------------------------ issue 12: fail closed, races
@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_read_compare_and_write_in_both_answer_shapes(sim, client):
    target = resolve(client, zone="example.com")
    assert dns.sync(target, SEEDED, check_mode=False)["ops"] == []
    wanted = [entry("www", "A", ["203.0.113.99"]), entry("blog", "CNAME", None, state="absent")]
    res = dns.sync(target, wanted, check_mode=False)
    assert [op["action"] for op in res["ops"]] == ["delete", "update"]
    assert dns.sync(resolve(client, zone_id=3001, service="1003"), wanted, check_mode=False)["ops"] == []


def test_two_runs_deleting_registrar_records_at_once_never_delete_a_third(sim, client):
    """Run A deletes www (index 2), run B the MX (index 3), both planned before either applies."""
    run_a = dns.plan(resolve(client, domain="example.com"), [entry("www", "A", None, state="absent")])
    run_b = dns.plan(resolve(client, domain="example.com"), [entry("@", "MX", None, state="absent")])
    run_a["changes"].apply(False)
    mark = sim.mark()
    with pytest.raises(XtomApiError, match="DELETE /domain/2001/dns/3 refused: the record at index 3 is no longer "
                                           "example.com @ MX 10 mail.example.com"):
        run_b["changes"].apply(False)
    assert sim.writes(mark) == []
    assert [(r["name"], r["type"]) for r in sim.db["domain_dns"][2001]] == [("@", "A"), ("@", "MX"), ("@", "TXT")]


def test_a_record_inserted_before_the_index_between_plan_and_apply_is_not_hit(sim, client):
    wanted = [entry("www", "A", ["203.0.113.50"]), entry("@", "TXT", None, state="absent")]
    planned = dns.plan(resolve(client, domain="example.com"), wanted)
    with sim.sim.lock:
        sim.db["domain_dns"][2001].insert(0, {"name": "new", "type": "A", "priority": 0, "content": "203.0.113.9"})
    before = [dict(r) for r in sim.db["domain_dns"][2001]]
    mark = sim.mark()
    with pytest.raises(XtomApiError, match="PUT /domain/2001/dns/2 refused"):
        planned["changes"].apply(False)
    assert sim.writes(mark) == [] and sim.db["domain_dns"][2001] == before


@pytest.mark.parametrize("rows, text", [
    ([{"id": 1, "name": "@", "type": "A", "priority": 0, "content": "203.0.113.10"},
      {"id": "1", "name": "www", "type": "A", "priority": 0, "content": "203.0.113.10"}], "indexes are not unique"),
    ([{"name": "@", "type": "A", "priority": 0, "content": "203.0.113.10"}], "unique index"),
    ([{"id": "x", "name": "@", "type": "A", "priority": 0, "content": "203.0.113.10"}], "unique index"),
])
def test_registrar_indexes_missing_or_not_unique_are_refused(rows, text):
    from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError
    from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend

    backend = RegistrarBackend(None, {"id": None, "name": "example.com", "service_id": None, "domain_id": 2001})
    with pytest.raises(XtomAnswerError, match=text):
        backend._parse({"records": rows})
    # a dict of rows keyed by index is understood
    assert [r["id"] for r in backend._parse({"records": {"1": dict(rows[0], id=None)}})] == [1]


def test_a_zone_record_delete_whose_retry_or_twin_gets_404_is_done(sim, client):
    target = resolve(client, zone="example.com")
    sim.fault(status=502, method="DELETE", path="^/service/1003/dns/3001/records/", after=True)
    res = dns.sync(target, [entry("blog", "CNAME", None, state="absent")], check_mode=False)
    assert [op["action"] for op in res["ops"]] == ["delete"]
    assert not [r for r in sim.db["dns_zones"][3001]["records"] if r["name"] == "blog"]
    # A racing twin deleted it between this run's read and its DELETE.
    planned = dns.plan(target, [entry("_dmarc", "TXT", None, state="absent")])
    with sim.sim.lock:
        sim.db["dns_zones"][3001]["records"] = [r for r in sim.db["dns_zones"][3001]["records"] if r["name"] != "_dmarc"]
    planned["changes"].apply(False)


@pytest.mark.parametrize("path, route", [
    ("^/dns$", "GET /dns"),
    ("^/service/1003/dns/3001$", "GET /service/1003/dns/3001"),
])
def test_unrecognised_zone_answers_are_refused_naming_the_route(sim, client, path, route):
    sim.reshape("wrap", path)
    mark = sim.mark()
    with pytest.raises(XtomApiError, match="%s: unexpected answer" % route):
        dns.sync(resolve(client, zone="example.com"), [entry("www", "A", ["203.0.113.99"])], check_mode=False)
    assert sim.writes(mark) == []
