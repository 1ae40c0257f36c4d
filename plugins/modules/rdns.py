#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: rdns
short_description: Set the reverse DNS (PTR) of an xTom service's IP addresses
version_added: 0.1.0
description:
  - Sets the PTR hostname of one address (O(ip) and O(hostname)) or of several (O(records)) of a
    service.
  - Reads the current PTR records (C(GET /service/@id/rdns)) and, when an address is not listed
    there, the service's addresses (C(GET /service/@id/ip)); then sends only the differences in one
    C(POST /service/@id/rdns).
  - Addresses that are not the service's and invalid hostnames are rejected before anything is sent.
  - IPv4 and IPv6 are supported; IPv6 addresses are compared in normalised form, so
    V(2001:db8:10:0::10) and V(2001:db8:10::10) are the same address.
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
  service:
    description:
      - The service, by id, label or hostname (the service's C(domain)).
    type: str
    required: true
  ip:
    description:
      - One IPv4 or IPv6 address of the service. Requires O(hostname).
    type: str
  hostname:
    description:
      - The PTR hostname for O(ip). A final dot is ignored; compared case-insensitively; an
        internationalised name is sent in its ASCII (IDNA) form.
    type: str
  records:
    description:
      - Several addresses at once, each address mapped to its PTR hostname.
      - Addresses of the service that are not named are left as they are.
    type: dict
notes:
  - A PTR record can be set or changed, not removed; the API documents no way to clear one.
  - The update is a POST. Setting the same PTR twice is harmless; a POST that meets a gateway error
    or a timeout re-reads the PTR records and, when they do not show the change yet, sends it once more.
  - The current PTR records must be understood before anything is sent. An answer in a shape this
    collection does not know (for example under an unknown key) is an error naming the route, never "no PTR".
"""

EXAMPLES = r"""
- name: Set the PTR of the web server's IPv4 address
  xtom.console.rdns:
    service: web1.example.com
    ip: 203.0.113.10
    hostname: web1.example.com

- name: Set the PTR of all addresses of the database server
  xtom.console.rdns:
    service: db1.example.com
    records:
      203.0.113.20: db1.example.com
      203.0.113.21: db1-replica.example.com
      "2001:db8:20::1": db1.example.com
  register: ptr

- name: Show what changed
  ansible.builtin.debug:
    var: ptr.changes
"""

RETURN = r"""
rdns:
  description: The PTR hostname of each address named in the task, after the change (in check mode, as it would be).
  returned: success
  type: dict
  sample: {"203.0.113.10": "web1.example.com"}
changes:
  description:
    - One entry per address whose PTR differs (all sent in one C(POST /service/@id/rdns)); empty when nothing differs.
    - In check mode, what would be sent.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: Always V(set).
      type: str
    what:
      description: The service and the address.
      type: str
      sample: service 1001 (web1.example.com) 203.0.113.10 PTR
    before:
      description: The PTR hostname before (V("") when none was set).
      type: str
    after:
      description: The PTR hostname after.
      type: str
  sample: [{"action": "set", "what": "service 1001 (web1.example.com) 203.0.113.10 PTR", "before": "", "after": "web1.example.com"}]
service:
  description:
    - The service, with the keys of M(xtom.console.service_info)'s rows (C(id), C(domain), C(label),
      C(name), C(status), C(category), C(category_url), C(billingcycle), C(total), C(next_due)).
    - C(label) is null when it was not read (the service list carries no labels).
  returned: success
  type: dict
  sample: {"id": 1001, "domain": "web1.example.com", "label": null, "name": "KVM VPS Starter", "status": "Active"}
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    describe,
    get_ips,
    get_rdns,
    normalize_ip,
    plan_rdns,
    resolve_service,
    service_row,
    set_rdns,
    validate_rdns_records,
    what,
)


def run(module):
    p = module.params
    if p["ip"] is not None:
        option = "ip"
        desired = validate_rdns_records({p["ip"]: p["hostname"]}, option=option)
    else:
        option = "records"
        desired = validate_rdns_records(p["records"], option=option)
    client = module.client
    svc = resolve_service(client, p["service"])
    current = get_rdns(client, svc["id"])
    listed = set(normalize_ip(ip) for ip in current)
    service_ips = None
    if any(ip not in listed for ip in desired):
        ips = get_ips(client, svc["id"])
        service_ips = ips["ipv4"] + ips["ipv6"]
    changes, before, after = plan_rdns(current, service_ips, desired, "service %s" % describe(svc), option=option)
    cs = ChangeSet()

    def apply():
        return set_rdns(client, svc["id"], changes)

    for ip in desired:
        if before[ip] != after[ip]:
            # One POST carries every difference: it is sent with the first change.
            cs.add("set", what(svc, "%s PTR" % ip), before[ip], after[ip], apply)
            apply = None
    for note in cs.apply(module.check_mode):
        if note:
            module.warn(note)
    return cs.result(rdns=after, service=service_row(svc, label_read=False))


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            ip=dict(type="str"),
            hostname=dict(type="str"),
            records=dict(type="dict"),
        ),
        required_one_of=[("ip", "records")],
        mutually_exclusive=[("ip", "records"), ("hostname", "records")],
        required_together=[("ip", "hostname")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
