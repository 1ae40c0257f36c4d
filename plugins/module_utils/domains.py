# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Domains area: normalise registrar domains and resolve ``domain`` / ``domain_id`` to one domain."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)

# Statuses of a domain that is no longer the account's live registration.
INACTIVE_STATUSES = ("expired", "cancelled", "terminated", "fraud", "transferred away", "transferred")


def normalize_domain(row):
    """A stable dict from a GET /domain row or a GET /domain/@id ``details`` object."""
    row = row or {}
    out = {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")).lower().rstrip("."),
        "status": to_str(row.get("status")),
        "expires": to_str(row.get("expires")),
        "date_created": to_str(row.get("date_created")),
        "period": to_int(row.get("period")),
        "recurring_amount": to_str(row.get("recurring_amount")),
        "autorenew": to_bool(row.get("autorenew")),
    }
    if "idprotection" in row:
        out["idprotection"] = to_bool(row.get("idprotection"))
    if "nameservers" in row:
        out["nameservers"] = [to_str(n).lower().rstrip(".") for n in as_list(row.get("nameservers")) if n]
    if "daytoexpire" in row:
        out["daytoexpire"] = to_int(row.get("daytoexpire"))
    for key in ("next_due", "next_invoice", "firstpayment"):
        if key in row:
            out[key] = to_str(row.get(key))
    return out


def list_domains(client):
    body = client.get("/domain")
    return [normalize_domain(r) for r in as_list(first_key(body, "domains", default=[])) if isinstance(r, dict)]


def get_domain(client, domain_id):
    """GET /domain/@id, normalised."""
    body = client.get(client.path("/domain/%s", domain_id))
    details = first_key(body, "details", "domain", default=body)
    if isinstance(details, list):
        details = details[0] if details else {}
    dom = normalize_domain(details)
    if dom["id"] is None:
        dom["id"] = to_int(domain_id)
    return dom


def resolve_domain(client, name=None, domain_id=None, option="domain"):
    """One domain of the account, by id (GET /domain/@id) or by name (GET /domain/name/@name).

    A name may match several registrations (an expired one and its active successor): the one
    live registration wins; several live ones, or only inactive ones, give an error listing them.
    """
    if domain_id is not None:
        try:
            return get_domain(client, domain_id)
        except XtomApiError as exc:
            if exc.status == 404:
                raise XtomValidationError("domain_id=%s is not a domain of this account" % domain_id)
            raise
    name = to_str(name).strip().lower().rstrip(".")
    if not name:
        raise XtomValidationError("%s must not be empty" % option)
    try:
        body = client.get(client.path("/domain/name/%s", name))
    except XtomApiError as exc:
        if exc.status == 404:
            raise XtomValidationError("%s=%r is not a domain of this account" % (option, name))
        raise
    rows = [normalize_domain(r) for r in as_list(first_key(body, "details", "domains", default=[])) if isinstance(r, dict)]
    rows = [r for r in rows if not r["name"] or r["name"] == name] or rows
    if not rows:
        raise XtomValidationError("%s=%r is not a domain of this account" % (option, name))
    live = [r for r in rows if r["status"].lower() not in INACTIVE_STATUSES]
    if len(rows) == 1:
        return rows[0]
    if len(live) == 1:
        return live[0]
    raise XtomValidationError(
        "%s=%r is ambiguous: %s. Use domain_id to pick one."
        % (option, name, "; ".join("id %s (%s, expires %s)" % (r["id"], r["status"] or "?", r["expires"] or "?") for r in rows))
    )
