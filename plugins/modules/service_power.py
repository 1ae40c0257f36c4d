#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service_power
short_description: Reset an xTom server
version_added: 0.1.0
description:
  - Resets (hard reboots) a server with C(POST /service/@id/reset), and returns its power status
    read before and after (C(GET /service/@id/status)).
  - This is an action, not a state. Every run outside check mode resets the server once.
    Guard the task with C(when) if it must not run on every play.
  - It does not start or stop a server; the API has no route for that (only C(POST /service/@id/reset)).
    To wait until a server runs, use M(xtom.console.service_wait).
  - In check mode only the status is read; nothing is sent.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: Reads the power status and reports C(changed=true) without sending the reset.
  diff_mode:
    support: full
    details: The diff shows the power status read before and V(reset).
  idempotent:
    support: none
    details: Each run resets the server.
options:
  service:
    description:
      - The server, by id, label or hostname (the service's C(domain)).
    type: str
    required: true
  state:
    description:
      - V(reset) resets the server.
    type: str
    choices: [reset]
    default: reset
notes:
  - The reset is a POST. If it fails with a gateway error or a timeout it is not sent again, and
    the error says the server may have been reset; check with M(xtom.console.service_info)
    (O(xtom.console.service_info#module:include=power)) before running it again.
"""

EXAMPLES = r"""
- name: Reset the web server
  xtom.console.service_power:
    service: web1.example.com
    state: reset
  register: reset

- name: Show the power status before and after
  ansible.builtin.debug:
    msg: "{{ reset.power_before }} -> {{ reset.power_after }}"
"""

RETURN = r"""
power_before:
  description: Power status read before the reset (V(running), V(stopped), or the portal's own word).
  returned: success
  type: str
  sample: running
power_after:
  description:
    - Power status read after the reset; in check mode, the status read before.
    - V(unknown) when that read failed after the reset was sent (a warning says so; the task does not fail).
  returned: success
  type: str
  sample: running
changes:
  description: The reset (sent, or that would be sent in check mode).
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(reset).
      type: str
    what:
      description: The object changed.
      type: str
      sample: service 1001 (web1.example.com)
    before:
      description: The state before.
      type: dict
    after:
      description: C(power) V(reset).
      type: dict
  sample: [{"action": "reset", "what": "service 1001 (web1.example.com)", "before": {"power": "running"},
            "after": {"power": "reset"}}]
service:
  description:
    - The server, with the keys of M(xtom.console.service_info)'s rows (C(id), C(domain), C(label),
      C(name), C(status), C(category), C(category_url), C(billingcycle), C(total), C(next_due)).
    - C(label) is null when it was not read (the service list carries no labels).
  returned: success
  type: dict
  sample: {"id": 1001, "domain": "web1.example.com", "label": null, "name": "KVM VPS Starter", "status": "Active"}
"""

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    get_power,
    reset_server,
    resolve_service,
    service_row,
    what,
)


def run(module):
    client = module.client
    svc = resolve_service(client, module.params["service"])
    before = get_power(client, svc["id"])
    cs = ChangeSet()
    cs.add("reset", what(svc), {"power": before}, {"power": "reset"}, lambda: reset_server(client, svc["id"]))
    cs.apply(module.check_mode)
    after = before
    if not module.check_mode:
        try:
            after = get_power(client, svc["id"])
        except XtomApiError as exc:
            # The reset was sent: failing now would invite a second reset to "retry".
            after = "unknown"
            module.warn("the reset was sent, but reading the power status afterwards failed (%s)" % exc)
    return cs.result(power_before=before, power_after=after, service=service_row(svc, label_read=False))


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            state=dict(type="str", choices=["reset"], default="reset"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
