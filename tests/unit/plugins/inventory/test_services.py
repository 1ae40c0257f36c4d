"""Unit tests of the xtom.console.services inventory plugin (in process, against the simulator)."""

import re
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
    "api_token": None, "auth_mode": "basic", "validate_certs": True, "timeout": 30, "retries": 4,
    "retry_timeout": 60.0, "max_workers": 16, "include": None, "keep_without_ip": False,
    "status": ["Active"], "category": [], "product": [], "filters": [], "hostname": None,
    "hostnames": ["label", "domain", "id"], "connect_with": "ipv4", "hostvars_prefix": "xtom_", "group": "xtom",
    "strict": False, "compose": {}, "groups": {}, "keyed_groups": [], "leading_separator": True,
    "use_extra_vars": False, "cache": False,
}
# The demo account's Active services and what they have: 1003 (DNS hosting) has no IP address.
ACTIVE = [1001, 1002, 1003, 1005, 1006]
WITH_IP = [1001, 1002, 1005, 1006]


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
    return service_record({"id": sid, "domain": domain, "status": status, "name": "P"}, {"label": label},
                          {"ipv4": list(ipv4), "ipv6": list(ipv6)})


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(plugin_module.display, "warning", seen.append)
    return seen


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
    # A service without an address is not a server: no ansible_host from ipv4/ipv6 (issue 12 item 6).
    ("ipv4", ["192.0.2.1", "2001:db8::1", None, None]),
    ("ipv6", ["2001:db8::1", "2001:db8::1", None, None]),
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


def test_hostnames_preferences_and_unique_names(sim, warnings):
    plugin = make_plugin(sim, keep_without_ip=True)
    plugin._populate([rec(1, "web"), rec(2, "web"), rec(3, "web-2"), rec(4, "", "db.example.com"), rec(5)])
    assert set(hosts(plugin)) == {"web", "web-2", "web-2-3", "db.example.com", "service-5"}
    assert hosts(plugin)["web-2-3"]["xtom_id"] == 3
    assert len(warnings) == 2 and "services 1 and 2 are both named 'web'" in warnings[0]
    assert set(plugin.inventory.groups["xtom"].hosts) == set(plugin.inventory.hosts.values())


def test_hostname_template_falls_back_when_empty(sim):
    plugin = make_plugin(sim, hostname=trust_as_template("{{ xtom_label | upper }}"), hostnames=["id"], keep_without_ip=True)
    plugin._populate([rec(1, "web"), rec(2, "")])
    assert set(hosts(plugin)) == {"WEB", "service-2"}


def test_filters_first_match_decides(sim):
    filters = [
        {"exclude": trust_as_template("xtom_label == 'b'")},
        {"include": trust_as_template("inventory_hostname is match('a|b|c')")},
        {"exclude": True},
    ]
    plugin = make_plugin(sim, filters=filters, keep_without_ip=True)
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
    plugin = make_plugin(sim, filters=[{"include": trust_as_template("undefined_thing.attr")}], keep_without_ip=True)
    with pytest.raises(AnsibleParserError, match=r"could not evaluate filters\[0\].include .* for host a"):
        plugin._populate([rec(1, "a")])


# ------------------------------------------------------------------ requests and concurrency
def test_status_category_product_filters_run_before_requests(sim):
    plugin = make_plugin(sim, status=["active", "cancelled"], category=["VPS"], product=["kvm vps starter"])
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


def test_jwt_login_happens_once_for_all_workers_and_logs_out_at_the_end(sim):
    plugin = make_plugin(sim, auth_mode="jwt", max_workers=8)
    records, _complete = plugin._fetch(plugin._connection())
    assert len(records) == 5
    assert plugin.client.counts == {"POST": 2, "GET": 11}
    log = sim.requests()
    assert (log[0]["method"], log[0]["path"]) == ("POST", "/login")
    assert (log[-1]["method"], log[-1]["path"]) == ("POST", "/logout")
    assert not plugin.client.logged_in


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


def test_many_failures_are_summarised(sim, warnings):
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
        service_record({"id": 1, "status": None, "domain": None, "name": None}, {"label": None}),
        service_record({"id": 2, "status": "Fraud"}, {"label": "My web server"}, {"ipv4": ["198.51.100.0/24"]}),
        service_record({"id": "3", "domain": "x.example.com", "status": ""}),
    ]
    plugin = make_plugin(sim, status=[], keep_without_ip=True)
    plugin._populate(odd)
    got = hosts(plugin)
    assert set(got) == {"service-1", "My web server", "x.example.com"}
    assert "ansible_host" not in got["service-1"] and "ansible_host" not in got["My web server"]
    # No address: not a server, so no ansible_host with connect_with ipv4 (connect_with domain gives the domain).
    assert "ansible_host" not in got["x.example.com"]


def test_cache_query_tells_tokens_apart_and_holds_none(sim):
    one = make_plugin(sim, api_token="token-of-account-one")
    two = make_plugin(sim, api_token="token-of-account-two")
    q1, q2 = one._cache_query(one._connection()), two._cache_query(two._connection())
    assert q1["account"] != q2["account"]
    assert "token-of-account-one" not in repr(q1)


# ------------------------------------------------------------------ which per-service reads (issue 15 item 3)
LIGHT = dict(keep_without_ip=True, connect_with="domain", hostnames=["domain", "id"])


@pytest.mark.parametrize("options, reads", [
    ({}, ("details", "ips")),                                      # label names, ansible_host from IPv4, IP filter
    ({"hostnames": ["domain", "id"]}, ("ips",)),
    ({"hostnames": ["domain", "id"], "connect_with": "domain"}, ("ips",)),  # the default IP filter needs them
    (LIGHT, ()),
    (dict(LIGHT, hostnames=["id", "label"]), ()),                  # id always has a value: label is never used
    (dict(LIGHT, connect_with="label"), ("details",)),
    (dict(LIGHT, hostnames=["ipv6", "id"]), ("ips",)),
    (dict(LIGHT, compose={"who": "xtom_label"}), ("details",)),
    (dict(LIGHT, compose={"who": "xtom_labels_seen"}), ()),        # another variable, not xtom_label
    (dict(LIGHT, groups={"v6": "xtom_ipv6 | length > 0"}), ("ips",)),
    (dict(LIGHT, keyed_groups=[{"key": "xtom_next_invoice", "prefix": "due"}]), ("details",)),
    (dict(LIGHT, keyed_groups=[{"key": "xtom_category_url", "prefix": "c"}]), ()),
    (dict(LIGHT, filters=[{"exclude": "xtom_date_created < '2020'"}]), ("details",)),
    (dict(LIGHT, hostname="{{ xtom_ipv4 | first }}"), ("ips",)),
    (dict(LIGHT, compose={"x": "hostvars[inventory_hostname]['xtom_' ~ 'label']"}), ("details", "ips")),
    (dict(LIGHT, hostvars_prefix="p_", compose={"x": "xtom_label"}), ()),
    (dict(LIGHT, hostvars_prefix="p_", compose={"x": "p_ipv4"}), ("ips",)),
    (dict(LIGHT, include=["ips", "details"]), ("details", "ips")),  # more than needed, for the plays
    (dict(include=["details", "ips"]), ("details", "ips")),
])
def test_reads_follow_the_configuration(sim, options, reads):
    plugin = make_plugin(sim, **options)
    assert plugin._reads() == reads


@pytest.mark.parametrize("options, message", [
    ({"include": ["details"]}, "include=['details']: leaves out ips, which connect_with=ipv4 and keep_without_ip=false "
                               "need; add ips to include or change those options"),
    ({"include": []}, "include=[]: leaves out details, which hostnames: label needs; ips, which connect_with=ipv4 and "
                      "keep_without_ip=false need; add details and ips to include"),
    (dict(LIGHT, include=[], compose={"a": "xtom_label"}), "leaves out details, which compose.a needs"),
    (dict(LIGHT, include=["addresses"]), "include=addresses: is not a per-service read; valid: details, ips"),
])
def test_an_include_that_leaves_out_a_needed_read_fails_before_any_request(sim, options, message):
    plugin = make_plugin(sim, **options)
    with pytest.raises(AnsibleParserError, match=re.escape(message)):
        plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert sim.requests() == []


@pytest.mark.parametrize("options, requests, reads", [
    (LIGHT, 1, []),                                                 # 1 request for the whole account
    (dict(LIGHT, include=["ips"]), 1 + 5, ["/ip"]),                 # N + 1
    (dict(LIGHT, include=["details"]), 1 + 5, [""]),                # N + 1
    ({}, 1 + 2 * 5, ["", "/ip"]),                                   # 2N + 1 (the defaults)
])
def test_request_cost_of_each_choice(sim, options, requests, reads):
    plugin = make_plugin(sim, **options)
    records, complete = plugin._fetch(plugin._connection())
    assert complete and sorted(r["id"] for r in records) == ACTIVE
    assert plugin.client.counts == {"GET": requests}
    assert sorted(e["path"] for e in sim.requests()) == sorted(
        ["/service"] + ["/service/%d%s" % (sid, suffix) for sid in ACTIVE for suffix in reads])


def test_variables_of_reads_not_made_are_not_set(sim):
    plugin = make_plugin(sim, **LIGHT)
    records, _complete = plugin._fetch(plugin._connection())
    plugin._populate(records)
    web1 = hosts(plugin)["web1.example.com"]
    assert web1["xtom_id"] == 1001 and web1["xtom_product"] == "KVM VPS Starter" and web1["xtom_category_url"] == "vps"
    assert web1["ansible_host"] == "web1.example.com"
    # Not read, so not set (never an empty label or an empty address list that would mean "none").
    for name in ("label", "firstpayment", "next_invoice", "date_created", "ipv4", "ipv6"):
        assert "xtom_" + name not in web1
    assert set(hosts(plugin)) == {"web1.example.com", "db1.example.com", "dns.example.com", "web2.example.com",
                                  "web3.example.com"}


# ------------------------------------------------------------------ services without an IP address (issue 12 item 6)
def test_by_default_only_services_with_an_ip_address_are_hosts(sim):
    plugin = make_plugin(sim)
    records, _complete = plugin._fetch(plugin._connection())
    plugin._populate(records)
    assert sorted(v["xtom_id"] for v in hosts(plugin).values()) == WITH_IP

    plugin = make_plugin(sim, keep_without_ip=True)
    records, _complete = plugin._fetch(plugin._connection())
    plugin._populate(records)
    dns = hosts(plugin)["dns"]
    assert dns["xtom_ipv4"] == [] and dns["xtom_ipv6"] == [] and "ansible_host" not in dns


@pytest.mark.parametrize("keep_without_ip", [False, True])
def test_a_refused_address_read_is_not_a_failure_even_when_strict(sim, warnings, keep_without_ip):
    # GET /service/@id/ip of a service that is not a server: 400.
    sim.fault(status=400, path=r"^/service/1003/ip$", count=5)
    plugin = make_plugin(sim, strict=True, keep_without_ip=keep_without_ip)
    records, complete = plugin._fetch(plugin._connection())
    assert complete and sorted(r["id"] for r in records) == ACTIVE
    assert [r for r in records if r["id"] == 1003][0]["ipv4"] == []
    plugin._populate(records)
    got = {v["xtom_id"]: v for v in hosts(plugin).values()}
    if keep_without_ip:
        assert 1003 in got and "ansible_host" not in got[1003]
    else:
        assert sorted(got) == WITH_IP
    assert [w for w in warnings if "both named" not in w] == []


def test_other_refusals_of_a_per_service_read_still_fail(sim, warnings):
    sim.fault(status=400, path=r"^/service/1003$", count=5)   # the details, not the addresses
    plugin = make_plugin(sim)
    records, complete = plugin._fetch(plugin._connection())
    assert not complete and 1003 not in [r["id"] for r in records]
    assert warnings == ["xtom.console.services: left out service 1003 (dns.example.com): GET /service/1003 failed "
                        "(HTTP 400): injected fault 400"]


# ------------------------------------------------------------------ filters that match nothing (issue 14 item 4)
def test_a_filter_value_that_matches_nothing_warns_with_the_known_values(sim, warnings):
    plugin = make_plugin(sim, status=["Actve"], category=["vsp"], product=["KVM VPS Startr"])
    records, complete = plugin._fetch(plugin._connection())
    assert records == [] and complete
    assert len(warnings) == 3, warnings
    status, category, product = warnings
    assert status.startswith("xtom.console.services: status=Actve: is not a service status; valid: Active, ")
    assert "Fraud" in status
    assert category.startswith("xtom.console.services: category=vsp: matches no service of this account; valid: vps, ")
    assert "Virtual Servers" in category and "dns" in category
    assert product.startswith("xtom.console.services: product='KVM VPS Startr': matches no service of this account; "
                              "valid: KVM VPS Starter, KVM VPS Pro")
    assert sim.counts() == {"GET": 1}


def test_a_filter_value_that_matches_nothing_is_an_error_when_strict(sim):
    plugin = make_plugin(sim, category=["vps", "vsp"], strict=True)
    with pytest.raises(AnsibleParserError, match=r"category=vsp: matches no service of this account; valid: vps, "):
        plugin._fetch(plugin._connection())
    assert sim.counts() == {"GET": 1}  # before any per-service request


def test_known_filter_values_do_not_warn(sim, warnings):
    # Fraud is a service status although no service has it; names and slugs in any case.
    plugin = make_plugin(sim, status=["FRAUD", "active"], category=["virtual servers", "DEDICATED"],
                         product=["dns hosting", "Dedicated E3"])
    records, _complete = plugin._fetch(plugin._connection())
    assert sorted(r["id"] for r in records) == [1002]
    assert warnings == []


def test_filter_warnings_repeat_on_a_cache_hit(sim, warnings):
    plugin = make_plugin(sim, cache=True, category=["vsp"])
    plugin._cache = {}
    assert plugin._services("/x/demo.xtom.yml", True, plugin._connection()) == []
    mark = sim.mark()
    assert plugin._services("/x/demo.xtom.yml", True, plugin._connection()) == []
    assert sim.requests(mark) == []
    assert len(warnings) == 2 and warnings[0] == warnings[1] and "category=vsp" in warnings[0]
    # strict is not part of the cache query: a cache hit with strict is the same error as a read.
    plugin._options["strict"] = True
    with pytest.raises(AnsibleParserError, match="category=vsp: matches no service of this account"):
        plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert sim.requests(mark) == []


# ------------------------------------------------------------------ answers not understood (fail closed)
@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_a_service_list_not_understood_is_an_error_naming_the_route(sim):
    sim.reshape("wrap", r"^/service$")
    plugin = make_plugin(sim, cache=True)
    plugin._cache = {}
    with pytest.raises(AnsibleParserError, match=r"xtom.console.services: GET /service: unexpected answer \(keys: "):
        plugin._services("/x/demo.xtom.yml", True, plugin._connection())
    assert plugin._cache == {} and [e["path"] for e in sim.requests()] == ["/service"]


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
@pytest.mark.parametrize("route", ["/service/1002", "/service/1002/ip"])
def test_a_per_service_answer_not_understood_is_a_warning_naming_the_route(sim, warnings, route):
    sim.reshape("wrap", "^%s$" % route)
    plugin = make_plugin(sim)
    records, complete = plugin._fetch(plugin._connection())
    assert not complete and sorted(r["id"] for r in records) == [1001, 1003, 1005, 1006]
    assert len(warnings) == 1
    assert warnings[0].startswith("xtom.console.services: left out service 1002 (db1.example.com): "
                                  "GET %s: unexpected answer (keys: " % route), warnings

    sim.reshape("wrap", "^%s$" % route)
    plugin = make_plugin(sim, strict=True)
    with pytest.raises(AnsibleParserError, match=r"could not read service 1002 \(db1.example.com\): GET %s: unexpected answer"
                       % re.escape(route)):
        plugin._fetch(plugin._connection())


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_both_answer_shapes_give_the_same_hosts(sim):
    plugin = make_plugin(sim, keep_without_ip=True)
    records, complete = plugin._fetch(plugin._connection())
    plugin._populate(records)
    got = hosts(plugin)
    assert complete and set(got) == {"web1", "db1", "dns", "web", "web-1006"}
    assert got["db1"]["xtom_ipv4"] == ["203.0.113.20", "203.0.113.21"] and got["db1"]["xtom_id"] == 1002
    assert got["web1"]["xtom_label"] == "web1" and got["web1"]["ansible_host"] == "203.0.113.10"
    assert got["web1"]["xtom_date_created"] == "2026-01-15"


# ------------------------------------------------------------------ jwt logout, retries (issue 12 item 4, 15 item 4)
def test_jwt_logs_out_even_when_reading_fails(sim):
    sim.fault(status=500, path=r"^/service$")
    plugin = make_plugin(sim, auth_mode="jwt")
    with pytest.raises(AnsibleParserError, match=r"GET /service failed \(HTTP 500\)"):
        plugin._fetch(plugin._connection())
    assert [(e["method"], e["path"]) for e in sim.requests()] == [
        ("POST", "/login"), ("GET", "/service"), ("POST", "/logout")]


def test_a_token_given_by_the_user_is_never_logged_out(sim, client):
    token = client.login()
    mark = sim.mark()
    plugin = make_plugin(sim, api_token=token, auth_mode="jwt")
    records, _complete = plugin._fetch(plugin._connection())
    assert len(records) == 5
    assert sim.counts(mark) == {"GET": 11}


def test_basic_auth_never_logs_in_or_out(sim):
    plugin = make_plugin(sim)
    plugin._fetch(plugin._connection())
    assert sim.writes() == []


def test_retries_and_retry_timeout_reach_the_client(sim):
    plugin = make_plugin(sim, retries=0)
    sim.fault(status=503, path=r"^/service$", retry_after=0)
    with pytest.raises(AnsibleParserError, match=r"GET /service failed \(HTTP 503\)"):
        plugin._fetch(plugin._connection())
    assert plugin.client.max_attempts == 1 and sim.counts() == {"GET": 1}

    plugin = make_plugin(sim, retries=2, retry_timeout=7.5)
    sim.fault(status=503, path=r"^/service$", retry_after=0, count=2)
    mark = sim.mark()
    records, _complete = plugin._fetch(plugin._connection())
    assert len(records) == 5 and plugin.client.max_attempts == 3 and plugin.client.max_retry_seconds == 7.5
    assert sim.counts(mark) == {"GET": 3 + 2 * 5}


@pytest.mark.parametrize("option, value, message", [
    ("retries", 11, "retries=11: must be from 0 to 10"),
    ("retries", -1, "retries=-1: must be from 0 to 10"),
    ("retry_timeout", 601, "retry_timeout=601: must be from 0 to 600 seconds"),
])
def test_retry_options_out_of_bounds_fail_before_any_request(sim, option, value, message):
    plugin = make_plugin(sim, **{option: value})
    with pytest.raises(AnsibleParserError, match=message):
        plugin._fetch(plugin._connection())
    assert sim.requests() == []
