"""DNS module_utils: names, values, validation, normalising API rows, the plan of writes."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import dns_backend, dns_names, dns_plan, dns_spec
from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError, XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import ZoneBackend, parse_zone_list, zone_shape

ZONE = ZoneBackend(None, zone_shape(3001, "example.com", 1003))
DOMAIN = RegistrarBackend(None, zone_shape(None, "example.com", None, 2001))
KINDS = {"zone": ZONE, "domain": DOMAIN}


def entry(record="www", rtype="A", value=("203.0.113.10",), **kw):
    out = {"record": record, "type": rtype, "value": list(value) if value is not None else None, "ttl": None,
           "priority": None, "state": "present", "on_existing": "replace"}
    out.update(kw)
    return out


def rec(rid, name, rtype, content, ttl=3600, priority=0, kind="zone", zone="example.com"):
    row = {"id": rid, "name": name, "type": rtype, "content": content, "ttl": ttl, "priority": priority}
    return dns_backend.parse_record({}, row, zone, kind == "zone")


# ------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize("name, expected", [
    ("@", "@"), ("", "@"), ("example.com", "@"), ("Example.COM.", "@"), ("www", "www"), ("WWW", "www"),
    ("www.example.com", "www"), ("www.example.com.", "www"), ("a.b.example.com", "a.b"), ("*.dev", "*.dev"),
    ("_dmarc", "_dmarc"), ("_sip._tcp", "_sip._tcp"),
])
def test_relative_name(name, expected):
    assert dns_names.relative_name(name, "example.com") == expected


@pytest.mark.parametrize("name, text", [
    ("www.other.org.", "not inside the zone example.com"),
    ("-www", "invalid label"),
    ("a..b", "invalid label"),
    ("a.*", "invalid label"),
    ("x" * 64, "invalid label"),
    ("bad name", "invalid label"),
])
def test_relative_name_rejects(name, text):
    with pytest.raises(XtomValidationError) as err:
        dns_names.relative_name(name, "example.com", "records[0].record")
    assert text in str(err.value)
    assert "records[0].record=" in str(err.value)


def test_relative_name_without_zone_checks_syntax_only():
    assert dns_names.relative_name("www.other.org.", None) == "www.other.org"


def test_zone_names():
    assert dns_names.normalize_zone_name("Example.COM.") == "example.com"
    assert dns_names.normalize_zone_name("bücher.example") == "xn--bcher-kva.example"
    for bad in ("com", "exa mple.com", "-a.com", "a_b.com", ""):
        with pytest.raises(XtomValidationError) as err:
            dns_names.normalize_zone_name(bad, "name")
        assert str(err.value).startswith("name=")


# ----------------------------------------------------------------------------------------- values
@pytest.mark.parametrize("rtype, value, prio, key, content", [
    ("A", " 203.0.113.10 ", None, "203.0.113.10", "203.0.113.10"),
    ("AAAA", "2001:DB8:0:0::10", None, "2001:db8::10", "2001:db8::10"),
    ("CNAME", "WWW.Example.com.", None, "www.example.com", "www.example.com"),
    ("MX", "mail.example.com", 10, "10 mail.example.com", "mail.example.com"),
    ("MX", "5 mail.example.com.", 10, "5 mail.example.com", "mail.example.com"),
    ("SRV", "5 5060 sip.example.com", 10, "10 5 5060 sip.example.com", "5 5060 sip.example.com"),
    ("SRV", "1 5 5060 sip.example.com", None, "1 5 5060 sip.example.com", "5 5060 sip.example.com"),
    ("CAA", '0 ISSUE "letsencrypt.org"', None, '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
    ("TXT", "v=spf1 -all", None, "v=spf1 -all", "v=spf1 -all"),
    ("TXT", '"v=spf1 -all"', None, "v=spf1 -all", '"v=spf1 -all"'),
    ("TXT", '"v=spf1 " "-all"', None, "v=spf1 -all", '"v=spf1 " "-all"'),
    ("TXT", r'"say \"hi\""', None, 'say "hi"', r'"say \"hi\""'),
    ("URL", "https://example.com/x", None, "https://example.com/x", "https://example.com/x"),
])
def test_parse_value(rtype, value, prio, key, content):
    assert dns_names.parse_value(rtype, value, prio)[:2] == (key, content)


@pytest.mark.parametrize("rtype, value, text", [
    ("A", "300.1.1.1", "is not an IPv4 address"),
    ("A", "2001:db8::1", "is not an IPv4 address"),
    ("AAAA", "203.0.113.1", "is not an IPv6 address"),
    ("MX", "mail.example.com", "needs a priority"),
    ("MX", "a b c", "is not a valid MX value"),
    ("SRV", "1 x 5060 sip.example.com", "needs a weight"),
    ("SRV", "1 5 99999 sip.example.com", "needs a port"),
    ("TXT", 'say "hi"', "mixes quoted and unquoted"),
    ("TXT", '"open', "mixes quoted and unquoted"),
    ("TXT", '"a" b', "mixes quoted and unquoted"),
    ("CNAME", "bad host!", "invalid label"),
    ("CAA", "issue letsencrypt.org", "is not a CAA value"),
    ("URL", "ftp://x", "is not an http:// or https:// URL"),
    ("A", "  ", "is empty"),
])
def test_parse_value_rejects(rtype, value, text):
    with pytest.raises(XtomValidationError) as err:
        dns_names.parse_value(rtype, value, None, "value[0]")
    assert text in str(err.value)
    assert str(err.value).startswith("value[0]=")


def test_lenient_parse_never_raises():
    assert dns_names.parse_value("A", "not-an-ip", strict=False)[0] == "not-an-ip"
    assert dns_names.parse_value("MX", "weird  content", 5, strict=False)[0] == "5 weird content"


def test_types_and_ttl():
    assert dns_names.check_type("aaaa") == "AAAA"
    with pytest.raises(XtomValidationError, match=r"type=AXX: is not a record type.*did you mean"):
        dns_names.check_type("AXX")
    with pytest.raises(XtomValidationError, match="SOA record"):
        dns_names.check_type("SOA")
    with pytest.raises(XtomValidationError, match="only in a registered domain"):
        dns_names.check_type("URL")
    assert dns_names.check_type("URL", DOMAIN.EXTRA_TYPES) == "URL"
    assert dns_names.check_ttl(None) is None and dns_names.check_ttl(300) == 300
    for bad in (0, 29, 604801, "abc", True):
        with pytest.raises(XtomValidationError, match="ttl="):
            dns_names.check_ttl(bad)


# ----------------------------------------------------------------------------------------- specs
def test_build_specs_validation():
    with pytest.raises(XtomValidationError, match=r"records\[1\]: record=www type=A is listed twice"):
        dns_spec.build_specs([entry(), entry("WWW.example.com.")], "example.com", KINDS["zone"])
    with pytest.raises(XtomValidationError, match="a CNAME cannot sit beside"):
        dns_spec.build_specs([entry(), entry(rtype="CNAME", value=["x.example.net"])], "example.com", KINDS["zone"])
    with pytest.raises(XtomValidationError, match="exactly one"):
        dns_spec.build_specs([entry(rtype="CNAME", value=["a.example.net", "b.example.net"])], "example.com", KINDS["zone"])
    with pytest.raises(XtomValidationError, match="zone apex"):
        dns_spec.build_specs([entry("@", "CNAME", ["a.example.net"])], "example.com", KINDS["zone"])
    with pytest.raises(XtomValidationError, match=r"records\[0\]\.ttl=300: cannot be used with a registered"):
        dns_spec.build_specs([entry(ttl=300)], "example.com", KINDS["domain"])
    with pytest.raises(XtomValidationError, match="priority=10: is only used with MX and SRV"):
        dns_spec.build_specs([entry(priority=10)], "example.com", KINDS["zone"], single=True)
    with pytest.raises(XtomValidationError, match="value is required with state=present"):
        dns_spec.build_specs([entry(value=None)], "example.com", KINDS["zone"], single=True)
    spec = dns_spec.build_specs([entry(value=["203.0.113.1", "203.0.113.1 "])], "example.com", KINDS["zone"], single=True)[0]
    assert [v[0] for v in spec["values"]] == ["203.0.113.1"]  # duplicates folded


# -------------------------------------------------------------------------------------- normalise
def test_parse_record_reads_numbers_as_strings_or_numbers():
    row = {"id": "17", "name": "www.example.com.", "type": "mx", "ttl": "300", "priority": "20",
           "content": "mail.example.com."}
    got = dns_backend.parse_record({}, row, "example.com", True)
    assert got == {"id": 17, "record": "www", "type": "MX", "value": "20 mail.example.com",
                   "content": "mail.example.com.", "priority": 20, "ttl": 300}
    assert dns_backend.parse_record({}, {"name": "x", "type": "A", "content": "1.2.3.4", "ttl": 0}, "e.com", False)["ttl"] is None


@pytest.mark.parametrize("row", [
    {"id": "1", "type": "A", "content": "1.2.3.4", "ttl": 300},                 # no name
    {"id": "1", "name": "x", "content": "1.2.3.4", "ttl": 300},                 # no type
    {"id": "1", "name": "x", "type": "A", "ttl": 300},                          # no content
    {"id": "1", "name": "x", "type": "A", "content": "1.2.3.4"},                # no TTL in a hosted zone
    {"id": "1", "name": "x", "type": "A", "content": "1.2.3.4", "ttl": "5m"},   # TTL not a number
    {"id": "1", "name": "@", "type": "MX", "content": "mail.example.com", "ttl": 300},  # MX without priority
    {"id": "1", "name": "x", "type": ["A"], "content": "1.2.3.4", "ttl": 300},  # type not text
])
def test_parse_record_refuses_rows_it_does_not_understand(row):
    with pytest.raises(XtomAnswerError):
        dns_backend.parse_record({"records": [row]}, row, "example.com", True)


def test_parse_record_without_id_is_kept_but_not_addressable():
    row = {"name": "x", "type": "A", "content": "1.2.3.4", "ttl": 300}
    assert dns_backend.parse_record({}, row, "example.com", True)["id"] is None


def test_zone_list_parses_maps_numbers_and_camel_case():
    body = {"serviceIds": [7], "zones": {"a": {"zoneId": 5, "name": "A.example.", "serviceId": "9"}}}
    assert parse_zone_list(body) == {"service_ids": [7, 9], "zones": [
        {"id": 5, "name": "a.example", "service_id": 9, "domain_id": None}]}
    envelope = {"success": True, "data": {"service_ids": ["7"], "zones": [{"domain_id": "5", "name": "a.example",
                                                                          "service_id": "7"}]}}
    assert parse_zone_list(envelope)["zones"][0]["id"] == 5


@pytest.mark.parametrize("body", [
    {"result": {"zones": []}},                                           # unknown wrapper
    {"zones": [], "service_ids": "10"},                                  # ids not a list
    {"zones": [{"name": "a.example", "service_id": "7"}], "service_ids": []},   # zone without id
    {"zones": [{"domain_id": "٣", "name": "a.example", "service_id": "7"}], "service_ids": []},  # not ASCII digits
    {"zones": []},                                                       # service_ids missing
])
def test_zone_list_refuses_what_it_does_not_understand(body):
    with pytest.raises(XtomAnswerError):
        parse_zone_list(body)


# ------------------------------------------------------------------------------------------- plan
CURRENT = [
    rec(1, "@", "SOA", "ns1.xtom.com. hostmaster.example.com. 1 2 3 4 5"),
    rec(2, "@", "NS", "ns1.xtom.com"),
    rec(3, "www", "A", "203.0.113.10"),
    rec(4, "www", "A", "203.0.113.11", ttl=300),
    rec(5, "@", "MX", "mail.example.com", priority=10),
    rec(6, "old", "A", "203.0.113.99"),
    rec(7, "_acme-challenge", "TXT", '"token"'),
]


def plan(entries, **kw):
    backend = KINDS[kw.pop("kind", "zone")]
    specs = dns_spec.build_specs(entries, "example.com", backend)
    return dns_plan.plan_changes(CURRENT, specs, backend, **kw)


def actions(result):
    return [(op["action"], (op["old"] or {}).get("id"), (op["new"] or {}).get("value")) for op in result["ops"]]


def test_plan_noop():
    assert plan([entry(value=["203.0.113.11", "203.0.113.10"]), entry("@", "MX", ["10 mail.example.com"])])["ops"] == []


def test_plan_changed_value_is_one_update_in_place():
    result = plan([entry(value=["203.0.113.10", "203.0.113.12"])])
    assert actions(result) == [("update", 4, "203.0.113.12")]
    assert result["ops"][0]["new"]["ttl"] == 300  # same set, no ttl asked: keeps its TTL


def test_plan_ttl_add_remove_keep_and_fail():
    assert actions(plan([entry(value=["203.0.113.10", "203.0.113.11"], ttl=300)])) == [("update", 3, "203.0.113.10")]
    assert actions(plan([entry(value=["203.0.113.10"])])) == [("delete", 4, None)]
    assert actions(plan([entry(value=["203.0.113.12"], on_existing="keep")])) == [("create", None, "203.0.113.12")]
    with pytest.raises(XtomValidationError, match="already has other values.*keep_and_fail"):
        plan([entry(value=["203.0.113.10"], on_existing="keep_and_fail")])
    assert actions(plan([entry(value=["203.0.113.11"], state="absent")])) == [("delete", 4, None)]
    assert sorted(actions(plan([entry(value=None, state="absent")]))) == [("delete", 3, None), ("delete", 4, None)]


def test_plan_prune_keeps_soa_apex_ns_and_ignored_and_pairs_across_sets():
    result = plan([entry(value=["203.0.113.10", "203.0.113.11"]), entry("@", "MX", ["10 mail.example.com"]),
                   entry("api", "A", ["203.0.113.50"])],
                  prune=True, ignore=dns_spec.parse_ignore([{"record": "_acme*"}], "example.com"))
    # "old" must go and "api" must come: one PUT instead of DELETE + POST.
    assert actions(result) == [("update", 6, "203.0.113.50")]
    assert result["ops"][0]["new"]["record"] == "api"
    assert result["ops"][0]["new"]["ttl"] == dns_names.DEFAULT_TTL
    assert sorted(r["id"] for r in result["after"]) == [1, 2, 3, 4, 5, 6, 7]
    pruned = plan([entry(value=["203.0.113.10", "203.0.113.11"])], prune=True)
    assert sorted(actions(pruned)) == [("delete", 5, None), ("delete", 6, None), ("delete", 7, None)]


def test_plan_cname_checked_against_resulting_zone():
    with pytest.raises(XtomValidationError, match="record=www would have a CNAME beside A"):
        plan([entry(rtype="CNAME", value=["x.example.net"])])
    # With prune the A records go, so the CNAME is fine, and it takes over one of them in place.
    result = plan([entry(rtype="CNAME", value=["x.example.net"])], prune=True)
    assert [op["action"] for op in result["ops"]].count("update") == 1


def test_plan_domain_orders_updates_then_deletes_from_highest_index_then_creates():
    current = [rec(i + 1, name, rtype, content, kind="domain") for i, (name, rtype, content) in enumerate([
        ("@", "A", "203.0.113.10"), ("a", "A", "203.0.113.1"), ("b", "A", "203.0.113.2"),
        ("c", "A", "203.0.113.3"), ("www", "A", "203.0.113.10")])]
    specs = dns_spec.build_specs([entry("www", value=["203.0.113.20"]), entry("@", value=["203.0.113.10"]),
                                  entry("new", "TXT", ["hello"])], "example.com", DOMAIN)
    result = dns_plan.plan_changes(current, specs, DOMAIN, prune=True)
    # www changes value (update at index 5), a/b/c pruned (the TXT takes over index 2 in place
    # as an update), then deletes 4 then 3: the highest index first.
    assert [(op["action"], (op["old"] or {}).get("id")) for op in result["ops"]] == [
        ("update", 5), ("update", 2), ("delete", 4), ("delete", 3)]
    assert [(r["id"], r["record"]) for r in result["after"]] == [(1, "@"), (2, "new"), (3, "www")]


def test_change_set_names_each_record_set():
    from ansible_collections.xtom.console.plugins.module_utils import dns

    result = plan([entry(value=["203.0.113.10", "203.0.113.12"], ttl=300)])
    changes = dns.changeset(ZONE, result["ops"]).as_list()
    assert {c["action"] for c in changes} == {"update"}
    assert {c["what"] for c in changes} == {"example.com www A"}
    assert changes[0]["before"]["id"] in (3, 4) and "id" not in changes[0]["after"]


def test_plan_prune_leaves_records_without_id_and_refuses_to_address_them():
    current = CURRENT + [dns_backend.parse_record({}, {"name": "noid", "type": "A", "content": "203.0.113.7", "ttl": 60},
                                                  "example.com", True)]
    specs = dns_spec.build_specs([entry(value=["203.0.113.10", "203.0.113.11"])], "example.com", ZONE)
    result = dns_plan.plan_changes(current, specs, ZONE, prune=True)
    assert [r["record"] for r in result["skipped"]] == ["noid"]
    assert all(op["old"]["record"] != "noid" for op in result["ops"])
    specs = dns_spec.build_specs([entry("noid", value=["203.0.113.8"])], "example.com", ZONE)
    with pytest.raises(XtomValidationError, match="without an id"):
        dns_plan.plan_changes(current, specs, ZONE)
