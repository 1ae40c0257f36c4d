#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: dns_record
short_description: Manage one DNS record set in an xTom DNS zone or a registered domain's DNS
version_added: 0.1.0
description:
  - Makes sure the records of one name and type (a record set) hold exactly the values given, or are absent.
  - Works on a zone of a DNS hosting service (O(zone) or O(zone_id)) or on the DNS of a registered
    domain (O(domain) or O(domain_id); records there have no TTL and are addressed by their index).
  - All input is validated before any request. A run that changes nothing costs two requests
    (find the zone, read it); each change costs one more write. A changed value is updated in place
    (one C(PUT)) rather than deleted and created again.
  - To manage many record sets in one task, or to remove every record not listed, use M(xtom.console.dns_records).
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
  - xtom.console.dns_target
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  record:
    description:
      - The record name, relative to the zone (V(www)), fully qualified with or without the trailing
        dot (V(www.example.com.)), or V(@) for the apex. Compared without regard to case.
      - V(*) is allowed as the first label (V(*.dev)).
    type: str
    required: true
  type:
    description:
      - The record type, for example V(A), V(AAAA), V(CNAME), V(MX), V(TXT), V(NS), V(SRV), V(CAA), V(PTR).
      - V(URL), V(FRAME) and V(MXE) exist only in a registered domain's DNS. V(SOA) is managed by the DNS service.
    type: str
    required: true
  value:
    description:
      - The values of the record set; several values make several records.
      - Required with O(state=present). With O(state=absent), only these values are removed; without, the whole set.
      - V(A) and V(MXE) take an IPv4 address, V(AAAA) an IPv6 address (compared in canonical form),
        V(CNAME), V(NS) and V(PTR) a host name (a trailing dot does not matter).
      - V(MX) takes V(mail.example.com) or V(10 mail.example.com) (the priority first);
        V(SRV) takes V(weight port target) or V(priority weight port target).
      - V(CAA) takes V(0 issue "letsencrypt.org").
      - V(TXT) takes plain text (V(v=spf1 -all)) or complete double-quoted strings as in a zone file
        (V("v=spf1 " "-all"), with C(\\") for a quote inside); mixed or unbalanced quotes are refused.
        Both forms compare by their text (the strings joined), case-sensitively.
      - A TXT value whose strings all fit in 255 characters is sent as given. A longer one, plain or
        quoted (a DKIM key), is sent as its text split into quoted strings of 255 characters; it still
        compares by its text, so either form given again changes nothing.
      - Control characters (newline, NUL, ...) are refused in every value and name.
      - A single value given as a string is split at commas (Ansible's list handling), so give a value
        that contains a comma as a one-item YAML list.
    type: list
    elements: str
  ttl:
    description:
      - TTL in seconds, from 30 to 604800.
      - If not given, new records get 3600 and existing records keep their TTL.
      - Not available for a registered domain's DNS.
    type: int
  priority:
    description:
      - Priority of V(MX) and V(SRV) records (0 to 65535), used for each value that does not start with its own.
    type: int
  state:
    description:
      - V(present) makes the record set hold the values; V(absent) removes them.
    type: str
    choices: [present, absent]
    default: present
  on_existing:
    description:
      - What to do with other values already at this name and type.
      - V(replace) removes them, so the set holds exactly O(value).
      - V(keep) leaves them and adds the missing values.
      - V(keep_and_fail) fails, changing nothing, when there are other values.
    type: str
    choices: [replace, keep_and_fail, keep]
    default: replace
notes:
  - A CNAME cannot sit beside other types at the same name; this is checked against the zone before any write.
  - Record ids of records created by this run are V(null) when the API does not return them (it
    does not in the reference); M(xtom.console.dns_zone_info) shows them.
  - In a registered domain's DNS, C(id) is the record's index; deleting a record shifts the
    indexes after it. The module updates first, then deletes from the highest index down, then adds.
    Right before each update or delete by index it reads the list again and checks that the record
    at that index is still the one planned (name, type, value); when another task moved it, nothing
    is sent for it and the task fails (run it again).
  - Deleting a record that is already gone (a C(404) on the C(DELETE), for example on the retry
    after a gateway error) counts as done, once the records read again no longer list it.
  - Every answer the module reads is understood or refused. An answer in an unknown shape fails,
    naming the route, before any write.
"""

EXAMPLES = r"""
- name: Point www.example.com at two addresses
  xtom.console.dns_record:
    zone: example.com
    record: www
    type: A
    value:
      - 203.0.113.10
      - 203.0.113.11
    ttl: 300

- name: The apex mail exchangers (priority in the value, or from priority)
  xtom.console.dns_record:
    zone: example.com
    record: "@"
    type: MX
    value:
      - 10 mail.example.com
      - mail2.example.com
    priority: 20

- name: An SPF record (plain text; the zone's quoted "v=spf1 mx -all" compares equal)
  xtom.console.dns_record:
    zone: example.com
    record: example.com.
    type: TXT
    value: v=spf1 mx -all

- name: A DKIM key longer than 255 characters, given as one line (sent as strings of 255 characters)
  xtom.console.dns_record:
    zone: example.com
    record: default._domainkey
    type: TXT
    value: "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwZ3r5Vd0pYk1e8qVvT1ZcQ7m2hL0Y8sJcN4fX6uW3bR9\
      tK2aE5gH7jD1lM0nP8qS4vU6wY9zB3cF5hJ7kL1mN3pR5tV7xZ9bD1fH3jK5lN7pR9tV1xZ3bD5fH7jK9lN1pR3tV5xZ7bD9fH1jK3lN5pR7t\
      V9xZ1bD3fH5jK7lN9pR1tV3xZ5bD7fH9jK1lN3pR5tV7xZ9bD1fH3jK5lN7pR9tV1xZ3bD5fH7jK9lN1pR3tV5xZ7bD9fH1jK3lN5pR7tV9xZ1\
      bD3fH5jK7lN9pR1tV3xZ5bD7QIDAQAB"

- name: Add a verification value, leaving the other TXT values of the apex alone
  xtom.console.dns_record:
    zone: example.com
    record: "@"
    type: TXT
    value: google-site-verification=abc123
    on_existing: keep

- name: A record in the registrar DNS of the registered domain example.net
  xtom.console.dns_record:
    domain: example.net
    record: api
    type: A
    value: 203.0.113.41
  register: result

- name: Show the record set with its ids
  ansible.builtin.debug:
    var: result.record_set

- name: Remove the blog alias
  xtom.console.dns_record:
    zone: example.com
    record: blog
    type: CNAME
    state: absent
"""

RETURN = r"""
record_set:
  description: The record set after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    record:
      description: Name relative to the zone, V(@) for the apex.
      type: str
      sample: www
    fqdn:
      description: Fully qualified name, without a trailing dot.
      type: str
      sample: www.example.com
    type:
      description: Record type.
      type: str
      sample: A
    ttl:
      description:
        - TTL of the records; a sorted list when they differ; V(null) for a registered domain's DNS
          or an empty set.
      type: raw
      sample: 300
    value:
      description: The values, sorted, in canonical form (MX and SRV start with the priority; TXT without quotes).
      type: list
      elements: str
      sample: ["203.0.113.10", "203.0.113.11"]
    records:
      description:
        - Each record with its C(id), C(value), C(content) (as sent or read), C(priority) and C(ttl).
        - C(id) is V(null) for a record created by this run when the API does not return it.
      type: list
      elements: dict
      sample:
        - {"id": 10006, "value": "203.0.113.10", "content": "203.0.113.10", "priority": null, "ttl": 300}
changes:
  description:
    - The writes made (in check mode, that would be made), in order; the same in check mode and a real run.
    - C(action) is V(create), V(update) or V(delete); C(what) names the record set (V(example.com www A)),
      also the header of the diff; C(before) and C(after) are the record (C(before) also carries its C(id),
      for a registered domain its index).
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(create), V(update) or V(delete).
      type: str
    what:
      description: What is written, also the header of its diff (V(example.com www A), V(zone example.org)).
      type: str
    before:
      description: The object before (V(null) for a create); a record also carries its C(id).
      type: dict
    after:
      description: The object after (V(null) for a delete).
      type: dict
  sample:
    - {"action": "update", "what": "example.com www A",
       "before": {"id": 10006, "record": "www", "type": "A", "value": "203.0.113.10", "ttl": 3600},
       "after": {"record": "www", "type": "A", "value": "203.0.113.11", "ttl": 3600}}
zone:
  description:
    - Where the records live, in the shape of the C(zones) of M(xtom.console.dns_zone_info).
    - For a registered domain's DNS, C(id) and C(service_id) are V(null) and C(domain_id) is set.
  returned: success
  type: dict
  sample: {"id": 3001, "name": "example.com", "service_id": 1003, "domain_id": null}
"""

from ansible_collections.xtom.console.plugins.module_utils.dns_spec import RECORD_OPTIONS
from ansible_collections.xtom.console.plugins.module_utils.dns import (
    TARGET_OPTIONS,
    TARGET_RULES,
    record_sets,
    resolve_target,
    sync,
    validate,
)
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    entry = dict((k, p[k]) for k in RECORD_OPTIONS)
    target = validate(p, [entry], single=True)  # before any request
    backend = resolve_target(module.client, target)
    planned = sync(backend, [entry], module.check_mode, single=True)
    return planned["changes"].result(record_set=record_sets(planned, backend)[0], zone=backend.zone)


def main():
    spec = dict(TARGET_OPTIONS)
    spec.update(
        record=dict(type="str", required=True),
        type=dict(type="str", required=True),
        value=dict(type="list", elements="str"),
        ttl=dict(type="int"),
        priority=dict(type="int"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        on_existing=dict(type="str", default="replace", choices=["replace", "keep_and_fail", "keep"]),
    )
    module = XtomModule(
        argument_spec=spec,
        required_if=[["state", "present", ["value"]]],
        supports_check_mode=True,
        **TARGET_RULES
    )
    module.run(run)


if __name__ == "__main__":
    main()
