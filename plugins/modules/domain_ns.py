#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
    details:
      - Check mode reports the same changes as a real run, except for O(nameservers=[]) without
        O(default_nameservers), where only the real run can tell (it reads the name servers back after the
        request) whether the domain already used the provider's defaults.
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
  description:
    - The domain after the run, in the shape of the rows of M(xtom.console.domain_info).
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
      description:
        - Name servers after the run (in check mode, the ones that would be set; when O(nameservers) is empty
          and O(default_nameservers) is not set, check mode shows the current ones).
      type: list
      elements: str
      sample: [ns1.example.com, ns2.example.com]
changes:
  description:
    - What the run wrote (in check mode, would write), in order; the diff has one entry per change with
      RV(changes[].what) as its header.
    - One V(register) change per child name server (V(example.net child name server ns1.example.net), after =
      its address), then one V(set) change of V(example.net nameservers) (before and after sorted; after is
      V([(provider defaults\)]) in check mode when the defaults are not known).
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(register) or V(set).
      type: str
    what:
      description: The domain and what changed.
      type: str
    before:
      description: The name servers before, sorted (V(null) for a child name server).
      type: raw
    after:
      description: The name servers after, sorted, or the address of a child name server.
      type: raw
  sample: [{"action": "set", "what": "example.net nameservers", "before": ["ns1.xtom.com", "ns2.xtom.com"],
            "after": ["ns1.example.com", "ns2.example.com"]}]
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError, validate_hostname
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    domain_nameservers,
    get_nameservers,
    register_child_nameserver,
    resolve_domain,
    set_nameservers,
)
from ansible_collections.xtom.console.plugins.module_utils.domains_input import (
    same_nameservers,
    validate_child_nameservers,
    validate_nameservers,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule

PROVIDER_DEFAULTS = "(provider defaults)"


def validate(p):
    desired = validate_nameservers(p["nameservers"])
    defaults = validate_nameservers(p["default_nameservers"], "default_nameservers")
    name = validate_hostname(p["domain"], "domain") if p["domain"] is not None else None
    glue = validate_child_nameservers(p["child_nameservers"], name)
    if desired is None and not glue:
        raise XtomValidationError("nothing to do: give nameservers, child_nameservers or both")
    return desired, defaults


def plan(cs, client, p, domain, desired, defaults):
    """Glue first (register it before the delegation uses it), then the name servers."""
    did, name = domain["id"], domain["name"]
    for item in validate_child_nameservers(p["child_nameservers"], name):
        cs.add("register", "%s child name server %s" % (name, item["name"]), None, item["ip"],
               lambda i=item: register_child_nameserver(client, did, i["name"], i["ip"]))
    if desired is None:
        return None
    current = domain_nameservers(client, domain)
    domain["nameservers"] = current
    target = desired or defaults
    if target is not None and same_nameservers(current, target):
        return None
    after = sorted(target) if target else [PROVIDER_DEFAULTS]
    if target:
        domain["nameservers"] = list(target)  # as the domain's details will list them
    return cs.add("set", "%s nameservers" % name, sorted(current), after, lambda: set_nameservers(client, did, desired))


def run(module):
    p = module.params
    desired, defaults = validate(p)
    client = module.client
    domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
    cs = ChangeSet()
    change = plan(cs, client, p, domain, desired, defaults)
    cs.apply(module.check_mode)
    if change is not None and change.after == [PROVIDER_DEFAULTS] and not module.check_mode:
        # The provider's defaults are not known (no default_nameservers): read what the domain has now.
        domain["nameservers"] = get_nameservers(client, domain["id"])
        if same_nameservers(change.before, domain["nameservers"]):
            cs.changes.remove(change)  # it already had them: nothing changed
        else:
            change.after = sorted(domain["nameservers"])
    return cs.result(domain=dict(domain))


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="str"),
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
