"""account, contact, notification and their _info modules run in this process (main() with patched
arguments) against the simulator: answers understood or refused, one write path, local validation."""

import contextlib
import importlib
import io
import json

import pytest
from ansible.module_utils.testing import patch_module_args

BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)


def run_module(sim, name, check=False, **args):
    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules." + name)
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password,
                 "_ansible_check_mode": check, "_ansible_diff": True})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


def check_then_apply(sim, name, **args):
    """Check mode (nothing written), then the real run: both must plan the same changes and diff."""
    mark = sim.mark()
    check = run_module(sim, name, check=True, **args)
    assert not check.get("failed"), check
    assert sim.writes(mark) == []
    real = run_module(sim, name, **args)
    assert not real.get("failed"), real
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    assert check["changed"] is real["changed"] is bool(real["changes"])
    again = run_module(sim, name, **args)
    assert again["changed"] is False and again["changes"] == [] and again["diff"] == []
    return real


# ---------------------------------------------------------------- (a) an answer not understood: refused, nothing written

REFUSED = [
    ("account", {"city": "Berlin"}, "^/details$", "GET /details"),
    ("contact", {"email": "mary@example.com", "lastname": "Smith"}, "^/contact$", "GET /contact"),
    ("contact", {"email": "mary@example.com", "lastname": "Smith"}, "^/contact/49$", "GET /contact/49"),
    ("contact", {"email": "mary@example.com", "privileges": {"support": ["tickets"]}}, "^/contact/privileges$",
     "GET /contact/privileges"),
    ("notification", {"id": 7}, "^/notifications/new$", "GET /notifications/new"),
    ("notification", {"id": 9}, "^/notifications$", "GET /notifications"),
    ("notification", {"all_new": True}, "^/notifications/new$", "GET /notifications/new"),
    ("notification_info", {"new_only": True}, "^/notifications/new$", "GET /notifications/new"),
    ("account_info", {"include": ["balance"]}, "^/balance$", "GET /balance"),
    ("account_info", {"include": ["payment_fees"]}, "^/payment/fees$", "GET /payment/fees"),
    ("contact_info", {"include": ["privileges"]}, "^/contact/privileges$", "GET /contact/privileges"),
    ("invoice_info", {}, "^/invoice$", "GET /invoice"),
]


@pytest.mark.parametrize("name, args, path, route", REFUSED, ids=["%s-%s" % (r[0], r[3]) for r in REFUSED])
def test_an_unknown_answer_is_refused_naming_the_route(sim, name, args, path, route):
    sim.reshape("wrap", path)
    mark = sim.mark()
    result = run_module(sim, name, **args)
    assert result["failed"] is True
    assert result["msg"].startswith(route + ": unexpected answer (keys: result_set ("), result["msg"]
    assert "nothing is written on the strength of it" in result["msg"]
    assert sim.writes(mark) == []


def test_notification_info_new_only_is_not_silently_empty(sim):
    """Issue 12: rows under an unknown key were read as "no new notifications"."""
    sim.reshape("wrap", "^/notifications/new$")
    result = run_module(sim, "notification_info", new_only=True)
    assert result["failed"] is True and "notifications" not in result
    assert 'expected "notifications" or "notification" holding' not in result["msg"]
    assert 'expected "notifications" holding a list of notifications' in result["msg"]


# ---------------------------------------------------------------- (b) check mode and the real run agree; (c) both shapes

@BOTH
def test_account_check_and_real_run_agree(sim):
    real = check_then_apply(sim, "account", city="Berlin", region="Berlin", country="de")
    assert real["changes"] == [{"action": "update", "what": "account demo@example.com",
                                "before": {"city": "Santa Rosa", "country": "US", "state": "California"},
                                "after": {"city": "Berlin", "country": "DE", "state": "Berlin"}}]
    assert real["diff"][0]["before_header"] == "account demo@example.com"
    assert sim.db["client"]["city"] == "Berlin"
    assert real["account"]["city"] == "Berlin" and real["account"]["id"] == 26


def test_account_field_the_portal_does_not_return_is_sent_with_null_before(sim):
    check = run_module(sim, "account", check=True, type="Company")
    real = run_module(sim, "account", type="Company")
    assert check["changes"] == real["changes"] == [{"action": "update", "what": "account demo@example.com",
                                                    "before": {"type": None}, "after": {"type": "Company"}}]
    assert "GET /details does not return type" in json.dumps(real["warnings"])
    assert sim.db["client"]["type"] == "Company"


@BOTH
def test_contact_create_check_and_real_run_agree(sim):
    args = {"email": "walker@example.com", "firstname": "Walker", "country": "gb", "password": "Walker-Pw-1",
            "privileges": {"support": ["tickets"], "services": {"full": True}}}
    mark = sim.mark()
    check = run_module(sim, "contact", check=True, **args)
    real = run_module(sim, "contact", **args)
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    change = real["changes"][0]
    assert (change["action"], change["what"], change["before"]) == ("create", "contact walker@example.com", None)
    assert change["after"]["privileges"] == {"support": ["tickets"], "services": {"full": True}}
    assert change["after"]["password_updated"] is True and "Walker-Pw-1" not in json.dumps(real)
    assert real["diff"][0]["after_header"] == "contact walker@example.com"
    assert check["contact"]["id"] is None and real["contact"]["id"] in sim.db["contacts"]
    assert [e["method"] for e in sim.writes(mark)] == ["POST"]
    args.pop("password")
    assert run_module(sim, "contact", **args)["changed"] is False


@BOTH
def test_contact_update_check_and_real_run_agree(sim):
    real = check_then_apply(sim, "contact", email="MARY@example.com", lastname="Smith",
                            privileges={"support": ["tickets", "closeticket"], "domains": {"full": 1}})
    assert real["changes"] == [{
        "action": "update", "what": "contact mary@example.com",
        "before": {"lastname": "Sue", "privileges": {"support": ["newticket", "tickets"]}},
        "after": {"lastname": "Smith", "privileges": {"support": ["closeticket", "tickets"], "domains": {"full": True}}}}]
    assert sim.db["contacts"][49]["privileges"] == {"support": ["closeticket", "tickets"], "domains": {"full": 1}}


@BOTH
def test_notification_check_and_real_run_agree(sim):
    real = check_then_apply(sim, "notification", all_new=True, rel_type="Service")
    assert real["changes"] == [{"action": "acknowledge", "what": "notification 7 (Scheduled maintenance)",
                                "before": {"new": True}, "after": {"new": False}}]
    assert [n["id"] for n in real["notifications"]] == [7]
    assert sim.db["notifications"][7]["new"] == "0" and sim.db["notifications"][8]["new"] == "1"


@BOTH
def test_info_modules_read_both_shapes_alike(sim):
    acct = run_module(sim, "account_info", include=["balance", "payment_fees"])
    assert acct["changed"] is False
    assert acct["account"]["balance"] == {"balance": "19.65", "credit": "5.00", "currency": "USD"}
    assert acct["account"]["payment_methods"][1] == {"id": 2, "name": "Stripe", "fixed_fee": "0.5", "percent_fee": "2.9"}
    assert [p["id"] for p in run_module(sim, "account_info")["account"]["payment_methods"]] == [9, 10, 11]
    contacts = run_module(sim, "contact_info", email="mary@example.com", include=["privileges"])
    assert contacts["contacts"][0]["privileges"] == {"support": ["newticket", "tickets"]}
    catalog = contacts["privileges"]
    assert catalog["billing"][0] == "addfunds" and catalog["services"]["full"] is True and "1001" in catalog["services"]
    news = run_module(sim, "notification_info", new_only=True)["notifications"]
    assert [(n["id"], n["rel_type"], n["rel_id"], n["new"]) for n in news] == [
        (7, "Service", 1001, True), (8, "Invoice", 308978, True)]
    every = run_module(sim, "notification_info")["notifications"]
    assert [(n["id"], n["new"], n["subject"]) for n in every][2] == (9, False, "Domain renewed")
    assert [i["id"] for i in run_module(sim, "invoice_info", status=["Paid"])["invoices"]] == [308976, 308977]


def test_envelope_answers_are_understood(sim):
    sim.reshape("envelope", "^/(details|contact|invoice)$")
    assert run_module(sim, "account", city="Santa Rosa")["changed"] is False
    assert [c["id"] for c in run_module(sim, "contact_info")["contacts"]] == [49]
    assert len(run_module(sim, "invoice_info")["invoices"]) == 4


# ---------------------------------------------------------------- a 2xx that says it failed

def test_notification_ack_answered_status_false_fails(sim):
    sim.reshape("status_false", "/ack$", method="PUT")
    result = run_module(sim, "notification", id=7)
    assert result["failed"] is True
    assert result["msg"].startswith("PUT /notifications/7/ack failed (HTTP 200): the answer says it failed (status: false)")
    assert "nothing of this task was applied" in result["msg"]
    assert result["changes"] == [] and result["changed"] is False
    assert sim.db["notifications"][7]["new"] == "1"


def test_contact_update_answered_status_false_fails(sim):
    sim.reshape("status_false", "^/contact/49$", method="PUT")
    result = run_module(sim, "contact", email="mary@example.com", lastname="Smith")
    assert result["failed"] is True and "status: false" in result["msg"]
    assert sim.db["contacts"][49]["lastname"] == "Sue"


# ---------------------------------------------------------------- bad input: refused before any request

BAD = [
    ("notification", {"id": "٣"}, "id=٣: is not an id (ASCII digits only)"),
    ("notification", {"id": "7/../8"}, "is not an id"),
    ("notification", {"all_new": True, "rel_id": "³"}, "rel_id=³: is not an id"),
    ("notification", {}, "give id, or all_new=true"),
    ("notification", {"id": 8, "rel_type": "Invoice"}, "rel_type and rel_id only apply with all_new=true"),
    ("notification_info", {"rel_type": "Service\n"}, "rel_type='Service\\n': contains a control character"),
    ("contact_info", {"id": "٤٩"}, "id=٤٩: is not an id"),
    ("contact_info", {"email": "mary@exam\nple.com"}, "email='mary@exam\\nple.com': is not a valid email address"),
    ("invoice_info", {"id": "٣٠٨٩٧٦"}, "id=٣٠٨٩٧٦: is not an id"),
    ("invoice_info", {"date_from": "2026-11-01", "date_to": "2026-10-01"}, "date_from=2026-11-01: is after date_to"),
    ("account", {"phonenumber": "+1.2\n"}, "phonenumber='+1.2\\n': contains a control character"),
    ("account", {"postcode": "95401\x00"}, "postcode='95401\\x00': contains a control character"),
    ("account", {"email": "joe@example.com\r\nBcc: x@example.com"}, "email='joe@example.com\\r\\nBcc: x@example.com': contains"),
    ("contact", {"email": "x@example.com", "firstname": "A\nB"}, "firstname='A\\nB': contains a control character"),
    ("contact", {"email": "x@example.com", "password": "pw\x00"}, "password=********: must not be empty nor"),
    ("contact", {"email": "x@example.com", "privileges": {"services": {"web1": ["basic"]}}},
     "privileges.services=web1: a key must be 'full' or a numeric id"),
    ("contact", {"email": "mary@example.com", "state": "absent"}, "cannot delete contacts, so contact mary@example.com"),
]


@pytest.mark.parametrize("name, args, text", BAD, ids=["%s-%d" % (b[0], n) for n, b in enumerate(BAD)])
def test_bad_input_is_refused_before_any_request(sim, name, args, text):
    result = run_module(sim, name, **args)
    assert result["failed"] is True
    assert text in result["msg"], result["msg"]
    assert "Contact-Secret" not in result["msg"] and "pw\x00" not in result["msg"]
    assert sim.requests() == []


def test_unknown_ids_map_to_not_of_this_account(sim):
    assert run_module(sim, "contact_info", id=4242)["msg"] == "id=4242: is not a contact of this account"
    assert run_module(sim, "invoice_info", id="1")["msg"] == "id=1: is not an invoice of this account"
    assert run_module(sim, "notification", id=4242)["msg"] == "id=4242: is not a notification of this account"
