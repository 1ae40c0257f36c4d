#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dns_zone_info
short_description: List the DNS zones of an xTom account, or read one zone's records
version_added: 0.1.0
description:
  - Without O(name), O(zone_id), O(domain) or O(domain_id), lists every DNS zone of the account's DNS hosting
    services (C(GET /dns), one request).
  - With O(name) or O(zone_id), returns that zone with its records in the normalised shape the
    M(xtom.console.dns_record) and M(xtom.console.dns_records) modules compare (two requests).
  - With O(domain) or O(domain_id), returns the DNS records of a registered domain (C(GET /domain/@id/dns)).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
options:
  name:
    description:
      - Name of one zone to read with its records, for example V(example.com).
    type: str
    aliases: [zone]
  zone_id:
    description:
      - Id of one zone to read with its records (the C(domain_id) of C(GET /dns)).
    type: int
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
      - Id of a registered domain whose DNS records to read.
    type: int
notes:
  - Record names are relative to the zone (V(@) for the apex). MX and SRV values start with their
    priority (V(10 mail.example.com)); TXT values are shown without their quotes.
  - A registered domain's records have no TTL (C(ttl) is V(null)) and their C(id) is their index in the list.
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
    name: example.com
  register: zone

- name: Print the records of www
  ansible.builtin.debug:
    msg: "{{ zone.zones[0].records | selectattr('record', 'equalto', 'www') | list }}"

- name: Read the registrar DNS of the registered domain example.net
  xtom.console.dns_zone_info:
    domain: example.net
"""

RETURN = r"""
zones:
  description:
    - The zones. With O(name), O(zone_id), O(domain) or O(domain_id), a list of one zone that also
      carries C(records).
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
      description: Id of the registered domain.
      type: int
      returned: with O(domain) or O(domain_id)
      sample: 2001
    records:
      description: The zone's records.
      type: list
      elements: dict
      returned: with O(name), O(zone_id), O(domain) or O(domain_id)
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
          description: The content exactly as the API returned it.
          type: str
        priority:
          description: Priority of MX and SRV records, V(null) for other types.
          type: int
        ttl:
          description: TTL in seconds (V(null) for a registered domain).
          type: int
service_ids:
  description: Ids of the account's DNS hosting services, as C(GET /dns) lists them.
  returned: when no single zone or domain was asked for
  type: list
  elements: int
  sample: [1003]
"""

from ansible_collections.xtom.console.plugins.module_utils.dns import (
    list_zones,
    normalize_zone_name,
    read_records,
    record_out,
    resolve_target,
    zone_out,
    service_ref_id,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    client = module.client
    name = normalize_zone_name(p["name"], "name") if p["name"] is not None else None
    if name is None and p["zone_id"] is None and p["domain"] is None and p["domain_id"] is None:
        listing = list_zones(client)
        zones = listing["zones"]
        if p["service"] is not None:
            sid = service_ref_id(client, p["service"])
            zones = [z for z in zones if z["service_id"] == sid]
        return {"changed": False, "zones": [zone_out(z) for z in zones], "service_ids": listing["service_ids"]}
    target = resolve_target(client, zone=name, zone_id=p["zone_id"], domain=p["domain"], domain_id=p["domain_id"],
                            service=p["service"])
    records = read_records(client, target)
    zone = {"id": target["id"], "name": target["name"], "service_id": target["service_id"]}
    if target["kind"] == "domain":
        zone.update({"id": None, "domain_id": target["id"]})
    zone["records"] = [record_out(r, target["name"]) for r in records]
    return {"changed": False, "zones": [zone]}


def main():
    module = XtomModule(
        argument_spec=dict(
            name=dict(type="str", aliases=["zone"]),
            zone_id=dict(type="int"),
            service=dict(type="str"),
            domain=dict(type="str"),
            domain_id=dict(type="int"),
        ),
        mutually_exclusive=[["name", "zone_id", "domain", "domain_id"], ["service", "domain"], ["service", "domain_id"]],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
