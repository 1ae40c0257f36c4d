# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ordering area, items layer: what is ordered, validated locally (no request) and then against
the catalog, turned into the API body and a summary (what ``items``/``changes`` return)."""

import re

from ansible_collections.xtom.console.plugins.module_utils.certificates import csr_common_name
from ansible_collections.xtom.console.plugins.module_utils.common import (
    check_text,
    close_matches,
    is_id,
    option_error,
    parse_id,
    to_bool,
    to_int,
    to_str,
    validate_email,
    validate_hostname,
)
from ansible_collections.xtom.console.plugins.module_utils.orders_catalog import cycle_code

FIELD_RE = re.compile(r"^custom\[(\d+)\](?:\[(\d+)\])?$")
PER_ITEM_TYPES = ("checkbox", "domaindnssupport", "qty", "input", "textarea", "slider", "password")
CSR_HEAD_RE = re.compile(r"-----BEGIN (NEW )?CERTIFICATE REQUEST-----")

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
TEXT_OPTIONS = ("product", "category", "cycle", "promocode", "epp", "software")


# ---------------------------------------------------------------------- local checks (no request)
def check_item_options(spec, where):
    """Local checks (no request): the options fit the item's type and have sane values. Returns the kind."""
    kind = spec.get("type") or "product"
    allowed = ITEM_OPTIONS[kind]
    stray = [k for k in ALL_ITEM_OPTIONS if k not in allowed and spec.get(k) not in (None, [], {})]
    if stray:
        raise option_error(where + stray[0], spec[stray[0]], "%s not used when ordering a %s (type=%s)" % (
            " and ".join(stray) + (" is" if len(stray) == 1 else " are"), kind, kind))
    for key in TEXT_OPTIONS:
        check_text(spec.get(key), where + key)
    _check_free_text(spec.get("options"), where + "options")
    _check_free_text(spec.get("data"), where + "data")
    _check_free_text(spec.get("organization"), where + "organization")
    {"product": _check_product, "domain": _check_domain, "certificate": _check_certificate}[kind](spec, where)
    _check_numbers(spec, where)
    return kind


def _check_free_text(value, option):
    if isinstance(value, dict):
        for key, item in value.items():
            check_text(key, option)
            _check_free_text(item, "%s.%s" % (option, key))
    elif isinstance(value, list):
        for item in value:
            _check_free_text(item, option)
    elif isinstance(value, str):
        check_text(value, option)


def _check_product(spec, where):
    if not spec.get("product"):
        raise option_error(where + "product", spec.get("product"), "is required to order a product")
    if not spec.get("hostname"):
        raise option_error(where + "hostname", spec.get("hostname"),
                           "is required to order a product: the module finds an existing service by product and "
                           "hostname, so that a second run does not buy it again")
    validate_hostname(spec["hostname"], where + "hostname")


def _check_domain(spec, where):
    if not spec.get("name"):
        raise option_error(where + "name", spec.get("name"), "(the domain name) is required to order a domain")
    validate_hostname(spec["name"], where + "name")
    action = spec.get("action") or "register"
    if spec.get("epp") and action != "transfer":
        raise option_error(where + "epp", "********", "is only used with action=transfer")
    if spec.get("renew_within_days") is not None and action != "renew":
        raise option_error(where + "renew_within_days", spec["renew_within_days"], "is only used with action=renew")
    if action == "renew":
        stray = [k for k in ("nameservers", "registrant", "admin", "tech", "billing", "options", "data")
                 if spec.get(k) not in (None, [], {})]
        if stray:
            raise option_error(where + stray[0], spec[stray[0]], "%s not used with action=renew" % ", ".join(stray))
    ns = spec.get("nameservers")
    if ns:
        if not 2 <= len(ns) <= 4:
            raise option_error(where + "nameservers", ns, "takes 2 to 4 host names, got %d" % len(ns))
        for n in ns:
            validate_hostname(n, where + "nameservers")


def _check_certificate(spec, where):
    if not spec.get("product"):
        raise option_error(where + "product", spec.get("product"), "is required to order a certificate")
    if not spec.get("csr") or not CSR_HEAD_RE.search(spec["csr"]):
        raise option_error(where + "csr", "...", "must be a PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----)")
    cn = csr_common_name(spec["csr"])
    host = validate_hostname(spec["hostname"], where + "hostname", allow_wildcard=True) if spec.get("hostname") else None
    if cn is None and host is None:
        raise option_error(where + "csr", "...",
                           "the common name of csr cannot be read: set hostname to the certificate's domain")
    if cn and host and cn != host:
        raise option_error(where + "hostname", host, "does not match the CSR's common name %r" % cn)
    if spec.get("approver_email"):
        validate_email(spec["approver_email"], where + "approver_email")


def _check_numbers(spec, where):
    years = spec.get("years")
    if years is not None and not 1 <= years <= 10:
        raise option_error(where + "years", years, "must be from 1 to 10")
    days = spec.get("renew_within_days")
    if days is not None and days < 0:
        raise option_error(where + "renew_within_days", days, "must not be negative")
    for role in CONTACT_ROLES:
        if spec.get(role) is not None:
            spec[role] = parse_id(spec[role], where + role)
            if spec[role] <= 0:
                raise option_error(where + role, spec[role], "must be a contact id")


# ---------------------------------------------------------------------- options (custom / data)
def _choices(form):
    return ", ".join("%r (id %s)" % (i["title"], i["id"]) for i in form["items"] if i["title"]) or "none"


def _option_list(forms):
    return ", ".join("%r (id %s)" % (f["title"], f["id"]) for f in forms) or "none"


def _find_form(forms, key, option, what):
    text = to_str(key).strip()
    form = next((f for f in forms if is_id(text) and f["id"] == int(text)), None)
    if form is None:
        form = next((f for f in forms if f["title"].lower() == text.lower()), None)
    if form is None:
        hint = close_matches(key, [f["title"] for f in forms])
        raise option_error(option, key, "is not an option of %s%s" % (
            what, (" (did you mean %s?)" % ", ".join(hint)) if hint else ""), _option_list(forms))
    return form


def _given(forms, wanted, option, what):
    given = {}
    for key, value in (wanted or {}).items():
        form = _find_form(forms, key, option, what)
        if form["id"] in given:
            raise option_error(option, key, "option %r is given twice" % form["title"])
        given[form["id"]] = value
    return given


def _choice(form, value, label, what):
    text = to_str(value).strip()
    item = next((i for i in form["items"] if is_id(text) and i["id"] == int(text)), None)
    if item is None:
        item = next((i for i in form["items"] if i["title"].lower() == text.lower()), None)
    if item is None:
        raise option_error(label, value, "is not a choice of %s" % what, _choices(form))
    return item["id"], item["title"]


def _per_item(form, value, label, item_id, what):
    """(value for ``custom[ID][ITEM]`` or None to leave out, what the user chose)."""
    if form["type"] in ("checkbox", "domaindnssupport"):
        flag = to_bool(value)
        if flag is None:
            raise option_error(label, value, "takes true or false (%s)" % what)
        return ({to_str(item_id): 1} if flag else None), flag
    if form["type"] in ("qty", "slider"):
        qty = to_int(value) if not isinstance(value, bool) and is_id(to_str(value).lstrip("-")) else None
        low, high = form.get("min", 0), form.get("max")
        if qty is None or qty < low or (high is not None and qty > high):
            raise option_error(label, value, "takes a whole number from %s to %s (%s)" % (
                low, "any" if high is None else high, what))
        return {to_str(item_id): qty}, qty
    if isinstance(value, (dict, list)):
        raise option_error(label, value, "takes text (%s)" % what)
    return {to_str(item_id): to_str(value)}, to_str(value)


def build_custom(forms, wanted, option, what, missing=None):
    """Turn ``{option id or title: value}`` into the API's ``custom`` dict, validated against ``forms``.

    A required option left out raises, or, when ``missing`` is a list, is appended to it as a
    message (the caller decides: it only matters when the item is really ordered).

    The form's field name tells the shape: ``custom[ID]`` takes an item id (select, radio);
    ``custom[ID][ITEM]`` takes a value per item (checkbox 1, quantity, text). Returns
    ``(custom, selection)``; ``selection`` maps option titles to the chosen values, for humans.
    """
    custom, selection = {}, {}
    given = _given(forms, wanted, option, what)
    for form in forms:
        label = "%s.%s" % (option, form["title"])
        value = given.get(form["id"])
        if value is None or value == "":
            if form["required"] and not any(i["selected"] for i in form["items"]):
                err = option_error(label, None, "is required for %s" % what, _choices(form))
                if missing is None:
                    raise err
                missing.append(err)
            continue
        match = FIELD_RE.match(form["field"])
        per_item = bool(match and match.group(2)) if match else form["type"] in PER_ITEM_TYPES
        if not per_item:
            custom[to_str(form["id"])], selection[form["title"]] = _choice(form, value, label, what)
            continue
        item_id = to_int(match.group(2)) if match and match.group(2) else (form["items"][0]["id"] if form["items"] else 0)
        sent, selection[form["title"]] = _per_item(form, value, label, item_id, what)
        if sent is not None:
            custom[to_str(form["id"])] = sent
    return custom, selection


# ---------------------------------------------------------------------- preparing items (catalog reads)
def _contacts(spec, roles):
    return dict((r, spec[r]) for r in roles if spec.get(r) is not None)


def _cycle(conf, spec, where, what):
    offered = ["%s (%s, %s)" % (c["cycle"], c["name"], c["price"]) for c in conf["cycles"]] or "none"
    if spec.get("cycle"):
        cycle = cycle_code(spec["cycle"])
        if conf["cycles"] and cycle not in [c["cycle"] for c in conf["cycles"]]:
            raise option_error(where + "cycle", spec["cycle"], "is not offered for %s" % what, offered)
        return cycle
    return next((c["cycle"] for c in conf["cycles"] if c["default"]), None)


def prepare_product(cat, spec, where):
    conf = cat.find_product(spec["product"], spec.get("category"), option=where + "product")
    what = "product %r (id %s)" % (conf["name"], conf["id"])
    cycle = _cycle(conf, spec, where, what)
    missing = []
    custom, selection = build_custom(conf["options"], spec.get("options"), where + "options", what, missing)
    hostname = validate_hostname(spec["hostname"], where + "hostname")
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


def _period(tld, years, action, where):
    price_key = "renew" if action == "renew" else action
    period = next((p for p in tld["periods"] if p["years"] == years), None)
    if period is None or period.get(price_key) is None:
        raise option_error(where + "years", years, "%s can be %s for %s year(s)" % (
            tld["tld"], {"register": "registered", "transfer": "transferred", "renew": "renewed"}[action],
            ", ".join(str(p["years"]) for p in tld["periods"] if p.get(price_key) is not None) or "no"))
    return period[price_key]


def prepare_domain(cat, spec, where):
    name = validate_hostname(spec["name"], where + "name")
    action = spec.get("action") or "register"
    tld = cat.tld_for(name, where + "name")
    years = spec.get("years") or 1
    summary = {"type": "domain", "name": name, "action": action, "years": years, "tld_id": tld["id"],
               "price": _period(tld, years, action, where)}
    if action == "renew":
        return {"kind": "renew", "body": {"years": years}, "summary": summary, "tld": tld}
    data = dict(spec.get("data") or {})
    custom, selection = build_custom(cat.tld_forms(tld["id"]), spec.get("options"), where + "options",
                                     "TLD %s" % tld["tld"])
    data.update(custom)
    body = {"name": name, "years": years, "action": action, "tld_id": tld["id"]}
    body.update(_contacts(spec, CONTACT_ROLES))
    if spec.get("nameservers"):
        body["nameservers"] = [validate_hostname(n, where + "nameservers") for n in spec["nameservers"]]
        summary["nameservers"] = body["nameservers"]
    if spec.get("epp"):
        body["epp"] = spec["epp"]
    if data:
        body["data"] = data
    summary["options"] = selection
    return {"kind": "domain", "path": "/domain/order", "body": body, "cart": dict(body, type="domain"),
            "summary": summary}


def _software(cat, product, ref, where):
    software = cat.certificate_software(product["id"])
    text = to_str(ref).strip()
    found = next((s for s in software if to_str(s["id"]) == text or s["name"].lower() == text.lower()), None)
    if found is None:
        raise option_error(where + "software", ref, "is not offered for %r" % product["name"],
                           ["%s (id %s)" % (s["name"], s["id"]) for s in software] or "none")
    return found


def prepare_certificate(cat, spec, where):
    product = cat.certificate_product(spec["product"], where + "product")
    domain = csr_common_name(spec["csr"]) or validate_hostname(spec["hostname"], where + "hostname", allow_wildcard=True)
    years = spec.get("years") or 1
    if product["periods"] and years not in [p["years"] for p in product["periods"]]:
        raise option_error(where + "years", years, "is not offered for %r" % product["name"],
                           [str(p["years"]) for p in product["periods"]])
    body = {"product_id": product["id"], "csr": spec["csr"], "years": years}
    summary = {"type": "certificate", "product_id": product["id"], "product": product["name"], "domain": domain,
               "years": years}
    if spec.get("software") not in (None, ""):
        found = _software(cat, product, spec["software"], where)
        body["software"] = found["id"]
        summary["software"] = found["name"]
    if spec.get("approver_email"):
        body["approver_email"] = summary["approver_email"] = validate_email(spec["approver_email"],
                                                                            where + "approver_email")
    body.update(_contacts(spec, ("admin", "tech", "billing")))
    if spec.get("organization"):
        body["organization"] = dict((k, to_str(v)) for k, v in spec["organization"].items())
    if spec.get("data"):
        body["data"] = spec["data"]
    return {"kind": "certificate", "path": "/certificate/order", "body": body, "cart": dict(body, type="certificate"),
            "summary": summary}
