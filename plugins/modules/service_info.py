#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: service_info
short_description: List the xTom services of the account, or read one service in detail
version_added: 0.1.0
description:
  - Without O(service), lists the services of the account (C(GET /service), one request),
    optionally filtered by O(status), O(category) and O(product).
  - With O(service), returns that one service with its details (C(GET /service/@id)).
  - More parts are read only when asked in O(include), each with one request per service.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
options:
  service:
    description:
      - One service, by id, label or hostname (the service's C(domain)).
      - An id or a hostname costs one request to find; a label needs the details of every
        service (one request each), because the service list carries no labels.
    type: str
  status:
    description:
      - Only services with this status (case-insensitive), for example V(Active) or V(Cancelled).
    type: str
  category:
    description:
      - Only services of this product category, by name (V(Virtual Servers)) or URL slug (V(vps)),
        case-insensitive.
    type: str
  product:
    description:
      - Only services of this product, by name (V(KVM VPS Starter)), case-insensitive.
    type: str
  include:
    description:
      - Parts to read for each returned service, one request per part and service.
      - V(details) reads the label, creation date and first payment (C(GET /service/@id)).
      - V(ips) reads the IP addresses (C(GET /service/@id/ip)).
      - V(rdns) reads the reverse DNS of the addresses (C(GET /service/@id/rdns)).
      - V(power) reads the server's power status (C(GET /service/@id/status)).
      - V(bandwidth) reads the traffic figures (C(GET /service/@id/bandwidth)).
      - V(methods) reads the API methods the service supports (C(GET /service/@id/methods)).
      - V(upgrade) reads the upgrade options (C(GET /service/@id/upgrade)).
      - V(reinstall) reads the reinstall profiles (C(GET /service/@id/reinstall)).
      - Server-only parts (V(power), V(bandwidth), V(reinstall)) that the portal refuses for a
        service are returned as null, with the reason in RV(services[].errors).
      - Defaults to V([details]) with O(service) and to V([]) without.
    type: list
    elements: str
    choices: [details, ips, rdns, power, bandwidth, methods, upgrade, reinstall]
"""

EXAMPLES = r"""
- name: List all services (one request)
  xtom.console.service_info:
  register: all_services

- name: Print the hostnames of the active virtual servers
  ansible.builtin.debug:
    msg: "{{ all_services.services | selectattr('status', 'equalto', 'Active') | map(attribute='domain') | list }}"

- name: Active services of the Virtual Servers category
  xtom.console.service_info:
    status: Active
    category: vps

- name: One server with its addresses and power status
  xtom.console.service_info:
    service: web1.example.com
    include: [details, ips, power]
  register: web1

- name: Show its first IPv4 address
  ansible.builtin.debug:
    msg: "{{ web1.services[0].ips.ipv4 | first }} is {{ web1.services[0].power }}"

- name: What can the server be upgraded to, and reinstalled with
  xtom.console.service_info:
    service: 1001
    include: [upgrade, reinstall]
"""

RETURN = r"""
services:
  description: The services found, in API order (one entry when O(service) is given).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Service id.
      type: int
      sample: 1001
    domain:
      description: The service's hostname.
      type: str
      sample: web1.example.com
    label:
      description: The custom label (read with V(details); empty otherwise unless a label lookup read it).
      type: str
      sample: web1
    name:
      description: Product name.
      type: str
      sample: KVM VPS Starter
    status:
      description: Service status.
      type: str
      sample: Active
    category:
      description: Product category name.
      type: str
    category_url:
      description: Product category URL slug.
      type: str
    billingcycle:
      description: Billing cycle name.
      type: str
      sample: Monthly
    total:
      description: Recurring amount.
      type: str
      sample: "9.99"
    next_due:
      description: Next due date.
      type: str
    date_created:
      description: Creation date.
      type: str
      returned: when O(include) contains V(details)
    next_invoice:
      description: Next invoice date.
      type: str
      returned: when O(include) contains V(details)
    firstpayment:
      description: First payment amount.
      type: str
      returned: when O(include) contains V(details)
    ips:
      description: IP addresses, IPv6 in compressed form.
      type: dict
      returned: when O(include) contains V(ips)
      sample: {"ipv4": ["203.0.113.10"], "ipv6": ["2001:db8:10::10"]}
    rdns:
      description: PTR hostname of each address (V("") when none is set).
      type: dict
      returned: when O(include) contains V(rdns)
      sample: {"203.0.113.10": "web1.example.com"}
    power:
      description: Power status, V(running), V(stopped), or the portal's own word (for example V(installing)).
      type: str
      returned: when O(include) contains V(power)
      sample: running
    bandwidth:
      description: Traffic figures as the portal returns them.
      type: dict
      returned: when O(include) contains V(bandwidth)
      sample: {"limit": "1000", "used": "12.34", "unit": "GB"}
    methods:
      description: API methods the service supports, each with C(name), C(method) and C(route).
      type: list
      elements: dict
      returned: when O(include) contains V(methods)
    upgrade:
      description:
        - Upgrade options. C(resources) each with C(id), C(name), C(type), C(kind) (V(select) or V(qty)),
          C(items) and C(current) (selected item id, or quantity); C(packages) each with C(id), C(name), C(selected).
      type: dict
      returned: when O(include) contains V(upgrade)
    reinstall:
      description: Reinstall options, C(profiles) and C(packages), each a list of C(id) and C(name).
      type: dict
      returned: when O(include) contains V(reinstall)
      sample: {"profiles": [{"id": "11", "name": "Debian 12"}], "packages": []}
    errors:
      description: Parts the portal refused for this service (part name to message).
      type: dict
      returned: when a part could not be read
"""

from ansible_collections.xtom.console.plugins.module_utils.api import XtomAuthError, XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    get_bandwidth,
    get_ips,
    get_methods,
    get_power,
    get_rdns,
    get_service,
    list_services,
    parse_reinstall_options,
    parse_upgrade_options,
    resolve_service,
)

PARTS = ["details", "ips", "rdns", "power", "bandwidth", "methods", "upgrade", "reinstall"]


def matches(svc, params):
    if params["status"] and svc["status"].lower() != params["status"].strip().lower():
        return False
    category = (params["category"] or "").strip().lower()
    if category and category not in (svc["category"].lower(), svc["category_url"].lower()):
        return False
    if params["product"] and svc["name"].lower() != params["product"].strip().lower():
        return False
    return True


def read_part(client, svc, part):
    sid = svc["id"]
    if part == "details":
        detail = get_service(client, sid)
        for key, value in detail.items():
            if value not in ("", None) or key not in svc:
                svc[key] = value
    elif part == "ips":
        svc["ips"] = get_ips(client, sid)
    elif part == "rdns":
        svc["rdns"] = get_rdns(client, sid)
    elif part == "power":
        svc["power"] = get_power(client, sid)
    elif part == "bandwidth":
        svc["bandwidth"] = get_bandwidth(client, sid)
    elif part == "methods":
        svc["methods"] = get_methods(client, sid)
    elif part == "upgrade":
        svc["upgrade"] = parse_upgrade_options(client.get(client.path("/service/%s/upgrade", sid)))
    elif part == "reinstall":
        svc["reinstall"] = parse_reinstall_options(client.get(client.path("/service/%s/reinstall", sid)))


def run(module):
    p = module.params
    client = module.client
    include = p["include"] if p["include"] is not None else (["details"] if p["service"] else [])
    services = list_services(client)
    if p["service"] is not None:
        services = [resolve_service(client, p["service"], services=services)]
    services = [s for s in services if matches(s, p)]
    for svc in services:
        for part in PARTS:
            if part not in include:
                continue
            try:
                read_part(client, svc, part)
            except XtomAuthError:
                raise
            except XtomApiError as exc:
                # A part the portal refuses for this kind of service (e.g. power of a DNS plan).
                if exc.status not in (400, 404, 405, 501) or part == "details":
                    raise
                svc[part] = None
                svc.setdefault("errors", {})[part] = "; ".join(exc.messages) or str(exc)
    return {"changed": False, "services": services}


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str"),
            status=dict(type="str"),
            category=dict(type="str"),
            product=dict(type="str"),
            include=dict(type="list", elements="str", choices=PARTS),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
