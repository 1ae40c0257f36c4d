#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
        (see M(xtom.console.contact_info) with V(privileges) in O(xtom.console.contact_info#module:include)).
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
  - An answer of these reads that this collection does not understand fails the task before anything
    is sent, naming the route; so does a field you set that C(GET /contact/@id) should return but does not.
  - Names, addresses, phone numbers and the e-mail address must not contain control characters
    (newlines, NUL); they are refused before any request.
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
changes:
  description:
    - What was written (would be, in check mode), from the one change set of the task.
    - A C(create) (C(POST /contact)) with C(after) holding the fields sent, or an C(update)
      (C(PUT /contact/@id)) with C(before) and C(after) holding the fields that differ (C(before) is
      null for a field the portal does not return). C(what) names the contact, for example
      C(contact mary@example.com).
    - The password is never shown; C(password_updated=true) in C(after) says it is sent.
  returned: success
  type: list
  elements: dict
  sample: [{"action": "update", "what": "contact mary@example.com", "before": {"lastname": "Sue"},
            "after": {"lastname": "Smith"}}]
  contains:
    action:
      description: What is done.
      type: str
      sample: update
    what:
      description: The object it is done to.
      type: str
      sample: contact mary@example.com
    before:
      description: The values before (null for an object that is created or opened).
      type: raw
    after:
      description: The values after.
      type: raw
"""

from ansible_collections.xtom.console.plugins.module_utils.account import (
    before_of,
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
    validate_privileges,
)
from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import CONTROL_RE, option_error, validate_email
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def validate(p):
    """Local checks, before any request: (email, desired profile fields, privileges or None)."""
    email = validate_email(p["email"])
    if p["state"] == "absent":
        raise option_error("state", "absent", "the xTom API cannot delete contacts, so contact %s was left alone; "
                                              "remove it in the client portal" % email)
    desired = desired_profile(profile_values(p))
    desired["email"] = email
    privileges = None
    if p["privileges"] is not None:
        check_privileges_shape(p["privileges"])
        privileges = normalize_privileges(p["privileges"])
    password = p["password"]
    if password is not None and (not password or CONTROL_RE.search(password)):
        raise option_error("password", "********", "must not be empty nor contain control characters")
    return email, desired, privileges


def plan_create(module, cs, desired, privileges):
    """The contact does not exist: one POST /contact. Returns the contact as it will be."""
    p, client = module.params, module.client
    body = dict(desired)
    if privileges is not None:
        body["privileges"] = privileges_to_api(privileges)
    contact = dict(normalize_contact(desired), privileges=privileges or {})
    after = dict((k, v) for k, v in contact.items() if k != "id")
    if p["password"]:
        after["password_updated"] = True

    def apply():
        contact["id"] = create_contact(client, dict(body, password=p["password"]) if p["password"] else body)
        if contact["id"] is None:
            module.warn("the contact was created, but the answer of POST /contact did not say its id")

    cs.add("create", "contact %s" % desired["email"], None, after, apply=apply)
    return contact


def plan_update(module, cs, found, desired, privileges):
    """The contact exists: read it whole, then one PUT /contact/@id with the differences."""
    p, client = module.params, module.client
    compare = sorted(desired) + (["privileges"] if privileges is not None else [])
    current, returned = read_contact(client, found["id"], compare=compare)
    changes, unknown = plan_contact(current, returned, desired, privileges, p["password"], p["update_password"])
    if unknown:
        module.warn(unknown_fields_warning("GET /contact/@id", unknown))
    contact = dict(current, **dict((k, v) for k, v in changes.items() if k not in ("password", "privileges")))
    if "privileges" in changes:
        contact["privileges"] = privileges
    if changes:
        fields = sorted(k for k in changes if k != "password")
        before = before_of(dict(current, privileges=current.get("privileges", {})), returned, fields)
        after = dict((k, contact[k]) for k in fields)
        if "password" in changes:
            after["password_updated"] = True  # why the task changed; the value is never shown
        cs.add("update", "contact %s" % current["email"], before, after,
               apply=lambda: update_contact(client, current["id"], changes))
    return contact


def run(module):
    p = module.params
    email, desired, privileges = validate(p)
    client = module.client
    if privileges is not None:
        validate_privileges(privileges, get_privilege_catalog(client))
    found = find_contact(list_contacts(client), email)
    cs = ChangeSet()
    if found is None:
        contact = plan_create(module, cs, desired, privileges)
    else:
        contact = plan_update(module, cs, found, desired, privileges)
    return cs.run(module.check_mode, contact=contact)


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
