#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain
short_description: Manage the registrar settings of a domain registered with xTom
version_added: 0.1.0
description:
  - Sets the registrar lock, WHOIS ID protection, automatic renewal, email forwarders, web forwarding and
    contacts of a domain of the account. Each setting is read and written only when it is given, and only
    when it differs.
  - Registering, transferring and renewing domains is done by the ordering modules; name servers by
    M(xtom.console.domain_ns); DNSSEC keys by M(xtom.console.domain_dnssec).
  - "Requests: one to find the domain (its details carry O(autorenew) and O(id_protection)), one more for
    each of O(lock), O(contacts) and O(email_forwarding) when given, and one per change."
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
      - O(sync) is not carried out in check mode (it changes the portal's copy of the domain).
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - O(forwarding) is sent on every run that gives it (the API cannot read it back) and reports a change.
      - O(sync=true) reports a change only when it changed the domain's details.
options:
  lock:
    description:
      - Whether the registrar (transfer) lock is on (C(PUT /domain/@id/reglock) with C(switch)).
    type: bool
  id_protection:
    description:
      - Whether WHOIS ID protection is on (C(PUT /domain/@id/idprotection) with C(switch)). It may be a paid
        add-on at the registrar.
    type: bool
    aliases: [idprotection]
  autorenew:
    description:
      - Whether the domain renews automatically (C(PUT /domain/@id/autorenew) with C(autorenew)).
    type: bool
  email_forwarding:
    description:
      - Email forwarders to add, change or remove (C(PUT /domain/@id/emforwarding) with C(from) and C(to), one
        request per change). Forwarders not listed are left alone.
    type: list
    elements: dict
    suboptions:
      from:
        description:
          - The mailbox name (the part before the @, or V(*) for all), for example V(info). A full address of
            this domain is accepted too.
        type: str
        required: true
      to:
        description:
          - Where its mail goes. Required when O(email_forwarding[].state=present).
        type: str
      state:
        description:
          - Whether the forwarder should exist.
        type: str
        choices: [present, absent]
        default: present
  forwarding:
    description:
      - 'Web forwarding of the domain (C(PUT /domain/@id/forwarding)). The API documents no body for this
        request; the module sends C({"url": <url>, "type": <type>}).'
      - Sent on every run that gives it, since the API cannot read it back.
    type: dict
    suboptions:
      url:
        description:
          - Target URL (C(http://) or C(https://)). An empty string turns forwarding off.
        type: str
        required: true
      type:
        description:
          - V(redirect) sends visitors to the URL, V(frame) shows it under the domain's name.
        type: str
        choices: [redirect, frame]
        default: redirect
  contacts:
    description:
      - 'Contact fields to set, by contact type (V(registrant), V(admin), V(tech), V(billing)), for example
        C({registrant: {email: joe@example.com}}). Fields and types not given are kept.'
      - Field names are the API's (C(firstname), C(lastname), C(companyname), C(email), C(address1),
        C(address2), C(city), C(state), C(postcode), C(country), C(phonenumber)).
      - When a field differs, all contacts are sent (C(PUT /domain/@id/contact) with C(contact_info)).
        Changing the registrant may start a verification or a transfer lock at the registry.
    type: dict
  sync:
    description:
      - Ask the portal to fetch the domain's current state from the registrar first (C(GET /domain/@id/sync)).
        The settings are then compared with the refreshed state.
      - Reports a change only when the domain's details differ afterwards. Not done in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Lock example.net, renew it automatically, hide its WHOIS data
  xtom.console.domain:
    domain: example.net
    lock: true
    autorenew: true
    id_protection: true

- name: Forward postmaster and info, remove a catch-all
  xtom.console.domain:
    domain: example.net
    email_forwarding:
      - from: info
        to: joe@example.com
      - from: postmaster
        to: joe@example.com
      - from: "*"
        state: absent

- name: Update the technical contact's email
  xtom.console.domain:
    domain: example.net
    contacts:
      tech:
        email: hostmaster@example.com

- name: Refresh the domain from the registrar
  xtom.console.domain:
    domain: example.net
    sync: true
  register: synced

- name: Show its expiry date after the refresh
  ansible.builtin.debug:
    msg: "{{ synced.domain.expires }}"
"""

RETURN = r"""
domain:
  description:
    - The domain's details after the run, with the settings that were managed.
    - In check mode, the values that would be set.
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
    status:
      description: Registration status.
      type: str
    expires:
      description: Expiry date.
      type: str
    autorenew:
      description: Whether the domain renews automatically.
      type: bool
    idprotection:
      description: Whether WHOIS ID protection is on.
      type: bool
    nameservers:
      description: Name servers.
      type: list
      elements: str
    lock:
      description: Whether the registrar lock is on.
      type: bool
      returned: when O(lock) is set
    contacts:
      description: All contacts by type.
      type: dict
      returned: when O(contacts) is set
    email_forwarding:
      description: All email forwarders, mailbox name to target.
      type: dict
      returned: when O(email_forwarding) is set
      sample: {"info": "joe@example.com"}
    forwarding:
      description: The web forwarding sent.
      type: dict
      returned: when O(forwarding) is set
      sample: {"url": "https://www.example.com/", "type": "redirect"}
"""

import copy

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    contacts_differ,
    get_autorenew,
    get_contacts,
    get_domain,
    get_email_forwarding,
    get_lock,
    merge_contacts,
    plan_email_forwarding,
    resolve_domain,
    set_autorenew,
    set_contacts,
    set_email_forwarding,
    set_forwarding,
    set_id_protection,
    set_lock,
    sync_domain,
    validate_contacts,
    validate_email_forwarding,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule

SETTINGS = ("lock", "id_protection", "autorenew", "email_forwarding", "forwarding", "contacts")


def validate(p):
    """Local checks; returns the desired contacts and forwarders, normalised."""
    if not p["sync"] and all(p[k] is None for k in SETTINGS):
        raise XtomValidationError("nothing to do: give at least one of %s, or sync=true" % ", ".join(SETTINGS))
    fwd = p["forwarding"]
    if fwd is not None and fwd["url"] and not fwd["url"].lower().startswith(("http://", "https://")):
        raise XtomValidationError("forwarding.url: %r must start with http:// or https://" % fwd["url"])
    contacts = validate_contacts(p["contacts"]) if p["contacts"] is not None else None
    # The domain's own name is checked later, once it is known (domain_id only).
    name = (p["domain"] or "").strip().lower().rstrip(".") or None
    forwarders = validate_email_forwarding(p["email_forwarding"], name) if p["email_forwarding"] is not None else None
    return contacts, forwarders


def run(module):
    p = module.params
    contacts, forwarders = validate(p)
    client = module.client
    domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
    did = domain["id"]
    if forwarders is not None and p["domain"] is None:
        forwarders = validate_email_forwarding(p["email_forwarding"], domain["name"])

    before, after = {}, {}
    changed = False
    if p["sync"]:
        before["details"] = copy.deepcopy(domain)
        if not module.check_mode:
            sync_domain(client, did)
            domain = get_domain(client, did)
        after["details"] = copy.deepcopy(domain)
        changed = before["details"] != after["details"]

    # Settings carried by the details: autorenew, idprotection.
    for option, key, reader, writer in (
        ("autorenew", "autorenew", get_autorenew, set_autorenew),
        ("id_protection", "idprotection", None, set_id_protection),
    ):
        want = p[option]
        if want is None:
            continue
        have = domain.get(key)
        if have is None and reader is not None:
            have = reader(client, did)
        before[key], after[key] = have, want
        if have != want:
            changed = True
            if not module.check_mode:
                writer(client, did, want)
        domain[key] = want

    if p["lock"] is not None:
        have = get_lock(client, did)
        before["lock"], after["lock"] = have, p["lock"]
        if have != p["lock"]:
            changed = True
            if not module.check_mode:
                set_lock(client, did, p["lock"])
        domain["lock"] = p["lock"]

    if forwarders is not None:
        have = get_email_forwarding(client, did)
        sends, result = plan_email_forwarding(have, forwarders)
        before["email_forwarding"], after["email_forwarding"] = have, result
        for source, target in sends:
            changed = True
            if not module.check_mode:
                set_email_forwarding(client, did, source, target)
        domain["email_forwarding"] = result

    if contacts is not None:
        have = get_contacts(client, did)
        merged = merge_contacts(have, contacts)
        before["contacts"], after["contacts"] = have, merged
        if contacts_differ(have, contacts):
            changed = True
            if not module.check_mode:
                set_contacts(client, did, merged)
        domain["contacts"] = merged

    if p["forwarding"] is not None:
        fwd = {"url": p["forwarding"]["url"], "type": p["forwarding"]["type"]}
        before["forwarding"], after["forwarding"] = None, fwd
        changed = True
        if not module.check_mode:
            set_forwarding(client, did, fwd["url"], fwd["type"])
        domain["forwarding"] = fwd

    return {"changed": changed, "diff": {"before": before, "after": after}, "domain": domain}


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="int"),
            lock=dict(type="bool"),
            id_protection=dict(type="bool", aliases=["idprotection"]),
            autorenew=dict(type="bool"),
            email_forwarding=dict(
                type="list",
                elements="dict",
                options={
                    "from": dict(type="str", required=True),
                    "to": dict(type="str"),
                    "state": dict(type="str", choices=["present", "absent"], default="present"),
                },
                required_if=[("state", "present", ("to",))],
            ),
            forwarding=dict(
                type="dict",
                options=dict(
                    url=dict(type="str", required=True),
                    type=dict(type="str", choices=["redirect", "frame"], default="redirect"),
                ),
            ),
            contacts=dict(type="dict"),
            sync=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("domain", "domain_id")],
        required_one_of=[("domain", "domain_id")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
