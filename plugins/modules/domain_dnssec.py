#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: domain_dnssec
short_description: Manage the DNSSEC keys of a domain registered with xTom
version_added: 0.1.0
description:
  - Adds or removes the DNSSEC keys (DNSKEY data from which the registry publishes DS records) of a domain
    of the account.
  - A key is identified by its flags, algorithm and public key. A run that changes nothing costs two
    requests (the domain and its keys); adding keys first reads the flags the registrar accepts
    (C(GET /domain/@id/dnssec/flags)) and fails before any change if a key's flags are not among them.
  - The keys at the registry must all be understood (flags, algorithm, public key and the reference used to
    delete them) before anything is added or removed; an answer in another shape fails the task naming the
    route, with nothing written.
  - Adding a key (C(PUT /domain/@id/dnssec)) is never sent twice by the module's retries. If it fails with a
    gateway error, the registrar may have added it; run the task again (it reads the keys first).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.domain
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  dnssec_keys:
    aliases: [keys]
    description:
      - The DNSSEC keys, as in the zone's DNSKEY records (for example from C(dnssec-dsfromkey) input or
        your DNS provider's DNSSEC page).
      - Each is sent as C(PUT /domain/@id/dnssec) with C(flags), C(alg), C(pubkey) and C(protocol=3);
        the API documents no body for this request.
    type: list
    elements: dict
    default: []
    suboptions:
      flags:
        description:
          - DNSKEY flags, V(257) for a key signing key (KSK, the usual one to publish), V(256) for a zone
            signing key.
        type: int
        required: true
      algorithm:
        description:
          - DNSSEC algorithm number, for example V(13) (ECDSA P-256 SHA-256), V(8) (RSA SHA-256) or V(15) (Ed25519).
        type: int
        required: true
      public_key:
        description:
          - The public key, base64, as in the DNSKEY record. Spaces and line breaks are ignored.
        type: str
        required: true
  state:
    description:
      - V(present) adds the keys of O(dnssec_keys) that are missing.
      - V(absent) removes the keys of O(dnssec_keys) that are present.
    type: str
    choices: [present, absent]
    default: present
  prune:
    description:
      - With O(state=present), also remove every key not listed in O(dnssec_keys). With an empty O(dnssec_keys) this
        removes all keys, which turns DNSSEC off at the registry (do it before you stop signing the zone).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Publish the zone's key signing key
  xtom.console.domain_dnssec:
    domain: example.net
    dnssec_keys:
      - flags: 257
        algorithm: 13
        public_key: mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
  register: dnssec

- name: Show the key tags now at the registry
  ansible.builtin.debug:
    msg: "{{ dnssec.dnssec_keys | map(attribute='key_tag') | list }}"

- name: Roll to a new key, removing every other one
  xtom.console.domain_dnssec:
    domain: example.net
    dnssec_keys:
      - flags: 257
        algorithm: 15
        public_key: l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=
    prune: true

- name: Turn DNSSEC off at the registry
  xtom.console.domain_dnssec:
    domain: example.net
    dnssec_keys: []
    prune: true
"""

RETURN = r"""
dnssec_keys:
  description:
    - The domain's DNSSEC keys after the run (in check mode, as they would be).
  returned: success
  type: list
  elements: dict
  contains:
    key:
      description: The API's reference of the key (used to delete it); empty for a key that check mode would add.
      type: str
      sample: "1"
    flags:
      description: DNSKEY flags.
      type: int
      sample: 257
    algorithm:
      description: DNSSEC algorithm number.
      type: int
      sample: 13
    protocol:
      description: DNSKEY protocol (always 3).
      type: int
      sample: 3
    public_key:
      description: Base64 public key.
      type: str
    key_tag:
      description: Key tag computed from the key (RFC 4034), as shown in DS records.
      type: int
      sample: 2371
changes:
  description:
    - The keys added (V(add), RV(changes[].after) is the key) and removed (V(remove), RV(changes[].before) is
      the key), in the order sent; RV(changes[].what) names the domain and the key, for example
      V(example.net dnssec key 2371 (flags 257, algorithm 13\)), and is the header of its diff.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(add) or V(remove).
      type: str
    what:
      description: The domain and the key (tag, flags, algorithm).
      type: str
    before:
      description: The key removed (as in RV(dnssec_keys)), or V(null).
      type: dict
    after:
      description: The key added, or V(null).
      type: dict
domain:
  description: The domain, in the shape of the rows of M(xtom.console.domain_info).
  returned: success
  type: dict
  sample: {"id": 2002, "name": "example.net", "status": "Active", "expires": "2027-06-11"}
"""

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import option_error
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    add_dnssec_key,
    delete_dnssec_key,
    dnssec_identity,
    get_dnssec_flags,
    list_dnssec_keys,
    resolve_domain,
)
from ansible_collections.xtom.console.plugins.module_utils.domains_input import plan_dnssec, validate_dnssec_keys
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def view(keys):
    """Keys in a stable order."""
    return sorted(keys, key=lambda k: (k["flags"], k["algorithm"], k["public_key"]))


def describe(domain, key):
    return "%s dnssec key %s (flags %s, algorithm %s)" % (domain["name"], key["key_tag"], key["flags"], key["algorithm"])


def check_flags(client, domain, desired, add):
    """Fail before any change when the registrar does not accept a new key's flags."""
    accepted = [f["flags"] for f in get_dnssec_flags(client, domain["id"])]
    for n, key in enumerate(desired):
        if key in add and accepted and key["flags"] not in accepted:
            raise option_error("dnssec_keys[%d].flags" % n, key["flags"], "is not accepted by the registrar of %s" % domain["name"],
                               accepted)


def run(module):
    p = module.params
    desired = validate_dnssec_keys(p["dnssec_keys"], "dnssec_keys")
    if p["prune"] and p["state"] == "absent":
        raise option_error("prune", True, "only applies to state=present")
    client = module.client
    domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
    current = list_dnssec_keys(client, domain["id"])
    add, delete = plan_dnssec(current, desired, p["state"], p["prune"])
    if add:
        check_flags(client, domain, desired, add)

    cs = ChangeSet()
    # New keys first, so that a key roll never leaves the domain without a key.
    for key in add:
        cs.add("add", describe(domain, key), None, key, lambda k=key: add_dnssec_key(client, domain["id"], k))
    for key in delete:
        cs.add("remove", describe(domain, key), key, None, lambda k=key: delete_dnssec_key(client, domain["id"], k))
    cs.apply(module.check_mode)
    gone = set(dnssec_identity(k) for k in delete)
    final = [k for k in current if dnssec_identity(k) not in gone] + add
    if add and not module.check_mode:
        final = list_dnssec_keys(client, domain["id"])  # the new keys' references come from the API
    return cs.result(dnssec_keys=view(final), domain=dict(domain))


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="str"),
            dnssec_keys=dict(
                aliases=["keys"],
                type="list",
                elements="dict",
                default=[],
                no_log=False,
                options=dict(
                    flags=dict(type="int", required=True),
                    algorithm=dict(type="int", required=True),
                    public_key=dict(type="str", required=True, no_log=False),
                ),
            ),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            prune=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("domain", "domain_id")],
        required_one_of=[("domain", "domain_id")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
