# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Services area: normalise service rows and resolve a ``service`` reference to one service."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_int,
    to_str,
    XtomValidationError,
)


def normalize_service(row):
    """A stable dict from a GET /service row or a GET /service/@id ``service`` object."""
    row = row or {}
    return {
        "id": to_int(row.get("id")),
        "domain": to_str(row.get("domain")),
        "label": to_str(row.get("label")),
        "name": to_str(first_key(row, "name", "product", default="")),
        "status": to_str(row.get("status")),
        "category": to_str(row.get("category")),
        "category_url": to_str(row.get("category_url")),
        "billingcycle": to_str(row.get("billingcycle")),
        "total": to_str(row.get("total")),
        "next_due": to_str(row.get("next_due")),
    }


def list_services(client):
    """All services of the account (GET /service), normalised, in API order."""
    body = client.get("/service")
    return [normalize_service(r) for r in as_list(first_key(body, "services", default=[])) if isinstance(r, dict)]


def get_service(client, service_id):
    """GET /service/@id, normalised (includes ``label`` and dates)."""
    body = client.get(client.path("/service/%s", service_id))
    row = first_key(body, "service", default=body) or {}
    svc = normalize_service(row)
    svc["date_created"] = to_str(row.get("date_created"))
    svc["next_invoice"] = to_str(row.get("next_invoice"))
    svc["firstpayment"] = to_str(row.get("firstpayment"))
    if svc["id"] is None:
        svc["id"] = to_int(service_id)
    return svc


def describe(svc):
    name = svc.get("label") or svc.get("domain") or "-"
    return "%s (id %s, %s, %s)" % (name, svc.get("id"), svc.get("name") or "?", svc.get("status") or "?")


def resolve_service(client, ref, services=None, option="service"):
    """Find one service by id, label or hostname (``domain``).

    A number is taken as an id (verified with GET /service/@id only when the list does not hold
    it). Labels are not in the GET /service rows, so they are read from the list first and, only
    when no id or hostname matches, from the details of each candidate. Unknown → error with close
    matches; ambiguous → error listing candidates with their ids.
    """
    ref = to_str(ref).strip()
    if not ref:
        raise XtomValidationError("%s must not be empty" % option)
    if services is None:
        services = list_services(client)
    as_id = to_int(ref) if ref.isdigit() else None
    if as_id is not None:
        for svc in services:
            if svc["id"] == as_id:
                return svc
    lowered = ref.lower().rstrip(".")
    matches = [s for s in services if s["domain"].lower().rstrip(".") == lowered or s["label"].lower() == lowered]
    if not matches:
        # GET /service rows may lack labels: read details of services that could carry it.
        for svc in services:
            if not svc["label"]:
                detail = get_service(client, svc["id"])
                svc["label"] = detail["label"]
                if detail["label"].lower() == lowered:
                    matches.append(svc)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise XtomValidationError(
            "%s=%r is ambiguous: it matches %s. Use the service id instead."
            % (option, ref, "; ".join(describe(s) for s in matches))
        )
    names = [s["domain"] for s in services] + [s["label"] for s in services if s["label"]]
    hint = close_matches(ref, names)
    raise XtomValidationError(
        "%s=%r matches no service of this account%s"
        % (option, ref, (": did you mean %s?" % ", ".join(hint)) if hint else " (it is not an id, a label or a hostname)")
    )
