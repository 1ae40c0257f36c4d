# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Billing: balance (GET /balance), payment methods (GET /payment, /payment/fees) and invoices
(GET /invoice, /invoice/@id). Read-only; every answer is understood or refused."""

import re

from ansible_collections.xtom.console.plugins.module_utils.account import answer_id, answer_text, keyed_rows
from ansible_collections.xtom.console.plugins.module_utils.common import (
    answer_value,
    is_id,
    not_found_as,
    option_error,
    parse_id,
    to_bool,
    to_int,
    to_str,
)

# ---------------------------------------------------------------------- accepted answer shapes
BALANCE_KEYS = ("details", "balance")                  # GET /balance -> {"success": true, "details": {...}}
BALANCE_FIELDS = (                                     # (returned name, accepted keys, required)
    ("balance", ("acc_balance", "accBalance", "balance"), True),
    ("credit", ("acc_credit", "accCredit", "credit"), False),
    ("currency", ("currency",), True),
)
PAYMENTS_KEYS = ("payments",)                          # GET /payment -> {"payments": {"10": "BankTransfer"}}
FEE_FIELDS = (("fixed_fee", ("fixed_fee", "fixedFee")), ("percent_fee", ("percent_fee", "percentFee")))
INVOICES_KEYS = ("invoices",)                          # GET /invoice -> {"invoices": [...]}
INVOICE_KEYS = ("invoice",)                            # GET /invoice/@id -> {"invoice": {...}}

DATE_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z")  # ASCII digits only (not ٢٠٢٦)
NO_DATE = ("0000-00-00", "0000-00-00 00:00:00")


def parse_balance(body):
    """GET /balance -> {currency, balance, credit} (strings)."""
    details = answer_value(body, BALANCE_KEYS, (dict,))
    return dict((name, answer_text(details, keys, body, '"details"', required=required))
                for name, keys, required in BALANCE_FIELDS)


def get_balance(client):
    return client.get("/balance", parse=parse_balance)


def parse_payment_methods(body):
    """GET /payment: ``{"payments": {"<id>": "<name>"}}`` (or rows with id and name) -> [{id, name}] by id."""
    value = answer_value(body, PAYMENTS_KEYS, (dict, list))
    if isinstance(value, dict) and all(is_id(k) and isinstance(v, str) for k, v in value.items()):
        methods = [{"id": int(k), "name": v} for k, v in value.items()]
    else:
        methods = [{"id": answer_id(row, ("id",), body, '"payments"', default=key),
                    "name": answer_text(row, ("name", "module"), body, '"payments"')}
                   for key, row in keyed_rows(body, PAYMENTS_KEYS, '"payments" holding id -> name, or rows')]
    return sorted(methods, key=lambda p: p["id"])


def parse_payment_fees(body):
    """GET /payment/fees -> [{id, name, fixed_fee, percent_fee}] (fees as strings)."""
    out = []
    for key, row in keyed_rows(body, PAYMENTS_KEYS, '"payments" holding a list of payment methods with fees'):
        method = {"id": answer_id(row, ("id",), body, '"payments"', default=key),
                  "name": answer_text(row, ("name",), body, '"payments"')}
        for name, keys in FEE_FIELDS:
            method[name] = answer_text(row, keys, body, '"payments"')
        out.append(method)
    return out


def get_payment_methods(client, with_fees=False):
    """GET /payment (id -> name), or GET /payment/fees (rows with fees): a list of dicts."""
    if with_fees:
        return client.get("/payment/fees", parse=parse_payment_fees)
    return client.get("/payment", parse=parse_payment_methods)


# ---------------------------------------------------------------------- invoices

INVOICE_STRING_FIELDS = ("number", "status", "date", "duedate", "paybefore", "total", "currency")
INVOICE_DETAIL_FIELDS = ("dateorig", "subtotal", "credit", "tax", "taxrate", "tax2", "taxrate2", "notes")


def validate_date(value, option):
    """None, or a YYYY-MM-DD date string (the API's date format)."""
    if value is None:
        return None
    text = to_str(value).strip()
    if not DATE_RE.match(text):
        raise option_error(option, value, "is not a date in the form YYYY-MM-DD")
    return text


def _item(row, body):
    return {
        "id": answer_id(row, ("id",), body, "invoice items"),
        "type": to_str(row.get("type")),
        "item_id": to_int(row.get("item_id")),
        "description": to_str(row.get("description")),
        "amount": to_str(row.get("amount")),
        "qty": to_str(row.get("qty")),
        "linetotal": to_str(row.get("linetotal")),
        "taxed": to_bool(row.get("taxed"), False),
    }


def normalize_invoice(row, body, invoice_id=None):
    """A stable dict from a GET /invoice row or a GET /invoice/@id ``invoice`` object (money as strings)."""
    out = {"id": answer_id(row, ("id",), body, "invoices", default=invoice_id)}
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
        out["lines"] = [_item(item, body) for _key, item in keyed_rows(row, ("items",), '"items" holding a list')]
    return out


def parse_invoices(body):
    return [normalize_invoice(row, body, key)
            for key, row in keyed_rows(body, INVOICES_KEYS, '"invoices" holding a list of invoices')]


def list_invoices(client):
    return client.get("/invoice", parse=parse_invoices)


def get_invoice(client, invoice_id, option="id"):
    """GET /invoice/@id, normalised, with its items; a 404 means "not an invoice of this account"."""
    invoice_id = parse_id(invoice_id, option)

    def parse(body):
        return normalize_invoice(answer_value(body, INVOICE_KEYS, (dict,)), body, invoice_id)

    try:
        return client.get(client.path("/invoice/%s", invoice_id), parse=parse)
    except Exception as exc:
        raise not_found_as(exc, option, invoice_id, "an invoice")


def filter_invoices(invoices, statuses=None, date_from=None, date_to=None):
    """Invoices whose status is one of ``statuses`` (any case) and whose date is in the range."""
    wanted = set(s.strip().lower() for s in statuses or [])
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
