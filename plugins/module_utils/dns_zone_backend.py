# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Hosted DNS zones: ``GET /dns``, ``/service/@service_id/dns[/@zone_id[/records/@record_id]]``.

Records have ids and TTLs. Accepted answer shapes, per route (the reference's keys first):

* ``GET /dns``: ``zones`` (or ``domains``), rows with ``domain_id`` (``zone_id``, ``id``, camelCase),
  ``name`` (``domain``) and ``service_id``; ``service_ids`` (``serviceIds``). A list or a dict of
  rows, ids as numbers or strings, in a ``{"success": true, "data": ...}`` envelope or not.
* ``GET /service/@service_id/dns/@zone_id`` (the reference's example is not valid JSON):
  ``records`` (or ``dns``) as a list or a dict of rows keyed by id, ``name`` (``domain``, ``zone``);
  rows as read by ``dns_backend.parse_record``.
"""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomApiError,
    XtomValidationError,
    answer_value,
    check_text,
    close_matches,
    is_id,
    is_inactive,
    option_error,
    row_value,
    to_str,
    unwrap,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_backend import (
    DnsBackend,
    as_id,
    delete_gone,
    parse_record,
    record_rows,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_names import DEFAULT_TTL, zone_text
from ansible_collections.xtom.console.plugins.module_utils.dns_plan import order_updates
from ansible_collections.xtom.console.plugins.module_utils.services import describe, list_services, resolve_service

# GET /dns
DNS_ZONES = ("zones", "domains")
DNS_SERVICE_IDS = ("service_ids", "serviceIds")
ZONE_ROW_ID = ("domain_id", "domainId", "zone_id", "zoneId", "id")
ZONE_ROW_NAME = ("name", "domain")
ZONE_ROW_SERVICE = ("service_id", "serviceId")
ZONE_LIST_EXPECTED = '"zones" (rows with domain_id, name and service_id) and "service_ids"'
# GET /service/@service_id/dns/@zone_id
ZONE_RECORDS = ("records", "dns")
ZONE_NAME = ("name", "domain", "zone")


def zone_shape(zone_id=None, name=None, service_id=None, domain_id=None):
    """The one shape of a returned zone (as dns_zone_info's ``zones``)."""
    return {"id": zone_id, "name": name, "service_id": service_id, "domain_id": domain_id}


# ------------------------------------------------------------------------------------- GET /dns
def _zone_row(body, row):
    zid, sid = as_id(row_value(row, ZONE_ROW_ID)), as_id(row_value(row, ZONE_ROW_SERVICE))
    name = row_value(row, ZONE_ROW_NAME)
    if zid is None or sid is None or not isinstance(name, str) or not name.strip():
        raise XtomAnswerError(body, ZONE_LIST_EXPECTED)
    return zone_shape(zid, zone_text(name), sid)


def parse_zone_list(body):
    """``{"service_ids": [int], "zones": [zone]}`` of a GET /dns answer (understood or refused)."""
    rows = answer_value(body, DNS_ZONES, (list, dict), expected=ZONE_LIST_EXPECTED)
    rows = list(rows.values()) if isinstance(rows, dict) else rows
    if not all(isinstance(r, dict) for r in rows):
        raise XtomAnswerError(body, ZONE_LIST_EXPECTED)
    zones = [_zone_row(body, r) for r in rows]
    raw_ids = answer_value(body, DNS_SERVICE_IDS, (list, dict), expected=ZONE_LIST_EXPECTED)
    raw_ids = list(raw_ids.values()) if isinstance(raw_ids, dict) else raw_ids
    ids = [as_id(s) for s in raw_ids]
    if None in ids:
        raise XtomAnswerError(body, ZONE_LIST_EXPECTED)
    service_ids = []
    for sid in ids + [z["service_id"] for z in zones]:
        if sid not in service_ids:
            service_ids.append(sid)
    return {"service_ids": service_ids, "zones": zones}


def list_zones(client):
    return client.get("/dns", parse=parse_zone_list)


# ----------------------------------------------------------------------------- DNS services
def service_ref_id(client, service, option="service"):
    """A service reference as an id: ASCII digits are taken as is (no request), else GET /service."""
    text = check_text(to_str(service), option).strip()
    if is_id(text):
        return int(text)
    if text.isdigit():
        raise option_error(option, service, "is not an id (ASCII digits only)")
    return resolve_service(client, text)["id"]


def dns_services(client, listing):
    """DNS hosting services of the account: GET /service rows whose category or product says DNS,
    plus any service GET /dns lists. Cancelled / terminated / suspended ones are left out."""
    found = []
    for svc in list_services(client):
        text = " ".join([svc["category"], svc["category_url"], svc["name"]]).lower()
        status = svc["status"].lower()
        if ("dns" in text or svc["id"] in listing["service_ids"]) and not is_inactive(status) and status != "suspended":
            found.append(svc)
    known = set(s["id"] for s in found)
    for sid in listing["service_ids"]:
        if sid not in known:
            found.append({"id": sid, "label": "", "domain": "", "name": "", "status": ""})
    return found


def dns_service_id(client, listing, service):
    """``service`` as the id of a DNS hosting service; refused (before any write) when the DNS
    listing and the service list show it is not one."""
    sid = service_ref_id(client, service)
    if sid in listing["service_ids"]:
        return sid
    found = dns_services(client, listing)
    if sid in [s["id"] for s in found]:
        return sid
    raise option_error("service", service, "is not a DNS hosting service of this account (GET /dns does not list it)",
                       valid=[describe(s) for s in found] or "none: order DNS hosting first")


def pick_dns_service(client, listing, service=None):
    """The DNS hosting service to create a zone in: ``service`` or the account's only one."""
    if service is not None:
        return dns_service_id(client, listing, service)
    found = dns_services(client, listing)
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        raise XtomValidationError("this account has no DNS hosting service: order one, or set service")
    raise XtomValidationError("the account has %d DNS hosting services; set service to one of: %s" % (
        len(found), "; ".join(describe(s) for s in found)))


# ------------------------------------------------------------------------------------ zones
def _not_a_zone(name, zone_id, zones):
    if name is None:
        return option_error("zone_id", zone_id, "is not a DNS zone of this account")
    names = [z["name"] for z in zones]
    hint = close_matches(name, names)
    return option_error("zone", name, "is not a DNS zone of this account%s" % (
        (": did you mean %s?" % ", ".join(hint)) if hint else
        (" (zones: %s)" % ", ".join(names[:20]) if names else " (the account has no DNS zones)")))


def find_zone(listing, name=None, zone_id=None, service_id=None):
    """The one zone of ``listing`` matching the name / id (and service); clear errors otherwise."""
    found = [z for z in listing["zones"] if (name is None or z["name"] == name) and (zone_id is None or z["id"] == zone_id)]
    if service_id is not None:
        in_service = [z for z in found if z["service_id"] == service_id]
        if found and not in_service:
            raise option_error("zone" if name else "zone_id", name or zone_id, "belongs to service %s, not to service=%s" % (
                ", ".join(str(z["service_id"]) for z in found), service_id))
        found = in_service
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise option_error("zone", name, "is ambiguous: it exists in services %s. Set service to pick one" % (
            ", ".join(str(z["service_id"]) for z in found)))
    raise _not_a_zone(name, zone_id, listing["zones"])


def create_zone(client, service_id, name):
    """POST /service/@id/dns. The answer carries no id: GET /dns again to find it.

    A gateway error or timeout after the POST (``uncertain``) is resolved the same way: if the
    zone is listed afterwards, it was created.
    """
    try:
        client.post(client.path("/service/%s/dns", service_id), {"name": name})
    except XtomApiError as exc:
        if not exc.uncertain:
            raise
        found = [z for z in list_zones(client)["zones"] if z["name"] == name and z["service_id"] == service_id]
        if not found:
            raise
        return found[0]
    found = [z for z in list_zones(client)["zones"] if z["name"] == name and z["service_id"] == service_id]
    return dict(found[0]) if found else zone_shape(None, name, service_id)


def delete_zone(client, zone):
    """DELETE /service/@service_id/dns/@zone_id; already gone (404) counts as done."""
    return delete_gone(client, client.path("/service/%s/dns/%s", zone["service_id"], zone["id"]))


# ---------------------------------------------------------------------------------- backend
class ZoneBackend(DnsBackend):
    """A zone of a DNS hosting service: records by id, with TTLs."""

    def _path(self, *rest):
        base = self.client.path("/service/%s/dns/%s", self.zone["service_id"], self.zone["id"])
        return base + "".join("/" + self.client.path("%s", part) for part in rest)

    def _parse(self, body):
        value = answer_value(body, ZONE_RECORDS, (list, dict), expected='"records" (a list of records)')
        if not self.zone["name"]:
            payload = unwrap(body)
            name = row_value(payload, ZONE_NAME) if isinstance(payload, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise XtomAnswerError(body, '"name" (the zone name) beside "records"')
            self.zone["name"] = zone_text(name)
        return [parse_record(body, row, self.zone["name"], True, as_id(key) if key is not None else None)
                for key, row in record_rows(body, value)]

    def read(self):
        try:
            return self.client.get(self._path(), parse=self._parse)
        except XtomApiError as exc:
            if exc.status == 404 and not isinstance(exc, XtomAnswerError):
                raise option_error("zone_id", self.zone["id"], "is not a DNS zone of service %s" % self.zone["service_id"])
            raise

    def order(self, updates, deletes, creates, current):
        gone = set(id(op["old"]) for op in deletes)
        return deletes + order_updates(updates, [r for r in current if id(r) not in gone]) + creates

    def renumber(self, current, after, ops):
        return None

    def body(self, rec):
        return {"name": rec["record"], "type": rec["type"], "content": rec["content"],
                "ttl": rec["ttl"] or DEFAULT_TTL, "priority": rec["priority"] or 0}

    def create(self, rec):
        answer = self.client.post(self._path("records"), self.body(rec))
        record = answer.get("record") if isinstance(answer, dict) else None
        rec["id"] = as_id(record.get("id")) if isinstance(record, dict) else None  # display only

    def update(self, old, new):
        self.client.put(self._path("records", old["id"]), self.body(new))

    def delete(self, old):
        """A 404 counts as done only when the records, read again, no longer list this id (an id that
        was not the record's, e.g. a position, would otherwise be reported deleted)."""
        path = self._path("records", old["id"])
        if not delete_gone(self.client, path) and any(r["id"] == old["id"] for r in self.read()):
            raise XtomApiError(404, "DELETE", path, ["the record is still listed under id %s: it was not deleted" % old["id"]])


def resolve_zone(client, zone=None, zone_id=None, service=None, listing=None):
    """A ZoneBackend for ``zone`` (a normalised name) or ``zone_id`` (an int).

    One GET (``/dns``); none when both ``zone_id`` and a numeric ``service`` are given (the name is
    then read with the records).
    """
    service_id = service_ref_id(client, service) if service is not None else None
    if zone_id is not None and service_id is not None and zone is None:
        return ZoneBackend(client, zone_shape(zone_id, None, service_id))
    found = find_zone(listing or list_zones(client), zone, zone_id, service_id)
    return ZoneBackend(client, dict(found))
