"""Review of the services area: regression tests (modules run in-process against the simulator)."""

import pytest

from test_review_orders import run_module

BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)


@BOTH
def test_service_wait_returns_the_service_as_service_info_lists_it(sim):
    """GET /service/@id has no category: service_wait returned category "" and category_url "" for a
    service that has both (a returned ``service`` has the shape and values of service_info's rows)."""
    waited = run_module(sim, "service_wait", service="web1.example.com", wait_timeout=5, wait_interval=1)
    listed = run_module(sim, "service_info", service="web1.example.com")
    assert waited.get("failed") is not True, waited
    row = dict((k, listed["services"][0][k]) for k in waited["service"])
    assert waited["service"] == row
    assert waited["service"]["category"] == "Virtual Servers" and waited["service"]["label"] == "web1"


def test_rdns_of_a_server_with_a_routed_subnet(sim):
    from ansible_collections.xtom.console.plugins.module_utils.services import parse_rdns

    assert parse_rdns({"rdns": [{"ip": "203.0.113.10", "hostname": "web1.example.com"},
                                {"ip": "2001:db8:10::/64", "hostname": ""}]}) == {"203.0.113.10": "web1.example.com"}
    assert parse_rdns({"203.0.113.10": "web1.example.com", "2001:db8:10::/64": None}) == {"203.0.113.10": "web1.example.com"}
    sim.db["services"][1001]["ipv6"] = ["2001:db8:10::/64"]
    res = run_module(sim, "rdns", service="1001", ip="203.0.113.10", hostname="www.example.com")
    assert res.get("failed") is not True, res
    assert res["changed"] is True and sim.db["services"][1001]["rdns"]["203.0.113.10"] == "www.example.com"


def test_an_upgrade_waiting_for_its_invoice_is_not_requested_twice(sim):
    sim.db["services"][1001]["_upgrade_invoiced"] = True
    args = dict(service="1001", resources={"Bandwidth": "500 GB"})
    first = run_module(sim, "service_upgrade", **args)
    assert first["changed"] is True, first
    posts = [e for e in sim.requests(method="POST") if e["path"] == "/service/1001/upgrade"]
    assert len(posts) == 1
    unpaid = [i for i in sim.db["invoices"].values() if i["status"] == "Unpaid" and i["items"][0]["type"] == "Upgrade"]
    assert len(unpaid) == 1
    mark = sim.mark()
    again = run_module(sim, "service_upgrade", **args)
    assert again["failed"] is True and "unpaid upgrade invoice %s" % unpaid[0]["id"] in again["msg"], again
    assert sim.writes(mark) == []
    checked = run_module(sim, "service_upgrade", _ansible_check_mode=True, **args)
    assert checked["failed"] is True and sim.writes(mark) == []
