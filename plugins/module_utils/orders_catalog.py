# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ordering area, catalog layer: every read of the order routes (catalog, TLDs, certificates, the
account's services/domains/certificates/invoices for the identity lookup) and the read-like POSTs
(``/quote``, ``/domain/lookup``), each answer understood or refused.

Each route's accepted keys are in ONE tuple below (the reference's key first, then the named
variants). A parser raises ``XtomAnswerError`` for anything else; the client then names the route.
Identity fields (ids, names, statuses) missing from a row are refused too: the order identity
lookup must never read "nothing yet" from an answer it did not understand (that would buy again).
"""

import re

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.billing import INVOICES_KEYS, get_balance, get_invoice
from ansible_collections.xtom.console.plugins.module_utils.billing import get_payment_methods
from ansible_collections.xtom.console.plugins.module_utils.billing import parse_invoices as parse_invoice_list
from ansible_collections.xtom.console.plugins.module_utils.certificates import (
    parse_certificate_detail,
    parse_certificate_list,
)
from ansible_collections.xtom.console.plugins.module_utils.common import (
    answer_rows,
    answer_value,
    as_list,
    close_matches,
    is_id,
    option_error,
    row_value,
    to_bool,
    to_int,
    to_str,
    unwrap,
    XtomAnswerError,
)
from ansible_collections.xtom.console.plugins.module_utils.domains import LIST_KEYS as DOMAIN_LIST_KEYS
from ansible_collections.xtom.console.plugins.module_utils.domains import lookup_domain, parse_domain_list, parse_forms
from ansible_collections.xtom.console.plugins.module_utils.domains import parse_tlds as parse_tld_list
from ansible_collections.xtom.console.plugins.module_utils.services import CYCLES as SERVICE_CYCLES
from ansible_collections.xtom.console.plugins.module_utils.services import (
    ROW_FIELDS as SERVICE_ROW_FIELDS,
    SERVICE_LIST_KEYS,
    parse_service_list,
    rows_of,
)

CYCLES = dict(SERVICE_CYCLES, free="Free", once="One Time")

# ---------------------------------------------------------------------- accepted keys, one place per route
CATEGORY_KEYS = ("categories",)                      # GET /category (no example in the reference)
PRODUCT_LIST_KEYS = ("products",)                    # GET /category/@id/product
PRODUCT_CONFIG_KEYS = ("product",)                   # GET /order/@product_id
SSL_PRODUCT_KEYS = ("products",)                     # GET /certificate/order
SOFTWARE_KEYS = ("software",)                        # GET /certificate/order/@id/software
QUOTE_KEYS = ("summary",)                            # POST /quote
CURRENCY_KEYS = ("currency", "currency_code", "currencyCode")  # in a POST /quote answer (the reference has none)
ORDER_NUM_KEYS = ("order_num", "orderNum", "order_id", "orderId")
ORDER_LIST_KEYS = ("order_num_list", "orderNumList")
INVOICE_ID_KEYS = ("invoice_id", "invoiceId")
# Row fields with their variant names (snake_case first, camelCase after).
CATEGORY_ID_KEYS = ("category_id", "categoryId")
CATEGORY_NAME_KEYS = ("category_name", "categoryName", "category")
MIN_KEYS = ("minvalue", "minValue", "min")
MAX_KEYS = ("maxvalue", "maxValue", "max")
TEXT = (str,)
NUMBER = (int, float, str)


def money(value):
    """Money as a string with two decimals ("9.99"), or None."""
    if value in (None, ""):
        return None
    try:
        return "%.2f" % float(str(value).strip())
    except ValueError:
        return to_str(value)


def norm_name(value):
    return to_str(value).strip().lower().rstrip(".")


def squash(value):
    return re.sub(r"[\s_-]+", "", to_str(value).lower())


def cycle_code(value):
    """'m', 'Monthly' or 'monthly' → 'm'; unknown text is returned as given."""
    text = to_str(value).strip()
    if text.lower() in CYCLES:
        return text.lower()
    for code, name in CYCLES.items():
        if squash(name) == squash(text):
            return code
    return text


def need(body, row, keys, kinds, what):
    """A row's identity field (under one of ``keys``) of one of ``kinds``; else the answer is refused."""
    value = row_value(row, keys)
    if value is None or isinstance(value, bool) or not isinstance(value, kinds) or value == "" and kinds != TEXT:
        names = " or ".join('"%s"' % k for k in keys)
        raise XtomAnswerError(body, "%s with %s (%s)" % (what, names, "text" if kinds == TEXT else "a value"))
    return value


def need_id(body, row, what, keys=("id",)):
    value = need(body, row, keys, (int, str), what)
    if not is_id(value):
        raise XtomAnswerError(body, "%s whose %s is an id (digits)" % (what, keys[0]))
    return int(str(value).strip())


# ---------------------------------------------------------------------- catalog shapes
def cycle_rows(items, default=None):
    out = []
    for item in as_list(items):
        if not isinstance(item, dict):
            continue
        code = cycle_code(row_value(item, ("value", "title", "cycle"), ""))
        if not code:
            continue
        out.append({
            "cycle": code,
            "name": CYCLES.get(code, code),
            "price": money(item.get("price")),
            "setup": money(item.get("setup")) or "0.00",
            "default": bool(to_bool(item.get("selected"), False)) or code == default,
        })
    if out and not any(c["default"] for c in out):
        out[0]["default"] = True
    return out


def parse_categories(body):
    rows = answer_rows(body, CATEGORY_KEYS)
    return [{"id": need_id(body, r, "category rows"), "name": need(body, r, ("name",), TEXT, "category rows"),
             "description": to_str(r.get("description")), "slug": to_str(row_value(r, ("slug", "url"), ""))}
            for r in rows]


def parse_products(body, category_id=None):
    """GET /category/@id/product rows."""
    out = []
    for row in answer_rows(body, PRODUCT_LIST_KEYS):
        out.append({
            "id": need_id(body, row, "product rows"),
            "name": need(body, row, ("name",), TEXT, "product rows"),
            "category_id": to_int(row_value(row, CATEGORY_ID_KEYS, category_id)),
            "description": to_str(row.get("description")),
            "stock": to_bool(row.get("stock"), False),
            "paytype": to_str(row_value(row, ("paytype", "payType"))),
            "cycles": cycle_rows(row_value(row, ("periods", "cycles"), [])),
        })
    return out


def normalize_form(form, body=None):
    """A config option (product form, TLD form) → {id, title, type, required, field, items, ...}."""
    items = [{"id": need_id(body, i, "option items") if body is not None else to_int(i.get("id")),
              "title": to_str(i.get("title")), "price": money(i.get("price")) or "0.00",
              "setup": money(i.get("setup")) or "0.00", "selected": bool(to_bool(i.get("selected"), False))}
             for i in as_list(form.get("items")) if isinstance(i, dict)]
    config = form.get("config") if isinstance(form.get("config"), dict) else {}
    out = {
        "id": need_id(body, form, "option forms") if body is not None else to_int(form.get("id")),
        "title": to_str(form.get("title")),
        "type": to_str(form.get("type")),
        "description": to_str(form.get("description")),
        "required": bool(to_bool(form.get("required"), False)),
        "multiple": bool(to_bool(form.get("multiple"), False)),
        "field": to_str(form.get("name")),
        "items": items,
    }
    for key, src in (("min", MIN_KEYS), ("max", MAX_KEYS)):
        if to_int(row_value(config, src)) is not None:
            out[key] = to_int(row_value(config, src))
    return out


def normalize_addon(addon):
    cycles = []
    for part in as_list(addon.get("config")):
        if isinstance(part, dict) and part.get("items"):
            cycles = cycle_rows(part["items"])
    return {"id": to_int(addon.get("id")), "title": to_str(addon.get("title")),
            "description": to_str(addon.get("description")), "cycles": cycles}


def _config_cycles(row, config):
    cycles, hostname = [], False
    for field in as_list(row_value(config, ("product",))):
        if not isinstance(field, dict):
            continue
        if row_value(field, ("id", "name")) == "cycle":
            cycles = cycle_rows(field.get("items"), default=cycle_code(field.get("value") or row.get("recurring")))
        elif row_value(field, ("id", "name")) == "domain":
            hostname = True
    if not cycles and row.get("recurring"):
        code = cycle_code(row["recurring"])
        cycles = [{"cycle": code, "name": CYCLES.get(code, ""), "price": money(row.get("price")),
                   "setup": money(row.get("setup")) or "0.00", "default": True}]
    return cycles, hostname


def normalize_product_config(body):
    """GET /order/@product_id → one product with its cycles, options (forms) and addons."""
    row = answer_value(body, PRODUCT_CONFIG_KEYS, (dict,))
    config = row.get("config") if isinstance(row.get("config"), dict) else {}
    cycles, hostname = _config_cycles(row, config)
    return {
        "id": need_id(body, row, "a product"),
        "name": need(body, row, ("name",), TEXT, "a product"),
        "category_id": to_int(row_value(row, CATEGORY_ID_KEYS)),
        "category": to_str(row_value(row, CATEGORY_NAME_KEYS, "")),
        "cycles": cycles,
        "hostname": hostname,
        "options": [normalize_form(f, body) for f in as_list(config.get("forms")) if isinstance(f, dict)],
        "addons": [normalize_addon(a) for a in as_list(config.get("addons")) if isinstance(a, dict)],
        "subproducts": as_list(config.get("subproducts")),
    }


def parse_certificate_products(body):
    out = []
    for row in answer_rows(body, SSL_PRODUCT_KEYS):
        out.append({
            "id": need_id(body, row, "certificate product rows"),
            "name": need(body, row, ("name",), TEXT, "certificate product rows"),
            "description": to_str(row.get("description")),
            "category": to_str(row.get("category")),
            "periods": [{"years": to_int(p.get("years")), "price": money(p.get("price")), "renew": money(p.get("renew"))}
                        for p in as_list(row.get("periods")) if isinstance(p, dict)],
        })
    return out


def parse_software(body):
    """Rows ``{"id", "name"}``, or a map id → name (a variant seen in HostBill portals)."""
    value = answer_value(body, SOFTWARE_KEYS, (list, dict), bare=True)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        value = [{"id": k, "name": v} for k, v in value.items()]
    rows = list(value.values()) if isinstance(value, dict) else value
    if not all(isinstance(r, dict) for r in rows):
        raise XtomAnswerError(body, '"software" holding a list of {id, name}')
    return [{"id": need_id(body, r, "software rows"), "name": need(body, r, ("name",), TEXT, "software rows")}
            for r in rows]


# ---------------------------------------------------------------------- account reads (identity)
# The areas' own parsers read these answers (services, domains, billing); the identity of an order
# compares fields that some of them leave optional, so those must be present here too.
def _require(body, rows, fields, what):
    for row in rows:
        for keys in fields:
            need(body, row, keys, TEXT, what)


def parse_services(body):
    """GET /service rows with every identity field of a product order (id, hostname, product, status)."""
    services = parse_service_list(body)
    _require(body, rows_of(body, SERVICE_LIST_KEYS), (dict(SERVICE_ROW_FIELDS)["name"],), "service rows")
    return services


def parse_domains(body):
    """GET /domain rows with every identity field of a domain order (id, name, status)."""
    domains = parse_domain_list(body)
    _require(body, answer_rows(body, DOMAIN_LIST_KEYS), (("status",),), "domain rows")
    return domains


def parse_invoices(body):
    """GET /invoice rows with their status (an unpaid renewal stops a second renewal)."""
    invoices = parse_invoice_list(body)
    _require(body, answer_rows(body, INVOICES_KEYS), (("status",),), "invoice rows")
    return invoices


def parse_tlds(body):
    """GET /domain/order (the domains area's parser), prices as money."""
    return [{"id": t["id"], "tld": t["tld"],
             "periods": [{"years": p["years"], "register": money(p["register"]), "transfer": money(p["transfer"]),
                          "renew": money(p["renew"]), "redemption": money(p["redemption"])} for p in t["periods"]]}
            for t in parse_tld_list(body)]


def parse_tld_forms(body):
    """GET /domain/order/@id/form: the forms, in the shape of the product options."""
    return [normalize_form(f, body) for f in parse_forms(body)]


# ---------------------------------------------------------------------- the answers of POSTs
def normalize_quote(body):
    """POST /quote → {subtotal, discount, credit, tax: [...], total, recurring: [...], items: [...], currency}."""
    summary = answer_value(body, QUOTE_KEYS, (dict,))
    payload = unwrap(body)
    taxes = [{"name": to_str(t.get("name")), "rate": to_str(row_value(t, ("value", "rate"), "")),
              "amount": money(row_value(t, ("tax", "amount")))}
             for t in as_list(summary.get("tax")) if isinstance(t, dict)]
    recurring = [{"cycle": cycle_code(row_value(r, ("value", "title"), "")), "name": to_str(r.get("title")),
                  "price": money(r.get("price"))}
                 for r in as_list(summary.get("recurring")) if isinstance(r, dict)]
    items = []
    for n, item in enumerate(as_list(payload.get("items"))):
        if not isinstance(item, dict):
            raise XtomAnswerError(body, '"items" holding a list of objects')
        errors = [to_str(e) for e in as_list(item.get("error")) if e]
        items.append({"index": to_int(item.get("index"), n),
                      "valid": bool(to_bool(item.get("valid"), not errors)) and not errors,
                      "errors": errors, "info": [to_str(i) for i in as_list(item.get("info")) if i]})
    if money(summary.get("total")) is None:
        raise XtomAnswerError(body, '"summary" holding "total"')
    return {
        "subtotal": money(summary.get("subtotal")), "discount": money(summary.get("discount")) or "0.00",
        "credit": money(summary.get("credit")) or "0.00", "tax": taxes, "total": money(summary.get("total")),
        "recurring": recurring, "items": items,
        "currency": to_str(row_value(summary, CURRENCY_KEYS) or row_value(payload, CURRENCY_KEYS) or "") or None,
    }


def normalize_order(body):
    """An order answer (POST /order/@id, /order, /domain/order, /certificate/order, renew).

    The order was placed when this is read: an answer without order number or items is not refused
    (the planner then looks the new rows up in the account), but an ``items`` of another type is.
    """
    payload = unwrap(body) if isinstance(body, dict) else {}
    nums = [to_int(n) for n in as_list(row_value(payload, ORDER_LIST_KEYS, [])) if to_int(n) is not None]
    if not nums and to_int(row_value(payload, ORDER_NUM_KEYS)) is not None:
        nums = [to_int(row_value(payload, ORDER_NUM_KEYS))]
    items = payload.get("items", [])
    items = [items] if isinstance(items, dict) and "id" in items else as_list(items)
    return {
        "order_num": nums[0] if nums else None,
        "order_nums": nums,
        "invoice_id": to_int(row_value(payload, INVOICE_ID_KEYS)),
        "total": money(payload.get("total")),
        "items": [{"id": to_int(i.get("id")), "type": to_str(i.get("type")), "name": to_str(i.get("name")),
                   "product_id": to_int(row_value(i, ("product_id", "productId")))} for i in items if isinstance(i, dict)],
    }


# ---------------------------------------------------------------------- the catalog, read once per run
class Catalog(object):
    """Catalog and account reads of one run, each made at most once; every answer parsed strictly."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def _once(self, key, func, fresh=False):
        if fresh:
            self._cache.pop(key, None)
        if key not in self._cache:
            self._cache[key] = func()
        return self._cache[key]

    def _get(self, key, path, parse, params=None, fresh=False):
        return self._once(key, lambda: self.client.get(path, params=params, parse=parse), fresh)

    def categories(self):
        return self._get("categories", "/category", parse_categories)

    def products(self, category_id):
        return self._get(("products", category_id), self.client.path("/category/%s/product", category_id),
                         lambda body: parse_products(body, category_id))

    def product_config(self, product_id):
        """GET /order/@product_id normalised, or None when the API does not know the product."""
        def read():
            try:
                return self.client.get(self.client.path("/order/%s", product_id), parse=normalize_product_config)
            except XtomApiError as exc:
                if exc.status in (400, 404) and not isinstance(exc, XtomAnswerError):
                    return None
                raise
        return self._once(("config", product_id), read)

    def tlds(self):
        return self._get("tlds", "/domain/order", parse_tlds)

    def tld_forms(self, tld_id):
        return self._get(("tld_forms", tld_id), self.client.path("/domain/order/%s/form", tld_id), parse_tld_forms,
                         params={"tld_id": tld_id})

    def certificate_products(self):
        return self._get("ssl", "/certificate/order", parse_certificate_products)

    def certificate_software(self, product_id):
        return self._get(("software", product_id), self.client.path("/certificate/order/%s/software", product_id),
                         parse_software)

    def pay_methods(self):
        return self._once("pay", lambda: get_payment_methods(self.client))

    def services(self, fresh=False):
        return self._get("services", "/service", parse_services, fresh=fresh)

    def domains(self, fresh=False):
        return self._get("domains", "/domain", parse_domains, fresh=fresh)

    def certificates(self, fresh=False):
        return self._get("certs", "/certificate", parse_certificate_list, fresh=fresh)

    def certificate(self, cert_id):
        return self._get(("cert", cert_id), self.client.path("/certificate/%s", cert_id), parse_certificate_detail)

    def invoices(self):
        return self._get("invoices", "/invoice", parse_invoices)

    def invoice(self, invoice_id):
        """GET /invoice/@id (the billing area's parser) with its items: what an invoice pays for."""
        def read():
            inv = get_invoice(self.client, invoice_id)
            lines = inv.get("lines", inv.get("items"))  # the billing area returns the invoice's items as lines
            if not isinstance(lines, list) or not all(line.get("type") or line.get("description") for line in lines):
                raise XtomAnswerError({}, '"invoice" holding "items" with a "type" or "description"', method="GET",
                                      path=self.client.path("/invoice/%s", invoice_id))
            return {"id": inv["id"], "total": inv.get("total"), "items": lines}
        return self._once(("invoice", invoice_id), read)

    def currency(self):
        """The account's currency (GET /balance ``details.currency``): quotes and orders are in it."""
        return self._once("currency", lambda: get_balance(self.client)["currency"])

    def domain_available(self, name):
        """POST /domain/lookup (a read-like POST: it asks, it orders nothing)."""
        return lookup_domain(self.client, name)["available"]

    # -------------------------------------------------------------- resolving references
    def category(self, ref):
        cats = self.categories()
        text = to_str(ref).strip()
        for cat in cats:
            if to_str(cat["id"]) == text or cat["name"].lower() == text.lower() or (cat["slug"] and cat["slug"] == text):
                return cat
        raise option_error("category", ref, "is not a product category",
                           ["%r (id %s)" % (c["name"], c["id"]) for c in cats] or "none")

    def find_product(self, ref, category=None, option="product"):
        """Product id and config for a product id or name (``category``, one or a list, narrows the search)."""
        text = to_str(ref).strip()
        if not text:
            raise option_error(option, ref, "must not be empty")
        refs = [c for c in (category if isinstance(category, list) else [category]) if c not in (None, "")]
        cats = [self.category(c) for c in refs]
        if is_id(text):
            conf = self.product_config(int(text))
            if conf is not None and (not cats or conf["category_id"] in [None] + [c["id"] for c in cats]):
                return conf
        found, names = self._products_named(text, cats or self.categories())
        if len(found) > 1:
            raise option_error(option, ref, "is ambiguous: it is sold in %s. Set category, or use the product id"
                               % ", ".join("%s (id %s)" % (c["name"], p["id"]) for p, c in found))
        if not found:
            hint = close_matches(text, [n for n, _label in names])
            raise option_error(option, ref, "is not a product on sale%s%s" % (
                " in category %s" % ", ".join(repr(c["name"]) for c in cats) if cats else "",
                " (did you mean %s?)" % ", ".join(hint) if hint else ""),
                "; ".join(label for _n, label in names) or "none")
        conf = self.product_config(found[0][0]["id"])
        if conf is None:
            raise option_error(option, ref, "(id %s) is listed but its configuration cannot be read" % found[0][0]["id"])
        if not conf["category"]:
            conf["category"] = found[0][1]["name"]
        return conf

    def _products_named(self, text, cats):
        found, names = [], []
        for c in cats:
            for prod in self.products(c["id"]):
                names.append((prod["name"], "%r (id %s, %s)" % (prod["name"], prod["id"], c["name"])))
                if prod["name"].lower() == text.lower():
                    found.append((prod, c))
        return found, names

    def pay_method(self, ref):
        methods = self.pay_methods()
        text = to_str(ref).strip()
        for m in methods:
            if m["id"] is not None and to_str(m["id"]) == text or squash(m["name"]) == squash(text):
                return m
        raise option_error("pay_method", ref, "is not a payment method of this account",
                           ["%s (id %s)" % (m["name"], m["id"]) for m in methods] or "none")

    def tld_for(self, name, option="name"):
        best = None
        for tld in self.tlds():
            if tld["tld"] and name.endswith(tld["tld"]) and len(name) > len(tld["tld"]):
                if best is None or len(tld["tld"]) > len(best["tld"]):
                    best = tld
        if best is None:
            raise option_error(option, name, "its TLD is not offered", [t["tld"] for t in self.tlds()] or "none")
        return best

    def certificate_product(self, ref, option="product"):
        products = self.certificate_products()
        text = to_str(ref).strip()
        for p in products:
            if to_str(p["id"]) == text or p["name"].lower() == text.lower():
                return p
        hint = close_matches(text, [p["name"] for p in products])
        raise option_error(option, ref, "is not a certificate product%s" % (
            " (did you mean %s?)" % ", ".join(hint) if hint else ""),
            ["%r (id %s)" % (p["name"], p["id"]) for p in products] or "none")
