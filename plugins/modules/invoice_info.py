#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: invoice_info
short_description: List the xTom account's invoices, or read one with its lines
version_added: 0.1.0
description:
  - Without O(id), lists all invoices of the account (C(GET /invoice)), optionally filtered by
    status and date range. The filters are applied locally; the API has none.
  - With O(id), reads that invoice with its lines and totals (C(GET /invoice/@id)).
  - One request either way.
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
  id:
    description:
      - Invoice id (ASCII digits). The filters do not apply.
    type: raw
  status:
    description:
      - Only invoices with one of these statuses, for example V(Unpaid), V(Paid), V(Cancelled)
        (any case).
    type: list
    elements: str
  date_from:
    description:
      - Only invoices issued on or after this date (V(YYYY-MM-DD)).
    type: str
  date_to:
    description:
      - Only invoices issued on or before this date (V(YYYY-MM-DD)).
    type: str
seealso:
  - module: xtom.console.account_info
"""

EXAMPLES = r"""
- name: Unpaid invoices
  xtom.console.invoice_info:
    status: [Unpaid]
  register: unpaid

- name: Print them
  ansible.builtin.debug:
    msg: "{{ item.number }}: {{ item.total }} {{ item.currency }} due {{ item.duedate }}"
  loop: "{{ unpaid.invoices }}"

- name: Invoices issued in October 2026
  xtom.console.invoice_info:
    date_from: "2026-10-01"
    date_to: "2026-10-31"

- name: One invoice with its lines
  xtom.console.invoice_info:
    id: 308976
  register: invoice

- name: Print its lines
  ansible.builtin.debug:
    msg: "{{ invoice.invoices[0].lines | map(attribute='description') | list }}"
"""

RETURN = r"""
invoices:
  description: The invoices, oldest first as the API lists them; with O(id), a list of one.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Invoice id.
      type: int
      sample: 308976
    number:
      description: Invoice number.
      type: str
      sample: 2026/11/1
    status:
      description: Status.
      type: str
      sample: Unpaid
    date:
      description: Issue date.
      type: str
      sample: "2026-11-15"
    duedate:
      description: Due date.
      type: str
    paybefore:
      description: Pay-before date.
      type: str
    datepaid:
      description: When it was paid; empty when unpaid.
      type: str
    total:
      description: Total, as a decimal string.
      type: str
      sample: "19.65"
    currency:
      description: Currency code.
      type: str
      sample: USD
    merge_id:
      description: Id of the invoice this one was merged into, if any.
      type: int
    subtotal:
      description: Subtotal before tax.
      type: str
      returned: with O(id)
    tax:
      description: Tax amount.
      type: str
      returned: with O(id)
    credit:
      description: Credit applied.
      type: str
      returned: with O(id)
    lines:
      description: The invoice lines (C(items) in the API; C(lines) here, since C(items) is a dictionary method in templates).
      type: list
      elements: dict
      returned: with O(id)
      sample: [{"id": 12305, "type": "Hosting", "item_id": 1001, "description": "KVM VPS Starter",
                "amount": "9.99", "qty": "1.00", "linetotal": "9.99", "taxed": true}]
"""

from ansible_collections.xtom.console.plugins.module_utils.billing import (
    filter_invoices,
    get_invoice,
    list_invoices,
    validate_date,
)
from ansible_collections.xtom.console.plugins.module_utils.common import check_text, option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def run(module):
    p = module.params
    date_from = validate_date(p["date_from"], "date_from")
    date_to = validate_date(p["date_to"], "date_to")
    if date_from and date_to and date_from > date_to:
        raise option_error("date_from", date_from, "is after date_to=%s" % date_to)
    statuses = [check_text(s, "status") for s in p["status"] or []]
    if p["id"] is not None:
        return {"changed": False, "invoices": [get_invoice(module.client, p["id"])]}
    invoices = filter_invoices(list_invoices(module.client), statuses, date_from, date_to)
    return {"changed": False, "invoices": invoices}


def main():
    module = XtomModule(
        argument_spec=dict(
            id=dict(type="raw"),
            status=dict(type="list", elements="str"),
            date_from=dict(type="str"),
            date_to=dict(type="str"),
        ),
        mutually_exclusive=[("id", "status"), ("id", "date_from"), ("id", "date_to")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
