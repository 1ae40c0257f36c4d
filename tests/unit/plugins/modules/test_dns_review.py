"""Regression tests from the review of the DNS and domains areas (each failed before its fix)."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import dns, dns_names, domains
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import ZoneBackend, find_zone, parse_zone_list
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

from test_dns_modules import run_module


class FakeClient:
    """Answers GETs from a dict of path -> body; records the paths asked for."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    @staticmethod
    def path(template, *parts):
        return template % parts

    def get(self, path, params=None):
        self.calls.append(path)
        return self.answers[path]


def test_registrar_dns_delete_is_not_retried_after_a_gateway_error(client, sim):
    """DELETE /domain/@id/dns/@index is not idempotent: a retry would delete the record that moved into the index."""
    before = [dict(r) for r in sim.db["domain_dns"][2001]]
    sim.fault(status=502, method="DELETE", path="^/domain/2001/dns/", after=True)
    target = RegistrarBackend(client, {"id": None, "name": "example.com", "service_id": None, "domain_id": 2001})
    current = target.read()
    with pytest.raises(XtomApiError) as err:
        dns.changeset(target, [{"action": "delete", "old": current[1], "new": None}]).apply(False)
    assert err.value.uncertain
    assert sim.db["domain_dns"][2001] == before[:1] + before[2:]  # only www A is gone; the MX that moved up stays


def test_resolve_domain_by_name_accepts_a_single_details_object():
    body = {"details": {"id": "47", "name": "example.org", "status": "Active"}}
    fake = FakeClient({"/domain/name/example.org": body})
    assert domains.resolve_domain(fake, name="example.org")["id"] == 47
    assert fake.calls == ["/domain/name/example.org"]


def test_idn_host_values_compare_in_punycode():
    assert dns_names.parse_value("CNAME", "Bücher.example.com.")[0] == "xn--bcher-kva.example.com"
    assert dns_names.parse_value("MX", "10 bücher.example.com")[1] == "xn--bcher-kva.example.com"
    with pytest.raises(XtomValidationError, match="value"):
        dns_names.parse_value("CNAME", "b\u00fccher..example")


def test_idn_zone_listed_in_unicode_is_found_by_either_spelling():
    listing = parse_zone_list({"zones": [{"domain_id": "7", "name": "Bücher.de.", "service_id": "3"}], "service_ids": [3]})
    assert find_zone(listing, dns_names.normalize_zone_name("bücher.de"))["id"] == 7
    assert find_zone(listing, dns_names.normalize_zone_name("xn--bcher-kva.de"))["id"] == 7


def test_zone_create_with_a_service_label_resolves_it_once(sim):
    mark = sim.mark()
    result = run_module(sim, "dns_zone", zone="example.org", service="dns")
    assert result["changed"] and result["zone"]["service_id"] == 1003, result
    service_list_reads = [r for r in sim.requests(mark, "GET") if r["path"] == "/service"]
    assert len(service_list_reads) == 1, sim.requests(mark, "GET")


def test_paired_updates_never_put_a_cname_beside_another_type_mid_run(client, sim):
    """blog CNAME -> www CNAME must wait for www A -> @ MX, or the API refuses the first PUT."""
    from simulator.routes.dns import add_zone

    with sim.sim.lock:
        zid = add_zone(sim.db, "example.org", 1003, [("blog", "CNAME", "x.example.org"), ("www", "A", "203.0.113.1")])
    target = ZoneBackend(client, {"id": zid, "service_id": 1003, "name": "example.org", "domain_id": None})
    entries = [{"record": "www", "type": "CNAME", "value": ["y.example.org"]},
               {"record": "@", "type": "MX", "value": ["10 mail.example.org"]}]
    res = dns.sync(target, entries, check_mode=False, prune=True)
    assert [op["action"] for op in res["ops"]] == ["update", "update"]
    rows = sorted((r["name"], r["type"], r["content"]) for r in sim.db["dns_zones"][zid]["records"] if r["type"] != "NS")
    assert rows == [("@", "MX", "mail.example.org"), ("@", "SOA", rows[1][2]), ("www", "CNAME", "y.example.org")]
