#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
    also refuses to start while the server reports a reinstall in progress (C(GET /service/@id/status)).
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
    support: none
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
      - Must equal the hostname (C(domain)) of the service, else nothing is sent. See the guard above.
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
      - Further installer fields, sent as they are; names must look like C(extra1), C(extra2).
    type: dict
  wait:
    description:
      - Wait until the server reports V(running) again after the reinstall.
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
    type: int
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

- name: Reinstall web1 with Debian 12 (only when run with -e reinstall_confirm=web1.example.com)
  xtom.console.service_reinstall:
    service: web1.example.com
    confirm_hostname: "{{ reinstall_confirm }}"
    profile: Debian 12
    root_password: "{{ vault_web1_root_password | default('correct-horse-battery') }}"
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
      description: The extra fields sent.
      type: dict
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
service:
  description: The server, with C(id), C(domain) and C(label).
  returned: success
  type: dict
  sample: {"id": 1001, "domain": "web1.example.com", "label": ""}
"""

import re
import time

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.services import (
    get_power,
    parse_reinstall_options,
    reinstall_server,
    resolve_profile,
    resolve_service,
    service_ref,
)

RUNNING_READS = 3
BUSY = ("installing", "reinstalling", "rebuilding", "building", "provisioning")
EXTRA_RE = re.compile(r"^extra[0-9]+$")


def validate(p):
    for name in ("confirm_hostname", "profile"):
        if not p[name].strip():
            raise XtomValidationError("%s must not be empty" % name)
    for name in ("root_password", "user_password"):
        if p[name] is not None and p[name] == "":
            raise XtomValidationError("%s must not be empty when given" % name)
    for key in p["extras"] or {}:
        if not EXTRA_RE.match(key):
            raise XtomValidationError("extras: %r is not an installer field name (extra1, extra2, ...)" % key)
    for name in ("wait_timeout", "wait_interval"):
        if p[name] <= 0:
            raise XtomValidationError("%s must be a positive number of seconds, got %s" % (name, p[name]))


def run(module):
    p = module.params
    validate(p)
    client = module.client
    svc = resolve_service(client, p["service"])
    wanted = svc["domain"].strip().lower().rstrip(".")
    if p["confirm_hostname"].strip().lower().rstrip(".") != wanted:
        raise XtomValidationError(
            "confirm_hostname=%r does not match the hostname of service %s (%s): nothing was sent"
            % (p["confirm_hostname"], svc["id"], svc["domain"] or "no hostname")
        )
    options = parse_reinstall_options(client.get(client.path("/service/%s/reinstall", svc["id"])))
    profile = resolve_profile(options, p["profile"])
    selection = p["package_selection"]
    if selection is not None and options["packages"]:
        selection = [r for r in options["packages"] if selection in (r["id"], r["name"])] or None
        if selection is None:
            raise XtomValidationError(
                "package_selection=%r is not offered: use one of %s"
                % (p["package_selection"], ", ".join("%s (%s)" % (r["name"], r["id"]) for r in options["packages"]))
            )
        selection = selection[0]["id"]
    power_before = get_power(client, svc["id"])
    if power_before in BUSY:
        raise XtomValidationError(
            "service %s reports %r: a reinstall seems to be running already; nothing was sent" % (svc["id"], power_before)
        )

    data = {"profile": int(profile["id"]) if profile["id"].isdigit() else profile["id"]}
    optional = (("rootpassword", p["root_password"]), ("adminuser", p["admin_user"]),
                ("userpassword", p["user_password"]), ("packageselection", selection))
    for key, value in optional:
        if value is not None:
            data[key] = value
    data.update(p["extras"] or {})
    result = {
        "changed": True,
        "reinstall": {
            "profile": profile,
            "package_selection": selection,
            "admin_user": p["admin_user"],
            "root_password_set": p["root_password"] is not None,
            "extras": dict(p["extras"] or {}),
        },
        "power_before": power_before,
        "power_after": None,
        "service": service_ref(svc),
    }
    if module.check_mode:
        return result
    reinstall_server(client, svc["id"], data)
    if p["wait"]:
        deadline = time.time() + p["wait_timeout"]
        status = None
        started = False  # the server was seen in another state than running (the reinstall began)
        running_reads = 0
        while True:
            time.sleep(min(p["wait_interval"], max(0, deadline - time.time())))
            try:
                status = get_power(client, svc["id"])
            except XtomApiError as exc:
                # The reinstall was sent: a failed status read must not end the task as if it was not
                # (a re-run would reinstall again); keep polling until wait_timeout.
                status = "unknown (%s)" % exc
            if status == "running":
                running_reads += 1
                # A portal may still say running before the reinstall begins: done once the server was
                # seen in another state, or after RUNNING_READS reads in a row that all say running.
                if started or running_reads >= RUNNING_READS:
                    break
            elif not status.startswith("unknown"):
                started = True
                running_reads = 0
            if time.time() >= deadline:
                result["power_after"] = status
                module.fail_json(
                    msg="the reinstall of service %s was requested, but the server did not report 'running' within "
                        "%s seconds (last status: %s); it may still be installing" % (svc["id"], p["wait_timeout"], status),
                    **result
                )
        result["power_after"] = status
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
            wait_interval=dict(type="int", default=10),
        ),
        required_by={"user_password": "admin_user"},
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
