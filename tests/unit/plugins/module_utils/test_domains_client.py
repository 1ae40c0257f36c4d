"""plugins/module_utils/domains.py against the in-process simulator: resolution and round trips."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import domains as d
from ansible_collections.xtom.console.plugins.module_utils import domains_input as di
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

KEY = "oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA=="


BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)


@BOTH
def test_resolve_by_name_picks_the_live_registration(client, sim):
    assert d.resolve_domain(client, name="Example.ORG.")["id"] == 2004
    assert client.counts == {"GET": 1}


def test_resolve_ambiguous_unknown_and_by_id(client, sim):
    with pytest.raises(XtomValidationError, match=r"ambiguous: id 2005 \(Active.*id 2006 \(Active"):
        d.resolve_domain(client, name="example.biz")
    with pytest.raises(XtomValidationError, match=r"domain=exmaple.net: is not a domain of this account: did you mean example.net"):
        d.resolve_domain(client, name="exmaple.net")
    with pytest.raises(XtomValidationError, match="domain=xn--bcher-kva.example: is not a domain"):
        d.resolve_domain(client, name="Bücher.example")
    with pytest.raises(XtomValidationError, match="domain_id=42: is not a domain of this account"):
        d.resolve_domain(client, domain_id=42)
    assert d.resolve_domain(client, domain_id=2003)["status"] == "Expired"  # an id is never ambiguous
    assert d.resolve_domain(client, domain_id="2003")["id"] == 2003


@pytest.mark.parametrize("value", ["\u00b3", "\u0663\u0660\u0663", "20.02", "-1", "", "0x7d2"])
def test_domain_id_is_ascii_digits_only(client, sim, value):
    mark = sim.mark()
    with pytest.raises(XtomValidationError, match="domain_id=.*: is not an id"):
        d.resolve_domain(client, domain_id=value)
    assert sim.requests(mark) == []


@pytest.mark.parametrize("name", ["example.net\n", "exa mple.net", "example..net", "", "ex\x00.net"])
def test_domain_name_is_checked_before_any_request(client, sim, name):
    mark = sim.mark()
    with pytest.raises(XtomValidationError, match="^domain="):
        d.resolve_domain(client, name=name)
    assert sim.requests(mark) == []


@BOTH
def test_nameserver_round_trip_and_defaults(client, sim):
    d.set_nameservers(client, 2002, ["ns1.example.com", "ns2.example.com"])
    assert d.get_nameservers(client, 2002) == ["ns1.example.com", "ns2.example.com"]
    assert d.resolve_domain(client, name="example.net")["nameservers"] == ["ns1.example.com", "ns2.example.com"]
    d.set_nameservers(client, 2002, [])
    assert d.get_nameservers(client, 2002) == ["ns1.xtom.com", "ns2.xtom.com"]
    with pytest.raises(XtomApiError, match="between 2 and 13"):
        d.set_nameservers(client, 2002, ["ns1.example.com"])


def test_child_nameserver(client, sim):
    d.register_child_nameserver(client, 2002, "ns1.example.net", "203.0.113.53")
    assert sim.db["domains"][2002]["glue"] == {"ns1.example.net": "203.0.113.53"}
    with pytest.raises(XtomApiError, match="must be under example.net"):
        d.register_child_nameserver(client, 2002, "ns1.example.com", "203.0.113.53")


@BOTH
def test_switches_round_trip(client, sim):
    assert d.get_lock(client, 2002) is True
    d.set_lock(client, 2002, False)
    assert d.get_lock(client, 2002) is False
    d.set_autorenew(client, 2002, False)
    assert d.get_autorenew(client, 2002) is False
    d.set_id_protection(client, 2002, True)
    assert d.get_domain(client, 2002)["idprotection"] is True


@BOTH
def test_contacts_and_forwarding_round_trip(client, sim):
    have = d.get_contacts(client, 2002)
    assert have["tech"]["firstname"] == "Joe" and have["tech"]["phonenumber"] == "+1.24123123"
    merged = di.merge_contacts(have, {"tech": {"email": "hm@example.com"}})
    d.set_contacts(client, 2002, merged)
    assert d.get_contacts(client, 2002) == merged
    d.set_email_forwarding(client, 2002, "sales", "joe@example.com")
    d.set_email_forwarding(client, 2002, "info", None)
    assert d.get_email_forwarding(client, 2002) == {"sales": "joe@example.com"}
    d.set_forwarding(client, 2002, "https://www.example.com/", "redirect")
    assert sim.db["domains"][2002]["forwarding"] == {"url": "https://www.example.com/", "type": "redirect"}


@BOTH
def test_sync_pulls_registry_values(client, sim):
    assert d.get_domain(client, 2002)["expires"] == "2027-06-11"
    d.sync_domain(client, 2002)
    assert d.get_domain(client, 2002)["expires"] == "2028-06-11"


@BOTH
def test_dnssec_round_trip(client, sim):
    assert [f["flags"] for f in d.get_dnssec_flags(client, 2002)] == [256, 257]
    key = di.validate_dnssec_keys([{"flags": 256, "algorithm": 13, "public_key": KEY}])[0]
    d.add_dnssec_key(client, 2002, key)
    keys = d.list_dnssec_keys(client, 2002)
    assert [(k["key"], k["flags"]) for k in keys] == [("1", 257), ("2", 256)]
    with pytest.raises(XtomApiError, match="already present"):
        d.add_dnssec_key(client, 2002, key)
    d.delete_dnssec_key(client, 2002, keys[1])
    d.delete_dnssec_key(client, 2002, keys[1])  # already gone: no error
    assert [k["key"] for k in d.list_dnssec_keys(client, 2002)] == ["1"]


@BOTH
def test_epp_lookup_tlds_and_forms(client, sim):
    assert d.get_epp_code(client, 2002) == "EPP-2002-7fQ2-kLm9"
    assert d.lookup_domain(client, "example.net")["available"] is False
    assert d.lookup_domain(client, "brand-new.io")["periods"][0]["tld_id"] == 9
    with pytest.raises(XtomApiError, match="not offered"):
        d.lookup_domain(client, "brand-new.xyz")
    tlds = d.list_tlds(client)
    assert [t["tld"] for t in tlds][:3] == [".com", ".net", ".org"]
    assert [f["title"] for f in d.get_tld_forms(client, 9)] == ["DNS Management", "Language"]


def test_dnssec_add_is_sent_once_after_a_gateway_error(client, sim):
    """PUT /domain/@id/dnssec adds a key: a 503 must not make the client send it again (issue 12 item 9)."""
    key = di.validate_dnssec_keys([{"flags": 256, "algorithm": 13, "public_key": KEY}])[0]
    sim.fault(status=503, method="PUT", path="^/domain/2002/dnssec$", after=True)
    mark = sim.mark()
    with pytest.raises(XtomApiError, match="may have carried out") as err:
        d.add_dnssec_key(client, 2002, key)
    assert err.value.uncertain
    assert [(e["method"], e["status"]) for e in sim.requests(mark)] == [("PUT", 503)]
    assert len(sim.db["domains"][2002]["dnssec"]) == 2  # it was applied: a resend would have been refused or doubled


def test_answers_not_understood_name_the_route(client, sim):
    sim.reshape("wrap", "^/domain/2002/(reglock|autorenew|contact|emforwarding|epp|dnssec|dnssec/flags|ns)$")
    for func, route in ((d.get_lock, "reglock"), (d.get_autorenew, "autorenew"), (d.get_contacts, "contact"),
                        (d.get_email_forwarding, "emforwarding"), (d.get_epp_code, "epp"),
                        (d.list_dnssec_keys, "dnssec"), (d.get_dnssec_flags, "dnssec/flags"),
                        (d.get_nameservers, "ns")):
        with pytest.raises(XtomApiError, match="^GET /domain/2002/%s: unexpected answer \\(keys: result_set" % route):
            func(client, 2002)
    sim.reshape("wrap", "^/domain(/2002|/name/example.net)?$")
    for call, route in ((lambda: d.resolve_domain(client, name="example.net"), "/domain/name/example.net"),
                        (lambda: d.resolve_domain(client, domain_id=2002), "/domain/2002"),
                        (lambda: d.list_domains(client), "/domain")):
        with pytest.raises(XtomApiError, match="^GET %s: unexpected answer" % route):
            call()
