#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: product_info
short_description: Read the xTom catalog (products, their options and prices, TLDs, certificates)
version_added: 0.1.0
description:
  - Returns the product categories (C(GET /category)) and, on request, the products of a category
    (C(GET /category/@category_id/product)), the configuration of one product (C(GET /order/@product_id),
    with billing cycles and prices, configuration options with their values, addons), the TLDs with their
    prices (C(GET /domain/order)) and the extra forms of one TLD (C(GET /domain/order/@id/form)), and the
    certificate products with their server software lists (C(GET /certificate/order)).
  - Use it to find the names and values that M(xtom.console.order) takes.
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
  category:
    description:
      - List the products of these categories (id, name or slug) in RV(products).
      - A string is a list of one (split at commas).
    type: list
    elements: str
  product:
    description:
      - Return the configuration of this product (id or name) in RV(product).
      - A name is looked up in the categories of O(category) when given, else in every category.
    type: str
  include:
    description:
      - Optional extra reads.
      - V(tlds) returns the TLDs with their prices in RV(tlds) (C(GET /domain/order)).
      - V(certificates) returns the certificate products with their periods and server software lists in
        RV(certificates) (one request, plus one per certificate product).
    type: list
    elements: str
    choices: [tlds, certificates]
    default: []
  tld:
    description:
      - Also read the extra order forms of this TLD (for example V(.io)); implies V(tlds) in O(include).
      - The forms are returned as C(forms) of that TLD in RV(tlds).
    type: str
"""

EXAMPLES = r"""
- name: Product categories
  xtom.console.product_info:
  register: catalog

- name: Virtual servers on sale
  xtom.console.product_info:
    category: Virtual Servers
  register: vps

- name: What can be chosen for a KVM VPS Starter
  xtom.console.product_info:
    product: KVM VPS Starter
  register: starter

- name: Print its operating systems
  ansible.builtin.debug:
    msg: "{{ (starter.product.options | selectattr('title', 'equalto', 'Operating System') | first)['items'] | map(attribute='title') }}"

- name: Domain prices, and the extra forms of .io
  xtom.console.product_info:
    tld: .io
  register: tlds

- name: TLD prices and certificates with their software lists
  xtom.console.product_info:
    include: [tlds, certificates]
  register: catalog_extras
"""

RETURN = r"""
categories:
  description: Product categories.
  returned: success
  type: list
  elements: dict
  sample: [{"id": 10, "name": "Virtual Servers", "description": "KVM virtual private servers", "slug": "vps"}]
products:
  description: Products of the categories of O(category), in that order.
  returned: when O(category) is set
  type: list
  elements: dict
  contains:
    id:
      description: Product id.
      type: int
    name:
      description: Product name.
      type: str
    category_id:
      description: Category id.
      type: int
    description:
      description: Description.
      type: str
    stock:
      description: Stock control flag as the portal sends it.
      type: bool
    paytype:
      description: Payment type (for example C(Regular)).
      type: str
    cycles:
      description: Billing cycles with C(cycle) (code), C(name), C(price), C(setup) and C(default).
      type: list
      elements: dict
  sample: [{"id": 101, "name": "KVM VPS Starter", "category_id": 10, "description": "1 vCPU", "stock": false,
            "paytype": "Regular", "cycles": [{"cycle": "m", "name": "Monthly", "price": "9.99", "setup": "0.00",
                                              "default": true}]}]
product:
  description: Configuration of O(product).
  returned: when O(product) is set
  type: dict
  contains:
    id:
      description: Product id.
      type: int
    name:
      description: Product name.
      type: str
    category:
      description: Category name.
      type: str
    category_id:
      description: Category id.
      type: int
    cycles:
      description: Billing cycles with C(cycle), C(name), C(price), C(setup) and C(default).
      type: list
      elements: dict
    hostname:
      description: Whether the order form asks for a host name.
      type: bool
    options:
      description:
        - Configuration options (M(xtom.console.order)'s O(xtom.console.order#module:options)), each with C(id),
          C(title), C(type) (C(select), C(radio), C(checkbox), C(qty), C(input)...), C(required),
          C(description), C(field) (the API field name), C(min)/C(max) for quantities, and C(items)
          (C(id), C(title), C(price), C(setup), C(selected)).
      type: list
      elements: dict
    addons:
      description: Addons with C(id), C(title), C(description) and C(cycles).
      type: list
      elements: dict
    subproducts:
      description: Sub-products as the portal sends them.
      type: list
      elements: raw
  sample: {"id": 101, "name": "KVM VPS Starter", "category": "Virtual Servers", "category_id": 10,
           "cycles": [{"cycle": "m", "name": "Monthly", "price": "9.99", "setup": "0.00", "default": true}],
           "hostname": true, "addons": [], "subproducts": [],
           "options": [{"id": 1700, "title": "Operating System", "type": "select", "required": true,
                        "description": "", "multiple": false, "field": "custom[1700]",
                        "items": [{"id": 10400, "title": "Debian 12", "price": "0.00", "setup": "0.00",
                                   "selected": false}]}]}
tlds:
  description: TLDs with C(id), C(tld), C(periods) (C(years), C(register), C(transfer), C(renew), C(redemption)),
    and C(forms) (same shape as the product options) for O(tld).
  returned: when O(include) has V(tlds) or O(tld) is set
  type: list
  elements: dict
  sample: [{"id": 6, "tld": ".com", "periods": [{"years": 1, "register": "10.00", "transfer": "0.00",
                                                 "renew": "15.00", "redemption": "40.00"}]}]
certificates:
  description: Certificate products with C(id), C(name), C(description), C(category), C(periods)
    (C(years), C(price), C(renew)) and C(software) (C(id), C(name)).
  returned: when O(include) has V(certificates)
  type: list
  elements: dict
  sample: [{"id": 401, "name": "PositiveSSL", "description": "", "category": "SSL Certificates",
            "periods": [{"years": 1, "price": "9.95", "renew": "9.95"}], "software": [{"id": 4, "name": "Nginx"}]}]
"""

from ansible_collections.xtom.console.plugins.module_utils.common import check_text, option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.orders import Catalog


def read_tlds(cat, tld):
    """The TLDs; with ``tld``, that TLD also gets its extra order ``forms``."""
    tlds = [dict(t) for t in cat.tlds()]
    if tld:
        wanted = "." + tld.strip().lower().lstrip(".")
        found = [t for t in tlds if t["tld"] == wanted or str(t["id"]) == tld.strip()]
        if not found:
            raise option_error("tld", tld, "is not offered", [t["tld"] for t in tlds] or "none")
        found[0]["forms"] = cat.tld_forms(found[0]["id"])
    return tlds


def run(module):
    p = module.params
    for name in ("product", "tld"):
        check_text(p[name], name)
    for value in p["category"] or []:
        check_text(value, "category")
    cat = Catalog(module.client)
    result = {"changed": False, "categories": cat.categories()}
    if p["category"]:
        result["products"] = [row for ref in p["category"] for row in cat.products(cat.category(ref)["id"])]
    if p["product"]:
        result["product"] = cat.find_product(p["product"], p["category"])
    if "tlds" in p["include"] or p["tld"]:
        result["tlds"] = read_tlds(cat, p["tld"])
    if "certificates" in p["include"]:
        result["certificates"] = [dict(c, software=cat.certificate_software(c["id"])) for c in cat.certificate_products()]
    return result


def main():
    module = XtomModule(
        argument_spec=dict(
            category=dict(type="list", elements="str"),
            product=dict(type="str"),
            include=dict(type="list", elements="str", choices=["tlds", "certificates"], default=[]),
            tld=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
