#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain_ns
short_description: Set the name servers of a domain registered with xTom, and register child name servers
version_added: 0.1.0
description:
  - Makes the delegation of a domain (its name servers at the registry) match O(nameservers), comparing
    without regard to order or case. The current name servers come with the domain's details, so a run
    that changes nothing costs one request.
  - Registers child name servers (glue records, host names under the domain with their address) given in
    O(child_nameservers).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.domain
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - O(nameservers) is idempotent.
      - O(child_nameservers) are registered again on every run that lists them (the API cannot read them
        back), and the run reports a change.
options:
  nameservers:
    description:
      - The name servers the domain should use, 2 to 13 host names, in any order.
      - An empty list means the provider's default name servers (C(PUT /domain/@id/ns) with an empty list).
        Whether the domain already uses them is judged against O(default_nameservers); when that is not
        set, the module sends the request and reads the name servers back to report whether they changed
        (in check mode it then reports a change it cannot verify).
      - Leave it out to only register O(child_nameservers).
    type: list
    elements: str
  default_nameservers:
    description:
      - The provider's default name servers, used only when O(nameservers) is an empty list, to tell
        without a write whether the domain already uses them.
    type: list
    elements: str
  child_nameservers:
    description:
      - Child name servers (glue records) to register at the registry with C(POST /domain/@id/reg), one
        request each, in order. Register them before listing them in O(nameservers).
      - 'The API documents no body for this request; the module sends C({"nameserver": <name>, "ip": <ip>}).'
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Host name of the name server; it must be the domain itself or a name under it, for example
            V(ns1.example.net).
        type: str
        required: true
      ip:
        description:
          - Its IPv4 or IPv6 address.
        type: str
        required: true
notes:
  - The current name servers are the ones in the domain's details (C(GET /domain/@id) or
    C(GET /domain/name/@name)). If they were changed outside the portal, refresh them first with
    M(xtom.console.domain) and O(xtom.console.domain#module:sync=true).
  - A request to register a child name server is never sent twice by the module's retries; if it fails
    with a gateway error the registrar may still have carried it out.
"""

EXAMPLES = r"""
- name: Delegate example.net to our own name servers
  xtom.console.domain_ns:
    domain: example.net
    nameservers:
      - ns1.example.com
      - ns2.example.com

- name: Register glue for in-domain name servers, then use them
  xtom.console.domain_ns:
    domain: example.net
    child_nameservers:
      - name: ns1.example.net
        ip: 203.0.113.53
      - name: ns2.example.net
        ip: 2001:db8:53::2
    nameservers: [ns1.example.net, ns2.example.net]

- name: Back to the provider's default name servers (idempotent thanks to default_nameservers)
  xtom.console.domain_ns:
    domain: example.net
    nameservers: []
    default_nameservers: [ns1.xtom.com, ns2.xtom.com]
"""

RETURN = r"""
domain:
  description: The domain after the run.
  returned: success
  type: dict
  contains:
    id:
      description: Domain id.
      type: int
      sample: 2002
    name:
      description: Domain name.
      type: str
      sample: example.net
    nameservers:
      description: Name servers (after the change; in check mode, the ones that would be set).
      type: list
      elements: str
      sample: [ns1.example.com, ns2.example.com]
    child_nameservers:
      description: The child name servers registered by this run (name and ip).
      type: list
      elements: dict
      returned: when O(child_nameservers) is set
"""

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    domain_nameservers,
    get_nameservers,
    register_child_nameserver,
    resolve_domain,
    same_nameservers,
    set_nameservers,
    validate_child_nameservers,
    validate_nameservers,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    desired = validate_nameservers(p["nameservers"])
    defaults = validate_nameservers(p["default_nameservers"], "default_nameservers")
    glue = validate_child_nameservers(p["child_nameservers"])
    if desired is None and not glue:
        raise XtomValidationError("give nameservers, child_nameservers or both")

    client = module.client
    domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
    for n, item in enumerate(glue):
        if item["name"] != domain["name"] and not item["name"].endswith("." + domain["name"]):
            raise XtomValidationError("child_nameservers[%d].name: %s is not under %s" % (n, item["name"], domain["name"]))

    current = domain_nameservers(client, domain)
    before = {"nameservers": sorted(current)}
    after = {"nameservers": sorted(current)}
    changed = False

    for item in glue:
        if not module.check_mode:
            register_child_nameserver(client, domain["id"], item["name"], item["ip"])
        changed = True
    if glue:
        before["child_nameservers"] = []
        after["child_nameservers"] = glue

    if desired is not None:
        target = desired or defaults
        if target is not None and same_nameservers(current, target):
            pass
        elif module.check_mode:
            changed = True
            after["nameservers"] = sorted(target) if target else ["(provider defaults)"]
        else:
            set_nameservers(client, domain["id"], desired)
            final = target if target else get_nameservers(client, domain["id"])
            changed = changed or not same_nameservers(current, final)
            after["nameservers"] = sorted(final)

    result = {"id": domain["id"], "name": domain["name"], "nameservers": after["nameservers"]}
    if glue:
        result["child_nameservers"] = glue
    return {"changed": changed, "diff": {"before": before, "after": after}, "domain": result}


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="int"),
            nameservers=dict(type="list", elements="str"),
            default_nameservers=dict(type="list", elements="str"),
            child_nameservers=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(name=dict(type="str", required=True), ip=dict(type="str", required=True)),
            ),
        ),
        mutually_exclusive=[("domain", "domain_id")],
        required_one_of=[("domain", "domain_id")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
