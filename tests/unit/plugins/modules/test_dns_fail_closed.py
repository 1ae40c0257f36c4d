"""Issues 12, 13 and 14 for the DNS modules: answers understood or refused, one write path, long TXT."""

import pytest

from test_dns_modules import run_module

RECORD = dict(zone="example.com", record="www", type="A", value=["203.0.113.99"])
RECORDS = dict(zone="example.com", prune=True, records=[
    {"record": "@", "type": "A", "value": ["203.0.113.10"]},
    {"record": "www", "type": "A", "value": ["203.0.113.11"]},
    {"record": "mail", "type": "A", "value": ["203.0.113.25"]},
    {"record": "@", "type": "MX", "value": ["10 mail.example.com"]},
])
REGISTRAR = dict(domain="example.com", record="www", type="A", value=["203.0.113.99"])

# (module, arguments, the route whose answer is not understood)
READS = [
    ("dns_record", RECORD, "GET /dns"),
    ("dns_record", RECORD, "GET /service/1003/dns/3001"),
    ("dns_records", RECORDS, "GET /dns"),
    ("dns_records", RECORDS, "GET /service/1003/dns/3001"),
    ("dns_record", REGISTRAR, "GET /domain/2001/dns"),
    ("dns_record", dict(REGISTRAR, type="URL", value=["https://example.com/"]), "GET /domain/2001/dns/types"),
    ("dns_zone", dict(zone="example.org"), "GET /dns"),
    ("dns_zone", dict(zone="example.net", state="absent"), "GET /dns"),
]


@pytest.mark.parametrize("module_name, args, route", READS, ids=["%s-%s" % (r[0], r[2]) for r in READS])
def test_an_unrecognised_answer_is_refused_naming_the_route_and_nothing_is_written(sim, module_name, args, route):
    sim.reshape("wrap", "^%s$" % route.split(" ", 1)[1])
    mark = sim.mark()
    result = run_module(sim, module_name, **args)
    assert result.get("failed") and result["msg"].startswith("%s: unexpected answer" % route), result
    assert sim.writes(mark) == []


WRITES = [
    ("dns_record", RECORD),
    ("dns_record", dict(zone="example.com", record="blog", type="CNAME", state="absent")),
    ("dns_records", RECORDS),
    ("dns_record", REGISTRAR),
    ("dns_records", dict(domain="example.com", prune=True, records=[{"record": "www", "type": "A", "value": ["203.0.113.7"]}])),
    ("dns_zone", dict(zone="example.org")),
    ("dns_zone", dict(zone="example.net", state="absent")),
    ("dns_records", dict(RECORDS, zone="new.example", create=True)),
]


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
@pytest.mark.parametrize("module_name, args", WRITES, ids=["%s-%d" % (w[0], n) for n, w in enumerate(WRITES)])
def test_check_mode_and_real_run_give_the_same_changes_and_diff(sim, module_name, args):
    mark = sim.mark()
    check = run_module(sim, module_name, _ansible_check_mode=True, _ansible_diff=True, **args)
    assert not check.get("failed"), check
    assert sim.writes(mark) == []
    done = run_module(sim, module_name, _ansible_diff=True, **args)
    assert not done.get("failed"), done
    assert check["changed"] is True and done["changes"] == check["changes"] and done["diff"] == check["diff"]
    assert all(set(c) == {"action", "what", "before", "after"} for c in done["changes"])
    assert all(d["before_header"] == c["what"] for d, c in zip(done["diff"], done["changes"]))
    again = run_module(sim, module_name, **args)
    assert again["changed"] is False and again["changes"] == []


def test_diff_headers_name_zone_record_and_type(sim):
    result = run_module(sim, "dns_record", _ansible_check_mode=True, **RECORD)
    assert result["changes"] == [{"action": "update", "what": "example.com www A",
                                  "before": {"id": 10006, "record": "www", "type": "A", "value": "203.0.113.10", "ttl": 3600},
                                  "after": {"record": "www", "type": "A", "value": "203.0.113.99", "ttl": 3600}}]
    assert result["zone"] == {"id": 3001, "name": "example.com", "service_id": 1003, "domain_id": None}


def test_returned_zone_has_the_shape_of_dns_zone_info(sim):
    info = run_module(sim, "dns_zone_info", zone="example.com")["zones"][0]
    assert run_module(sim, "dns_zone", zone="example.com")["zone"] == info
    assert run_module(sim, "dns_records", zone="example.com", records=[])["zone"] == info
    assert set(run_module(sim, "dns_record", **REGISTRAR)["zone"]) == set(info)


BAD_IDS = [
    ("dns_record", dict(zone_id="٣٠٠١", record="www", type="A", value=["203.0.113.1"]), "zone_id=٣٠٠١: is not an id"),
    ("dns_record", dict(zone_id="³", record="www", type="A", value=["203.0.113.1"]), "zone_id=³: is not an id"),
    ("dns_records", dict(domain_id="٢٠٠١", records=[]), "domain_id=٢٠٠١: is not an id"),
    ("dns_zone", dict(zone_id="٣٠٠١", state="absent"), "zone_id=٣٠٠١: is not an id"),
    ("dns_zone", dict(zone="example.org", service="٣٠٣"), "service=٣٠٣: is not an id"),
    ("dns_zone_info", dict(zone_id="٣٠٠١"), "zone_id=٣٠٠١: is not an id"),
    ("dns_record", dict(zone="example.com", record="w\nw", type="A", value=["203.0.113.1"]), "control character"),
    ("dns_record", dict(zone="example.com\n", record="www", type="A", value=["203.0.113.1"]), "control character"),
    ("dns_record", dict(zone="example.com", record="@", type="TXT", value=["v=spf1\n-all"]), "control character"),
    ("dns_record", dict(zone="example.com", record="@", type="TXT", value=["v=spf1\x00 -all"]), "control character"),
    ("dns_zone", dict(zone="example.org\x00"), "control character"),
]


@pytest.mark.parametrize("module_name, args, text", BAD_IDS, ids=["%s-%d" % (b[0], n) for n, b in enumerate(BAD_IDS)])
def test_ids_are_ascii_digits_and_text_has_no_control_characters(sim, module_name, args, text):
    mark = sim.mark()
    result = run_module(sim, module_name, **args)
    assert result.get("failed") and text in result["msg"], result
    assert "Traceback" not in result["msg"] and sim.writes(mark) == []


def test_dns_zone_refuses_a_service_that_is_not_a_dns_service_before_any_write(sim):
    mark = sim.mark()
    result = run_module(sim, "dns_zone", zone="example.org", service="1001")
    assert result["failed"] and result["msg"].startswith("service=1001: is not a DNS hosting service of this account")
    assert "valid: dns.example.com (id 1003" in result["msg"]
    assert sim.writes(mark) == []


def test_dns_zone_absent_whose_retry_gets_404_is_done(sim):
    sim.fault(status=502, method="DELETE", path="^/service/1003/dns/3002$", after=True)
    result = run_module(sim, "dns_zone", zone="example.net", state="absent")
    assert not result.get("failed") and result["changed"], result
    assert 3002 not in sim.db["dns_zones"]
    assert [e["status"] for e in sim.requests(0, "DELETE")] == [502, 404]


DKIM = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" * 9


@pytest.mark.parametrize("given", [DKIM, '"%s"' % DKIM, '"%s" "%s"' % (DKIM[:200], DKIM[200:])])
def test_a_long_txt_value_is_sent_in_255_character_strings_and_compared_by_text(sim, given):
    args = dict(zone="example.com", record="default._domainkey", type="TXT", value=[given])
    mark = sim.mark()
    result = run_module(sim, "dns_record", **args)
    assert result["changed"] and result["record_set"]["value"] == [DKIM], result
    sent = [e["body"]["content"] for e in sim.requests(mark, "POST")]
    if given.count('"') == 4:
        assert sent == [given]  # every string already fits: sent as given
    else:
        assert sent == ['"%s" "%s"' % (DKIM[:255], DKIM[255:])]
    for form in (DKIM, '"%s"' % DKIM):
        again = dict(args)
        again["value"] = [form]
        assert run_module(sim, "dns_record", **again)["changed"] is False
