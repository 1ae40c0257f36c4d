#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: account
short_description: Update the xTom account's registration details
version_added: 0.1.0
description:
  - Reads the account's registration details (C(GET /details)) and updates the fields that differ
    from the options given (C(PUT /details)), sending only those fields.
  - Options left out are not changed. An empty string clears a field.
  - There is nothing to create or delete; the account always exists.
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
      - Fields that the portal does not return in C(GET /details) cannot be compared; if set, they are
        sent on every run and the module reports a change (with a warning). The API reference's
        example does not return O(type) and O(vateu).
options:
  email:
    description:
      - Email address of the account. It is also the API user name; after changing it, use the new
        address as O(api_username).
      - Compared without regard to case.
    type: str
notes:
  - Requests for a run without a change; one C(GET /details). With a change; one C(GET /details)
    and one C(PUT /details).
  - An answer of C(GET /details) that this collection does not understand (or that lacks a field
    you set) fails the task before anything is sent; a C(PUT /details) answered C(status) V(false)
    fails it too.
  - Names, addresses, phone numbers and the e-mail address must not contain control characters
    (newlines, NUL); they are refused before any request.
seealso:
  - module: xtom.console.account_info
"""

EXAMPLES = r"""
- name: Keep the postal address up to date
  xtom.console.account:
    address1: Pretty View Lane
    address2: "3294"
    city: Santa Rosa
    region: California
    postcode: "95401"
    country: US
  register: result

- name: Show what changed
  ansible.builtin.debug:
    var: result.changes

- name: Set the phone number, only showing the change (check mode)
  xtom.console.account:
    phonenumber: "+1.24123124"
  check_mode: true
  diff: true
"""

RETURN = r"""
account:
  description: The account's registration details after the change (predicted in check mode).
  returned: success
  type: dict
  contains:
    id:
      description: Client id.
      type: int
      sample: 26
    email:
      description: Account email address.
      type: str
      sample: joe@example.com
    type:
      description: Account type; empty when the portal does not return it and it was not set.
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
    vateu:
      description: EU VAT number; empty when the portal does not return it and it was not set.
      type: str
    address1:
      description: Address line 1.
      type: str
    address2:
      description: Address line 2.
      type: str
    city:
      description: City.
      type: str
    state:
      description: State or region of the address.
      type: str
    postcode:
      description: Post code.
      type: str
    country:
      description: Country code.
      type: str
      sample: US
    phonenumber:
      description: Phone number.
      type: str
changes:
  description:
    - What was written (would be, in check mode), from the one change set of the task; empty when
      nothing differs. One C(update) of the fields sent with C(PUT /details), C(before) holding
      their current values (null for a field the portal does not return) and C(after) the new ones.
    - C(what) names the account, for example C(account joe@example.com); C(state) is the API name
      of O(region).
  returned: success
  type: list
  elements: dict
  sample: [{"action": "update", "what": "account joe@example.com", "before": {"address2": "3294"},
            "after": {"address2": "3295"}}]
  contains:
    action:
      description: What is done.
      type: str
      sample: update
    what:
      description: The object it is done to.
      type: str
      sample: account joe@example.com
    before:
      description: The values before (null for an object that is created or opened).
      type: raw
    after:
      description: The values after.
      type: raw
"""

from ansible_collections.xtom.console.plugins.module_utils.account import (
    DETAIL_FIELDS,
    PROFILE_OPTIONS,
    before_of,
    desired_profile,
    plan_profile,
    profile_argument_spec,
    profile_values,
    read_details,
    unknown_fields_warning,
    update_details,
)
from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    client = module.client
    desired = desired_profile(profile_values(module.params))
    current, returned = read_details(client, compare=desired)
    changes, unknown = plan_profile(current, returned, desired)
    if unknown:
        module.warn(unknown_fields_warning("GET /details", unknown))
    cs = ChangeSet()
    if changes:
        cs.add("update", "account %s" % current["email"], before_of(current, returned, sorted(changes)), changes,
               apply=lambda: update_details(client, changes))
    account = dict(((k, current[k]) for k in ("id",) + DETAIL_FIELDS), **changes)
    return cs.run(module.check_mode, account=account)


def main():
    spec = profile_argument_spec()
    spec["email"] = dict(type="str")
    module = XtomModule(
        argument_spec=spec,
        required_one_of=[["email"] + list(PROFILE_OPTIONS)],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
