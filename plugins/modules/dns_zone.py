#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: dns_zone
short_description: Create or delete a DNS zone of an xTom DNS hosting service
version_added: 0.1.0
description:
  - Makes sure a DNS zone exists (C(POST /service/@service_id/dns)) or does not exist
    (C(DELETE /service/@service_id/dns/@zone_id)) in a DNS hosting service.
  - The zone is looked up by name among all zones of the account (C(GET /dns)). An existing zone
    costs one request; creating one costs three or four (the create answer carries no zone id, so
    the zones are listed again to find it).
  - Records are managed with M(xtom.console.dns_record) and M(xtom.console.dns_records).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  zone:
    description:
      - The zone name, for example V(example.com). Case and a trailing dot do not matter;
        internationalised names are converted to punycode.
      - One of O(zone) and O(zone_id) is required; a zone is created only by its name.
    type: str
  zone_id:
    description:
      - The zone id (the C(domain_id) of C(GET /dns)); ASCII digits only.
    type: str
  service:
    description:
      - The DNS hosting service (id, label or hostname) that holds the zone.
      - Optional when the account has exactly one DNS hosting service (found in C(GET /service) by its
        category or product name, and in the C(service_ids) of C(GET /dns)); otherwise the error lists the candidates.
      - A service that is not a DNS hosting service of the account (neither listed by C(GET /dns) nor a DNS
        product in C(GET /service)) is refused before any write.
      - With O(state=absent), or when the zone exists, the zone must belong to this service.
    type: str
  state:
    description:
      - V(present) creates the zone if it does not exist; V(absent) deletes it with all its records.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A new zone starts with the SOA and NS records the DNS service creates.
  - If the create request ends with a gateway error or a timeout, the module lists the zones again
    and reports success if the zone is there; the create request is never sent twice.
  - Deleting a zone that is already gone (a C(404) on the C(DELETE), for example on the retry after a
    gateway error) counts as done.
  - To create a zone and its records in one task (and preview both in check mode), use
    M(xtom.console.dns_records) with O(xtom.console.dns_records#module:create=true).
"""

EXAMPLES = r"""
- name: Create the zone example.org in the account's only DNS hosting service
  xtom.console.dns_zone:
    zone: example.org
  register: result

- name: Print its id
  ansible.builtin.debug:
    msg: "{{ result.zone.name }} has id {{ result.zone.id }} in service {{ result.zone.service_id }}"

- name: Create a zone in a named DNS hosting service
  xtom.console.dns_zone:
    zone: example.info
    service: dns.example.com

- name: Delete a zone with all its records
  xtom.console.dns_zone:
    zone: example.info
    state: absent
"""

RETURN = r"""
zone:
  description:
    - The zone after the run; with O(state=absent), the zone that was deleted (or an empty dict if there was none).
    - The shape of the C(zones) of M(xtom.console.dns_zone_info).
    - In check mode a zone that would be created has C(id) V(null).
  returned: success
  type: dict
  contains:
    id:
      description: Zone id (the C(domain_id) of C(GET /dns)).
      type: int
      sample: 3003
    name:
      description: Zone name.
      type: str
      sample: example.org
    service_id:
      description: Id of the DNS hosting service that holds the zone.
      type: int
      sample: 1003
    domain_id:
      description: Always V(null) for a hosted zone (set for a registered domain's DNS in other modules).
      type: int
      sample: null
changes:
  description:
    - The writes made (in check mode, that would be made); the same in check mode and a real run.
    - C(what) is V(zone <name>), also the header of the diff.
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
    - {"action": "create", "what": "zone example.org", "before": null,
       "after": {"name": "example.org", "service_id": 1003}}
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import option_error, parse_id
from ansible_collections.xtom.console.plugins.module_utils.dns import normalize_zone_name
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import (
    create_zone,
    delete_zone,
    dns_service_id,
    list_zones,
    pick_dns_service,
    zone_shape,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def find(listing, name, zone_id, service_id):
    """The zone asked for, or None; refuses a zone that exists only in another service, or in several."""
    found = [z for z in listing["zones"] if (name is None or z["name"] == name) and (zone_id is None or z["id"] == zone_id)]
    option, value = ("zone", name) if name is not None else ("zone_id", zone_id)
    if service_id is not None and found:
        mine = [z for z in found if z["service_id"] == service_id]
        if not mine:
            raise option_error(option, value, "exists in service %s, not in service=%s" % (
                ", ".join(str(z["service_id"]) for z in found), service_id))
        found = mine
    if len(found) > 1:
        raise option_error(option, value, "exists in services %s: set service to pick one" % (
            ", ".join(str(z["service_id"]) for z in found)))
    return found[0] if found else None


def run(module):
    p = module.params
    name = normalize_zone_name(p["zone"], "zone") if p["zone"] is not None else None
    zone_id = parse_id(p["zone_id"], "zone_id") if p["zone_id"] is not None else None
    client = module.client
    listing = list_zones(client)
    service_id = dns_service_id(client, listing, p["service"]) if p["service"] is not None else None
    zone = find(listing, name, zone_id, service_id)
    cs = ChangeSet()
    if p["state"] == "absent":
        if zone:
            cs.add("delete", "zone %s" % zone["name"], {"name": zone["name"], "service_id": zone["service_id"]}, None,
                   lambda: delete_zone(client, zone))
        return cs.run(module.check_mode, zone=zone or {})
    if zone:
        return cs.run(module.check_mode, zone=zone)
    if name is None:
        raise option_error("zone_id", zone_id, "is not a DNS zone of this account (a zone is created by its name: set zone)")
    zone = zone_shape(None, name, pick_dns_service(client, listing, service_id))
    cs.add("create", "zone %s" % name, None, {"name": name, "service_id": zone["service_id"]},
           lambda: zone.update(create_zone(client, zone["service_id"], name)))
    result = cs.run(module.check_mode, zone=zone)
    if not module.check_mode and zone["id"] is None:
        module.warn("zone %s was created but GET /dns does not list it yet: its id is unknown" % name)
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            zone=dict(type="str"),
            zone_id=dict(type="str"),
            service=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        mutually_exclusive=[["zone", "zone_id"]],
        required_one_of=[["zone", "zone_id"]],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
