# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment(object):

    # Where the record modules write: a DNS hosting zone, or a registered domain's DNS.
    DOCUMENTATION = r"""
options:
  zone:
    description:
      - Name of the DNS hosting zone, for example V(example.com).
      - Exactly one of O(zone), O(zone_id), O(domain) and O(domain_id) is required.
    type: str
  zone_id:
    description:
      - Id of the DNS hosting zone (the C(domain_id) of C(GET /dns)); ASCII digits only.
      - With a numeric O(service) as well, the zone list is not read (one request fewer).
    type: str
  service:
    description:
      - The DNS hosting service (id, label or hostname) holding the zone. Only needed when the same
        zone name exists in two services, or to save a request together with O(zone_id).
    type: str
  domain:
    description:
      - A registered domain whose DNS (at the registrar) to manage, instead of a hosted zone.
      - Its supported types come from C(GET /domain/@id/dns/types) (read only when a type is not yet in use there).
    type: str
  domain_id:
    description:
      - Id of a registered domain whose DNS to manage; ASCII digits only.
    type: str
"""
