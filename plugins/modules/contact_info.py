#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: contact_info
short_description: List the contacts of the xTom account, read one, or read the privileges catalogue
version_added: 0.1.0
description:
  - Without O(email) or O(id), lists all contacts (C(GET /contact)), one request.
  - With O(email) or O(id), returns that contact with its address and privileges
    (C(GET /contact/@id); by email also C(GET /contact) to find its id).
  - With V(privileges) in O(include), also returns the privileges catalogue, the privileges a contact
    can be given (C(GET /contact/privileges)), in the structure M(xtom.console.contact) takes.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
attributes:
  check_mode:
    support: full
    details: This module only reads; it runs the same in check mode.
options:
  email:
    description:
      - Email address of one contact (any case).
    type: str
  id:
    description:
      - Id of one contact (ASCII digits).
    type: raw
  include:
    description:
      - Optional extra reads.
      - V(privileges) also returns the privileges catalogue as RV(privileges) (one more request).
    type: list
    elements: str
    choices: [privileges]
    default: []
seealso:
  - module: xtom.console.contact
"""

EXAMPLES = r"""
- name: All contacts
  xtom.console.contact_info:
  register: contacts

- name: One contact with its privileges
  xtom.console.contact_info:
    email: mary@example.com
  register: mary

- name: Print Mary's support privileges
  ansible.builtin.debug:
    msg: "{{ mary.contacts[0].privileges.support | default([]) }}"

- name: The privileges a contact can be given
  xtom.console.contact_info:
    include: [privileges]
  register: catalog

- name: Print the ids of the services a contact can be given access to
  ansible.builtin.debug:
    msg: "{{ catalog.privileges.services | default({}) | dict2items | map(attribute='key') | reject('eq', 'full') | list }}"
"""

RETURN = r"""
contacts:
  description:
    - The contacts; with O(email) or O(id), a list of one (empty when no contact has that email).
    - The list gives id, email, names and type only; a single contact has all fields and C(privileges).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Contact id.
      type: int
      sample: 49
    email:
      description: Email address.
      type: str
      sample: mary@example.com
    firstname:
      description: First name.
      type: str
    lastname:
      description: Last name.
      type: str
    companyname:
      description: Organization.
      type: str
    type:
      description: Account type (V(Private) or V(Company)).
      type: str
    lastlogin:
      description: Last login time; empty when never.
      type: str
      returned: when listing
    privileges:
      description: The contact's privileges, normalised (lists sorted, C(full) as a boolean).
      type: dict
      returned: with O(email) or O(id)
      sample: {"support": ["newticket", "tickets"]}
privileges:
  description:
    - The privileges catalogue, the privileges a contact can be given (lists sorted, C(full) as a boolean).
    - C(services) and C(domains) map a service or domain id to the privileges available for it.
  returned: when O(include) contains V(privileges)
  type: dict
  sample:
    billing: [addfunds, balance, creditcard, emails, orders, payinvoice]
    support: [closeticket, emails, newticket, tickets]
    services: {"full": true, "1001": [basic, billing, notify]}
"""

from ansible_collections.xtom.console.plugins.module_utils.account import (
    find_contact,
    get_privilege_catalog,
    list_contacts,
    read_contact,
)
from ansible_collections.xtom.console.plugins.module_utils.common import parse_id, validate_email
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    email = validate_email(p["email"]) if p["email"] is not None else None
    contact_id = parse_id(p["id"], "id") if p["id"] is not None else None
    client = module.client
    if email is not None:
        found = find_contact(list_contacts(client), email)
        contacts = [read_contact(client, found["id"])[0]] if found else []
    elif contact_id is not None:
        contacts = [read_contact(client, contact_id)[0]]
    else:
        contacts = list_contacts(client)
    result = {"changed": False, "contacts": contacts}
    if "privileges" in p["include"]:
        result["privileges"] = get_privilege_catalog(client)
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            email=dict(type="str"),
            id=dict(type="raw"),
            include=dict(type="list", elements="str", choices=["privileges"], default=[]),
        ),
        mutually_exclusive=[("email", "id")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
