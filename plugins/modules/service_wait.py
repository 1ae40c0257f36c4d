#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service_wait
short_description: Wait until an xTom service reaches a status (and a server a power state)
version_added: 0.1.0
description:
  - Reads the service (C(GET /service/@id)) every O(wait_interval) seconds until its status is
    O(status) (by default V(Active)) and, when O(power) is given, until the server's power status
    (C(GET /service/@id/status), read only once the status matches) is O(power).
  - Fails after O(wait_timeout) seconds, and at once when the service turns Cancelled, Terminated,
    Fraud or Suspended (unless that is the O(status) asked). The result (also on failure) says how
    long it waited and which states it saw, in RV(progress).
  - A status or power word this collection does not know is recorded in RV(progress) and never
    taken as reached.
  - Changes nothing (C(changed=false)), so it can run as a handler or after M(xtom.console.order),
    M(xtom.console.service_reinstall) or M(xtom.console.service_power).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: Reads the state once and reports whether it is reached (RV(reached)); it does not wait or fail.
  diff_mode:
    support: N/A
    details: This module does not change anything.
  idempotent:
    support: full
options:
  service:
    description:
      - The service, by id, label or hostname (the service's C(domain)).
    type: str
    required: true
  status:
    description:
      - The service status to wait for, case-insensitive, one of V(Pending), V(Active), V(Suspended),
        V(Terminated), V(Cancelled) or V(Fraud).
    type: str
    default: Active
  power:
    description:
      - For a server, also wait for this power status (read once the status matches).
      - When not set, the power is not read (services that are not servers have none).
    type: str
    choices: [running, stopped]
  wait_timeout:
    description:
      - Seconds to wait before failing.
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two reads. The first read is immediate.
    type: float
    default: 10
"""

EXAMPLES = r"""
- name: Wait until the server is active and running (for example after an order or a reinstall)
  xtom.console.service_wait:
    service: web1.example.com
    power: running
    wait_timeout: 1800
    wait_interval: 15
  register: ready

- name: Show how long it took
  ansible.builtin.debug:
    msg: "{{ ready.progress.elapsed }} s, {{ ready.progress.reads }} reads"

- name: Wait until an immediate cancellation is done
  xtom.console.service_wait:
    service: old.example.com
    status: Cancelled
    wait_timeout: 60
"""

RETURN = r"""
reached:
  description: Whether the state is reached (always true outside check mode; in check mode, after the one read).
  returned: success
  type: bool
  sample: true
status:
  description: The service status read last.
  returned: success
  type: str
  sample: Active
power:
  description: The power status read last; null when O(power) is not set or the status did not match yet.
  returned: success
  type: str
  sample: running
progress:
  description:
    - How the wait went (also returned when it failed).
    - C(elapsed) seconds, C(reads) (each read is one C(GET /service/@id), plus one C(GET /service/@id/status)
      once the status matches when O(power) is set), C(errors), and C(seen), each state seen in order with
      the C(elapsed) seconds and the number of the C(read) where it was first seen.
  returned: always
  type: dict
  sample: {"elapsed": 30.2, "reads": 4, "errors": 0,
           "seen": [{"state": {"status": "Pending", "power": null}, "elapsed": 0.0, "read": 1},
                    {"state": {"status": "Active", "power": "running"}, "elapsed": 30.2, "read": 4}]}
service:
  description:
    - The service as read last, with the keys of M(xtom.console.service_info)'s rows.
  returned: success
  type: dict
  sample: {"id": 1001, "domain": "web1.example.com", "label": "web1", "name": "KVM VPS Starter", "status": "Active"}
"""

from ansible_collections.xtom.console.plugins.module_utils.common import option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import SERVICE_STATUSES, resolve_service
from ansible_collections.xtom.console.plugins.module_utils.waiting import WaitTimeoutError, fail_wait, wait_for_service


def run(module):
    p = module.params
    for name in ("wait_timeout", "wait_interval"):
        if p[name] is None or p[name] <= 0:
            raise option_error(name, p[name], "must be a positive number of seconds")
    status = next((s for s in SERVICE_STATUSES if s.lower() == p["status"].strip().lower()), None)
    if status is None:
        raise option_error("status", p["status"], "is not a service status", valid=SERVICE_STATUSES)
    client = module.client
    svc = resolve_service(client, p["service"])
    try:
        result = wait_for_service(client, svc["id"], status=status, power=p["power"],
                                  wait_timeout=p["wait_timeout"], wait_interval=p["wait_interval"],
                                  once=module.check_mode)
    except WaitTimeoutError as exc:
        fail_wait(module, exc, changed=False)
    # GET /service/@id carries no category: the listed row's fields fill what the last read left empty.
    result["service"] = dict((k, v if v not in ("", None) else svc.get(k, v)) for k, v in result["service"].items())
    result["changed"] = False
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            status=dict(type="str", default="Active"),
            power=dict(type="str", choices=["running", "stopped"]),
            wait_timeout=dict(type="int", default=600),
            wait_interval=dict(type="float", default=10),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
