#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: notification
short_description: Acknowledge xTom client portal notifications
version_added: 0.1.0
description:
  - Marks one notification (O(id)), or every new one (O(all_new=true)), as read
    (C(PUT /notifications/@id/ack)).
  - Only new notifications are acknowledged, so a second run changes nothing.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  id:
    description:
      - The notification to acknowledge. Give O(id) or O(all_new=true).
    type: int
  all_new:
    description:
      - Acknowledge every new notification (those of O(rel_type) / O(rel_id) when given).
    type: bool
    default: false
  rel_type:
    description:
      - With O(all_new=true), only notifications related to this kind of object, for example V(Service).
    type: str
  rel_id:
    description:
      - With O(all_new=true), only notifications related to the object with this id.
    type: int
  state:
    description:
      - V(acknowledged) is the only state; the API cannot mark a notification as new again.
    type: str
    choices: [acknowledged]
    default: acknowledged
notes:
  - "Requests: C(GET /notifications/new) (plus C(GET /notifications) when O(id) is not new, to tell an
    acknowledged notification from an unknown one), then one C(PUT /notifications/@id/ack) per notification."
seealso:
  - module: xtom.console.notification_info
"""

EXAMPLES = r"""
- name: Mark the maintenance notice as read
  xtom.console.notification:
    id: 7

- name: Mark everything about invoices as read
  xtom.console.notification:
    all_new: true
    rel_type: Invoice
  register: acked

- name: Print how many were acknowledged
  ansible.builtin.debug:
    msg: "{{ acked.notifications | length }} acknowledged"
"""

RETURN = r"""
notifications:
  description: The notifications acknowledged by this run (to be acknowledged, in check mode).
  returned: success
  type: list
  elements: dict
  sample: [{"id": 7, "rel_type": "Service", "rel_id": 1001, "subject": "Scheduled maintenance",
            "message": "...", "date": "2026-11-20 10:00:00", "new": false}]
"""

from ansible_collections.xtom.console.plugins.module_utils.account import ack_notification, list_notifications
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    if p["id"] is None and not p["all_new"]:
        raise XtomValidationError("give id, or all_new=true")
    if p["id"] is not None and p["all_new"]:
        raise XtomValidationError("id=%s and all_new=true exclude each other" % p["id"])
    if p["id"] is not None and (p["rel_type"] or p["rel_id"] is not None):
        raise XtomValidationError("rel_type and rel_id only apply with all_new=true")
    client = module.client
    if p["all_new"]:
        todo = list_notifications(client, new_only=True, rel_type=p["rel_type"], rel_id=p["rel_id"])
    else:
        todo = [n for n in list_notifications(client, new_only=True) if n["id"] == p["id"]]
        if not todo and not [n for n in list_notifications(client) if n["id"] == p["id"]]:
            raise XtomValidationError("id=%s is not a notification of this account" % p["id"])
    todo = [n for n in todo if n["id"] is not None]
    if not module.check_mode:
        for note in todo:
            ack_notification(client, note["id"])
    done = [dict(n, new=False) for n in todo]
    ids = [n["id"] for n in todo]
    return {
        "changed": bool(todo),
        "diff": {"before": {"new": ids}, "after": {"new": []}},
        "notifications": done,
    }


def main():
    module = XtomModule(
        argument_spec=dict(
            id=dict(type="int"),
            all_new=dict(type="bool", default=False),
            rel_type=dict(type="str"),
            rel_id=dict(type="int"),
            state=dict(type="str", choices=["acknowledged"], default="acknowledged"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
