#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: ticket_info
short_description: List xTom support tickets, read one with its replies, list departments, read an attachment (base64)
version_added: 0.1.0
description:
  - Without O(number), lists the account's tickets (C(GET /tickets)), optionally only some statuses.
  - With O(number), reads that ticket with its replies (C(GET /tickets/@number)).
  - With V(departments) in O(include), also lists the ticket departments (C(GET /ticket/departments)).
  - With O(attachment), also reads an attachment (C(GET /ticket/attachment/@file)) and returns it
    base64-encoded in RV(attachment). The module never writes a file; write it with
    M(ansible.builtin.copy) (see the examples).
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
  number:
    description:
      - Number of one ticket to read with its replies (ASCII digits).
      - Also sent with O(attachment), to say which ticket the file belongs to.
    type: raw
  status:
    description:
      - Without O(number), only tickets with one of these statuses (any case), for example V(Open),
        V(Answered), V(Client-Reply), V(Closed).
    type: list
    elements: str
  include:
    description:
      - Optional extra reads.
      - V(departments) also returns the ticket departments as RV(departments) (one more request).
    type: list
    elements: str
    choices: [departments]
    default: []
  attachment:
    description:
      - Id of an attachment to read, as listed in a ticket's C(attachments).
      - Checked before it is put into the request path (no empty value, C(.) or C(..), no control characters).
    type: str
notes:
  - This module changes nothing, on the portal or on disk; it never reports C(changed).
  - The reference shows no answer for C(GET /ticket/departments) nor C(GET /ticket/attachment/@file).
    Understood are the departments as a list, as rows keyed by id or as an id -> name map (also in a
    C(success)/C(data) envelope), and the attachment as the file itself or as JSON
    with the base64 content under C(attachment) or C(file). Any other answer fails the task, naming the route.
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
    include: [departments]
  register: one

- name: Read the ticket's first attachment
  xtom.console.ticket_info:
    number: 736634
    attachment: "{{ one.tickets[0].attachments[0].id }}"
  register: file
  when: one.tickets[0].attachments | length > 0

- name: Write it to /tmp (a text file; see the tickets guide for binary files)
  ansible.builtin.copy:
    content: "{{ file.attachment.content | b64decode }}"
    dest: "/tmp/{{ file.attachment.filename | basename }}"
    mode: "0600"
  when: file is not skipped
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
    department_id:
      description: Department id, when the portal lists it.
      type: int
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
  returned: when O(include) contains V(departments)
  type: list
  elements: dict
  sample: [{"id": 1, "name": "Billing"}, {"id": 2, "name": "Technical Support"}]
attachment:
  description: The attachment read, with its content base64-encoded.
  returned: when O(attachment) is given
  type: dict
  contains:
    id:
      description: Attachment id.
      type: str
      sample: a81f3c
    filename:
      description: The file name the portal gave (may be empty; never trust it as a path).
      type: str
      sample: traceroute.txt
    content_type:
      description: The media type the portal gave.
      type: str
      sample: text/plain
    size:
      description: Size in bytes.
      type: int
      sample: 54
    checksum:
      description: SHA-1 of the content.
      type: str
    content:
      description: The content, base64-encoded; the C(b64decode) filter gives a text file's text.
      type: str
"""

from ansible_collections.xtom.console.plugins.module_utils.common import check_text, parse_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.tickets import (
    attachment_path,
    get_attachment,
    get_ticket,
    list_departments,
    list_tickets,
)


def run(module):
    p = module.params
    number = parse_id(p["number"], "number") if p["number"] is not None else None
    wanted = set(check_text(s, "status").strip().lower() for s in p["status"] or [])
    client = module.client
    if p["attachment"] is not None:
        attachment_path(p["attachment"])  # refused before any request
    if number is not None:
        result = {"tickets": [get_ticket(client, number)]}
    else:
        result = {"tickets": [t for t in list_tickets(client) if not wanted or t["status"].lower() in wanted]}
    if "departments" in p["include"]:
        result["departments"] = list_departments(client)
    if p["attachment"] is not None:
        result["attachment"] = get_attachment(client, p["attachment"], number)
    result["changed"] = False
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            number=dict(type="raw"),
            status=dict(type="list", elements="str"),
            include=dict(type="list", elements="str", choices=["departments"], default=[]),
            attachment=dict(type="str"),
        ),
        mutually_exclusive=[("number", "status")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
