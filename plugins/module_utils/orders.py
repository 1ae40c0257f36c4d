# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ordering area: the catalog in stable shapes, validation of an order against it, quotes,
finding what an order already bought (idempotence) and what an uncertain order did.

An order is a list of *items* (dicts with the order module's item options). ``OrderPlanner``
turns each into a prepared item: the API body, a summary (what the item is, in the shape that
``items``/``diff`` return) and the existing resource when the account already has it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import time

from ansible_collections.xtom.console.plugins.module_utils.account import get_payment_methods
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.certificates import (
    csr_common_name,
    list_certificates,
    live_certificates,
)
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.domains import INACTIVE_STATUSES as DOMAIN_INACTIVE
from ansible_collections.xtom.console.plugins.module_utils.domains import list_domains
from ansible_collections.xtom.console.plugins.module_utils.services import CYCLES as SERVICE_CYCLES
from ansible_collections.xtom.console.plugins.module_utils.services import get_service, list_services

CYCLES = dict(SERVICE_CYCLES, free="Free", once="One Time")
SERVICE_INACTIVE = ("cancelled", "terminated", "fraud")
SERVICE_FAILED = ("cancelled", "terminated", "fraud", "suspended")
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)(\*\.)?([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$", re.I)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
FIELD_RE = re.compile(r"^custom\[(\d+)\](?:\[(\d+)\])?$")
PER_ITEM_TYPES = ("checkbox", "domaindnssupport", "qty", "input", "textarea", "slider", "password")

# Which item options each kind of order uses (anything else set is an error, not silently ignored).
ITEM_OPTIONS = {
    "product": ("product", "category", "hostname", "cycle", "options", "promocode"),
    "domain": ("name", "action", "years", "nameservers", "registrant", "admin", "tech", "billing", "epp",
               "options", "data", "renew_within_days"),
    "certificate": ("product", "hostname", "csr", "years", "approver_email", "software", "admin", "tech",
                    "billing", "organization", "data"),
}
ALL_ITEM_OPTIONS = sorted(set(k for keys in ITEM_OPTIONS.values() for k in keys))
CONTACT_ROLES = ("registrant", "admin", "tech", "billing")


class OrderUncertainError(Exception):
    """An order POST got no clear answer; ``found`` says what the account shows afterwards."""

    def __init__(self, msg, result):
        super(OrderUncertainError, self).__init__(msg)
        self.result = result


class WaitError(Exception):
    """The ordered service did not become Active; the order itself was placed."""


# ---------------------------------------------------------------------- small parsers
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


def _squash(value):
    return re.sub(r"[\s_-]+", "", to_str(value).lower())


def cycle_code(value):
    """'m', 'Monthly' or 'monthly' → 'm'; unknown text is returned as given."""
    text = to_str(value).strip()
    if text.lower() in CYCLES:
        return text.lower()
    for code, name in CYCLES.items():
        if _squash(name) == _squash(text):
            return code
    return text


def validate_hostname(value, option):
    text = norm_name(value)
    if not HOSTNAME_RE.match(text):
        raise XtomValidationError("%s=%r is not a valid host name" % (option, value))
    return text


# ---------------------------------------------------------------------- catalog shapes
def normalize_category(row):
    return {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")),
        "description": to_str(row.get("description")),
        "slug": to_str(first_key(row, "slug", "url", default="")),
    }


def _cycle_rows(items, default=None):
    out = []
    for item in as_list(items):
        if not isinstance(item, dict):
            continue
        code = cycle_code(first_key(item, "value", "title", "cycle", default=""))
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


def normalize_product_row(row, category_id=None):
    """A GET /category/@id/product row."""
    return {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")),
        "category_id": to_int(first_key(row, "category_id", default=category_id)),
        "description": to_str(row.get("description")),
        "stock": to_bool(row.get("stock"), False),
        "paytype": to_str(row.get("paytype")),
        "cycles": _cycle_rows(first_key(row, "periods", "cycles", default=[])),
    }


def normalize_form(form):
    """A config option (product form, TLD form) → {id, title, type, required, field, items, ...}."""
    items = []
    for item in as_list(form.get("items")):
        if isinstance(item, dict):
            items.append({
                "id": to_int(item.get("id")),
                "title": to_str(item.get("title")),
                "price": money(item.get("price")) or "0.00",
                "setup": money(item.get("setup")) or "0.00",
                "selected": bool(to_bool(item.get("selected"), False)),
            })
    config = form.get("config") if isinstance(form.get("config"), dict) else {}
    out = {
        "id": to_int(form.get("id")),
        "title": to_str(form.get("title")),
        "type": to_str(form.get("type")),
        "description": to_str(form.get("description")),
        "required": bool(to_bool(form.get("required"), False)),
        "multiple": bool(to_bool(form.get("multiple"), False)),
        "field": to_str(form.get("name")),
        "items": items,
    }
    for key, src in (("min", "minvalue"), ("max", "maxvalue")):
        if to_int(config.get(src)) is not None:
            out[key] = to_int(config.get(src))
    return out


def normalize_addon(addon):
    cycles = []
    for part in as_list(addon.get("config")):
        if isinstance(part, dict) and part.get("items"):
            cycles = _cycle_rows(part["items"])
    return {
        "id": to_int(addon.get("id")),
        "title": to_str(addon.get("title")),
        "description": to_str(addon.get("description")),
        "cycles": cycles,
    }


def normalize_product_config(body):
    """GET /order/@product_id → one product with its cycles, options (forms) and addons."""
    row = first_key(body, "product", default=body) or {}
    config = row.get("config") if isinstance(row.get("config"), dict) else {}
    cycles, hostname = [], False
    for field in as_list(config.get("product")):
        if not isinstance(field, dict):
            continue
        if first_key(field, "id", "name") == "cycle":
            cycles = _cycle_rows(field.get("items"), default=cycle_code(field.get("value") or row.get("recurring")))
        elif first_key(field, "id", "name") == "domain":
            hostname = True
    if not cycles and row.get("recurring"):
        cycles = [{"cycle": cycle_code(row["recurring"]), "name": CYCLES.get(cycle_code(row["recurring"]), ""),
                   "price": money(row.get("price")), "setup": money(row.get("setup")) or "0.00", "default": True}]
    return {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")),
        "category_id": to_int(row.get("category_id")),
        "category": to_str(first_key(row, "category_name", "category", default="")),
        "cycles": cycles,
        "hostname": hostname,
        "options": [normalize_form(f) for f in as_list(config.get("forms")) if isinstance(f, dict)],
        "addons": [normalize_addon(a) for a in as_list(config.get("addons")) if isinstance(a, dict)],
        "subproducts": as_list(config.get("subproducts")),
    }


def normalize_tld(row):
    periods = []
    for p in as_list(row.get("periods")):
        if isinstance(p, dict):
            periods.append({
                "years": to_int(first_key(p, "period", "years")),
                "register": money(p.get("register")),
                "transfer": money(p.get("transfer")),
                "renew": money(p.get("renew")),
                "redemption": money(p.get("redemption")),
            })
    tld = to_str(first_key(row, "tld", "name", default="")).lower()
    return {"id": to_int(row.get("id")), "tld": tld if tld.startswith(".") or not tld else "." + tld,
            "periods": periods}


def normalize_certificate_product(row):
    return {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")),
        "description": to_str(row.get("description")),
        "category": to_str(row.get("category")),
        "periods": [{"years": to_int(p.get("years")), "price": money(p.get("price")), "renew": money(p.get("renew"))}
                    for p in as_list(row.get("periods")) if isinstance(p, dict)],
    }


def normalize_quote(body):
    """POST /quote → {subtotal, discount, credit, tax: [...], total, recurring: [...], items: [...]}."""
    summary = first_key(body, "summary", default={}) or {}
    taxes = [{"name": to_str(t.get("name")), "rate": to_str(first_key(t, "value", "rate", default="")),
              "amount": money(first_key(t, "tax", "amount"))}
             for t in as_list(summary.get("tax")) if isinstance(t, dict)]
    recurring = [{"cycle": cycle_code(first_key(r, "value", "title", default="")), "name": to_str(r.get("title")),
                  "price": money(r.get("price"))}
                 for r in as_list(summary.get("recurring")) if isinstance(r, dict)]
    items = []
    for n, item in enumerate(as_list(first_key(body, "items", default=[]))):
        if not isinstance(item, dict):
            continue
        errors = [to_str(e) for e in as_list(item.get("error")) if e]
        items.append({
            "index": to_int(item.get("index"), n),
            "valid": bool(to_bool(item.get("valid"), not errors)) and not errors,
            "errors": errors,
            "info": [to_str(i) for i in as_list(item.get("info")) if i],
        })
    return {
        "subtotal": money(summary.get("subtotal")),
        "discount": money(summary.get("discount")) or "0.00",
        "credit": money(summary.get("credit")) or "0.00",
        "tax": taxes,
        "total": money(summary.get("total")),
        "recurring": recurring,
        "items": items,
    }


def normalize_order(body):
    """An order answer (POST /order/@id, /order, /domain/order, /certificate/order, renew)."""
    nums = [to_int(n) for n in as_list(first_key(body, "order_num_list", default=[])) if to_int(n) is not None]
    if not nums and to_int(first_key(body, "order_num", "order_id")) is not None:
        nums = [to_int(first_key(body, "order_num", "order_id"))]
    items = first_key(body, "items", default=[])
    items = [items] if isinstance(items, dict) and "id" in items else as_list(items)
    return {
        "order_num": nums[0] if nums else None,
        "order_nums": nums,
        "invoice_id": to_int(body.get("invoice_id")) if isinstance(body, dict) else None,
        "total": money(first_key(body, "total", default=None)),
        "items": [{"id": to_int(i.get("id")), "type": to_str(i.get("type")), "name": to_str(i.get("name")),
                   "product_id": to_int(i.get("product_id"))} for i in items if isinstance(i, dict)],
    }


# ---------------------------------------------------------------------- options (custom / data)
def _choices(form):
    return ", ".join("%r (id %s)" % (i["title"], i["id"]) for i in form["items"] if i["title"]) or "none"


def _option_list(forms):
    return ", ".join("%r (id %s)" % (f["title"], f["id"]) for f in forms) or "none"


def build_custom(forms, wanted, option, what, missing=None):
    """Turn ``{option id or title: value}`` into the API's ``custom`` dict, validated against ``forms``.

    A required option left out raises, or, when ``missing`` is a list, is appended to it as a
    message (the caller decides: it only matters when the item is really ordered).

    The form's field name tells the shape: ``custom[ID]`` takes an item id (select, radio);
    ``custom[ID][ITEM]`` takes a value per item (checkbox 1, quantity, text). Returns
    ``(custom, selection)``; ``selection`` maps option titles to the chosen values, for humans.
    """
    custom, selection = {}, {}
    wanted = wanted or {}
    given = {}
    for key, value in wanted.items():
        form = next((f for f in forms if to_str(f["id"]) == to_str(key).strip()), None)
        if form is None:
            form = next((f for f in forms if f["title"].lower() == to_str(key).strip().lower()), None)
        if form is None:
            hint = close_matches(key, [f["title"] for f in forms])
            raise XtomValidationError(
                "%s: %r is not an option of %s%s; valid options: %s"
                % (option, key, what, (" (did you mean %s?)" % ", ".join(hint)) if hint else "", _option_list(forms)))
        if form["id"] in given:
            raise XtomValidationError("%s: option %r is given twice" % (option, form["title"]))
        given[form["id"]] = value
    for form in forms:
        label = "%s: %r of %s" % (option, form["title"], what)
        value = given.get(form["id"])
        if value is None or value == "":
            if form["required"] and not any(i["selected"] for i in form["items"]):
                msg = "%s is required; choices: %s" % (label, _choices(form))
                if missing is None:
                    raise XtomValidationError(msg)
                missing.append(msg)
            continue
        match = FIELD_RE.match(form["field"])
        per_item = bool(match and match.group(2)) if match else form["type"] in PER_ITEM_TYPES
        key = to_str(form["id"])
        if not per_item:
            item = next((i for i in form["items"] if to_str(i["id"]) == to_str(value).strip()), None)
            if item is None:
                item = next((i for i in form["items"] if i["title"].lower() == to_str(value).strip().lower()), None)
            if item is None:
                raise XtomValidationError("%s: %r is not a choice; choices: %s" % (label, value, _choices(form)))
            custom[key] = item["id"]
            selection[form["title"]] = item["title"]
            continue
        item_id = to_int(match.group(2)) if match and match.group(2) else (form["items"][0]["id"] if form["items"] else 0)
        if form["type"] in ("checkbox", "domaindnssupport"):
            flag = to_bool(value)
            if flag is None:
                raise XtomValidationError("%s takes true or false, got %r" % (label, value))
            if flag:
                custom[key] = {to_str(item_id): 1}
            selection[form["title"]] = flag
        elif form["type"] in ("qty", "slider"):
            qty = to_int(value) if not isinstance(value, bool) else None
            low, high = form.get("min", 0), form.get("max")
            if qty is None or qty < low or (high is not None and qty > high):
                raise XtomValidationError("%s takes a whole number from %s to %s, got %r"
                                          % (label, low, "any" if high is None else high, value))
            custom[key] = {to_str(item_id): qty}
            selection[form["title"]] = qty
        else:
            if isinstance(value, (dict, list)):
                raise XtomValidationError("%s takes text, got %r" % (label, value))
            custom[key] = {to_str(item_id): to_str(value)}
            selection[form["title"]] = to_str(value)
    return custom, selection


# ---------------------------------------------------------------------- the catalog, read once per run
class Catalog(object):
    """Catalog and account reads of one run, each made at most once."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def _once(self, key, func):
        if key not in self._cache:
            self._cache[key] = func()
        return self._cache[key]

    def categories(self):
        return self._once("categories", lambda: [
            normalize_category(r) for r in as_list(first_key(self.client.get("/category"), "categories", default=[]))
            if isinstance(r, dict)])

    def products(self, category_id):
        def read():
            body = self.client.get(self.client.path("/category/%s/product", category_id))
            return [normalize_product_row(r, category_id) for r in as_list(first_key(body, "products", default=[]))
                    if isinstance(r, dict)]
        return self._once(("products", category_id), read)

    def product_config(self, product_id):
        """GET /order/@product_id normalised, or None when the API does not know the product."""
        def read():
            try:
                return normalize_product_config(self.client.get(self.client.path("/order/%s", product_id)))
            except XtomApiError as exc:
                if exc.status in (400, 404):
                    return None
                raise
        return self._once(("config", product_id), read)

    def tlds(self):
        return self._once("tlds", lambda: [
            normalize_tld(r) for r in as_list(first_key(self.client.get("/domain/order"), "tlds", default=[]))
            if isinstance(r, dict)])

    def tld_forms(self, tld_id):
        def read():
            body = self.client.get(self.client.path("/domain/order/%s/form", tld_id), params={"tld_id": tld_id})
            return [normalize_form(f) for f in as_list(first_key(body, "forms", default=[])) if isinstance(f, dict)]
        return self._once(("tld_forms", tld_id), read)

    def certificate_products(self):
        return self._once("ssl", lambda: [
            normalize_certificate_product(r)
            for r in as_list(first_key(self.client.get("/certificate/order"), "products", default=[]))
            if isinstance(r, dict)])

    def certificate_software(self, product_id):
        def read():
            body = self.client.get(self.client.path("/certificate/order/%s/software", product_id))
            return [{"id": to_int(s.get("id")), "name": to_str(s.get("name"))}
                    for s in as_list(first_key(body, "software", default=[])) if isinstance(s, dict)]
        return self._once(("software", product_id), read)

    def pay_methods(self):
        return self._once("pay", lambda: get_payment_methods(self.client))

    def services(self, fresh=False):
        if fresh:
            self._cache.pop("services", None)
        return self._once("services", lambda: list_services(self.client))

    def domains(self, fresh=False):
        if fresh:
            self._cache.pop("domains", None)
        return self._once("domains", lambda: list_domains(self.client))

    def certificates(self, fresh=False):
        if fresh:
            self._cache.pop("certs", None)
        return self._once("certs", lambda: list_certificates(self.client))

    # -------------------------------------------------------------- resolving references
    def category(self, ref):
        cats = self.categories()
        text = to_str(ref).strip()
        for cat in cats:
            if to_str(cat["id"]) == text or cat["name"].lower() == text.lower() or (cat["slug"] and cat["slug"] == text):
                return cat
        raise XtomValidationError("category=%r is not a product category; categories: %s"
                                  % (ref, ", ".join("%r (id %s)" % (c["name"], c["id"]) for c in cats) or "none"))

    def find_product(self, ref, category=None, option="product"):
        """Product id and config for a product id or name (``category`` narrows the search)."""
        text = to_str(ref).strip()
        if not text:
            raise XtomValidationError("%s must not be empty" % option)
        cat = self.category(category) if category not in (None, "") else None
        if text.isdigit():
            conf = self.product_config(int(text))
            if conf is not None and (cat is None or conf["category_id"] in (None, cat["id"])):
                return conf
        cats = [cat] if cat else self.categories()
        found, names = [], []
        for c in cats:
            for prod in self.products(c["id"]):
                names.append("%r (id %s, %s)" % (prod["name"], prod["id"], c["name"]))
                if prod["name"].lower() == text.lower():
                    found.append((prod, c))
        if len(found) > 1:
            raise XtomValidationError("%s=%r is ambiguous: it is sold in %s. Set category, or use the product id."
                                      % (option, ref, ", ".join("%s (id %s)" % (c["name"], p["id"]) for p, c in found)))
        if not found:
            hint = close_matches(text, [n.split("'")[1] for n in names if "'" in n])
            raise XtomValidationError("%s=%r is not a product on sale%s%s; products: %s"
                                      % (option, ref, " in category %r" % cat["name"] if cat else "",
                                         " (did you mean %s?)" % ", ".join(hint) if hint else "",
                                         "; ".join(names) or "none"))
        conf = self.product_config(found[0][0]["id"])
        if conf is None:
            raise XtomValidationError("%s=%r (id %s) is listed but its configuration cannot be read"
                                      % (option, ref, found[0][0]["id"]))
        if not conf["category"]:
            conf["category"] = found[0][1]["name"]
        return conf

    def pay_method(self, ref):
        methods = self.pay_methods()
        text = to_str(ref).strip()
        for m in methods:
            if to_str(m["id"]) == text or _squash(m["name"]) == _squash(text):
                return m
        raise XtomValidationError("pay_method=%r is not a payment method of this account; methods: %s"
                                  % (ref, ", ".join("%s (id %s)" % (m["name"], m["id"]) for m in methods) or "none"))

    def tld_for(self, name):
        best = None
        for tld in self.tlds():
            if tld["tld"] and name.endswith(tld["tld"]) and len(name) > len(tld["tld"]):
                if best is None or len(tld["tld"]) > len(best["tld"]):
                    best = tld
        if best is None:
            raise XtomValidationError("name=%r: its TLD is not offered; TLDs: %s"
                                      % (name, ", ".join(t["tld"] for t in self.tlds()) or "none"))
        return best

    def certificate_product(self, ref):
        products = self.certificate_products()
        text = to_str(ref).strip()
        for p in products:
            if to_str(p["id"]) == text or p["name"].lower() == text.lower():
                return p
        hint = close_matches(text, [p["name"] for p in products])
        raise XtomValidationError("product=%r is not a certificate product%s; certificate products: %s"
                                  % (ref, " (did you mean %s?)" % ", ".join(hint) if hint else "",
                                     ", ".join("%r (id %s)" % (p["name"], p["id"]) for p in products) or "none"))


# ---------------------------------------------------------------------- preparing items
def check_item_options(spec, where):
    """Local checks (no request): the options fit the item's type and have sane values."""
    kind = spec.get("type") or "product"
    allowed = ITEM_OPTIONS[kind]
    stray = [k for k in ALL_ITEM_OPTIONS if k not in allowed and spec.get(k) not in (None, [], {})]
    if stray:
        raise XtomValidationError("%s%s not used when ordering a %s (type=%s)"
                                  % (where, " and ".join(stray) + (" is" if len(stray) == 1 else " are"), kind, kind))
    if kind == "product":
        if not spec.get("product"):
            raise XtomValidationError("%sproduct is required to order a product" % where)
        if not spec.get("hostname"):
            raise XtomValidationError(
                "%shostname is required to order a product: the module finds an existing service by product "
                "and hostname, so that a second run does not buy it again" % where)
        validate_hostname(spec["hostname"], where + "hostname")
    elif kind == "domain":
        if not spec.get("name"):
            raise XtomValidationError("%sname (the domain name) is required to order a domain" % where)
        validate_hostname(spec["name"], where + "name")
        action = spec.get("action") or "register"
        if spec.get("epp") and action != "transfer":
            raise XtomValidationError("%sepp is only used with action=transfer" % where)
        if spec.get("renew_within_days") is not None and action != "renew":
            raise XtomValidationError("%srenew_within_days is only used with action=renew" % where)
        if action == "renew":
            stray = [k for k in ("nameservers", "registrant", "admin", "tech", "billing", "options", "data")
                     if spec.get(k) not in (None, [], {})]
            if stray:
                raise XtomValidationError("%s%s not used with action=renew" % (where, ", ".join(stray)))
        ns = spec.get("nameservers")
        if ns:
            if not 2 <= len(ns) <= 4:
                raise XtomValidationError("%snameservers takes 2 to 4 host names, got %d" % (where, len(ns)))
            for n in ns:
                validate_hostname(n, where + "nameservers")
    else:
        if not spec.get("product"):
            raise XtomValidationError("%sproduct is required to order a certificate" % where)
        if not spec.get("csr") or not re.search(r"-----BEGIN (NEW )?CERTIFICATE REQUEST-----", spec["csr"]):
            raise XtomValidationError("%scsr must be a PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----)"
                                      % where)
        cn = csr_common_name(spec["csr"])
        host = norm_name(spec.get("hostname")) or None
        if cn is None and host is None:
            raise XtomValidationError("%sthe common name of csr cannot be read: set hostname to the certificate's "
                                      "domain" % where)
        if cn and host and cn != host:
            raise XtomValidationError("%shostname=%r does not match the CSR's common name %r" % (where, host, cn))
        if spec.get("approver_email") and not EMAIL_RE.match(spec["approver_email"]):
            raise XtomValidationError("%sapprover_email=%r is not an email address" % (where, spec["approver_email"]))
    years = spec.get("years")
    if years is not None and not 1 <= years <= 10:
        raise XtomValidationError("%syears must be from 1 to 10, got %s" % (where, years))
    days = spec.get("renew_within_days")
    if days is not None and days < 0:
        raise XtomValidationError("%srenew_within_days must not be negative, got %s" % (where, days))
    for role in CONTACT_ROLES:
        if spec.get(role) is not None and spec[role] <= 0:
            raise XtomValidationError("%s%s must be a contact id, got %s" % (where, role, spec[role]))
    return kind


def _contacts(spec, roles):
    return dict((r, spec[r]) for r in roles if spec.get(r) is not None)


def prepare_product(cat, spec, where):
    conf = cat.find_product(spec["product"], spec.get("category"), option=where + "product")
    what = "product %r (id %s)" % (conf["name"], conf["id"])
    offered = ", ".join("%s (%s, %s)" % (c["cycle"], c["name"], c["price"]) for c in conf["cycles"]) or "none"
    if spec.get("cycle"):
        cycle = cycle_code(spec["cycle"])
        if conf["cycles"] and cycle not in [c["cycle"] for c in conf["cycles"]]:
            raise XtomValidationError("%scycle=%r is not offered for %s; cycles: %s" % (where, spec["cycle"], what, offered))
    else:
        cycle = next((c["cycle"] for c in conf["cycles"] if c["default"]), None)
    missing = []
    custom, selection = build_custom(conf["options"], spec.get("options"), where + "options", what, missing)
    hostname = norm_name(spec["hostname"])
    body = {"domain": hostname}
    if cycle:
        body["cycle"] = cycle
    if custom:
        body["custom"] = custom
    if spec.get("promocode"):
        body["promocode"] = spec["promocode"]
    summary = {"type": "product", "product_id": conf["id"], "product": conf["name"], "category": conf["category"],
               "hostname": hostname, "cycle": cycle, "options": selection}
    return {"kind": "product", "path": "/order/%s" % conf["id"], "body": body, "cart": dict(body, type="product",
            product_id=conf["id"]), "summary": summary, "conf": conf, "missing": missing}


def prepare_domain(cat, spec, where):
    name = norm_name(spec["name"])
    action = spec.get("action") or "register"
    tld = cat.tld_for(name)
    years = spec.get("years") or 1
    price_key = "renew" if action == "renew" else action
    period = next((p for p in tld["periods"] if p["years"] == years), None)
    if period is None or period.get(price_key) is None:
        raise XtomValidationError("%syears=%s: %s can be %s for %s year(s)" % (
            where, years, tld["tld"], {"register": "registered", "transfer": "transferred", "renew": "renewed"}[action],
            ", ".join(str(p["years"]) for p in tld["periods"] if p.get(price_key) is not None) or "no"))
    summary = {"type": "domain", "name": name, "action": action, "years": years, "tld_id": tld["id"],
               "price": period[price_key]}
    if action == "renew":
        return {"kind": "renew", "body": {"years": years}, "summary": summary, "tld": tld}
    data = dict(spec.get("data") or {})
    custom, selection = build_custom(cat.tld_forms(tld["id"]), spec.get("options"), where + "options",
                                     "TLD %s" % tld["tld"])
    data.update(custom)
    body = {"name": name, "years": years, "action": action, "tld_id": tld["id"]}
    body.update(_contacts(spec, CONTACT_ROLES))
    if spec.get("nameservers"):
        body["nameservers"] = [norm_name(n) for n in spec["nameservers"]]
        summary["nameservers"] = body["nameservers"]
    if spec.get("epp"):
        body["epp"] = spec["epp"]
    if data:
        body["data"] = data
    summary["options"] = selection
    return {"kind": "domain", "path": "/domain/order", "body": body, "cart": dict(body, type="domain"),
            "summary": summary}


def prepare_certificate(cat, spec, where):
    product = cat.certificate_product(spec["product"])
    domain = csr_common_name(spec["csr"]) or norm_name(spec.get("hostname"))
    years = spec.get("years") or 1
    if product["periods"] and years not in [p["years"] for p in product["periods"]]:
        raise XtomValidationError("%syears=%s is not offered for %r; years: %s" % (
            where, years, product["name"], ", ".join(str(p["years"]) for p in product["periods"])))
    body = {"product_id": product["id"], "csr": spec["csr"], "years": years}
    summary = {"type": "certificate", "product_id": product["id"], "product": product["name"], "domain": domain,
               "years": years}
    if spec.get("software") not in (None, ""):
        software = cat.certificate_software(product["id"])
        text = to_str(spec["software"]).strip()
        found = next((s for s in software if to_str(s["id"]) == text or s["name"].lower() == text.lower()), None)
        if found is None:
            raise XtomValidationError("%ssoftware=%r is not offered for %r; software: %s" % (
                where, spec["software"], product["name"], ", ".join("%s (id %s)" % (s["name"], s["id"]) for s in software)))
        body["software"] = found["id"]
        summary["software"] = found["name"]
    if spec.get("approver_email"):
        body["approver_email"] = spec["approver_email"]
        summary["approver_email"] = spec["approver_email"]
    body.update(_contacts(spec, ("admin", "tech", "billing")))
    if spec.get("organization"):
        body["organization"] = dict((k, to_str(v)) for k, v in spec["organization"].items())
    if spec.get("data"):
        body["data"] = spec["data"]
    return {"kind": "certificate", "path": "/certificate/order", "body": body, "cart": dict(body, type="certificate"),
            "summary": summary}


# ---------------------------------------------------------------------- what the account already has
def _days_left(domain):
    if domain.get("daytoexpire") is not None:
        return domain["daytoexpire"]
    try:
        expires = datetime.datetime.strptime(domain.get("expires", "")[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
    return (expires - datetime.date.today()).days


def unpaid_renewal(client, domain):
    """An Unpaid invoice that renews ``domain`` (paying a second renewal would renew it twice)."""
    body = client.get("/invoice")
    for row in as_list(first_key(body, "invoices", default=[])):
        if not isinstance(row, dict) or to_str(row.get("status")).lower() != "unpaid":
            continue
        detail = first_key(client.get(client.path("/invoice/%s", row.get("id"))), "invoice", default={}) or {}
        for item in as_list(detail.get("items")):
            if not isinstance(item, dict):
                continue
            kind = to_str(item.get("type")).lower()
            text = to_str(item.get("description")).lower()
            if ("renew" in kind and to_int(item.get("item_id")) == domain["id"]) or (
                    "renew" in text and domain["name"] in text):
                return {"invoice_id": to_int(row.get("id")), "total": money(first_key(detail, "total", default=row.get("total")))}
    return None


def domain_available(client, name):
    """POST /domain/lookup: ``{"available": bool}``, or ``{"status": "ok"}``; an empty answer means taken."""
    body = client.post("/domain/lookup", {"name": name})
    if isinstance(body, dict) and "available" in body:
        return bool(to_bool(body.get("available"), False))
    return isinstance(body, dict) and to_str(body.get("status")).lower() == "ok"


def find_existing(cat, item):
    """Fill ``item['existing']`` (the row the account already has, or None); may add ``skip_reason``."""
    s = item["summary"]
    item["existing"] = None
    if item["kind"] == "product":
        conf = item["conf"]
        rows = [r for r in cat.services()
                if norm_name(r["domain"]) == s["hostname"] and r["status"].lower() not in SERVICE_INACTIVE
                and r["name"].lower() == conf["name"].lower()
                and (not r["category"] or not conf["category"] or r["category"].lower() == conf["category"].lower())]
        if rows:
            item["existing"] = {"id": rows[0]["id"], "status": rows[0]["status"], "billingcycle": rows[0]["billingcycle"]}
            if len(rows) > 1:
                item["warning"] = "several services match %s for %s: %s; the first is returned" % (
                    conf["name"], s["hostname"], ", ".join(str(r["id"]) for r in rows))
            if s["cycle"] and rows[0]["billingcycle"] and cycle_code(rows[0]["billingcycle"]) != s["cycle"]:
                item["warning"] = ("service %s exists with billing cycle %s, not %s; nothing was ordered or changed"
                                   % (rows[0]["id"], rows[0]["billingcycle"], CYCLES.get(s["cycle"], s["cycle"])))
    elif item["kind"] in ("domain", "renew"):
        live = [d for d in cat.domains() if d["name"] == s["name"] and d["status"].lower() not in DOMAIN_INACTIVE]
        if item["kind"] == "domain":
            if live:
                item["existing"] = {"id": live[0]["id"], "status": live[0]["status"]}
            elif s["action"] == "register" and not domain_available(cat.client, s["name"]):
                raise XtomValidationError("name=%r is not available for registration (POST /domain/lookup)" % s["name"])
            return item
        if not live:
            raise XtomValidationError("name=%r is not a live domain of this account: it cannot be renewed" % s["name"])
        dom = live[0]
        s["domain_id"] = dom["id"]
        s["expires"] = dom["expires"]
        days = _days_left(dom)
        within = item.get("renew_within_days")
        if within is not None and days is not None and days > within:
            item["existing"] = {"id": dom["id"], "status": dom["status"], "expires": dom["expires"]}
            item["skip_reason"] = "%s expires in %s days (%s), more than renew_within_days=%s" % (
                s["name"], days, dom["expires"], within)
            return item
        pending = unpaid_renewal(cat.client, dom)
        if pending:
            item["existing"] = dict({"id": dom["id"], "status": dom["status"], "expires": dom["expires"]}, **pending)
            item["skip_reason"] = "a renewal of %s already awaits payment (invoice %s)" % (s["name"], pending["invoice_id"])
    else:
        rows = live_certificates(cat.certificates(), s["domain"], s["product"])
        if rows:
            item["existing"] = {"id": rows[0]["id"], "status": rows[0]["status"]}
    return item


def answer_row(item, rows, used=()):
    """Index of ``item``'s row in an order answer's ``items`` (by product id and name, not by position:
    nothing documents that a cart answer keeps the order of the request), or None."""
    s = item["summary"]
    is_domain = item["kind"] == "domain"
    name = s["name"] if is_domain else (s.get("hostname") or s.get("domain"))
    pid = s["tld_id"] if is_domain else s["product_id"]
    for n, row in enumerate(rows):
        if n in used or norm_name(row["name"]) != name:
            continue
        if row["product_id"] in (None, pid) and ("domain" in row["type"].lower()) == is_domain:
            return n
    return None


# ---------------------------------------------------------------------- the plan
class OrderPlanner(object):
    """Validate and prepare every item of an order; then quote, place, recover or wait."""

    def __init__(self, client, specs, pay_method=None, cart=False):
        self.client = client
        self.cat = Catalog(client)
        self.specs = specs
        self.cart = cart
        self.pay_method_ref = pay_method
        self.pay_method = None
        self.items = []
        self.recovered = None

    def prepare(self):
        def where(n):
            return "items[%d]: " % n if self.cart else ""

        kinds = [check_item_options(spec, where(n)) for n, spec in enumerate(self.specs)]
        if self.cart and any((s.get("action") or "register") == "renew" for s, k in zip(self.specs, kinds) if k == "domain"):
            raise XtomValidationError("items: action=renew cannot be part of a cart; renew with the top-level options")
        for n, (spec, kind) in enumerate(zip(self.specs, kinds)):
            prep = {"product": prepare_product, "domain": prepare_domain, "certificate": prepare_certificate}[kind]
            item = prep(self.cat, spec, where(n))
            item["renew_within_days"] = spec.get("renew_within_days")
            self.items.append(item)
        keys = [self.identity(i) for i in self.items]
        dupes = sorted(set(k for k in keys if keys.count(k) > 1))
        if dupes:
            raise XtomValidationError("items: the same thing is ordered twice: %s" % ", ".join(" ".join(map(str, d)) for d in dupes))
        if self.pay_method_ref not in (None, ""):
            self.pay_method = self.cat.pay_method(self.pay_method_ref)
        for item in self.items:
            find_existing(self.cat, item)
            # Options the order needs, but a service that already exists does not.
            if item["existing"] is None and item.get("missing"):
                raise XtomValidationError(item["missing"][0])
        return self

    @staticmethod
    def identity(item):
        s = item["summary"]
        if item["kind"] == "product":
            return ("product", s["product_id"], s["hostname"])
        if item["kind"] == "certificate":
            return ("certificate", s["product_id"], s["domain"])
        return ("domain", s["name"])

    @property
    def to_order(self):
        return [i for i in self.items if i["existing"] is None]

    def _pay(self, body):
        if self.pay_method:
            body = dict(body, pay_method=self.pay_method["id"])
        return body

    # -------------------------------------------------------------- check mode
    def quote(self):
        """POST /quote for the items still to order (renewals are priced from the TLD list)."""
        todo = self.to_order
        quotable = [i for i in todo if i["kind"] != "renew"]
        if not quotable:
            price = sum(float(i["summary"]["price"]) for i in todo)
            return {"subtotal": money(price), "discount": "0.00", "credit": "0.00", "tax": [], "total": None,
                    "recurring": [], "items": [], "source": "catalog"}
        body = self.client.post("/quote", self._pay({"items": [i["cart"] for i in quotable]}))
        quote = normalize_quote(body)
        quote["source"] = "quote"
        bad = ["%s: %s" % (self.describe(quotable[q["index"]] if q["index"] < len(quotable) else None),
                           "; ".join(q["errors"]) or "not valid")
               for q in quote["items"] if not q["valid"]]
        if bad:
            raise XtomValidationError("the portal refuses this order (POST /quote): %s" % " | ".join(bad))
        return quote

    @staticmethod
    def describe(item):
        if item is None:
            return "an item"
        s = item["summary"]
        if item["kind"] == "product":
            return "product %r for %s" % (s["product"], s["hostname"])
        if item["kind"] == "certificate":
            return "certificate %r for %s" % (s["product"], s["domain"])
        return "%s of domain %s" % (s["action"], s["name"])

    # -------------------------------------------------------------- ordering
    def place(self):
        """Send the one order POST (never repeated). Returns the normalised order answer."""
        todo = self.to_order
        before = self._snapshot(todo)
        try:
            if self.cart:
                body = self.client.post("/order", self._pay({"items": [i["cart"] for i in todo]}))
            elif todo[0]["kind"] == "renew":
                body = self.client.post(self.client.path("/domain/%s/renew", todo[0]["summary"]["domain_id"]),
                                        self._pay(todo[0]["body"]))
            elif todo[0]["kind"] == "product":
                body = self.client.post(self.client.path("/order/%s", todo[0]["summary"]["product_id"]),
                                        self._pay(todo[0]["body"]))
            else:
                body = self.client.post(todo[0]["path"], self._pay(todo[0]["body"]))
        except XtomApiError as exc:
            if not exc.uncertain:
                raise
            self._recover(todo, before, exc)
            return None
        order = normalize_order(body if isinstance(body, dict) else {})
        rows, used = order["items"], set()
        for item in todo:
            if item["kind"] == "renew":
                item["new_id"] = item["summary"]["domain_id"]
                continue
            n = answer_row(item, rows, used)
            if n is not None:
                used.add(n)
            item["new_id"] = rows[n]["id"] if n is not None else None
        # Rows the portal named differently: paired in order when exactly one row is left per item.
        lost = [i for i in todo if i["kind"] != "renew" and i["new_id"] is None]
        left = [n for n in range(len(rows)) if n not in used]
        if lost and len(lost) == len(left):
            for item, n in zip(lost, left):
                item["new_id"] = rows[n]["id"]
                if item["kind"] == "product" and rows[n]["name"]:
                    item["warning"] = ("the portal registered %s as %r, not %r: a run with hostname=%s would not find "
                                       "service %s and would order again" % (self.describe(item), rows[n]["name"],
                                                                             item["summary"]["hostname"],
                                                                             item["summary"]["hostname"], rows[n]["id"]))
        missing = [i for i in todo if i["new_id"] is None]
        if missing:
            self._find_new(missing, before)
        return order

    def _snapshot(self, todo):
        """Ids the account had before the order, per kind (to tell new rows from old ones)."""
        kinds = set(i["kind"] for i in todo)
        return {
            "product": set(r["id"] for r in self.cat.services()) if "product" in kinds else set(),
            "domain": set(r["id"] for r in self.cat.domains()) if "domain" in kinds else set(),
            "certificate": set(r["id"] for r in self.cat.certificates()) if "certificate" in kinds else set(),
        }

    def _find_new(self, todo, before):
        """Look for each item's new row (same identity, id not seen before). Sets ``new_id``."""
        kinds = set(i["kind"] for i in todo)
        services = self.cat.services(fresh=True) if "product" in kinds else []
        domains = self.cat.domains(fresh=True) if "domain" in kinds else []
        certs = self.cat.certificates(fresh=True) if "certificate" in kinds else []
        for item in todo:
            s = item["summary"]
            if item["kind"] == "product":
                rows = [r for r in services if r["id"] not in before["product"] and norm_name(r["domain"]) == s["hostname"]
                        and r["name"].lower() == s["product"].lower()]
            elif item["kind"] == "domain":
                rows = [r for r in domains if r["id"] not in before["domain"] and r["name"] == s["name"]]
            elif item["kind"] == "certificate":
                rows = [r for r in certs if r["id"] not in before["certificate"] and r["domain"] == s["domain"]
                        and r["name"].lower() == s["product"].lower()]
            else:
                pending = unpaid_renewal(self.client, {"id": s["domain_id"], "name": s["name"]})
                rows = [{"id": s["domain_id"], "status": "renewal invoice %s" % pending["invoice_id"]}] if pending else []
            item["new_id"] = rows[0]["id"] if rows else None
            item["new_status"] = rows[0].get("status") if rows else None

    def _recover(self, todo, before, exc):
        try:
            self._find_new(todo, before)
        except XtomApiError as exc2:
            raise OrderUncertainError(
                "%s. Looking for the new order afterwards failed too (%s): check the account before running again."
                % (exc, exc2), {})
        found = [i for i in todo if i.get("new_id") is not None]
        lost = [i for i in todo if i.get("new_id") is None]
        head = "the order request %s %s got no clear answer (%s) and was not sent again" % (
            exc.method, exc.path, "HTTP %s" % exc.status if exc.status else "; ".join(exc.messages) or "no response")
        if not lost:
            self.recovered = "%s; the account shows it was placed: %s" % (head, ", ".join(
                "%s → id %s (%s)" % (self.describe(i), i["new_id"], i.get("new_status") or "?") for i in found))
            return
        msg = "%s. Nothing was found for %s: the order was probably not placed, but a slow portal may still " \
              "create it; check the account (for example with xtom.console.service_info) before running again" % (
                  head, ", ".join(self.describe(i) for i in lost))
        if found:
            msg += ". Found: %s" % ", ".join("%s → id %s" % (self.describe(i), i["new_id"]) for i in found)
        raise OrderUncertainError(msg, {"found": [dict(i["summary"], id=i["new_id"]) for i in found]})

    # -------------------------------------------------------------- waiting
    def wait_active(self, timeout, sleep=time.sleep, clock=time.time):
        """Poll GET /service/@id of every ordered or existing product until it is Active."""
        deadline = clock() + timeout
        for item in self.items:
            sid = item.get("new_id") or (item["existing"] or {}).get("id")
            if item["kind"] != "product" or sid is None:
                continue
            delay = 0.5
            while True:
                try:
                    svc = get_service(self.client, sid)
                except XtomApiError as exc:
                    # After the order: the failure must say it was placed, or a re-run looks like the fix.
                    raise WaitError("service %s (%s): reading its status failed (%s); it was ordered: run again to keep "
                                    "waiting, nothing will be ordered twice" % (sid, self.describe(item), exc))
                item["status"] = svc["status"]
                if svc["status"].lower() == "active":
                    break
                if svc["status"].lower() in SERVICE_FAILED:
                    raise WaitError("service %s (%s) is %s, not Active" % (sid, self.describe(item), svc["status"]))
                if clock() + delay > deadline:
                    raise WaitError("service %s (%s) is still %s after %s seconds (wait_timeout); it was ordered: "
                                    "run again to keep waiting, nothing will be ordered twice"
                                    % (sid, self.describe(item), svc["status"], timeout))
                sleep(delay)
                delay = min(delay * 2, 10)

    # -------------------------------------------------------------- result
    def results(self):
        out = []
        for item in self.items:
            row = dict(item["summary"])
            existing = item["existing"]
            if existing is not None:
                row.update({"id": existing["id"], "status": item.get("status") or existing["status"],
                            "existing": True})
                if existing.get("invoice_id"):
                    row["invoice_id"] = existing["invoice_id"]
            else:
                row.update({"id": item.get("new_id"), "status": item.get("status") or item.get("new_status") or
                            ("Pending" if item.get("new_id") else ""), "existing": False})
            if item["kind"] == "renew":
                row["type"] = "domain_renewal"
            out.append(row)
        return out

    def warnings(self):
        out = [i["warning"] for i in self.items if i.get("warning")]
        out += ["nothing ordered for %s: %s" % (self.describe(i), i["skip_reason"]) for i in self.items if i.get("skip_reason")]
        if self.recovered:
            out.append(self.recovered)
        return out
