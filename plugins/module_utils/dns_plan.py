# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The plan of minimal writes that turns the records read into what the specs ask for.

A record is ``{"id", "record", "type", "value", "content", "priority", "ttl"}`` (see the
backends). An op is ``{"action": "create" | "update" | "delete", "old": record or None, "new":
record or None}``. Leftover deletes and creates are paired into updates in place (one ``PUT``
instead of a ``DELETE`` and a ``POST``). The backend orders the ops (``backend.order``) and knows
how its ids move (``backend.renumber``). Records whose identity did not parse (``id`` is None)
are never deleted or updated: prune leaves them, anything else that would need to is refused.
"""

import fnmatch

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.dns_names import DEFAULT_TTL, fqdn
from ansible_collections.xtom.console.plugins.module_utils.dns_spec import where


def group_sets(records):
    """``{(record, type): [records]}`` in API order."""
    groups = {}
    for rec in records:
        groups.setdefault((rec["record"], rec["type"]), []).append(rec)
    return groups


def _new_record(spec, val, ttl):
    key, content, prio = val
    return {"id": None, "record": spec["record"], "type": spec["type"], "value": key, "content": content,
            "priority": prio, "ttl": ttl}


def ignored(rec, ignore):
    for name, rtype in ignore:
        if (name is None or fnmatch.fnmatchcase(rec["record"], name)) and (rtype is None or rec["type"] == rtype):
            return True
    return False


def _match_set(spec, cur, has_ttl, plan):
    """Compare one present spec with the records of its set: fills plan's updates, deletes, creates."""
    wanted = set(v[0] for v in spec["values"])
    matched, extras = {}, []
    for rec in cur:
        if rec["value"] in wanted and rec["value"] not in matched:
            matched[rec["value"]] = rec
        else:
            extras.append(rec)
    if extras and spec["on_existing"] == "keep_and_fail":
        raise XtomValidationError(
            "%srecord=%s type=%s already has other values (%s) and on_existing=keep_and_fail; nothing was "
            "changed. Use on_existing=replace to remove them or keep to leave them." % (
                where(spec), spec["record"], spec["type"], ", ".join(r["value"] for r in extras)))
    if spec["on_existing"] != "keep":
        plan["deletes"].extend(extras)
    for rec in matched.values():
        if has_ttl and spec["ttl"] is not None and rec["ttl"] != spec["ttl"]:
            plan["updates"].append({"action": "update", "old": rec, "new": dict(rec, ttl=spec["ttl"])})
    plan["creates"].extend((spec, val) for val in spec["values"] if val[0] not in matched)


def _compare(groups, specs, has_ttl):
    plan = {"updates": [], "deletes": [], "creates": []}
    for spec in specs:
        cur = groups.get((spec["record"], spec["type"]), [])
        if spec["state"] == "absent":
            wanted = set(v[0] for v in spec["values"])
            plan["deletes"].extend(r for r in cur if not wanted or r["value"] in wanted)
        else:
            _match_set(spec, cur, has_ttl, plan)
    return plan


def _prune(groups, specs, ignore):
    """Records of the sets not listed; SOA, apex NS, ignored and unidentified records stay."""
    covered = set((s["record"], s["type"]) for s in specs)
    out, skipped = [], []
    for key, recs in groups.items():
        if key in covered or key[1] == "SOA" or key == ("@", "NS"):
            continue
        for rec in recs:
            if ignored(rec, ignore):
                continue
            (out if rec["id"] is not None else skipped).append(rec)
    return out, skipped


def _pair(plan, has_ttl):
    """Leftover deletes and creates become updates in place: same set first, then same type, then any."""
    remaining, unpaired = list(plan["deletes"]), list(plan["creates"])
    for test in (lambda r, s: (r["record"], r["type"]) == (s["record"], s["type"]),
                 lambda r, s: r["type"] == s["type"],
                 lambda r, s: True):
        for spec, val in list(unpaired):
            pick = next((r for r in remaining if r["id"] is not None and test(r, spec)), None)
            if pick is None:
                continue
            remaining.remove(pick)
            unpaired.remove((spec, val))
            same_set = (pick["record"], pick["type"]) == (spec["record"], spec["type"])
            ttl = (spec["ttl"] or (pick["ttl"] if same_set and pick["ttl"] else DEFAULT_TTL)) if has_ttl else None
            new = _new_record(spec, val, ttl)
            new["id"] = pick["id"]
            plan["updates"].append({"action": "update", "old": pick, "new": new})
    creates = [_new_record(s, v, (s["ttl"] or DEFAULT_TTL) if has_ttl else None) for s, v in unpaired]
    return remaining, creates


def _refuse_unidentified(ops):
    for op in ops:
        if op["old"] is not None and op["old"]["id"] is None:
            old = op["old"]
            raise XtomValidationError(
                "record=%s type=%s value=%s would be %sd, but the API listed it without an id: it cannot be addressed, "
                "so nothing was changed" % (old["record"], old["type"], old["value"], op["action"]))


def plan_changes(current, specs, backend, prune=False, ignore=()):
    """``{"ops": [...], "after": [records], "skipped": [records prune could not identify]}``."""
    groups = group_sets(current)
    plan = _compare(groups, specs, backend.HAS_TTL)
    skipped = []
    if prune:
        pruned, skipped = _prune(groups, specs, ignore)
        plan["deletes"].extend(pruned)
    deletes, creates = _pair(plan, backend.HAS_TTL)
    delete_ops = [{"action": "delete", "old": r, "new": None} for r in deletes]
    create_ops = [{"action": "create", "old": None, "new": r} for r in creates]
    ops = backend.order(plan["updates"], delete_ops, create_ops, current)
    _refuse_unidentified(ops)
    after = simulate(current, ops, backend)
    check_cname(after, specs, ops)
    return {"ops": ops, "after": after, "skipped": skipped}


def order_updates(updates, records):
    """The updates in an order where none puts a CNAME beside another type at a name while the
    record that has to leave that name is still there (the API would refuse it mid-run)."""
    place = dict((id(r), (r["record"], r["type"])) for r in records)
    pending, out = list(updates), []
    while pending:
        pick = pending[0]
        for op in pending:
            types = set(t for key, (name, t) in place.items() if key != id(op["old"]) and name == op["new"]["record"])
            if (not types) if op["new"]["type"] == "CNAME" else ("CNAME" not in types):
                pick = op
                break
        pending.remove(pick)
        place[id(pick["old"])] = (pick["new"]["record"], pick["new"]["type"])
        out.append(pick)
    return out


def simulate(current, ops, backend):
    """The records after ``ops``, in API order (new records appended)."""
    gone = set(id(op["old"]) for op in ops if op["action"] == "delete")
    changed = dict((id(op["old"]), op["new"]) for op in ops if op["action"] == "update")
    after = [dict(changed.get(id(r), r)) for r in current if id(r) not in gone]
    after.extend(op["new"] for op in ops if op["action"] == "create")  # the same dict: gets the id the API returns
    if ops:
        backend.renumber(current, after, ops)
    return after


def check_cname(after, specs, ops):
    """No CNAME beside another type at a name this run touches (checked before any write)."""
    touched = set(s["record"] for s in specs if s["state"] == "present")
    touched.update(op["new"]["record"] for op in ops if op["new"])
    by_name, cnames = {}, {}
    for rec in after:
        if rec["record"] in touched:
            by_name.setdefault(rec["record"], set()).add(rec["type"])
            cnames[rec["record"]] = cnames.get(rec["record"], 0) + (rec["type"] == "CNAME")
    for name, count in sorted(cnames.items()):
        if count > 1:  # e.g. on_existing=keep beside the CNAME already there
            raise XtomValidationError("record=%s would have %d CNAME records: a CNAME has exactly one target (use "
                                      "on_existing=replace to change it)" % (name, count))
    for name, types in sorted(by_name.items()):
        if "CNAME" in types and len(types) > 1:
            raise XtomValidationError("record=%s would have a CNAME beside %s records: a CNAME cannot sit beside other "
                                      "types at the same name (remove the others, or use dns_records with prune)" % (
                                          name, ", ".join(sorted(types - set(["CNAME"])))))


# ------------------------------------------------------------------------------------------ views
def set_view(records):
    """The comparable view of one record set: ``{"ttl", "value"}`` (values sorted; TTL an int when
    all records share it, else the sorted distinct TTLs)."""
    if not records:
        return {}
    ttls = sorted(set(r["ttl"] for r in records if r["ttl"] is not None))
    return {"ttl": ttls[0] if len(ttls) == 1 else (ttls or None), "value": sorted(r["value"] for r in records)}


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


def record_view(rec, has_ttl):
    """A record as shown in ``changes`` and the diff (the same in check mode and a real run)."""
    out = {"record": rec["record"], "type": rec["type"], "value": rec["value"]}
    if has_ttl:
        out["ttl"] = rec["ttl"]
    return out


def change_what(zone, rec):
    """The name of a record set in ``changes`` and diff headers: ``example.com www A``."""
    return "%s %s %s" % (zone, rec["record"], rec["type"])
