#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service
short_description: Set the label of an xTom service, or request its cancellation
version_added: 0.1.0
description:
  - Sets the custom label of a service (C(GET /service/@id/label), and C(POST /service/@id/label)
    only when it differs).
  - With O(state=cancelled), requests the cancellation of the service (C(POST /service/@id/cancel))
    unless the service is already cancelled or terminated, or a cancellation is already pending.
  - B(Guard.) A cancellation ends the service and its data as surely as a reinstall does, so it is
    guarded like M(xtom.console.service_reinstall). Nothing is sent (not even in check mode) unless
    O(confirm_hostname) equals the hostname of the service (its C(domain), case-insensitive; the id
    for a service without a hostname). Give that value for the one run that should cancel (for
    example C(-e cancel_confirm=web3.example.com)) rather than writing it in a playbook that is run again.
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
  service:
    description:
      - The service, by id, label or hostname (the service's C(domain)).
      - An id or a hostname costs one request to find; a label needs the details of every service.
    type: str
    required: true
  label:
    description:
      - The custom label. V("") removes it. Left unchanged when not given. No control characters.
    type: str
  state:
    description:
      - V(present) keeps the service (only O(label) is managed).
      - V(cancelled) requests its cancellation; requires O(confirm_hostname). Nothing is sent when the
        service is already cancelled or terminated, or when a cancellation is pending (the portal no
        longer lists C(POST /service/@id/cancel) in C(GET /service/@id/methods), or refuses a second request).
      - A cancellation cannot be undone with this module.
    type: str
    choices: [present, cancelled]
    default: present
  confirm_hostname:
    description:
      - With O(state=cancelled), must equal the hostname (C(domain)) of the service (its id when it
        has no hostname), else nothing is sent. See the guard above.
    type: str
  immediate:
    description:
      - With O(state=cancelled), V(true) terminates the service at once; V(false) at the end of
        the billing period.
    type: bool
    default: false
  reason:
    description:
      - With O(state=cancelled), the reason given to xTom. No control characters.
    type: str
notes:
  - A label POST that meets a gateway error or a timeout re-reads the label and converges (setting
    a label twice is harmless).
  - A cancellation request is a POST. If it fails with a gateway error or a timeout it is not sent
    again, and the error says so; check the service (M(xtom.console.service_info)) before re-running.
  - The status of the service must be one this collection knows (Pending, Active, Suspended,
    Terminated, Cancelled, Fraud) before a cancellation is planned; another word is an error.
"""

EXAMPLES = r"""
- name: Label the web server
  xtom.console.service:
    service: web1.example.com
    label: web1

- name: Label a service found by id, and show the change
  xtom.console.service:
    service: 1002
    label: db1
  register: result

- name: Print the service
  ansible.builtin.debug:
    var: result.service

- name: Cancel the spare server at the end of its billing period (only with -e cancel_confirm=web3.example.com)
  xtom.console.service:
    service: web3.example.com
    state: cancelled
    confirm_hostname: "{{ cancel_confirm }}"
    reason: Moved to a larger plan
  when: cancel_confirm is defined
"""

RETURN = r"""
service:
  description:
    - The service after the change (or as it would be, in check mode), with the keys of
      M(xtom.console.service_info)'s rows.
    - C(label) is null when it was not read (the service list carries no labels).
  returned: success
  type: dict
  contains:
    id:
      description: Service id.
      type: int
      sample: 1001
    domain:
      description: Hostname of the service.
      type: str
      sample: web1.example.com
    label:
      description: Custom label.
      type: str
      sample: web1
    name:
      description: Product name.
      type: str
      sample: KVM VPS Starter
    status:
      description: Service status as listed before the change.
      type: str
      sample: Active
    category:
      description: Product category name.
      type: str
    category_url:
      description: Product category URL slug.
      type: str
    billingcycle:
      description: Billing cycle name.
      type: str
      sample: Monthly
    total:
      description: Recurring amount.
      type: str
    next_due:
      description: Next due date.
      type: str
cancellation:
  description:
    - V(none), V(pending) (requested, or requested by this run) or V(done) (cancelled or terminated).
    - Only read with O(state=cancelled); null otherwise.
  returned: success
  type: str
  sample: pending
changes:
  description: What was written (or would be written, in check mode), one entry per change.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(set) for the label, V(cancel) for a cancellation.
      type: str
    what:
      description: The object changed.
      type: str
      sample: service 1001 (web1.example.com) label
    before:
      description: The value before.
      type: raw
    after:
      description: The value after.
      type: raw
  sample: [{"action": "set", "what": "service 1001 (web1.example.com) label", "before": "web1", "after": "frontend"}]
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import check_text
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    cancel_service,
    cancellation_state,
    check_confirm,
    get_label,
    get_methods,
    require_known_status,
    resolve_service,
    service_row,
    set_label,
    validate_label,
    what,
)

PENDING_WARNING = ("GET /service/%s/methods does not offer POST /service/@id/cancel: taken as a cancellation already "
                   "pending, so nothing was sent; if the product cannot be cancelled through the API, cancel it in the "
                   "client portal")


def plan_cancel(module, client, svc, cs):
    """The cancellation change (if any); returns the cancellation state after the run."""
    p = module.params
    require_known_status(svc)
    state = cancellation_state(svc)
    if state == "none":
        state = cancellation_state(svc, get_methods(client, svc["id"]))
        if state == "pending":
            module.warn(PENDING_WARNING % svc["id"])
    if state != "none":
        return state
    cs.add("cancel", what(svc), {"cancellation": "none"}, {"cancellation": "pending"},
           lambda: cancel_service(client, svc["id"], p["immediate"], p["reason"]))
    return "pending"


def run(module):
    p = module.params
    if p["label"] is not None:
        validate_label(p["label"])
    check_text(p["reason"], "reason")
    client = module.client
    svc = resolve_service(client, p["service"])
    if p["state"] == "cancelled":
        check_confirm(svc, p["confirm_hostname"], "cancellation")
    cs = ChangeSet()
    row = service_row(svc, label_read=False)
    if p["label"] is not None:
        # A label found while resolving (read from the details) needs no second read.
        before = svc["label"] if svc["label"] else get_label(client, svc["id"])
        row["label"] = p["label"]
        if before != p["label"]:
            cs.add("set", what(svc, "label"), before, p["label"], lambda: set_label(client, svc["id"], p["label"]))
    cancellation = plan_cancel(module, client, svc, cs) if p["state"] == "cancelled" else None
    results = cs.apply(module.check_mode)
    for change, result in zip(list(cs.changes), results):
        if change.action == "cancel" and result is False:
            module.warn("the portal reports that a cancellation is already pending; nothing was sent again")
            cs.changes.remove(change)
        elif isinstance(result, str):
            module.warn(result)  # a gateway error absorbed by re-reading the label
    return cs.result(service=row, cancellation=cancellation)


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            label=dict(type="str"),
            state=dict(type="str", choices=["present", "cancelled"], default="present"),
            confirm_hostname=dict(type="str"),
            immediate=dict(type="bool", default=False),
            reason=dict(type="str"),
        ),
        required_if=[("state", "cancelled", ["confirm_hostname"])],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
