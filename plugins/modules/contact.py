#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: contact
short_description: Create or update a contact (sub-account) of the xTom account
version_added: 0.1.0
description:
  - A contact is identified by its O(email). If no contact has that address, it is created
    (C(POST /contact)); otherwise the fields that differ are updated (C(PUT /contact/@id)),
    sending only those.
  - O(privileges) are validated against the account's privileges catalogue
    (C(GET /contact/privileges)) before anything is changed.
  - The API cannot delete contacts; O(state=absent) fails with a message saying so.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.profile
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - With O(update_password=always) the password is sent, and a change reported, on every run.
      - Fields that the portal does not return in C(GET /contact/@id) (the reference's example does
        not return O(vateu)) cannot be compared; if set, they are sent on every run (with a warning).
options:
  email:
    description:
      - Email address of the contact; identifies it (compared without regard to case).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the contact.
      - V(absent) is refused before any request, because the API has no way to delete a contact;
        remove it in the client portal.
    type: str
    choices: [present, absent]
    default: present
  password:
    description:
      - Password that lets the contact log in with its email address.
      - Sent when the contact is created; for an existing contact only with O(update_password=always).
      - Never returned, and never shown in the diff.
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when the contact is created.
      - V(always) sends it on every run (the API cannot tell whether it differs), so the task always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  privileges:
    description:
      - The privileges of the contact, in the structure of C(GET /contact/privileges)
        (see M(xtom.console.contact_info) with O(xtom.console.contact_info#module:privileges_catalog=true)).
      - "V(billing), V(support) and V(misc) take a list of privilege names, for example
        C(support: [newticket, tickets])."
      - "V(services) and V(domains) take a dictionary; C(full: true) gives full control over all of
        them, and a service or domain id maps to a list of privileges for that one, for example
        C(services: {'1001': [basic, billing]})."
      - The contact gets exactly these privileges; an empty dictionary removes all. Leave it out
        to keep the current ones.
      - An unknown section, id or privilege fails before any change, listing the valid ones.
    type: dict
notes:
  - "Requests: C(GET /contact), plus C(GET /contact/privileges) when O(privileges) is set, plus
    C(GET /contact/@id) when the contact exists; then C(POST /contact) to create it or C(PUT /contact/@id)
    when something differs."
seealso:
  - module: xtom.console.contact_info
"""

EXAMPLES = r"""
- name: A contact for the accounting team, who may pay invoices and open billing tickets
  xtom.console.contact:
    email: accounting@example.com
    firstname: Ada
    lastname: Counts
    country: US
    password: "{{ lookup('ansible.builtin.password', '/dev/null', length=20) }}"
    privileges:
      billing: [payinvoice, balance, emails]
      support: [newticket, tickets]
  register: accounting

- name: Give an existing contact basic access to one server
  xtom.console.contact:
    email: mary@example.com
    privileges:
      support: [tickets, newticket]
      services:
        "1001": [basic, notify]
"""

RETURN = r"""
contact:
  description: The contact after the change (predicted in check mode). Never contains the password.
  returned: success
  type: dict
  contains:
    id:
      description: Contact id; none in check mode for a contact that would be created.
      type: int
      sample: 49
    email:
      description: Email address.
      type: str
      sample: mary@example.com
    type:
      description: Account type.
      type: str
      sample: Private
    firstname:
      description: First name.
      type: str
    lastname:
      description: Last name.
      type: str
    companyname:
      description: Organization.
      type: str
    country:
      description: Country code.
      type: str
    privileges:
      description: The contact's privileges, normalised (lists sorted, C(full) as a boolean).
      type: dict
      sample: {"support": ["newticket", "tickets"], "services": {"1001": ["basic"]}}
updated_fields:
  description: The fields sent with C(POST /contact) or C(PUT /contact/@id) (C(password) is listed, not its value).
  returned: success
  type: list
  elements: str
  sample: [firstname, privileges]
"""

from ansible_collections.xtom.console.plugins.module_utils.account import (
    check_privileges_shape,
    create_contact,
    desired_profile,
    find_contact,
    get_privilege_catalog,
    list_contacts,
    normalize_contact,
    normalize_privileges,
    plan_contact,
    privileges_to_api,
    profile_argument_spec,
    profile_values,
    read_contact,
    unknown_fields_warning,
    update_contact,
    validate_email,
    validate_privileges,
)
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def shown(contact):
    """The contact as returned and diffed: no password, ever."""
    return dict((k, v) for k, v in contact.items() if k != "password")


def run(module):
    p = module.params
    if p["state"] == "absent":
        raise XtomValidationError(
            "state=absent: the xTom API cannot delete contacts, so contact %s was left alone; "
            "remove it in the client portal" % p["email"]
        )
    email = validate_email(p["email"])
    desired = desired_profile(profile_values(p))
    desired["email"] = email
    privileges = None
    if p["privileges"] is not None:
        check_privileges_shape(p["privileges"])
        privileges = normalize_privileges(p["privileges"])
    password = p["password"]
    if password is not None and not password:
        raise XtomValidationError("password must not be empty")

    client = module.client
    if privileges is not None:
        validate_privileges(privileges, get_privilege_catalog(client))
    found = find_contact(list_contacts(client), email)

    if found is None:
        body = dict(desired)
        if privileges is not None:
            body["privileges"] = privileges_to_api(privileges)
        after = normalize_contact(desired)
        after["privileges"] = privileges or {}
        fields = sorted(body) + (["password"] if password else [])
        if not module.check_mode:
            if password:
                body["password"] = password
            after["id"] = create_contact(client, body)
        return {"changed": True, "diff": {"before": {}, "after": shown(after)}, "contact": shown(after),
                "updated_fields": fields}

    current, returned = read_contact(client, found["id"])
    changes, unknown = plan_contact(current, returned, desired, privileges, password, p["update_password"])
    if unknown:
        module.warn(unknown_fields_warning("GET /contact/@id", unknown))
    after = dict(current, **dict((k, v) for k, v in changes.items() if k not in ("password", "privileges")))
    if "privileges" in changes:
        after["privileges"] = privileges
    if changes and not module.check_mode:
        update_contact(client, current["id"], changes)
    before = shown(current)
    after = shown(after)
    if "password" in changes:
        after["password_updated"] = True  # tells why the task changed; the value is never shown
    return {"changed": bool(changes), "diff": {"before": before, "after": after},
            "contact": dict((k, v) for k, v in after.items() if k != "password_updated"),
            "updated_fields": sorted(changes)}


def main():
    spec = profile_argument_spec()
    spec.update(
        email=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", choices=["always", "on_create"], default="on_create", no_log=False),
        privileges=dict(type="dict"),
    )
    module = XtomModule(argument_spec=spec, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
