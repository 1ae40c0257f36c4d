"""Services: /service, /service/@id and the per-service routes.

Undocumented shapes chosen here (the reference shows no response, or no body); the collection
parses these and the plausible alternatives (see plugins/module_utils/services.py):

- GET /service/@id/ip answers {"ips": [{"ip": "203.0.113.10", "type": "ipv4", "main": "1"}, ...]}
  (HostBill lists a service's addresses as rows; ``main`` marks the primary one).
- GET /service/@id/rdns answers {"rdns": [{"ip": "203.0.113.10", "hostname": "web1.example.com"}, ...]}:
  one row per address of the service, ``hostname`` "" when no PTR is set.
- POST /service/@id/rdns takes {"ipaddress": {"<ip>": "<hostname>"}} (DESIGN.md); every IP must be
  the service's (IPv6 compared in normalised form) and every hostname valid, else 400 and nothing
  is changed. Answers {"success": true, "info": ["rdns_updated"]}.
- GET /service/@id/methods lists what the service supports: server products get the power,
  bandwidth, reinstall, IP and rDNS routes; "Cancel Service" is left out once a cancellation is
  pending or the service is cancelled/terminated (HostBill hides actions it would refuse).
- POST /service/@id/cancel: ``immediate`` "true" cancels now (status "Cancelled"); "false" records
  a cancellation at the end of the billing period (status unchanged). A second request while one
  is pending or done answers 400 {"error": ["cancellation_already_requested"]}.
- GET /service/@id/status answers {"status": "running"} (also "stopped", "installing"); 400 for a
  service that is not a server or not active.
- POST /service/@id/reset answers {"success": true, "info": ["reset_sent"]}.
- GET /service/@id/bandwidth answers {"bandwidth": {"limit": "1000", "used": "12.34", "unit": "GB",
  "period_start": ..., "period_end": ...}}.
- GET /service/@id/reinstall answers {"profiles": [{"id": "11", "name": "Debian 12"}, ...],
  "packages": [{"id": "minimal", "name": "Minimal"}, ...]}.
- POST /service/@id/reinstall takes profile (id), rootpassword, adminuser, userpassword,
  packageselection, extra1.. (the reference's names); answers {"success": true, "info":
  ["reinstall_started"]}. The server reports "installing" for the next status read, then
  "running". A reinstall while one is running answers 400.
- GET /service/@id/upgrade: the reference's shape; ``package`` lists the products the service can
  move to, the current one with "selected": true. POST /service/@id/upgrade with send=false
  answers an estimate {"success": true, "summary": {"currency", "subtotal", "total", "items"}};
  with send=true the same plus {"info": ["upgrade_request_sent"]}, and the change is applied at
  once (as if paid from account credit), so a later GET shows it selected.

Variant shapes (``--variant``; routes without a valid reference example only; the routes with one,
GET /service, /service/@id, /methods, GET /upgrade, /label and /cancel, keep the reference shape):

- GET /service/@id/ip: {"success": true, "data": {"ipAddresses": {"1": {"ipAddress": ..., "isMain": true}}}}
  (an envelope, camelCase, rows keyed by an index).
- GET /service/@id/rdns: odd ids a bare map {"<ip>": "<hostname>" or null}; even ids
  {"success": true, "data": {"reverseDns": [{"ipAddress": ..., "ptrRecord": ...}]}}.
- GET /service/@id/status: {"success": true, "data": {"powerStatus": {"state": "online"}}} (the word in
  another spelling: online/offline; "installing" as is).
- GET /service/@id/bandwidth: {"success": true, "data": {"traffic": {camelCase fields}}}.
- GET /service/@id/reinstall: {"templates": {"11": "Debian 12", ...}, "packageSelection": {"minimal": "Minimal"}}.
- POST /service/@id/upgrade: {"success": true, "data": {"estimate": {...}}}; POST rdns/reset/reinstall:
  {"status": true, "info": [...]}.

Test hook: a service row with ``"_active_after": N`` answers GET /service/@id as it is (e.g. Pending)
N times, then turns Active (and a server "installing" for one status read, then running); ``"_install_reads": N``
keeps a reinstalled server "installing" for N status reads (default 1).
"""

import ipaddress
import re

from ..app import bad_request, camel, not_found

SAMPLES = {
    "GET /service": "/service",
    "GET /service/@id": "/service/1001",
    "GET /service/@id/ip": "/service/1001/ip",
    "GET /service/@id/methods": "/service/1001/methods",
    "GET /service/@id/upgrade": "/service/1001/upgrade",
    "POST /service/@id/upgrade": {"path": "/service/1001/upgrade", "body": {"resources": {"1557": "10103"}, "send": False}},
    "POST /service/@id/cancel": {"path": "/service/1006/cancel", "body": {"immediate": "false", "reason": "route walk"}},
    "GET /service/@id/label": "/service/1001/label",
    "POST /service/@id/label": {"path": "/service/1001/label", "body": {"label": "web1"}},
    "GET /service/@id/rdns": "/service/1001/rdns",
    "POST /service/@id/rdns": {"path": "/service/1001/rdns", "body": {"ipaddress": {"203.0.113.10": "web1.example.com"}}},
    "GET /service/@id/status": "/service/1001/status",
    "POST /service/@id/reset": {"path": "/service/1001/reset", "body": {}},
    "GET /service/@id/bandwidth": "/service/1001/bandwidth",
    "GET /service/@id/reinstall": "/service/1001/reinstall",
    "POST /service/@id/reinstall": {"path": "/service/1001/reinstall", "body": {"profile": 11}},
}

LIST_KEYS = ("id", "domain", "total", "status", "billingcycle", "next_due", "category", "category_url", "name")
DETAIL_KEYS = ("id", "date_created", "domain", "firstpayment", "total", "billingcycle", "next_due", "next_invoice",
               "status", "label", "username", "password", "name")

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
                         re.I)
CYCLE_CODES = {"d": "Daily", "w": "Weekly", "m": "Monthly", "q": "Quarterly", "s": "Semi-Annually",
               "a": "Annually", "b": "Biennially", "t": "Triennially"}

PROFILES = [
    {"id": "11", "name": "Debian 12"},
    {"id": "12", "name": "Ubuntu 24.04 LTS"},
    {"id": "13", "name": "Rocky Linux 9"},
    {"id": "14", "name": "Windows Server 2022"},
]
PACKAGES = [{"id": "minimal", "name": "Minimal"}, {"id": "standard", "name": "Standard"},
            {"id": "docker", "name": "Docker host"}]

# Configurable options of server products: the reference's Bandwidth example, memory, extra IPv4 (a qty).
RESOURCES = [
    {"id": 1557, "name": "Bandwidth", "type": "select", "items": [
        {"id": "9953", "name": "100 GB", "price": 1, "setup_price": 0},
        {"id": "10103", "name": "500 GB", "price": 5, "setup_price": 0},
        {"id": "10104", "name": "1 TB", "price": 10, "setup_price": 0},
    ]},
    {"id": 1558, "name": "Memory", "type": "select", "items": [
        {"id": "9960", "name": "2 GB", "price": 0, "setup_price": 0},
        {"id": "9961", "name": "4 GB", "price": 4, "setup_price": 0},
        {"id": "9962", "name": "8 GB", "price": 12, "setup_price": 0},
    ]},
    {"id": 1559, "name": "Additional IPv4", "type": "qty", "min": 0, "max": 8, "price": 2, "setup_price": 0,
     "items": [{"id": "9970", "name": "IPv4 address", "price": 2, "setup_price": 0}]},
]


def get_service(req, name="id"):
    """The service row for the path parameter ``name``, or 404."""
    svc = req.db["services"].get(req.int_param(name))
    if svc is None:
        raise not_found("service", req.params[name])
    return svc


def product_of(req, svc):
    return req.db["products"].get(int(svc.get("product_id") or 0)) or {}


def is_server(req, svc):
    return product_of(req, svc).get("type") == "server"


def require_active_server(req, svc):
    if not is_server(req, svc):
        raise bad_request("this service is not a server: the action is not available")
    if svc["status"] != "Active":
        raise bad_request("service %s is %s: the action is not available" % (svc["id"], svc["status"]))


def service_ips(svc):
    rows = []
    for n, ip in enumerate(svc.get("ipv4", [])):
        rows.append({"ip": ip, "type": "ipv4", "main": "1" if n == 0 else "0"})
    for ip in svc.get("ipv6", []):
        rows.append({"ip": ip, "type": "ipv6", "main": "0"})
    return rows


def ip_key(text):
    try:
        return str(ipaddress.ip_address(str(text).strip()))
    except ValueError:
        return None


def upgrade_state(svc):
    """The selected configurable options of a service (kept on its row, created on first use)."""
    if "_upgrade" not in svc:
        svc["_upgrade"] = {"1557": "9953", "1558": "9960", "1559": 0}
    return svc["_upgrade"]


def cancel_pending(svc):
    return bool(svc.get("cancellation")) or svc["status"] in ("Cancelled", "Terminated")


def methods_for(req, svc):
    rows = [
        ("Upgrade Request", "POST", "/service/@id/upgrade"),
        ("Upgrade Options", "GET", "/service/@id/upgrade"),
        ("Change service label", "POST", "/service/@id/label"),
        ("Service label", "GET", "/service/@id/label"),
    ]
    if not cancel_pending(svc):
        rows.append(("Cancel Service", "POST", "/service/@id/cancel"))
    if is_server(req, svc):
        rows += [
            ("IP Addresses", "GET", "/service/@id/ip"),
            ("Reverse DNS", "GET", "/service/@id/rdns"),
            ("Update rDNS", "POST", "/service/@id/rdns"),
            ("Server Power status", "GET", "/service/@id/status"),
            ("Reset Server", "POST", "/service/@id/reset"),
            ("Server Bandwidth", "GET", "/service/@id/bandwidth"),
            ("Reinstal Details", "GET", "/service/@id/reinstall"),
            ("Reinstall Server", "POST", "/service/@id/reinstall"),
        ]
    return [{"name": n, "method": m, "route": r} for n, m, r in rows]


def upgrade_options(req, svc):
    state = upgrade_state(svc)
    resources = []
    if is_server(req, svc):
        for res in RESOURCES:
            out = {k: v for k, v in res.items() if k != "items"}
            key = str(res["id"])
            if res["type"] == "qty":
                out["value"] = str(state[key])
                out["items"] = [dict(i) for i in res["items"]]
            else:
                out["items"] = [dict(i, selected=(i["id"] == state[key])) for i in res["items"]]
            resources.append(out)
    packages = []
    product = product_of(req, svc)
    for pid in sorted(req.db["products"]):
        other = req.db["products"][pid]
        if other.get("category_id") == product.get("category_id"):
            packages.append({"id": other["id"], "name": other["name"], "selected": other["id"] == product.get("id"),
                             "cycles": dict(other["cycles"])})
    return {"resources": resources, "package": packages if len(packages) > 1 else []}


def plan_upgrade(req, svc):
    """Validate a POST /service/@id/upgrade body; return (new state, product, cycle code, items, total)."""
    state = dict(upgrade_state(svc))
    items = []
    total = 0.0
    resources = req.arg("resources") or {}
    if not isinstance(resources, dict):
        raise bad_request("resources must be an object of resource id to value")
    by_id = {str(r["id"]): r for r in RESOURCES} if is_server(req, svc) else {}
    for rid, value in resources.items():
        res = by_id.get(str(rid))
        if res is None:
            raise bad_request("unknown resource %s" % rid)
        if res["type"] == "qty":
            try:
                qty = int(str(value))
            except ValueError:
                raise bad_request("resource %s takes a quantity, got %r" % (rid, value))
            if not res["min"] <= qty <= res["max"]:
                raise bad_request("resource %s: quantity must be %s..%s" % (rid, res["min"], res["max"]))
            delta = (qty - int(state[str(rid)])) * res["price"]
            state[str(rid)] = qty
            items.append({"name": "%s: %s" % (res["name"], qty), "price": "%.2f" % delta})
        else:
            if isinstance(value, dict) and len(value) == 1:
                value = list(value)[0]
            item = next((i for i in res["items"] if i["id"] == str(value)), None)
            if item is None:
                raise bad_request("resource %s has no item %s" % (rid, value))
            old = next(i for i in res["items"] if i["id"] == state[str(rid)])
            delta = item["price"] - old["price"]
            state[str(rid)] = item["id"]
            items.append({"name": "%s: %s" % (res["name"], item["name"]), "price": "%.2f" % delta})
        total += delta
    product = product_of(req, svc)
    package = req.arg("package")
    if package not in (None, ""):
        new = req.db["products"].get(int(str(package))) if str(package).isdigit() else None
        if new is None or new.get("category_id") != product.get("category_id"):
            raise bad_request("package %s is not an upgrade option for this service" % package)
        if new["id"] != product.get("id"):
            items.append({"name": "Package: %s" % new["name"], "price": "0.00"})
        product = new
    code = next((c for c, n in CYCLE_CODES.items() if n == svc["billingcycle"]), "m")
    cycle = req.arg("cycle")
    if cycle not in (None, ""):
        cycle = str(cycle)
        if cycle not in CYCLE_CODES:
            raise bad_request("unknown billing cycle %s" % cycle)
        code = cycle
    if code not in product["cycles"]:
        raise bad_request("billing cycle %s is not offered for %s" % (code, product["name"]))
    old_price = float(svc["total"])
    new_price = float(product["cycles"][code])
    if new_price != old_price:
        items.append({"name": "%s %s" % (product["name"], CYCLE_CODES[code]), "price": "%.2f" % (new_price - old_price)})
        total += new_price - old_price
    if not items:
        raise bad_request("nothing to upgrade")
    return state, product, code, items, total


def bandwidth(svc):
    used = (int(svc["id"]) * 7919 % 100000) / 100.0
    return {"limit": "1000", "used": "%.2f" % used, "unit": "GB", "period_start": "2026-11-01",
            "period_end": "2026-11-30"}


def envelope(payload):
    return {"success": True, "data": payload}


def variant_ips(svc):
    rows = [{"ipAddress": r["ip"], "type": r["type"], "isMain": r["main"] == "1"} for r in service_ips(svc)]
    return envelope({"ipAddresses": {str(n + 1): row for n, row in enumerate(rows)}})


def variant_rdns(svc, table, ips):
    if int(svc["id"]) % 2:
        # a map of address -> PTR; with no address, PHP's json_encode of an empty array: []
        return {ip: (table.get(ip) or None) for ip in ips} or []
    return envelope({"reverseDns": [{"ipAddress": ip, "ptrRecord": table.get(ip, "")} for ip in ips]})


VARIANT_POWER = {"running": "online", "stopped": "offline"}


def before_request(req, template):
    """A service with ``_active_after`` turns Active after that many GET /service/@id (service_wait tests)."""
    if req.method != "GET" or template != "/service/@id":
        return
    svc = req.db["services"].get(req.int_param("id"))
    if not svc or "_active_after" not in svc:
        return
    if svc["_active_after"] <= 0:
        svc.pop("_active_after")
        svc["status"] = "Active"
        if is_server(req, svc):
            svc["power"], svc["_install_polls"] = "installing", 1
    else:
        svc["_active_after"] -= 1


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def register(router):
    @router.route("GET", "/service")
    def services(req):
        rows = sorted(req.db["services"].values(), key=lambda s: int(s["id"]))
        return {"services": [{k: s[k] for k in LIST_KEYS} for s in rows]}

    @router.route("GET", "/service/@id")
    def service(req):
        svc = get_service(req)
        return {"service": {k: svc[k] for k in DETAIL_KEYS}}

    @router.route("GET", "/service/@id/ip")
    def service_ip(req):
        svc = get_service(req)
        return variant_ips(svc) if req.variant else {"ips": service_ips(svc)}

    @router.route("GET", "/service/@id/methods")
    def methods(req):
        return {"methods": methods_for(req, get_service(req))}

    @router.route("GET", "/service/@id/label")
    def label(req):
        return {"label": get_service(req)["label"]}

    @router.route("POST", "/service/@id/label")
    def set_label(req):
        svc = get_service(req)
        value = req.arg("label")
        if value is None:
            raise bad_request("label is required")
        value = str(value)
        if len(value) > 255 or any(ord(c) < 32 for c in value):
            raise bad_request("invalid label")
        svc["label"] = value
        return {"success": True, "info": ["label_updated"]}

    @router.route("POST", "/service/@id/cancel")
    def cancel(req):
        svc = get_service(req)
        if cancel_pending(svc):
            raise bad_request("cancellation_already_requested")
        immediate = truthy(req.arg("immediate", "false"))
        svc["cancellation"] = {"immediate": immediate, "reason": str(req.arg("reason") or "")}
        if immediate:
            svc["status"] = "Cancelled"
            svc["power"] = "stopped" if is_server(req, svc) else svc["power"]
        return {"info": ["cancell_sent"]}

    @router.route("GET", "/service/@id/rdns")
    def rdns(req):
        svc = get_service(req)
        table = svc.setdefault("rdns", {})
        ips = list(svc.get("ipv4", [])) + list(svc.get("ipv6", []))
        if req.variant:
            return variant_rdns(svc, table, ips)
        return {"rdns": [{"ip": ip, "hostname": table.get(ip, "")} for ip in ips]}

    @router.route("POST", "/service/@id/rdns")
    def set_rdns(req):
        svc = get_service(req)
        wanted = req.arg("ipaddress")
        if not isinstance(wanted, dict) or not wanted:
            raise bad_request("ipaddress must be an object of IP address to hostname")
        own = {ip_key(ip): ip for ip in list(svc.get("ipv4", [])) + list(svc.get("ipv6", []))}
        updates = {}
        for ip, host in wanted.items():
            key = ip_key(ip)
            if key not in own:
                raise bad_request("IP address %s does not belong to this service" % ip)
            host = str(host or "").strip().rstrip(".")
            if host and not HOSTNAME_RE.match(host):
                raise bad_request("invalid hostname %r for %s" % (host, ip))
            updates[own[key]] = host.lower()
        svc.setdefault("rdns", {}).update(updates)
        return {"status": True, "info": ["rdns_updated"]} if req.variant else {"success": True, "info": ["rdns_updated"]}

    @router.route("GET", "/service/@id/status")
    def status(req):
        svc = get_service(req)
        require_active_server(req, svc)
        if svc["power"] == "installing":
            left = svc.get("_install_polls", 0)
            if left <= 0:
                svc["power"] = "running"
            else:
                svc["_install_polls"] = left - 1
        if req.variant:
            return envelope({"powerStatus": {"state": VARIANT_POWER.get(svc["power"], svc["power"])}})
        return {"status": svc["power"]}

    @router.route("POST", "/service/@id/reset")
    def reset(req):
        svc = get_service(req)
        require_active_server(req, svc)
        if svc["power"] == "installing":
            raise bad_request("the server is being reinstalled")
        svc["power"] = "running"
        svc["_resets"] = svc.get("_resets", 0) + 1
        return {"status": True, "info": ["reset_sent"]} if req.variant else {"success": True, "info": ["reset_sent"]}

    @router.route("GET", "/service/@id/bandwidth")
    def service_bandwidth(req):
        svc = get_service(req)
        require_active_server(req, svc)
        if req.variant:
            return envelope({"traffic": camel(bandwidth(svc))})
        return {"bandwidth": bandwidth(svc)}

    @router.route("GET", "/service/@id/reinstall")
    def reinstall_options(req):
        svc = get_service(req)
        require_active_server(req, svc)
        if req.variant:
            return {"templates": {p["id"]: p["name"] for p in PROFILES},
                    "packageSelection": {p["id"]: p["name"] for p in PACKAGES}}
        return {"profiles": [dict(p) for p in PROFILES], "packages": [dict(p) for p in PACKAGES]}

    @router.route("POST", "/service/@id/reinstall")
    def reinstall(req):
        svc = get_service(req)
        require_active_server(req, svc)
        if svc["power"] == "installing":
            raise bad_request("a reinstall is already running")
        profile = str(req.arg("profile") or "")
        if profile not in [p["id"] for p in PROFILES]:
            raise bad_request("unknown profile %r" % profile)
        selection = req.arg("packageselection")
        if selection not in (None, "") and selection not in [p["id"] for p in PACKAGES]:
            raise bad_request("unknown packageselection %r" % selection)
        password = req.arg("rootpassword")
        if password not in (None, "") and len(str(password)) < 8:
            raise bad_request("rootpassword must have at least 8 characters")
        svc["power"] = "installing"
        svc["_install_polls"] = svc.get("_install_reads", 1)  # tests set _install_reads for a long install
        svc["_reinstalls"] = svc.get("_reinstalls", []) + [{"profile": profile, "packageselection": selection,
                                                            "adminuser": req.arg("adminuser")}]
        return {"status": True, "info": ["reinstall_started"]} if req.variant else \
            {"success": True, "info": ["reinstall_started"]}

    @router.route("GET", "/service/@id/upgrade")
    def upgrade(req):
        return upgrade_options(req, get_service(req))

    @router.route("POST", "/service/@id/upgrade")
    def request_upgrade(req):
        svc = get_service(req)
        if svc["status"] != "Active":
            raise bad_request("service %s is %s: it cannot be upgraded" % (svc["id"], svc["status"]))
        state, product, code, items, total = plan_upgrade(req, svc)
        summary = {"currency": "USD", "subtotal": "%.2f" % total, "total": "%.2f" % total, "items": items}
        if not truthy(req.arg("send", "false")):
            return envelope({"estimate": summary}) if req.variant else {"success": True, "summary": summary}
        if svc.get("_upgrade_invoiced"):
            # test hook: the upgrade waits for its invoice to be paid (the options stay as they were)
            from .orders import create_invoice  # pylint: disable=import-outside-toplevel
            create_invoice(req.db, [("Upgrade", svc["id"], "Upgrade of %s" % svc["domain"], total)])
            return {"success": True, "info": ["upgrade_request_sent"], "summary": summary}
        svc["_upgrade"] = state
        svc["product_id"] = product["id"]
        svc["name"] = product["name"]
        svc["billingcycle"] = CYCLE_CODES[code]
        svc["total"] = product["cycles"][code]
        if req.variant:
            return envelope({"estimate": summary})
        return {"success": True, "info": ["upgrade_request_sent"], "summary": summary}
