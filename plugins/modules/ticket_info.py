#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ticket_info
short_description: List xTom support tickets, read one with its replies, list departments, download an attachment
version_added: 0.1.0
description:
  - Without O(number), lists the account's tickets (C(GET /tickets)), optionally only some statuses.
  - With O(number), reads that ticket with its replies (C(GET /tickets/@number)).
  - With O(departments=true), also lists the ticket departments (C(GET /ticket/departments)).
  - With O(attachment) and O(dest), downloads an attachment (C(GET /ticket/attachment/@file)) and
    writes it to O(dest) on the host the module runs on, unless the file there already has the same content.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: In check mode the attachment is downloaded and compared, but not written.
  diff_mode:
    support: none
  idempotent:
    support: full
options:
  number:
    description:
      - Number of one ticket to read with its replies.
      - Also sent with O(attachment), to say which ticket the file belongs to.
    type: int
  status:
    description:
      - Without O(number), only tickets with one of these statuses (any case), for example V(Open),
        V(Answered), V(Client-Reply), V(Closed).
    type: list
    elements: str
  departments:
    description:
      - Also return the ticket departments as RV(departments).
    type: bool
    default: false
  attachment:
    description:
      - Id of an attachment to download, as listed in a ticket's C(attachments). Requires O(dest).
    type: str
  dest:
    description:
      - Where to write the attachment. An existing directory gets a file named as the portal names
        it (or after the attachment id).
    type: path
notes:
  - This module changes nothing in the account. It reports C(changed) only when it writes O(dest).
seealso:
  - module: xtom.console.ticket
"""

EXAMPLES = r"""
- name: Open tickets
  xtom.console.ticket_info:
    status: [Open, Answered, Client-Reply, In-Progress]
  register: open_tickets

- name: Print them
  ansible.builtin.debug:
    msg: "{{ item.number }} [{{ item.department }}] {{ item.subject }}: {{ item.status }}"
  loop: "{{ open_tickets.tickets }}"

- name: One ticket with its replies, and the departments
  xtom.console.ticket_info:
    number: 736634
    departments: true
  register: one

- name: Download the ticket's first attachment to /tmp
  xtom.console.ticket_info:
    number: 736634
    attachment: "{{ one.tickets[0].attachments[0].id }}"
    dest: /tmp/
  when: one.tickets[0].attachments | length > 0
"""

RETURN = r"""
tickets:
  description: The tickets, newest first as the API lists them; with O(number), a list of one with its replies.
  returned: success
  type: list
  elements: dict
  contains:
    number:
      description: Ticket number.
      type: int
      sample: 736633
    subject:
      description: Subject.
      type: str
    department:
      description: Department name.
      type: str
      sample: Billing
    status:
      description: Status.
      type: str
      sample: Answered
    date:
      description: When the ticket was opened.
      type: str
      sample: "2026-10-20 12:48:13"
    client_read:
      description: Whether the client has read the latest reply.
      type: bool
    body:
      description: The first message.
      type: str
      returned: with O(number)
    attachments:
      description: Files attached to the first message (C(id), C(filename), C(size)), when the portal lists them.
      type: list
      elements: dict
      returned: with O(number)
    replies:
      description: The replies, oldest first; C(from_client) tells the client's replies from staff replies.
      type: list
      elements: dict
      returned: with O(number)
      sample: [{"id": 929, "name": "Support Staff", "date": "2026-10-20 12:51:04", "body": "Done.",
                "status": "Sent", "type": "Admin", "from_client": false, "attachments": []}]
departments:
  description: The ticket departments.
  returned: when O(departments=true)
  type: list
  elements: dict
  sample: [{"id": 1, "name": "Billing"}, {"id": 2, "name": "Technical Support"}]
attachment:
  description: The downloaded attachment.
  returned: when O(attachment) is given
  type: dict
  contains:
    id:
      description: Attachment id.
      type: str
    dest:
      description: The file written.
      type: str
      sample: /tmp/traceroute.txt
    filename:
      description: The file name the portal gave.
      type: str
    size:
      description: Size in bytes.
      type: int
    checksum:
      description: SHA-1 of the content.
      type: str
"""

import hashlib
import os
import tempfile

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.tickets import (
    download_attachment,
    get_ticket,
    list_departments,
    list_tickets,
)


def _sha1_of_file(path):
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_attachment(module, file_id, dest):
    """Download the attachment; write it to ``dest`` when it differs. Returns (changed, info)."""
    data = download_attachment(module.client, file_id, module.params["number"])
    filename = os.path.basename(data["filename"] or "") or file_id
    if os.path.isdir(dest) or dest.endswith(os.sep):
        dest = os.path.join(dest, filename)
    folder = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(folder):
        raise XtomValidationError("dest=%s: the folder %s does not exist" % (dest, folder))
    checksum = hashlib.sha1(data["content"]).hexdigest()
    info = {"id": file_id, "dest": dest, "filename": data["filename"] or "", "size": len(data["content"]),
            "checksum": checksum}
    changed = not (os.path.isfile(dest) and _sha1_of_file(dest) == checksum)
    if changed and not module.check_mode:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".xtom-attachment-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data["content"])
        module.atomic_move(tmp, dest)
    return changed, info


def run(module):
    p = module.params
    client = module.client
    result = {"changed": False}
    if p["number"] is not None:
        result["tickets"] = [get_ticket(client, p["number"])]
    else:
        wanted = set(s.strip().lower() for s in p["status"] or [])
        result["tickets"] = [t for t in list_tickets(client) if not wanted or t["status"].lower() in wanted]
    if p["departments"]:
        result["departments"] = list_departments(client)
    if p["attachment"] is not None:
        result["changed"], result["attachment"] = save_attachment(module, p["attachment"], p["dest"])
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            number=dict(type="int"),
            status=dict(type="list", elements="str"),
            departments=dict(type="bool", default=False),
            attachment=dict(type="str"),
            dest=dict(type="path"),
        ),
        mutually_exclusive=[("number", "status")],
        required_together=[("attachment", "dest")],
        supports_check_mode=True,
    )
    if module.params["attachment"] is not None and not module.params["attachment"].strip():
        module.fail_json(msg="attachment must not be empty")
    module.run(run)


if __name__ == "__main__":
    main()
