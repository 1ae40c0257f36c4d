"""Unit tests of the xtom.console.services inventory plugin (in process, against the simulator)."""

import time

import pytest
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.template import trust_as_template

from ansible_collections.xtom.console.plugins.inventory import services as plugin_module
from ansible_collections.xtom.console.plugins.inventory.services import (
    HOSTVAR_KEYS,
    InventoryModule,
    read_service,
    service_record,
    _main_value,
)
from ansible_collections.xtom.console.plugins.module_utils.services import list_services

DEFAULTS = {
    "api_token": None, "auth_mode": "basic", "validate_certs": True, "timeout": 30, "max_workers": 16,
    "status": ["Active"], "categories": [], "products": [], "filters": [], "hostname": None,
    "hostnames": ["label", "domain", "id"], "connect_with": "ipv4", "hostvars_prefix": "xtom_", "group": "xtom",
    "strict": False, "compose": {}, "groups": {}, "keyed_groups": [], "leading_separator": True,
    "use_extra_vars": False, "cache": False,
}


def make_plugin(sim, **options):
    """A plugin instance with options set directly (what _read_config_data would do)."""
    plugin = InventoryModule()
    opts = dict(DEFAULTS, api_url=sim.api_url, api_username=sim.username, api_password=sim.password)
    opts.update(options)
    plugin._options = opts
    plugin.loader = DataLoader()
    plugin.inventory = InventoryData()
    plugin._vars = {}
    plugin.client = None
    return plugin


def hosts(plugin):
    return {name: host.vars for name, host in plugin.inventory.hosts.items()}


def rec(sid, label="", domain="", ipv4=(), ipv6=(), status="Active"):
    return dict(service_record({"id": sid, "label": label, "domain": domain, "status": status, "name": "P"}),
                ipv4=list(ipv4), ipv6=list(ipv6))


# ------------------------------------------------------------------ data shapes
def test_service_record_keeps_no_password_and_prefers_details():
    row = {"id": 7, "domain": "a.example.com", "name": "KVM VPS Starter", "status": "Active", "category": "VPS",
           "category_url": "vps", "label": ""}
    detail = {"id": 7, "label": "a", "name": "KVM VPS Starter", "category": "", "next_invoice": "2026-01-01",
              "password": "s3cret", "username": "admin"}
    out = service_record(row, detail, {"ipv4": ["192.0.2.1"], "ipv6": []})
    assert set(out) == set(HOSTVAR_KEYS)
    assert out["label"] == "a" and out["category"] == "VPS" and out["product"] == "KVM VPS Starter"
    assert out["next_invoice"] == "2026-01-01" and out["ipv4"] == ["192.0.2.1"]
    assert "s3cret" not in repr(out) and "admin" not in repr(out)


def test_read_service_against_the_simulator(sim, client):
    row = [r for r in list_services(client) if r["id"] == 1002][0]
    out = read_service(client, row)
    assert out["id"] == 1002 and out["label"] == "db1" and out["product"] == "Dedicated E3"
    assert out["category"] == "Dedicated" and out["billingcycle"] == "Annually"
    assert out["ipv4"] == ["203.0.113.20", "203.0.113.21"] and out["ipv6"] == ["2001:db8:20::1"]
    assert [e["path"] for e in sim.requests()] == ["/service", "/service/1002", "/service/1002/ip"]


def test_main_value_skips_subnets_and_empty_values():
    assert _main_value({"ipv6": ["2001:db8::/64", "2001:db8::1"]}, "ipv6") == "2001:db8::1"
    assert _main_value({"ipv4": []}, "ipv4") == ""
    assert _main_value({"label": None}, "label") == ""
    assert _main_value({"domain": " host.example.com "}, "domain") == "host.example.com"


# ------------------------------------------------------------------ hosts, names, filters
@pytest.mark.parametrize("connect_with, expected", [
    ("ipv4", ["192.0.2.1", "2001:db8::1", "only-domain.example.com", None]),
    ("ipv6", ["2001:db8::1", "2001:db8::1", "only-domain.example.com", None]),
    ("domain", ["full.example.com", "2001:db8::1", "only-domain.example.com", None]),
    ("label", ["full", "v6", "only-domain.example.com", None]),
])
def test_connect_with_falls_back(sim, connect_with, expected):
    plugin = make_plugin(sim, connect_with=connect_with)
    records = [
        rec(1, "full", "full.example.com", ["192.0.2.1"], ["2001:db8::1"]),
        rec(2, "v6", "", [], ["2001:db8::1"]),
        rec(3, "", "only-domain.example.com"),
        rec(4),
    ]
    assert [plugin._ansible_host(r) for r in records] == expected


def test_hostnames_preferences_and_unique_names(sim, monkeypatch):
    warnings = []
    monkeypatch.setattr(plugin_module.display, "warning", warnings.append)
    plugin = make_plugin(sim)
    plugin._populate([rec(1, "web"), rec(2, "web"), rec(3, "web-2"), rec(4, "", "db.example.com"), rec(5)])
    assert set(hosts(plugin)) == {"web", "web-2", "web-2-3", "db.example.com", "service-5"}
    assert hosts(plugin)["web-2-3"]["xtom_id"] == 3
    assert len(warnings) == 2 and "services 1 and 2 are both named 'web'" in warnings[0]
    assert set(plugin.inventory.groups["xtom"].hosts) == set(plugin.inventory.hosts.values())


def test_hostname_template_falls_back_when_empty(sim):
    plugin = make_plugin(sim, hostname=trust_as_template("{{ xtom_label | upper }}"), hostnames=["id"])
    plugin._populate([rec(1, "web"), rec(2, "")])
    assert set(hosts(plugin)) == {"WEB", "service-2"}


def test_filters_first_match_decides(sim):
    filters = [
        {"exclude": trust_as_template("xtom_label == 'b'")},
        {"include": trust_as_template("inventory_hostname is match('a|b|c')")},
        {"exclude": True},
    ]
    plugin = make_plugin(sim, filters=filters)
    plugin._populate([rec(1, "a"), rec(2, "b"), rec(3, "c"), rec(4, "d")])
    assert set(hosts(plugin)) == {"a", "c"}


@pytest.mark.parametrize("filters, message", [
    ([{"select": "true"}], "filters[0] must be a dict with one key, include or exclude"),
    ([{"include": "a", "exclude": "b"}], "filters[0] must be a dict with one key"),
    (["xtom_id == 1"], "filters[0] must be a dict"),
    ([{"include": True}, {"exclude": 3}], "filters[1].exclude must be a condition or a boolean, got 3"),
])
def test_bad_filters_are_rejected(sim, filters, message):
    plugin = make_plugin(sim, filters=filters)
    with pytest.raises(AnsibleParserError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plugin._populate([rec(1, "a")])


def test_failing_filter_condition_names_the_host(sim):
    plugin = make_plugin(sim, filters=[{"include": trust_as_template("undefined_thing.attr")}])
    with pytest.raises(AnsibleParserError, match=r"could not evaluate filters\[0\].include .* for host a"):
        plugin._populate([rec(1, "a")])


# ------------------------------------------------------------------ requests and concurrency
def test_status_category_product_filters_run_before_requests(sim):
    plugin = make_plugin(sim, status=["active", "cancelled"], categories=["VPS"], products=["kvm vps starter"])
    records, complete = plugin._fetch(plugin._connection())
    assert complete and sorted(r["id"] for r in records) == [1001, 1004, 1005]
    assert plugin.client.counts == {"GET": 1 + 2 * 3}


def test_requests_run_in_parallel_in_a_pool_sized_for_the_workers(sim):
    sim.sim.latency = 0.1
    plugin = make_plugin(sim)
    started = time.time()
    records, _complete = plugin._fetch(plugin._connection())
    parallel = time.time() - started
    assert len(records) == 5 and plugin.client.counts == {"GET": 11}
    adapter = plugin.client.session.get_adapter(sim.api_url)
    assert adapter._pool_maxsize == 16
    # 11 requests of 100 ms: one list, then 5 services x 2 requests side by side.
    assert parallel < 0.7, parallel

    plugin = make_plugin(sim, max_workers=1)
    started = time.time()
    plugin._fetch(plugin._connection())
    assert time.time() - started >= 1.1


def test_jwt_login_happens_once_for_all_workers(sim):
    plugin = make_plugin(sim, auth_mode="jwt", max_workers=8)
    records, _complete = plugin._fetch(plugin._connection())
    assert len(records) == 5
    assert plugin.client.counts == {"POST": 1, "GET": 11}


def test_rate_limit_is_retried_by_the_shared_client(sim):
    sim.fault(status=429, path=r"^/service/1005/ip$", retry_after=0)
    plugin = make_plugin(sim)
    records, complete = plugin._fetch(plugin._connection())
    assert complete and len(records) == 5
    assert plugin.client.counts == {"GET": 12}


def test_auth_error_on_a_service_is_one_error(sim):
    sim.fault(status=401, path=r"^/service/1003$")
    plugin = make_plugin(sim)
    with pytest.raises(AnsibleParserError, match=r"could not read service 1003 \(dns.example.com\): authentication failed"):
        plugin._fetch(plugin._connection())


def test_many_failures_are_summarised(sim, monkeypatch):
    warnings = []
    monkeypatch.setattr(plugin_module.display, "warning", warnings.append)
    sim.sim.reset(services=20)
    sim.fault(status=500, path=r"^/service/5\d+/ip$", count=100)
    plugin = make_plugin(sim)
    records, complete = plugin._fetch(plugin._connection())
    assert not complete and len(records) == 5
    assert len(warnings) == 11
    assert all("left out service 50" in w and "HTTP 500" in w for w in warnings[:10])
    assert warnings[10] == "xtom.console.services: left out 10 more services that could not be read"


@pytest.mark.parametrize("option, value, message", [
    ("max_workers", 0, "max_workers must be 1 or more, got 0"),
    ("timeout", 0, "timeout must be a positive number of seconds, got 0"),
    ("api_url", "console.xtom.com/api", "api_url=.console.xtom.com/api.: must start with http:// or https://"),
    ("api_password", None, "no credentials"),
])
def test_bad_connection_options_fail_before_any_request(sim, option, value, message):
    plugin = make_plugin(sim, **{option: value})
    with pytest.raises(AnsibleParserError, match=message):
        plugin._fetch(plugin._connection())
    assert sim.requests() == []


# ------------------------------------------------------------------ cache
def test_cache_hit_makes_no_request_and_a_changed_query_misses(sim):
    plugin = make_plugin(sim, cache=True)
    plugin._cache = {}
    first = plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert len(first) == 5 and len(sim.requests()) == 11
    stored = repr(plugin._cache)
    assert sim.password not in stored and sim.username not in stored and "pdtzc" not in stored

    mark = sim.mark()
    assert plugin._services("/x/demo.xtom.yml", True, plugin._connection()) == first
    assert sim.requests(mark) == []
    # refresh (--flush-cache / meta: refresh_inventory) reads again
    plugin._services("/x/demo.xtom.yml", False, plugin._connection())
    assert len(sim.requests(mark)) == 11
    # another account on the same file is a miss
    mark = sim.mark()
    plugin._options["api_username"] = "other@example.com"
    with pytest.raises(AnsibleParserError, match="authentication failed"):
        plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert len(sim.requests(mark)) == 1
    # other filters are a miss too
    plugin._options["api_username"] = sim.username
    plugin._options["status"] = ["Cancelled"]
    mark = sim.mark()
    assert [r["id"] for r in plugin._services("/x/demo.xtom.yml", True, plugin._connection())] == [1004]
    assert len(sim.requests(mark)) == 3


def test_incomplete_results_are_not_cached(sim, monkeypatch):
    monkeypatch.setattr(plugin_module.display, "warning", lambda msg: None)
    sim.fault(status=500, path=r"^/service/1001/ip$")
    plugin = make_plugin(sim, cache=True)
    plugin._cache = {}
    records = plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert len(records) == 4 and plugin._cache == {}


def test_strict_turns_a_failing_service_into_an_error(sim):
    sim.fault(status=500, path=r"^/service/1002$")
    plugin = make_plugin(sim, strict=True)
    with pytest.raises(AnsibleParserError, match=r"could not read service 1002 \(db1.example.com\): GET /service/1002 failed \(HTTP 500\)"):
        plugin._fetch(plugin._connection())


def test_odd_values_never_raise(sim):
    odd = [
        service_record({"id": 1, "status": None, "label": None, "domain": None, "name": None}),
        dict(service_record({"id": 2, "label": "My web server", "status": "Fraud"}), ipv4=["198.51.100.0/24"]),
        service_record({"id": "3", "domain": "x.example.com", "status": ""}),
    ]
    plugin = make_plugin(sim, status=[])
    plugin._populate(odd)
    got = hosts(plugin)
    assert set(got) == {"service-1", "My web server", "x.example.com"}
    assert "ansible_host" not in got["service-1"] and "ansible_host" not in got["My web server"]
    assert got["x.example.com"]["ansible_host"] == "x.example.com"


def test_cache_query_tells_tokens_apart_and_holds_none(sim):
    one = make_plugin(sim, api_token="token-of-account-one")
    two = make_plugin(sim, api_token="token-of-account-two")
    q1, q2 = one._cache_query(one._connection()), two._cache_query(two._connection())
    assert q1["account"] != q2["account"]
    assert "token-of-account-one" not in repr(q1)
