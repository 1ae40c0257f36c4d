#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: order
short_description: Order xTom products, domains and SSL certificates, once
version_added: 0.1.0
description:
  - Buys a product (C(POST /order/@product_id)), registers or transfers a domain (C(POST /domain/order)),
    renews a domain (C(POST /domain/@id/renew)), orders an SSL certificate (C(POST /certificate/order)), or
    several of these in one cart (C(POST /order) with O(items)).
  - B(This module spends money.) Every order creates an invoice that is charged to O(pay_method) or the
    account's default payment method.
  - Before anything is ordered, every choice is checked against the catalog (C(GET /order/@product_id),
    C(GET /domain/order), C(GET /certificate/order)); an unknown product, a cycle the product does not offer,
    an unknown option or option value, an unknown payment method, TLD or certificate software fail with the
    list of valid choices.
  - 'Nothing is bought twice: the account already has the item when it holds a service of the same product
    with the same O(hostname) that is not cancelled, terminated or fraud; a live domain of the same O(name);
    or a live certificate of the same product for the same domain. Then nothing is ordered, the task reports
    no change and returns the existing id.'
  - 'Certificates: a portal lists a new certificate with an empty domain until the certificate authority has
    it. Such a certificate of the same product counts as this order when its details (C(GET /certificate/@id))
    hold a CSR with the same common name; one with neither a domain nor a readable CSR cannot be told apart from
    this order, so the task fails and orders nothing until the portal shows its domain.'
  - Every list this identity lookup reads (C(GET /service), C(GET /domain), C(GET /certificate), C(GET /invoice))
    must be understood; an answer in a shape this collection does not know stops the task before anything is
    ordered, naming the route (it is never read as "nothing bought yet").
  - 'Two POST requests only read: C(POST /quote) prices an order and C(POST /domain/lookup) asks whether a domain
    is available; neither orders anything. In check mode the module asks the portal for a quote (C(POST /quote))
    and returns the priced order in RV(quote) without ordering anything; a domain to register that the account
    does not hold yet is checked with C(POST /domain/lookup), in check mode too.'
  - Check mode and a real run return the same RV(changes) and diff (one entry per item to order, headed by what
    is ordered, for example C(product 'KVM VPS Starter' for web9.example.com)).
  - The order request is never sent twice. If it gets no clear answer (a gateway error or a timeout, after
    which the portal may have placed the order), the module looks for the new service, domain or certificate
    and reports what it found instead of ordering again.
author:
  - xtom.console contributors (@xtom)
extends_documentation_fragment:
  - xtom.console.api
  - xtom.console.attributes
  - xtom.console.attributes.actiongroup
attributes:
  check_mode:
    support: full
    details: Check mode sends C(POST /quote) (and C(POST /domain/lookup) for a domain registration), which order
      nothing, and returns the price.
  diff_mode:
    support: full
  idempotent:
    support: full
    details:
      - An item the account already has is not ordered again (see the description).
      - A renewal (O(action=renew)) is not ordered while an unpaid renewal invoice of the domain exists,
        nor, with O(renew_within_days), while the domain expires later than that.
options:
  type:
    description:
      - What to order.
      - V(product) orders O(product) for O(hostname).
      - V(domain) registers, transfers or renews the domain O(name) (O(action)).
      - V(certificate) orders the certificate O(product) for the request O(csr).
    type: str
    choices: [product, domain, certificate]
    default: product
  product:
    description:
      - The product to order, by id or by name (case-insensitive).
      - A name is looked up in every category (one request each) unless O(category) is set.
      - With O(type=certificate), a certificate product by id or name (see M(xtom.console.product_info) with
        O(xtom.console.product_info#module:include=[certificates])).
      - An id is ASCII digits only.
    type: str
  category:
    description:
      - The category (id, name or slug) to look for O(product) in, when a product name is sold in several categories.
    type: str
  hostname:
    description:
      - The host name of the new service (the API's C(domain) field). Required to order a product, because
        the product and the host name identify the service, so the module can tell whether it was already ordered.
      - With O(type=certificate), the certificate's domain; only needed when the common name of O(csr) cannot be
        read, and otherwise must match it.
    type: str
  cycle:
    description:
      - The billing cycle, by code (V(m), V(q), V(s), V(a), V(b), V(t)) or name (V(Monthly), V(Annually)...).
      - Defaults to the product's default cycle.
    type: str
  options:
    description:
      - The product's configuration options (the API's C(custom)), or the TLD's additional forms for a domain.
      - Keys are option ids or titles (for example V(Operating System)); values are item ids or titles for
        choices, V(true)/V(false) for check boxes, a number for quantities, text for text fields.
      - The value of a password option (a form of type C(password), or an option whose name contains
        C(password), C(passwd), C(passphrase) or C(secret), for example a root password) is a secret; it is
        sent, but masked in every result and log.
      - Required options without a default must be given when a product is ordered; when a matching
        service already exists, nothing is ordered and they may be left out (options that are given are
        still validated).
    type: dict
  promocode:
    description:
      - A promotion code.
    type: str
  name:
    description:
      - The domain name to register, transfer or renew (O(type=domain)).
    type: str
  action:
    description:
      - With O(type=domain), V(register) (the default), V(transfer) or V(renew).
    type: str
    choices: [register, transfer, renew]
  years:
    description:
      - Registration, transfer or renewal period of a domain, or validity of a certificate, in years. Default 1.
    type: int
  nameservers:
    description:
      - 2 to 4 name servers for a new domain.
    type: list
    elements: str
  registrant:
    description:
      - Contact id of the domain's registrant (ASCII digits).
    type: str
  admin:
    description:
      - Contact id of the domain's or certificate's admin contact (ASCII digits).
    type: str
  tech:
    description:
      - Contact id of the domain's or certificate's tech contact (ASCII digits).
    type: str
  billing:
    description:
      - Contact id of the domain's or certificate's billing contact (ASCII digits).
    type: str
  epp:
    description:
      - The EPP (transfer authorization) code, for O(action=transfer). Never logged or returned.
    type: str
  data:
    description:
      - Additional data sent as is (C(data)) with a domain or certificate order, for fields that O(options)
        does not cover.
    type: dict
  csr:
    description:
      - The PEM certificate request of a certificate order. Its common name is the certificate's domain.
    type: str
  approver_email:
    description:
      - The email address used for the domain validation of a certificate.
    type: str
  software:
    description:
      - The server software of a certificate, by id or name (see M(xtom.console.product_info)).
    type: str
  organization:
    description:
      - Organization details of a certificate (keys such as C(name), C(unit), C(locality), C(state), C(country),
        C(postalcode), C(address1), C(address2)).
    type: dict
  renew_within_days:
    description:
      - With O(action=renew), renew only when the domain expires within this many days; otherwise nothing is
        ordered. Without it, the renewal is ordered unless an unpaid renewal invoice exists.
    type: int
  items:
    description:
      - Several items ordered in one cart (one invoice). Each item takes the item options above.
      - Items the account already has are left out; the others are ordered together.
      - Renewals cannot be part of a cart.
      - Mutually exclusive with the top-level item options.
    type: list
    elements: dict
    suboptions:
      type:
        description: See O(type).
        type: str
        choices: [product, domain, certificate]
        default: product
      product:
        description: See O(product).
        type: str
      category:
        description: See O(category).
        type: str
      hostname:
        description: See O(hostname).
        type: str
      cycle:
        description: See O(cycle).
        type: str
      options:
        description: See O(options).
        type: dict
      promocode:
        description: See O(promocode).
        type: str
      name:
        description: See O(name).
        type: str
      action:
        description: See O(action); V(renew) is not allowed in a cart.
        type: str
        choices: [register, transfer, renew]
      years:
        description: See O(years).
        type: int
      nameservers:
        description: See O(nameservers).
        type: list
        elements: str
      registrant:
        description: See O(registrant).
        type: str
      admin:
        description: See O(admin).
        type: str
      tech:
        description: See O(tech).
        type: str
      billing:
        description: See O(billing).
        type: str
      epp:
        description: See O(epp).
        type: str
      data:
        description: See O(data).
        type: dict
      csr:
        description: See O(csr).
        type: str
      approver_email:
        description: See O(approver_email).
        type: str
      software:
        description: See O(software).
        type: str
      organization:
        description: See O(organization).
        type: dict
      renew_within_days:
        description: Not allowed in a cart.
        type: int
  pay_method:
    description:
      - The payment method for the invoice, by id or name (see M(xtom.console.account_info)). Defaults to the
        account's default.
    type: str
  wait:
    description:
      - Wait until every ordered (or already ordered) product service is C(Active) (the waiting code of
        M(xtom.console.service_wait)); a service that turns Cancelled, Terminated, Fraud or Suspended ends the wait
        with an error.
      - Domains and certificates are not waited for.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait). When they run out the task fails, but the order stays placed;
        run it again to keep waiting (nothing is ordered twice).
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two status reads with O(wait) (the first read comes at once).
    type: float
    default: 5
notes:
  - Run the task in check mode first to see the price (RV(quote)) of what it would order.
  - C(POST /quote) and C(POST /domain/lookup) are the read-like POSTs of this module (see the description).
  - After a failed order whose outcome is unknown, the module reports what it found; it never repeats the request.
seealso:
  - module: xtom.console.product_info
  - module: xtom.console.certificate_info
"""

EXAMPLES = r"""
- name: See what a new server would cost (orders nothing)
  xtom.console.order:
    product: KVM VPS Starter
    hostname: web9.example.com
    cycle: Monthly
    options:
      Operating System: Debian 12
      Location: Tokyo
      Daily Backups: true
  check_mode: true
  register: price

- name: Show the quote
  ansible.builtin.debug:
    msg: >-
      {{ price.quote.total }} {{ price.quote.currency }} now,
      then {{ price.quote.recurring | map(attribute='price') | join(', ') }}

- name: Order the server and wait until it runs
  xtom.console.order:
    product: KVM VPS Starter
    hostname: web9.example.com
    cycle: m
    options:
      Operating System: Debian 12
      Location: Tokyo
      Daily Backups: true
    pay_method: PayPal
    wait: true
    wait_timeout: 900
    wait_interval: 15
  register: server

- name: Print the new service id, invoice and total
  ansible.builtin.debug:
    msg: "service {{ server.id }}, invoice {{ server.order.invoice_id | default('none') }}"

- name: Register a domain with its own name servers
  xtom.console.order:
    type: domain
    name: example-shop.com
    years: 2
    nameservers: [ns1.xtom.com, ns2.xtom.com]

- name: Renew example.net once it expires within 60 days
  xtom.console.order:
    type: domain
    action: renew
    name: example.net
    renew_within_days: 60

- name: One cart, one invoice
  xtom.console.order:
    pay_method: BankTransfer
    items:
      - product: DNS Hosting
        hostname: dns2.example.com
        cycle: a
      - type: domain
        name: example-cart.net
"""

RETURN = r"""
changes:
  description:
    - What was ordered (in check mode, what would be), one entry per item; the same in check mode and in a real run.
    - An order whose answer was lost but whose items were then found in the account is reported here too (and
      in a warning); the request was never sent twice.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(order).
      type: str
    what:
      description: What is ordered, for example C(product 'KVM VPS Starter' for web9.example.com),
        C(register of domain example.com), C(renew of domain example.net) or C(certificate 'PositiveSSL' for example.com).
      type: str
    before:
      description: V(null) (the account does not have it).
      type: raw
    after:
      description: The item as in RV(ordered), without C(id), C(status) and C(existing).
      type: dict
  sample: [{"action": "order", "what": "product 'KVM VPS Starter' for web9.example.com", "before": null,
            "after": {"type": "product", "product_id": 101, "product": "KVM VPS Starter", "hostname": "web9.example.com",
                      "category": "Virtual Servers", "cycle": "m", "options": {"Operating System": "Debian 12"}}}]
id:
  description:
    - Id of the ordered or existing service, domain or certificate (a single order; V(null) with O(items)
      and in check mode when it would be ordered).
  returned: success
  type: int
  sample: 1007
ordered:
  description: Every item of the order, with what was found or ordered.
  returned: success
  type: list
  elements: dict
  contains:
    type:
      description: V(product), V(domain), V(domain_renewal) or V(certificate).
      type: str
    id:
      description: Service, domain or certificate id (V(null) in check mode for a new item).
      type: int
    existing:
      description: Whether the account already had it (nothing was ordered for it).
      type: bool
    status:
      description: Status of the service, domain or certificate.
      type: str
    product:
      description: Product name (products and certificates).
      type: str
    product_id:
      description: Product id (products and certificates).
      type: int
    category:
      description: Product category (products).
      type: str
    hostname:
      description: Host name of the service (products).
      type: str
    cycle:
      description: Billing cycle code (products).
      type: str
    options:
      description: The chosen configuration options, by title.
      type: dict
      sample: {"Operating System": "Debian 12", "Daily Backups": true}
    name:
      description: Domain name (domains).
      type: str
    action:
      description: V(register), V(transfer) or V(renew) (domains).
      type: str
    years:
      description: Period in years (domains, certificates).
      type: int
    price:
      description: The TLD's price for the period, before taxes (domains).
      type: str
    domain:
      description: Certificate domain (certificates).
      type: str
    invoice_id:
      description: Unpaid renewal invoice found (renewals that were not ordered again).
      type: int
  sample:
    - {"type": "product", "id": 1007, "existing": false, "status": "Active", "product": "KVM VPS Starter",
       "product_id": 101, "category": "Virtual Servers", "hostname": "web9.example.com", "cycle": "m",
       "options": {"Operating System": "Debian 12", "Location": "Tokyo"}}
order:
  description: The portal's answer to the order; V(null) when nothing was ordered or the answer was lost.
  returned: success
  type: dict
  contains:
    order_num:
      description: Order number (the first one of a cart).
      type: int
    order_nums:
      description: All order numbers.
      type: list
      elements: int
    invoice_id:
      description: The invoice of the order.
      type: int
    total:
      description: Invoice total.
      type: str
    lines:
      description: Ordered items as the portal lists them (C(id), C(type), C(name), C(product_id)).
      type: list
      elements: dict
  sample: {"order_num": 873340995, "order_nums": [873340995], "invoice_id": 308980, "total": "16.93",
           "lines": [{"id": 1007, "type": "Hosting", "name": "web9.example.com", "product_id": 101}]}
quote:
  description:
    - The priced quote of what would be ordered (C(POST /quote)). Money is text with two decimals.
    - For a renewal, only C(subtotal) (the TLD's renewal price) is known; C(source) is then V(catalog).
  returned: in check mode, when something would be ordered
  type: dict
  contains:
    subtotal:
      description: Sum of the first payments before discount and taxes.
      type: str
    discount:
      description: Promotion discount.
      type: str
    credit:
      description: Account credit applied.
      type: str
    tax:
      description: Taxes (C(name), C(rate), C(amount)).
      type: list
      elements: dict
    total:
      description: Amount due for the order.
      type: str
    recurring:
      description: Recurring amounts per billing cycle (C(cycle), C(name), C(price)).
      type: list
      elements: dict
    lines:
      description: Per item C(index), C(valid), C(errors), C(info).
      type: list
      elements: dict
    source:
      description: V(quote) (asked from the portal) or V(catalog) (renewal price from the TLD list).
      type: str
    currency:
      description:
        - The currency of the amounts (for example V(USD)). The reference's quote carries none; it is taken from
          the quote when the portal sends one, else from the account (C(GET /balance)), in which orders are invoiced.
      type: str
    currency_source:
      description: Where RV(quote.currency) comes from, V(quote) or V(account).
      type: str
  sample: {"subtotal": "12.99", "discount": "0.00", "credit": "0.00", "currency": "USD", "currency_source": "account",
           "tax": [{"name": "VAT", "rate": "21.0", "amount": "2.73"}], "total": "15.72",
           "recurring": [{"cycle": "m", "name": "Monthly", "price": "12.99"}], "source": "quote",
           "lines": [{"index": 0, "valid": true, "errors": [], "info": []}]}
"""

import re

from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet
from ansible_collections.xtom.console.plugins.module_utils.common import option_error
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule
from ansible_collections.xtom.console.plugins.module_utils.orders import (
    OrderPlanner,
    OrderUncertainError,
    WaitError,
    describe,
)

ITEM_SPEC = dict(
    type=dict(type="str", choices=["product", "domain", "certificate"], default="product"),
    product=dict(type="str"),
    category=dict(type="str"),
    hostname=dict(type="str"),
    cycle=dict(type="str"),
    options=dict(type="dict"),
    promocode=dict(type="str"),
    name=dict(type="str"),
    action=dict(type="str", choices=["register", "transfer", "renew"]),
    years=dict(type="int"),
    nameservers=dict(type="list", elements="str"),
    registrant=dict(type="str"),
    admin=dict(type="str"),
    tech=dict(type="str"),
    billing=dict(type="str"),
    epp=dict(type="str", no_log=True),
    data=dict(type="dict"),
    csr=dict(type="str"),
    approver_email=dict(type="str"),
    software=dict(type="str"),
    organization=dict(type="dict"),
    renew_within_days=dict(type="int"),
)


def item_specs(p):
    """The items to order: ``items``, or the top-level item options as one item. Returns (specs, cart)."""
    for name in ("wait_timeout", "wait_interval"):
        if p[name] <= 0:
            raise option_error(name, p[name], "must be a positive number of seconds")
    if p["items"] is None:
        return [dict((k, p[k]) for k in ITEM_SPEC)], False
    stray = [k for k in ITEM_SPEC if k != "type" and p[k] not in (None, [], {})]
    if stray or p["type"] != "product":
        raise option_error("items", "...", "is mutually exclusive with the top-level item options (%s): put them "
                                           "in the items" % ", ".join(stray or ["type"]))
    if not p["items"]:
        raise option_error("items", [], "must not be empty")
    return p["items"], True


def plan(planner, placed):
    """The change set: one ``order`` change per item to order; the first sends the one order POST."""
    cs = ChangeSet()
    for n, item in enumerate(planner.to_order):
        apply = (lambda: placed.update(order=planner.place())) if n == 0 else None
        cs.add("order", describe(item), None, dict(item["summary"]), apply)
    return cs


def lines_view(answer):
    """An order or quote as returned: its ``items`` are ``lines`` (``result.quote.items`` would be a dict method)."""
    if not isinstance(answer, dict):
        return answer
    out = dict(answer)
    if "items" in out:
        out["lines"] = out.pop("items")
    return out


PASSWORD_NAME_RE = re.compile(r"pass(word|wd|phrase)|secret", re.I)


def hide_passwords(module, specs, planner=None):
    """Values of password options (a root password in the product's options) are secrets: Ansible masks them
    in every result (``changes``, ``diff``, ``ordered``, ``invocation``) and message. Before the catalog is read,
    options named like a password; after, every option whose form type is ``password``."""
    for spec in specs:
        for key, value in (spec.get("options") or {}).items():
            if PASSWORD_NAME_RE.search(str(key)) and isinstance(value, str) and value:
                module.no_log_values.add(value)
    for item in planner.items if planner else []:
        chosen = item["summary"].get("options") or {}
        for form in (item.get("conf") or {}).get("options") or []:
            if form["type"] == "password" and isinstance(chosen.get(form["title"]), str) and chosen[form["title"]]:
                module.no_log_values.add(chosen[form["title"]])


def run(module):
    p = module.params
    specs, cart = item_specs(p)
    hide_passwords(module, specs)
    planner = OrderPlanner(module.client, specs, pay_method=p["pay_method"], cart=cart).prepare()
    hide_passwords(module, specs, planner)
    placed = {"order": None}
    cs = plan(planner, placed)
    extra = {"quote": lines_view(planner.quote())} if module.check_mode and cs else {}
    try:
        cs.apply(module.check_mode)
    except OrderUncertainError as exc:
        module.fail_json(msg=str(exc), changed=True, changes=cs.as_list(), **exc.result)
    if p["wait"] and not module.check_mode:
        try:
            planner.wait_active(p["wait_timeout"], p["wait_interval"])
        except WaitError as exc:
            module.fail_json(msg=str(exc), changed=bool(cs), changes=cs.as_list(), order=lines_view(placed["order"]),
                             ordered=planner.results(), progress=exc.progress)
    items = planner.results()
    for warning in planner.warnings():
        module.warn(warning)
    return cs.result(id=None if cart else items[0]["id"], ordered=items, order=lines_view(placed["order"]), **extra)


def main():
    spec = dict(ITEM_SPEC)
    spec.update(
        items=dict(type="list", elements="dict", options=ITEM_SPEC),
        pay_method=dict(type="str"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        wait_interval=dict(type="float", default=5),
    )
    module = XtomModule(argument_spec=spec, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
