# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""DNS area: zones of a DNS hosting service and a registered domain's DNS records.

One place for what both record modules share: name and value validation, normalising API
records, record-set identity (relative name + type), and the plan of minimal writes.

Two back ends, one record shape:

* ``zone``: ``/service/@service_id/dns/@zone_id[/records/@record_id]`` (records have ids and TTLs);
* ``domain``: ``/domain/@id/dns[/@index]`` (records are addressed by their index in the list; no
  TTL). Deleting index i shifts every later index down by one, so the plan updates first (indexes
  still as read), then deletes from the highest index down, then appends: no re-read is needed.

A normalised record is ``{"id", "record", "type", "value", "content", "priority", "ttl"}`` where
``record`` is the name relative to the zone (``@`` for the apex), ``value`` the canonical form
used for comparison (MX and SRV values start with their priority: ``10 mail.example.com``) and
``content`` what is sent to the API.

TXT quoting rule: a TXT value is either plain text (``v=spf1 -all``) or one or more complete
double-quoted strings as in a zone file (``"v=spf1 " "-all"``, ``\\"`` and ``\\\\`` escaped inside).
Anything else (``say "hi"``, ``"open``) is rejected. Both forms compare by their text (``"a" "b"``
equals ``ab``; the comparison is case-sensitive), and the value is sent to the API exactly as
given: the module never adds or removes quotes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import ipaddress
import re

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_int,
    to_str,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.domains import ascii_name, resolve_domain
from ansible_collections.xtom.console.plugins.module_utils.services import describe, list_services, resolve_service

ZONE_TYPES = ("A", "AAAA", "CAA", "CNAME", "DS", "MX", "NS", "PTR", "SRV", "SSHFP", "TLSA", "TXT")
REGISTRAR_ONLY_TYPES = ("URL", "FRAME", "MXE")
KNOWN_TYPES = ZONE_TYPES + REGISTRAR_ONLY_TYPES
PRIORITY_TYPES = ("MX", "SRV")
HOSTNAME_TYPES = ("CNAME", "NS", "PTR")
TTL_MIN = 30
TTL_MAX = 604800
DEFAULT_TTL = 3600
INACTIVE_SERVICE_STATUSES = ("cancelled", "terminated", "fraud", "suspended")

# Options shared by dns_record and dns_records: where the records live, and the record fields.
TARGET_OPTIONS = dict(
    zone=dict(type="str"),
    zone_id=dict(type="int"),
    service=dict(type="str"),
    domain=dict(type="str"),
    domain_id=dict(type="int"),
)
TARGET_RULES = dict(
    mutually_exclusive=[["zone", "zone_id", "domain", "domain_id"], ["service", "domain"], ["service", "domain_id"]],
    required_one_of=[["zone", "zone_id", "domain", "domain_id"]],
)
RECORD_OPTIONS = ("record", "type", "value", "ttl", "priority", "state", "on_existing")

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_ZONE_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _err(option, value, text):
    return XtomValidationError("%s=%r %s" % (option, value, text))


# ---------------------------------------------------------------------------------------- names
def _ascii(name, option):
    text = ascii_name(name)
    try:
        text.encode("ascii")
    except UnicodeError:
        raise _err(option, name, "is not a valid domain name")
    return text


def _zone_text(value):
    """A zone name read from the API: lower case, no trailing dot, IDN in punycode (never raises)."""
    return ascii_name(to_str(value).strip().lower().rstrip("."))


def normalize_zone_name(name, option="zone"):
    """``Example.COM.`` -> ``example.com``; IDN converted to punycode; raises on bad syntax."""
    raw = to_str(name).strip()
    text = _ascii(raw, option).lower().rstrip(".")
    labels = text.split(".")
    if len(labels) < 2 or len(text) > 253 or not all(_ZONE_LABEL.match(lab) for lab in labels):
        raise _err(option, raw, "is not a valid zone name (expected a domain name such as example.com)")
    return text


def _check_labels(text, option, raw, allow_wildcard=True):
    labels = text.split(".")
    for pos, label in enumerate(labels):
        if label == "*" and pos == 0 and allow_wildcard:
            continue
        if not _LABEL.match(label):
            raise _err(option, raw, "has an invalid label %r (letters, digits, '-' and '_', 1 to 63 characters, "
                       "no leading or trailing '-'; '*' only as the first label)" % label)
    if len(text) > 253:
        raise _err(option, raw, "is longer than 253 characters")


def relative_name(name, zone=None, option="record", strict=True):
    """The record name relative to ``zone``: ``@`` for the apex, lower case.

    Accepts ``@``, an empty string, a relative name (``www``), or an FQDN with or without the
    trailing dot (``www.example.com`` / ``www.example.com.``). A name ending in ``.``
    must be inside ``zone``. With ``zone=None`` only the syntax is checked (the zone name is not
    known yet). ``strict=False`` never raises (for names read from the API).
    """
    raw = to_str(name).strip()
    if raw in ("", "@", "."):
        return "@"
    try:
        text = _ascii(raw, option)
    except XtomValidationError:
        if strict:
            raise
        return raw.lower()
    absolute = text.endswith(".")
    text = text.rstrip(".").lower()
    if zone:
        if text == zone:
            return "@"
        if text.endswith("." + zone):
            text = text[: -len(zone) - 1]
        elif absolute:
            if strict:
                raise _err(option, raw, "is not inside the zone %s" % zone)
            return text
    if strict:
        _check_labels(text, option, raw)
        if zone and len(text) + len(zone) + 1 > 253:
            raise _err(option, raw, "is longer than 253 characters with the zone name")
    return text


def hint_zone_name(params):
    """The zone name known before any request (from ``zone`` or ``domain``), validated, or None."""
    if params.get("zone") is not None:
        return normalize_zone_name(params["zone"], "zone")
    if params.get("domain") is not None:
        return normalize_zone_name(params["domain"], "domain")
    return None


def fqdn(record, zone):
    if not zone:
        return record
    return zone if record == "@" else "%s.%s" % (record, zone)


# --------------------------------------------------------------------------------------- values
def txt_text(value, option="value", strict=True):
    """The text of a TXT value under the quoting rule of this module (see the module docstring)."""
    raw = to_str(value)
    stripped = raw.strip()
    if '"' not in stripped:
        return stripped
    if stripped.startswith('"'):
        pos = 0
        chunks = []
        while pos < len(stripped):
            found = _QUOTED.match(stripped, pos)
            if not found:
                break
            chunks.append(found.group(1))
            pos = found.end()
            while pos < len(stripped) and stripped[pos].isspace():
                pos += 1
        else:
            if strict:
                for chunk in chunks:
                    if len(chunk) > 255:
                        raise _err(option, raw, "has a quoted string longer than 255 characters: split it in "
                                   "several quoted strings")
            return "".join(re.sub(r"\\(.)", r"\1", c) for c in chunks)
    if strict:
        raise _err(option, raw, "mixes quoted and unquoted text: give plain text (v=spf1 -all) or only complete "
                   "double-quoted strings (\"v=spf1 -all\"), with \\\" for a quote inside")
    return raw


def _hostname(value, option, raw, strict):
    text = _zone_text(value)
    if strict:
        if not text:
            raise _err(option, raw, "is not a host name")
        _check_labels(_ascii(text, option), option, raw, allow_wildcard=False)
    return text


def _int_in(text, low, high, option, raw, what, strict):
    number = to_int(text) if re.match(r"^\d+$", to_str(text).strip()) else None
    if number is None or not low <= number <= high:
        if strict:
            raise _err(option, raw, "needs %s as an integer from %d to %d" % (what, low, high))
        return None
    return number


def parse_value(rtype, value, priority=None, option="value", strict=True):
    """``(value_key, content, priority)`` of one record value.

    ``value_key`` is the canonical form used to compare (MX / SRV keys start with the priority),
    ``content`` what the API stores. For MX / SRV the value may carry its priority
    (``10 mail.example.com``, ``10 5 5060 sip.example.com``); otherwise ``priority`` is used.
    ``strict=False`` never raises: a value read from the API that does not parse is compared as is.
    """
    raw = to_str(value)
    text = raw.strip()
    try:
        if not text:
            raise _err(option, raw, "is empty")
        if rtype in ("A", "MXE"):
            try:
                key = str(ipaddress.IPv4Address(text))
            except ValueError:
                raise _err(option, raw, "is not an IPv4 address (needed for a %s record)" % rtype)
            return key, key, None
        if rtype == "AAAA":
            try:
                key = ipaddress.IPv6Address(text).compressed
            except ValueError:
                raise _err(option, raw, "is not an IPv6 address (needed for an AAAA record)")
            return key, key, None
        if rtype in HOSTNAME_TYPES:
            key = _hostname(text, option, raw, True)
            return key, key, None
        if rtype == "TXT":
            return txt_text(raw, option), raw, None
        if rtype in PRIORITY_TYPES:
            parts = text.split()
            size = 2 if rtype == "MX" else 4
            if len(parts) == size:
                prio = _int_in(parts[0], 0, 65535, option, raw, "a priority", True)
                parts = parts[1:]
            elif len(parts) == size - 1:
                prio = priority
                if prio is None:
                    raise _err(option, raw, "needs a priority: set priority, or write it first in the value "
                               "(%s)" % ("10 mail.example.com" if rtype == "MX" else "10 5 5060 sip.example.com"))
                if not 0 <= int(prio) <= 65535:
                    raise _err("priority", prio, "must be an integer from 0 to 65535")
            else:
                raise _err(option, raw, "is not a valid %s value (expected %s)" % (
                    rtype, "[priority] host" if rtype == "MX" else "[priority] weight port target"))
            host = _hostname(parts[-1], option, raw, True) if parts[-1] != "." else "."
            if rtype == "SRV":
                weight = _int_in(parts[0], 0, 65535, option, raw, "a weight", True)
                port = _int_in(parts[1], 0, 65535, option, raw, "a port", True)
                content = "%d %d %s" % (weight, port, host)
            else:
                content = host
            return "%d %s" % (int(prio), content), content, int(prio)
        if rtype == "CAA":
            found = re.match(r"^(\d+)\s+([A-Za-z0-9]+)\s+(.+)$", text)
            if not found:
                raise _err(option, raw, "is not a CAA value (expected: 0 issue \"letsencrypt.org\")")
            flags = _int_in(found.group(1), 0, 255, option, raw, "flags", True)
            key = '%d %s "%s"' % (flags, found.group(2).lower(), txt_text(found.group(3), option))
            return key, key, None
        if rtype in ("URL", "FRAME"):
            if not re.match(r"^https?://[^\s/]+", text, re.I):
                raise _err(option, raw, "is not an http:// or https:// URL (needed for a %s record)" % rtype)
            return text, text, None
        key = " ".join(text.split())
        if rtype in ("DS", "SSHFP", "TLSA"):
            key = key.lower()
        return key, key, None
    except XtomValidationError:
        if strict:
            raise
        prio = to_int(priority) if rtype in PRIORITY_TYPES else None
        key = " ".join(text.split())
        return ("%s %s" % (prio, key) if prio is not None else key), raw, prio


def check_type(rtype, kind, option="type"):
    text = to_str(rtype).strip().upper()
    if text == "SOA":
        raise _err(option, rtype, "cannot be managed: the DNS service maintains the SOA record (it is never pruned)")
    if text not in KNOWN_TYPES:
        hint = close_matches(text, KNOWN_TYPES, n=3)
        raise _err(option, rtype, "is not a record type this module knows (%s)%s" % (
            ", ".join(KNOWN_TYPES), (": did you mean %s?" % ", ".join(hint)) if hint else ""))
    if kind == "zone" and text in REGISTRAR_ONLY_TYPES:
        raise _err(option, rtype, "exists only in a registered domain's DNS (use domain instead of zone)")
    return text


def check_ttl(ttl, option="ttl"):
    if ttl is None:
        return None
    if isinstance(ttl, bool) or to_int(ttl) is None or str(to_int(ttl)) != str(ttl).strip():
        raise _err(option, ttl, "must be an integer number of seconds")
    ttl = to_int(ttl)
    if not TTL_MIN <= ttl <= TTL_MAX:
        raise _err(option, ttl, "is out of range: a TTL must be from %d to %d seconds" % (TTL_MIN, TTL_MAX))
    return ttl


# ---------------------------------------------------------------------------------- desired state
def build_spec(entry, zone, kind, prefix=""):
    """Validate one record-set request (dns_record's options or one ``records`` item).

    Returns ``{"record", "type", "values": [(key, content, priority)], "ttl", "state",
    "on_existing", "where"}``. ``zone`` may be None (zone name not known yet: syntax only).
    """
    def opt(name):
        return prefix + name

    state = entry.get("state") or "present"
    rtype = check_type(entry.get("type"), kind, opt("type"))
    record = relative_name(entry.get("record"), zone, opt("record"))
    ttl = entry.get("ttl")
    if ttl is not None and kind == "domain":
        raise _err(opt("ttl"), ttl, "cannot be used with a registered domain's DNS: it has no TTL")
    ttl = check_ttl(ttl, opt("ttl"))
    priority = entry.get("priority")
    if priority is not None:
        if rtype not in PRIORITY_TYPES:
            raise _err(opt("priority"), priority, "is only used with MX and SRV records, not %s" % rtype)
        if to_int(priority) is None or not 0 <= to_int(priority) <= 65535:
            raise _err(opt("priority"), priority, "must be an integer from 0 to 65535")
        priority = to_int(priority)
    raw_values = entry.get("value")
    if raw_values is None:
        raw_values = []
    elif not isinstance(raw_values, (list, tuple)):
        raw_values = [raw_values]
    if state == "present" and not raw_values:
        raise XtomValidationError("%s is required with state=present (record=%s type=%s)" % (opt("value"), record, rtype))
    values = []
    seen = set()
    for pos, val in enumerate(raw_values):
        parsed = parse_value(rtype, val, priority, "%s[%d]" % (opt("value"), pos))
        if parsed[0] not in seen:
            seen.add(parsed[0])
            values.append(parsed)
    if rtype == "CNAME" and len(values) > 1 and state == "present":
        raise _err(opt("value"), list(raw_values), "holds several targets: a CNAME has exactly one")
    if rtype == "CNAME" and record == "@" and kind == "zone":
        raise _err(opt("record"), entry.get("record"), "is the zone apex: a CNAME cannot sit beside the apex SOA and NS")
    return {
        "record": record,
        "type": rtype,
        "values": values,
        "ttl": ttl,
        "state": state,
        "on_existing": entry.get("on_existing") or "replace",
        "where": prefix.rstrip("."),
    }


def _where(spec):
    return "%s: " % spec["where"] if spec["where"] else ""


def build_specs(entries, zone, kind, single=False):
    """Validate record sets: dns_record's options (``single``) or dns_records' ``records`` list.

    No set twice, no CNAME beside another type at the same name. Called before any request (with
    the zone name when the user gave it) and again once the zone name is known.
    """
    if single:
        return [build_spec(entries[0], zone, kind)]
    specs = []
    seen = {}
    for pos, entry in enumerate(entries):
        spec = build_spec(entry or {}, zone, kind, "records[%d]." % pos)
        key = (spec["record"], spec["type"])
        if key in seen:
            raise XtomValidationError("%srecord=%s type=%s is listed twice (also %s)" % (
                _where(spec), spec["record"], spec["type"], seen[key]))
        seen[key] = spec["where"]
        specs.append(spec)
    present = {}
    for spec in specs:
        if spec["state"] == "present":
            present.setdefault(spec["record"], []).append(spec)
    for name, group in present.items():
        types = [s["type"] for s in group]
        if "CNAME" in types and len(types) > 1:
            raise XtomValidationError("%s: record=%s has a CNAME and also %s records: a CNAME cannot sit beside "
                                      "other types at the same name" % (
                                          ", ".join(s["where"] for s in group), name,
                                          ", ".join(t for t in types if t != "CNAME")))
    return specs


def parse_ignore(items, zone):
    out = []
    for pos, item in enumerate(items or []):
        item = item or {}
        if not item.get("record") and not item.get("type"):
            raise XtomValidationError("ignore[%d] needs record, type or both" % pos)
        rec = item.get("record")
        if rec is not None and rec not in ("@", "") and not any(c in rec for c in "*?["):
            rec = relative_name(rec, zone, "ignore[%d].record" % pos)
        elif rec is not None:
            rec = rec.lower().rstrip(".") or "@"
        rtype = to_str(item.get("type")).strip().upper() or None
        out.append((rec, rtype))
    return out


# ---------------------------------------------------------------------------------- current state
def normalize_record(row, zone, kind="zone", position=None):
    """One record from the API, defensively: ids, TTL and priority as strings or numbers."""
    row = row or {}
    rtype = to_str(first_key(row, "type", default="")).strip().upper()
    name = relative_name(first_key(row, "name", "host", default=""), zone, strict=False)
    priority = to_int(first_key(row, "priority", "prio", "distance"))
    content = to_str(first_key(row, "content", "value", "data", "address", default=""))
    key, _content, prio = parse_value(rtype, content, priority, strict=False)
    rid = to_int(first_key(row, "id", "record_id", "index", "line"))
    if rid is None and position is not None and kind == "domain":
        rid = position + 1
    ttl = None if kind == "domain" else to_int(row.get("ttl"))
    return {
        "id": rid,
        "record": name,
        "type": rtype,
        "value": key,
        "content": content,
        "priority": prio if rtype in PRIORITY_TYPES else None,
        "ttl": ttl,
    }


def normalize_zone(row):
    row = row or {}
    return {
        "id": to_int(first_key(row, "domain_id", "zone_id", "id")),
        "name": _zone_text(first_key(row, "name", "domain", default="")),
        "service_id": to_int(row.get("service_id")),
    }


def list_zones(client):
    """GET /dns: ``{"service_ids": [int], "zones": [{"id", "name", "service_id"}]}``."""
    body = client.get("/dns")
    zones = [normalize_zone(z) for z in as_list(first_key(body, "zones", "domains", default=[])) if isinstance(z, dict)]
    ids = [to_int(s) for s in as_list(first_key(body, "service_ids", default=[]))]
    for zone in zones:
        ids.append(zone["service_id"])
    service_ids = []
    for sid in ids:
        if sid is not None and sid not in service_ids:
            service_ids.append(sid)
    return {"service_ids": service_ids, "zones": zones}


def service_ref_id(client, service):
    """A service reference as an id: digits are taken as is (no request), else GET /service."""
    text = to_str(service).strip()
    if text.isdigit():
        return int(text)
    return resolve_service(client, text)["id"]


def find_zone(listing, name=None, zone_id=None, service_id=None):
    """The one zone of ``listing`` matching the name / id (and service); clear errors otherwise."""
    zones = listing["zones"]
    found = [z for z in zones if (name is None or z["name"] == name) and (zone_id is None or z["id"] == zone_id)]
    if service_id is not None:
        in_service = [z for z in found if z["service_id"] == service_id]
        if found and not in_service:
            raise XtomValidationError("%s belongs to service %s, not to service=%s" % (
                "zone=%s" % name if name else "zone_id=%s" % zone_id,
                ", ".join(str(z["service_id"]) for z in found), service_id))
        found = in_service
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise XtomValidationError("zone=%s is ambiguous: it exists in services %s. Set service to pick one." % (
            name, ", ".join(str(z["service_id"]) for z in found)))
    if name is None:
        raise XtomValidationError("zone_id=%s is not a DNS zone of this account" % zone_id)
    names = [z["name"] for z in zones]
    hint = close_matches(name, names)
    raise XtomValidationError("zone=%s is not a DNS zone of this account%s" % (
        name, (": did you mean %s?" % ", ".join(hint)) if hint else
        (" (zones: %s)" % ", ".join(names[:20]) if names else " (the account has no DNS zones)")))


def resolve_target(client, zone=None, zone_id=None, domain=None, domain_id=None, service=None):
    """Where the records live: ``{"kind", "id", "service_id", "name"}``.

    A zone costs one GET (``/dns``), none when both ``zone_id`` and a numeric ``service`` are given.
    A registered domain costs one GET (by name or id).
    """
    if domain is not None or domain_id is not None:
        if service is not None:
            raise XtomValidationError("service=%s cannot be used with domain: a registered domain's DNS belongs to "
                                      "no DNS hosting service" % service)
        dom = resolve_domain(client, name=domain, domain_id=domain_id)
        return {"kind": "domain", "id": dom["id"], "service_id": None, "name": _zone_text(dom["name"])}
    name = normalize_zone_name(zone) if zone is not None else None
    service_id = service_ref_id(client, service) if service is not None else None
    if zone_id is not None and service_id is not None and name is None:
        return {"kind": "zone", "id": int(zone_id), "service_id": service_id, "name": None}
    found = find_zone(list_zones(client), name, zone_id, service_id)
    return {"kind": "zone", "id": found["id"], "service_id": found["service_id"], "name": found["name"]}


def read_records(client, target):
    """The target's records, normalised (one GET). Fills ``target['name']`` when it was unknown."""
    if target["kind"] == "domain":
        path = client.path("/domain/%s/dns", target["id"])
    else:
        path = client.path("/service/%s/dns/%s", target["service_id"], target["id"])
    try:
        body = client.get(path)
    except XtomApiError as exc:
        if exc.status == 404 and target["kind"] == "zone":
            raise XtomValidationError("zone_id=%s is not a DNS zone of service %s" % (target["id"], target["service_id"]))
        raise
    if target["kind"] == "zone" and not target["name"]:
        target["name"] = _zone_text(first_key(body, "name", "domain", default="")) or None
    rows = first_key(body, "records", "dns", default=[])
    rows = [r for r in as_list(rows) if isinstance(r, dict)]
    return [normalize_record(r, target["name"], target["kind"], pos) for pos, r in enumerate(rows)]


def domain_types(client, domain_id):
    """GET /domain/@id/dns/types as a set of upper-case types."""
    body = client.get(client.path("/domain/%s/dns/types", domain_id))
    return set(to_str(t).strip().upper() for t in as_list(first_key(body, "types", default=[])) if t)


def check_domain_types(client, target, specs, current):
    """Registrar types come from the API; one GET only when a wanted type is not already in use."""
    wanted = set(s["type"] for s in specs if s["state"] == "present")
    if not wanted - set(r["type"] for r in current):
        return
    supported = domain_types(client, target["id"])
    for spec in specs:
        if spec["state"] == "present" and spec["type"] not in supported:
            raise XtomValidationError("%stype=%s is not supported by the DNS of domain %s (supported: %s)" % (
                _where(spec), spec["type"], target["name"], ", ".join(sorted(supported))))


# ------------------------------------------------------------------------------------------ plan
def _new_record(spec, val, ttl):
    key, content, prio = val
    return {"id": None, "record": spec["record"], "type": spec["type"], "value": key, "content": content,
            "priority": prio, "ttl": ttl}


def _ignored(rec, ignore):
    for name, rtype in ignore:
        if (name is None or fnmatch.fnmatchcase(rec["record"], name)) and (rtype is None or rec["type"] == rtype):
            return True
    return False


def plan_changes(current, specs, kind="zone", prune=False, ignore=()):
    """The minimal writes that turn ``current`` into what ``specs`` ask for.

    Returns ``{"ops": [...], "after": [records]}``; each op is ``{"action": "create" | "update" |
    "delete", "old": record or None, "new": record or None}``. Leftover deletes and creates are
    paired into in-place updates (PUT) — same record set first, then same type, then any — so a
    change of value costs one write instead of two.
    """
    ttl_ok = kind == "zone"
    groups = {}
    for rec in current:
        groups.setdefault((rec["record"], rec["type"]), []).append(rec)
    updates, deletes, creates = [], [], []
    covered = set()
    for spec in specs:
        key = (spec["record"], spec["type"])
        covered.add(key)
        cur = groups.get(key, [])
        if spec["state"] == "absent":
            wanted = set(v[0] for v in spec["values"])
            deletes.extend(r for r in cur if not wanted or r["value"] in wanted)
            continue
        matched, extras = {}, []
        wanted = set(v[0] for v in spec["values"])
        for rec in cur:
            if rec["value"] in wanted and rec["value"] not in matched:
                matched[rec["value"]] = rec
            else:
                extras.append(rec)
        if extras and spec["on_existing"] == "keep_and_fail":
            raise XtomValidationError(
                "%srecord=%s type=%s already has other values (%s) and on_existing=keep_and_fail; nothing was "
                "changed. Use on_existing=replace to remove them or keep to leave them." % (
                    _where(spec), spec["record"], spec["type"], ", ".join(r["value"] for r in extras)))
        if spec["on_existing"] != "keep":
            deletes.extend(extras)
        for rec in matched.values():
            if ttl_ok and spec["ttl"] is not None and rec["ttl"] != spec["ttl"]:
                new = dict(rec, ttl=spec["ttl"])
                updates.append({"action": "update", "old": rec, "new": new})
        for val in spec["values"]:
            if val[0] not in matched:
                creates.append((spec, val))
    if prune:
        for key, recs in groups.items():
            if key in covered or key[1] == "SOA" or (key == ("@", "NS")):
                continue
            deletes.extend(r for r in recs if not _ignored(r, ignore))
    # Pair leftover deletes with creates: an update in place is one write instead of two.
    remaining = list(deletes)
    unpaired = list(creates)
    for test in (lambda r, s: (r["record"], r["type"]) == (s["record"], s["type"]),
                 lambda r, s: r["type"] == s["type"],
                 lambda r, s: True):
        for spec, val in list(unpaired):
            pick = next((r for r in remaining if test(r, spec)), None)
            if pick is None:
                continue
            remaining.remove(pick)
            unpaired.remove((spec, val))
            same_set = (pick["record"], pick["type"]) == (spec["record"], spec["type"])
            ttl = None
            if ttl_ok:
                ttl = spec["ttl"] or (pick["ttl"] if same_set and pick["ttl"] else DEFAULT_TTL)
            new = _new_record(spec, val, ttl)
            new["id"] = pick["id"]
            updates.append({"action": "update", "old": pick, "new": new})
    plain_creates = [_new_record(s, v, (s["ttl"] or DEFAULT_TTL) if ttl_ok else None) for s, v in unpaired]
    delete_ops = [{"action": "delete", "old": r, "new": None} for r in remaining]
    create_ops = [{"action": "create", "old": None, "new": r} for r in plain_creates]
    if kind == "domain":
        # Index-based: update while the indexes are as read, delete from the highest index down
        # (a delete shifts the later indexes), append last.
        delete_ops.sort(key=lambda op: -(op["old"]["id"] or 0))
        ops = _order_updates(updates, current) + delete_ops + create_ops
    else:
        gone = set(id(op["old"]) for op in delete_ops)
        ops = delete_ops + _order_updates(updates, [r for r in current if id(r) not in gone]) + create_ops
    after = simulate(current, ops, kind)
    _check_cname(after, specs, ops)
    return {"ops": ops, "after": after}


def _order_updates(updates, records):
    """The updates in an order where none puts a CNAME beside another type at a name while the
    record that has to leave that name is still there (the API would refuse it mid-run)."""
    where = dict((id(r), (r["record"], r["type"])) for r in records)
    pending, out = list(updates), []
    while pending:
        pick = pending[0]
        for op in pending:
            types = set(t for key, (name, t) in where.items() if key != id(op["old"]) and name == op["new"]["record"])
            if (not types) if op["new"]["type"] == "CNAME" else ("CNAME" not in types):
                pick = op
                break
        pending.remove(pick)
        where[id(pick["old"])] = (pick["new"]["record"], pick["new"]["type"])
        out.append(pick)
    return out


def simulate(current, ops, kind="zone"):
    """The records after ``ops``, in API order (new records appended)."""
    gone = set(id(op["old"]) for op in ops if op["action"] == "delete")
    changed = dict((id(op["old"]), op["new"]) for op in ops if op["action"] == "update")
    after = [dict(changed.get(id(r), r)) for r in current if id(r) not in gone]
    after.extend(dict(op["new"]) for op in ops if op["action"] == "create")
    if kind == "domain" and ops:
        ids = [r["id"] for r in current]
        for base in (0, 1):
            if ids == list(range(base, base + len(ids))):
                for pos, rec in enumerate(after):
                    rec["id"] = base + pos
                break
        else:
            if any(op["action"] == "delete" for op in ops):
                for rec in after:
                    rec["id"] = None  # indexes shifted in a way that cannot be derived
    return after


def _check_cname(after, specs, ops):
    """No CNAME beside another type at a name this run touches (checked before any write)."""
    touched = set(s["record"] for s in specs if s["state"] == "present")
    touched.update(op["new"]["record"] for op in ops if op["new"])
    by_name = {}
    for rec in after:
        if rec["record"] in touched:
            by_name.setdefault(rec["record"], set()).add(rec["type"])
    for name, types in sorted(by_name.items()):
        if "CNAME" in types and len(types) > 1:
            raise XtomValidationError("record=%s would have a CNAME beside %s records: a CNAME cannot sit beside other "
                                      "types at the same name (remove the others, or use dns_records with prune)" % (
                                          name, ", ".join(sorted(types - set(["CNAME"])))))


# ----------------------------------------------------------------------------------------- write
def _body(rec, kind):
    name = rec["record"]
    body = {"name": name, "type": rec["type"], "content": rec["content"]}
    if kind == "domain":
        body["priority"] = str(rec["priority"] or 0)
    else:
        body["ttl"] = rec["ttl"] or DEFAULT_TTL
        body["priority"] = rec["priority"] or 0
    return body


def apply_ops(client, target, ops):
    """Send the planned writes in order; one request per op."""
    kind = target["kind"]
    if kind == "domain":
        base = client.path("/domain/%s/dns", target["id"])
    else:
        base = client.path("/service/%s/dns/%s/records", target["service_id"], target["id"])
    for op in ops:
        if op["action"] == "create":
            answer = client.post(base, _body(op["new"], kind))
            new_id = to_int(first_key(first_key(answer, "record", default={}), "id"))
            if new_id is not None and kind == "zone":
                op["new"]["id"] = new_id
        elif op["action"] == "update":
            client.put(base + "/" + client.path("%s", op["old"]["id"]), _body(op["new"], kind))
        elif kind == "domain":
            _delete_index(client, base + "/" + client.path("%s", op["old"]["id"]))
        else:
            client.delete(base + "/" + client.path("%s", op["old"]["id"]))


def _delete_index(client, path):
    """DELETE /domain/@id/dns/@index, never retried: unlike a DELETE by id it is not idempotent (after
    a lost answer, a retry would delete the record that moved into the index). A gateway error or
    timeout is reported as uncertain instead; a re-run reads the list again."""
    client.delete(path, retry=False)


# ------------------------------------------------------------------------------------------ views
def set_view(records):
    """The comparable view of one record set: ``{"ttl", "value"}`` (values sorted; TTL an int when
    all records share it, else the sorted distinct TTLs)."""
    if not records:
        return {}
    ttls = sorted(set(r["ttl"] for r in records if r["ttl"] is not None))
    return {
        "ttl": ttls[0] if len(ttls) == 1 else (ttls or None),
        "value": sorted(r["value"] for r in records),
    }


def group_sets(records):
    """``{(record, type): [records]}`` in API order."""
    groups = {}
    for rec in records:
        groups.setdefault((rec["record"], rec["type"]), []).append(rec)
    return groups


def record_set(records, name, rtype, zone, groups=None):
    """A record set to return: the comparable view plus each record's id, value, content, priority and TTL."""
    recs = (groups if groups is not None else group_sets(records)).get((name, rtype), [])
    out = {"record": name, "type": rtype, "fqdn": fqdn(name, zone)}
    out.update(set_view(recs) or {"ttl": None, "value": []})
    out["records"] = [dict((k, r[k]) for k in ("id", "value", "content", "priority", "ttl")) for r in recs]
    return out


def record_out(rec, zone):
    out = dict(rec)
    out["fqdn"] = fqdn(rec["record"], zone)
    return out


def sets_view(before, after, keys):
    """``({"<record> <TYPE>": set view}, {...})`` before and after, for the sets of ``keys`` that differ."""
    old, new = group_sets(before), group_sets(after)
    out_before, out_after = {}, {}
    for key in keys:
        view_before, view_after = set_view(old.get(key, [])), set_view(new.get(key, []))
        if view_before != view_after:
            label = "%s %s" % key
            if view_before:
                out_before[label] = view_before
            if view_after:
                out_after[label] = view_after
    return out_before, out_after


def change_list(ops, zone):
    """The writes, for the ``changes`` return value (also in check mode)."""
    out = []
    for op in ops:
        rec = op["new"] or op["old"]
        item = {"action": op["action"], "record": rec["record"], "type": rec["type"], "value": rec["value"],
                "id": (op["old"] or {}).get("id"), "fqdn": fqdn(rec["record"], zone)}
        if op["action"] == "update":
            item["old"] = {k: op["old"][k] for k in ("record", "type", "value", "ttl")}
            item["ttl"] = op["new"]["ttl"]
        elif op["action"] == "create":
            item["ttl"] = rec["ttl"]
        out.append(item)
    return out


def sync(client, target, entries, check_mode, single=False, prune=False, ignore=()):
    """Read, plan, apply (unless check mode): the whole of dns_record / dns_records.

    ``entries`` were validated before any request; they are validated again here against the
    zone name read from the API (an FQDN record name can only be placed once the zone is known).
    """
    current = read_records(client, target)
    zone = target["name"]
    specs = build_specs(entries, zone, target["kind"], single)
    ignore = parse_ignore(ignore, zone)
    if target["kind"] == "domain":
        check_domain_types(client, target, specs, current)
    plan = plan_changes(current, specs, target["kind"], prune, ignore)
    if plan["ops"] and not check_mode:
        apply_ops(client, target, plan["ops"])
        plan["after"] = simulate(current, plan["ops"], target["kind"])
    keys = [(s["record"], s["type"]) for s in specs]
    for op in plan["ops"]:
        for rec in (op["old"], op["new"]):
            if rec and (rec["record"], rec["type"]) not in keys:
                keys.append((rec["record"], rec["type"]))
    return {"current": current, "ops": plan["ops"], "after": plan["after"], "keys": keys, "zone": zone,
            "specs": specs}


# ----------------------------------------------------------------------------------------- zones
def zone_out(zone):
    return {"id": zone["id"], "name": zone["name"], "service_id": zone["service_id"]}


def dns_services(client, listing):
    """DNS hosting services of the account: GET /service rows whose category or product says DNS,
    plus any service GET /dns lists. Cancelled / terminated / suspended ones are left out."""
    found = []
    for svc in list_services(client):
        text = " ".join([svc["category"], svc["category_url"], svc["name"]]).lower()
        if ("dns" in text or svc["id"] in listing["service_ids"]) and \
                svc["status"].lower() not in INACTIVE_SERVICE_STATUSES:
            found.append(svc)
    known = set(s["id"] for s in found)
    for sid in listing["service_ids"]:
        if sid not in known:
            found.append({"id": sid, "label": "", "domain": "", "name": "", "status": ""})
    return found


def pick_dns_service(client, listing, service=None):
    """The DNS hosting service to create a zone in: ``service`` or the account's only one."""
    if service is not None:
        return service_ref_id(client, service)
    found = dns_services(client, listing)
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        raise XtomValidationError("this account has no DNS hosting service: order one, or set service")
    raise XtomValidationError("the account has %d DNS hosting services; set service to one of: %s" % (
        len(found), "; ".join(describe(s) for s in found)))


def create_zone(client, service_id, name):
    """POST /service/@id/dns. The answer carries no id: GET /dns again to find it.

    A gateway error or timeout after the POST (``uncertain``) is resolved the same way: if the
    zone is listed afterwards, it was created.
    """
    path = client.path("/service/%s/dns", service_id)
    try:
        client.post(path, {"name": name})
    except XtomApiError as exc:
        if not exc.uncertain:
            raise
        listing = list_zones(client)
        found = [z for z in listing["zones"] if z["name"] == name and z["service_id"] == service_id]
        if not found:
            raise
        return found[0]
    listing = list_zones(client)
    found = [z for z in listing["zones"] if z["name"] == name and (z["service_id"] in (service_id, None))]
    if found:
        return found[0]
    return {"id": None, "name": name, "service_id": service_id}


def delete_zone(client, zone):
    client.delete(client.path("/service/%s/dns/%s", zone["service_id"], zone["id"]))
