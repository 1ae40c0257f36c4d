# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment(object):

    # How the registrar modules address one domain of the account (one of the two is required).
    DOCUMENTATION = r"""
options:
  domain:
    description:
      - Name of the domain, for example V(example.net) (an internationalised name may be given in Unicode or
        punycode). Mutually exclusive with O(domain_id).
      - A name registered more than once resolves to its one live registration; when several are live the
        module fails and lists their ids.
    type: str
  domain_id:
    description:
      - Id of the domain (ASCII digits), for example V(2002). Mutually exclusive with O(domain).
    type: str
"""
