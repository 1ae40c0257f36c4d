# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment(object):

    # The registration fields shared by the account (PUT /details) and contacts (POST/PUT /contact).
    DOCUMENTATION = r"""
options:
  type:
    description: Account type.
    type: str
    choices: [Private, Company]
  firstname:
    description: First name.
    type: str
  lastname:
    description: Last name.
    type: str
  companyname:
    description: Organization.
    type: str
  vateu:
    description: EU VAT number.
    type: str
  address1:
    description: Address line 1.
    type: str
  address2:
    description: Address line 2.
    type: str
  city:
    description: City.
    type: str
  region:
    description: State or region of the address (the API field C(state)).
    type: str
  postcode:
    description: Post code.
    type: str
  country:
    description: Two-letter ISO 3166 country code, for example V(US) or V(DE) (any case).
    type: str
  phonenumber:
    description: Phone number, for example V(+1.24123123).
    type: str
"""
