#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
  name:
    description:
      - The zone name, for example V(example.com). Case and a trailing dot do not matter;
        internationalised names are converted to punycode.
    type: str
    required: true
    aliases: [zone]
  service:
    description:
      - The DNS hosting service (id, label or hostname) that holds the zone.
      - Optional when the account has exactly one DNS hosting service (found in C(GET /service) by its
        category or product name, and in the C(service_ids) of C(GET /dns)); otherwise the error lists the candidates.
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
"""

EXAMPLES = r"""
- name: Create the zone example.org in the account's only DNS hosting service
  xtom.console.dns_zone:
    name: example.org
  register: zone

- name: Print its id
  ansible.builtin.debug:
    msg: "{{ zone.zone.name }} has id {{ zone.zone.id }} in service {{ zone.zone.service_id }}"

- name: Create a zone in a named DNS hosting service
  xtom.console.dns_zone:
    name: example.info
    service: dns.example.com

- name: Delete a zone with all its records
  xtom.console.dns_zone:
    name: example.info
    state: absent
"""

RETURN = r"""
zone:
  description:
    - The zone after the run; with O(state=absent), the zone that was deleted (or an empty dict if there was none).
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
"""

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.dns import (
    create_zone,
    delete_zone,
    list_zones,
    normalize_zone_name,
    pick_dns_service,
    service_ref_id,
    zone_out,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    client = module.client
    name = normalize_zone_name(p["name"], "name")
    listing = list_zones(client)
    found = [z for z in listing["zones"] if z["name"] == name]
    wanted_service = service_ref_id(client, p["service"]) if p["service"] is not None else None
    if wanted_service is not None and found:
        mine = [z for z in found if z["service_id"] == wanted_service]
        if not mine:
            raise XtomValidationError("name=%s exists in service %s, not in service=%s" % (
                name, ", ".join(str(z["service_id"]) for z in found), p["service"]))
        found = mine
    if len(found) > 1:
        raise XtomValidationError("name=%s exists in services %s: set service to pick one" % (
            name, ", ".join(str(z["service_id"]) for z in found)))
    before = zone_out(found[0]) if found else {}
    if p["state"] == "absent":
        if found and not module.check_mode:
            delete_zone(client, found[0])
        return {"changed": bool(found), "zone": before, "diff": {"before": before, "after": {}}}
    if found:
        return {"changed": False, "zone": before, "diff": {"before": before, "after": before}}
    service_id = pick_dns_service(client, listing, wanted_service)
    after = {"id": None, "name": name, "service_id": service_id}
    if not module.check_mode:
        after = zone_out(create_zone(client, service_id, name))
        if after["id"] is None:
            module.warn("zone %s was created but GET /dns does not list it yet: its id is unknown" % name)
    return {"changed": True, "zone": after, "diff": {"before": {}, "after": after}}


def main():
    module = XtomModule(
        argument_spec=dict(
            name=dict(type="str", required=True, aliases=["zone"]),
            service=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
