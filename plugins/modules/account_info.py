#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: account_info
short_description: Read the xTom account's details, balance and payment methods
version_added: 0.1.0
description:
  - Returns the registration details of the account (C(GET /details)), and by default its balance
    (C(GET /balance)) and the payment methods it can use (C(GET /payment) or C(GET /payment/fees)).
  - Each part costs one request; leave parts out of O(include) to make fewer.
  - An answer this collection does not understand fails the task, naming the route (for example
    C(GET /balance) and the keys it found); it is never shown as an empty or zero value.
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
    details: This module only reads; it runs the same in check mode.
options:
  include:
    description:
      - Which parts to read besides the registration details.
      - V(balance) reads the account balance and credit.
      - V(payment_methods) reads the payment methods by id and name.
      - V(payment_fees) reads the payment methods with their fixed and percentage fees
        (one request; replaces V(payment_methods) when both are given).
    type: list
    elements: str
    choices: [balance, payment_methods, payment_fees]
    default: [balance, payment_methods]
"""

EXAMPLES = r"""
- name: Show the account
  xtom.console.account_info:
  register: acct

- name: Print the balance
  ansible.builtin.debug:
    msg: "{{ acct.account.email }} owes {{ acct.account.balance.balance }} {{ acct.account.balance.currency }}"

- name: Only the registration details (one request), with explicit credentials
  xtom.console.account_info:
    api_username: "{{ xtom_username }}"
    api_password: "{{ xtom_password }}"
    include: []

- name: Payment methods with their fees
  xtom.console.account_info:
    include: [payment_fees]
"""

RETURN = r"""
account:
  description: The account's registration details, with the parts asked for in O(include).
  returned: success
  type: dict
  contains:
    id:
      description: Client id.
      type: int
      sample: 26
    email:
      description: Account email address (the API user name).
      type: str
      sample: joe@example.com
    firstname:
      description: First name.
      type: str
    lastname:
      description: Last name.
      type: str
    companyname:
      description: Organization.
      type: str
    type:
      description: Account type (V(Private) or V(Company)); empty when the portal does not return it.
      type: str
    vateu:
      description: EU VAT number; empty when the portal does not return it.
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
    state:
      description: State or region of the address.
      type: str
    postcode:
      description: Post code.
      type: str
    country:
      description: Country code.
      type: str
      sample: US
    phonenumber:
      description: Phone number.
      type: str
      sample: "+1.24123123"
    lastlogin:
      description: Time of the last login to the client area.
      type: str
    ip:
      description: IP address of the last login.
      type: str
    host:
      description: Host name of the last login.
      type: str
    balance:
      description: Unpaid invoices total and account credit (when V(balance) is included).
      type: dict
      returned: when O(include) contains V(balance)
      sample: {"currency": "USD", "balance": "19.65", "credit": "5.00"}
    payment_methods:
      description:
        - Payment methods, each with C(id) and C(name); with V(payment_fees) also C(fixed_fee) and C(percent_fee).
      type: list
      elements: dict
      returned: when O(include) contains V(payment_methods) or V(payment_fees)
      sample: [{"id": 10, "name": "BankTransfer"}]
"""

from ansible_collections.xtom.console.plugins.module_utils.account import get_details
from ansible_collections.xtom.console.plugins.module_utils.billing import get_balance, get_payment_methods
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    include = module.params["include"]
    client = module.client
    account = get_details(client)
    if "balance" in include:
        account["balance"] = get_balance(client)
    if "payment_fees" in include:
        account["payment_methods"] = get_payment_methods(client, with_fees=True)
    elif "payment_methods" in include:
        account["payment_methods"] = get_payment_methods(client)
    return {"changed": False, "account": account}


def main():
    module = XtomModule(
        argument_spec=dict(
            include=dict(
                type="list",
                elements="str",
                choices=["balance", "payment_methods", "payment_fees"],
                default=["balance", "payment_methods"],
            ),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
