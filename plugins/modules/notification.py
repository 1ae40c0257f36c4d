#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
      - The notification to acknowledge (its id, ASCII digits). Give O(id) or O(all_new=true).
    type: raw
  all_new:
    description:
      - Acknowledge every new notification (those of O(rel_type) / O(rel_id) when given).
    type: bool
    default: false
  rel_type:
    description:
      - With O(all_new=true), only notifications related to this kind of object, for example V(Service).
      - The filter is also applied to the answer; when a listed notification does not say what it relates to,
        nothing is acknowledged and the task fails (the same for O(rel_id)).
    type: str
  rel_id:
    description:
      - With O(all_new=true), only notifications related to the object with this id (ASCII digits).
    type: raw
  state:
    description:
      - V(acknowledged) is the only state; the API cannot mark a notification as new again.
    type: str
    choices: [acknowledged]
    default: acknowledged
notes:
  - "Requests: C(GET /notifications/new) (plus C(GET /notifications) when O(id) is not new, to tell an
    acknowledged notification from an unknown one), then one C(PUT /notifications/@id/ack) per notification."
  - The reference shows no answer for these routes; the shapes understood are listed in the collection's
    guide "Account, contacts, billing and tickets". Any other
    answer fails the task before anything is acknowledged, naming the route; so does an acknowledgement
    answered C(status) V(false).
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
changes:
  description:
    - "What was written (would be, in check mode): one C(acknowledge) per notification, C(what) naming
      it (for example C(notification 7 (Scheduled maintenance))), C(before) C({\"new\": true}) and
      C(after) C({\"new\": false})."
  returned: success
  type: list
  elements: dict
  sample: [{"action": "acknowledge", "what": "notification 7 (Scheduled maintenance)",
            "before": {"new": true}, "after": {"new": false}}]
  contains:
    action:
      description: What is done.
      type: str
      sample: acknowledge
    what:
      description: The object it is done to.
      type: str
      sample: notification 7 (Scheduled maintenance)
    before:
      description: The values before (null for an object that is created or opened).
      type: raw
    after:
      description: The values after.
      type: raw
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import check_text, option_error, parse_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.notifications import (
    ack_notification,
    describe,
    list_notifications,
)


def validate(p):
    """Local checks, before any request: (id or None, rel_type, rel_id)."""
    note_id = parse_id(p["id"], "id") if p["id"] is not None else None
    rel_type = check_text(p["rel_type"], "rel_type")
    rel_id = parse_id(p["rel_id"], "rel_id") if p["rel_id"] is not None else None
    if note_id is None and not p["all_new"]:
        raise option_error("all_new", False, "give id, or all_new=true")
    if note_id is not None and p["all_new"]:
        raise option_error("id", note_id, "id and all_new=true exclude each other")
    if note_id is not None and (rel_type or rel_id is not None):
        raise option_error("id", note_id, "rel_type and rel_id only apply with all_new=true")
    return note_id, rel_type, rel_id


def run(module):
    note_id, rel_type, rel_id = validate(module.params)
    client = module.client
    if note_id is None:
        todo = list_notifications(client, new_only=True, rel_type=rel_type, rel_id=rel_id)
        # A row that does not say what it relates to cannot be shown to match the filter: acknowledge nothing.
        for option, value, key in (("rel_type", rel_type, "rel_type"), ("rel_id", rel_id, "rel_id")):
            blind = [str(n["id"]) for n in todo if value not in (None, "") and n[key] in (None, "")]
            if blind:
                raise option_error(option, value, "cannot be checked: GET /notifications/new lists notification %s "
                                                  "without a %s; nothing was acknowledged" % (", ".join(blind), key))
    else:
        todo = [n for n in list_notifications(client, new_only=True) if n["id"] == note_id]
        if not todo and not [n for n in list_notifications(client) if n["id"] == note_id]:
            raise option_error("id", note_id, "is not a notification of this account")
    cs = ChangeSet()
    for note in todo:
        cs.add("acknowledge", describe(note), {"new": True}, {"new": False},
               apply=lambda nid=note["id"]: ack_notification(client, nid))
    return cs.run(module.check_mode, notifications=[dict(n, new=False) for n in todo])


def main():
    module = XtomModule(
        argument_spec=dict(
            id=dict(type="raw"),
            all_new=dict(type="bool", default=False),
            rel_type=dict(type="str"),
            rel_id=dict(type="raw"),
            state=dict(type="str", choices=["acknowledged"], default="acknowledged"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
