# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Service upgrades: read the options (GET /service/@id/upgrade), plan, estimate or request (POST).

The options have a reference example (``{"resources": [...], "package": []}``); the POST's answer
has none. A value the plan compares against (the selected item, the quantity, the billing cycle)
that is missing or not understood is an error, never a difference: an upgrade costs money.
"""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    META_KEYS,
    XtomAnswerError,
    XtomApiError,
    answer_rows,
    answer_value,
    check_text,
    option_error,
    to_bool,
    to_int,
    to_str,
    unwrap,
)
from ansible_collections.xtom.console.plugins.module_utils.billing import get_invoice, list_invoices
from ansible_collections.xtom.console.plugins.module_utils.services import CYCLES, add_check_hint, find_choice

# GET /service/@id/upgrade (reference): resources, and the packages the service can move to.
RESOURCE_KEYS = ("resources",)
UPGRADE_PACKAGE_KEYS = ("package", "packages")
ITEM_SELECTED_KEYS = ("selected", "current", "active", "isSelected")
QTY_KEYS = ("value", "qty", "quantity")
QTY_TYPES = ("qty", "quantity", "slider", "number", "input", "num")
# POST /service/@id/upgrade (no reference example): the price summary.
ESTIMATE_KEYS = ("summary", "estimate", "quote", "upgrade")
ESTIMATE_FIELDS = ("total", "subtotal")


def _text(row, keys, body, what, required=True):
    for key in keys:
        if key in row and row[key] is not None:
            value = row[key]
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return to_str(value)
            break
    if required:
        raise XtomAnswerError(body, what)
    return ""


def _flag(row, body):
    """A ``selected`` flag: True, False, or None when the row has none. A flag of another kind is refused."""
    for key in ITEM_SELECTED_KEYS:
        if key in row:
            value = to_bool(row[key])
            if value is None:
                raise XtomAnswerError(body, "upgrade items whose \"selected\" is a boolean")
            return value
    return None


def _norm_item(row, body):
    if not isinstance(row, dict):
        raise XtomAnswerError(body, "upgrade items (objects)")
    return {
        "id": _text(row, ("id", "item_id", "itemId"), body, 'upgrade items with an "id"'),
        "name": _text(row, ("name", "title"), body, 'upgrade items with a "name"'),
        "price": row.get("price"),
        "setup_price": next((row[k] for k in ("setup_price", "setupPrice", "setup") if k in row), None),
        "selected": _flag(row, body),
        "qty": to_int(next((row[k] for k in QTY_KEYS if k in row), None)),
    }


def _resource(row, body):
    items = [_norm_item(i, body) for i in (row.get("items") or [])]
    rtype = _text(row, ("type",), body, "", required=False).lower()
    kind = "qty" if rtype in QTY_TYPES or not items else "select"
    selected = [i for i in items if i["selected"]]
    current, current_qty = None, None
    if kind == "qty":
        current = to_int(next((row[k] for k in QTY_KEYS + ("selected",) if k in row), None))
        if current is None and selected and selected[0]["qty"] is not None:
            current = selected[0]["qty"]
    elif len(selected) == 1:
        current, current_qty = selected[0]["id"], selected[0]["qty"]
    for item in items:
        item["selected"] = bool(item["selected"])
    return {
        "id": _text(row, ("id",), body, 'resources with an "id"'),
        "name": _text(row, ("name", "title"), body, 'resources with a "name"'),
        "type": rtype,
        "kind": kind,
        "choices": items,  # "items" would be hidden by the dict method in templates
        "current": current,
        "current_qty": current_qty,
    }


def parse_upgrade_options(body):
    """GET /service/@id/upgrade: ``{"resources": [...], "packages": [...]}``.

    Each resource: id (str), name, type, ``kind`` (``qty`` for sliders and quantities, ``select``
    for the others), items (id, name, price, setup_price, selected, qty) and ``current`` (the
    selected item's id, or the quantity; null when the answer does not say: a plan that needs it
    fails). Packages: id, name, selected. Rows without id or name are refused.
    """
    resources = [_resource(row, body) for row in answer_rows(body, RESOURCE_KEYS, bare=False)]
    payload = unwrap(body)
    packages = []
    if any(k in payload for k in UPGRADE_PACKAGE_KEYS):
        for row in answer_rows(body, UPGRADE_PACKAGE_KEYS, bare=False):
            packages.append({
                "id": _text(row, ("id", "product_id", "productId"), body, 'packages with an "id"'),
                "name": _text(row, ("name", "product"), body, 'packages with a "name"'),
                "selected": bool(_flag(row, body)),
            })
    return {"resources": resources, "packages": packages}


def get_upgrade_options(client, service_id):
    return client.get(client.path("/service/%s/upgrade", service_id), parse=parse_upgrade_options)


def normalize_cycle(value, option="cycle"):
    """A billing cycle code (``m``, ``a``...) from a code or a name; an error naming ``option`` if unknown."""
    text = to_str(value).strip().lower()
    for code, name in CYCLES.items():
        if text in (code, name.lower(), name.lower().replace("-", "")):
            return code
    raise option_error(option, to_str(value), "is not a billing cycle",
                       valid=["%s (%s)" % (c, n) for c, n in CYCLES.items()])


def validate_upgrade_input(resources, package, cycle):
    """Local checks (before any request); returns the cycle code or None."""
    for key, value in (resources or {}).items():
        option = "resources[%s]" % key
        check_text(key, "resources")
        if isinstance(value, str):
            check_text(value, option)
        if isinstance(value, dict):
            if len(value) != 1:
                raise option_error(option, value, "a dropdown with quantity takes one item and its quantity")
            qty = list(value.values())[0]
            if to_int(qty) is None:
                raise option_error(option, qty, "the quantity is not a number")
        elif value is None or isinstance(value, (list, bool)) or to_str(value).strip() == "":
            raise option_error(option, value, "is not an item id, item name or quantity")
    check_text(package, "package")
    if package is not None and not to_str(package).strip():
        raise option_error("package", package, "must not be empty")
    return normalize_cycle(cycle) if cycle is not None else None


def _unknown_current(svc, what):
    return XtomApiError(200, "GET", "/service/%s/upgrade" % svc.get("id"), [
        "%s: the answer does not say which value is selected now, so nothing was sent (an unknown current value "
        "is not a difference)" % what])


def _plan_resource(svc, res, key, value, request, before, after):
    name = res["name"]
    if res["kind"] == "qty":
        qty = to_int(value)
        if qty is None:
            raise option_error("resources[%s]" % key, value, "%s takes a quantity" % name)
        if res["current"] is None:
            raise _unknown_current(svc, "resource %s" % name)
        before[name], after[name] = res["current"], qty
        if qty != res["current"]:
            request[res["id"]] = str(qty)
        return
    qty = None
    if isinstance(value, dict):
        value, qty = list(value.items())[0]
        qty = to_int(qty)
    item = find_choice(res["choices"], value, "an item of %s" % name, "resources[%s]" % key)
    current = next((i for i in res["choices"] if i["id"] == res["current"]), None)
    if current is None:
        raise _unknown_current(svc, "resource %s" % name)
    before[name], after[name] = current["name"], item["name"]
    if qty is not None:
        if res["current_qty"] is None:
            raise _unknown_current(svc, "the quantity of resource %s" % name)
        before[name], after[name] = [current["name"], res["current_qty"]], [item["name"], qty]
        if item["id"] != res["current"] or qty != res["current_qty"]:
            request[res["id"]] = {item["id"]: str(qty)}
    elif item["id"] != res["current"]:
        request[res["id"]] = item["id"]


def _plan_package(svc, options, package, request, before, after):
    current = next((p for p in options["packages"] if p["selected"]), None)
    current_name = current["name"] if current else svc.get("name", "")
    if not current_name:
        raise _unknown_current(svc, "the package")
    text = to_str(package).strip()
    if (current is not None and text == current["id"]) or text.lower() == current_name.lower():
        target = {"id": current["id"] if current else None, "name": current_name}
    else:
        target = find_choice(options["packages"], package, "an upgrade package of this service", "package")
    before["package"], after["package"] = current_name, target["name"]
    if target["name"].lower() != current_name.lower():
        request["package"] = to_int(target["id"], target["id"])


def _plan_cycle(svc, cycle, request, before, after):
    code = normalize_cycle(cycle)
    now = to_str(svc.get("billingcycle")).strip()
    if now.lower() not in [n.lower() for n in CYCLES.values()]:
        raise XtomApiError(200, "GET", "/service", [
            "service %s has the billing cycle %r, which this collection does not know (known: %s); nothing was sent"
            % (svc.get("id"), now, ", ".join(CYCLES.values()))])
    before["cycle"], after["cycle"] = now, CYCLES[code]
    if now.lower() != CYCLES[code].lower():
        request["cycle"] = code


def plan_upgrade(svc, options, resources=None, package=None, cycle=None):
    """Compare the asked upgrade with the selected options.

    Returns ``(request, before, after)``: ``request`` is the POST body without ``send`` (empty
    when nothing differs); ``before``/``after`` describe the asked parts by name. A current value
    the answer did not state raises ``XtomApiError`` naming the route: nothing is sent.
    """
    request, before, after = {}, {}, {}
    if resources:
        res_request, res_before, res_after = {}, {}, {}
        for key, value in resources.items():
            res = find_choice(options["resources"], key, "a resource of this service", "resources")
            _plan_resource(svc, res, key, value, res_request, res_before, res_after)
        before["resources"], after["resources"] = res_before, res_after
        if res_request:
            request["resources"] = res_request
    if package is not None:
        _plan_package(svc, options, package, request, before, after)
    if cycle is not None:
        _plan_cycle(svc, cycle, request, before, after)
    return request, before, after


def parse_estimate(body):
    """The price summary of a POST /service/@id/upgrade answer (no reference example).

    ``summary`` (or ``estimate``, ``quote``, ``upgrade``) holding an object, or the payload itself
    when it carries a ``total``. Anything else is refused.
    """
    payload = unwrap(body)
    if isinstance(payload, dict) and not any(k in payload for k in ESTIMATE_KEYS) \
            and any(k in payload for k in ESTIMATE_FIELDS):
        found = dict((k, v) for k, v in payload.items() if k not in META_KEYS)
    else:
        found = dict(answer_value(body, ESTIMATE_KEYS, (dict,)))
    if "items" in found:  # returned as "lines": "items" is hidden by the dict method in templates
        found["lines"] = found.pop("items")
    return found


def request_upgrade(client, service_id, request, send):
    """POST /service/@id/upgrade; ``send=False`` asks only for the price estimate (a read-like POST).

    With ``send=True`` an answer whose summary is not understood does not fail the task (the upgrade
    was requested): the estimate is then None.
    """
    data = dict(request)
    data["send"] = bool(send)
    path = client.path("/service/%s/upgrade", service_id)
    if not send:
        return client.post(path, data, parse=parse_estimate)
    try:
        body = client.post(path, data)
    except XtomApiError as exc:
        raise add_check_hint(
            exc,
            "the upgrade may have been requested: check the selected options (xtom.console.service_info "
            "with include=[upgrade]) and the account's invoices before running it again",
        )
    try:
        return parse_estimate(body)
    except XtomAnswerError:
        return None


def check_no_pending_upgrade(client, svc):
    """Refuse a new upgrade request while an Unpaid invoice upgrades this service.

    Until that invoice is paid the portal still shows the old options, so the same task would request
    (and invoice) the upgrade again. One GET /invoice, plus one GET /invoice/@id per unpaid invoice.
    """
    for row in list_invoices(client):
        if row["status"].lower() != "unpaid":
            continue
        for line in get_invoice(client, row["id"]).get("lines") or ():
            if "upgrade" in line["type"].lower() and line["item_id"] == svc["id"]:
                raise option_error(
                    "service", svc["id"], "has an unpaid upgrade invoice %s (total %s): the portal applies that upgrade "
                    "once it is paid, and shows the old options until then. Nothing was sent: pay or cancel invoice %s, "
                    "then run the task again" % (row["id"], row["total"], row["id"]))
