"""Review findings in the DNS, domain and account/notification/billing/ticket areas (one test each).

Each test fails without its fix: an answer read the wrong way, a filter not checked before a write,
a 404 taken for "deleted", a pattern that protected nothing from prune, a resent toggle.
"""

import contextlib

import pytest

from ansible_collections.xtom.console.plugins.module_utils import billing, dns_zone_backend, tickets
from ansible_collections.xtom.console.plugins.module_utils.api import XtomAnswerError, XtomValidationError

from test_domains_modules import run_module

ZSK = "oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA=="


@contextlib.contextmanager
def answered(sim, method, template, change):
    """The simulator's ``method template`` route with its answer passed through ``change(req, body)``."""
    routes = sim.sim.router.routes
    pos = next((i for i, r in enumerate(routes) if r[0] == method and r[3] == template), None)
    assert pos is not None, "no route %s %s" % (method, template)
    original = routes[pos]

    def route(req, _func=original[2]):
        return change(req, _func(req))

    routes[pos] = original[:2] + (route,) + original[3:]
    try:
        yield
    finally:
        routes[pos] = original


# ---------------------------------------------------------------- DNS

def _keyed_by_position(req, body):
    return {"records": dict((str(pos), row) for pos, row in enumerate(body["records"]))}


def test_zone_records_keyed_by_position_are_refused(sim):
    """{"0": {"id": "10006", ...}}: the key was taken as the record id (a DELETE of record 0, whose 404
    then counted as "deleted"). A key that is not the row's own id is not understood: nothing is written."""
    with answered(sim, "GET", "/service/@service_id/dns/@zone_id", _keyed_by_position):
        mark = sim.mark()
        result = run_module(sim, "dns_record", zone="example.com", record="blog", type="CNAME", state="absent")
    assert result.get("failed") is True, result
    assert result["msg"].startswith("GET /service/1003/dns/3001: unexpected answer"), result["msg"]
    assert sim.writes(mark) == []
    body = {"records": {"10006": {"id": "10006", "name": "www", "type": "A", "content": "203.0.113.10", "ttl": "300"}}}
    backend = dns_zone_backend.ZoneBackend(None, dns_zone_backend.zone_shape(3001, "example.com", 1003))
    assert [r["id"] for r in backend._parse(body)] == [10006]  # keyed by its own id: understood


def _keyed_by_position_without_ids(req, body):
    rows = [dict((k, v) for k, v in row.items() if k != "id") for row in body["records"]]
    return {"records": dict((str(pos), row) for pos, row in enumerate(rows))}


def test_zone_record_delete_404_while_still_listed_fails(sim):
    """Rows keyed by position without their own id: DELETE /records/<position> got 404, which counted as
    "already gone" while the record stayed. A 404 is done only when the record is no longer listed."""
    with answered(sim, "GET", "/service/@service_id/dns/@zone_id", _keyed_by_position_without_ids):
        result = run_module(sim, "dns_record", zone="example.com", record="blog", type="CNAME", state="absent")
    assert result.get("failed") is True, result
    assert result["msg"].startswith("DELETE /service/1003/dns/3001/records/10 failed (HTTP 404)"), result["msg"]
    assert "still listed" in result["msg"]
    assert [r["name"] for r in sim.db["dns_zones"][3001]["records"]].count("blog") == 1


def test_zone_record_delete_404_of_a_record_really_gone_counts_as_done(sim):
    sim.fault(status=504, method="DELETE", after=True)
    result = run_module(sim, "dns_record", zone="example.com", record="blog", type="CNAME", state="absent")
    assert not result.get("failed"), result
    assert [e["status"] for e in sim.requests(method="DELETE")] == [504, 404]


def test_prune_ignore_pattern_written_as_fqdn_protects(sim):
    """ignore record "w*.example.com" matched nothing (patterns were compared with relative names only),
    so prune deleted www A and AAAA; "_dmarc.example.com." (no wildcard) was protected all along."""
    result = run_module(sim, "dns_records", check=True, zone="example.com", prune=True,
                        records=[{"record": "@", "type": "A", "value": ["203.0.113.10"]}],
                        ignore=[{"record": "w*.example.com"}, {"record": "_dmarc.example.com."}])
    assert not result.get("failed"), result
    assert not [c["what"] for c in result["changes"] if c["what"].split()[1] in ("www", "_dmarc")]
    assert "example.com blog CNAME" in [c["what"] for c in result["changes"]]


def test_prune_ignore_misspelt_type_is_refused(sim):
    """ignore type "TXTX" protected nothing, silently; it is refused before any request."""
    mark = sim.mark()
    result = run_module(sim, "dns_records", zone="example.com", prune=True,
                        records=[{"record": "@", "type": "A", "value": ["203.0.113.10"]}], ignore=[{"type": "TXTX"}])
    assert result.get("failed") is True
    assert result["msg"].startswith("ignore[0].type=TXTX: is not a record type; valid: A, AAAA")
    assert sim.requests(mark) == []


def test_keep_beside_an_existing_cname_is_refused_before_any_write(sim):
    """on_existing=keep added a second CNAME at blog (sent; only the portal's refusal stopped it)."""
    mark = sim.mark()
    result = run_module(sim, "dns_record", zone="example.com", record="blog", type="CNAME",
                        value=["other.example.com"], on_existing="keep")
    assert result.get("failed") is True
    assert result["msg"].startswith("record=blog would have 2 CNAME records: a CNAME has exactly one target")
    assert sim.writes(mark) == []
    same = run_module(sim, "dns_record", zone="example.com", record="blog", type="CNAME",
                      value=["www.example.com"], on_existing="keep")
    assert same["changed"] is False


def test_zone_file_comment_cannot_start_a_record(sim):
    """A registrar URL record is exported as a comment; a CR in its text ended the comment (dnspython),
    so restoring the export created the record written after it (evil A 6.6.6.6)."""
    sim.db["domain_dns"][2001].append({"name": "promo", "type": "URL", "priority": 0,
                                       "content": "http://example.org/\revil IN A 6.6.6.6"})
    exported = run_module(sim, "dns_zone_info", domain="example.com", include=["zone_file"])
    text = exported["zones"][0]["zone_file"]
    assert "\r" not in text
    restored = run_module(sim, "dns_records", check=True, domain="example.com", zone_file_content=text, prune=True)
    assert not restored.get("failed"), restored
    assert restored["changes"] == []


# ---------------------------------------------------------------- domains

def _no_key_ids(req, body):
    for key in body["keys"]:
        key.pop("id")
    return body


def test_dnssec_key_listed_without_reference_is_never_deleted_by_a_guess(sim):
    """Rows without an id were deleted by a key tag computed here (a guess: the portal answered 404 and kept
    the key, or could delete another key). Now such a removal is refused before any write."""
    mark = sim.mark()
    with answered(sim, "GET", "/domain/@id/dnssec", _no_key_ids):
        result = run_module(sim, "domain_dnssec", domain="example.net", prune=True,
                            dnssec_keys=[{"flags": 256, "algorithm": 13, "public_key": ZSK}])
    assert result.get("failed") is True, result
    assert "cannot be removed" in result["msg"] and "2371" in result["msg"]
    assert sim.writes(mark) == []
    assert [k["flags"] for k in sim.db["domains"][2002]["dnssec"]] == ["257"]


def test_dnssec_delete_404_of_a_key_really_gone_still_counts_as_done(sim):
    """The first DELETE was applied and answered 504; its retry gets 404 and the list no longer holds the key."""
    sim.fault(status=504, method="DELETE", after=True)
    result = run_module(sim, "domain_dnssec", domain="example.net", prune=True, dnssec_keys=[])
    assert not result.get("failed"), result
    assert [e["status"] for e in sim.requests(method="DELETE")] == [504, 404]
    assert sim.db["domains"][2002]["dnssec"] == []


def test_domain_contact_field_with_underscore_is_idempotent(sim):
    """Answers' field names are read without underscores (first_name: firstname); the desired ones were
    not, so "first_name" never compared equal (sent on every run, or refused by the portal)."""
    args = dict(domain="example.net", contacts={"tech": {"First_Name": "Ann"}})
    first = run_module(sim, "domain", **args)
    assert not first.get("failed"), first
    assert first["changed"] is True and first["changes"][0]["after"]["tech"]["firstname"] == "Ann"
    assert run_module(sim, "domain", **args)["changed"] is False


@pytest.mark.parametrize("option", ["lock", "id_protection", "autorenew"])
def test_switch_put_is_not_resent_after_a_gateway_error(sim, option):
    """On a portal where the switch PUT toggles, a resent PUT undoes the first one while the task reports success."""
    route = {"lock": "reglock", "id_protection": "idprotection", "autorenew": "autorenew"}[option]
    current = {"lock": True, "id_protection": False, "autorenew": True}[option]  # the demo example.net
    sim.fault(status=504, method="PUT", path="/%s$" % route, after=True)
    mark = sim.mark()
    result = run_module(sim, "domain", domain="example.net", **{option: not current})
    assert result.get("failed") is True
    assert "it was not sent again" in result["msg"]
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("PUT", "/domain/2002/%s" % route)]


def test_dnssec_key_errors_name_the_option(sim):
    """They said keys[0].flags (the alias) while the flags check said dnssec_keys[0].flags."""
    result = run_module(sim, "domain_dnssec", domain="example.net", dnssec_keys=[{"flags": 1, "algorithm": 13, "public_key": ZSK}])
    assert result["msg"].startswith("dnssec_keys[0].flags=1: is not a known DNSKEY flags value"), result["msg"]


# ---------------------------------------------------------------- notifications, billing, tickets

def _ignoring_filters(req, body):
    """A portal that ignores rel_type/rel_id and names the field differently."""
    rows = [dict(n) for n in sim_notes(req)]
    for row in rows:
        row["related_type"], row["related_id"] = row.pop("rel_type"), row.pop("rel_id")
    return {"notifications": rows}


def sim_notes(req):
    return [n for n in req.db["notifications"].values() if n["new"] == "1"]


@pytest.mark.parametrize("args", [{"rel_type": "Invoice"}, {"rel_id": 2001}])
def test_notification_filter_that_cannot_be_checked_acknowledges_nothing(sim, args):
    """all_new + rel_type=Invoice acknowledged the Service notification: rows without rel_type were kept as matches."""
    with answered(sim, "GET", "/notifications/new", _ignoring_filters):
        mark = sim.mark()
        result = run_module(sim, "notification", all_new=True, **args)
    assert result.get("failed") is True, result
    option = list(args)[0]
    assert result["msg"].startswith("%s=%s: cannot be checked: GET /notifications/new lists notification 7, 8 without a %s"
                                    % (option, args[option], option)), result["msg"]
    assert sim.writes(mark) == []


def _privileges_as_flags(req, body):
    body["contact"]["privileges"] = {"support": {"tickets": "N", "newticket": "Y"}}
    return body


def test_contact_privilege_flag_not_understood_is_refused(sim):
    """{"tickets": "N"} was read as granted (an unknown flag defaulted to on): the task reported no change
    while the contact could not see tickets."""
    with answered(sim, "GET", "/contact/@id", _privileges_as_flags):
        mark = sim.mark()
        result = run_module(sim, "contact", email="mary@example.com", privileges={"support": ["tickets", "newticket"]})
    assert result.get("failed") is True, result
    assert result["msg"].startswith("GET /contact/49: unexpected answer"), result["msg"]
    assert sim.writes(mark) == []


@pytest.mark.parametrize("value", ["٢٠٢٦-11-01", "２０２６-11-01"])
def test_invoice_date_with_unicode_digits_is_refused(sim, value):
    """It was accepted and matched no invoice (compared as text), silently."""
    with pytest.raises(XtomValidationError, match="is not a date in the form YYYY-MM-DD"):
        billing.validate_date(value, "date_from")
    result = run_module(sim, "invoice_info", date_from=value)
    assert result.get("failed") is True and result["msg"].startswith("date_from=")


@pytest.mark.parametrize("attachments", [1.5, 7, True, "file.txt"])
def test_ticket_attachments_that_are_not_a_list_are_refused(attachments):
    """A number gave "unexpected error: TypeError" with a traceback; a string was read letter by letter."""
    body = {"ticket": {"ticket_number": "736634", "subject": "s", "status": "Open", "deptname": "Support",
                       "attachments": attachments}, "replies": []}
    with pytest.raises(XtomAnswerError, match="attachments"):
        tickets.parse_ticket(736634)(body)


def test_a_hosted_zone_record_is_never_addressed_by_its_index():
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomAnswerError
    from ansible_collections.xtom.console.plugins.module_utils.dns_backend import parse_record

    row = {"index": 3, "name": "www", "type": "A", "content": "203.0.113.10", "ttl": 300}
    assert parse_record({}, row, "example.com", True)["id"] is None
    assert parse_record({}, dict(row, id="10006"), "example.com", True)["id"] == 10006
    assert parse_record({}, row, "example.com", False, id_keys=("id", "index"))["id"] == 3
    with pytest.raises(XtomAnswerError):
        parse_record({}, dict(row, id="10006"), "example.com", True, rid=3)
