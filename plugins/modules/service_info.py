#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service_info
short_description: List the xTom services of the account, or read one service in detail
version_added: 0.1.0
description:
  - Without O(service), lists the services of the account (C(GET /service)), optionally filtered
    by O(status), O(category) and O(product), with their labels and dates (C(GET /service/@id) per
    listed service, 8 at a time; O(include=[]) lists them with one request, without labels).
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
      - Only services with one of these statuses (case-insensitive), for example V(Active) or V(Cancelled).
      - A single string is a list of one.
      - A status that is neither a HostBill status (Pending, Active, Suspended, Terminated, Cancelled,
        Fraud) nor one of the account's gives a warning listing the known ones, close matches first
        (an error with O(strict=true)).
    type: list
    elements: str
  category:
    description:
      - Only services of these product categories, by name (V(Virtual Servers)) or URL slug (V(vps)),
        case-insensitive. A single string is a list of one.
      - A category that no service of the account has gives a warning listing the account's
        categories, close matches first (an error with O(strict=true)).
    type: list
    elements: str
  product:
    description:
      - Only services of these products, by name (V(KVM VPS Starter)), case-insensitive. A single
        string is a list of one.
      - A product that no service of the account has gives a warning listing the account's
        products, close matches first (an error with O(strict=true)).
    type: list
    elements: str
  strict:
    description:
      - Fail, instead of warning, when a value of O(status), O(category) or O(product) cannot match anything.
    type: bool
    default: false
  include:
    description:
      - Parts to read for each returned service, one request per part and service (the
        per-service reads run 8 at a time for V(details)).
      - V(details) reads the label, creation date and first payment (C(GET /service/@id)). The
        service list carries no labels, so without V(details) C(label) is null.
      - V(ips) reads the IP addresses (C(GET /service/@id/ip)).
      - V(rdns) reads the reverse DNS of the addresses (C(GET /service/@id/rdns)).
      - V(power) reads the server's power status (C(GET /service/@id/status)).
      - V(bandwidth) reads the traffic figures (C(GET /service/@id/bandwidth)).
      - V(methods) reads the API methods the service supports (C(GET /service/@id/methods)).
      - V(upgrade) reads the upgrade options (C(GET /service/@id/upgrade)).
      - V(reinstall) reads the reinstall profiles (C(GET /service/@id/reinstall)).
      - Server-only parts (V(ips), V(rdns), V(power), V(bandwidth), V(reinstall)) that the portal
        refuses for a service are returned as null, with the reason in RV(services[].errors). An
        answer in a shape this collection does not know is an error naming the route.
      - Defaults to V([details]), the labels (1 + one request per listed service). V([]) lists
        the services with one request, without labels.
    type: list
    elements: str
    choices: [details, ips, rdns, power, bandwidth, methods, upgrade, reinstall]
"""

EXAMPLES = r"""
- name: List all services with their labels
  xtom.console.service_info:
  register: all_services

- name: List all services with one request (no labels)
  xtom.console.service_info:
    include: []

- name: Print the hostnames of the active virtual servers
  ansible.builtin.debug:
    msg: "{{ all_services.services | selectattr('status', 'equalto', 'Active') | map(attribute='domain') | list }}"

- name: Active and suspended services of the Virtual Servers category (a typo fails)
  xtom.console.service_info:
    status: [Active, Suspended]
    category: vps
    strict: true

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
      description: The custom label (read with V(details), the default); null when it was not read.
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
          C(choices) and C(current) (selected item id, or quantity; null when the portal does not say); C(packages)
          each with C(id), C(name), C(selected).
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
from ansible_collections.xtom.console.plugins.module_utils.common import check_text, close_matches, option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    SERVICE_STATUSES,
    get_bandwidth,
    get_ips,
    get_methods,
    get_power,
    get_rdns,
    list_services,
    read_details,
    resolve_service,
)
from ansible_collections.xtom.console.plugins.module_utils.services_reinstall import get_reinstall_options
from ansible_collections.xtom.console.plugins.module_utils.services_upgrade import get_upgrade_options

PARTS = ["details", "ips", "rdns", "power", "bandwidth", "methods", "upgrade", "reinstall"]
READERS = {
    "ips": get_ips,
    "rdns": get_rdns,
    "power": get_power,
    "bandwidth": get_bandwidth,
    "methods": get_methods,
    "upgrade": get_upgrade_options,
    "reinstall": get_reinstall_options,
}
# Refusals that mean "this part does not exist for this kind of service" (e.g. power of a DNS plan).
PART_REFUSALS = (400, 404, 405, 501)


def known_values(services, name):
    """What a filter can match: the account's values (and, for the status, HostBill's statuses)."""
    if name == "status":
        values = list(SERVICE_STATUSES) + [s["status"] for s in services]
    elif name == "category":
        values = [s["category"] for s in services] + [s["category_url"] for s in services]
    else:
        values = [s["name"] for s in services]
    out = []
    for value in values:
        if value and value.lower() not in [v.lower() for v in out]:
            out.append(value)
    return out


def check_filters(module, services):
    """Lower-cased filters; a value that cannot match anything warns (or fails with strict)."""
    filters = {}
    for name in ("status", "category", "product"):
        wanted = [check_text(v, name).strip() for v in module.params[name] or []]
        known = known_values(services, name)
        for value in wanted:
            if value.lower() in [k.lower() for k in known]:
                continue
            hint = close_matches(value, known)
            valid = hint + [k for k in known if k not in hint]
            problem = "matches no service of this account"
            if module.params["strict"]:
                raise option_error(name, value, problem, valid=valid or "none")
            module.warn(str(option_error(name, value, problem, valid=valid or "none")))
        filters[name] = [v.lower() for v in wanted]
    return filters


def matches(svc, filters):
    if filters["status"] and svc["status"].lower() not in filters["status"]:
        return False
    if filters["category"] and svc["category"].lower() not in filters["category"] \
            and svc["category_url"].lower() not in filters["category"]:
        return False
    if filters["product"] and svc["name"].lower() not in filters["product"]:
        return False
    return True


def read_part(client, svc, part):
    try:
        svc[part] = READERS[part](client, svc["id"])
    except XtomAuthError:
        raise
    except XtomApiError as exc:
        # A part the portal refuses for this kind of service; an answer not understood (200) is an error.
        if exc.status not in PART_REFUSALS:
            raise
        svc[part] = None
        svc.setdefault("errors", {})[part] = "; ".join(exc.messages) or str(exc)


def run(module):
    p = module.params
    client = module.client
    include = p["include"] if p["include"] is not None else ["details"]
    services = list_services(client)
    filters = check_filters(module, services)
    if p["service"] is not None:
        services = [resolve_service(client, p["service"], services=services)]
    services = [s for s in services if matches(s, filters)]
    if "details" in include:
        read_details(client, services)
    else:
        for svc in services:
            svc["label"] = svc["label"] or None  # not read: unknown, not "no label"
    for svc in services:
        for part in PARTS[1:]:
            if part in include:
                read_part(client, svc, part)
    return {"changed": False, "services": services}


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str"),
            status=dict(type="list", elements="str"),
            category=dict(type="list", elements="str"),
            product=dict(type="list", elements="str"),
            strict=dict(type="bool", default=False),
            include=dict(type="list", elements="str", choices=PARTS),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
