"""ticket and ticket_info run in this process (main() with patched arguments) against the simulator:
answers understood or refused, one write path, a 2xx that says it failed, local validation."""

import base64
import json

import pytest

from test_account_modules import BOTH, check_then_apply, run_module

NEW = {"department": "technical support", "subject": "Bandwidth limit for web1.example.com",
       "body": "Please raise the limit to 20 TB.\r\n"}


# ---------------------------------------------------------------- (a) an answer not understood: refused, nothing written

REFUSED = [
    (dict(NEW), "^/ticket/departments$", "GET /ticket/departments"),
    (dict(NEW), "^/tickets$", "GET /tickets"),
    ({"number": 736634, "state": "closed"}, "^/tickets/736634$", "GET /tickets/736634"),
    ({"department": "Technical Support", "subject": "Packet loss on web1.example.com", "reply": "Any news?"},
     "^/tickets/736634$", "GET /tickets/736634"),
]


@pytest.mark.parametrize("args, path, route", REFUSED, ids=[r[2] + str(n) for n, r in enumerate(REFUSED)])
def test_an_unknown_answer_is_refused_naming_the_route(sim, args, path, route):
    sim.reshape("wrap", path)
    mark = sim.mark()
    result = run_module(sim, "ticket", **args)
    assert result["failed"] is True
    assert result["msg"].startswith(route + ": unexpected answer (keys: result_set ("), result["msg"]
    assert sim.writes(mark) == []


def test_departments_under_an_unknown_key_name_the_real_cause(sim):
    """Issue 12: it said "valid departments: none", hiding that GET /ticket/departments was not understood."""
    sim.reshape("wrap", "^/ticket/departments$")
    result = run_module(sim, "ticket", **NEW)
    assert "valid departments" not in result["msg"]
    assert result["msg"].startswith("GET /ticket/departments: unexpected answer (keys: result_set (dict))")


@pytest.mark.parametrize("path", ["^/tickets$", "^/tickets/736634$", "^/ticket/departments$", "^/ticket/attachment/"])
def test_ticket_info_refuses_an_unknown_answer(sim, path):
    sim.reshape("wrap", path)
    result = run_module(sim, "ticket_info", number=736634 if "736634" in path else None, include=["departments"],
                        attachment="a81f3c" if "attachment" in path else None)
    assert result["failed"] is True and "unexpected answer" in result["msg"] and "tickets" not in result


# ---------------------------------------------------------------- (b) check mode and the real run agree; (c) both shapes

@BOTH
def test_open_and_reply_check_and_real_run_agree(sim):
    args = dict(NEW, reply="The service id is 1001.")
    mark = sim.mark()
    check = run_module(sim, "ticket", check=True, **args)
    assert sim.writes(mark) == []
    real = run_module(sim, "ticket", **args)
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    what = 'new ticket "Bandwidth limit for web1.example.com" (Technical Support)'
    assert real["changes"] == [
        {"action": "open", "what": what, "before": None,
         "after": {"subject": "Bandwidth limit for web1.example.com", "department": "Technical Support",
                   "status": "Open", "body": "Please raise the limit to 20 TB.\r\n"}},
        {"action": "reply", "what": what, "before": {"newest_client_message": "Please raise the limit to 20 TB.\r\n"},
         "after": {"newest_client_message": "The service id is 1001."}}]
    assert [d["before_header"] for d in real["diff"]] == [what, what]
    number = real["ticket"]["number"]
    assert check["ticket"]["number"] is None and sim.db["tickets"][number]["dept_id"] == "2"
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/tickets"), ("POST", "/tickets/%d" % number)]
    again = run_module(sim, "ticket", **args)
    assert again["changed"] is False and again["changes"] == [] and again["ticket"]["number"] == number


@BOTH
def test_close_check_and_real_run_agree(sim):
    real = check_then_apply(sim, "ticket", number="736634", state="closed", reply="Fixed, thanks.")
    what = "ticket 736634 (Packet loss on web1.example.com)"
    assert [(c["action"], c["what"]) for c in real["changes"]] == [("reply", what), ("close", what)]
    assert real["changes"][1]["before"] == {"status": "Open"} and real["changes"][1]["after"] == {"status": "Closed"}
    assert sim.db["tickets"][736634]["status"] == "Closed"


@BOTH
def test_reopen_by_subject_check_and_real_run_agree(sim):
    real = check_then_apply(sim, "ticket", department="Sales", subject="Bulk discount", state="open")
    assert real["changes"] == [{"action": "reopen", "what": "ticket 736610 (Bulk discount)",
                                "before": {"status": "Closed"}, "after": {"status": "Open"}}]
    assert sim.db["tickets"][736610]["status"] == "Open"


@BOTH
def test_ticket_info_reads_both_shapes_alike(sim):
    result = run_module(sim, "ticket_info", number=736634, include=["departments"], attachment="a81f3c")
    assert result["changed"] is False
    assert [(d["id"], d["name"]) for d in result["departments"]] == [(1, "Billing"), (2, "Technical Support"),
                                                                     (3, "Sales")]
    attachment = result["attachment"]
    assert base64.b64decode(attachment["content"]) == sim.db["attachments"]["a81f3c"]["content"]
    assert (attachment["filename"], attachment["content_type"], attachment["size"]) == ("traceroute.txt", "text/plain", 52)
    assert result["tickets"][0]["attachments"] == [{"id": "a81f3c", "filename": "traceroute.txt", "size": 52}]


def test_ticket_info_only_reads(sim, tmp_path):
    """Issue 13: an _info module never writes a file and never reports changed, in check mode or not."""
    mark = sim.mark()
    for check in (True, False):
        result = run_module(sim, "ticket_info", check=check, attachment="b92e4d", number=736633)
        assert result["changed"] is False and result["attachment"]["filename"] == "receipt.pdf"
        assert base64.b64decode(result["attachment"]["content"]).startswith(b"%PDF-1.4")
    assert sim.writes(mark) == []
    assert "dest" not in json.dumps(result)


# ---------------------------------------------------------------- a 2xx that says it failed

@pytest.mark.parametrize("args, path", [
    ({"number": 736634, "state": "closed"}, "^/tickets/736634/close$"),
    ({"department": "Sales", "subject": "Bulk discount", "state": "open"}, "^/tickets/736610/open$"),
])
def test_open_close_answered_status_false_fails(sim, args, path):
    """Issue 12: the portal answered 200 {"status": false} and did not close; the task reported success."""
    before = dict((n, t["status"]) for n, t in sim.db["tickets"].items())
    sim.reshape("status_false", path, method="PUT")
    result = run_module(sim, "ticket", **args)
    assert result["failed"] is True
    assert "failed (HTTP 200): the answer says it failed (status: false)" in result["msg"]
    assert result["changes"] == [] and result["changed"] is False
    assert dict((n, t["status"]) for n, t in sim.db["tickets"].items()) == before


def test_a_failure_after_a_reply_says_what_was_applied(sim):
    sim.reshape("status_false", "^/tickets/736634/close$", method="PUT")
    result = run_module(sim, "ticket", number=736634, reply="Closing this.", state="closed")
    assert result["failed"] is True
    assert "already applied: reply ticket 736634 (Packet loss on web1.example.com)" in result["msg"]
    assert [c["action"] for c in result["changes"]] == ["reply"] and result["changed"] is True


# ---------------------------------------------------------------- bad input: refused before any request

BAD = [
    ("ticket", {"number": "٣٠٣"}, "number=٣٠٣: is not an id (ASCII digits only)"),
    ("ticket", {"number": "736634/close"}, "is not an id"),
    ("ticket", dict(NEW, subject="Hello\nBcc: x@example.com"), "subject='Hello\\nBcc: x@example.com': contains a control"),
    ("ticket", dict(NEW, body="Hi\x00"), "body='Hi\\x00': contains a control character"),
    ("ticket", dict(NEW, department="Billing\n"), "department='Billing\\n': contains a control character"),
    ("ticket", {"number": 736634, "reply": "\x07"}, "reply="),
    ("ticket", dict(NEW, subject="  "), "subject='  ': must not be empty"),
    ("ticket", dict(NEW, body=""), "body='': must not be empty"),
    ("ticket", {"subject": "x", "body": "y"}, "department and subject are required when number is not given"),
    ("ticket", {"number": 736633, "subject": "Hello"}, "mutually exclusive"),
    ("ticket_info", {"number": "٣"}, "number=٣: is not an id"),
    ("ticket_info", {"attachment": ".."}, "attachment=..: cannot be used in a request path"),
    ("ticket_info", {"attachment": "."}, "attachment=.: cannot be used in a request path"),
    ("ticket_info", {"attachment": ""}, "attachment='': cannot be used in a request path"),
    ("ticket_info", {"attachment": "a81f3c\n"}, "attachment='a81f3c\\n': contains a control character"),
    ("ticket_info", {"status": ["Open\n"]}, "status='Open\\n': contains a control character"),
]


@pytest.mark.parametrize("name, args, text", BAD, ids=["%s-%d" % (b[0], n) for n, b in enumerate(BAD)])
def test_bad_input_is_refused_before_any_request(sim, name, args, text):
    """Issue 12 item 9: ``attachment: ".."`` sent ``GET /api/ticket/``; control characters were sent."""
    result = run_module(sim, name, **args)
    assert result["failed"] is True
    assert text in result["msg"], result["msg"]
    assert sim.requests() == []


def test_unknown_ticket_and_attachment(sim):
    assert run_module(sim, "ticket", number=1, state="closed")["msg"] == "number=1: is not a ticket of this account"
    result = run_module(sim, "ticket_info", attachment="nope")
    assert result["msg"] == "attachment=nope: is not an attachment of this account"
    unknown = run_module(sim, "ticket", department="Technical", subject="x", body="y")["msg"]
    assert unknown.startswith("department=Technical: is not a ticket department of this portal (did you mean")
    assert "valid: Billing (id 1), Technical Support (id 2), Sales (id 3)" in unknown
