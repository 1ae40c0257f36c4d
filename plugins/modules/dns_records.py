#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: dns_records
short_description: Manage many DNS record sets of an xTom DNS zone or registered domain in one task
version_added: 0.1.0
description:
  - Makes many record sets (name + type) of one zone hold the values listed in O(records), in one
    read and the fewest writes; with O(prune=true), also removes every record set that is not listed.
  - Works on a zone of a DNS hosting service (O(zone) or O(zone_id)) or on the DNS of a registered
    domain (O(domain) or O(domain_id); records there have no TTL and are addressed by their index).
  - All input is validated before any request. A run that changes nothing costs two requests (find
    the zone, read it), whatever the size of the zone; each change costs one more write. Records to
    remove and records to add are paired into updates in place (one C(PUT) instead of a C(DELETE) and a C(POST)).
  - Each item of O(records) takes the options of M(xtom.console.dns_record) and means the same.
  - Instead of O(records), the desired records can be a zone file (RFC 1035), O(zone_file) or
    O(zone_file_content), for example one exported by M(xtom.console.dns_zone_info) with
    O(xtom.console.dns_zone_info#module:include=[zone_file]).
  - With O(create=true), a zone that does not exist is created first (and in check mode previewed
    with all its records).
  - Every answer the module reads is understood or refused. An answer in an unknown shape fails,
    naming the route, before any write.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.dns_target
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  records:
    description:
      - The record sets. Each (O(records[].record), O(records[].type)) may appear once.
      - An empty list with O(prune=true) removes every record set except the apex NS and SOA and those in O(ignore).
      - Exactly one of O(records), O(zone_file) and O(zone_file_content) is required.
    type: list
    elements: dict
    suboptions:
      record:
        description:
          - The record name, relative to the zone (V(www)), fully qualified with or without the
            trailing dot, or V(@) for the apex. Compared without regard to case.
        type: str
        required: true
      type:
        description:
          - The record type, for example V(A), V(AAAA), V(CNAME), V(MX), V(TXT), V(NS), V(SRV), V(CAA).
        type: str
        required: true
      value:
        description:
          - The values (several values make several records). Required with O(records[].state=present).
          - The value rules of M(xtom.console.dns_record) apply, including the TXT rule (plain text, or
            complete double-quoted strings; compared by text; a text longer than 255 characters is sent as
            several 255-character strings).
        type: list
        elements: str
      ttl:
        description:
          - TTL in seconds, from 30 to 604800. If not given, new records get 3600 and existing records keep theirs.
          - Not available for a registered domain's DNS.
        type: int
      priority:
        description:
          - Priority of V(MX) and V(SRV) records, used for each value that does not start with its own.
        type: int
      state:
        description:
          - V(absent) removes the listed values (all the set's records without O(records[].value)).
        type: str
        choices: [present, absent]
        default: present
      on_existing:
        description:
          - What to do with other values already at this name and type (as in M(xtom.console.dns_record)).
        type: str
        choices: [replace, keep_and_fail, keep]
        default: replace
  zone_file:
    description:
      - Path of a zone file (RFC 1035) that lists the desired records, instead of O(records).
      - The file is read on the host the module runs on (the control node for a play on C(localhost),
        or a task delegated to it). For a file on the control node in a play on other hosts, use
        O(zone_file_content) with C(lookup('ansible.builtin.file', ...)).
      - Each name and type of the file is one record set, as an item of O(records) with O(records[].on_existing=replace).
        C($ORIGIN) and C($TTL), names relative to the origin or absolute, C(@), comments, parentheses
        across lines and TXT records of several strings are understood. Without C($ORIGIN), names
        are relative to the zone.
      - The SOA record and the NS records at the zone apex are left out (the DNS service and the
        registrar keep their own); they are neither written nor pruned.
      - Records the target cannot hold are refused before any request, each named by its line (types
        it does not support (a hosted zone holds A, AAAA, CAA, CNAME, DS, MX, NS, PTR, SRV, SSHFP,
        TLSA and TXT; a registered domain's DNS the types C(GET /domain/@id/dns/types) lists), a TTL
        outside 30 to 604800 seconds, records of one name and type with different TTLs, a class other
        than C(IN), names outside the zone, C($INCLUDE) and C($GENERATE)).
      - For a registered domain's DNS the file's TTLs are not used (it has none), and its URL, FRAME
        and MXE records (which a zone file cannot express) are never pruned.
      - Needs the Python library C(dnspython) on the host the module runs on.
    type: path
  zone_file_content:
    description:
      - The text of a zone file, instead of O(records); read as O(zone_file) is.
    type: str
  prune:
    description:
      - Remove every record set that is not in O(records) (or in the zone file).
      - The SOA record is always kept, the apex NS records unless they are listed, and record sets matching O(ignore).
      - Records the API lists without an id cannot be addressed; prune leaves them (with a warning).
      - Other tasks that publish records in the same zone (the P(xtom.console.server#role) role publishes
        the A and AAAA records of a server's host name) are undone by a prune unless their record sets
        are listed in O(records) or matched by O(ignore); the P(xtom.console.dns_zone#role) role adds
        those of the account's servers to O(ignore) by itself.
      - Run a pruning task with C(--check --diff) first.
    type: bool
    default: false
  create:
    description:
      - Create the zone O(zone) when the account does not have it, in O(service) or the account's only
        DNS hosting service (a change of its own, V(zone example.org), in RV(changes)).
      - In check mode the records of a zone to create are planned against an empty zone (the SOA and
        apex NS records the service creates are never pruned), so C(--check --diff) previews them all.
      - Only with O(zone).
    type: bool
    default: false
  ignore:
    description:
      - Record sets that O(prune) never removes.
    type: list
    elements: dict
    default: []
    suboptions:
      record:
        description:
          - Record name; shell-style wildcards (V(_acme-challenge*)) match the relative name.
        type: str
      type:
        description:
          - Record type. Without it, every type at O(ignore[].record).
        type: str
requirements:
  - dnspython (only for O(zone_file) and O(zone_file_content); C(pip install dnspython))
notes:
  - Check mode reports the exact writes in RV(changes) and sends none; a real run reports the same.
  - The diff has one entry per write, its header naming the record set (V(example.com www A)).
  - A CNAME cannot sit beside other types at the same name; this is checked against the zone as it
    would be after the run, before any write.
  - In a registered domain's DNS, C(id) is the record's index. Deleting a record shifts the indexes
    after it, so the module updates first (indexes as read), then deletes from the highest index down,
    then adds. Right before each update or delete by index it reads the list again and checks the record
    there is still the one planned; when another task moved it, nothing is sent for it and the task fails.
  - Deleting a record that is already gone (a C(404), for example on the retry after a gateway error) counts as done.
"""

EXAMPLES = r"""
- name: The web records of example.com, in one task
  xtom.console.dns_records:
    zone: example.com
    records:
      - record: "@"
        type: A
        value: 203.0.113.10
      - record: www
        type: A
        value: 203.0.113.10
        ttl: 300
      - record: www
        type: AAAA
        value: 2001:db8:10::10
      - record: "@"
        type: MX
        value: [10 mail.example.com]
      - record: old
        type: A
        state: absent

- name: Review what a full sync of example.net would remove (check mode only)
  xtom.console.dns_records:
    zone: example.net
    prune: true
    records:
      - record: "@"
        type: A
        value: 203.0.113.40
  check_mode: true
  register: preview

- name: Show the planned writes
  ansible.builtin.debug:
    var: preview.changes

- name: Sync example.net exactly, keeping ACME challenges that another tool manages
  xtom.console.dns_records:
    zone: example.net
    prune: true
    ignore:
      - record: _acme-challenge*
        type: TXT
    records:
      - record: "@"
        type: A
        value: 203.0.113.40
      - record: www
        type: CNAME
        value: example.net.
      - record: "@"
        type: TXT
        value: '"v=spf1 -all"'

- name: A zone of its own for example.org, created when missing (check mode previews the zone and its records)
  xtom.console.dns_records:
    zone: example.org
    create: true
    records:
      - record: "@"
        type: A
        value: 203.0.113.60
      - record: www
        type: CNAME
        value: example.org.

- name: Back up the zone example.com as a zone file
  xtom.console.dns_zone_info:
    zone: example.com
    include: [zone_file]
  register: backup

- name: Write the backup to a file
  ansible.builtin.copy:
    content: "{{ backup.zones[0].zone_file }}"
    dest: /tmp/example.com.backup.zone
    mode: "0644"

- name: Make example.com hold exactly the records of the zone file (a no-op right after the backup)
  xtom.console.dns_records:
    zone: example.com
    zone_file: /tmp/example.com.backup.zone
    prune: true

- name: Records of example.net from zone-file text, keeping ACME challenges
  xtom.console.dns_records:
    zone: example.net
    prune: true
    ignore:
      - record: _acme-challenge*
        type: TXT
    zone_file_content: |
      $ORIGIN example.net.
      $TTL 3600
      @    IN A     203.0.113.40
      www  IN CNAME example.net.
      @    IN MX    10 mail.example.com.
      @    IN TXT   "v=spf1 mx -all"
      @    IN CAA   0 issue "letsencrypt.org"

- name: Registrar DNS of the registered domain example.com
  xtom.console.dns_records:
    domain: example.com
    records:
      - record: www
        type: A
        value: [203.0.113.10]
      - record: shop
        type: CNAME
        value: [www.example.com]
"""

RETURN = r"""
record_sets:
  description:
    - The listed record sets after the run (in check mode, as they would be), in the order of O(records)
      (of the lines of a zone file).
  returned: success
  type: list
  elements: dict
  contains:
    record:
      description: Name relative to the zone, V(@) for the apex.
      type: str
    fqdn:
      description: Fully qualified name.
      type: str
    type:
      description: Record type.
      type: str
    ttl:
      description: TTL of the records; a sorted list when they differ; V(null) without TTL or records.
      type: raw
    value:
      description: The values, sorted, in canonical form.
      type: list
      elements: str
    records:
      description:
        - Each record with its C(id), C(value), C(content), C(priority) and C(ttl).
        - C(id) is V(null) for a record created by this run when the API does not return it.
      type: list
      elements: dict
  sample:
    - {"record": "www", "fqdn": "www.example.com", "type": "A", "ttl": 300, "value": ["203.0.113.10"],
       "records": [{"id": 10006, "value": "203.0.113.10", "content": "203.0.113.10", "priority": null, "ttl": 300}]}
changes:
  description:
    - The writes made (in check mode, that would be made), in order; the same in check mode and a real run.
    - C(action) is V(create), V(update) or V(delete); C(what) names the record set (V(example.com www A)),
      or the zone (V(zone example.org)) with O(create=true); C(before) and C(after) are the record
      (C(before) also carries its C(id), for a registered domain its index).
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(create), V(update) or V(delete).
      type: str
    what:
      description: What is written, also the header of its diff (V(example.com www A), V(zone example.org)).
      type: str
    before:
      description: The object before (V(null) for a create); a record also carries its C(id).
      type: dict
    after:
      description: The object after (V(null) for a delete).
      type: dict
  sample:
    - {"action": "delete", "what": "example.com blog CNAME",
       "before": {"id": 10011, "record": "blog", "type": "CNAME", "value": "www.example.com", "ttl": 3600},
       "after": null}
summary:
  description: Number of records created, updated and deleted (or that would be); always the three keys.
  returned: success
  type: dict
  sample: {"create": 1, "update": 2, "delete": 0}
zone:
  description:
    - Where the records live, in the shape of the C(zones) of M(xtom.console.dns_zone_info).
    - With O(create=true) in check mode, a zone to create has C(id) V(null).
  returned: success
  type: dict
  sample: {"id": 3001, "name": "example.com", "service_id": 1003, "domain_id": null}
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError, option_error
from ansible_collections.xtom.console.plugins.module_utils.dns import (
    TARGET_OPTIONS,
    TARGET_RULES,
    backend_class,
    plan,
    record_sets,
    resolve_target,
    summary,
    target_params,
    validate,
    zone_or_new,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_zonefile import (
    zone_file_error,
    zone_file_ignore,
    zone_file_records,
    zone_file_source,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    src = zone_file_source(p)  # dnspython and the file, before any request
    caps, given = backend_class(p), target_params(p)
    entries = zone_file_records(src, given["zone"] or given["domain"], caps) if src else p["records"]
    ignore = p["ignore"] + (zone_file_ignore(caps) if src else [])
    try:
        target = validate(p, entries or [], ignore=ignore)  # before any request
        if p["create"] and target["zone"] is None:
            raise option_error("create", True, "needs zone (a zone name): a zone_id or a registered domain is never created")
        cs = ChangeSet()
        if p["create"]:
            backend, current = zone_or_new(module.client, cs, target, module.check_mode)
        else:
            backend, current = resolve_target(module.client, target), None
        if src and not (given["zone"] or given["domain"]):  # the zone name is known once the records are read
            current = backend.read() if current is None else current
            entries = zone_file_records(src, backend.name, backend)
        planned = plan(backend, entries, prune=p["prune"], ignore=ignore, current=current, cs=cs)
    except XtomValidationError as exc:
        raise zone_file_error(exc, src, entries) if src else exc
    for rec in planned["skipped"]:
        module.warn("prune left %s %s %s (%s) alone: the API listed it without an id" % (
            backend.name, rec["record"], rec["type"], rec["value"]))
    cs.apply(module.check_mode)
    return cs.result(record_sets=record_sets(planned, backend), summary=summary(planned["ops"]), zone=backend.zone)


def main():
    spec = dict(TARGET_OPTIONS)
    spec.update(
        records=dict(
            type="list",
            elements="dict",
            options=dict(
                record=dict(type="str", required=True),
                type=dict(type="str", required=True),
                value=dict(type="list", elements="str"),
                ttl=dict(type="int"),
                priority=dict(type="int"),
                state=dict(type="str", default="present", choices=["present", "absent"]),
                on_existing=dict(type="str", default="replace", choices=["replace", "keep_and_fail", "keep"]),
            ),
        ),
        zone_file=dict(type="path"),
        zone_file_content=dict(type="str"),
        prune=dict(type="bool", default=False),
        create=dict(type="bool", default=False),
        ignore=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(record=dict(type="str"), type=dict(type="str")),
        ),
    )
    sources = ["records", "zone_file", "zone_file_content"]
    module = XtomModule(argument_spec=spec, supports_check_mode=True,
                        mutually_exclusive=TARGET_RULES["mutually_exclusive"] + [sources],
                        required_one_of=TARGET_RULES["required_one_of"] + [sources])
    module.run(run)


if __name__ == "__main__":
    main()
