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
