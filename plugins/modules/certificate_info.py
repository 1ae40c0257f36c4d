#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: certificate_info
short_description: Read xTom SSL certificates and download an issued one
version_added: 0.1.0
description:
  - Lists the account's SSL certificates (C(GET /certificate)), or returns one with its details
    (C(GET /certificate/@id), with CSR, contacts, organization, approver email, software).
  - With O(dest), downloads the issued certificate (C(GET /certificate/@id/crt)) to a file on the target.
    The file is written only when its content differs; the task then reports a change.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: In check mode O(dest) is not written; the task reports whether it would be.
  diff_mode:
    support: none
  idempotent:
    support: full
options:
  id:
    description:
      - Certificate (service) id.
    type: int
  domain:
    description:
      - Pick the certificate by its domain instead of O(id); it must match one live certificate
        (not cancelled, terminated or expired), or exactly one certificate.
    type: str
  dest:
    description:
      - Write the issued certificate (PEM) to this file. Needs O(id) or O(domain).
      - Fails when the certificate has not been issued yet; nothing is written then.
    type: path
  mode:
    description:
      - Permissions of O(dest), as for M(ansible.builtin.copy) (for example V('0644')).
      - When not set, a new file gets the default permissions and an existing file keeps its own.
    type: raw
"""

EXAMPLES = r"""
- name: All certificates
  xtom.console.certificate_info:
  register: certs

- name: Certificates that expire soon
  ansible.builtin.debug:
    msg: "{{ certs.certificates | selectattr('cert_expires', 'lt', '2027-04-01') | map(attribute='domain') }}"

- name: One certificate with its details
  xtom.console.certificate_info:
    domain: example.com
  register: cert

- name: Download the issued certificate of example.com
  xtom.console.certificate_info:
    domain: example.com
    dest: /tmp/example.com.crt
    mode: "0644"
"""

RETURN = r"""
certificates:
  description:
    - The certificates of the account, or the one selected by O(id) / O(domain) with its details.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Certificate (service) id.
      type: int
    domain:
      description: Domain of the certificate.
      type: str
    name:
      description: Certificate product.
      type: str
    status:
      description: Status of the order (C(Active), C(Pending)...).
      type: str
    cert_status:
      description: Status of the certificate at the certificate authority.
      type: str
    cert_expires:
      description: Expiry of the certificate.
      type: str
    cert_email:
      description: Approver email.
      type: str
    billingcycle:
      description: Billing cycle.
      type: str
    total:
      description: Recurring amount.
      type: str
    next_due:
      description: Next due date.
      type: str
    csr:
      description: The certificate request (one certificate only).
      type: str
      returned: when O(id) or O(domain) is set
    software:
      description: Server software id (one certificate only).
      type: int
      returned: when O(id) or O(domain) is set
    contacts:
      description: Admin, billing and tech contacts as the portal sends them (one certificate only).
      type: dict
      returned: when O(id) or O(domain) is set
    organization:
      description: Organization details (one certificate only).
      type: dict
      returned: when O(id) or O(domain) is set
  sample: [{"id": 3001, "domain": "example.com", "name": "PositiveSSL", "status": "Active", "cert_status": "Issued",
            "cert_expires": "2027-03-01 12:00:00", "cert_email": "admin@example.com", "billingcycle": "Annually",
            "total": "9.95", "next_due": "2027-03-01"}]
dest:
  description: The file the certificate was written to (or would be, in check mode).
  returned: when O(dest) is set
  type: str
  sample: /etc/ssl/example.com.crt
crt:
  description: The issued certificate (PEM).
  returned: when O(dest) is set
  type: str
"""

import os

from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.xtom.console.plugins.module_utils.certificates import (
    get_crt,
    list_certificates,
    resolve_certificate,
)
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def write_if_different(module, dest, content):
    """Write ``content`` to ``dest`` atomically unless it already holds it; returns True when (to be) written."""
    data = to_bytes(content)
    if os.path.isdir(dest):
        raise XtomValidationError("dest=%r is a directory; give a file name" % dest)
    if os.path.exists(dest):
        with open(dest, "rb") as f:
            if f.read() == data:
                return False
    if module.check_mode:
        return True
    directory = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise XtomValidationError("dest=%r: the directory %s does not exist" % (dest, directory))
    tmp = os.path.join(module.tmpdir, "certificate.crt")
    with open(tmp, "wb") as f:
        f.write(data)
    module.atomic_move(tmp, dest)
    return True


def run(module):
    p = module.params
    client = module.client
    if p["dest"] and p["id"] is None and not p["domain"]:
        raise XtomValidationError("dest needs id or domain: which certificate to download")
    if p["mode"] is not None and not p["dest"]:
        raise XtomValidationError("mode is only used with dest")
    if p["id"] is None and not p["domain"]:
        return {"changed": False, "certificates": list_certificates(client)}
    cert = resolve_certificate(client, cert_id=p["id"], domain=p["domain"])
    result = {"changed": False, "certificates": [cert]}
    if p["dest"]:
        crt = get_crt(client, cert["id"])
        if not crt:
            raise XtomValidationError("certificate %s (%s) has no issued certificate yet (status %s); nothing written to %s"
                                      % (cert["id"], cert["domain"], cert["cert_status"] or cert["status"], p["dest"]))
        changed = write_if_different(module, p["dest"], crt)
        if p["mode"] is not None and os.path.exists(p["dest"]):
            changed = module.set_mode_if_different(p["dest"], p["mode"], changed)
        result.update(changed=changed, dest=p["dest"], crt=crt)
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            id=dict(type="int"),
            domain=dict(type="str"),
            dest=dict(type="path"),
            mode=dict(type="raw"),
        ),
        mutually_exclusive=[("id", "domain")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
