"""Tickets area helpers: normalisation, departments, matching, text comparison, attachments."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import tickets as tk
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

DEPTS = [{"id": 1, "name": "Billing"}, {"id": 2, "name": "Technical Support"}]


def test_canonical_text():
    assert tk.canonical_text("a &amp; b\r\nline  \r\n\r\n") == "a & b\nline"
    assert tk.canonical_text(None) == ""


def test_require_text():
    assert tk.require_text(None, "body") is None
    with pytest.raises(XtomValidationError, match="subject must not be empty"):
        tk.require_text("  ", "subject")


def test_resolve_department_by_name_or_id():
    assert tk.resolve_department(DEPTS, "technical support")["id"] == 2
    assert tk.resolve_department(DEPTS, "1")["name"] == "Billing"
    with pytest.raises(XtomValidationError) as err:
        tk.resolve_department(DEPTS, "Technical")
    assert "department='Technical'" in str(err.value)
    assert "Technical Support (id 2)" in str(err.value) and "did you mean" in str(err.value)


def test_list_departments_shapes(client):
    assert [d["name"] for d in tk.list_departments(client)] == ["Billing", "Technical Support", "Sales"]

    class Fake(object):
        def __init__(self, body):
            self.body = body

        def get(self, path, params=None):
            return self.body

    assert tk.list_departments(Fake({"departments": {"1": "Billing", "2": "Sales"}})) == [
        {"id": 1, "name": "Billing"}, {"id": 2, "name": "Sales"}]
    assert tk.list_departments(Fake([{"dept_id": "3", "deptname": "Abuse"}])) == [{"id": 3, "name": "Abuse"}]


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
    with pytest.raises(XtomValidationError, match="number=1 is not a ticket"):
        tk.get_ticket(client, 1)


def test_open_ticket_reads_number_in_several_shapes(client, sim):
    number = tk.open_ticket(client, 2, "Disk", "full")
    assert sim.db["tickets"][number]["subject"] == "Disk"

    class Fake(object):
        def __init__(self, answer):
            self.answer = answer

        def post(self, path, data):
            return self.answer

    assert tk.open_ticket(Fake({"ticket": {"ticket_number": "55"}}), 1, "s", "b") == 55
    assert tk.open_ticket(Fake({"ticket_number": 56}), 1, "s", "b") == 56


def test_open_ticket_not_retried_on_gateway_error(client, sim):
    sim.fault(status=502, count=3, method="POST", path="^/tickets$", after=True)
    mark = sim.mark()
    with pytest.raises(XtomApiError) as err:
        tk.open_ticket(client, 2, "Disk", "full")
    assert err.value.uncertain is True
    assert len(sim.requests(mark, "POST")) == 1


@pytest.mark.parametrize("fmt", ["json", "raw"])
def test_download_attachment_from_simulator(client, sim, fmt):
    sim.db["attachment_format"] = fmt
    data = tk.download_attachment(client, "a81f3c", 736634)
    assert data["filename"] == "traceroute.txt"
    assert data["content"] == sim.db["attachments"]["a81f3c"]["content"]


def test_download_attachment_shapes(client):
    with pytest.raises(XtomValidationError, match="attachment='a81f3c' was not found in ticket 736633"):
        tk.download_attachment(client, "a81f3c", 736633)

    class Fake(object):
        def __init__(self, data):
            self.data = data

        @staticmethod
        def path(template, *parts):
            return template % parts

        def download(self, path, params=None):
            return self.data

    wrapped = {"content": b'{"attachment": {"filename": "a.txt", "content": "aGVsbG8="}}',
               "content_type": "application/json", "filename": None}
    assert tk.download_attachment(Fake(wrapped), "x") == {"content": b"hello", "content_type": "application/json",
                                                          "filename": "a.txt"}
    with pytest.raises(XtomValidationError, match="without a file"):
        tk.download_attachment(Fake(dict(wrapped, content=b'{"status": true}')), "x")


def test_ticket_module_does_not_claim_a_reply_it_could_not_send(client, sim):
    """A portal that opens the ticket without saying its number: the reply is not sent, nor reported."""
    from ansible_collections.xtom.console.plugins.modules import ticket as ticket_module

    class NumberlessClient(object):
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, path, data=None):
            client.post(path, data)
            return {"info": ["ticket_added"]}

    class FakeModule(object):
        check_mode = False

        def __init__(self):
            self.client = NumberlessClient()
            self.warnings = []
            self.params = {"number": None, "department": "Billing", "subject": "Numberless", "body": "first",
                           "reply": "second", "state": "present"}

        def warn(self, msg):
            self.warnings.append(msg)

    module = FakeModule()
    mark = sim.mark()
    result = ticket_module.run(module)
    assert result["changed"] is True and result["actions"] == ["opened"]
    assert result["ticket"]["replies"] == []
    assert [(e["method"], e["path"]) for e in sim.writes(mark)] == [("POST", "/tickets")]
    assert any("the reply was not sent" in w for w in module.warnings)
