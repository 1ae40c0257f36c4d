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
    pos = next(i for i, r in enumerate(routes) if r[0] == method and r[3] == template)
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


# ---------------------------------------------------------------- domains

def _no_key_ids(req, body):
    for key in body["keys"]:
        key.pop("id")
    return body


def test_dnssec_delete_answered_404_while_the_key_is_listed_fails(sim):
    """Rows without an id are deleted by their key tag (a guess). The portal answered 404 and kept the key;
    the 404 counted as "deleted" and the task reported the KSK removed. Now it fails, saying so."""
    with answered(sim, "GET", "/domain/@id/dnssec", _no_key_ids):
        result = run_module(sim, "domain_dnssec", domain="example.net", prune=True,
                            dnssec_keys=[{"flags": 256, "algorithm": 13, "public_key": ZSK}])
    assert result.get("failed") is True, result
    assert "DELETE /domain/2002/dnssec/2371 failed (HTTP 404)" in result["msg"]
    assert "the key is still listed" in result["msg"]
    assert [c["action"] for c in result["changes"]] == ["add"]  # what was applied; the removal was not
    assert [k["flags"] for k in sim.db["domains"][2002]["dnssec"]] == ["257", "256"]


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
