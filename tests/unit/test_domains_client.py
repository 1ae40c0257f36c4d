"""plugins/module_utils/domains.py against the in-process simulator: resolution and round trips."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import domains as d
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

KEY = "oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA=="


def test_resolve_by_name_picks_the_live_registration(client):
    assert d.resolve_domain(client, name="Example.ORG.")["id"] == 2004
    assert client.counts == {"GET": 1}


def test_resolve_ambiguous_unknown_and_by_id(client, sim):
    with pytest.raises(XtomValidationError, match=r"ambiguous: id 2005 \(Active.*id 2006 \(Active"):
        d.resolve_domain(client, name="example.biz")
    with pytest.raises(XtomValidationError, match=r"'exmaple.net' is not a domain of this account: did you mean example.net"):
        d.resolve_domain(client, name="exmaple.net")
    with pytest.raises(XtomValidationError, match="'xn--bcher-kva.example' is not a domain"):
        d.resolve_domain(client, name="Bücher.example")
    with pytest.raises(XtomValidationError, match="domain_id=42 is not a domain"):
        d.resolve_domain(client, domain_id=42)
    assert d.resolve_domain(client, domain_id=2003)["status"] == "Expired"  # an id is never ambiguous


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


def test_switches_round_trip(client):
    assert d.get_lock(client, 2002) is True
    d.set_lock(client, 2002, False)
    assert d.get_lock(client, 2002) is False
    d.set_autorenew(client, 2002, False)
    assert d.get_autorenew(client, 2002) is False
    d.set_id_protection(client, 2002, True)
    assert d.get_domain(client, 2002)["idprotection"] is True


def test_contacts_and_forwarding_round_trip(client, sim):
    have = d.get_contacts(client, 2002)
    merged = d.merge_contacts(have, {"tech": {"email": "hm@example.com"}})
    d.set_contacts(client, 2002, merged)
    assert d.get_contacts(client, 2002) == merged
    d.set_email_forwarding(client, 2002, "sales", "joe@example.com")
    d.set_email_forwarding(client, 2002, "info", None)
    assert d.get_email_forwarding(client, 2002) == {"sales": "joe@example.com"}
    d.set_forwarding(client, 2002, "https://www.example.com/", "redirect")
    assert sim.db["domains"][2002]["forwarding"] == {"url": "https://www.example.com/", "type": "redirect"}


def test_sync_pulls_registry_values(client):
    assert d.get_domain(client, 2002)["expires"] == "2027-06-11"
    d.sync_domain(client, 2002)
    assert d.get_domain(client, 2002)["expires"] == "2028-06-11"


def test_dnssec_round_trip(client):
    assert [f["flags"] for f in d.get_dnssec_flags(client, 2002)] == [256, 257]
    key = d.validate_dnssec_keys([{"flags": 256, "algorithm": 13, "public_key": KEY}])[0]
    d.add_dnssec_key(client, 2002, key)
    keys = d.list_dnssec_keys(client, 2002)
    assert [(k["key"], k["flags"]) for k in keys] == [("1", 257), ("2", 256)]
    with pytest.raises(XtomApiError, match="already present"):
        d.add_dnssec_key(client, 2002, key)
    d.delete_dnssec_key(client, 2002, keys[1])
    d.delete_dnssec_key(client, 2002, keys[1])  # already gone: no error
    assert [k["key"] for k in d.list_dnssec_keys(client, 2002)] == ["1"]


def test_epp_lookup_tlds_and_forms(client):
    assert d.get_epp_code(client, 2002) == "EPP-2002-7fQ2-kLm9"
    assert d.lookup_domain(client, "example.net")["available"] is False
    assert d.lookup_domain(client, "brand-new.io")["periods"][0]["tld_id"] == 9
    with pytest.raises(XtomApiError, match="not offered"):
        d.lookup_domain(client, "brand-new.xyz")
    tlds = d.list_tlds(client)
    assert [t["tld"] for t in tlds][:3] == [".com", ".net", ".org"]
    assert [f["title"] for f in d.get_tld_forms(client, 9)] == ["DNS Management", "Language"]
