# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""DNS area facade: where the records live (a backend), and read → plan → change set.

The parts: ``dns_names`` (names, types, values, the TXT rule), ``dns_spec`` (the record sets
asked for), ``dns_plan`` (the minimal writes), ``dns_backend`` (the interface and the one delete
rule) with ``dns_zone_backend`` (hosted zones, ``/service/@id/dns/...``) and
``dns_registrar_backend`` (a registered domain's DNS, ``/domain/@id/dns...``). Modules use this file.
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError, parse_id
from ansible_collections.xtom.console.plugins.module_utils.dns_names import normalize_zone_name
from ansible_collections.xtom.console.plugins.module_utils.dns_plan import (
    change_what,
    group_sets,
    plan_changes,
    record_set,
    record_view,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend, resolve_registrar
from ansible_collections.xtom.console.plugins.module_utils.dns_spec import build_specs, parse_ignore
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import (
    ZoneBackend,
    create_zone,
    dns_service_id,
    list_zones,
    pick_dns_service,
    resolve_zone,
    zone_shape,
)

# Options shared by dns_record and dns_records: where the records live. Ids are strings checked by
# parse_id (ASCII digits only: Ansible's int type would take "٣٠٣").
TARGET_OPTIONS = dict(
    zone=dict(type="str"),
    zone_id=dict(type="str"),
    service=dict(type="str"),
    domain=dict(type="str"),
    domain_id=dict(type="str"),
)
TARGET_RULES = dict(
    mutually_exclusive=[["zone", "zone_id", "domain", "domain_id"], ["service", "domain"], ["service", "domain_id"]],
    required_one_of=[["zone", "zone_id", "domain", "domain_id"]],
)


def backend_class(params):
    """The backend the options point at (known before any request)."""
    if params.get("domain") is not None or params.get("domain_id") is not None:
        return RegistrarBackend
    return ZoneBackend


def target_params(params):
    """The target options validated locally: zone names normalised, ids ASCII digits."""
    out = dict((k, params.get(k)) for k in TARGET_OPTIONS)
    if out["zone"] is not None:
        out["zone"] = normalize_zone_name(out["zone"], "zone")
    if out["domain"] is not None:
        out["domain"] = normalize_zone_name(out["domain"], "domain")
    for key in ("zone_id", "domain_id"):
        if out[key] is not None:
            out[key] = parse_id(out[key], key)
    return out


def validate(params, entries, single=False, ignore=None):
    """Everything that can be checked before a request; returns the validated target options."""
    target = target_params(params)
    name = target["zone"] or target["domain"]
    build_specs(entries, name, backend_class(params), single)
    parse_ignore(ignore, name)
    return target


def resolve_target(client, target):
    """The backend for validated target options (one GET, or none for zone_id + a numeric service)."""
    if target.get("domain") is not None or target.get("domain_id") is not None:
        return resolve_registrar(client, target.get("domain"), target.get("domain_id"))
    return resolve_zone(client, target.get("zone"), target.get("zone_id"), target.get("service"))


def changeset(backend, ops, cs=None):
    """The change set of planned record ops: one change per write, named ``example.com www A``."""
    cs = cs if cs is not None else ChangeSet()
    for op in ops:
        before = dict(record_view(op["old"], backend.HAS_TTL), id=op["old"]["id"]) if op["old"] else None
        after = record_view(op["new"], backend.HAS_TTL) if op["new"] else None
        apply = {"create": lambda op=op: backend.create(op["new"]),
                 "update": lambda op=op: backend.update(op["old"], op["new"]),
                 "delete": lambda op=op: backend.delete(op["old"])}[op["action"]]
        cs.add(op["action"], change_what(backend.name, op["new"] or op["old"]), before, after, apply)
    return cs


def plan(backend, entries, single=False, prune=False, ignore=(), current=None, cs=None):
    """Read (unless ``current`` is given) and plan: ``{"current", "specs", "ops", "after", "skipped", "changes"}``.

    ``entries`` were validated before any request; they are validated again against the zone name
    read from the API (an FQDN record name can only be placed once the zone is known).
    """
    if current is None:
        current = backend.read()
    specs = build_specs(entries, backend.name, backend, single)
    backend.check_types(specs, current)
    planned = plan_changes(current, specs, backend, prune, parse_ignore(ignore, backend.name))
    planned.update(current=current, specs=specs, changes=changeset(backend, planned["ops"], cs))
    return planned


def sync(backend, entries, check_mode, **kwargs):
    """Plan, then apply unless check mode (``planned["changes"]`` is the change set)."""
    planned = plan(backend, entries, **kwargs)
    planned["changes"].apply(check_mode)
    return planned


def summary(ops):
    """``{"create": n, "update": n, "delete": n}`` record writes: always the three keys."""
    out = {"create": 0, "update": 0, "delete": 0}
    for op in ops:
        out[op["action"]] += 1
    return out


def record_sets(planned, backend):
    groups = group_sets(planned["after"])
    return [record_set(planned["after"], s["record"], s["type"], backend.name, groups) for s in planned["specs"]]


# ------------------------------------------------------------------------------- a new zone
def zone_or_new(client, cs, target, check_mode):
    """``(backend, current)`` for ``dns_records create=true``: the zone, or a zone created first.

    A zone to create is a change of its own (``zone example.org``). In check mode its records
    are planned against an empty zone (the SOA and apex NS the service creates are never
    pruned), so ``--check --diff`` previews every record of a new zone; outside check mode the
    zone is created, then read.
    """
    listing = list_zones(client)
    service_id = dns_service_id(client, listing, target["service"]) if target["service"] is not None else None
    found = [z for z in listing["zones"] if z["name"] == target["zone"]]
    if found:
        return resolve_zone(client, target["zone"], None, service_id, listing), None
    service_id = pick_dns_service(client, listing, service_id)
    cs.add("create", "zone %s" % target["zone"], None, {"name": target["zone"], "service_id": service_id})
    if check_mode:
        return ZoneBackend(client, zone_shape(None, target["zone"], service_id)), []
    zone = create_zone(client, service_id, target["zone"])
    if zone["id"] is None:
        raise XtomValidationError("zone=%s was created, but GET /dns does not list it yet: run the task again to "
                                  "add its records" % target["zone"])
    return ZoneBackend(client, dict(zone)), None
