#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
  - Every current value is read and understood before anything is written. An answer in a shape the module
    does not know (for example a lock that is neither on nor off) fails the task naming the route, and
    nothing is written; a setting is never sent on a guess (on some portals the lock request toggles).
  - Check mode plans exactly the changes a real run sends, and reports them in RV(changes) and the diff.
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
      - O(sync) is not carried out in check mode (it changes the portal's copy of the domain), so a check run
        compares the settings with the portal's copy, and does not report the refresh.
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
    - The domain after the run, in the shape of the rows of M(xtom.console.domain_info), with the parts it
      managed (RV(domain.lock), RV(domain.contacts), RV(domain.email_forwarding)).
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
changes:
  description:
    - What the run wrote (in check mode, would write), in order. RV(changes[].what) names the domain and the
      setting (V(example.net reglock), V(example.net email_forwarding info), V(example.net contacts),
      V(example.net forwarding), V(example.net details) for a refresh by O(sync)); the diff has one entry per
      change with the same header.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(set), V(add), V(update) or V(remove).
      type: str
    what:
      description: The domain and the setting.
      type: str
    before:
      description: The value before (V(null) for a forwarder that did not exist, or for web forwarding, which cannot be read).
      type: raw
    after:
      description: The value after (V(null) for a forwarder removed).
      type: raw
  sample: [{"action": "set", "what": "example.net reglock", "before": false, "after": true}]
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError, validate_hostname
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    domain_flag,
    get_autorenew,
    get_contacts,
    get_domain,
    get_email_forwarding,
    get_lock,
    resolve_domain,
    set_autorenew,
    set_contacts,
    set_email_forwarding,
    set_forwarding,
    set_id_protection,
    set_lock,
    sync_domain,
)
from ansible_collections.xtom.console.plugins.module_utils.domains_input import (
    contacts_differ,
    merge_contacts,
    plan_email_forwarding,
    validate_contacts,
    validate_email_forwarding,
    validate_forwarding,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule

SETTINGS = ("lock", "id_protection", "autorenew", "email_forwarding", "forwarding", "contacts")


def validate(p):
    """Local checks before any request: the desired contacts, forwarders and web forwarding, normalised."""
    if not p["sync"] and all(p[k] is None for k in SETTINGS):
        raise XtomValidationError("nothing to do: give at least one of %s, or sync=true" % ", ".join(SETTINGS))
    # The domain's own name is checked later too, once it is known (domain_id only).
    name = validate_hostname(p["domain"], "domain") if p["domain"] is not None else None
    return {
        "forwarding": validate_forwarding(p["forwarding"]),
        "contacts": validate_contacts(p["contacts"]) if p["contacts"] is not None else None,
        "forwarders": validate_email_forwarding(p["email_forwarding"], name) if p["email_forwarding"] is not None else None,
    }


def plan_switches(cs, client, p, domain):
    """autorenew and idprotection (read from the details), then the registrar lock (GET reglock)."""
    did, name = domain["id"], domain["name"]
    if p["autorenew"] is not None:
        have = domain["autorenew"] if isinstance(domain.get("autorenew"), bool) else get_autorenew(client, did)
        if have != p["autorenew"]:
            cs.add("set", "%s autorenew" % name, have, p["autorenew"], lambda: set_autorenew(client, did, p["autorenew"]))
        domain["autorenew"] = p["autorenew"]
    if p["id_protection"] is not None:
        have = domain_flag(domain, "idprotection")
        if have != p["id_protection"]:
            cs.add("set", "%s idprotection" % name, have, p["id_protection"],
                   lambda: set_id_protection(client, did, p["id_protection"]))
        domain["idprotection"] = p["id_protection"]
    if p["lock"] is not None:
        have = get_lock(client, did)
        if have != p["lock"]:
            cs.add("set", "%s reglock" % name, have, p["lock"], lambda: set_lock(client, did, p["lock"]))
        domain["lock"] = p["lock"]


def plan_mail_and_contacts(cs, client, want, domain):
    did, name = domain["id"], domain["name"]
    if want["forwarders"] is not None:
        sends, result = plan_email_forwarding(get_email_forwarding(client, did), want["forwarders"])
        for source, old, new in sends:
            action = "add" if old is None else ("remove" if new is None else "update")
            cs.add(action, "%s email_forwarding %s" % (name, source), old, new,
                   lambda s=source, t=new: set_email_forwarding(client, did, s, t))
        domain["email_forwarding"] = result
    if want["contacts"] is not None:
        have = get_contacts(client, did)
        merged = merge_contacts(have, want["contacts"])
        if contacts_differ(have, want["contacts"]):
            cs.add("update", "%s contacts" % name, have, merged, lambda: set_contacts(client, did, merged))
        domain["contacts"] = merged
    if want["forwarding"] is not None:
        fwd = want["forwarding"]
        cs.add("set", "%s forwarding" % name, None, fwd, lambda: set_forwarding(client, did, fwd["url"], fwd["type"]))


def run(module):
    p = module.params
    want = validate(p)
    client = module.client
    domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
    if want["forwarders"] is not None and p["domain"] is None:
        want["forwarders"] = validate_email_forwarding(p["email_forwarding"], domain["name"])

    cs = ChangeSet()
    if p["sync"] and not module.check_mode:
        # A refresh, not a setting: carried out first (never in check mode), reported when the details moved.
        before = dict(domain)
        sync_domain(client, domain["id"])
        domain = get_domain(client, domain["id"])
        if dict(domain) != before:
            cs.add("update", "%s details" % domain["name"], before, dict(domain))
    plan_switches(cs, client, p, domain)
    plan_mail_and_contacts(cs, client, want, domain)
    return cs.run(module.check_mode, domain=dict(domain))


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="str"),
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
