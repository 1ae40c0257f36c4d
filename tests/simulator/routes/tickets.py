"""Support tickets: list, details with replies, attachments, open, reply, reopen, close, departments.

Undocumented choices:

- GET /ticket/departments has no example. The simulator answers
  ``{"departments": [{"id": "1", "name": "Billing", "description": "..."}]}`` (ids as strings,
  like the rest of the reference).
- GET /tickets/@number adds an ``attachments`` list to the ``ticket`` object and to each reply
  (``[{"id": "<file id>", "filename": "...", "size": "<bytes>"}]``; empty when none): the
  reference shows no attachments anywhere, yet GET /ticket/attachment/@file needs their ids.
- GET /ticket/attachment/@file: the reference says "JSON is used for all API returns", so the
  simulator answers ``{"attachment": {"id": ..., "filename": "...", "type": "<mime type>",
  "size": "<bytes>", "content": "<base64>"}}``. With ``db["attachment_format"] = "raw"`` it answers
  the file itself instead (``application/octet-stream`` with ``Content-Disposition: attachment;
  filename="..."``), as a plain HostBill download would; the module accepts both. An unknown
  file id gives 404. The optional ``number`` query parameter must match the ticket the file
  belongs to when given.
- POST /tickets needs a known ``dept_id`` and a non-empty ``subject`` and ``body`` (400
  otherwise); it answers ``{"ticket": <number>}`` (a number, as in the example); the new ticket
  is "Open".
- POST /tickets/@number adds a reply of ``type`` "Client" (the example's staff replies have
  "Admin") and sets the ticket to "Client-Reply" (also a closed one, as HostBill does).
- PUT /tickets/@number/open and /close answer ``{"status": true}`` also when the ticket is
  already in that state. Open states are every status but "Closed".

Variant shapes (``--variant``; routes without a valid reference example):

- GET /ticket/departments: ``{"success": true, "data": {"<id>": {"deptId": <id>, "deptName": ...}}}``
  (rows keyed by id in an envelope, ids as numbers, camelCase).
- GET /ticket/attachment/@file (JSON format): ``{"success": true, "data": {"file": {"id", "name",
  "mimeType", "size" (a number), "data" (base64)}}}``.
"""

import base64

from ..app import RawResponse, bad_request, camel, not_found

SAMPLES = {
    "GET /tickets": "/tickets",
    "GET /tickets/@number": "/tickets/736633",
    "GET /ticket/attachment/@file": "/ticket/attachment/a81f3c",
    "POST /tickets": {"path": "/tickets", "body": {"dept_id": 1, "subject": "Route walk", "body": "Hello"}},
    "POST /tickets/@number": {"path": "/tickets/736633", "body": {"body": "Thank you."}},
    "PUT /tickets/@number/open": "/tickets/736633/open",
    "PUT /tickets/@number/close": "/tickets/736633/close",
    "GET /ticket/departments": "/ticket/departments",
}

DEPARTMENTS = [
    {"id": "1", "name": "Billing", "description": "Invoices, payments and refunds"},
    {"id": "2", "name": "Technical Support", "description": "Servers, network and DNS"},
    {"id": "3", "name": "Sales", "description": "Questions before you order"},
]

ATTACHMENT = b"%PDF-1.4\n% xtom simulator sample attachment\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
TRACEROUTE = b"traceroute to 203.0.113.10\n 1  gw  0.4 ms\n 2  * * *\n"


def _ticket(number, dept, subject, body, status, date, replies=(), attachments=()):
    return {"ticket_number": str(number), "dept_id": dept, "subject": subject, "body": body, "status": status,
            "date": date, "client_read": "1", "name": "Joe Doe", "email": "demo@example.com",
            "replies": list(replies), "attachments": list(attachments)}


def _reply(rid, name, date, body, rtype):
    return {"id": str(rid), "name": name, "date": date, "body": body, "status": "Sent", "type": rtype,
            "attachments": []}


def seed(db, options):
    db["departments"] = {int(d["id"]): dict(d) for d in DEPARTMENTS}
    db["attachment_format"] = "json"
    db["attachments"] = {"a81f3c": {"id": "a81f3c", "ticket": 736634, "filename": "traceroute.txt",
                                    "type": "text/plain",
                                    "content": TRACEROUTE},
                         "b92e4d": {"id": "b92e4d", "ticket": 736633, "filename": "receipt.pdf",
                                    "type": "application/pdf", "content": ATTACHMENT}}
    tickets = [
        _ticket(736633, "1", "Invoice 2026/10/1 VAT number", "Please add my VAT number to invoice 2026/10/1.",
                "Answered", "2026-10-20 12:48:13",
                replies=[_reply(929, "Support Staff", "2026-10-20 12:51:04",
                                "Done, the invoice now shows your VAT number.", "Admin")],
                attachments=[{"id": "b92e4d", "filename": "receipt.pdf", "size": str(len(ATTACHMENT))}]),
        _ticket(736634, "2", "Packet loss on web1.example.com", "Since 09:00 UTC we see packet loss to web1.",
                "Open", "2026-11-21 09:30:00",
                attachments=[{"id": "a81f3c", "filename": "traceroute.txt", "size": str(len(TRACEROUTE))}]),
        _ticket(736610, "3", "Bulk discount", "Do you offer discounts for 10+ servers?", "Closed",
                "2026-06-02 15:00:00",
                replies=[_reply(801, "Sales Team", "2026-06-02 16:00:00", "Yes, 10% from 10 servers.", "Admin")]),
    ]
    db["tickets"] = {int(t["ticket_number"]): t for t in tickets}
    db["_next_reply"] = 1000


def dept_name(req, dept_id):
    dept = req.db["departments"].get(int(dept_id))
    return dept["name"] if dept else ""


def get_ticket(req):
    ticket = req.db["tickets"].get(req.int_param("number"))
    if ticket is None:
        raise not_found("ticket", req.params["number"])
    return ticket


def register(router):
    @router.route("GET", "/tickets")
    def tickets(req):
        rows = sorted(req.db["tickets"].values(), key=lambda t: t["date"], reverse=True)
        return {"tickets": [{"client_read": t["client_read"], "ticket_number": t["ticket_number"], "date": t["date"],
                             "deptname": dept_name(req, t["dept_id"]), "subject": t["subject"],
                             "status": t["status"]} for t in rows]}

    @router.route("GET", "/tickets/@number")
    def ticket(req):
        t = get_ticket(req)
        t["client_read"] = "1"
        view = {"date": t["date"], "ticket_number": t["ticket_number"], "name": t["name"], "email": t["email"],
                "subject": t["subject"], "body": t["body"], "status": t["status"], "client_read": t["client_read"],
                "deptname": dept_name(req, t["dept_id"]), "attachments": [dict(a) for a in t["attachments"]]}
        return {"ticket": view, "replies": [dict(r, attachments=list(r["attachments"])) for r in t["replies"]]}

    @router.route("GET", "/ticket/attachment/@file")
    def attachment(req):
        att = req.db["attachments"].get(req.params["file"])
        number = req.query.get("number")
        if att is None or (number and str(number) != str(att["ticket"])):
            raise not_found("attachment", req.params["file"])
        if req.db.get("attachment_format") == "raw":
            return RawResponse(att["content"], "application/octet-stream",
                               {"Content-Disposition": 'attachment; filename="%s"' % att["filename"]})
        if req.variant:
            return {"success": True, "data": {"file": {"id": att["id"], "name": att["filename"], "mimeType": att["type"],
                                                       "size": len(att["content"]),
                                                       "data": base64.b64encode(att["content"]).decode("ascii")}}}
        return {"attachment": {"id": att["id"], "filename": att["filename"], "type": att["type"],
                               "size": str(len(att["content"])),
                               "content": base64.b64encode(att["content"]).decode("ascii")}}

    @router.route("POST", "/tickets")
    def open_ticket(req):
        try:
            dept_id = int(req.arg("dept_id"))
        except (TypeError, ValueError):
            raise bad_request("dept_id must be a department id")
        if dept_id not in req.db["departments"]:
            raise bad_request("unknown department %s" % dept_id)
        subject = str(req.arg("subject") or "").strip()
        body = str(req.arg("body") or "").strip()
        if not subject:
            raise bad_request("subject is required")
        if not body:
            raise bad_request("body is required")
        number = max(req.db["tickets"]) + 1
        req.db["tickets"][number] = _ticket(number, str(dept_id), subject, str(req.arg("body")), "Open",
                                            "2026-11-27 10:00:00")
        return {"ticket": number}

    @router.route("POST", "/tickets/@number")
    def reply(req):
        t = get_ticket(req)
        body = req.arg("body")
        if not str(body or "").strip():
            raise bad_request("body is required")
        req.db["_next_reply"] += 1
        t["replies"].append(_reply(req.db["_next_reply"], "Joe Doe", "2026-11-27 10:05:00", str(body), "Client"))
        t["status"] = "Client-Reply"
        return {"info": ["reply_added"]}

    @router.route("PUT", "/tickets/@number/open")
    def reopen(req):
        t = get_ticket(req)
        if t["status"] == "Closed":
            t["status"] = "Open"
        return {"status": True}

    @router.route("PUT", "/tickets/@number/close")
    def close(req):
        get_ticket(req)["status"] = "Closed"
        return {"status": True}

    @router.route("GET", "/ticket/departments")
    def departments(req):
        if req.variant:
            return {"success": True, "data": {d["id"]: camel({"dept_id": int(d["id"]), "dept_name": d["name"],
                                                              "description": d["description"]})
                                              for d in req.db["departments"].values()}}
        return {"departments": [dict(d) for d in sorted(req.db["departments"].values(), key=lambda d: int(d["id"]))]}
