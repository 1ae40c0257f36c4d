#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service_upgrade
short_description: Upgrade or downgrade an xTom service's resources, package or billing cycle
version_added: 0.1.0
description:
  - Compares the asked O(resources), O(package) and O(cycle) with the service's selected options
    (C(GET /service/@id/upgrade), and the billing cycle and product of C(GET /service)); when they
    all match, nothing is sent.
  - Otherwise requests the upgrade with C(POST /service/@id/upgrade) (C(send=true)) for the parts that
    differ. In check mode the same request is sent with C(send=false), which only returns the
    price estimate and changes nothing.
  - B(A read-like POST.) The estimate is a POST (the API has no other way to price an upgrade),
    like C(POST /quote) of M(xtom.console.order) and C(POST /domain/lookup). Check mode sends it,
    with C(send=false); nothing is requested or billed.
  - A current value the comparison needs (the selected item of a resource, a quantity, the billing
    cycle) that the portal's answer does not state is an error naming the route, never a difference.
  - The upgrade may create an invoice that must be paid before it takes effect. Until it is paid the
    portal still shows the old options, so before requesting an upgrade the module reads the unpaid
    invoices (C(GET /invoice), and C(GET /invoice/@id) for each unpaid one) and refuses to request
    another upgrade of the service while one of them upgrades it. Nothing is billed twice.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: Sends the upgrade request with C(send=false) (a price estimate, a read-like POST), which changes nothing.
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - A second run sends nothing once the portal shows the asked options as selected.
      - While an upgrade waits for its invoice to be paid, the portal may still show the old
        options; a run then fails naming the unpaid invoice instead of requesting the upgrade again.
options:
  service:
    description:
      - The service, by id, label or hostname (the service's C(domain)).
    type: str
    required: true
  resources:
    description:
      - Configurable options to set, each resource (by name or id) mapped to its new value.
      - For a drop-down or radio resource, the item by name (V(500 GB)) or id.
      - For a quantity or slider resource, the number.
      - For a drop-down with a quantity, a one-entry map of item (name or id) to quantity.
      - Resources not named are left as they are.
    type: dict
  package:
    description:
      - The product to move to, by name (V(KVM VPS Pro)) or id, among the upgrade packages of the service.
    type: str
  cycle:
    description:
      - The billing cycle, by code (V(m), V(q), V(s), V(a), V(b), V(t)) or name (V(Monthly), V(Annually)).
    type: str
notes:
  - The upgrade request is a POST. If it fails with a gateway error or a timeout it is not sent
    again, and the error says it may have been requested; check the selected options
    (M(xtom.console.service_info) with O(xtom.console.service_info#module:include=upgrade)) and
    the account's invoices before running it again.
"""

EXAMPLES = r"""
- name: Price of more bandwidth for the web server (check mode asks for an estimate only)
  xtom.console.service_upgrade:
    service: web1.example.com
    resources:
      Bandwidth: 500 GB
  check_mode: true
  register: quote

- name: Show the estimate
  ansible.builtin.debug:
    var: quote.upgrade.estimate

- name: Upgrade the web server's memory and add two IPv4 addresses
  xtom.console.service_upgrade:
    service: web1.example.com
    resources:
      Memory: 4 GB
      Additional IPv4: 2

- name: Move the second web server to the Pro package, paid yearly
  xtom.console.service_upgrade:
    service: web2.example.com
    package: KVM VPS Pro
    cycle: Annually
"""

RETURN = r"""
upgrade:
  description: The upgrade sent (or estimated, in check mode); empty parts when nothing differs.
  returned: success
  type: dict
  contains:
    request:
      description: The request body sent, without C(send) (resource ids to item ids or quantities, C(package), C(cycle)).
      type: dict
      sample: {"resources": {"1557": "10103"}}
    estimate:
      description:
        - The price summary the portal answered (its own keys, with C(items) returned as C(lines)), or null when nothing was sent.
        - Null too when the answer to the request (C(send=true)) carried no summary this collection understands.
      type: dict
      sample: {"currency": "USD", "subtotal": "4.00", "total": "4.00"}
changes:
  description: The upgrade (requested, or that would be requested in check mode), the asked parts by name.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(upgrade).
      type: str
    what:
      description: The object changed.
      type: str
      sample: service 1001 (web1.example.com)
    before:
      description: The state before.
      type: dict
    after:
      description: The asked parts by name.
      type: dict
  sample: [{"action": "upgrade", "what": "service 1001 (web1.example.com)",
            "before": {"resources": {"Bandwidth": "100 GB"}}, "after": {"resources": {"Bandwidth": "500 GB"}}}]
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
from ansible_collections.xtom.console.plugins.module_utils.services import resolve_service, service_row, what
from ansible_collections.xtom.console.plugins.module_utils.services_upgrade import (
    check_no_pending_upgrade,
    get_upgrade_options,
    plan_upgrade,
    request_upgrade,
    validate_upgrade_input,
)


def run(module):
    p = module.params
    validate_upgrade_input(p["resources"], p["package"], p["cycle"])
    client = module.client
    svc = resolve_service(client, p["service"])
    options = get_upgrade_options(client, svc["id"])
    request, before, after = plan_upgrade(svc, options, p["resources"], p["package"], p["cycle"])
    cs = ChangeSet()
    estimate = None
    if request:
        check_no_pending_upgrade(client, svc)
        cs.add("upgrade", what(svc), before, after, lambda: request_upgrade(client, svc["id"], request, send=True))
        if module.check_mode:
            estimate = request_upgrade(client, svc["id"], request, send=False)  # a read-like POST
    results = cs.apply(module.check_mode)
    if results:
        estimate = results[0]
    return cs.result(upgrade={"request": request, "estimate": estimate}, service=service_row(svc, label_read=False))


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            resources=dict(type="dict"),
            package=dict(type="str"),
            cycle=dict(type="str"),
        ),
        required_one_of=[("resources", "package", "cycle")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
