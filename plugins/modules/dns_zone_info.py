#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: dns_zone_info
short_description: List the DNS zones of an xTom account, or read one zone's records
version_added: 0.1.0
description:
  - Without O(zone), O(zone_id), O(domain) or O(domain_id), lists every DNS zone of the account's DNS hosting
    services (C(GET /dns), one request).
  - With O(zone) or O(zone_id), returns that zone; with O(domain) or O(domain_id), the registrar DNS of that
    registered domain.
  - With O(include=[records]), each zone returned also carries its records, in the normalised shape the
    M(xtom.console.dns_record) and M(xtom.console.dns_records) modules compare (one more request per zone).
  - With O(include=[zone_file]), each zone returned also carries its records as zone-file text (RFC 1035),
    which O(xtom.console.dns_records#module:zone_file) takes back (a backup that restores as a no-op).
  - Every answer is understood or refused; an answer in an unknown shape fails naming the route.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
attributes:
  check_mode:
    support: full
options:
  zone:
    description:
      - Name of one zone to read, for example V(example.com).
    type: str
  zone_id:
    description:
      - Id of one zone to read (the C(domain_id) of C(GET /dns)); ASCII digits.
      - With a numeric O(service) as well, the zone list is not read.
    type: str
  service:
    description:
      - Only zones of this DNS hosting service (id, label or hostname).
      - A label or hostname costs one more request (C(GET /service)); an id costs none.
    type: str
  domain:
    description:
      - A registered domain whose DNS records to read (the registrar's DNS, not a DNS hosting zone).
    type: str
  domain_id:
    description:
      - Id of a registered domain whose DNS records to read; ASCII digits.
    type: str
  include:
    description:
      - Extra reads. V(records) adds each returned zone's records (one C(GET) per zone).
      - V(zone_file) adds each returned zone's records as zone-file text in C(zone_file) (the same C(GET);
        V(records) and V(zone_file) together cost one C(GET) per zone). Needs C(dnspython).
    type: list
    elements: str
    choices: [records, zone_file]
    default: []
requirements:
  - dnspython (only for O(include=[zone_file]); C(pip install dnspython))
notes:
  - Record names are relative to the zone (V(@) for the apex). MX and SRV values start with their
    priority (V(10 mail.example.com)); TXT values are shown as their text (quotes removed, strings joined).
  - A registered domain's records have no TTL (C(ttl) is V(null)) and their C(id) is their index in the list.
  - "The zone file starts with C($ORIGIN) and has one line per record with its own TTL (a registered domain's
    DNS: C($TTL 3600) and no TTL per line), names relative to the origin, sorted (SOA, apex NS, then by name).
    It carries no date, so an unchanged zone gives the same text. A registered domain's URL, FRAME and MXE
    records are not DNS record types: they are written as comments (with a warning)."
  - This module only reads. To keep a backup, write RV(zones[].zone_file) with M(ansible.builtin.copy).
"""

EXAMPLES = r"""
- name: List all zones
  xtom.console.dns_zone_info:
  register: dns

- name: Print the zone names
  ansible.builtin.debug:
    msg: "{{ dns.zones | map(attribute='name') | list }}"

- name: Read example.com with its records
  xtom.console.dns_zone_info:
    zone: example.com
    include: [records]
  register: zone

- name: Print the records of www
  ansible.builtin.debug:
    msg: "{{ zone.zones[0].records | selectattr('record', 'equalto', 'www') | list }}"

- name: Read the registrar DNS of the registered domain example.net
  xtom.console.dns_zone_info:
    domain: example.net
    include: [records]

- name: Export every zone of the account as zone files
  xtom.console.dns_zone_info:
    include: [zone_file]
  register: export

- name: Keep one backup file per zone
  ansible.builtin.copy:
    content: "{{ item.zone_file }}"
    dest: "/tmp/{{ item.name }}.zone"
    mode: "0600"
  loop: "{{ export.zones }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
zones:
  description:
    - The zones. With O(zone), O(zone_id), O(domain) or O(domain_id), a list of one zone.
    - This is the shape of a zone wherever the collection returns one (C(zone) of M(xtom.console.dns_zone),
      M(xtom.console.dns_record) and M(xtom.console.dns_records)), without C(records).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Zone id (V(null) for a registered domain's DNS).
      type: int
      sample: 3001
    name:
      description: Zone name, lower case, without a trailing dot.
      type: str
      sample: example.com
    service_id:
      description: Id of the DNS hosting service that holds the zone (V(null) for a registered domain).
      type: int
      sample: 1003
    domain_id:
      description: Id of the registered domain (V(null) for a hosted zone).
      type: int
      sample: null
    records:
      description: The zone's records.
      type: list
      elements: dict
      returned: with O(include=[records])
      sample:
        - {"id": 10006, "record": "www", "fqdn": "www.example.com", "type": "A", "value": "203.0.113.10",
           "content": "203.0.113.10", "priority": null, "ttl": 3600}
        - {"id": 10009, "record": "@", "fqdn": "example.com", "type": "MX", "value": "10 mail.example.com",
           "content": "mail.example.com", "priority": 10, "ttl": 3600}
      contains:
        id:
          description: Record id (for a registered domain, its index as read).
          type: int
        record:
          description: Name relative to the zone, V(@) for the apex.
          type: str
        fqdn:
          description: Fully qualified name, without a trailing dot.
          type: str
        type:
          description: Record type, upper case.
          type: str
        value:
          description: Canonical value (MX and SRV start with the priority; TXT without quotes).
          type: str
        content:
          description: The content exactly as the API returned it (a long TXT value in strings of 255 characters).
          type: str
        priority:
          description: Priority of MX and SRV records, V(null) for other types.
          type: int
        ttl:
          description: TTL in seconds (V(null) for a registered domain).
          type: int
    zone_file:
      description:
        - The zone's records as zone-file text (RFC 1035), for M(ansible.builtin.copy) or
          O(xtom.console.dns_records#module:zone_file_content).
      type: str
      returned: with O(include=[zone_file])
      sample: |
        ; hosted zone example.com (zone_id 3001, service 1003)
        ; exported by xtom.console.dns_zone_info
        $ORIGIN example.com.
        @        3600 IN SOA   ns1.xtom.com. hostmaster 2026112701 10800 3600 604800 3600
        @       86400 IN NS    ns1.xtom.com.
        @        3600 IN A     203.0.113.10
        @        3600 IN MX    10 mail
        www      3600 IN A     203.0.113.10
service_ids:
  description: Ids of the account's DNS hosting services, as C(GET /dns) lists them.
  returned: when no single zone or domain was asked for
  type: list
  elements: int
  sample: [1003]
"""

from ansible_collections.xtom.console.plugins.module_utils.dns import TARGET_OPTIONS, resolve_target, target_params
from ansible_collections.xtom.console.plugins.module_utils.dns_plan import record_out
from ansible_collections.xtom.console.plugins.module_utils.dns_zonefile import require_dnspython, zone_file_text
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import ZoneBackend, list_zones, service_ref_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    client = module.client
    target = target_params(p)
    records, as_file = "records" in p["include"], "zone_file" in p["include"]
    if as_file:
        require_dnspython("include=zone_file")  # before any request
    if all(target[k] is None for k in ("zone", "zone_id", "domain", "domain_id")):
        listing = list_zones(client)
        zones = listing["zones"]
        if target["service"] is not None:
            sid = service_ref_id(client, target["service"])
            zones = [z for z in zones if z["service_id"] == sid]
        backends = [ZoneBackend(client, dict(z)) for z in zones]
        extra = {"service_ids": listing["service_ids"]}
    else:
        backends, extra = [resolve_target(client, target)], {}
    out = []
    for backend in backends:
        rows = backend.read() if records or as_file or backend.name is None else None
        zone = dict(backend.zone)
        if records:
            zone["records"] = [record_out(r, backend.name) for r in rows]
        if as_file:
            zone["zone_file"], problems = zone_file_text(backend.zone, rows, backend.HAS_TTL)
            for problem in problems:
                module.warn("zone file of %s: %s" % (backend.name, problem))
        out.append(zone)
    return dict(changed=False, zones=out, **extra)


def main():
    spec = dict(TARGET_OPTIONS)
    spec["include"] = dict(type="list", elements="str", default=[], choices=["records", "zone_file"])
    module = XtomModule(
        argument_spec=spec,
        mutually_exclusive=[["zone", "zone_id", "domain", "domain_id"], ["service", "domain"], ["service", "domain_id"]],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
