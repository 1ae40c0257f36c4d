#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: domain_info
short_description: Read the xTom account's registered domains, check names and list TLD prices
version_added: 0.1.0
description:
  - Without O(domain) or O(domain_id), lists every domain of the account (C(GET /domain), one request).
  - With O(domain) or O(domain_id), returns that one domain with its details, and the parts asked for
    in O(include), each read with one more request only when asked.
  - O(lookup) checks whether names can be registered (C(POST /domain/lookup), one request per name;
    nothing is ordered). O(include=[tlds]) lists the TLDs offered with their prices (C(GET /domain/order)).
  - Every answer is understood or refused. An answer in a shape the module does not know fails the task
    naming the route; it is never read as empty.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.attributes.info_module
options:
  domain:
    description:
      - Name of one domain of the account, for example V(example.net).
      - A name registered more than once (an expired registration and its successor) resolves to the one
        live registration; when several are live, the module fails and lists their ids (use O(domain_id) then).
      - Mutually exclusive with O(domain_id).
    type: str
  domain_id:
    description:
      - Id of one domain of the account (ASCII digits). Mutually exclusive with O(domain).
    type: str
  include:
    description:
      - Optional reads; each part costs one request (V(dnssec) two) and fills the key of the same name in the
        domain's row. All but V(tlds) need O(domain) or O(domain_id).
      - V(nameservers) reads the name servers from C(GET /domain/@id/ns) (the details already carry the
        portal's copy).
      - V(lock) reads the registrar (transfer) lock.
      - V(autorenew) reads the automatic renewal setting from C(GET /domain/@id/autorenew).
      - V(contacts) reads the registrant, admin, tech and billing contacts.
      - V(email_forwarding) reads the email forwarders.
      - V(dnssec) reads the DNSSEC keys and the key flags the registrar accepts.
      - V(epp_code) reads the transfer (EPP / auth) code. It is a secret that lets anyone move the
        domain away, so ask for it only when you need it, and set C(no_log) on the task.
      - V(tlds) lists the TLDs offered for registration and transfer, with their prices (RV(tlds)).
    type: list
    elements: str
    choices: [nameservers, lock, autorenew, contacts, email_forwarding, dnssec, epp_code, tlds]
    default: []
  lookup:
    description:
      - Domain names to check for availability, for example V(my-new-name.dev).
    type: list
    elements: str
    default: []
  status:
    description:
      - Keep only the domains with one of these registration statuses (case-insensitive), for example
        V([Active]). Applies to the list of all domains. A status that no domain has and that is not a known
        HostBill status gives a warning with the close matches.
    type: list
    elements: str
    default: []
notes:
  - The ID protection setting is part of the details (RV(domains[].idprotection)); the API has no
    separate route to read it.
  - The list of all domains is only read when neither O(lookup) nor O(include=[tlds]) is given, so that a name
    check costs one request.
"""

EXAMPLES = r"""
- name: List every domain of the account
  xtom.console.domain_info:
  register: all_domains

- name: Show the names that expire within 60 days
  ansible.builtin.debug:
    msg: "{{ all_domains.domains | selectattr('daytoexpire', 'lt', 60) | map(attribute='name') | list }}"

- name: One domain with its lock, contacts and DNSSEC keys
  xtom.console.domain_info:
    domain: example.net
    include: [lock, contacts, dnssec]
  register: net

- name: Print its name servers
  ansible.builtin.debug:
    msg: "{{ net.domains[0].nameservers }}"

- name: Print its DNSSEC key tags
  ansible.builtin.debug:
    msg: "{{ net.domains[0].dnssec.dnssec_keys | map(attribute='key_tag') | list }}"

- name: Active domains only
  xtom.console.domain_info:
    status: [Active]
  register: active

- name: Read the transfer code (a secret)
  xtom.console.domain_info:
    domain: example.net
    include: [epp_code]
  register: transfer
  no_log: true

- name: Is a name free, and what do TLDs cost?
  xtom.console.domain_info:
    lookup: [my-new-name.dev]
    include: [tlds]
  register: check

- name: Report
  ansible.builtin.debug:
    msg: "my-new-name.dev is {{ 'available' if check.lookups[0].available else 'taken' }}"
"""

RETURN = r"""
domains:
  description:
    - All domains of the account, or the one domain asked for (a list of one).
    - The list of all domains carries the fields of C(GET /domain) only.
  returned: when O(domain) or O(domain_id) is set, or when neither O(lookup) nor O(include=[tlds]) is set
  type: list
  elements: dict
  contains:
    id:
      description: Domain id.
      type: int
      sample: 2002
    name:
      description: Domain name.
      type: str
      sample: example.net
    status:
      description: Registration status.
      type: str
      sample: Active
    expires:
      description: Expiry date.
      type: str
      sample: "2027-06-11"
    date_created:
      description: Registration date.
      type: str
    period:
      description: Registration period in years.
      type: int
    recurring_amount:
      description: Renewal price.
      type: str
      sample: "15.00"
    autorenew:
      description: Whether the domain renews automatically.
      type: bool
    daytoexpire:
      description: Days until expiry.
      type: int
      returned: when the API sends it (the list of all domains)
    idprotection:
      description: Whether WHOIS ID protection is on.
      type: bool
      returned: for one domain
    nameservers:
      description: Name servers.
      type: list
      elements: str
      returned: for one domain
      sample: [ns1.xtom.com, ns2.xtom.com]
    next_due:
      description: Next due date.
      type: str
      returned: for one domain
    lock:
      description: Whether the registrar (transfer) lock is on.
      type: bool
      returned: when O(include) contains V(lock)
    contacts:
      description: Contacts by type (V(registrant), V(admin), V(tech), V(billing)), each a dictionary of fields.
      type: dict
      returned: when O(include) contains V(contacts)
      sample: {"registrant": {"firstname": "Joe", "lastname": "Doe", "email": "joe@example.com"}}
    email_forwarding:
      description: Email forwarders, mailbox name (the part before the @) to target address.
      type: dict
      returned: when O(include) contains V(email_forwarding)
      sample: {"info": "joe@example.com"}
    dnssec:
      description:
        - The DNSSEC keys at the registry (C(dnssec_keys)) and the key flags the registrar accepts (C(flags)).
      type: dict
      returned: when O(include) contains V(dnssec)
      contains:
        dnssec_keys:
          description: DNSSEC keys, as M(xtom.console.domain_dnssec) returns them.
          type: list
          elements: dict
          contains:
            key:
              description: The API's reference of the key (used to delete it).
              type: str
            flags:
              description: DNSKEY flags (257 KSK, 256 ZSK).
              type: int
            algorithm:
              description: DNSSEC algorithm number.
              type: int
            protocol:
              description: DNSKEY protocol (always 3).
              type: int
            public_key:
              description: Base64 public key.
              type: str
            key_tag:
              description: Key tag computed from the key (RFC 4034).
              type: int
        flags:
          description: Key flags the registrar accepts.
          type: list
          elements: dict
          sample: [{"flags": 256, "description": "ZSK"}, {"flags": 257, "description": "KSK"}]
    epp_code:
      description: The transfer (EPP / auth) code. Sensitive.
      type: str
      returned: when O(include) contains V(epp_code)
lookups:
  description: Availability of each name of O(lookup).
  returned: when O(lookup) is set
  type: list
  elements: dict
  contains:
    name:
      description: The name checked.
      type: str
    available:
      description: Whether the name can be registered.
      type: bool
    premium:
      description: Whether the registry prices it as a premium name.
      type: bool
    periods:
      description: Prices per number of years (C(tld_id), C(years), C(register), C(transfer), C(renew), C(redemption)).
      type: list
      elements: dict
  sample: [{"name": "my-new-name.dev", "available": true, "premium": false,
            "periods": [{"tld_id": 12, "years": 1, "register": "14.00", "transfer": "0.00", "renew": "16.00",
                         "redemption": "60.00"}]}]
tlds:
  description: TLDs offered, with prices per number of years.
  returned: when O(include) contains V(tlds)
  type: list
  elements: dict
  sample: [{"id": 6, "tld": ".com", "periods": [{"tld_id": 6, "years": 1, "register": "10.00", "transfer": "0.00",
                                                  "renew": "15.00", "redemption": "40.00"}]}]
"""

from ansible_collections.xtom.console.plugins.module_utils.common import close_matches, option_error, validate_hostname
from ansible_collections.xtom.console.plugins.module_utils.domains import (
    get_autorenew,
    get_contacts,
    get_dnssec_flags,
    get_email_forwarding,
    get_epp_code,
    get_lock,
    get_nameservers,
    list_dnssec_keys,
    list_domains,
    list_tlds,
    lookup_domain,
    resolve_domain,
)
from ansible_collections.xtom.console.plugins.module_utils.domains_input import validate_fqdn
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule

# Optional reads of one domain: the include word is the key it fills in the domain's row.
PARTS = {
    "nameservers": get_nameservers,
    "lock": get_lock,
    "autorenew": get_autorenew,
    "contacts": get_contacts,
    "email_forwarding": get_email_forwarding,
    "dnssec": lambda client, did: {"dnssec_keys": list_dnssec_keys(client, did), "flags": get_dnssec_flags(client, did)},
    "epp_code": get_epp_code,
}
# Reads of the account, not of one domain.
ACCOUNT_PARTS = ("tlds",)
INCLUDE = list(PARTS) + list(ACCOUNT_PARTS)
# Registration statuses HostBill uses, for the warning on a status filter that cannot match.
KNOWN_STATUSES = ("Pending", "Pending Registration", "Pending Transfer", "Active", "Expired", "Redemption",
                  "Grace", "Cancelled", "Fraud", "Transferred Away")


def read_parts(client, domain, include):
    for part in PARTS:
        if part in include:
            domain[part] = PARTS[part](client, domain["id"])
    return dict(domain)


def filter_status(module, domains, statuses):
    """Domains whose status is one of ``statuses`` (case-insensitive); a status that cannot match is warned about."""
    if not statuses:
        return domains
    wanted = set(s.strip().lower() for s in statuses)
    known = set(s.lower() for s in KNOWN_STATUSES) | set(d["status"].lower() for d in domains)
    for status in statuses:
        if status.strip().lower() not in known:
            hint = close_matches(status, KNOWN_STATUSES)
            module.warn("status=%s matches no domain status%s; known: %s" % (
                status, (" (did you mean %s?)" % ", ".join(hint)) if hint else "", ", ".join(KNOWN_STATUSES)))
    return [d for d in domains if d["status"].lower() in wanted]


def run(module):
    p = module.params
    one = p["domain"] is not None or p["domain_id"] is not None
    parts = [i for i in p["include"] if i in PARTS]
    if parts and not one:
        raise option_error("include", ",".join(parts), "needs domain or domain_id")
    if p["status"] and one:
        raise option_error("status", ",".join(p["status"]), "filters the list of all domains: leave out domain and domain_id")
    names = [validate_fqdn(n, "lookup") for n in p["lookup"]]
    if p["domain"] is not None:
        validate_hostname(p["domain"], "domain")
    client = module.client
    result = {"changed": False}
    if one:
        domain = resolve_domain(client, name=p["domain"], domain_id=p["domain_id"])
        result["domains"] = [read_parts(client, domain, parts)]
    elif not names and "tlds" not in p["include"]:
        result["domains"] = filter_status(module, [dict(d) for d in list_domains(client)], p["status"])
    if names:
        result["lookups"] = [lookup_domain(client, n) for n in names]
    if "tlds" in p["include"]:
        result["tlds"] = list_tlds(client)
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domain_id=dict(type="str"),
            include=dict(type="list", elements="str", choices=INCLUDE, default=[]),
            lookup=dict(type="list", elements="str", default=[]),
            status=dict(type="list", elements="str", default=[]),
        ),
        mutually_exclusive=[("domain", "domain_id")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
