#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ticket
short_description: Open, reply to, close and reopen xTom support tickets
version_added: 0.1.0
description:
  - A ticket is addressed by its O(number), or by O(subject) and O(department) among the open
    tickets of the account (every status but C(Closed)).
  - O(state=present) opens a ticket (C(POST /tickets)) unless an open ticket with the same subject
    exists in that department.
  - O(reply) adds a reply (C(POST /tickets/@number)) unless the same text already is the newest
    message written by the client (the ticket's own body counts when the client has not replied).
  - O(state=closed) and O(state=open) close and reopen a ticket (C(PUT /tickets/@number/close)
    and C(/open)); no request is sent when it already is in that state.
  - The existing tickets are always read before a ticket is opened, and a new ticket or reply is
    never sent twice (not even after a gateway error or a timeout, when the server may have acted).
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
    details:
      - Identity is subject + department among open tickets; after the ticket is closed, the same
        task opens a new one.
options:
  number:
    description:
      - Number of an existing ticket. Excludes O(department), O(subject) and O(body).
    type: int
  department:
    description:
      - Department, by name (any case) or id, as listed by M(xtom.console.ticket_info)
        with O(xtom.console.ticket_info#module:departments=true).
      - Required without O(number).
    type: str
  subject:
    description:
      - Subject of the ticket; identifies it within O(department) among open tickets.
      - Required without O(number).
    type: str
  body:
    description:
      - The first message of a new ticket. Required when a ticket has to be opened (the module fails
        before any change otherwise); not compared with existing tickets.
    type: str
  reply:
    description:
      - A reply to add, unless it already is the newest client message of the ticket.
      - With O(state=closed) the reply is sent before the ticket is closed; with O(state=open), after
        it is reopened.
    type: str
  state:
    description:
      - V(present) makes sure the ticket exists (opening it when needed).
      - V(closed) closes the open ticket; nothing happens when there is none or it is closed.
      - V(open) reopens the ticket; without O(number), the newest ticket with that subject in that
        department is reopened when no open one exists.
    type: str
    choices: [present, open, closed]
    default: present
notes:
  - "Requests without O(number): C(GET /ticket/departments) and C(GET /tickets); with O(number):
    C(GET /tickets/@number). O(reply) on a ticket found by subject adds C(GET /tickets/@number).
    Then one request per change: C(POST /tickets), C(POST /tickets/@number), C(PUT .../close) or C(PUT .../open)."
  - When several open tickets match, the newest is used and a warning lists the others.
seealso:
  - module: xtom.console.ticket_info
"""

EXAMPLES = r"""
- name: Ask support to raise the bandwidth limit (opened once, however often this runs)
  xtom.console.ticket:
    department: Technical Support
    subject: Bandwidth limit for web1.example.com
    body: |
      Please raise the monthly bandwidth limit of web1.example.com to 20 TB.
  register: request

- name: Add details (sent once)
  xtom.console.ticket:
    number: "{{ request.ticket.number }}"
    reply: The service id is 1001.
  when: request.ticket.number is not none

- name: Close it when done
  xtom.console.ticket:
    department: Technical Support
    subject: Bandwidth limit for web1.example.com
    state: closed
"""

RETURN = r"""
ticket:
  description:
    - The ticket after the change (predicted in check mode); null when O(state=closed) found no ticket.
  returned: success
  type: dict
  contains:
    number:
      description: Ticket number; null in check mode for a ticket that would be opened.
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
      description: Status (for example C(Open), C(Answered), C(Client-Reply), C(Closed)).
      type: str
      sample: Open
    date:
      description: When the ticket was opened.
      type: str
    replies:
      description: The replies, oldest first, when the ticket was read with them.
      type: list
      elements: dict
      returned: when the ticket was read by number, or O(reply) was given
actions:
  description: What was done (or would be in check mode), in order.
  returned: success
  type: list
  elements: str
  sample: [opened, replied, closed]
"""

from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.tickets import (
    add_reply,
    canonical_text,
    get_ticket,
    is_open,
    list_departments,
    list_tickets,
    matching_tickets,
    newest_client_message,
    open_ticket,
    require_text,
    resolve_department,
    set_ticket_state,
    ticket_state,
)


def validate(p):
    """Local checks, before any request."""
    subject = require_text(p["subject"], "subject")
    body = require_text(p["body"], "body")
    reply = require_text(p["reply"], "reply")
    if p["department"] is not None and not p["department"].strip():
        raise XtomValidationError("department must not be empty")
    if p["number"] is None:
        if p["department"] is None or subject is None:
            raise XtomValidationError("department and subject are required when number is not given")
    return subject.strip() if subject else None, body, reply


def find_target(module, client, subject):
    """The ticket to work on by subject + department, or None; warns about several matches."""
    p = module.params
    dept = resolve_department(list_departments(client), p["department"])
    tickets = list_tickets(client)
    found = matching_tickets(tickets, subject, dept, open_only=True)
    if not found and p["state"] == "open":
        found = matching_tickets(tickets, subject, dept, open_only=False)
        if not found:
            raise XtomValidationError(
                "state=open: no ticket has subject %r in department %s; use state=present to open one"
                % (subject, dept["name"])
            )
    if len(found) > 1:
        module.warn("%d tickets match subject %r in department %s; using the newest, number %s (others: %s)" % (
            len(found), subject, dept["name"], found[0]["number"], ", ".join(str(t["number"]) for t in found[1:])))
    return dept, (found[0] if found else None)


def run(module):
    p = module.params
    state = p["state"]
    subject, body, reply = validate(p)
    client = module.client
    actions = []
    created = False

    if p["number"] is not None:
        ticket = get_ticket(client, p["number"])
    else:
        dept, ticket = find_target(module, client, subject)
        if ticket is None and state == "present":
            if body is None:
                raise XtomValidationError(
                    "body is required to open a ticket: no open ticket has subject %r in department %s"
                    % (subject, dept["name"])
                )
            ticket = {"number": None, "subject": subject, "department": dept["name"], "status": "Open",
                      "date": "", "body": body, "replies": []}
            created = True
            actions.append("opened")
            if not module.check_mode:
                ticket["number"] = open_ticket(client, dept["id"], subject, body)
                if ticket["number"] is None and reply is not None:
                    module.warn("the portal did not say which number the new ticket has; the reply was not sent")
        if ticket is not None and reply is not None and "replies" not in ticket:
            ticket = get_ticket(client, ticket["number"])

    if ticket is None:  # state=closed and no open ticket with that subject
        return {"changed": False, "diff": {"before": {}, "after": {}}, "ticket": None, "actions": []}

    before = {} if created else ticket_state(ticket, with_message=reply is not None)
    after = dict(ticket)

    if state == "open" and not is_open(after):
        actions.append("reopened")
        if not module.check_mode:
            set_ticket_state(client, after["number"], "open")
        after["status"] = "Open"
    # A ticket just opened whose number the portal did not tell cannot get the reply (warned above).
    can_reply = after["number"] is not None or module.check_mode
    if reply is not None and can_reply and canonical_text(newest_client_message(after)) != canonical_text(reply):
        actions.append("replied")
        if not module.check_mode:
            add_reply(client, after["number"], reply)
        new_reply = {"id": None, "name": "", "date": "", "body": reply, "status": "", "type": "Client",
                     "from_client": True, "attachments": []}
        after["replies"] = list(after.get("replies", [])) + [new_reply]
    if state == "closed" and is_open(after):
        actions.append("closed")
        if not module.check_mode:
            set_ticket_state(client, after["number"], "closed")
        after["status"] = "Closed"

    return {
        "changed": bool(actions),
        "diff": {"before": before, "after": ticket_state(after, with_message=reply is not None)},
        "ticket": after,
        "actions": actions,
    }


def main():
    module = XtomModule(
        argument_spec=dict(
            number=dict(type="int"),
            department=dict(type="str"),
            subject=dict(type="str"),
            body=dict(type="str"),
            reply=dict(type="str"),
            state=dict(type="str", choices=["present", "open", "closed"], default="present"),
        ),
        mutually_exclusive=[("number", "department"), ("number", "subject"), ("number", "body")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
