# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A registered domain's DNS at the registrar: ``/domain/@id/dns[/@index]``, ``/domain/@id/dns/types``.

Records have no TTL and are addressed by the index the list gave (``id`` of each row): a list
whose indexes are missing or not unique is refused. Deleting index i shifts every later index
down, so the plan updates first (indexes as read), then deletes from the highest index down, then
appends. Because another task may change the list between the read and a write, the record at an
index is read again and compared (name, type, value) right before each PUT and DELETE; when it
moved, nothing is sent for it and the task fails naming it.

Accepted answer shapes (the reference's keys first): ``GET /domain/@id/dns``: ``records`` (or
``dns``), a list or a dict of rows, each with ``id`` (or ``index``), ``name``, ``type``, ``content``
and ``priority``; ``GET /domain/@id/dns/types``: ``types``, a list of strings.
"""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomApiError,
    XtomValidationError,
    answer_value,
    parse_id,
    to_str,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_backend import (
    REGISTRAR_RECORD_ID,
    DnsBackend,
    as_id,
    parse_record,
    record_rows,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_names import REGISTRAR_ONLY_TYPES, zone_text
from ansible_collections.xtom.console.plugins.module_utils.dns_plan import order_updates
from ansible_collections.xtom.console.plugins.module_utils.dns_spec import where
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import zone_shape
from ansible_collections.xtom.console.plugins.module_utils.domains import resolve_domain

# GET /domain/@id/dns
REGISTRAR_RECORDS = ("records", "dns")
REGISTRAR_EXPECTED = '"records" (rows with a unique index "id", name, type and content)'
# GET /domain/@id/dns/types
REGISTRAR_TYPES = ("types",)


class XtomMovedError(XtomApiError):
    """The record at an index is not the one planned: the list changed since it was read."""

    def __init__(self, method, path, old, zone):
        msg = ("the record at index %s is no longer %s %s %s: the list changed since it was read (another task "
               "ran at the same time?); nothing was sent for it. Run the task again" % (
                   old["id"], zone, old["record"], "%s %s" % (old["type"], old["value"])))
        super(XtomMovedError, self).__init__(None, method, path, [msg])

    def __str__(self):
        return "%s %s refused: %s" % (self.method, self.path, "; ".join(self.messages))


def _same(rec, old):
    return rec is not None and (rec["record"], rec["type"], rec["value"]) == (old["record"], old["type"], old["value"])


class RegistrarBackend(DnsBackend):
    """A registered domain's DNS: records by index, no TTL, the registrar's own types."""

    HAS_TTL = False
    EXTRA_TYPES = REGISTRAR_ONLY_TYPES
    APEX_CNAME = True

    def _path(self, *rest):
        base = self.client.path("/domain/%s/dns", self.zone["domain_id"])
        return base + "".join("/" + self.client.path("%s", part) for part in rest)

    def _parse(self, body):
        value = answer_value(body, REGISTRAR_RECORDS, (list, dict), expected=REGISTRAR_EXPECTED)
        records = []
        for key, row in record_rows(body, value):
            rec = parse_record(body, row, self.zone["name"], False, id_keys=REGISTRAR_RECORD_ID)
            if rec["id"] is None:
                rec["id"] = as_id(key) if key is not None else None
            if rec["id"] is None:
                raise XtomAnswerError(body, REGISTRAR_EXPECTED)
            records.append(rec)
        if len(set(r["id"] for r in records)) != len(records):
            raise XtomAnswerError(body, REGISTRAR_EXPECTED + ": the indexes are not unique")
        return records

    def read(self):
        return self.client.get(self._path(), parse=self._parse)

    def _parse_types(self, body):
        types = answer_value(body, REGISTRAR_TYPES, (list,), expected='"types" (a list of record types)')
        if not all(isinstance(t, str) for t in types):
            raise XtomAnswerError(body, '"types" (a list of record types)')
        return set(t.strip().upper() for t in types if t.strip())

    def check_types(self, specs, current):
        """Registrar types come from the API; one GET only when a wanted type is not already in use."""
        wanted = set(s["type"] for s in specs if s["state"] == "present")
        if not wanted - set(r["type"] for r in current):
            return
        supported = self.client.get(self._path("types"), parse=self._parse_types)
        for spec in specs:
            if spec["state"] == "present" and spec["type"] not in supported:
                raise XtomValidationError("%stype=%s is not supported by the DNS of domain %s (supported: %s)" % (
                    where(spec), spec["type"], self.name, ", ".join(sorted(supported))))

    def order(self, updates, deletes, creates, current):
        deletes = sorted(deletes, key=lambda op: -op["old"]["id"])
        return order_updates(updates, current) + deletes + creates

    def renumber(self, current, after, ops):
        """Indexes after the ops: derived when the list was numbered 0.. or 1.. in order, else unknown."""
        ids = [r["id"] for r in current]
        for base in (0, 1):
            if ids == list(range(base, base + len(ids))):
                for pos, rec in enumerate(after):
                    rec["id"] = base + pos
                return
        if any(op["action"] == "delete" for op in ops):
            for rec in after:
                rec["id"] = None

    def body(self, rec):
        return {"name": rec["record"], "type": rec["type"], "content": rec["content"],
                "priority": to_str(rec["priority"] or 0)}

    def _at(self, index):
        return next((r for r in self.read() if r["id"] == index), None)

    def verify(self, method, old):
        """Read the list again right before a write by index: the record there must be the one planned."""
        if not _same(self._at(old["id"]), old):
            raise XtomMovedError(method, self._path(old["id"]), old, self.name)

    def create(self, rec):
        self.client.post(self._path(), self.body(rec))

    def update(self, old, new):
        self.verify("PUT", old)
        self.client.put(self._path(old["id"]), self.body(new), retry=False)

    def delete(self, old):
        """Verified, never retried (a retry could hit the record that moved into the index); a 404
        counts as done only when the record is gone from the list."""
        self.verify("DELETE", old)
        try:
            self.client.delete(self._path(old["id"]), retry=False)
        except XtomApiError as exc:
            if exc.status != 404 or isinstance(exc, XtomAnswerError):
                raise
            if any(_same(r, old) for r in self.read()):
                raise XtomMovedError("DELETE", self._path(old["id"]), old, self.name)


def resolve_registrar(client, domain=None, domain_id=None):
    """A RegistrarBackend for a registered domain, by name or id (one GET)."""
    if domain_id is not None:
        domain_id = parse_id(domain_id, "domain_id")
    dom = resolve_domain(client, name=domain, domain_id=domain_id)
    return RegistrarBackend(client, zone_shape(None, zone_text(dom["name"]), None, as_id(dom["id"])))
