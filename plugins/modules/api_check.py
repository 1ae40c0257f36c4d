#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: api_check
short_description: Check, read-only, whether an xTom portal answers as this collection expects
version_added: 0.1.0
description:
  - Sends every read route of the API reference once, for the account's own objects (the first active service of
    each category, the first domain, DNS zone, contact, invoice, ticket and certificate, the first product of the
    catalog), and runs each answer through the same reader the modules use.
  - Reports per route whether the answer was V(understood), V(not understood) (with the keys and value types found,
    never the values), V(refused) (with the HTTP status; for example a server route of a service that is not a
    server), or V(skipped) (with the reason).
  - Only GET requests are sent (plus C(POST /login) and C(POST /logout) with O(auth_mode=jwt)). Not even the
    read-like POSTs C(/quote) and C(/domain/lookup) are sent. Four GET routes are skipped because reading them is
    not harmless, namely C(GET /domain/@id/epp) (the transfer code, a secret), C(GET /domain/@id/sync) (a registrar
    refresh), and the two downloads.
  - The report names routes by their template (C(GET /domain/@id/reglock)), never by the account's ids, and holds
    no password, token, EPP code or answer value, so it can be pasted into a bug report as it is.
  - Run it once against your account before you point the collection's writing modules at it; a route
    V(not understood) means the modules that depend on it will stop with an error before writing, until the
    shape is added to the collection.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
options:
  areas:
    description:
      - The API areas to check; all by default.
    type: list
    elements: str
    choices: [account, services, dns, domains, tickets, catalog]
  strict:
    description:
      - Fail the task when a route is V(not understood).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Check how the portal answers (read-only)
  xtom.console.api_check:
  register: conformance

- name: Show the routes that were not understood
  ansible.builtin.debug:
    msg: "{{ conformance.routes | selectattr('result', 'equalto', 'not understood') | list }}"

- name: Fail when the DNS routes are not understood
  xtom.console.api_check:
    areas: [dns, domains]
    strict: true
"""

RETURN = r"""
routes:
  description: One entry per route checked (a route checked for several services appears once per service).
  returned: success
  type: list
  elements: dict
  contains:
    route:
      description: The method and route template, for example V(GET /service/@id/rdns).
      type: str
    result:
      description: V(understood), V(not understood), V(refused) or V(skipped).
      type: str
    shape:
      description: For V(not understood), the keys and value types found (values are never shown).
      type: str
    expected:
      description: For V(not understood), what the collection looks for.
      type: str
    status:
      description: For V(refused), the HTTP status (V(null) when no answer came).
      type: int
    reason:
      description: For V(skipped), why.
      type: str
  sample: [{"route": "GET /service/@id/rdns", "result": "not understood",
            "shape": "keys: result_set (dict)", "expected": "\"rdns\" or \"records\" holding a list or an object"},
           {"route": "GET /service/@id/ip", "result": "refused", "status": 400}]
summary:
  description: How many routes gave each result.
  returned: success
  type: dict
  sample: {"understood": 52, "not understood": 1, "refused": 3, "skipped": 4}
"""

from ansible_collections.xtom.console.plugins.module_utils.conformance import run_checks
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    report = run_checks(module.client, module.params["areas"])
    summary = report.summary()
    result = {"changed": False, "routes": report.routes, "summary": summary}
    if module.params["strict"] and summary["not understood"]:
        bad = sorted(set(e["route"] for e in report.routes if e["result"] == "not understood"))
        module.fail_json(msg="routes not understood: %s" % ", ".join(bad), **result)
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            areas=dict(type="list", elements="str", choices=["account", "services", "dns", "domains", "tickets", "catalog"]),
            strict=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
        read_only=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
