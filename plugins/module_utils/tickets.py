# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tickets area: read tickets, replies, departments and attachments (understood or refused), find
a ticket by subject, validate input. A ticket is identified by its number, or by subject +
department among open tickets."""

import base64
import binascii
import hashlib
import json
import re
from html import unescape

from ansible_collections.xtom.console.plugins.module_utils.account import answer_id, answer_text, keyed_rows
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError, XtomClient
from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomValidationError,
    answer_value,
    check_text,
    close_matches,
    is_id,
    not_found_as,
    option_error,
    row_value,
    to_bool,
    to_int,
    to_str,
)

# ---------------------------------------------------------------------- accepted answer shapes
TICKETS_KEYS = ("tickets",)                              # GET /tickets -> {"tickets": [...]}
TICKET_KEYS = ("ticket",)                                # GET /tickets/@number -> {"ticket": {...}, "replies": [...]}
REPLIES_KEYS = ("replies",)
NEW_TICKET_KEYS = ("ticket", "ticket_number", "number", "tid")  # POST /tickets -> {"ticket": 865650}
DEPARTMENTS_KEYS = ("departments", "department", "depts")  # GET /ticket/departments (no example)
ATTACHMENT_KEYS = ("attachment", "file")                 # GET /ticket/attachment/@file as JSON (no example)
NUMBER_KEYS = ("ticket_number", "number", "tid", "ticketNumber")
DEPT_NAME_KEYS = ("deptname", "department", "dept_name", "deptName")
DEPT_ID_KEYS = ("dept_id", "deptid", "department_id", "deptId")
DEPT_ROW_ID_KEYS = ("id",) + DEPT_ID_KEYS
DEPT_ROW_NAME_KEYS = ("name",) + DEPT_NAME_KEYS
FILE_ID_KEYS = ("id", "file", "file_id", "fileId")
FILE_NAME_KEYS = ("filename", "name", "org_filename", "fileName")
FILE_TYPE_KEYS = ("type", "mime", "mimetype", "mimeType", "content_type", "contentType")
FILE_CONTENT_KEYS = ("content", "data", "base64")

CLOSED_STATUSES = ("closed",)
STAFF_REPLY_TYPES = ("admin", "staff", "system", "operator")
LINE_BREAKS_RE = re.compile(r"[\r\n\t]")


# ---------------------------------------------------------------------- input

def check_subject(value, option="subject"):
    """A one-line, non-empty text (subject, department); None stays None."""
    if value is None:
        return None
    text = check_text(value, option)
    if not text.strip():
        raise option_error(option, value, "must not be empty")
    return text.strip()


def check_message(value, option):
    """A message (body, reply): line breaks and tabs allowed, other control characters (NUL...) refused."""
    if value is None:
        return None
    text = to_str(value)
    check_text(LINE_BREAKS_RE.sub(" ", text), option)
    if not text.strip():
        raise option_error(option, value, "must not be empty")
    return text


def canonical_text(text):
    """Text as compared: HTML entities decoded, CRLF -> LF, trailing blanks and outer space removed."""
    text = unescape(to_str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def is_open(ticket):
    return ticket["status"].strip().lower() not in CLOSED_STATUSES


# ---------------------------------------------------------------------- tickets and replies

def _attachments(row, body):
    out = []
    items = row.get("attachments") or []
    if not isinstance(items, (list, dict)):  # a number or a string is not a list of attachments (was a TypeError)
        raise XtomAnswerError(body, '"attachments" holding attachment objects or ids')
    for item in items:
        if isinstance(item, dict):
            out.append({"id": answer_text(item, FILE_ID_KEYS, body, "attachments"),
                        "filename": answer_text(item, FILE_NAME_KEYS, body, "attachments", required=False),
                        "size": to_int(item.get("size"))})
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            out.append({"id": to_str(item), "filename": "", "size": None})
        else:
            raise XtomAnswerError(body, '"attachments" holding attachment objects or ids')
    return out


def normalize_ticket(row, body, number=None):
    """A stable dict from a GET /tickets row or the ``ticket`` object of GET /tickets/@number.

    The number, subject, status and department (name or id) are compared: they must be understood.
    """
    out = {
        "number": answer_id(row, NUMBER_KEYS, body, "tickets", default=number),
        "subject": answer_text(row, ("subject",), body, "tickets"),
        "department": answer_text(row, DEPT_NAME_KEYS, body, "tickets", required=False),
        "department_id": to_int(row_value(row, DEPT_ID_KEYS)),
        "status": answer_text(row, ("status",), body, "tickets"),
        "date": answer_text(row, ("date",), body, "tickets", required=False),
        "client_read": to_bool(row.get("client_read")),
    }
    if not out["department"] and out["department_id"] is None:
        raise XtomAnswerError(body, "tickets with a department (%s)" % " or ".join(DEPT_NAME_KEYS + DEPT_ID_KEYS))
    for key in ("body", "name", "email"):
        if key in row:
            out[key] = answer_text(row, (key,), body, "tickets")
    if "attachments" in row:
        out["attachments"] = _attachments(row, body)
    return out


def normalize_reply(row, body):
    rtype = answer_text(row, ("type",), body, "replies")
    return {
        "id": to_int(row.get("id")),
        "name": answer_text(row, ("name",), body, "replies", required=False),
        "date": answer_text(row, ("date",), body, "replies", required=False),
        "body": answer_text(row, ("body",), body, "replies"),
        "status": answer_text(row, ("status",), body, "replies", required=False),
        "type": rtype,
        "from_client": rtype.strip().lower() not in STAFF_REPLY_TYPES,
        "attachments": _attachments(row, body),
    }


def parse_tickets(body):
    return [normalize_ticket(row, body, key)
            for key, row in keyed_rows(body, TICKETS_KEYS, '"tickets" holding a list of tickets')]


def list_tickets(client):
    """GET /tickets, normalised, in API order."""
    return client.get("/tickets", parse=parse_tickets)


def parse_ticket(number):
    """The parser of GET /tickets/@number: the ticket with its ``replies`` (oldest first)."""
    def parse(body):
        row = answer_value(body, TICKET_KEYS, (dict,))
        ticket = normalize_ticket(row, body, number)
        source = row if "replies" in row else body  # the reference has them beside the ticket
        rows = [normalize_reply(r, body) for _key, r in keyed_rows(source, REPLIES_KEYS,
                                                                   '"replies" holding a list of replies')]
        # Oldest first whatever order the portal uses (dates are "YYYY-MM-DD HH:MM:SS" strings).
        ticket["replies"] = sorted(rows, key=lambda r: (r["date"], r["id"] or 0))
        return ticket
    return parse


def get_ticket(client, number, option="number"):
    """GET /tickets/@number: the ticket with its replies; a 404 means "not a ticket of this account"."""
    try:
        return client.get(client.path("/tickets/%s", number), parse=parse_ticket(number))
    except Exception as exc:
        raise not_found_as(exc, option, number, "a ticket")


def newest_client_message(ticket):
    """The newest reply written by the client, else the ticket's own body (the first message)."""
    mine = [r for r in ticket.get("replies", []) if r["from_client"]]
    if mine:
        return mine[-1]["body"]
    return ticket.get("body")


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


# ---------------------------------------------------------------------- departments

def parse_departments(body):
    """GET /ticket/departments -> [{"id": int, "name": str}]: rows, rows keyed by id, or an id -> name map."""
    expected = '"departments" holding a list of departments (or departments keyed by id, or id -> name)'
    value = answer_value(body, DEPARTMENTS_KEYS, (list, dict), bare=True, expected=expected)
    if isinstance(value, dict) and value and all(is_id(k) and isinstance(v, str) for k, v in value.items()):
        return [{"id": int(k), "name": v} for k, v in value.items()]
    out = []
    for key, row in keyed_rows(body, DEPARTMENTS_KEYS, expected):
        dept = {"id": answer_id(row, DEPT_ROW_ID_KEYS, body, "departments", default=key),
                "name": answer_text(row, DEPT_ROW_NAME_KEYS, body, "departments")}
        if "description" in row:
            dept["description"] = answer_text(row, ("description",), body, "departments")
        out.append(dept)
    return out


def list_departments(client):
    return client.get("/ticket/departments", parse=parse_departments)


def resolve_department(departments, ref, option="department"):
    """A department by id or name (any case); an unknown one gives an error listing the valid ones."""
    text = check_subject(ref, option)
    num = int(text) if is_id(text) else None
    for dept in departments:
        if (num is not None and dept["id"] == num) or dept["name"].strip().lower() == text.lower():
            return dept
    hint = close_matches(text, [d["name"] for d in departments])
    raise option_error(option, text, "is not a ticket department of this portal%s" % (
        " (did you mean %s?)" % " or ".join(hint) if hint else ""),
        ", ".join("%s (id %s)" % (d["name"], d["id"]) for d in departments) or "none (the portal lists no department)")


# ---------------------------------------------------------------------- writes

def new_ticket_number(answer):
    """The number in a POST /tickets answer (``{"ticket": 865650}`` and variants), or None when it says none."""
    try:
        value = answer_value(answer, NEW_TICKET_KEYS, (str, int, dict))
    except XtomAnswerError:
        return None
    if isinstance(value, dict):
        value = row_value(value, NUMBER_KEYS + ("id",))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value.strip()) if isinstance(value, str) and is_id(value) else None


def open_ticket(client, department_id, subject, body):
    """POST /tickets (never sent again after it may have reached the server); the new number or None."""
    return new_ticket_number(client.post("/tickets", {"dept_id": department_id, "subject": subject, "body": body}))


def add_reply(client, number, body):
    return client.post(client.path("/tickets/%s", number), {"body": body})


def set_ticket_state(client, number, state):
    """PUT /tickets/@number/open or /close; ``state`` is "open" or "closed". ``{"status": false}`` raises."""
    action = "close" if state == "closed" else "open"
    return client.put(client.path("/tickets/%s/" + action, number))


# ---------------------------------------------------------------------- attachments

def _decode_content(data, body):
    if not isinstance(data, str):
        raise XtomAnswerError(body, '"attachment" with "content" (base64 text)')
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise XtomAnswerError(body, '"attachment" with "content" as valid base64')


def parse_attachment_json(body):
    """A download answered as JSON (``{"attachment": {...}}``): ``(content bytes, filename, content type)``."""
    row = answer_value(body, ATTACHMENT_KEYS, (dict,))
    content = _decode_content(row_value(row, FILE_CONTENT_KEYS), body)
    return (content, answer_text(row, FILE_NAME_KEYS, body, '"attachment"', required=False),
            answer_text(row, FILE_TYPE_KEYS, body, '"attachment"', required=False))


def attachment_view(file_id, content, filename, content_type):
    """The attachment as ticket_info returns it: the content base64-encoded, never written to a file."""
    return {"id": file_id, "filename": filename or "", "content_type": content_type or "application/octet-stream",
            "size": len(content), "checksum": hashlib.sha1(content).hexdigest(),
            "content": base64.b64encode(content).decode("ascii")}


ATTACHMENT_PATH = "/ticket/attachment/%s"


def attachment_path(file_id, option="attachment"):
    """The request path of an attachment id, checked before any request (no control characters, no
    empty, ``.`` or ``..`` segment; other characters are quoted inside the one segment)."""
    try:
        return XtomClient.path(ATTACHMENT_PATH, check_text(file_id, option))
    except XtomValidationError as exc:
        if str(exc).startswith(option + "="):
            raise
        raise option_error(option, file_id, "cannot be used in a request path (empty, . or ..)")


def get_attachment(client, file_id, number=None, option="attachment"):
    """GET /ticket/attachment/@file (``number`` as a query parameter) -> ``attachment_view``."""
    path = attachment_path(file_id, option)
    params = {"number": number} if number is not None else None
    try:
        data = client.download(path, params=params)
    except XtomApiError as exc:
        raise not_found_as(exc, option, file_id, "an attachment")
    content, filename, ctype = data["content"], data["filename"], data["content_type"].split(";")[0].strip()
    if "json" in ctype.lower():
        body = json.loads(content.decode("utf-8"))
        try:
            content, name, kind = parse_attachment_json(body)
        except XtomAnswerError as exc:
            exc.method, exc.path = "GET", path
            raise
        filename, ctype = name or filename, kind or ""
    return attachment_view(to_str(file_id), content, filename, ctype)
