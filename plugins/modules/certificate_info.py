#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: certificate_info
short_description: Read xTom SSL certificates, with the issued certificate (PEM)
version_added: 0.1.0
description:
  - Lists the account's SSL certificates (C(GET /certificate)), or returns one with its details
    (C(GET /certificate/@id), with CSR, contacts, organization, approver email, software).
  - With V(crt) in O(include), also returns the issued certificate of that one certificate
    (C(GET /certificate/@id/crt)) as PEM text, and its chain and private key when the portal sends them.
  - This module only reads; it never writes files. Write the PEM with M(ansible.builtin.copy) (see the examples).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
attributes:
  check_mode:
    support: full
    details: The module only reads.
  diff_mode:
    support: none
  idempotent:
    support: full
options:
  id:
    description:
      - Certificate (service) id (ASCII digits).
    type: str
  domain:
    description:
      - Pick the certificate by its domain instead of O(id); it must match one live certificate
        (not cancelled, terminated or expired), or exactly one certificate.
    type: str
  include:
    description:
      - Optional extra reads. V(crt) returns the issued certificate (PEM) of the certificate picked by O(id) or
        O(domain) in C(crt), C(chain) and C(key) of its row; it fails when the certificate has not been issued yet.
    type: list
    elements: str
    choices: [crt]
    default: []
notes:
  - A private key is returned only when the portal sends one; it is a secret, so set C(no_log) on the task that
    reads it and on the one that writes it.
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

- name: The issued certificate of example.com
  xtom.console.certificate_info:
    domain: example.com
    include: [crt]
  register: issued

- name: Write it (with its chain when the portal sends one) to a file
  ansible.builtin.copy:
    content: "{{ issued.certificates[0].crt }}{{ issued.certificates[0].chain or '' }}"
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
      description: Domain of the certificate (empty for a new order the portal has not filled in yet).
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
      returned: when O(id) or O(domain) is set and the portal sends it
    contacts:
      description: Admin, billing and tech contacts as the portal sends them (one certificate only).
      type: dict
      returned: when O(id) or O(domain) is set
    organization:
      description: Organization details (one certificate only).
      type: dict
      returned: when O(id) or O(domain) is set
    crt:
      description: The issued certificate (PEM, ending with a newline).
      type: str
      returned: when O(include) has V(crt)
    chain:
      description: The intermediate certificates (PEM), or V(null) when the portal sends none.
      type: str
      returned: when O(include) has V(crt)
    key:
      description: The private key (PEM), or V(null) when the portal sends none (it usually does not).
      type: str
      returned: when O(include) has V(crt)
  sample: [{"id": 3001, "domain": "example.com", "name": "PositiveSSL", "status": "Active", "cert_status": "Issued",
            "cert_expires": "2027-03-01 12:00:00", "cert_email": "admin@example.com", "billingcycle": "Annually",
            "total": "9.95", "next_due": "2027-03-01"}]
"""

from ansible_collections.xtom.console.plugins.module_utils.certificates import (
    get_crt,
    list_certificates,
    resolve_certificate,
)
from ansible_collections.xtom.console.plugins.module_utils.common import check_text, option_error, parse_id
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    client = module.client
    cert_id = parse_id(p["id"], "id") if p["id"] is not None else None
    check_text(p["domain"], "domain")
    if cert_id is None and not p["domain"]:
        if "crt" in p["include"]:
            raise option_error("include", "crt", "needs id or domain: which certificate to read")
        return {"changed": False, "certificates": list_certificates(client)}
    cert = resolve_certificate(client, cert_id=cert_id, domain=p["domain"])
    if "crt" in p["include"]:
        cert.update(get_crt(client, cert["id"]))
    return {"changed": False, "certificates": [cert]}


def main():
    module = XtomModule(
        argument_spec=dict(
            id=dict(type="str"),
            domain=dict(type="str"),
            include=dict(type="list", elements="str", choices=["crt"], default=[]),
        ),
        mutually_exclusive=[("id", "domain")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
