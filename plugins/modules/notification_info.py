#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: notification_info
short_description: List the xTom client portal's notifications
version_added: 0.1.0
description:
  - Lists the portal notifications of the account (C(GET /notifications)), or only the new
    (not yet acknowledged) ones (C(GET /notifications/new)). One request.
  - O(rel_type) and O(rel_id) narrow the list to notifications about one kind of object or one object.
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
  new_only:
    description:
      - Only the new notifications.
    type: bool
    default: false
  rel_type:
    description:
      - Only notifications related to this kind of object, for example V(Service), V(Domain) or V(Invoice).
    type: str
  rel_id:
    description:
      - Only notifications related to the object with this id (for example a service id; ASCII digits).
    type: raw
notes:
  - The API reference shows no example of a notification; the fields are read from the usual
    HostBill names (C(subject) or C(title), C(message) or C(body), C(date), a C(new) or C(seen) flag),
    snake_case or camelCase, from a list or from rows keyed by id.
  - An answer in any other shape fails the task, naming the route; it is never read as "no notifications".
seealso:
  - module: xtom.console.notification
"""

EXAMPLES = r"""
- name: New notifications
  xtom.console.notification_info:
    new_only: true
  register: news

- name: Print them
  ansible.builtin.debug:
    msg: "{{ item.date }} {{ item.subject }}"
  loop: "{{ news.notifications }}"

- name: Everything about service 1001
  xtom.console.notification_info:
    rel_type: Service
    rel_id: 1001
"""

RETURN = r"""
notifications:
  description: The notifications, in API order.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Notification id (what M(xtom.console.notification) acknowledges).
      type: int
      sample: 7
    rel_type:
      description: Kind of object it is about.
      type: str
      sample: Service
    rel_id:
      description: Id of the object it is about, if any.
      type: int
      sample: 1001
    subject:
      description: Subject.
      type: str
    message:
      description: Text.
      type: str
    date:
      description: When it was posted.
      type: str
      sample: "2026-11-20 10:00:00"
    new:
      description: Whether it is new (not acknowledged); null when the portal does not say.
      type: bool
"""

from ansible_collections.xtom.console.plugins.module_utils.common import check_text, parse_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.notifications import list_notifications


def run(module):
    p = module.params
    rel_type = check_text(p["rel_type"], "rel_type")
    rel_id = parse_id(p["rel_id"], "rel_id") if p["rel_id"] is not None else None
    notes = list_notifications(module.client, new_only=p["new_only"], rel_type=rel_type, rel_id=rel_id)
    return {"changed": False, "notifications": notes}


def main():
    module = XtomModule(
        argument_spec=dict(
            new_only=dict(type="bool", default=False),
            rel_type=dict(type="str"),
            rel_id=dict(type="raw"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
