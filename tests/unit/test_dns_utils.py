"""module_utils/dns.py: names, values, validation, normalising API rows, the plan of writes."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import dns
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError


def entry(record="www", rtype="A", value=("203.0.113.10",), **kw):
    out = {"record": record, "type": rtype, "value": list(value) if value is not None else None, "ttl": None,
           "priority": None, "state": "present", "on_existing": "replace"}
    out.update(kw)
    return out


def rec(rid, name, rtype, content, ttl=3600, priority=0, kind="zone", zone="example.com"):
    return dns.normalize_record({"id": rid, "name": name, "type": rtype, "content": content, "ttl": ttl,
                                 "priority": priority}, zone, kind)


# ------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize("name, expected", [
    ("@", "@"), ("", "@"), ("example.com", "@"), ("Example.COM.", "@"), ("www", "www"), ("WWW", "www"),
    ("www.example.com", "www"), ("www.example.com.", "www"), ("a.b.example.com", "a.b"), ("*.dev", "*.dev"),
    ("_dmarc", "_dmarc"), ("_sip._tcp", "_sip._tcp"),
])
def test_relative_name(name, expected):
    assert dns.relative_name(name, "example.com") == expected


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
        dns.relative_name(name, "example.com", "records[0].record")
    assert text in str(err.value)
    assert "records[0].record=" in str(err.value)


def test_relative_name_without_zone_checks_syntax_only():
    assert dns.relative_name("www.other.org.", None) == "www.other.org"


def test_zone_names():
    assert dns.normalize_zone_name("Example.COM.") == "example.com"
    assert dns.normalize_zone_name("bücher.example") == "xn--bcher-kva.example"
    for bad in ("com", "exa mple.com", "-a.com", "a_b.com", ""):
        with pytest.raises(XtomValidationError) as err:
            dns.normalize_zone_name(bad, "name")
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
    assert dns.parse_value(rtype, value, prio)[:2] == (key, content)


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
    ("TXT", '"%s"' % ("x" * 256), "longer than 255"),
    ("CNAME", "bad host!", "invalid label"),
    ("CAA", "issue letsencrypt.org", "is not a CAA value"),
    ("URL", "ftp://x", "is not an http:// or https:// URL"),
    ("A", "  ", "is empty"),
])
def test_parse_value_rejects(rtype, value, text):
    with pytest.raises(XtomValidationError) as err:
        dns.parse_value(rtype, value, None, "value[0]")
    assert text in str(err.value)
    assert str(err.value).startswith("value[0]=")


def test_lenient_parse_never_raises():
    assert dns.parse_value("A", "not-an-ip", strict=False)[0] == "not-an-ip"
    assert dns.parse_value("MX", "weird  content", 5, strict=False)[0] == "5 weird content"


def test_types_and_ttl():
    assert dns.check_type("aaaa", "zone") == "AAAA"
    with pytest.raises(XtomValidationError, match=r"type='AXX' is not a record type.*did you mean"):
        dns.check_type("AXX", "zone")
    with pytest.raises(XtomValidationError, match="SOA record"):
        dns.check_type("SOA", "zone")
    with pytest.raises(XtomValidationError, match="only in a registered domain"):
        dns.check_type("URL", "zone")
    assert dns.check_type("URL", "domain") == "URL"
    assert dns.check_ttl(None) is None and dns.check_ttl(300) == 300
    for bad in (0, 29, 604801, "abc", True):
        with pytest.raises(XtomValidationError, match="ttl="):
            dns.check_ttl(bad)


# ----------------------------------------------------------------------------------------- specs
def test_build_specs_validation():
    with pytest.raises(XtomValidationError, match=r"records\[1\]: record=www type=A is listed twice"):
        dns.build_specs([entry(), entry("WWW.example.com.")], "example.com", "zone")
    with pytest.raises(XtomValidationError, match="a CNAME cannot sit beside"):
        dns.build_specs([entry(), entry(rtype="CNAME", value=["x.example.net"])], "example.com", "zone")
    with pytest.raises(XtomValidationError, match="exactly one"):
        dns.build_specs([entry(rtype="CNAME", value=["a.example.net", "b.example.net"])], "example.com", "zone")
    with pytest.raises(XtomValidationError, match="zone apex"):
        dns.build_specs([entry("@", "CNAME", ["a.example.net"])], "example.com", "zone")
    with pytest.raises(XtomValidationError, match=r"records\[0\]\.ttl=300 cannot be used with a registered"):
        dns.build_specs([entry(ttl=300)], "example.com", "domain")
    with pytest.raises(XtomValidationError, match="priority=10 is only used with MX and SRV"):
        dns.build_specs([entry(priority=10)], "example.com", "zone", single=True)
    with pytest.raises(XtomValidationError, match="value is required with state=present"):
        dns.build_specs([entry(value=None)], "example.com", "zone", single=True)
    spec = dns.build_specs([entry(value=["203.0.113.1", "203.0.113.1 "])], "example.com", "zone", single=True)[0]
    assert [v[0] for v in spec["values"]] == ["203.0.113.1"]  # duplicates folded


# -------------------------------------------------------------------------------------- normalise
def test_normalize_record_is_defensive():
    row = {"id": "17", "name": "www.example.com.", "type": "mx", "ttl": "300", "priority": "20",
           "content": "mail.example.com."}
    got = dns.normalize_record(row, "example.com")
    assert got == {"id": 17, "record": "www", "type": "MX", "value": "20 mail.example.com",
                   "content": "mail.example.com.", "priority": 20, "ttl": 300}
    assert dns.normalize_record({"name": "", "type": "A", "content": "1.2.3.4"}, "example.com", "domain", 4)["id"] == 5
    assert dns.normalize_record({"name": "x", "type": "A", "content": "1.2.3.4", "ttl": 0}, "e.com", "domain")["ttl"] is None


def test_list_zones_parses_maps_and_numbers(client, monkeypatch):
    monkeypatch.setattr(client, "get", lambda path, params=None: {
        "service_ids": [7],
        "zones": {"a": {"zone_id": 5, "name": "A.example.", "service_id": "9"}},
    })
    assert dns.list_zones(client) == {"service_ids": [7, 9], "zones": [{"id": 5, "name": "a.example", "service_id": 9}]}


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
    specs = dns.build_specs(entries, "example.com", kw.pop("kind", "zone"))
    return dns.plan_changes(CURRENT, specs, **kw)


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
                  prune=True, ignore=dns.parse_ignore([{"record": "_acme*"}], "example.com"))
    # "old" must go and "api" must come: one PUT instead of DELETE + POST.
    assert actions(result) == [("update", 6, "203.0.113.50")]
    assert result["ops"][0]["new"]["record"] == "api"
    assert result["ops"][0]["new"]["ttl"] == dns.DEFAULT_TTL
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
    specs = dns.build_specs([entry("www", value=["203.0.113.20"]), entry("@", value=["203.0.113.10"]),
                             entry("new", "TXT", ["hello"])], "example.com", "domain")
    result = dns.plan_changes(current, specs, "domain", prune=True)
    # www changes value (update at index 5), a/b/c pruned (the TXT takes over index 2 in place
    # as an update), then deletes 4 then 3: the highest index first.
    assert [(op["action"], (op["old"] or {}).get("id")) for op in result["ops"]] == [
        ("update", 5), ("update", 2), ("delete", 4), ("delete", 3)]
    assert [(r["id"], r["record"]) for r in result["after"]] == [(1, "@"), (2, "new"), (3, "www")]


def test_sets_view_and_change_list():
    result = plan([entry(value=["203.0.113.10", "203.0.113.12"], ttl=300)])
    before, after = dns.sets_view(CURRENT, result["after"], [("www", "A"), ("@", "MX")])
    assert before == {"www A": {"ttl": [300, 3600], "value": ["203.0.113.10", "203.0.113.11"]}}
    assert after == {"www A": {"ttl": 300, "value": ["203.0.113.10", "203.0.113.12"]}}
    changes = dns.change_list(result["ops"], "example.com")
    assert {c["action"] for c in changes} == {"update"} and changes[0]["fqdn"] == "www.example.com"
