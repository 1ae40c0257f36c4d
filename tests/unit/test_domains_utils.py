"""Unit tests of plugins/module_utils/domains.py: validation, defensive parsing, plans."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import domains as d
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

RFC4034_KEY = ("AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvx"
               "egXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==")
KEY = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="


# ---------------------------------------------------------------- name servers

def test_nameservers_are_normalised():
    assert d.validate_nameservers(["NS1.Example.COM.", "ns2.example.com"]) == ["ns1.example.com", "ns2.example.com"]


def test_empty_nameservers_mean_defaults_and_none_means_unmanaged():
    assert d.validate_nameservers([]) == []
    assert d.validate_nameservers(None) is None


@pytest.mark.parametrize("values, message", [
    (["ns1.example.com"], "between 2 and 13"),
    (["ns%d.example.com" % n for n in range(14)], "got 14"),
    (["ns1.example.com", "ns1.example.com."], "lists ns1.example.com more than once"),
    (["ns1.example.com", "ns_2.example.com"], "'ns_2.example.com' is not a valid host name"),
    (["ns1.example.com", "localhost"], "'localhost' is not a valid host name"),
    (["ns1.example.com", "-ns.example.com"], "not a valid host name"),
    (["ns1.example.com", "a" * 64 + ".example.com"], "not a valid host name"),
])
def test_bad_nameservers(values, message):
    with pytest.raises(XtomValidationError, match=message) as err:
        d.validate_nameservers(values)
    assert str(err.value).startswith("nameservers")


def test_same_nameservers_ignores_order_case_and_dots():
    assert d.same_nameservers(["NS2.x.com.", "ns1.x.com"], ["ns1.x.com", "ns2.x.com"])
    assert not d.same_nameservers(["ns1.x.com", "ns2.x.com"], ["ns1.x.com", "ns3.x.com"])


def test_child_nameservers():
    assert d.validate_child_nameservers([{"name": "NS1.example.net", "ip": "2001:DB8::1"}]) == [
        {"name": "ns1.example.net", "ip": "2001:db8::1"}]
    with pytest.raises(XtomValidationError, match=r"child_nameservers\[0\].ip: '300.1.1.1'"):
        d.validate_child_nameservers([{"name": "ns1.example.net", "ip": "300.1.1.1"}])
    with pytest.raises(XtomValidationError, match="listed twice"):
        d.validate_child_nameservers([{"name": "ns1.example.net", "ip": "192.0.2.1"},
                                      {"name": "ns1.example.net", "ip": "192.0.2.2"}])


@pytest.mark.parametrize("body, expected", [
    ({"nameservers": ["NS1.x.com.", "ns2.x.com"]}, ["ns1.x.com", "ns2.x.com"]),
    (["ns1.x.com", "ns2.x.com"], ["ns1.x.com", "ns2.x.com"]),
    ({"nameservers": {"0": "ns1.x.com", "1": "ns2.x.com"}}, ["ns1.x.com", "ns2.x.com"]),
    ({"ns1": "ns1.x.com", "ns2": "ns2.x.com", "ns3": ""}, ["ns1.x.com", "ns2.x.com"]),
    ({"details": {"nameservers": ["ns1.x.com", "ns2.x.com"]}}, ["ns1.x.com", "ns2.x.com"]),
])
def test_nameserver_answers(body, expected):
    assert d.normalize_nameservers(body) == expected


# ---------------------------------------------------------------- settings

@pytest.mark.parametrize("body, expected", [
    ({"reglock": "1"}, True), ({"reglock": "0"}, False), ({"lock": True}, True), ({"locked": "false"}, False),
    (True, True), ({"details": {"reglock": 1}}, True),
])
def test_lock_answers(client, monkeypatch, body, expected):
    monkeypatch.setattr(client, "get", lambda path, params=None: body)
    assert d.get_lock(client, 2002) is expected


def test_email_forwarding_input():
    assert d.validate_email_forwarding([{"from": "Info@Example.net", "to": "joe@example.com"},
                                        {"from": "*", "state": "absent"}], "example.net") == {
        "info": "joe@example.com", "*": None}
    with pytest.raises(XtomValidationError, match=r"email_forwarding\[0\].from: 'a@example.com' is not an address of example.net"):
        d.validate_email_forwarding([{"from": "a@example.com", "to": "joe@example.com"}], "example.net")
    with pytest.raises(XtomValidationError, match=r"email_forwarding\[0\].to"):
        d.validate_email_forwarding([{"from": "info", "to": "joe"}])
    with pytest.raises(XtomValidationError, match="listed twice"):
        d.validate_email_forwarding([{"from": "info", "to": "a@b.cd"}, {"from": "INFO", "to": "a@b.cd"}])


@pytest.mark.parametrize("body", [
    {"emforwarding": [{"from": "info", "to": "joe@example.com"}]},
    {"forwarding": {"info": "joe@example.com"}},
    [{"from": "info@example.net", "to": "joe@example.com"}],
    {"emforwarding": {"from": "info", "to": "joe@example.com"}},
])
def test_email_forwarding_answers(body):
    assert d.normalize_email_forwarding(body) == {"info": "joe@example.com"}


def test_email_forwarding_plan():
    current = {"info": "joe@example.com", "old": "x@example.com"}
    changes, after = d.plan_email_forwarding(current, {"info": "JOE@example.com", "old": None, "new": "a@b.cd",
                                                       "gone": None})
    assert changes == [("new", "a@b.cd"), ("old", None)]
    assert after == {"info": "joe@example.com", "new": "a@b.cd"}


def test_contacts():
    want = d.validate_contacts({"Tech": {"Email": "hm@example.com", "phonenumber": 12}})
    assert want == {"tech": {"email": "hm@example.com", "phonenumber": "12"}}
    have = d.normalize_contacts({"contact_info": {"Registrant": {"email": "a@b.cd"}, "tech": {"email": "x@y.zz"}}})
    assert have == {"registrant": {"email": "a@b.cd"}, "tech": {"email": "x@y.zz"}}
    assert d.contacts_differ(have, want)
    merged = d.merge_contacts(have, want)
    assert merged == {"registrant": {"email": "a@b.cd"}, "tech": {"email": "hm@example.com", "phonenumber": "12"}}
    assert not d.contacts_differ(merged, want)
    with pytest.raises(XtomValidationError, match="unknown contact type 'owner'"):
        d.validate_contacts({"owner": {"email": "a@b.cd"}})
    with pytest.raises(XtomValidationError, match="contacts.admin.email"):
        d.validate_contacts({"admin": {"email": "nope"}})


# ---------------------------------------------------------------- DNSSEC

def test_key_tag_matches_rfc4034_example():
    assert d.dnssec_key_tag(256, 5, RFC4034_KEY) == 60485


def test_dnssec_input():
    keys = d.validate_dnssec_keys([{"flags": 257, "algorithm": 13, "public_key": KEY[:30] + "\n " + KEY[30:]}])
    assert keys == [{"key": None, "flags": 257, "algorithm": 13, "protocol": 3, "public_key": KEY, "key_tag": 2371}]
    for item, message in (
        ({"flags": 1, "algorithm": 13, "public_key": KEY}, r"keys\[0\].flags: 1 is not a known"),
        ({"flags": 257, "algorithm": 1, "public_key": KEY}, r"keys\[0\].algorithm: 1"),
        ({"flags": 257, "algorithm": 13, "public_key": "abc"}, r"keys\[0\].public_key"),
    ):
        with pytest.raises(XtomValidationError, match=message):
            d.validate_dnssec_keys([item])
    with pytest.raises(XtomValidationError, match="listed twice"):
        d.validate_dnssec_keys([{"flags": 257, "algorithm": 13, "public_key": KEY}] * 2)


@pytest.mark.parametrize("body, ref", [
    ({"keys": [{"id": "7", "flags": "257", "protocol": "3", "alg": "13", "pubkey": KEY}]}, "7"),
    ({"dnssec": {"9": {"flags": 257, "algorithm": 13, "public_key": KEY}}}, "9"),
    ([{"flags": "257", "alg": "13", "pubkey": KEY, "keytag": "2371"}], "2371"),
    ([{"flags": "257", "alg": "13", "pubkey": KEY}], "2371"),
])
def test_dnssec_answers(body, ref):
    keys = d.normalize_dnssec_keys(body)
    assert [(k["key"], k["flags"], k["algorithm"], k["public_key"], k["key_tag"]) for k in keys] == [
        (ref, 257, 13, KEY, 2371)]


@pytest.mark.parametrize("body", [
    {"flags": {"256": "ZSK", "257": "KSK"}},
    {"flags": [{"value": "257", "name": "KSK"}, {"value": 256, "name": "ZSK"}]},
    ["256", "257"],
    {"flags": {"ZSK": "256", "KSK": "257"}},
])
def test_dnssec_flag_answers(body):
    assert [f["flags"] for f in d.normalize_dnssec_flags(body)] == [256, 257]


def test_dnssec_plan():
    ksk = d.make_dnssec_key(257, 13, KEY, key="1")
    zsk = d.make_dnssec_key(256, 13, KEY, key="2")
    new = d.make_dnssec_key(257, 15, "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=")
    assert d.plan_dnssec([ksk, zsk], [ksk]) == ([], [])
    assert d.plan_dnssec([ksk, zsk], [ksk], purge=True) == ([], [zsk])
    assert d.plan_dnssec([ksk], [new, ksk]) == ([new], [])
    assert d.plan_dnssec([ksk, zsk], [zsk, new], state="absent") == ([], [zsk])
    assert d.plan_dnssec([ksk, zsk], [], purge=True) == ([], [ksk, zsk])


# ---------------------------------------------------------------- lookup and TLDs

def test_lookup_answers():
    assert d.normalize_lookup({"status": "ok"}, "a.com") == {"name": "a.com", "available": True, "premium": False,
                                                             "periods": []}
    assert d.normalize_lookup({}, "a.com")["available"] is False
    row = d.normalize_tld({"id": "6", "tld": "com", "periods": [{"period": "2", "register": "20.00"}]})
    assert row == {"id": 6, "tld": ".com", "periods": [
        {"tld_id": 6, "years": 2, "register": "20.00", "transfer": "", "renew": "", "redemption": ""}]}
