# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Services area: read service rows (understood or refused), resolve a ``service`` reference, and
read / plan the per-service parts (IPs, rDNS, power, methods, label, cancellation).

Upgrades live in ``services_upgrade.py``, reinstall options in ``services_reinstall.py``, waiting in
``waiting.py``. Each route's accepted keys are one tuple below (the reference's key first, then the
named variants): a shape seen on a real portal is a one-line change plus a test. Anything else
raises ``XtomAnswerError`` naming the route; nothing is read as empty, none or "unknown".
"""

import ipaddress
import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.xtom.console.plugins.module_utils.common import (
    META_KEYS,
    XtomAnswerError,
    XtomApiError,
    answer_rows,
    answer_value,
    check_text,
    close_matches,
    is_id,
    is_inactive,
    option_error,
    parse_id,
    to_bool,
    to_str,
    unwrap,
    validate_hostname,
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
# The service statuses of HostBill. A status word outside these is never taken as "done" or "gone".
SERVICE_STATUSES = ("Pending", "Active", "Suspended", "Terminated", "Cancelled", "Fraud")

# ------------------------------------------------------------------ accepted keys, one place per route
# GET /service (reference: {"services": [rows]}) and GET /service/@id (reference: {"service": {...}}).
SERVICE_LIST_KEYS = ("services",)
SERVICE_DETAIL_KEYS = ("service",)
# Row fields: the reference's name first, then camelCase and other spellings.
ROW_FIELDS = (
    ("id", ("id", "service_id", "serviceId")),
    ("domain", ("domain", "hostname")),
    ("label", ("label",)),
    ("name", ("name", "product", "product_name", "productName")),
    ("status", ("status",)),
    ("category", ("category", "category_name", "categoryName")),
    ("category_url", ("category_url", "categoryUrl", "category_slug", "categorySlug")),
    ("billingcycle", ("billingcycle", "billing_cycle", "billingCycle")),
    ("total", ("total", "amount")),
    ("next_due", ("next_due", "nextDue", "nextduedate")),
)
DETAIL_FIELDS = (
    ("date_created", ("date_created", "dateCreated")),
    ("next_invoice", ("next_invoice", "nextInvoice")),
    ("firstpayment", ("firstpayment", "firstPayment", "first_payment")),
)
# Fields a module compares against or identifies a service by: a row without them is refused.
REQUIRED_FIELDS = ("id", "domain", "status")
# GET /service/@id/ip (no reference example): the list, a row's address, a row's "main" flag.
IP_LIST_KEYS = ("ips", "ip", "ipaddresses", "ip_addresses", "ipAddresses", "addresses", "ipaddress", "ipAddress")
IP_KEYS = ("ip", "ipaddress", "ip_address", "ipAddress", "address", "addr")
MAIN_KEYS = ("main", "primary", "is_main", "isMain", "is_primary", "isPrimary")
FAMILY_KEYS = ("ipv4", "ipv6")
# GET /service/@id/rdns (no reference example): the list or map, and a row's PTR name.
RDNS_KEYS = ("rdns", "records", "ipaddress", "ptr", "entries", "reverse_dns", "reverseDns", "ips")
PTR_KEYS = ("hostname", "ptr", "rdns", "host", "value", "name", "domain", "ptr_record", "ptrRecord", "reverse")
# GET /service/@id/status (no reference example): the power word, possibly nested once or twice.
POWER_KEYS = ("status", "power", "state", "power_status", "powerStatus", "vm_status", "vmStatus",
              "server_status", "serverStatus")
POWER_WORDS = {
    "running": ("running", "online", "on", "active", "started", "up", "ok"),
    "stopped": ("stopped", "offline", "off", "shutdown", "shutoff", "halted", "down", "poweroff"),
}
# Known words for a server that is changing state (a reinstall in progress, a boot, ...).
BUSY_POWER = ("installing", "reinstalling", "rebuilding", "building", "provisioning", "starting", "stopping",
              "rebooting", "restarting", "booting", "suspended")
KNOWN_POWER = ("running", "stopped") + BUSY_POWER
# GET /service/@id/methods (reference), GET/POST /service/@id/label (reference), bandwidth (none).
METHODS_KEYS = ("methods",)
LABEL_KEYS = ("label", "custom_label", "customLabel")
BANDWIDTH_KEYS = ("bandwidth", "traffic")
BANDWIDTH_FIELDS = ("used", "limit", "total", "in", "out", "unit")

LABEL_MAX = 255
LABEL_WORKERS = 8


# ---------------------------------------------------------------------------------- service rows
def _row_id(value):
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and is_id(value):
        return int(value.strip())
    return None


def _field(row, keys, body, name, required):
    for key in keys:
        if key in row:
            value = row[key]
            if value is None and name not in ("id", "status"):
                return ""
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return to_str(value)
            raise XtomAnswerError(body, "service rows whose %r is text or a number" % key)
    if required:
        raise XtomAnswerError(body, "service rows with %s" % " or ".join('"%s"' % k for k in keys))
    return ""


def rows_of(body, keys):
    """The rows under one of ``keys`` (a list, or a map keyed by id), or the bare list; else refused.

    A bare object is not taken as a map of rows: ``{}`` or an unknown wrapper is refused.
    """
    payload = unwrap(body)
    return answer_rows(body, keys, bare=isinstance(payload, list))


def normalize_service(row, body=None):
    """A stable dict from a GET /service row or a GET /service/@id ``service`` object.

    ``id``, ``domain`` and ``status`` must be there (``XtomAnswerError`` otherwise): modules identify
    services by them and compare against them. ``label`` is ``""`` when the row has none (the
    GET /service rows carry no label: see ``read_labels``).
    """
    body = row if body is None else body
    if not isinstance(row, dict):
        raise XtomAnswerError(body, "service rows (objects)")
    out = {}
    for name, keys in ROW_FIELDS:
        out[name] = _field(row, keys, body, name, name in REQUIRED_FIELDS)
    out["id"] = _row_id(next((row[k] for k in ROW_FIELDS[0][1] if k in row), None))
    if out["id"] is None:
        raise XtomAnswerError(body, "service rows whose \"id\" is a number")
    return out


def parse_service_list(body):
    """GET /service: the rows (a list, a map keyed by id, or the bare list), each normalised."""
    return [normalize_service(row, body) for row in rows_of(body, SERVICE_LIST_KEYS)]


def parse_service_detail(body):
    """GET /service/@id: the ``service`` object (or the bare object with an id and a status)."""
    payload = unwrap(body)
    if isinstance(payload, dict) and not any(k in payload for k in SERVICE_DETAIL_KEYS) \
            and "status" in payload and any(k in payload for k in ROW_FIELDS[0][1]):
        row = payload
    else:
        row = answer_value(body, SERVICE_DETAIL_KEYS, (dict,))
    svc = normalize_service(row, body)
    for name, keys in DETAIL_FIELDS:
        svc[name] = _field(row, keys, body, name, False)
    return svc


def list_services(client):
    """All services of the account (GET /service), normalised, in API order."""
    return client.get("/service", parse=parse_service_list)


def get_service(client, service_id):
    """GET /service/@id, normalised (includes ``label`` and dates)."""
    return client.get(client.path("/service/%s", service_id), parse=parse_service_detail)


def service_row(svc, label_read=True):
    """A service as every module returns it: the keys of service_info's rows.

    ``label`` is null when it was not read (the service list carries no labels) and is empty.
    """
    out = dict((name, svc.get(name, "")) for name, _keys in ROW_FIELDS)
    if not out["label"] and not label_read:
        out["label"] = None
    return out


def describe(svc):
    """``label = hostname (id N, product, status)`` for messages."""
    names = [n for n in (svc.get("label"), svc.get("domain")) if n]
    name = " = ".join(names) if names else "-"
    return "%s (id %s, %s, %s)" % (name, svc.get("id"), svc.get("name") or "?", svc.get("status") or "?")


def what(svc, part=None):
    """The ``what`` of a change: ``service 1001 (web1.example.com) label``."""
    text = "service %s (%s)" % (svc.get("id"), svc.get("domain") or "no hostname")
    return "%s %s" % (text, part) if part else text


def pool_map(func, items, workers=LABEL_WORKERS):
    """``[func(item) for item in items]``, ``workers`` at a time (an error of one is raised)."""
    if len(items) <= 1:
        return [func(item) for item in items]
    pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
    try:
        return list(pool.map(func, items))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def read_labels(client, services):
    """Fill in the label of each service that has none yet (GET /service rows carry no label).

    One GET /service/@id per such service, ``LABEL_WORKERS`` at a time: on a large account a label
    lookup then costs the time of a few requests instead of one per service.
    """
    todo = [svc for svc in services if not svc["label"] and svc["id"] is not None]
    for svc, detail in zip(todo, pool_map(lambda row: get_service(client, row["id"]), todo)):
        svc["label"] = detail["label"]


def read_details(client, services):
    """Merge GET /service/@id into each row (label, dates), ``LABEL_WORKERS`` at a time."""
    for svc, detail in zip(services, pool_map(lambda row: get_service(client, row["id"]), services)):
        for key, value in detail.items():
            if value not in ("", None) or key not in svc or key == "label":
                svc[key] = value


def resolve_service(client, ref, services=None, option="service"):
    """Find one service by id, label or hostname (``domain``).

    Costs: one GET /service for an id or a hostname. A number is always an id (ASCII digits only;
    other digits are refused before any request). Labels are not in the GET /service rows: only
    when no hostname matches, the details of each service whose label is still unknown are read
    (``read_labels``). Pass ``services`` to reuse a list (labels found are stored in it). Several
    matches of which exactly one is not inactive (a hostname reused by a new order): that one.
    Unknown → error with close matches; ambiguous → error listing the candidates with their ids.
    """
    text = to_str(check_text(ref, option)).strip()
    if not text:
        raise option_error(option, ref, "must not be empty")
    if text.isdigit():
        as_id = parse_id(text, option)
    else:
        as_id = None
    if services is None:
        services = list_services(client)
    if as_id is not None:
        for svc in services:
            if svc["id"] == as_id:
                return svc
        raise option_error(option, text, "no service with this id in this account",
                           valid=[s["id"] for s in services] or "none")
    lowered = text.lower().rstrip(".")
    matches = [s for s in services if s["domain"].lower().rstrip(".") == lowered]
    if not matches:
        read_labels(client, services)
        matches = [s for s in services if s["label"] and s["label"].strip().lower() == lowered]
    if len(matches) > 1:
        # A hostname reused after a cancellation: the one live service wins.
        live = [s for s in matches if not is_inactive(s["status"])]
        if len(live) == 1:
            return live[0]
        raise option_error(option, text, "is ambiguous: it matches %s. Use the service id instead"
                           % "; ".join(describe(s) for s in matches))
    if matches:
        return matches[0]
    names = [s["domain"] for s in services if s["domain"]] + [s["label"] for s in services if s["label"]]
    hint = close_matches(text, names)
    raise option_error(option, text, "matches no service of this account%s" % (
        (": did you mean %s?" % ", ".join(hint)) if hint else " (it is not an id, a label or a hostname)"))


def find_choice(rows, ref, what, option):
    """A row of ``rows`` (each with ``id`` and ``name``) by id or name (case-insensitive); error listing the valid ones."""
    text = to_str(ref).strip()
    found = [r for r in rows if r["id"] == text] or [r for r in rows if r["name"].lower() == text.lower()]
    if len(found) == 1:
        return found[0]
    valid = ["%s (%s)" % (r["name"], r["id"]) for r in rows] or "none"
    raise option_error(option, text, "matches several: use the id" if found else "is not %s" % what, valid=valid)


def check_confirm(svc, value, action, option="confirm_hostname"):
    """The guard of destructive actions (reinstall, cancel): ``value`` must equal the service's hostname.

    A service without a hostname is confirmed by its id. Raises before anything is sent.
    """
    wanted = svc["domain"].strip().lower().rstrip(".") or str(svc["id"])
    given = to_str(check_text(value, option)).strip().lower().rstrip(".")
    if not given or given != wanted:
        raise option_error(option, value, "does not match the hostname of service %s (%s): nothing was sent; "
                           "the %s runs only when %s equals it" % (svc["id"], svc["domain"] or "no hostname, use its id",
                                                                   action, option))


def require_known_status(svc, route="/service"):
    """A status this collection knows (Active, Cancelled, ...), else an error naming the route."""
    if to_str(svc.get("status")).strip().lower() not in [s.lower() for s in SERVICE_STATUSES]:
        raise XtomApiError(200, "GET", route, [
            "service %s has the status %r, which this collection does not know (known: %s); nothing was changed"
            % (svc.get("id"), svc.get("status"), ", ".join(SERVICE_STATUSES))])


def add_check_hint(exc, hint):
    """Tell the user how to check a POST that may have been applied (``exc.uncertain``)."""
    if isinstance(exc, XtomApiError) and exc.uncertain:
        exc.messages.append(hint)
    return exc


def converge(write, read_back, wanted, hint):
    """Send an idempotent POST (a label, PTR records); after a gateway error or a timeout, re-read and converge.

    Setting the same value twice is harmless: when the re-read does not show ``wanted`` yet, the POST
    is sent once more. Returns None, or a note for a warning when a gateway error was absorbed.
    """
    try:
        write()
        return None
    except XtomApiError as exc:
        if not exc.uncertain:
            raise
        first = exc
    try:
        if wanted(read_back()):
            return "%s %s got no clear answer (%s); a re-read shows the value is set" % (
                first.method, first.path, "HTTP %s" % first.status if first.status else "no response")
        write()
    except XtomApiError as exc:
        raise add_check_hint(exc, hint)
    return "%s %s got no clear answer; it was sent once more (setting it twice is harmless)" % (first.method, first.path)


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


def _network(text):
    if "/" not in to_str(text):
        return None
    try:
        return ipaddress.ip_network(to_str(text).strip(), strict=False)
    except ValueError:
        return None


def _is_address(text):
    return normalize_ip(text) is not None or _network(text) is not None


IP_EXPECTED = ('"ips" (or %s) holding a list of addresses or of rows with "ip", a map keyed by address, or '
               '"ipv4"/"ipv6" lists' % ", ".join('"%s"' % k for k in IP_LIST_KEYS[1:]))


def _ip_texts(value, body, main=False):
    """``[(address text, main)]`` found in ``value``; anything not understood is refused."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        parts = [p for p in re.split(r"[\s,;]+", value) if p]
        if not all(_is_address(p) for p in parts):
            raise XtomAnswerError(body, IP_EXPECTED + " (an entry is not an address)")
        return [(p, main) for p in parts]
    if isinstance(value, list):
        out = []
        for item in value:
            if not isinstance(item, (str, dict)):
                raise XtomAnswerError(body, IP_EXPECTED + " (an entry is neither text nor a row)")
            out.extend(_ip_texts(item, body))
        return sorted(out, key=lambda pair: not pair[1])  # stable: main first, API order otherwise
    if isinstance(value, dict):
        ip_key = next((k for k in IP_KEYS if k in value), None)
        if ip_key is not None:
            if not isinstance(value[ip_key], str):
                raise XtomAnswerError(body, IP_EXPECTED + " (a row's address is not text)")
            flag = next((value[k] for k in MAIN_KEYS if k in value), None)
            return _ip_texts(value[ip_key], body, bool(to_bool(flag, False)))
        if any(k in value for k in FAMILY_KEYS):
            return _ip_texts(value.get("ipv4"), body) + _ip_texts(value.get("ipv6"), body)
        if value and all(_is_address(k) for k in value):
            rows = [(k, isinstance(v, dict) and bool(to_bool(next((v[m] for m in MAIN_KEYS if m in v), None), False)))
                    for k, v in value.items()]
            return sorted(rows, key=lambda pair: not pair[1])
        return _ip_texts(list(value.values()), body)  # rows keyed by an index
    raise XtomAnswerError(body, IP_EXPECTED)


def parse_ip_list(body):
    """Addresses of a service from a GET /service/@id/ip answer (no reference example).

    Accepts ``{"ips": [...]}`` (or another key of ``IP_LIST_KEYS``), a bare list, rows with an
    address key (``IP_KEYS``), plain strings (also comma or space separated), a map keyed by
    address, or ``{"ipv4": [...], "ipv6": [...]}``. Returns ``{"ipv4": [...], "ipv6": [...]}`` in
    API order without duplicates, except that rows marked as the main address come first; IPv6 in
    compressed form; subnets (CIDR) in canonical form. Anything else is refused (``XtomAnswerError``).
    """
    payload = unwrap(body)
    if isinstance(payload, dict):
        key = next((k for k in IP_LIST_KEYS if k in payload), None)
        rest = [k for k in payload if k not in META_KEYS]
        if key is not None:
            payload = payload[key]
        elif not any(k in payload for k in FAMILY_KEYS) and not (rest and all(_is_address(k) for k in rest)):
            raise XtomAnswerError(body, IP_EXPECTED)
    elif not isinstance(payload, list):
        raise XtomAnswerError(body, IP_EXPECTED)
    out = {"ipv4": [], "ipv6": []}
    for text, _main in _ip_texts(payload, body):
        ip = normalize_ip(text)
        if ip is None:
            net = _network(text)
            ip, family = str(net), "ipv6" if net.version == 6 else "ipv4"
        else:
            family = "ipv6" if ":" in ip else "ipv4"
        if ip not in out[family]:
            out[family].append(ip)
    return out


def get_ips(client, service_id):
    """GET /service/@id/ip, parsed with ``parse_ip_list``. A service that is not a server may get a 400."""
    return client.get(client.path("/service/%s/ip", service_id), parse=parse_ip_list)


# ---------------------------------------------------------------------------------- rDNS
RDNS_EXPECTED = ('"rdns" (or %s) holding a map of address to hostname, or rows with an address and a hostname'
                 % ", ".join('"%s"' % k for k in RDNS_KEYS[1:]))


def _ptr(value, body):
    if isinstance(value, dict):
        key = next((k for k in PTR_KEYS if k in value), None)
        if key is None:
            raise XtomAnswerError(body, RDNS_EXPECTED + " (a row has no hostname key)")
        value = value[key]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise XtomAnswerError(body, RDNS_EXPECTED + " (a hostname is not text)")
    return value.strip().lower().rstrip(".")


def is_subnet(value):
    """True for a routed subnet (``2001:db8:10::/64``): listed beside addresses, but it holds no PTR of its own."""
    text = to_str(value).strip()
    if "/" not in text:
        return False
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _rdns_rows(rows, body):
    out = {}
    for row in rows:
        ip_key = next((k for k in IP_KEYS if k in row), None) if isinstance(row, dict) else None
        if ip_key is not None and is_subnet(row[ip_key]):
            continue  # a subnet's PTRs are not set through this route
        if ip_key is None or normalize_ip(row[ip_key]) is None:
            raise XtomAnswerError(body, RDNS_EXPECTED + " (a row has no address)")
        out[to_str(row[ip_key]).strip()] = _ptr(row, body)
    return out


def parse_rdns(body):
    """PTR records of a GET /service/@id/rdns answer (no reference example): ``{ip: hostname}``.

    Accepts a map ``{ip: hostname}`` or ``{ip: {"hostname": ...}}``, or rows with an address key
    (``IP_KEYS``) and a name key (``PTR_KEYS``), under a key of ``RDNS_KEYS`` or bare. Keys keep the
    API's spelling of the address; hostnames are lower case without the final dot (``""`` when none
    is set: an explicit null or empty name). A row without a name key, a value of another type or
    an unknown wrapper is refused: an unknown current PTR must never read as "none".
    """
    payload = unwrap(body)
    if isinstance(payload, dict):
        key = next((k for k in RDNS_KEYS if k in payload), None)
        rest = [k for k in payload if k not in META_KEYS]
        if key is not None:
            payload = payload[key]
        elif rest and all(normalize_ip(k) or is_subnet(k) for k in rest):
            payload = dict((k, payload[k]) for k in rest if not is_subnet(k))
        else:
            raise XtomAnswerError(body, RDNS_EXPECTED)
    if isinstance(payload, list):
        return _rdns_rows(payload, body)
    if not isinstance(payload, dict):
        raise XtomAnswerError(body, RDNS_EXPECTED)
    if any(k in payload for k in IP_KEYS):
        return _rdns_rows([payload], body)
    if payload and all(normalize_ip(k) or is_subnet(k) for k in payload):
        return dict((to_str(k).strip(), _ptr(v, body)) for k, v in payload.items() if not is_subnet(k))
    return _rdns_rows(list(payload.values()), body)  # rows keyed by an index


def get_rdns(client, service_id):
    return client.get(client.path("/service/%s/rdns", service_id), parse=parse_rdns)


def normalize_hostname(value, option="hostname"):
    """A PTR hostname in canonical form (lower case, ASCII, no trailing dot); error naming ``option``."""
    return validate_hostname(value, option)


def validate_rdns_records(records, option="records"):
    """Check ``{ip: hostname}`` input locally; returns ``{normalised ip: hostname}``."""
    if not records:
        raise option_error(option, records, "must name at least one IP address")
    out = {}
    for ip, host in records.items():
        key = normalize_ip(ip)
        if key is None:
            raise option_error(option, to_str(ip), "is not an IPv4 or IPv6 address")
        if key in out:
            raise option_error(option, to_str(ip), "the address %s is given twice" % key)
        out[key] = normalize_hostname(host, option="%s[%s]" % (option, ip) if option == "records" else "hostname")
    return out


def plan_rdns(current, service_ips, desired, service_label="the service", option="records"):
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
        raise option_error(option, ", ".join(unknown), "not an address of %s" % service_label,
                           valid=", ".join(spelled) or "none")
    changes, before, after = {}, {}, {}
    for ip, host in desired.items():
        before[ip] = current_by_key.get(ip, "")
        after[ip] = host
        if before[ip] != host:
            changes[spelled[ip]] = host
    return changes, before, after


def set_rdns(client, service_id, changes):
    """POST /service/@id/rdns with ``{"ipaddress": {ip: hostname}}``; converges after a gateway error."""
    path = client.path("/service/%s/rdns", service_id)

    def wanted(current):
        now = dict((normalize_ip(ip), host) for ip, host in current.items())
        return all(now.get(normalize_ip(ip)) == host for ip, host in changes.items())

    return converge(lambda: client.post(path, {"ipaddress": changes}), lambda: get_rdns(client, service_id), wanted,
                    "the PTR records may have been set: run the task again, it converges")


# ---------------------------------------------------------------------------------- power, bandwidth, methods
POWER_EXPECTED = '"status" (or %s) holding a power word or a boolean' % ", ".join('"%s"' % k for k in POWER_KEYS[1:])


def parse_power(body):
    """Power state from a GET /service/@id/status answer (no reference example).

    Accepts ``{"status": "running"}`` and the other keys of ``POWER_KEYS``, nested up to twice
    (``{"status": {"state": "on"}}``), a bare string, or a boolean. Common words map to
    V(running) / V(stopped); any other word is returned in lower case (``is_known_power`` tells
    whether this collection knows it). Anything else is refused.
    """
    value = unwrap(body)
    for _level in range(3):
        if not isinstance(value, dict):
            break
        key = next((k for k in POWER_KEYS if k in value), None)
        if key is None:
            raise XtomAnswerError(body, POWER_EXPECTED)
        value = value[key]
    if isinstance(value, bool):
        return "running" if value else "stopped"
    if not isinstance(value, str) or not value.strip():
        raise XtomAnswerError(body, POWER_EXPECTED)
    text = value.strip().lower()
    for word, aliases in POWER_WORDS.items():
        if text in aliases:
            return word
    return text


def is_known_power(word):
    return word in KNOWN_POWER


def get_power(client, service_id):
    return client.get(client.path("/service/%s/status", service_id), parse=parse_power)


def reset_server(client, service_id):
    try:
        return client.post(client.path("/service/%s/reset", service_id), {})
    except XtomApiError as exc:
        raise add_check_hint(
            exc,
            "the reset may have been sent: check the server (xtom.console.service_info with include=[power]) "
            "before resetting again",
        )


def parse_bandwidth(body):
    """GET /service/@id/bandwidth (no reference example; display only): the object under ``bandwidth``."""
    payload = unwrap(body)
    if isinstance(payload, dict) and not any(k in payload for k in BANDWIDTH_KEYS) \
            and any(k in payload for k in BANDWIDTH_FIELDS):
        return dict((k, v) for k, v in payload.items() if k not in META_KEYS)
    return answer_value(body, BANDWIDTH_KEYS, (dict, list))


def get_bandwidth(client, service_id):
    return client.get(client.path("/service/%s/bandwidth", service_id), parse=parse_bandwidth)


def parse_methods(body):
    """GET /service/@id/methods rows as ``[{"name", "method", "route"}]``; a row without method and route is refused."""
    out = []
    for row in rows_of(body, METHODS_KEYS):
        method, route = row.get("method"), row.get("route")
        if not isinstance(method, str) or not isinstance(route, str):
            raise XtomAnswerError(body, '"methods" rows with "method" and "route" (text)')
        out.append({"name": to_str(row.get("name")), "method": method.upper(), "route": route.replace("\\/", "/")})
    return out


def get_methods(client, service_id):
    return client.get(client.path("/service/%s/methods", service_id), parse=parse_methods)


# ---------------------------------------------------------------------------------- label, cancellation
def validate_label(label, option="label"):
    text = to_str(check_text(label, option))
    if len(text) > LABEL_MAX:
        raise option_error(option, text[:40] + "...", "is longer than %d characters" % LABEL_MAX)
    return text


def parse_label(body):
    """GET /service/@id/label: ``{"label": "example"}`` (reference); null means no label."""
    value = answer_value(body, LABEL_KEYS, (str, int, dict, type(None)))
    if isinstance(value, dict):
        value = next((value[k] for k in ("label", "value") if k in value), [])
        if not isinstance(value, (str, int, type(None))) or isinstance(value, bool):
            raise XtomAnswerError(body, '"label" holding text')
    return to_str(value)


def get_label(client, service_id):
    return client.get(client.path("/service/%s/label", service_id), parse=parse_label)


def set_label(client, service_id, label):
    """POST /service/@id/label; converges after a gateway error (setting a label twice is harmless)."""
    path = client.path("/service/%s/label", service_id)
    return converge(lambda: client.post(path, {"label": label}), lambda: get_label(client, service_id),
                    lambda current: current == label, "the label may have been set: run the task again, it converges")


def cancellation_state(svc, methods=None):
    """``done`` (an inactive status), ``pending`` or ``none``.

    A pending cancellation is not in the documented service details; it is recognised when the
    details carry a cancellation flag, or when GET /service/@id/methods (``methods``, if read)
    lists methods but no longer offers C(POST /service/@id/cancel).
    """
    if is_inactive(svc.get("status")):
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
