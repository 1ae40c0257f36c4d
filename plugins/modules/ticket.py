#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
      - Number of an existing ticket (ASCII digits). Excludes O(department), O(subject) and O(body).
    type: raw
  department:
    description:
      - Department, by name (any case) or id, as listed by M(xtom.console.ticket_info)
        with V(departments) in O(xtom.console.ticket_info#module:include).
      - Required without O(number).
    type: str
  subject:
    description:
      - Subject of the ticket; identifies it within O(department) among open tickets.
      - Required without O(number). One line (control characters such as newlines are refused).
    type: str
  body:
    description:
      - The first message of a new ticket. Required when a ticket has to be opened (the module fails
        before any change otherwise); not compared with existing tickets.
      - Line breaks and tabs are fine; other control characters (NUL, ...) are refused.
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
  - When the answer of C(POST /tickets) does not say the new ticket's number and a reply or a state
    change still has to be sent to it, C(GET /tickets) is read once more to find it.
  - An answer of the reads (departments, tickets, one ticket) that this collection does not understand
    fails the task before anything is sent, naming the route. A C(PUT .../close) or C(.../open) answered
    C(status) V(false) fails the task; it is never reported as done.
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
changes:
  description:
    - What was written (would be, in check mode), in order, from the one change set of the task.
    - C(open) (C(before) null, C(after) the new ticket), C(reopen) and C(close) (C(status) before and
      after), C(reply) (C(newest_client_message) before and after).
    - C(what) names the ticket, for example C(ticket 736634 (Packet loss on web1.example.com)), or
      C(new ticket "Bandwidth limit" (Technical Support)) for one this task opens.
  returned: success
  type: list
  elements: dict
  sample: [{"action": "close", "what": "ticket 736634 (Packet loss on web1.example.com)",
            "before": {"status": "Open"}, "after": {"status": "Closed"}}]
  contains:
    action:
      description: What is done.
      type: str
      sample: close
    what:
      description: The object it is done to.
      type: str
      sample: ticket 736634 (Packet loss on web1.example.com)
    before:
      description: The values before (null for an object that is created or opened).
      type: raw
    after:
      description: The values after.
      type: raw
"""

from ansible_collections.xtom.console.plugins.module_utils.api import XtomAnswerError, XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import option_error, parse_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.tickets import (
    add_reply,
    canonical_text,
    check_message,
    check_subject,
    get_ticket,
    is_open,
    list_departments,
    list_tickets,
    matching_tickets,
    newest_client_message,
    open_ticket,
    resolve_department,
    set_ticket_state,
)


def validate(p):
    """Local checks, before any request: (number, subject, body, reply)."""
    number = parse_id(p["number"], "number") if p["number"] is not None else None
    subject = check_subject(p["subject"], "subject")
    check_subject(p["department"], "department")
    body = check_message(p["body"], "body")
    reply = check_message(p["reply"], "reply")
    if number is None and (p["department"] is None or subject is None):
        raise option_error("number", None, "department and subject are required when number is not given")
    return number, subject, body, reply


def find_target(module, subject):
    """The department and the ticket to work on by subject + department (None when there is none)."""
    p, client = module.params, module.client
    dept = resolve_department(list_departments(client), p["department"])
    tickets = list_tickets(client)
    found = matching_tickets(tickets, subject, dept, open_only=True)
    if not found and p["state"] == "open":
        found = matching_tickets(tickets, subject, dept, open_only=False)
        if not found:
            raise option_error("subject", subject, "no ticket has this subject in department %s; use state=present "
                                                   "to open one" % dept["name"])
    if len(found) > 1:
        module.warn("%d tickets match subject %r in department %s; using the newest, number %s (others: %s)" % (
            len(found), subject, dept["name"], found[0]["number"], ", ".join(str(t["number"]) for t in found[1:])))
    return dept, (found[0] if found else None)


def plan_open(module, cs, dept, subject, body):
    """No open ticket with this subject: one POST /tickets. The ticket as it will be (number set by the apply)."""
    if body is None:
        raise option_error("body", None, "is required to open a ticket: no open ticket has subject %r in "
                                         "department %s" % (subject, dept["name"]))
    client = module.client
    ticket = {"number": None, "subject": subject, "department": dept["name"], "status": "Open", "date": "",
              "body": body, "replies": []}
    what = 'new ticket "%s" (%s)' % (subject, dept["name"])

    def apply():
        ticket["number"] = open_ticket(client, dept["id"], subject, body)
        if ticket["number"] is None:  # the answer does not say: find the new ticket among the open ones
            try:
                found = matching_tickets(list_tickets(client), subject, dept)
            except XtomAnswerError:  # the ticket is open all the same: not a failure of this change
                found = []
            ticket["number"] = found[0]["number"] if len(found) == 1 else None
        if ticket["number"] is None:
            module.warn("the ticket was opened, but the portal did not say its number and GET /tickets did not show it")

    cs.add("open", what, None, {"subject": subject, "department": dept["name"], "status": "Open", "body": body},
           apply=apply)
    return ticket, what


def numbered(ticket):
    """The ticket's number for a request after it was opened in this run; an error when nobody said it."""
    if ticket["number"] is None:
        raise XtomApiError(200, "POST", "/tickets", [
            "the answer did not say which number the new ticket has and GET /tickets did not show it, "
            "so nothing more was sent to it"])
    return ticket["number"]


def plan_changes(cs, client, ticket, what, state, reply):
    """Reopen, reply, close: each only when the ticket is not already so."""
    if state == "open" and not is_open(ticket):
        cs.add("reopen", what, {"status": ticket["status"]}, {"status": "Open"},
               apply=lambda: set_ticket_state(client, numbered(ticket), "open"))
        ticket["status"] = "Open"
    newest = newest_client_message(ticket)
    if reply is not None and canonical_text(newest) != canonical_text(reply):
        cs.add("reply", what, {"newest_client_message": newest}, {"newest_client_message": reply},
               apply=lambda: add_reply(client, numbered(ticket), reply))
        ticket["replies"] = list(ticket.get("replies", [])) + [{
            "id": None, "name": "", "date": "", "body": reply, "status": "", "type": "Client", "from_client": True,
            "attachments": []}]
    if state == "closed" and is_open(ticket):
        cs.add("close", what, {"status": ticket["status"]}, {"status": "Closed"},
               apply=lambda: set_ticket_state(client, numbered(ticket), "closed"))
        ticket["status"] = "Closed"


def run(module):
    p = module.params
    number, subject, body, reply = validate(p)
    client = module.client
    cs = ChangeSet()
    if number is not None:
        ticket = get_ticket(client, number)
    else:
        dept, ticket = find_target(module, subject)
        if ticket is not None and reply is not None:
            ticket = get_ticket(client, ticket["number"])
        elif ticket is None and p["state"] != "present":  # state=closed and no open ticket with that subject
            return cs.run(module.check_mode, ticket=None)
    if ticket is None:
        ticket, what = plan_open(module, cs, dept, subject, body)
    else:
        what = "ticket %s (%s)" % (ticket["number"], ticket["subject"])
    plan_changes(cs, client, ticket, what, p["state"], reply)
    return cs.run(module.check_mode, ticket=ticket)


def main():
    module = XtomModule(
        argument_spec=dict(
            number=dict(type="raw"),
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
