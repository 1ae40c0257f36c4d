# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Services area: normalise service rows, resolve a ``service`` reference, and read / plan the
per-service parts (IPs, rDNS, power, methods, cancellation, upgrades, reinstall profiles).

Several answers have no documented shape (IPs, rDNS, status, bandwidth, reinstall options); the
parsers below accept the plausible HostBill forms: lists of rows, maps, or plain values.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)

# HostBill billing cycle codes, as the upgrade route takes them, and their display names.
CYCLES = {
    "d": "Daily",
    "w": "Weekly",
    "m": "Monthly",
    "q": "Quarterly",
    "s": "Semi-Annually",
    "a": "Annually",
    "b": "Biennially",
    "t": "Triennially",
    "p4": "Quadrennially",
    "p5": "Quinquennially",
}
DONE_STATUSES = ("cancelled", "terminated", "fraud")
IP_KEYS = ("ip", "ipaddress", "ip_address", "address", "addr")
HOSTNAME_KEYS = ("hostname", "ptr", "rdns", "host", "value", "name", "domain")
HOSTNAME_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
POWER_WORDS = {
    "running": ("running", "online", "on", "active", "started", "up", "ok"),
    "stopped": ("stopped", "offline", "off", "shutdown", "shutoff", "halted", "down", "poweroff"),
}


def normalize_service(row):
    """A stable dict from a GET /service row or a GET /service/@id ``service`` object."""
    row = row or {}
    return {
        "id": to_int(row.get("id")),
        "domain": to_str(row.get("domain")),
        "label": to_str(row.get("label")),
        "name": to_str(first_key(row, "name", "product", default="")),
        "status": to_str(row.get("status")),
        "category": to_str(row.get("category")),
        "category_url": to_str(row.get("category_url")),
        "billingcycle": to_str(row.get("billingcycle")),
        "total": to_str(row.get("total")),
        "next_due": to_str(row.get("next_due")),
    }


def list_services(client):
    """All services of the account (GET /service), normalised, in API order."""
    body = client.get("/service")
    return [normalize_service(r) for r in as_list(first_key(body, "services", default=[])) if isinstance(r, dict)]


def get_service(client, service_id):
    """GET /service/@id, normalised (includes ``label`` and dates)."""
    body = client.get(client.path("/service/%s", service_id))
    row = first_key(body, "service", default=body) or {}
    svc = normalize_service(row)
    svc["date_created"] = to_str(row.get("date_created"))
    svc["next_invoice"] = to_str(row.get("next_invoice"))
    svc["firstpayment"] = to_str(row.get("firstpayment"))
    if svc["id"] is None:
        svc["id"] = to_int(service_id)
    return svc


def describe(svc):
    """``label = hostname (id N, product, status)`` for messages."""
    names = [n for n in (svc.get("label"), svc.get("domain")) if n]
    name = " = ".join(names) if names else "-"
    return "%s (id %s, %s, %s)" % (name, svc.get("id"), svc.get("name") or "?", svc.get("status") or "?")


LABEL_WORKERS = 8


def read_labels(client, services):
    """Fill in the label of each service that has none yet (GET /service rows carry no label).

    One GET /service/@id per such service, ``LABEL_WORKERS`` at a time: on a large account a label
    lookup then costs the time of a few requests instead of one per service.
    """
    todo = [svc for svc in services if not svc["label"] and svc["id"] is not None]
    if not todo:
        return
    pool = ThreadPoolExecutor(max_workers=min(LABEL_WORKERS, len(todo)))
    try:
        for svc, detail in zip(todo, pool.map(lambda row: get_service(client, row["id"]), todo)):
            svc["label"] = detail["label"]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def resolve_service(client, ref, services=None, option="service"):
    """Find one service by id, label or hostname (``domain``).

    Costs: one GET /service for an id or a hostname. A number is always an id (never a label).
    Labels are not in the GET /service rows: only when no hostname matches, the details of each
    service whose label is still unknown are read (``read_labels``: one GET each, all of them, so
    that an ambiguous label is reported with every candidate). Pass ``services`` to reuse a list (labels
    found are stored in it). Several matches of which exactly one is not cancelled/terminated
    (a hostname reused by a new order): that one. Unknown → error with close matches; ambiguous
    → error listing the candidates with their ids.
    """
    ref = to_str(ref).strip()
    if not ref:
        raise XtomValidationError("%s must not be empty" % option)
    if services is None:
        services = list_services(client)
    if ref.isdigit():
        as_id = int(ref)
        for svc in services:
            if svc["id"] == as_id:
                return svc
        ids = ", ".join(str(s["id"]) for s in services) or "none"
        raise XtomValidationError("%s=%s: no service with this id in this account (ids: %s)" % (option, ref, ids))
    lowered = ref.lower().rstrip(".")
    matches = [s for s in services if s["domain"].lower().rstrip(".") == lowered]
    if not matches:
        read_labels(client, services)
        matches = [s for s in services if s["label"] and s["label"].strip().lower() == lowered]
    if len(matches) > 1:
        # A hostname reused after a cancellation: the one live service wins.
        live = [s for s in matches if s["status"].strip().lower() not in DONE_STATUSES]
        if len(live) == 1:
            return live[0]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise XtomValidationError(
            "%s=%r is ambiguous: it matches %s. Use the service id instead."
            % (option, ref, "; ".join(describe(s) for s in matches))
        )
    names = [s["domain"] for s in services] + [s["label"] for s in services if s["label"]]
    hint = close_matches(ref, names)
    raise XtomValidationError(
        "%s=%r matches no service of this account%s"
        % (option, ref, (": did you mean %s?" % ", ".join(hint)) if hint else " (it is not an id, a label or a hostname)")
    )


def service_ref(svc):
    """The short identity returned by the resource modules."""
    return {"id": svc.get("id"), "domain": svc.get("domain", ""), "label": svc.get("label", "")}


def add_check_hint(exc, hint):
    """Tell the user how to check a POST that may have been applied (``exc.uncertain``)."""
    if isinstance(exc, XtomApiError) and exc.uncertain:
        exc.messages.append(hint)
    return exc


# ---------------------------------------------------------------------------------- IP addresses
def normalize_ip(value):
    """The canonical text of an IP address (IPv6 compressed, lower case), or None."""
    text = to_str(value).strip().strip("[]")
    if "%" in text:
        text = text.split("%", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _ip_candidates(value):
    """Every string in ``value`` that may be an address (rows, maps, lists, separated text)."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            out.extend(_ip_candidates(item))
        return out
    if isinstance(value, dict):
        row_ip = first_key(value, *IP_KEYS)
        if row_ip is not None and not isinstance(row_ip, (dict, list)):
            return _ip_candidates(row_ip)
        out = []
        for key, item in value.items():
            if normalize_ip(key) or _is_network(key):
                out.append(to_str(key))
            else:
                out.extend(_ip_candidates(item))
        return out
    return [p for p in re.split(r"[\s,;]+", to_str(value)) if p]


def _is_main(row):
    return isinstance(row, dict) and bool(to_bool(first_key(row, "main", "primary", "is_main"), False))


def _is_network(text):
    if "/" not in to_str(text):
        return False
    try:
        ipaddress.ip_network(to_str(text).strip(), strict=False)
        return True
    except ValueError:
        return False


def parse_ip_list(body):
    """Addresses of a service from a GET /service/@id/ip answer (shape undocumented).

    Accepts ``{"ips": [...]}`` (or ``ip``, ``ipaddresses``, ``addresses``), a bare list, rows with
    an ``ip`` / ``ipaddress`` / ``address`` key, plain strings (also comma or space separated), a
    map keyed by address, or ``{"ipv4": [...], "ipv6": [...]}``. Returns ``{"ipv4": [...],
    "ipv6": [...]}`` in API order without duplicates, except that rows marked as the main address
    (``main`` / ``primary`` true) come first in their family; IPv6 in compressed form; subnets
    (CIDR) are kept in their canonical form; anything else is ignored.
    """
    out = {"ipv4": [], "ipv6": []}
    if isinstance(body, dict):
        inner = first_key(body, "ips", "ip", "ipaddresses", "ip_addresses", "addresses", "ipaddress")
        if inner is not None:
            body = inner
    if isinstance(body, dict) and ("ipv4" in body or "ipv6" in body) and first_key(body, *IP_KEYS) is None:
        parts = [body.get("ipv4"), body.get("ipv6")]
    else:
        parts = [body]
    for part in parts:
        if isinstance(part, list):
            part = sorted(part, key=lambda row: not _is_main(row))  # stable: API order otherwise
        for text in _ip_candidates(part):
            ip = normalize_ip(text)
            if ip is not None:
                family = "ipv6" if ":" in ip else "ipv4"
            elif _is_network(text):
                net = ipaddress.ip_network(text.strip(), strict=False)
                ip = str(net)
                family = "ipv6" if net.version == 6 else "ipv4"
            else:
                continue
            if ip not in out[family]:
                out[family].append(ip)
    return out


def get_ips(client, service_id):
    """GET /service/@id/ip, parsed with ``parse_ip_list``."""
    return parse_ip_list(client.get(client.path("/service/%s/ip", service_id)))


# ---------------------------------------------------------------------------------- rDNS
def normalize_hostname(value, option="hostname"):
    """A PTR hostname in canonical form (lower case, no trailing dot); XtomValidationError if invalid."""
    name = to_str(value).strip().lower().rstrip(".")
    if not name or len(name) > 253 or not all(HOSTNAME_RE.match(label) for label in name.split(".")):
        raise XtomValidationError(
            "%s=%r is not a valid hostname (letters, digits and hyphens in dot-separated labels of up to "
            "63 characters, 253 in all)" % (option, to_str(value))
        )
    return name


def _row_hostname(value):
    if isinstance(value, dict):
        value = first_key(value, *HOSTNAME_KEYS, default="")
    if value is None or isinstance(value, (bool, list, dict)):
        return ""
    return to_str(value).strip().lower().rstrip(".")


def parse_rdns(body):
    """PTR records of a GET /service/@id/rdns answer (shape undocumented): ``{ip: hostname}``.

    Accepts a map ``{ip: hostname}`` or ``{ip: {"hostname": ...}}``, or a list of rows with an
    address key (``ip``, ``ipaddress``, ``address``) and a name key (``hostname``, ``ptr``,
    ``rdns``, ``value``), wrapped in ``rdns`` / ``records`` / ``ipaddress`` / ``ips`` or bare.
    Keys keep the API's spelling of the address; hostnames are lower case without the final dot
    ("" when none is set).
    """
    if isinstance(body, dict):
        inner = first_key(body, "rdns", "records", "ipaddress", "ptr", "entries", "ips", "reverse_dns")
        if inner is not None:
            body = inner
    out = {}
    if isinstance(body, dict):
        if first_key(body, *IP_KEYS) is not None:
            body = [body]
        else:
            for key, value in body.items():
                if normalize_ip(key):
                    out[to_str(key).strip()] = _row_hostname(value)
                elif isinstance(value, dict) and first_key(value, *IP_KEYS) is not None:
                    out[to_str(first_key(value, *IP_KEYS)).strip()] = _row_hostname(value)
            return out
    for row in as_list(body):
        if isinstance(row, dict):
            ip = first_key(row, *IP_KEYS)
            if ip is not None and normalize_ip(ip):
                out[to_str(ip).strip()] = _row_hostname(
                    first_key(row, "hostname", "ptr", "rdns", "host", "value", "name", "domain", default="")
                )
    return out


def get_rdns(client, service_id):
    return parse_rdns(client.get(client.path("/service/%s/rdns", service_id)))


def validate_rdns_records(records, option="records"):
    """Check ``{ip: hostname}`` input locally; returns ``{normalised ip: hostname}``."""
    if not records:
        raise XtomValidationError("%s must name at least one IP address" % option)
    out = {}
    for ip, host in records.items():
        key = normalize_ip(ip)
        if key is None:
            raise XtomValidationError("%s: %r is not an IPv4 or IPv6 address" % (option, to_str(ip)))
        if key in out:
            raise XtomValidationError("%s: the address %s is given twice" % (option, key))
        out[key] = normalize_hostname(host, option="%s[%s]" % (option, ip))
    return out


def plan_rdns(current, service_ips, desired, service_label="the service"):
    """Compare PTR records.

    ``current``: ``{api ip: hostname}`` (GET rdns); ``service_ips``: the service's addresses (API
    spelling, may be None when not read); ``desired``: ``{normalised ip: hostname}``.
    Returns ``(changes, before, after)``: ``changes`` is the ``ipaddress`` map to POST (keys in
    the API's spelling, only the differences); ``before``/``after`` map each desired address to
    its hostname. Addresses that are not the service's raise XtomValidationError.
    """
    spelled = {}
    for ip in list(service_ips or []) + list(current):
        key = normalize_ip(ip)
        if key is not None and key not in spelled:
            spelled[key] = to_str(ip).strip()
    current_by_key = dict((normalize_ip(ip), host) for ip, host in current.items())
    unknown = [ip for ip in desired if ip not in spelled]
    if unknown:
        raise XtomValidationError(
            "ip/records: %s not on %s: its addresses are %s"
            % (", ".join(unknown), service_label, ", ".join(spelled) or "none")
        )
    changes, before, after = {}, {}, {}
    for ip, host in desired.items():
        before[ip] = current_by_key.get(ip, "")
        after[ip] = host
        if before[ip] != host:
            changes[spelled[ip]] = host
    return changes, before, after


def set_rdns(client, service_id, changes):
    """POST /service/@id/rdns with ``{"ipaddress": {ip: hostname}}``."""
    return client.post(client.path("/service/%s/rdns", service_id), {"ipaddress": changes})


# ---------------------------------------------------------------------------------- power, bandwidth, methods
def normalize_power(body):
    """Power state from a GET /service/@id/status answer (shape undocumented).

    Accepts ``{"status": "running"}`` and the keys ``power`` / ``state`` / ``power_status`` /
    ``vm_status``, nested one level (``{"status": {"state": "on"}}``), a bare string, or a boolean.
    Common words map to V(running) / V(stopped); any other word is returned in lower case.
    """
    value = body
    for _level in range(3):
        if isinstance(value, dict):
            value = first_key(value, "status", "power", "state", "power_status", "vm_status", "server_status")
        else:
            break
    if isinstance(value, bool):
        return "running" if value else "stopped"
    text = to_str(value).strip().lower()
    for word, aliases in POWER_WORDS.items():
        if text in aliases:
            return word
    return text or "unknown"


def get_power(client, service_id):
    return normalize_power(client.get(client.path("/service/%s/status", service_id)))


def reset_server(client, service_id):
    try:
        return client.post(client.path("/service/%s/reset", service_id), {})
    except XtomApiError as exc:
        raise add_check_hint(
            exc,
            "the reset may have been sent: check the server (xtom.console.service_info with include=[power]) "
            "before resetting again",
        )


def get_bandwidth(client, service_id):
    """GET /service/@id/bandwidth: the ``bandwidth`` object (shape undocumented), else the body."""
    body = client.get(client.path("/service/%s/bandwidth", service_id))
    inner = first_key(body, "bandwidth", "traffic", default=body)
    return inner if isinstance(inner, (dict, list)) else {"value": inner}


def parse_methods(body):
    """GET /service/@id/methods rows as ``[{"name", "method", "route"}]``."""
    out = []
    for row in as_list(first_key(body, "methods", default=body if isinstance(body, list) else [])):
        if isinstance(row, dict):
            out.append({
                "name": to_str(row.get("name")),
                "method": to_str(row.get("method")).upper(),
                "route": to_str(row.get("route")).replace("\\/", "/"),
            })
    return out


def get_methods(client, service_id):
    return parse_methods(client.get(client.path("/service/%s/methods", service_id)))


# ---------------------------------------------------------------------------------- label, cancellation
LABEL_MAX = 255


def validate_label(label):
    text = to_str(label)
    if len(text) > LABEL_MAX or any(ord(c) < 32 for c in text):
        raise XtomValidationError(
            "label=%r is not valid: at most %d characters, no control characters" % (text[:40], LABEL_MAX)
        )
    return text


def get_label(client, service_id):
    body = client.get(client.path("/service/%s/label", service_id))
    value = first_key(body, "label", default="")
    if isinstance(value, dict):
        value = first_key(value, "label", "value", default="")
    return to_str(value)


def set_label(client, service_id, label):
    return client.post(client.path("/service/%s/label", service_id), {"label": label})


def cancellation_state(svc, methods=None):
    """``done`` (status Cancelled/Terminated), ``pending`` or ``none``.

    A pending cancellation is not in the documented service details; it is recognised when the
    details carry a cancellation flag, or when GET /service/@id/methods (``methods``, if read)
    lists methods but no longer offers C(POST /service/@id/cancel).
    """
    if to_str(svc.get("status")).strip().lower() in DONE_STATUSES:
        return "done"
    for key in ("cancellation", "cancellation_request", "cancel_request", "pending_cancellation"):
        if svc.get(key) not in (None, "", False, 0, "0", [], {}):
            return "pending"
    if methods:
        offers = any(m["method"] in ("POST", "") and m["route"].rstrip("/").endswith("/cancel") for m in methods)
        if not offers:
            return "pending"
    return "none"


# Only an answer that says a cancellation already exists: "pending" alone would also match e.g. a refusal
# to cancel a service that is still pending activation, which must fail, not read as "already cancelled".
ALREADY_CANCELLED = re.compile(r"already|cancel+ation[ _-]*(is[ _-]*)?pending|pending[ _-]*cancel+ation", re.I)


def cancel_service(client, service_id, immediate, reason):
    """POST /service/@id/cancel. Returns False when the server says one is already pending."""
    data = {"immediate": "true" if immediate else "false", "reason": reason or ""}
    try:
        client.post(client.path("/service/%s/cancel", service_id), data)
    except XtomApiError as exc:
        if exc.status == 400 and any(ALREADY_CANCELLED.search(m) for m in exc.messages):
            return False
        raise add_check_hint(
            exc,
            "the cancellation may have been registered: check the service (xtom.console.service_info; "
            "a pending cancellation removes 'Cancel Service' from include=[methods]) before running it again",
        )
    return True


# ---------------------------------------------------------------------------------- upgrades
def normalize_cycle(value, option="cycle"):
    """A billing cycle code (``m``, ``a``...) from a code or a name; XtomValidationError if unknown."""
    text = to_str(value).strip().lower()
    for code, name in CYCLES.items():
        if text in (code, name.lower(), name.lower().replace("-", "")):
            return code
    raise XtomValidationError(
        "%s=%r is not a billing cycle: use one of %s"
        % (option, to_str(value), ", ".join("%s (%s)" % (c, n) for c, n in CYCLES.items()))
    )


QTY_TYPES = ("qty", "quantity", "slider", "number", "input", "num")


def _norm_item(row):
    return {
        "id": to_str(first_key(row, "id", "item_id", default="")),
        "name": to_str(first_key(row, "name", "title", default="")),
        "price": first_key(row, "price", default=None),
        "setup_price": first_key(row, "setup_price", "setup", default=None),
        "selected": bool(to_bool(first_key(row, "selected", "current", "active", default=False), False)),
        "qty": to_int(first_key(row, "qty", "quantity", "value", default=None)),
    }


def parse_upgrade_options(body):
    """GET /service/@id/upgrade: ``{"resources": [...], "packages": [...]}``.

    Each resource: id (str), name, type, ``kind`` (``qty`` for sliders and quantities, ``select``
    for the others), items (id, name, price, setup_price, selected, qty) and ``current`` (the
    selected item's id, or the quantity). Packages: id, name, selected.
    """
    body = body if isinstance(body, dict) else {}
    resources = []
    for row in as_list(first_key(body, "resources", default=[])):
        if not isinstance(row, dict):
            continue
        items = [_norm_item(i) for i in as_list(row.get("items")) if isinstance(i, dict)]
        rtype = to_str(row.get("type")).lower()
        kind = "qty" if rtype in QTY_TYPES or not items else "select"
        selected = [i for i in items if i["selected"]]
        if kind == "qty":
            current = to_int(first_key(row, "value", "qty", "quantity", "selected", default=None))
            if current is None:
                current = selected[0]["qty"] if selected and selected[0]["qty"] is not None else 0
        else:
            current = selected[0]["id"] if selected else None
        resources.append({
            "id": to_str(row.get("id")),
            "name": to_str(row.get("name")),
            "type": rtype,
            "kind": kind,
            "items": items,
            "current": current,
            "current_qty": selected[0]["qty"] if selected and kind == "select" else None,
        })
    packages = []
    for row in as_list(first_key(body, "package", "packages", default=[])):
        if isinstance(row, dict):
            packages.append({
                "id": to_str(first_key(row, "id", "product_id", default="")),
                "name": to_str(first_key(row, "name", "product", default="")),
                "selected": bool(to_bool(first_key(row, "selected", "current", default=False), False)),
            })
    return {"resources": resources, "packages": packages}


def _find(rows, ref, what, option):
    """A row of ``rows`` by id or name (case-insensitive); error listing the valid ones."""
    text = to_str(ref).strip()
    found = [r for r in rows if r["id"] == text] or [r for r in rows if r["name"].lower() == text.lower()]
    if len(found) == 1:
        return found[0]
    valid = ", ".join("%s (%s)" % (r["name"], r["id"]) for r in rows) or "none"
    if found:
        raise XtomValidationError("%s: %r matches several: use the id. Valid: %s" % (option, text, valid))
    raise XtomValidationError("%s: %r is not %s of this service. Valid: %s" % (option, text, what, valid))


def validate_upgrade_input(resources, package, cycle):
    """Local checks (before any request); returns the cycle code or None."""
    for key, value in (resources or {}).items():
        if isinstance(value, dict):
            if len(value) != 1:
                raise XtomValidationError(
                    "resources[%s]: a dropdown with quantity takes one item and its quantity, got %r" % (key, value)
                )
            qty = list(value.values())[0]
            if to_int(qty) is None:
                raise XtomValidationError("resources[%s]: quantity %r is not a number" % (key, qty))
        elif value is None or isinstance(value, (list, bool)) or to_str(value).strip() == "":
            raise XtomValidationError("resources[%s]: %r is not an item id, item name or quantity" % (key, value))
    if package is not None and not to_str(package).strip():
        raise XtomValidationError("package must not be empty")
    return normalize_cycle(cycle) if cycle is not None else None


def plan_upgrade(svc, options, resources=None, package=None, cycle=None):
    """Compare the asked upgrade with the selected options.

    Returns ``(request, before, after)``: ``request`` is the POST body without ``send`` (empty
    when nothing differs); ``before``/``after`` describe the asked parts by name.
    """
    request, before, after = {}, {}, {}
    if resources:
        before["resources"], after["resources"] = {}, {}
        for key, value in resources.items():
            res = _find(options["resources"], key, "a resource", "resources")
            if res["kind"] == "qty":
                qty = to_int(value)
                if qty is None:
                    raise XtomValidationError("resources[%s]: %s takes a quantity, got %r" % (key, res["name"], value))
                before["resources"][res["name"]] = res["current"]
                after["resources"][res["name"]] = qty
                if qty != res["current"]:
                    request.setdefault("resources", {})[res["id"]] = str(qty)
                continue
            qty = None
            if isinstance(value, dict):
                value, qty = list(value.items())[0]
                qty = to_int(qty)
            item = _find(res["items"], value, "an item of %s" % res["name"], "resources[%s]" % key)
            current = next((i for i in res["items"] if i["id"] == res["current"]), None)
            before["resources"][res["name"]] = current["name"] if current else None
            after["resources"][res["name"]] = item["name"]
            if qty is not None:
                before["resources"][res["name"]] = [before["resources"][res["name"]], res["current_qty"]]
                after["resources"][res["name"]] = [item["name"], qty]
                if item["id"] != res["current"] or qty != res["current_qty"]:
                    request.setdefault("resources", {})[res["id"]] = {item["id"]: str(qty)}
            elif item["id"] != res["current"]:
                request.setdefault("resources", {})[res["id"]] = item["id"]
    if package is not None:
        current = next((p for p in options["packages"] if p["selected"]), None)
        current_name = current["name"] if current else svc.get("name", "")
        text = to_str(package).strip()
        if (current is not None and text == current["id"]) or text.lower() == current_name.lower():
            target = {"id": current["id"] if current else None, "name": current_name}
        else:
            target = _find(options["packages"], package, "an upgrade package", "package")
        before["package"], after["package"] = current_name, target["name"]
        if target["name"].lower() != current_name.lower():
            request["package"] = to_int(target["id"], target["id"])
    if cycle is not None:
        code = normalize_cycle(cycle)
        now = svc.get("billingcycle", "")
        before["cycle"], after["cycle"] = now, CYCLES[code]
        if now.strip().lower() != CYCLES[code].lower():
            request["cycle"] = code
    return request, before, after


def request_upgrade(client, service_id, request, send):
    """POST /service/@id/upgrade; ``send=False`` asks only for the price estimate."""
    data = dict(request)
    data["send"] = bool(send)
    try:
        body = client.post(client.path("/service/%s/upgrade", service_id), data)
    except XtomApiError as exc:
        if send:
            add_check_hint(
                exc,
                "the upgrade may have been requested: check the selected options (xtom.console.service_info "
                "with include=[upgrade]) and the account's invoices before running it again",
            )
        raise
    body = body if isinstance(body, dict) else {}
    summary = first_key(body, "summary", "estimate", "upgrade", "quote", default=None)
    if not isinstance(summary, dict):
        summary = dict((k, v) for k, v in body.items() if k not in ("success", "info"))
    return summary


# ---------------------------------------------------------------------------------- reinstall
def _option_rows(value):
    rows = []
    if isinstance(value, dict) and first_key(value, "id", "name") is None:
        for key, item in value.items():
            if isinstance(item, dict):
                rows.append({"id": to_str(first_key(item, "id", default=key)),
                             "name": to_str(first_key(item, "name", "title", "os", default=key))})
            else:
                rows.append({"id": to_str(key), "name": to_str(item)})
        return rows
    for item in as_list(value):
        if isinstance(item, dict):
            rows.append({"id": to_str(first_key(item, "id", "profile_id", "template_id", default="")),
                         "name": to_str(first_key(item, "name", "title", "os", "label", default=""))})
        elif item not in (None, ""):
            rows.append({"id": to_str(item), "name": to_str(item)})
    return rows


def parse_reinstall_options(body):
    """GET /service/@id/reinstall (shape undocumented): ``{"profiles": [...], "packages": [...]}``.

    Profiles from ``profiles`` / ``profile`` / ``templates`` / ``os`` as a list of rows or an
    ``{id: name}`` map; packages likewise from ``packages`` / ``packageselection``.
    """
    body = body if isinstance(body, dict) else {"profiles": body}
    inner = first_key(body, "reinstall", "options", default=None)
    if isinstance(inner, dict):
        body = inner
    profiles = _option_rows(first_key(body, "profiles", "profile", "templates", "os", "ostemplates", default=[]))
    packages = _option_rows(first_key(body, "packages", "packageselection", "package", default=[]))
    return {"profiles": profiles, "packages": packages}


def resolve_profile(options, ref):
    return _find(options["profiles"], ref, "a reinstall profile", "profile")


def reinstall_server(client, service_id, data):
    try:
        return client.post(client.path("/service/%s/reinstall", service_id), data)
    except XtomApiError as exc:
        raise add_check_hint(
            exc,
            "the reinstall may have started: check the power status (xtom.console.service_info with "
            "include=[power]; it reads 'installing' while it runs) and do NOT run it again before you know",
        )
