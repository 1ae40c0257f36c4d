# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tickets area: normalise tickets, replies and departments, find a ticket by subject, download
attachments. A ticket is identified by its number, or by subject + department among open tickets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import json

try:
    from html import unescape
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for sanity's compile test
    def unescape(text):
        return text

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)

CLOSED_STATUSES = ("closed",)
STAFF_REPLY_TYPES = ("admin", "staff", "system", "operator")


def canonical_text(text):
    """Text as compared: HTML entities decoded, CRLF → LF, trailing blanks and outer space removed."""
    text = unescape(to_str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def require_text(value, option):
    """A non-empty text option (None stays None)."""
    if value is None:
        return None
    if not to_str(value).strip():
        raise XtomValidationError("%s must not be empty" % option)
    return to_str(value)


def is_open(ticket):
    return ticket["status"].strip().lower() not in CLOSED_STATUSES


def _attachments(row):
    out = []
    for a in as_list(first_key(row, "attachments", "attachment", default=[])):
        if isinstance(a, dict):
            out.append({
                "id": to_str(first_key(a, "id", "file", "file_id", default="")),
                "filename": to_str(first_key(a, "filename", "name", "org_filename", default="")),
                "size": to_int(a.get("size")),
            })
        elif a not in (None, ""):
            out.append({"id": to_str(a), "filename": "", "size": None})
    return out


def normalize_ticket(row):
    """A stable dict from a GET /tickets row or the ``ticket`` object of GET /tickets/@number."""
    row = row or {}
    out = {
        "number": to_int(first_key(row, "ticket_number", "number", "tid")),
        "subject": to_str(row.get("subject")),
        "department": to_str(first_key(row, "deptname", "department", "dept_name", default="")),
        "department_id": to_int(first_key(row, "dept_id", "deptid", "department_id")),
        "status": to_str(row.get("status")),
        "date": to_str(row.get("date")),
        "client_read": to_bool(row.get("client_read")),
    }
    for key in ("body", "name", "email"):
        if key in row:
            out[key] = to_str(row.get(key))
    if "attachments" in row or "attachment" in row:
        out["attachments"] = _attachments(row)
    return out


def normalize_reply(row):
    rtype = to_str(row.get("type"))
    return {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")),
        "date": to_str(row.get("date")),
        "body": to_str(row.get("body")),
        "status": to_str(row.get("status")),
        "type": rtype,
        "from_client": rtype.strip().lower() not in STAFF_REPLY_TYPES,
        "attachments": _attachments(row),
    }


def list_tickets(client):
    """GET /tickets, normalised, in API order."""
    body = client.get("/tickets")
    return [normalize_ticket(r) for r in as_list(first_key(body, "tickets", default=[])) if isinstance(r, dict)]


def get_ticket(client, number):
    """GET /tickets/@number: the ticket with its ``replies`` (oldest first); an error names the number."""
    try:
        body = client.get(client.path("/tickets/%s", number))
    except XtomApiError as exc:
        if exc.status == 404:
            raise XtomValidationError("number=%s is not a ticket of this account" % number)
        raise
    row = first_key(body, "ticket", default=body) or {}
    ticket = normalize_ticket(row)
    if ticket["number"] is None:
        ticket["number"] = to_int(number)
    replies = first_key(body, "replies", default=None)
    if replies is None:
        replies = row.get("replies")
    rows = [normalize_reply(r) for r in as_list(replies) if isinstance(r, dict)]
    # Oldest first whatever order the portal uses (dates are "YYYY-MM-DD HH:MM:SS" strings).
    ticket["replies"] = sorted(rows, key=lambda r: (r["date"], r["id"] or 0))
    return ticket


def newest_client_message(ticket):
    """The newest reply written by the client, else the ticket's own body (the first message)."""
    mine = [r for r in ticket.get("replies", []) if r["from_client"]]
    if mine:
        return mine[-1]["body"]
    return ticket.get("body")


def list_departments(client):
    """GET /ticket/departments → [{"id": int, "name": str}] (rows, or an id → name map)."""
    body = client.get("/ticket/departments")
    rows = first_key(body, "departments", "department", default=body)
    out = []
    if isinstance(rows, dict) and all(not isinstance(v, (dict, list)) for v in rows.values()):
        for key, name in rows.items():
            out.append({"id": to_int(key), "name": to_str(name)})
    else:
        pairs = rows.items() if isinstance(rows, dict) else [(None, r) for r in as_list(rows)]
        for key, row in pairs:
            if not isinstance(row, dict):
                continue
            dept = {
                "id": to_int(first_key(row, "id", "dept_id", "deptid", default=key)),
                "name": to_str(first_key(row, "name", "deptname", "department", default="")),
            }
            if "description" in row:
                dept["description"] = to_str(row.get("description"))
            out.append(dept)
    return [d for d in out if d["id"] is not None]


def resolve_department(departments, ref, option="department"):
    """A department by id or name (any case); an unknown one gives an error listing the valid ones."""
    text = to_str(ref).strip()
    if not text:
        raise XtomValidationError("%s must not be empty" % option)
    num = to_int(text) if text.isdigit() else None
    for dept in departments:
        if (num is not None and dept["id"] == num) or dept["name"].strip().lower() == text.lower():
            return dept
    hint = close_matches(text, [d["name"] for d in departments])
    raise XtomValidationError(
        "%s=%r is not a ticket department of this portal%s; valid departments: %s"
        % (option, text, " (did you mean %s?)" % " or ".join(hint) if hint else "",
           ", ".join("%s (id %s)" % (d["name"], d["id"]) for d in departments) or "none")
    )


def matching_tickets(tickets, subject, department, open_only=True):
    """Tickets with this subject in this department (newest first); only open ones by default."""
    wanted = canonical_text(subject)
    found = []
    for t in tickets:
        if open_only and not is_open(t):
            continue
        if canonical_text(t["subject"]) != wanted:
            continue
        if t["department_id"] is not None:
            if t["department_id"] != department["id"]:
                continue
        elif canonical_text(t["department"]).lower() != canonical_text(department["name"]).lower():
            continue
        found.append(t)
    return sorted(found, key=lambda t: (t["date"], t["number"] or 0), reverse=True)


def open_ticket(client, department_id, subject, body):
    """POST /tickets (never retried after it may have reached the server); the new number."""
    answer = client.post("/tickets", {"dept_id": department_id, "subject": subject, "body": body})
    number = first_key(answer, "ticket", "ticket_number", "number", "tid", default=None)
    if isinstance(number, dict):
        number = first_key(number, "ticket_number", "number", "tid", "id")
    return to_int(number)


def add_reply(client, number, body):
    return client.post(client.path("/tickets/%s", number), {"body": body})


def set_ticket_state(client, number, state):
    """PUT /tickets/@number/open or /close; ``state`` is "open" or "closed"."""
    action = "close" if state == "closed" else "open"
    return client.put(client.path("/tickets/%s/" + action, number))


def ticket_state(ticket, with_message=False):
    """The part of a ticket that the ticket module manages, for diff and comparison."""
    if not ticket:
        return {}
    out = {
        "number": ticket.get("number"),
        "subject": ticket.get("subject"),
        "department": ticket.get("department"),
        "status": ticket.get("status"),
    }
    if with_message:
        out["newest_client_message"] = newest_client_message(ticket)
    return out


def _unwrap_json_file(content):
    """Some portals answer a download as JSON with the file base64-encoded: unwrap it."""
    try:
        body = json.loads(content.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None, None
    row = first_key(body, "attachment", "file", default=body) if isinstance(body, dict) else None
    if not isinstance(row, dict):
        return None, None
    data = first_key(row, "content", "data", "base64", "body")
    if data is None:
        return None, None
    try:
        raw = base64.b64decode(to_str(data), validate=True)
    except (binascii.Error, ValueError, TypeError):
        raw = to_str(data).encode("utf-8")
    return raw, first_key(row, "filename", "name")


def download_attachment(client, file_id, number=None):
    """GET /ticket/attachment/@file → {"content": bytes, "filename": str or None, "content_type": str}."""
    params = {"number": number} if number is not None else None
    try:
        data = client.download(client.path("/ticket/attachment/%s", file_id), params=params)
    except XtomApiError as exc:
        if exc.status == 404:
            raise XtomValidationError("attachment=%r was not found%s" % (file_id, " in ticket %s" % number if number else ""))
        raise
    if "json" in data["content_type"].lower():
        content, filename = _unwrap_json_file(data["content"])
        if content is None:
            raise XtomValidationError("attachment=%r: the portal answered JSON without a file in it" % file_id)
        data = dict(data, content=content, filename=to_str(filename) or data["filename"])
    return data
