# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Account area: registration details, balance, payment methods, invoices, contacts and
portal notifications: normalise API shapes, validate input, plan changes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)

DETAIL_FIELDS = (
    "email", "type", "firstname", "lastname", "companyname", "vateu", "address1", "address2",
    "city", "state", "postcode", "country", "phonenumber",
)


def normalize_details(body):
    """GET /details → {id, email, firstname, ...} (strings; id as int; missing keys as "")."""
    client = first_key(body, "client", default=body) or {}
    out = {"id": to_int(client.get("id"))}
    for key in DETAIL_FIELDS + ("lastlogin", "ip", "host"):
        out[key] = to_str(client.get(key))
    return out


def get_details(client):
    return normalize_details(client.get("/details"))


def get_balance(client):
    """GET /balance → {currency, balance, credit}; tolerates the extra wrapper in the reference."""
    body = client.get("/balance")
    details = first_key(body, "details", default=None)
    if details is None and isinstance(body, dict) and len(body) == 1:
        details = first_key(list(body.values())[0], "details", default={})
    details = details or {}
    return {
        "currency": to_str(details.get("currency")),
        "balance": to_str(first_key(details, "acc_balance", "balance", default="")),
        "credit": to_str(first_key(details, "acc_credit", "credit", default="")),
    }


def get_payment_methods(client, with_fees=False):
    """GET /payment (id → name map), or GET /payment/fees (rows with fees): a list of dicts."""
    if with_fees:
        rows = as_list(first_key(client.get("/payment/fees"), "payments", default=[]))
        return [
            {
                "id": to_int(r.get("id")),
                "name": to_str(r.get("name")),
                "fixed_fee": to_str(r.get("fixed_fee")),
                "percent_fee": to_str(r.get("percent_fee")),
            }
            for r in rows
            if isinstance(r, dict)
        ]
    payments = first_key(client.get("/payment"), "payments", default={})
    if isinstance(payments, dict):
        items = payments.items()
    else:
        items = [(first_key(r, "id"), first_key(r, "name", "module")) for r in as_list(payments) if isinstance(r, dict)]
    return sorted(({"id": to_int(k), "name": to_str(v)} for k, v in items), key=lambda p: (p["id"] is None, p["id"]))


# ---------------------------------------------------------------------- profile (details, contacts)

PROFILE_TYPES = ("Private", "Company")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
CASE_INSENSITIVE_FIELDS = ("email", "country")


def validate_email(value, option="email"):
    text = to_str(value).strip()
    if not EMAIL_RE.match(text):
        raise XtomValidationError("%s=%r is not a valid email address" % (option, to_str(value)))
    return text


PROFILE_OPTIONS = tuple(k for k in DETAIL_FIELDS if k not in ("email", "state")) + ("region",)


def profile_argument_spec():
    """Argspec of the profile options (doc fragment xtom.console.profile); ``region`` is the API's ``state``."""
    spec = dict((key, dict(type="str")) for key in PROFILE_OPTIONS)
    spec["type"] = dict(type="str", choices=list(PROFILE_TYPES))
    return spec


def profile_values(params):
    """The API profile fields from module params (``region`` → ``state``), for ``desired_profile``."""
    values = dict((k, params.get(k)) for k in DETAIL_FIELDS if k != "state")
    values["state"] = params.get("region")
    return values


def desired_profile(params):
    """The profile fields (DETAIL_FIELDS) set in ``params``, validated: ``{field: str}``."""
    desired = {}
    for key in DETAIL_FIELDS:
        if params.get(key) is not None:
            desired[key] = to_str(params[key]).strip()
    if "email" in desired:
        desired["email"] = validate_email(desired["email"])
    if "type" in desired and desired["type"] not in PROFILE_TYPES:
        raise XtomValidationError("type=%r is not valid: use one of %s" % (desired["type"], ", ".join(PROFILE_TYPES)))
    if desired.get("country"):
        if not COUNTRY_RE.match(desired["country"]):
            raise XtomValidationError(
                "country=%r is not a two-letter ISO 3166 country code (for example US or DE)" % desired["country"]
            )
        desired["country"] = desired["country"].upper()
    return desired


def returned_fields(row):
    """The profile fields an API answer really carries; the others cannot be compared."""
    return set(k for k in DETAIL_FIELDS if isinstance(row, dict) and k in row)


def plan_profile(current, returned, desired):
    """``(changes, unknown)``: the fields of ``desired`` that differ from ``current``, plus the
    fields the API does not return (``unknown``; they cannot be compared, so they are sent)."""
    changes, unknown = {}, []
    for key in sorted(desired):
        wanted = desired[key]
        have = to_str(current.get(key))
        if key not in returned:
            unknown.append(key)
            changes[key] = wanted
        elif (have.lower() != wanted.lower()) if key in CASE_INSENSITIVE_FIELDS else (have != wanted):
            changes[key] = wanted
    return changes, unknown


def unknown_fields_warning(what, unknown):
    return (
        "%s does not return %s: %s cannot be compared, so %s sent on every run and the task reports a change"
        % (what, ", ".join(unknown), "this field" if len(unknown) == 1 else "these fields",
           "it is" if len(unknown) == 1 else "they are")
    )


def read_details(client):
    """GET /details → (normalised details, set of the profile fields the answer carries)."""
    body = client.get("/details")
    row = first_key(body, "client", default=body)
    return normalize_details(body), returned_fields(row)


def update_details(client, changes):
    """PUT /details with the changed fields only; the details the answer carries, or None."""
    body = client.put("/details", changes)
    row = first_key(body, "client", default=None)
    return normalize_details(body) if isinstance(row, dict) and row else None


# ---------------------------------------------------------------------- invoices

INVOICE_STRING_FIELDS = ("number", "status", "date", "duedate", "paybefore", "total", "currency")
INVOICE_DETAIL_FIELDS = ("dateorig", "subtotal", "credit", "tax", "taxrate", "tax2", "taxrate2", "notes")
NO_DATE = ("0000-00-00", "0000-00-00 00:00:00")


def validate_date(value, option):
    """None, or a YYYY-MM-DD date string (the API's date format)."""
    if value is None:
        return None
    text = to_str(value).strip()
    if not DATE_RE.match(text):
        raise XtomValidationError("%s=%r is not a date in the form YYYY-MM-DD" % (option, to_str(value)))
    return text


def normalize_invoice(row):
    """A stable dict from a GET /invoice row or a GET /invoice/@id ``invoice`` object (money as strings)."""
    row = row or {}
    out = {"id": to_int(row.get("id"))}
    for key in INVOICE_STRING_FIELDS:
        out[key] = to_str(row.get(key))
    paid = to_str(row.get("datepaid"))
    out["datepaid"] = "" if paid in NO_DATE else paid
    out["merge_id"] = to_int(row.get("merge_id"))
    for key in INVOICE_DETAIL_FIELDS:
        if key in row:
            out[key] = to_str(row.get(key))
    if "taxexempt" in row:
        out["taxexempt"] = to_bool(row.get("taxexempt"), False)
    if "items" in row:
        out["items"] = [
            {
                "id": to_int(i.get("id")),
                "type": to_str(i.get("type")),
                "item_id": to_int(i.get("item_id")),
                "description": to_str(i.get("description")),
                "amount": to_str(i.get("amount")),
                "qty": to_str(i.get("qty")),
                "linetotal": to_str(i.get("linetotal")),
                "taxed": to_bool(i.get("taxed"), False),
            }
            for i in as_list(row.get("items"))
            if isinstance(i, dict)
        ]
    return out


def list_invoices(client):
    body = client.get("/invoice")
    return [normalize_invoice(r) for r in as_list(first_key(body, "invoices", default=[])) if isinstance(r, dict)]


def get_invoice(client, invoice_id):
    """GET /invoice/@id, normalised, with its items."""
    body = client.get(client.path("/invoice/%s", invoice_id))
    inv = normalize_invoice(first_key(body, "invoice", default=body))
    if inv["id"] is None:
        inv["id"] = to_int(invoice_id)
    return inv


def filter_invoices(invoices, statuses=None, date_from=None, date_to=None):
    """Invoices whose status is one of ``statuses`` (any case) and whose date is in the range."""
    wanted = set(s.lower() for s in statuses or [])
    out = []
    for inv in invoices:
        day = inv["date"][:10]
        if wanted and inv["status"].lower() not in wanted:
            continue
        if date_from and (not day or day < date_from):
            continue
        if date_to and (not day or day > date_to):
            continue
        out.append(inv)
    return out


# ---------------------------------------------------------------------- contacts and privileges


def _privilege_names(value):
    """Sorted privilege names from a list, a map of name → flag, or one name."""
    if isinstance(value, dict):
        names = [k for k, v in value.items() if to_bool(v, True)]
    else:
        names = [n for n in as_list(value) if not isinstance(n, (dict, list))]
    return sorted(set(to_str(n).strip() for n in names if to_str(n).strip()))


def _is_flag_map(items):
    """``{"emails": "1", "orders": "0"}``: a list section written as name → flag (no ids, no ``full``)."""
    return bool(items) and all(
        to_str(k) != "full" and to_int(k) is None and not isinstance(v, (dict, list)) for k, v in items.items()
    )


def normalize_privileges(value):
    """Privileges in the GET /contact/privileges structure, normalised.

    Sections with a list (billing, support, misc) → sorted list of names; sections with a map
    (services, domains) → ``{"full": True, "<id>": [names]}`` (``full`` only when set). Empty
    parts are dropped, so an empty dict means "no privileges". Used for the catalogue too.
    """
    out = {}
    if not isinstance(value, dict):
        return out
    for section, items in value.items():
        section = to_str(section).strip()
        if isinstance(items, dict) and _is_flag_map(items):
            items = [k for k, v in items.items() if to_bool(v, True)]
        if isinstance(items, dict):
            sub = {}
            for key, privs in items.items():
                key = to_str(key).strip()
                if key == "full":
                    if to_bool(privs, bool(privs)):
                        sub["full"] = True
                    continue
                names = _privilege_names(privs)
                if names:
                    sub[key] = names
            if sub:
                out[section] = sub
        else:
            names = _privilege_names(items)
            if names:
                out[section] = names
    return out


def check_privileges_shape(value, option="privileges"):
    """Local check (no request): sections map to a list of names, or to ``full`` / ids → lists."""
    if not isinstance(value, dict):
        raise XtomValidationError("%s must be a dictionary like the output of GET /contact/privileges, got %r" % (option, value))
    for section, items in value.items():
        where = "%s.%s" % (option, section)
        if isinstance(items, dict):
            for key, privs in items.items():
                if to_str(key) == "full":
                    continue
                if to_int(key) is None:
                    raise XtomValidationError("%s: key %r must be 'full' or a numeric id" % (where, key))
                if not isinstance(privs, (list, str)):
                    raise XtomValidationError("%s.%s must be a list of privilege names, got %r" % (where, key, privs))
        elif not isinstance(items, (list, str)):
            raise XtomValidationError("%s must be a list of privilege names or a dictionary, got %r" % (where, items))


def _check_names(where, wanted, allowed):
    unknown = [n for n in wanted if n not in allowed]
    if unknown:
        raise XtomValidationError(
            "%s: unknown privilege%s %s; valid privileges: %s"
            % (where, "s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(allowed) or "none")
        )


def validate_privileges(desired, catalog, option="privileges"):
    """Every part of ``desired`` must be in ``catalog`` (both normalised); else an error listing valid ones."""
    for section in sorted(desired):
        if section not in catalog:
            raise XtomValidationError(
                "%s: unknown section %r; valid sections: %s" % (option, section, ", ".join(sorted(catalog)))
            )
        wanted, allowed = desired[section], catalog[section]
        where = "%s.%s" % (option, section)
        if isinstance(allowed, dict) != isinstance(wanted, dict):
            raise XtomValidationError(
                "%s must be %s" % (where, "a dictionary of 'full' and ids to lists" if isinstance(allowed, dict) else "a list")
            )
        if not isinstance(allowed, dict):
            _check_names(where, wanted, allowed)
            continue
        for key in sorted(wanted):
            if key not in allowed:
                raise XtomValidationError(
                    "%s: %r is not in this account's privileges catalogue; valid keys: %s"
                    % (where, key, ", ".join(sorted(allowed)))
                )
            if key != "full":
                _check_names("%s.%s" % (where, key), wanted[key], allowed[key])


def privileges_to_api(privileges):
    """Normalised privileges → the request body's form (``full`` as 1)."""
    out = {}
    for section, items in privileges.items():
        if isinstance(items, dict):
            out[section] = dict((k, 1 if k == "full" else list(v)) for k, v in items.items())
        else:
            out[section] = list(items)
    return out


def get_privilege_catalog(client):
    """GET /contact/privileges, normalised."""
    body = client.get("/contact/privileges")
    return normalize_privileges(first_key(body, "privileges", default=body))


def normalize_contact(row):
    """A stable dict from a GET /contact row or a GET /contact/@id ``contact`` object."""
    row = row or {}
    out = {"id": to_int(first_key(row, "id", "contact_id"))}
    for key in DETAIL_FIELDS:
        out[key] = to_str(row.get(key))
    if not out["type"] and "company" in row:  # the list carries a company flag instead of the type
        out["type"] = "Company" if to_bool(row.get("company"), False) else "Private"
    if "lastlogin" in row:
        lastlogin = to_str(row.get("lastlogin"))
        out["lastlogin"] = "" if lastlogin in NO_DATE else lastlogin
    if "privileges" in row:
        out["privileges"] = normalize_privileges(row.get("privileges"))
    return out


def list_contacts(client):
    body = client.get("/contact")
    return [normalize_contact(r) for r in as_list(first_key(body, "contacts", default=[])) if isinstance(r, dict)]


def find_contact(contacts, email):
    email = to_str(email).strip().lower()
    for contact in contacts:
        if contact["email"].strip().lower() == email:
            return contact
    return None


def read_contact(client, contact_id):
    """GET /contact/@id → (normalised contact, set of the fields the answer carries)."""
    body = client.get(client.path("/contact/%s", contact_id))
    row = first_key(body, "contact", default=body) or {}
    contact = normalize_contact(row)
    if contact["id"] is None:
        contact["id"] = to_int(contact_id)
    returned = returned_fields(row)
    if "privileges" in row:
        returned.add("privileges")
    return contact, returned


def plan_contact(current, returned, desired, privileges=None, password=None, update_password="on_create"):
    """``(changes, unknown)`` for PUT /contact/@id; ``privileges`` normalised (None: not managed)."""
    changes, unknown = plan_profile(current, returned, desired)
    if privileges is not None:
        if "privileges" not in returned:
            unknown.append("privileges")
            changes["privileges"] = privileges_to_api(privileges)
        elif privileges != current.get("privileges", {}):
            changes["privileges"] = privileges_to_api(privileges)
    if password and update_password == "always":
        changes["password"] = password
    return changes, unknown


def create_contact(client, body):
    """POST /contact; the new contact's id (None when the answer does not say)."""
    answer = client.post("/contact", body)
    cid = first_key(answer, "contact_id", "id", default=None)
    if isinstance(cid, dict):
        cid = first_key(cid, "id", "contact_id")
    if cid is None and isinstance(first_key(answer, "contact"), dict):
        cid = first_key(answer["contact"], "id", "contact_id")
    return to_int(cid)


def update_contact(client, contact_id, changes):
    return client.put(client.path("/contact/%s", contact_id), changes)


# ---------------------------------------------------------------------- notifications

SEEN_KEYS = ("seen", "read", "is_read", "acknowledged", "ack", "confirmed")


def normalize_notification(row, new=None, default_id=None):
    """A stable dict from a notification row; ``new`` is the fallback for the new/seen flag.

    The reference shows no notification; HostBill-style keys are read, with common alternatives.
    """
    row = row or {}
    flag = None
    if "new" in row:
        flag = to_bool(row.get("new"))
    else:
        for key in SEEN_KEYS:
            if key in row and to_bool(row.get(key)) is not None:
                flag = not to_bool(row.get(key))
                break
    return {
        "id": to_int(first_key(row, "id", "notification_id", default=default_id)),
        "rel_type": to_str(row.get("rel_type")),
        "rel_id": to_int(row.get("rel_id")),
        "subject": to_str(first_key(row, "subject", "title", "name", default="")),
        "message": to_str(first_key(row, "message", "body", "content", "text", default="")),
        "date": to_str(first_key(row, "date", "date_added", "created_at", "created", default="")),
        "new": new if flag is None else flag,
    }


def list_notifications(client, new_only=False, rel_type=None, rel_id=None):
    """GET /notifications or /notifications/new with the optional filters, normalised.

    The filters are also applied here, in case a portal ignores them.
    """
    params = {}
    if rel_type:
        params["rel_type"] = rel_type
    if rel_id not in (None, ""):
        params["rel_id"] = str(rel_id)
    body = client.get("/notifications/new" if new_only else "/notifications", params=params or None)
    rows = first_key(body, "notifications", "notification", default=None)
    if rows is None:  # a bare list, or an id → row map
        is_map = isinstance(body, dict) and all(isinstance(v, dict) for v in body.values())
        rows = body if isinstance(body, list) or is_map else []
    pairs = rows.items() if isinstance(rows, dict) else [(None, r) for r in as_list(rows)]
    out = [
        normalize_notification(r, new=True if new_only else None, default_id=k)
        for k, r in pairs
        if isinstance(r, dict)
    ]
    if rel_type:
        out = [n for n in out if not n["rel_type"] or n["rel_type"].lower() == rel_type.lower()]
    if rel_id not in (None, ""):
        out = [n for n in out if n["rel_id"] is None or str(n["rel_id"]) == str(rel_id)]
    return out


def ack_notification(client, notification_id):
    """PUT /notifications/@id/ack."""
    return client.put(client.path("/notifications/%s/ack", notification_id))
