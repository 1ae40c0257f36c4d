# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired state of DNS record sets: validation of dns_record's options and of dns_records' items.

A spec is ``{"record", "type", "values": [(key, content, priority)], "ttl", "state", "on_existing",
"where"}``. What a backend allows (TTL, its own types, a CNAME at the apex) comes from its
capabilities (``backend.HAS_TTL``, ``backend.EXTRA_TYPES``, ``backend.APEX_CNAME``), so the same
rules serve a hosted zone and a registered domain's DNS.
"""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    check_text,
    option_error,
    to_int,
    to_str,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_names import (
    KNOWN_TYPES,
    PRIORITY_TYPES,
    check_ttl,
    check_type,
    parse_value,
    relative_name,
)

RECORD_OPTIONS = ("record", "type", "value", "ttl", "priority", "state", "on_existing")


def where(spec):
    return "%s: " % spec["where"] if spec["where"] else ""


def _priority(entry, rtype, opt):
    priority = entry.get("priority")
    if priority is None:
        return None
    if rtype not in PRIORITY_TYPES:
        raise option_error(opt("priority"), priority, "is only used with MX and SRV records, not %s" % rtype)
    if to_int(priority) is None or not 0 <= to_int(priority) <= 65535:
        raise option_error(opt("priority"), priority, "must be an integer from 0 to 65535")
    return to_int(priority)


def _values(entry, rtype, priority, opt):
    raw_values = entry.get("value")
    if raw_values is None:
        raw_values = []
    elif not isinstance(raw_values, (list, tuple)):
        raw_values = [raw_values]
    values, seen = [], set()
    for pos, val in enumerate(raw_values):
        parsed = parse_value(rtype, val, priority, "%s[%d]" % (opt("value"), pos))
        if parsed[0] not in seen:
            seen.add(parsed[0])
            values.append(parsed)
    return raw_values, sorted(values, key=lambda v: v[0])  # one order, whatever the order given


def build_spec(entry, zone, caps, prefix=""):
    """Validate one record-set request. ``zone`` may be None (zone name not known yet: syntax only)."""
    def opt(name):
        return prefix + name

    state = entry.get("state") or "present"
    rtype = check_type(entry.get("type"), caps.EXTRA_TYPES, opt("type"))
    record = relative_name(entry.get("record"), zone, opt("record"))
    ttl = entry.get("ttl")
    if ttl is not None and not caps.HAS_TTL:
        raise option_error(opt("ttl"), ttl, "cannot be used with a registered domain's DNS: it has no TTL")
    ttl = check_ttl(ttl, opt("ttl"))
    raw_values, values = _values(entry, rtype, _priority(entry, rtype, opt), opt)
    if state == "present" and not values:
        raise XtomValidationError("%s is required with state=present (record=%s type=%s)" % (opt("value"), record, rtype))
    if rtype == "CNAME" and len(values) > 1 and state == "present":
        raise option_error(opt("value"), list(raw_values), "holds several targets: a CNAME has exactly one")
    if rtype == "CNAME" and record == "@" and not caps.APEX_CNAME:
        raise option_error(opt("record"), entry.get("record"), "is the zone apex: a CNAME cannot sit beside the apex SOA and NS")
    return {"record": record, "type": rtype, "values": values, "ttl": ttl, "state": state,
            "on_existing": entry.get("on_existing") or "replace", "where": prefix.rstrip(".")}


def _no_cname_beside_others(specs):
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


def build_specs(entries, zone, caps, single=False):
    """Validate record sets: dns_record's options (``single``) or dns_records' ``records`` list.

    No set twice, no CNAME beside another type at the same name. Called before any request (with
    the zone name when the user gave it) and again once the zone name is known.
    """
    if single:
        return [build_spec(entries[0], zone, caps)]
    specs, seen = [], {}
    for pos, entry in enumerate(entries):
        spec = build_spec(entry or {}, zone, caps, "records[%d]." % pos)
        key = (spec["record"], spec["type"])
        if key in seen:
            raise XtomValidationError("%srecord=%s type=%s is listed twice (also %s)" % (
                where(spec), spec["record"], spec["type"], seen[key]))
        seen[key] = spec["where"]
        specs.append(spec)
    _no_cname_beside_others(specs)
    return specs


def parse_ignore(items, zone):
    """``ignore`` items as ``(record pattern or None, type or None)``."""
    out = []
    for pos, item in enumerate(items or []):
        item = item or {}
        if not item.get("record") and not item.get("type"):
            raise XtomValidationError("ignore[%d] needs record, type or both" % pos)
        rec = item.get("record")
        if rec is not None and rec not in ("@", "") and not any(c in rec for c in "*?["):
            rec = relative_name(rec, zone, "ignore[%d].record" % pos)
        elif rec is not None:
            rec = check_text(rec, "ignore[%d].record" % pos).strip().lower().rstrip(".") or "@"
            if zone and rec.endswith("." + zone):  # a pattern written as an FQDN (w*.example.com) matches relative names too
                rec = rec[: -len(zone) - 1]
        rtype = to_str(item.get("type")).strip().upper() or None
        if rtype is not None and rtype not in KNOWN_TYPES + ("SOA",):  # a misspelt type would protect nothing from prune
            raise option_error("ignore[%d].type" % pos, item.get("type"), "is not a record type", KNOWN_TYPES)
        out.append((rec, rtype))
    return out
