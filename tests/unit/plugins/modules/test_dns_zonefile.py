"""Zone files in and out (issue 15 item 1): dns_zonefile, dns_records zone_file / zone_file_content and
dns_zone_info include=[zone_file], in this process against the simulator.

The real-world zone files are in tests/unit/data/*.zone: a small business zone (mail, DKIM, SPF,
DMARC, SRV, CAA, comments, parentheses), a BIND-style zone with several $ORIGIN blocks and TTL
units, and another provider's export holding records xTom cannot hold.
"""

import os

import pytest

from test_dns_modules import run_module

from ansible_collections.xtom.console.plugins.module_utils import dns_zonefile
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import ZoneBackend
from ansible_collections.xtom.console.plugins.module_utils.dns_zonefile import zone_file_records, zone_file_text

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")
BUSINESS = os.path.join(DATA, "example.com.zone")
BIND = os.path.join(DATA, "example.net.zone")
LEGACY = os.path.join(DATA, "legacy.example.org.zone")
BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)


def records(text, zone="example.com", caps=ZoneBackend):
    return zone_file_records({"label": "zone_file_content", "text": text}, zone, caps)


def by_set(items):
    return dict(((i["record"], i["type"]), (sorted(i["value"]), i["ttl"])) for i in items)


def refused(text, zone="example.com", caps=ZoneBackend):
    with pytest.raises(XtomValidationError) as exc:
        records(text, zone, caps)
    return str(exc.value)


# ------------------------------------------------------------------------------------ reading
def test_business_zone_file_is_read_into_record_sets():
    with open(BUSINESS) as handle:
        sets = by_set(records(handle.read()))
    assert ("@", "SOA") not in sets and ("@", "NS") not in sets  # the DNS service's own
    assert sets[("www", "A")] == (["203.0.113.10"], 300)
    assert sets[("static", "CNAME")] == (["www.example.com."], 3600)  # absolute owner, relative target
    assert sets[("shop", "CNAME")] == (["shops.example-cart.net."], 3600)
    assert sets[("mail", "AAAA")] == (["2001:db8:10::25"], 3600)  # owner inherited from the line above
    assert sets[("@", "MX")] == (["10 mail.example.com.", "20 mx2.example-backup.net."], 3600)
    assert sets[("_imaps._tcp", "SRV")] == (["0 1 993 mail.example.com."], 3600)
    assert sets[("_sip._tls", "SRV")] == (["10 60 5061 sip.example.com."], 3600)  # TTL 1h
    assert sets[("@", "CAA")][0] == ['0 iodef "mailto:security@example.com"', '0 issue "letsencrypt.org"',
                                     '0 issuewild ";"']
    dkim = sets[("sel1._domainkey", "TXT")][0][0]
    assert dkim.startswith('"v=DKIM1; k=rsa; " "p=MIIB') and dkim.count('" "') == 3  # four strings, three lines
    assert sets[("_dmarc", "TXT")] == (['"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; fo=1"'], 300)
    assert len(sets) == 19


def test_bind_style_zone_file_with_several_origins():
    with open(BIND) as handle:
        sets = by_set(records(handle.read(), "example.net"))
    assert sets[("www", "CNAME")] == (["example.net."], 3600)
    assert sets[("vpn", "AAAA")] == (["2001:db8:40::41"], 300)  # class before TTL
    assert sets[("*.dev", "A")] == (["203.0.113.42"], 3600)
    assert sets[("shop", "A")] == (["203.0.113.50"], 3600)  # $ORIGIN shop.example.net.
    assert sets[("api.shop", "CNAME")] == (["shop.example.net."], 600)
    assert sets[("sub", "NS")][0] == ["ns1.sub-dns.example.org.", "ns2.sub-dns.example.org."]  # not the apex: kept
    assert sets[("_443._tcp.www", "TLSA")][0] == ["3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"]
    assert ("@", "NS") not in sets and ("@", "SOA") not in sets


def test_records_the_portal_cannot_hold_are_all_named_by_line():
    with open(LEGACY) as handle:
        text = handle.read()
    msg = refused(text, "legacy.example.org")
    assert msg.startswith("zone_file_content: 6 records cannot be held by legacy.example.org: ")
    for part in ("line 6: legacy.example.org. TTL 1 is out of range",
                 "line 8: host1.legacy.example.org. type HINFO cannot be held by a hosted DNS zone",
                 "line 9: legacy.example.org. type SPF cannot be held",
                 "line 11: _sip._udp.legacy.example.org. type NAPTR cannot be held",
                 "line 12: fast.legacy.example.org. TTL 10 is out of range",
                 "line 14: mail.legacy.example.org. TTL 3600 differs from the TTL 300 of line 13"):
        assert part in msg, msg
    assert msg.endswith("nothing was changed")


@pytest.mark.parametrize("text, expected", [
    ("$INCLUDE other.zone\nwww 300 IN A 203.0.113.1\n", "line 1: zone file directive '$INCLUDE' is not allowed"),
    ("$TTL 300\n$GENERATE 1-10 host$ A 203.0.113.$\n", "line 2: zone file directive '$GENERATE' is not allowed"),
    ("$TTL 300\nwww CH A 203.0.113.1\n", "line 2: the class is not IN"),
    ("$TTL 300\nwww A 203.0.113.1\nwww.example.org. A 203.0.113.2\n", "line 3: www.example.org. is not inside the zone example.com"),
    ("$TTL 300\n\n www A 203.0.113.300\n", "line 3: "),
    ("; no $TTL\nwww A 203.0.113.1\n", "line 2: Missing default TTL value"),
    ("$TTL 300\nwww CNAME example.net.\nwww A 203.0.113.1\n", "line 3: a CNAME cannot sit beside other records"),
    ("$TTL 300\nwww URL https://example.net/\n", "line 2: unknown rdatatype 'URL' (URL, FRAME and MXE records"),
    ("$TTL 300\nwww SOA a. b. 1 2 3 4 5\n", "line 2: an SOA record is only possible at the zone apex"),
    ("$TTL 300\nwww TXT \"v=spf1 -all\" (\n", "line 2: "),
    ("$TTL 300\nwww TXT ( \"v=spf1\"\n  \"%s\" )\n" % ("x" * 256), "line 2: string too long"),
])
def test_files_that_cannot_be_read_are_refused_naming_the_line(text, expected):
    msg = refused(text)
    assert msg.startswith("zone_file_content: ") and expected in msg, msg


def test_zone_file_names_and_values_pass_the_record_rules():
    msg = refused("$TTL 300\nbad_name!x A 203.0.113.1\n")
    assert "line 2: " in msg
    msg = refused("$TTL 300\nwww CNAME a.example.net.\nwww CNAME b.example.net.\n")
    assert "line 2" in msg  # a CNAME holds one target (dnspython keeps the last; the rule names the set)


def test_without_origin_names_are_relative_to_the_zone_and_a_file_origin_is_used_when_the_zone_is_unknown():
    text = "$TTL 600\nwww A 203.0.113.5\n@ MX 10 mail\n"
    assert by_set(records(text)) == {("www", "A"): (["203.0.113.5"], 600),
                                     ("@", "MX"): (["10 mail.example.com."], 600)}
    assert records(text, None) is None  # checked again once the zone name is read
    with_origin = "$ORIGIN example.org.\n" + text
    assert by_set(records(with_origin, None))[("@", "MX")] == (["10 mail.example.org."], 600)
    assert "is not inside the zone example.com" in refused(with_origin)


def test_registrar_dns_takes_no_ttl_and_never_prunes_what_a_zone_file_cannot_express():
    sets = by_set(records("$TTL 300\nwww A 203.0.113.1\n@ 60 TXT \"v=spf1 -all\"\n", caps=RegistrarBackend))
    assert sets == {("www", "A"): (["203.0.113.1"], None), ("@", "TXT"): (['"v=spf1 -all"'], None)}
    assert dns_zonefile.zone_file_ignore(RegistrarBackend) == [{"record": None, "type": t} for t in ("URL", "FRAME", "MXE")]
    assert dns_zonefile.zone_file_ignore(ZoneBackend) == []


# ------------------------------------------------------------------------------------ writing
def _rec(record, rtype, value, content=None, ttl=3600, priority=None, rid=1):
    return {"id": rid, "record": record, "type": rtype, "value": value, "content": content or value,
            "priority": priority, "ttl": ttl}


def test_zone_file_text_writes_each_record_with_its_own_ttl_and_reads_back_the_same():
    zone = {"id": 3001, "name": "example.com", "service_id": 1003, "domain_id": None}
    long_text = "v=DKIM1; k=rsa; p=" + "A" * 400
    rows = [
        _rec("www", "A", "203.0.113.10", ttl=300),
        _rec("www", "A", "203.0.113.11", ttl=300),
        _rec("@", "MX", "10 mail.example.com", "mail.example.com", priority=10),
        _rec("@", "TXT", 'say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'),
        _rec("k._domainkey", "TXT", long_text, long_text),  # one long string: written as strings of 255
        _rec("_sip._tcp", "SRV", "10 5 5060 sip.example.net", "5 5060 sip.example.net", priority=10),
        _rec("@", "CAA", '0 issue "letsencrypt.org"'),
        _rec("*", "CNAME", "www.example.com"),
        _rec("@", "NS", "ns1.xtom.com", ttl=86400),
        _rec("@", "SOA", "ns1.xtom.com. hostmaster.example.com. 1 2 3 4 5"),
    ]
    text, problems = zone_file_text(zone, rows, True)
    assert problems == []
    lines = text.splitlines()
    assert lines[2] == "$ORIGIN example.com." and "SOA" in lines[3] and "NS" in lines[4]
    words = [" ".join(line.split()) for line in lines]
    assert "www 300 IN A 203.0.113.10" in words and "@ 3600 IN MX 10 mail" in words
    assert "_sip._tcp 3600 IN SRV 10 5 5060 sip.example.net." in words and "* 3600 IN CNAME www" in words
    sets = by_set(records(text))
    assert sets[("www", "A")] == (["203.0.113.10", "203.0.113.11"], 300)
    assert sets[("@", "TXT")] == (['"say \\"hi\\" \\\\ bye"'], 3600)
    dkim = sets[("k._domainkey", "TXT")][0][0]
    assert dkim.count('" "') == 1 and dkim.replace('" "', "").strip('"') == long_text
    assert sets[("*", "CNAME")] == (["www.example.com."], 3600)
    assert sets[("@", "CAA")] == (['0 issue "letsencrypt.org"'], 3600)
    assert text == zone_file_text(zone, list(reversed(rows)), True)[0]  # one order, no date: same zone, same text


def test_registrar_zone_file_has_no_ttls_and_comments_what_is_not_a_dns_record():
    zone = {"id": None, "name": "example.com", "service_id": None, "domain_id": 2001}
    rows = [_rec("www", "A", "203.0.113.10", ttl=None), _rec("go", "URL", "https://example.net/", ttl=None),
            _rec("bad", "A", "not-an-address", ttl=None)]
    text, problems = zone_file_text(zone, rows, False)
    assert "$TTL 3600" in text and "www IN A     203.0.113.10" in text
    assert "; go URL https://example.net/  ; not a zone-file record" in text
    assert problems[0].startswith("bad.example.com A: not written (")
    assert problems[1] == "go.example.com URL: not a DNS record type (kept by a zone-file sync, never pruned)"
    assert by_set(records(text, caps=RegistrarBackend)) == {("www", "A"): (["203.0.113.10"], None)}


# ------------------------------------------------------------------------------ the modules
@BOTH
def test_business_zone_file_syncs_then_is_a_no_op_and_exports_the_same_records(sim):
    args = dict(zone="example.com", zone_file=BUSINESS, prune=True, ignore=[{"record": "_acme-challenge*"}])
    mark = sim.mark()
    check = run_module(sim, "dns_records", _ansible_check_mode=True, _ansible_diff=True, **args)
    assert not check.get("failed"), check
    assert sim.writes(mark) == []
    done = run_module(sim, "dns_records", _ansible_diff=True, **args)
    assert done["changes"] == check["changes"] and done["diff"] == check["diff"] and done["changed"]
    assert any(c["what"] == "example.com blog CNAME" and c["after"] is None or c["before"] and c["before"]["record"] == "blog"
               for c in done["changes"])
    mark = sim.mark()
    again = run_module(sim, "dns_records", **args)
    assert again["changed"] is False and sim.writes(mark) == [] and len(sim.requests(mark)) == 2
    exported = run_module(sim, "dns_zone_info", zone="example.com", include=["zone_file", "records"])
    zone = exported["zones"][0]
    with open(BUSINESS) as handle:
        assert by_set(records(zone["zone_file"])) == by_set(records(handle.read()))
    assert len(zone["records"]) == len([line for line in zone["zone_file"].splitlines() if " IN " in line])


@BOTH
@pytest.mark.parametrize("target", [{"zone": "example.com"}, {"domain": "example.com"}, {"zone": "example.net"},
                                    {"domain": "example.net"}])
def test_export_then_import_is_a_no_op(sim, target):
    mark = sim.mark()
    exported = run_module(sim, "dns_zone_info", include=["zone_file"], **target)
    assert exported["changed"] is False and len(sim.requests(mark)) == 2
    mark = sim.mark()
    back = run_module(sim, "dns_records", zone_file_content=exported["zones"][0]["zone_file"], prune=True, **target)
    assert back["changed"] is False and back["changes"] == [] and sim.writes(mark) == [], back


@BOTH
def test_zone_id_without_a_name_reads_the_zone_first_then_checks_the_file(sim):
    text = "$TTL 300\nwww A 203.0.113.99\nelsewhere.example.org. A 203.0.113.1\n"
    mark = sim.mark()
    result = run_module(sim, "dns_records", zone_id="3001", service="1003", zone_file_content=text)
    assert result["failed"] and "line 3: elsewhere.example.org. is not inside the zone example.com" in result["msg"]
    assert sim.writes(mark) == []
    done = run_module(sim, "dns_records", zone_id="3001", service="1003", zone_file_content=text.splitlines()[0] + "\n" +
                      text.splitlines()[1] + "\n")
    assert [c["what"] for c in done["changes"]] == ["example.com www A"]


def test_registrar_keeps_url_records_and_types_it_does_not_list_are_named_by_line(sim):
    sim.db["domain_dns"][2001].append({"name": "go", "type": "URL", "priority": 0, "content": "https://example.net/"})
    exported = run_module(sim, "dns_zone_info", domain="example.com", include=["zone_file"])
    assert "go.example.com URL: not a DNS record type" in str(exported["warnings"])
    mark = sim.mark()
    back = run_module(sim, "dns_records", domain="example.com", zone_file_content=exported["zones"][0]["zone_file"],
                      prune=True)
    assert back["changed"] is False and sim.writes(mark) == []
    with open(BUSINESS) as handle:
        text = handle.read()
    mark = sim.mark()
    refused_run = run_module(sim, "dns_records", domain="example.com", zone_file_content=text, prune=True)
    assert refused_run["failed"] and "zone_file_content line 22 (@ MX)" not in refused_run["msg"]
    assert "zone_file_content line 36 (_submission._tcp SRV): type=SRV is not supported by the DNS of domain example.com" \
        in refused_run["msg"], refused_run["msg"]
    assert sim.writes(mark) == []


@pytest.mark.parametrize("route, args", [
    ("/dns", dict(zone="example.com")),
    ("/service/1003/dns/3001", dict(zone="example.com")),
    ("/domain/2001/dns", dict(domain="example.com")),
    ("/domain/2001/dns/types", dict(domain="example.com")),
])
def test_an_unrecognised_answer_is_refused_before_any_write(sim, route, args):
    sim.reshape("wrap", "^%s$" % route)
    mark = sim.mark()
    text = "$TTL 300\nwww A 203.0.113.99\nv6 AAAA 2001:db8::99\n"  # AAAA: not in use at the registrar (types read)
    result = run_module(sim, "dns_records", zone_file_content=text, prune=True, **args)
    assert result.get("failed") and result["msg"].startswith("GET %s: unexpected answer" % route), result
    assert sim.writes(mark) == []
    if route != "/domain/2001/dns/types":
        info = run_module(sim, "dns_zone_info", include=["zone_file"], **args)
        assert info.get("failed") and info["msg"].startswith("GET %s: unexpected answer" % route), info


def test_input_problems_fail_before_any_request(sim, tmp_path):
    mark = sim.mark()
    missing = run_module(sim, "dns_records", zone="example.com", zone_file=str(tmp_path / "nope.zone"))
    assert missing["msg"].startswith("zone_file=%s: cannot be read on the host the module runs on" % (tmp_path / "nope.zone"))
    binary = tmp_path / "bin.zone"
    binary.write_bytes(b"www 300 IN TXT \"\xff\xfe\"\n")
    assert "is not UTF-8 text" in run_module(sim, "dns_records", zone="example.com", zone_file=str(binary))["msg"]
    both = run_module(sim, "dns_records", zone="example.com", zone_file=BUSINESS, records=[])
    assert "mutually exclusive" in both["msg"]
    for empty in ("", "; nothing here\n$TTL 300\n"):
        msg = run_module(sim, "dns_records", zone="example.com", zone_file_content=empty, prune=True)["msg"]
        assert msg.startswith("zone_file_content: holds no records (an empty file would remove every record"), msg
    neither = run_module(sim, "dns_records", zone="example.com")
    assert "one of the following is required: records, zone_file, zone_file_content" in neither["msg"]
    with open(LEGACY) as handle:
        legacy = run_module(sim, "dns_records", zone="legacy.example.org", zone_file_content=handle.read(), create=True)
    assert "6 records cannot be held" in legacy["msg"]
    assert sim.requests(mark) == []


def test_without_dnspython_a_clear_error_names_pip_install_before_any_request(sim, monkeypatch):
    monkeypatch.setattr(dns_zonefile, "HAS_DNSPYTHON", False)
    mark = sim.mark()
    for module_name, args in (("dns_records", dict(zone="example.com", zone_file_content="www 300 IN A 203.0.113.1\n")),
                              ("dns_zone_info", dict(zone="example.com", include=["zone_file"]))):
        result = run_module(sim, module_name, **args)
        assert result["failed"] and "dnspython" in result["msg"] and "pip install dnspython" in result["msg"], result
    assert sim.requests(mark) == []
    plain = run_module(sim, "dns_records", zone="example.com", records=[{"record": "www", "type": "A", "value": ["203.0.113.10"]}])
    assert not plain.get("failed"), plain  # records need no dnspython


def test_zone_info_exports_every_zone_of_the_account(sim):
    mark = sim.mark()
    result = run_module(sim, "dns_zone_info", include=["zone_file"])
    assert [z["name"] for z in result["zones"]] == ["example.com", "example.net"]
    assert all(z["zone_file"].startswith("; hosted zone %s (zone_id %d" % (z["name"], z["id"])) for z in result["zones"])
    assert "records" not in result["zones"][0]
    assert len(sim.requests(mark)) == 1 + len(result["zones"])


def test_create_previews_a_new_zone_from_a_zone_file(sim):
    text = "$ORIGIN example.org.\n$TTL 300\n@ A 203.0.113.60\nwww CNAME @\n"
    mark = sim.mark()
    check = run_module(sim, "dns_records", zone="example.org", create=True, zone_file_content=text, _ansible_check_mode=True)
    assert [c["what"] for c in check["changes"]] == ["zone example.org", "example.org @ A", "example.org www CNAME"]
    assert sim.writes(mark) == []
    done = run_module(sim, "dns_records", zone="example.org", create=True, zone_file_content=text)
    assert done["changes"] == check["changes"]


@BOTH
def test_prune_keeps_what_ignore_matches_and_txt_compares_by_its_text(sim):
    text = ("$ORIGIN example.com.\n$TTL 3600\n"
            "@ A 203.0.113.10\n@ AAAA 2001:db8:10::10\nwww A 203.0.113.10\nwww AAAA 2001:db8:10::10\n"
            "mail A 203.0.113.25\n@ MX 10 mail\n"
            "@ TXT \"v=spf1 \" \"mx -all\"   ; the same text as \"v=spf1 mx -all\", in two strings\n"
            "_dmarc 300 TXT \"v=DMARC1; p=none\"\n")
    mark = sim.mark()
    result = run_module(sim, "dns_records", zone="example.com", zone_file_content=text, prune=True,
                        ignore=[{"record": "blog", "type": "CNAME"}])
    assert result["changed"] is False and sim.writes(mark) == [], result
    result = run_module(sim, "dns_records", zone="example.com", zone_file_content=text, prune=True)
    assert [(c["action"], c["what"]) for c in result["changes"]] == [("delete", "example.com blog CNAME")]
