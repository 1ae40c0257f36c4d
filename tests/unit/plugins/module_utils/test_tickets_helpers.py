"""Tickets area helpers: normalisation, departments, matching, text comparison, attachments."""

import base64

import pytest

from ansible_collections.xtom.console.plugins.module_utils import tickets as tk
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError, XtomValidationError

DEPTS = [{"id": 1, "name": "Billing"}, {"id": 2, "name": "Technical Support"}]


def test_canonical_text():
    assert tk.canonical_text("a &amp; b\r\nline  \r\n\r\n") == "a & b\nline"
    assert tk.canonical_text(None) == ""


def test_subject_and_message_checks():
    assert tk.check_subject(None) is None and tk.check_message(None, "body") is None
    assert tk.check_subject(" Hello ") == "Hello"
    assert tk.check_message("line 1\r\n\tline 2\n", "body") == "line 1\r\n\tline 2\n"
    with pytest.raises(XtomValidationError, match="subject='  ': must not be empty"):
        tk.check_subject("  ", "subject")
    with pytest.raises(XtomValidationError, match="subject=.*control character"):
        tk.check_subject("Hello\nBcc: x", "subject")
    with pytest.raises(XtomValidationError, match="body=.*control character"):
        tk.check_message("Hello\x00", "body")
    with pytest.raises(XtomValidationError, match="reply='': must not be empty"):
        tk.check_message("", "reply")


def test_resolve_department_by_name_or_id():
    assert tk.resolve_department(DEPTS, "technical support")["id"] == 2
    assert tk.resolve_department(DEPTS, "1")["name"] == "Billing"
    with pytest.raises(XtomValidationError) as err:
        tk.resolve_department(DEPTS, "Technical")
    assert "department=Technical: is not a ticket department" in str(err.value)
    assert "Technical Support (id 2)" in str(err.value) and "did you mean" in str(err.value)


def test_list_departments_shapes(client):
    assert [d["name"] for d in tk.list_departments(client)] == ["Billing", "Technical Support", "Sales"]
    assert tk.parse_departments({"departments": {"1": "Billing", "2": "Sales"}}) == [
        {"id": 1, "name": "Billing"}, {"id": 2, "name": "Sales"}]
    assert tk.parse_departments([{"dept_id": "3", "deptname": "Abuse"}]) == [{"id": 3, "name": "Abuse"}]
    assert tk.parse_departments({"success": True, "data": {"4": {"deptId": 4, "deptName": "NOC"}}}) == [
        {"id": 4, "name": "NOC"}]
    assert tk.parse_departments({"departments": []}) == []


@pytest.mark.parametrize("body", [
    {"result_set": [{"id": "1", "name": "Billing"}]},   # unknown wrapper: not "no departments"
    {"success": True},
    {"departments": [{"name": "no id"}]},
    {"departments": [{"id": "1"}]},
    {"departments": "Billing"},
    {"departments": {"Billing": "1"}},
])
def test_departments_refused_shapes(body):
    with pytest.raises(XtomAnswerError):
        tk.parse_departments(body)


@pytest.mark.parametrize("body", [
    {"result_set": []},
    {},                                                                                  # an empty body
    {"tickets": [{"ticket_number": "1", "subject": "s", "deptname": "Billing"}]},        # no status
    {"tickets": [{"ticket_number": "1", "subject": "s", "status": "Open"}]},             # no department
    {"tickets": [{"subject": "s", "deptname": "Billing", "status": "Open"}]},            # no number
    {"tickets": [{"ticket_number": "x1", "subject": "s", "deptname": "B", "status": "Open"}]},
])
def test_tickets_refused_shapes(body):
    with pytest.raises(XtomAnswerError):
        tk.parse_tickets(body)


def test_ticket_details_shapes():
    ticket = {"ticket_number": "5", "subject": "s", "deptname": "B", "status": "Open", "body": "b"}
    parse = tk.parse_ticket(5)
    assert parse({"ticket": ticket, "replies": []})["replies"] == []
    inside = parse({"ticket": dict(ticket, replies=[{"type": "Admin", "body": "hi", "date": "2026"}])})
    assert inside["replies"][0]["from_client"] is False
    with pytest.raises(XtomAnswerError, match="replies"):
        parse({"ticket": ticket})  # replies not said: the newest client message is unknown
    with pytest.raises(XtomAnswerError):
        parse({"ticket": ticket, "replies": [{"body": "no type"}]})


def test_matching_tickets():
    rows = [
        {"number": 1, "subject": "Hello &amp; bye", "department": "Billing", "department_id": None,
         "status": "Open", "date": "2026-01-01"},
        {"number": 2, "subject": "Hello & bye", "department": "Billing", "department_id": None,
         "status": "Closed", "date": "2026-01-02"},
        {"number": 3, "subject": "Hello & bye", "department": "Sales", "department_id": None,
         "status": "Answered", "date": "2026-01-03"},
        {"number": 4, "subject": "Hello & bye", "department": "", "department_id": 1,
         "status": "Client-Reply", "date": "2026-01-04"},
    ]
    assert [t["number"] for t in tk.matching_tickets(rows, "Hello & bye", DEPTS[0])] == [4, 1]
    assert [t["number"] for t in tk.matching_tickets(rows, "Hello & bye", DEPTS[0], open_only=False)] == [4, 2, 1]


def test_get_ticket_and_newest_client_message(client):
    ticket = tk.get_ticket(client, 736633)
    assert ticket["number"] == 736633 and ticket["department"] == "Billing"
    assert [r["from_client"] for r in ticket["replies"]] == [False]
    # no client reply yet: the ticket's body is the newest client message
    assert tk.newest_client_message(ticket) == ticket["body"]
    tk.add_reply(client, 736633, "Thanks!")
    assert tk.newest_client_message(tk.get_ticket(client, 736633)) == "Thanks!"
    with pytest.raises(XtomValidationError, match="number=1: is not a ticket of this account"):
        tk.get_ticket(client, 1)


def test_open_ticket_reads_number_in_several_shapes(client, sim):
    number = tk.open_ticket(client, 2, "Disk", "full")
    assert sim.db["tickets"][number]["subject"] == "Disk"

    assert tk.new_ticket_number({"ticket": {"ticket_number": "55"}}) == 55
    assert tk.new_ticket_number({"ticket_number": 56}) == 56
    assert tk.new_ticket_number({"success": True, "data": {"ticket": "57"}}) == 57
    assert tk.new_ticket_number({"info": ["ticket_added"]}) is None


def test_open_ticket_not_retried_on_gateway_error(client, sim):
    sim.fault(status=502, count=3, method="POST", path="^/tickets$", after=True)
    mark = sim.mark()
    with pytest.raises(XtomApiError) as err:
        tk.open_ticket(client, 2, "Disk", "full")
    assert err.value.uncertain is True
    assert len(sim.requests(mark, "POST")) == 1


@pytest.mark.parametrize("fmt", ["json", "raw"])
def test_get_attachment_from_simulator(client, sim, fmt):
    sim.db["attachment_format"] = fmt
    data = tk.get_attachment(client, "a81f3c", 736634)
    assert data["filename"] == "traceroute.txt"
    assert base64.b64decode(data["content"]) == sim.db["attachments"]["a81f3c"]["content"]
    assert data["size"] == len(sim.db["attachments"]["a81f3c"]["content"])
    assert data["content_type"] == ("text/plain" if fmt == "json" else "application/octet-stream")


def test_get_attachment_errors(client, sim):
    with pytest.raises(XtomValidationError, match="attachment=a81f3c: is not an attachment of this account"):
        tk.get_attachment(client, "a81f3c", 736633)
    mark = sim.mark()
    for bad in ("..", ".", "", " "):
        with pytest.raises(XtomValidationError, match="cannot be used in a request path"):
            tk.get_attachment(client, bad)
    with pytest.raises(XtomValidationError, match="control character"):
        tk.get_attachment(client, "a81\n")
    assert sim.requests(mark) == []
    # Other characters are sent quoted inside the one path segment.
    with pytest.raises(XtomValidationError):
        tk.get_attachment(client, "../tickets")
    assert [e["path"] for e in sim.requests(mark)] == ["/ticket/attachment/..%2Ftickets"]


def test_attachment_json_shapes():
    assert tk.parse_attachment_json({"attachment": {"filename": "a.txt", "content": "aGVsbG8="}}) == (
        b"hello", "a.txt", "")
    envelope = {"success": True, "data": {"file": {"name": "b", "mimeType": "text/plain", "data": "aGk="}}}
    assert tk.parse_attachment_json(envelope) == (b"hi", "b", "text/plain")
    for body in ({"status": True}, {"attachment": {"filename": "a"}}, {"attachment": {"content": "not base64!"}},
                 {"result_set": {"attachment": {"content": "aGk="}}}):
        with pytest.raises(XtomAnswerError):
            tk.parse_attachment_json(body)


def test_get_attachment_refuses_an_unknown_json_shape_naming_the_route(client, sim):
    sim.reshape("wrap", "^/ticket/attachment/")
    with pytest.raises(XtomAnswerError) as err:
        tk.get_attachment(client, "a81f3c")
    assert str(err.value).startswith("GET /ticket/attachment/a81f3c: unexpected answer (keys: result_set (dict))")


class NumberlessClient(object):
    """The simulator's client, but POST /tickets answers without the new number (and GET /tickets may hide it)."""

    def __init__(self, client, hide=False):
        self.client = client
        self.hide = hide

    def __getattr__(self, name):
        return getattr(self.client, name)

    def post(self, path, data=None):
        self.client.post(path, data)
        return {"info": ["ticket_added"]}

    def get(self, path, params=None, parse=None):
        def hidden(body):
            if self.hide and path == "/tickets":
                body = {"tickets": [t for t in body["tickets"] if t["subject"] != "Numberless"]}
            return parse(body)
        return self.client.get(path, params=params, parse=hidden)


class FakeModule(object):
    check_mode = False

    def __init__(self, client):
        self.client = client
        self.warnings = []
        self.params = {"number": None, "department": "Billing", "subject": "Numberless", "body": "first",
                       "reply": "second", "state": "present"}

    def warn(self, msg):
        self.warnings.append(msg)


def test_ticket_module_finds_the_number_the_open_answer_did_not_say(client, sim):
    """A portal that opens the ticket without saying its number: GET /tickets finds it, then the reply is sent."""
    from ansible_collections.xtom.console.plugins.modules import ticket as ticket_module

    mark = sim.mark()
    result = ticket_module.run(FakeModule(NumberlessClient(client)))
    assert [c["action"] for c in result["changes"]] == ["open", "reply"]
    number = result["ticket"]["number"]
    assert sim.db["tickets"][number]["replies"][-1]["body"] == "second"
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/tickets"), ("POST", "/tickets/%d" % number)]


def test_ticket_module_does_not_claim_a_reply_it_could_not_send(client, sim):
    """Nor does GET /tickets show it: the reply is not sent, the task fails saying the ticket was opened."""
    from ansible_collections.xtom.console.plugins.modules import ticket as ticket_module

    mark = sim.mark()
    with pytest.raises(XtomApiError) as err:
        ticket_module.run(FakeModule(NumberlessClient(client, hide=True)))
    assert "did not say which number" in str(err.value)
    assert 'already applied: open new ticket "Numberless" (Billing)' in str(err.value)
    assert err.value.partial == [{"action": "open", "what": 'new ticket "Numberless" (Billing)', "before": None,
                                  "after": {"subject": "Numberless", "department": "Billing", "status": "Open",
                                            "body": "first"}}]
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/tickets")]
