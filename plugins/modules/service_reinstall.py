#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: service_reinstall
short_description: Reinstall the operating system of an xTom server (destroys its data)
version_added: 0.1.0
description:
  - Reinstalls a server with C(POST /service/@id/reinstall). B(Everything on the server's disks is lost.)
  - The O(profile) is found by name or id among the server's reinstall profiles
    (C(GET /service/@id/reinstall)); an unknown profile gives an error listing the valid ones.
  - B(Guard.) Nothing is sent unless O(confirm_hostname) equals the hostname of the service
    (its C(domain), case-insensitive). Do not write that value in a playbook that is run again
    later. Take it from an extra variable given for the one run that should reinstall (for example
    C(-e reinstall_confirm=web1.example.com)) and skip the task when the variable is not defined,
    as in the examples, so that re-running the playbook cannot wipe the server again. The module
    also refuses to start while the server reports a reinstall in progress (C(GET /service/@id/status)),
    and when it reports a power word this collection does not know. M(xtom.console.service) guards
    a cancellation the same way.
  - Never runs in check mode; there it reads the service, the profiles and the power status,
    and reports what it would send (C(changed=true)), without the passwords.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: Reports what would be sent; nothing is sent.
  diff_mode:
    support: full
    details: The diff shows the power status before and the profile (and options) of the reinstall.
  idempotent:
    support: none
    details: Each run with a matching O(confirm_hostname) reinstalls the server.
options:
  service:
    description:
      - The server, by id, label or hostname (the service's C(domain)).
    type: str
    required: true
  confirm_hostname:
    description:
      - Must equal the hostname (C(domain)) of the service (its id when it has no hostname), else
        nothing is sent. See the guard above.
    type: str
    required: true
  profile:
    description:
      - The reinstall profile (operating system template), by name (V(Debian 12)) or id (V(11)).
    type: str
    required: true
  root_password:
    description:
      - The new root (administrator) password. Sent as C(rootpassword); never returned or logged.
    type: str
  admin_user:
    description:
      - An additional user to create, sent as C(adminuser).
    type: str
  user_password:
    description:
      - Password of O(admin_user), sent as C(userpassword); never returned or logged.
    type: str
  package_selection:
    description:
      - Package set to install, sent as C(packageselection). When the profiles list names package
        sets, the value must be one of them (by id or name).
    type: str
  extras:
    description:
      - Further installer fields, sent as they are; names must look like C(extra1), C(extra2), values are
        text or numbers. Only their names are returned (the values may be secrets).
    type: dict
  wait:
    description:
      - Wait until the server reports V(running) again after the reinstall (the waiting code of
        M(xtom.console.service_wait)). A status read that fails or is not understood does not end the
        wait, and a power word this collection does not know is never taken as finished.
      - A portal may still say V(running) for a moment before the reinstall begins, so V(running) counts
        only once the server was seen in another state (for example V(installing)), or when three status
        reads in a row all say V(running).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true) before failing (the reinstall goes on regardless).
    type: int
    default: 1800
  wait_interval:
    description:
      - Seconds between two status reads with O(wait=true); the first read comes after one interval.
    type: float
    default: 10
notes:
  - The reinstall is a POST. If it fails with a gateway error or a timeout it is not sent again, and
    the error says the reinstall may have started; check the power status
    (M(xtom.console.service_info) with O(xtom.console.service_info#module:include=power)) before anything else.
"""

EXAMPLES = r"""
- name: List the reinstall profiles of the web server
  xtom.console.service_info:
    service: web1.example.com
    include: [reinstall]
  register: web1

# Run with -e reinstall_confirm=web1.example.com. The root password comes from a vault variable; without
# it no password is sent (the portal sets one and mails it): never a fixed fallback password.
- name: Reinstall web1 with Debian 12 (only when run with -e reinstall_confirm=web1.example.com)
  xtom.console.service_reinstall:
    service: web1.example.com
    confirm_hostname: "{{ reinstall_confirm }}"
    profile: Debian 12
    root_password: "{{ vault_web1_root_password | default(omit) }}"
    package_selection: minimal
    wait: true
    wait_timeout: 1800
  when: reinstall_confirm is defined
"""

RETURN = r"""
reinstall:
  description: What was sent (or would be sent, in check mode), without the passwords.
  returned: success
  type: dict
  contains:
    profile:
      description: The profile, with C(id) and C(name).
      type: dict
      sample: {"id": "11", "name": "Debian 12"}
    package_selection:
      description: The package set sent, or null.
      type: str
    admin_user:
      description: The additional user sent, or null.
      type: str
    root_password_set:
      description: Whether a root password was sent.
      type: bool
    extras:
      description: The names of the extra fields sent (their values may be secrets and are never returned).
      type: list
      elements: str
power_before:
  description: Power status read before the reinstall.
  returned: success
  type: str
  sample: running
power_after:
  description: Power status read last with O(wait=true); null without O(wait).
  returned: success
  type: str
  sample: running
progress:
  description:
    - With O(wait=true), how the wait went (also returned when it timed out).
    - C(elapsed) seconds, C(reads) status reads, C(errors) reads that failed, C(seen) each state seen
      (in order, with C(elapsed) and the number of the C(read) where it was first seen).
  returned: when O(wait=true) and not in check mode
  type: dict
  sample: {"elapsed": 40.1, "reads": 4, "errors": 0, "seen": [{"state": "installing", "elapsed": 10.0, "read": 1},
           {"state": "running", "elapsed": 40.1, "read": 4}]}
changes:
  description: The reinstall (sent, or that would be sent in check mode), without the passwords.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(reinstall).
      type: str
    what:
      description: The object changed.
      type: str
      sample: service 1001 (web1.example.com)
    before:
      description: The state before.
      type: dict
    after:
      description: The profile and options of the reinstall (no passwords).
      type: dict
  sample: [{"action": "reinstall", "what": "service 1001 (web1.example.com)", "before": {"power": "running"},
            "after": {"profile": "Debian 12", "package_selection": null, "admin_user": null, "root_password_set": true,
                      "extras": {}}}]
service:
  description:
    - The server, with the keys of M(xtom.console.service_info)'s rows (C(id), C(domain), C(label),
      C(name), C(status), C(category), C(category_url), C(billingcycle), C(total), C(next_due)).
    - C(label) is null when it was not read (the service list carries no labels).
  returned: success
  type: dict
  sample: {"id": 1001, "domain": "web1.example.com", "label": null, "name": "KVM VPS Starter", "status": "Active"}
"""

import re

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import XtomApiError, check_text, option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    BUSY_POWER,
    check_confirm,
    get_power,
    is_known_power,
    resolve_service,
    service_row,
    what,
)
from ansible_collections.xtom.console.plugins.module_utils.services_reinstall import (
    get_reinstall_options,
    reinstall_server,
    resolve_package_selection,
    resolve_profile,
)
from ansible_collections.xtom.console.plugins.module_utils.waiting import WaitTimeoutError, fail_wait, wait_reinstalled

EXTRA_RE = re.compile(r"^extra[0-9]+$")


def validate(p):
    for name in ("confirm_hostname", "profile", "admin_user", "package_selection"):
        check_text(p[name], name)
    for name in ("confirm_hostname", "profile"):
        if not p[name].strip():
            raise option_error(name, p[name], "must not be empty")
    for name in ("root_password", "user_password"):
        if p[name] is not None and p[name] == "":
            raise option_error(name, "", "must not be empty when given")
    for key, value in (p["extras"] or {}).items():
        if not EXTRA_RE.match(key):
            raise option_error("extras", key, "is not an installer field name (extra1, extra2, ...)")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise option_error("extras[%s]" % key, "...", "must be text or a number")
        check_text(value, "extras[%s]" % key)
    for name in ("wait_timeout", "wait_interval"):
        if p[name] <= 0:
            raise option_error(name, p[name], "must be a positive number of seconds")


def check_power(client, svc):
    """The power status before: it must be a known word, and not a reinstall in progress."""
    power = get_power(client, svc["id"])
    path = "/service/%s/status" % svc["id"]
    if not is_known_power(power):
        raise XtomApiError(200, "GET", path, ["the server reports %r, which this collection does not know; nothing "
                                              "was sent" % power])
    if power in BUSY_POWER:
        raise option_error("service", svc["id"], "reports %r: a reinstall (or another change) seems to be running "
                                                 "already; nothing was sent" % power)
    return power


def plan(module, client, svc):
    """The request body and its description (without passwords)."""
    p = module.params
    options = get_reinstall_options(client, svc["id"])
    profile = resolve_profile(options, p["profile"])
    selection = resolve_package_selection(options, p["package_selection"])
    data = {"profile": int(profile["id"]) if profile["id"].isdigit() else profile["id"]}
    optional = (("rootpassword", p["root_password"]), ("adminuser", p["admin_user"]),
                ("userpassword", p["user_password"]), ("packageselection", selection))
    data.update((key, value) for key, value in optional if value is not None)
    data.update(p["extras"] or {})
    return data, {"profile": profile, "package_selection": selection, "admin_user": p["admin_user"],
                  "root_password_set": p["root_password"] is not None, "extras": sorted(p["extras"] or {})}


def run(module):
    p = module.params
    validate(p)
    client = module.client
    svc = resolve_service(client, p["service"])
    check_confirm(svc, p["confirm_hostname"], "reinstall")
    data, described = plan(module, client, svc)
    power_before = check_power(client, svc)
    cs = ChangeSet()
    after = dict(described, profile=described["profile"]["name"])
    cs.add("reinstall", what(svc), {"power": power_before}, after, lambda: reinstall_server(client, svc["id"], data))
    cs.apply(module.check_mode)
    result = cs.result(reinstall=described, power_before=power_before, power_after=None,
                       service=service_row(svc, label_read=False))
    if p["wait"] and not module.check_mode:
        try:
            progress = wait_reinstalled(client, svc["id"], p["wait_timeout"], p["wait_interval"])
        except WaitTimeoutError as exc:
            result["power_after"] = exc.progress["seen"][-1]["state"] if exc.progress["seen"] else None
            exc.text += "; the reinstall was sent and may still be running: do NOT run it again, check the server"
            fail_wait(module, exc, **result)
        result.update(power_after=progress.last, progress=progress.as_dict())
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            confirm_hostname=dict(type="str", required=True),
            profile=dict(type="str", required=True),
            root_password=dict(type="str", no_log=True),
            admin_user=dict(type="str"),
            user_password=dict(type="str", no_log=True),
            package_selection=dict(type="str"),
            extras=dict(type="dict"),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=1800),
            wait_interval=dict(type="float", default=10),
        ),
        required_by={"user_password": "admin_user"},
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
