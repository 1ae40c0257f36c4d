# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The interface both DNS backends implement, the one delete rule, and the record-row parser.

A backend (``ZoneBackend``: a hosted zone, ``RegistrarBackend``: a registered domain's DNS) is
made for one target and offers::

    backend.zone                 the target in the one returned shape: {"id", "name", "service_id", "domain_id"}
    backend.read()               the records, normalised (understood or refused)
    backend.check_types(specs, current)
    backend.order(updates, deletes, creates, current) -> ops in a safe order
    backend.renumber(current, after, ops)              ids after the ops (indexes shift)
    backend.create(rec) / update(old, new) / delete(old)

and the capabilities the specs are checked against: ``HAS_TTL``, ``EXTRA_TYPES``, ``APEX_CNAME``.
A zone-file source would be one more class with the same ``read()``.
"""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomApiError,
    row_value,
    to_str,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_names import (
    PRIORITY_TYPES,
    parse_value,
    relative_name,
)

# The keys a record row may carry, the reference's first (one place for both backends).
# A hosted zone's record is addressed by its id; a registrar record by its index (the registrar backend).
RECORD_ID = ("id", "record_id", "recordId")
REGISTRAR_RECORD_ID = RECORD_ID + ("index",)
RECORD_NAME = ("name", "host")
RECORD_TYPE = ("type", "record_type", "recordType")
RECORD_CONTENT = ("content", "value", "data")
RECORD_TTL = ("ttl",)
RECORD_PRIORITY = ("priority", "prio")
ROW_EXPECTED = "records with name, type and content (ttl and priority as numbers)"


def delete_gone(client, path, retry=True):
    """One rule for every DNS delete: a 404 means the object is gone (the retry after a gateway error,
    or a racing twin, deleted it), so the target state is met. Returns False when it was already gone."""
    try:
        client.delete(path, retry=retry)
    except XtomApiError as exc:
        if exc.status == 404 and not isinstance(exc, XtomAnswerError):
            return False
        raise
    return True


def as_id(value):
    """An id or number read from the API: an int, or a string of ASCII digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = to_str(value).strip()
    return int(text) if text and text.isascii() and text.isdigit() else None


def _text_field(body, row, keys):
    value = row_value(row, keys)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise XtomAnswerError(body, ROW_EXPECTED)
    return to_str(value)


def _number_field(body, row, keys, required):
    value = row_value(row, keys)
    if value is None or value == "":
        if required:
            raise XtomAnswerError(body, ROW_EXPECTED)
        return None
    number = as_id(value)
    if number is None:
        raise XtomAnswerError(body, ROW_EXPECTED)
    return number


def parse_record(body, row, zone, has_ttl, rid=None, id_keys=RECORD_ID):
    """One record row of an answer (``body`` names the answer in errors): understood or refused.

    Name, type and content must be there; TTL (when the backend has TTLs) and the priority of MX
    and SRV records must be numbers. ``id`` may be missing (it is then None: the record cannot be
    addressed, see dns_plan).
    """
    rtype = _text_field(body, row, RECORD_TYPE).strip().upper()
    if not rtype:
        raise XtomAnswerError(body, ROW_EXPECTED)
    name = relative_name(_text_field(body, row, RECORD_NAME), zone, strict=False)
    content = _text_field(body, row, RECORD_CONTENT)
    priority = _number_field(body, row, RECORD_PRIORITY, rtype in PRIORITY_TYPES and len(content.split()) < (
        2 if rtype == "MX" else 4))
    ttl = _number_field(body, row, RECORD_TTL, True) if has_ttl else None
    key, _content, prio = parse_value(rtype, content, priority, strict=False)
    own = as_id(row_value(row, id_keys))
    if rid is None:
        rid = own
    elif own is not None and own != rid:
        # Rows keyed by position ({"0": {"id": "10006", ...}}): the key is not the record's id. Which
        # one a PUT or DELETE must address is not known, so the answer is not understood.
        raise XtomAnswerError(body, ROW_EXPECTED + ", keyed by their own id")
    return {"id": rid, "record": name, "type": rtype, "value": key, "content": content,
            "priority": prio if rtype in PRIORITY_TYPES else None, "ttl": ttl}


def record_rows(body, value):
    """Rows of a list, or of a dict of rows keyed by id: ``[(key or None, row)]``; anything else refused."""
    if isinstance(value, dict):
        items = list(value.items())
    else:
        items = [(None, r) for r in value]
    if not all(isinstance(r, dict) for _key, r in items):
        raise XtomAnswerError(body, ROW_EXPECTED)
    return items


class DnsBackend(object):
    """Base of the two backends (see the module docstring)."""

    HAS_TTL = True
    EXTRA_TYPES = ()
    APEX_CNAME = False

    def __init__(self, client, zone):
        self.client = client
        self.zone = zone

    @property
    def name(self):
        return self.zone["name"]

    def check_types(self, specs, current):
        return None

    def body(self, rec):
        raise NotImplementedError

    def read(self):
        raise NotImplementedError
