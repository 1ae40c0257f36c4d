#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: service
short_description: Set the label of an xTom service, or request its cancellation
version_added: 0.1.0
description:
  - Sets the custom label of a service (C(GET /service/@id/label), and C(POST /service/@id/label)
    only when it differs).
  - With O(state=cancelled), requests the cancellation of the service (C(POST /service/@id/cancel))
    unless the service is already cancelled or terminated, or a cancellation is already pending.
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
      - The custom label. V("") removes it. Left unchanged when not given.
    type: str
  state:
    description:
      - V(present) keeps the service (only O(label) is managed).
      - V(cancelled) requests its cancellation. Nothing is sent when the service is already
        cancelled or terminated, or when a cancellation is pending (the portal no longer lists
        C(POST /service/@id/cancel) in C(GET /service/@id/methods), or refuses a second request).
      - A cancellation cannot be undone with this module.
    type: str
    choices: [present, cancelled]
    default: present
  immediate:
    description:
      - With O(state=cancelled), V(true) terminates the service at once; V(false) at the end of
        the billing period.
    type: bool
    default: false
  reason:
    description:
      - With O(state=cancelled), the reason given to xTom.
    type: str
notes:
  - A cancellation request is a POST. If it fails with a gateway error or a timeout it is not sent
    again, and the error says so; check the service (M(xtom.console.service_info)) before re-running.
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

- name: Cancel the spare server at the end of its billing period
  xtom.console.service:
    service: web3.example.com
    state: cancelled
    reason: Moved to a larger plan
"""

RETURN = r"""
service:
  description: The service after the change (or as it would be, in check mode).
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
    status:
      description: Service status as listed before the change.
      type: str
      sample: Active
    cancellation:
      description:
        - V(none), V(pending) (requested, or requested by this run) or V(done) (cancelled or terminated).
        - Only read with O(state=cancelled); V(null) otherwise.
      type: str
      sample: pending
"""

from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    cancel_service,
    cancellation_state,
    get_label,
    get_methods,
    resolve_service,
    set_label,
    validate_label,
)


def run(module):
    p = module.params
    if p["label"] is not None:
        validate_label(p["label"])
    client = module.client
    svc = resolve_service(client, p["service"])
    sid = svc["id"]
    before = {"label": None, "cancellation": None}
    after = {"label": None, "cancellation": None}
    warnings = []

    if p["label"] is not None:
        # A label found while resolving (read from the details) needs no second read.
        before["label"] = svc["label"] if svc["label"] else get_label(client, sid)
        after["label"] = p["label"]
    if p["state"] == "cancelled":
        state = cancellation_state(svc)
        if state == "none":
            state = cancellation_state(svc, get_methods(client, sid))
            if state == "pending":
                warnings.append(
                    "GET /service/%s/methods does not offer POST /service/@id/cancel: taken as a cancellation "
                    "already pending, so nothing was sent; if the product cannot be cancelled through the API, "
                    "cancel it in the client portal" % sid
                )
        before["cancellation"] = state
        after["cancellation"] = "pending" if state == "none" else state

    changed = before != after
    if changed and not module.check_mode:
        if before["label"] != after["label"]:
            set_label(client, sid, after["label"])
        if before["cancellation"] != after["cancellation"]:
            if not cancel_service(client, sid, p["immediate"], p["reason"]):
                warnings.append("the portal reports that a cancellation is already pending; nothing was sent again")
                before["cancellation"] = "pending"
                changed = before != after

    result = dict(svc)
    result["label"] = after["label"] if after["label"] is not None else svc.get("label", "")
    result["cancellation"] = after["cancellation"]
    keys = [k for k in ("label", "cancellation") if after[k] is not None]
    out = {
        "changed": changed,
        "service": result,
        "diff": {"before": dict((k, before[k]) for k in keys), "after": dict((k, after[k]) for k in keys)},
    }
    for warning in warnings:
        module.warn(warning)
    return out


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            label=dict(type="str"),
            state=dict(type="str", choices=["present", "cancelled"], default="present"),
            immediate=dict(type="bool", default=False),
            reason=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
