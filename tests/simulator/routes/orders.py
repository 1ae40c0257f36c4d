"""Catalog and ordering: /category, /category/@category_id/product, /order/@product_id,
POST /order/@product_id, POST /order (cart), POST /quote, POST /domain/order, POST /domain/@id/renew.

Data: the products of ``seed.PRODUCTS`` (``db["products"]``) get their order form here, in
``db["catalog"]`` (config options in the reference's GET /order/@product_id ``forms`` shape, addons,
setup fees). TLDs, their prices and forms are the domains area's (``domains.TLDS``,
``domains.tld_forms``: the data of GET /domain/order and GET /domain/order/@id/form), so what
POST /domain/order accepts is what those routes show; names in ``domains.TAKEN`` cannot be
registered. Orders are kept in ``db["orders"]`` keyed by order number.

Simulated provisioning: a service ordered here starts ``Pending``. GET /service/@id of it answers
Pending twice, and Active from the third read on (``db["_provision_reads"]``, default 2), or once
30 seconds have passed since the order, whichever comes first. A server gets an IPv4 and an IPv6
address when it becomes Active. Domains and certificates stay Pending.

Undocumented choices:

- ``custom`` (and a domain's ``data``) follow the form's ``name``: ``custom[1700]`` (select,
  radio) takes the item id, ``{"1700": 10400}``; ``custom[1703][10430]`` (checkbox, qty, input)
  takes a value per item, ``{"1703": {"10430": 1}}``. Item prices are monthly and scale with the
  cycle (a quarter costs three months).
- POST /order/@product_id for a server needs ``domain`` (the hostname). A missing required option,
  an unknown option or item, an unknown cycle, pay method or promotion code answer 400 and order
  nothing. The demo promotion code ``WELCOME10`` takes 10 % off the first payment.
- POST /domain/order refuses a domain already live in the account (400), a transfer without
  ``epp``, ``years`` the TLD does not offer, a ``tld_id`` that is not the name's TLD, fewer than 2
  or more than 4 nameservers, and a missing required TLD form (``data``).
- POST /domain/@id/renew (no example in the reference) answers like POST /domain/order with
  ``items.type`` "Domain Renew" and creates an Unpaid invoice whose item has ``type``
  "Domain Renew" and ``item_id`` the domain id; the expiry date moves only when that invoice is
  paid (never, in the simulator). A second renewal while one is unpaid answers 400.
- POST /quote takes the POST /order body. An invalid item is answered inside ``items`` with
  ``valid: false`` and its ``error`` list (HTTP 200), like HostBill's cart; an unknown pay method
  is a 400. Taxes: VAT 21 % (as the billing area's invoices).
- Every order creates one Unpaid invoice (in ``db["invoices"]`` when the billing area exists).

Variant shapes (``--variant``), for the routes whose reference example is missing or not valid JSON
(POST /order/@product_id, POST /order and POST /domain/order keep the reference's shape):

- GET /category: ``{"success": true, "data": {"categories": [...]}}`` with ids as numbers;
- GET /category/@id/product: the products as a dict keyed by id, camelCase keys;
- GET /order/@product_id: camelCase keys (``categoryName``, ``categoryId``, ...);
- POST /quote: ``{"success": true, "data": {...}}``, amounts as strings, and ``summary.currency``;
- POST /domain/@id/renew: camelCase keys (``orderNum``, ``invoiceId``, ``productId``).
"""

import re
import time

from .. import seed as seed_module
from ..app import bad_request, camel, not_found
from . import domains as domains_area
from .certificates import create_certificate, price_certificate

SAMPLES = {
    "GET /category": "/category",
    "GET /category/@category_id/product": "/category/10/product",
    "GET /order/@product_id": "/order/101",
    "POST /order/@product_id": "/order/301",
    "POST /order": "/order",
    "POST /quote": "/quote",
    "POST /domain/order": "/domain/order",
    "POST /domain/@id/renew": "/domain/2002/renew",
}

TAX_RATE = 21.0
PROVISION_READS = 2
PROVISION_SECONDS = 30.0
MONTHS = {"m": 1, "q": 3, "s": 6, "a": 12, "b": 24, "t": 36}
PROMOCODES = {"WELCOME10": 0.10}
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)


# ---------------------------------------------------------------------- catalog data
def _form(fid, title, ftype, items, required=False, description="", config=None):
    """A config option in the GET /order/@product_id ``forms`` shape; items: (id, title, monthly price)."""
    per_item = ftype in ("checkbox", "qty", "input")
    return {
        "type": ftype, "title": title, "id": str(fid), "firstItemId": items[0][0], "description": description,
        "name": "custom[%d][%d]" % (fid, items[0][0]) if per_item else "custom[%d]" % fid,
        "required": required, "multiple": False, "config": config or {"conditionals": []}, "value": [],
        "textvalue": [], "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": None,
        "items": [{"title": t, "value": 1, "id": iid, "price": p, "setup": 0, "selected": False}
                  for iid, t, p in items],
    }


def _os(windows=True):
    items = [(10400, "Debian 12", 0), (10401, "Ubuntu 24.04", 0), (10402, "AlmaLinux 9", 0)]
    if windows:
        items.append((10403, "Windows Server 2022", 15))
    return _form(1700, "Operating System", "select", items, required=True)


LOCATION = _form(1701, "Location", "radio", [(10410, "Hong Kong", 0), (10411, "Tokyo", 0),
                                             (10412, "Los Angeles", 0), (10413, "Amsterdam", 0)], required=True)


def _addon(aid, title, description, cycles):
    return {
        "type": "subitem", "title": title, "id": str(aid), "value": None, "description": description,
        "config": [
            {"type": "checkbox", "title": "add", "name": "addon[%d]" % aid, "checked": False},
            {"type": "select", "title": "billingcycle", "name": "addon_cycles[%d]" % aid,
             "items": [{"title": c, "value": c, "price": p, "setup": 0, "selected": n == 0}
                       for n, (c, p) in enumerate(cycles)]},
        ],
        "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": None,
    }


def catalog():
    vps_forms = [
        _os(), LOCATION,
        _form(1702, "Bandwidth", "select", [(10420, "1 TB", 0), (10421, "2 TB", 5), (10422, "5 TB", 15)]),
        _form(1703, "Daily Backups", "checkbox", [(10430, "", 3)], description="Seven daily snapshots"),
        _form(1704, "Extra IPv4 Addresses", "qty", [(10440, "", 2)], config={"minvalue": 0, "maxvalue": 8,
                                                                             "step": 1}),
    ]
    monitoring = _addon(31, "Managed Monitoring", "24/7 monitoring with alerts", [("m", 5), ("q", 14), ("a", 50)])
    return {
        101: {"description": "1 vCPU\n1 GB RAM\n20 GB NVMe\n", "forms": vps_forms, "addons": [monitoring],
              "setup": {}, "tags": ["kvm"]},
        102: {"description": "4 vCPU\n8 GB RAM\n160 GB NVMe\n", "forms": vps_forms, "addons": [monitoring],
              "setup": {}, "tags": ["kvm"]},
        201: {"description": "Xeon E3-1230v6\n32 GB RAM\n2x 1 TB SSD\n",
              "forms": [_os(windows=False), LOCATION,
                        _form(1710, "RAID", "select", [(10450, "No RAID", 0), (10451, "RAID 1", 0),
                                                       (10452, "RAID 10", 20)]),
                        _form(1711, "Rack Notes", "input", [(10460, "", 0)], description="Free text for the DC")],
              "addons": [], "setup": {"m": 50.0}, "tags": []},
        301: {"description": "Anycast DNS\n", "forms": [], "addons": [], "setup": {}, "tags": []},
    }


def seed(db, options):
    db["catalog"] = catalog()
    db["orders"] = {}


# ---------------------------------------------------------------------- simulated provisioning
def before_request(req, template):
    if req.method != "GET" or template != "/service/@id":
        return
    try:
        svc = req.db["services"].get(int(req.params["id"]))
    except ValueError:
        return
    prov = (svc or {}).get("_provision")
    if not prov or svc["status"] != "Pending":
        return
    prov["reads"] += 1
    if prov["reads"] > req.db.get("_provision_reads", PROVISION_READS) or time.time() - prov["at"] > PROVISION_SECONDS:
        activate(req.db, svc)


def activate(db, svc):
    svc["status"] = "Active"
    svc.pop("_provision", None)
    if db["products"][int(svc["product_id"])]["type"] == "server":
        n = int(svc["id"]) % 250
        svc["ipv4"] = ["203.0.113.%d" % n]
        svc["ipv6"] = ["2001:db8:%x::1" % int(svc["id"])]
        svc["rdns"] = {ip: "" for ip in svc["ipv4"] + svc["ipv6"]}
        svc["power"] = "running"


# ---------------------------------------------------------------------- pricing and validation
def _product_config(db, pid):
    product = db["products"].get(pid)
    if product is None:
        return None, None
    return product, db["catalog"].get(pid, {"forms": [], "addons": [], "setup": {}, "tags": [], "description": ""})


def _check_forms(forms, custom, option, months):
    """Validate ``custom`` against ``forms``; returns (monthly-scaled price, [errors])."""
    errors = []
    price = 0.0
    if custom in (None, ""):
        custom = {}
    if not isinstance(custom, dict):
        return 0.0, ["%s must be an object keyed by option id" % option]
    by_id = {f["id"]: f for f in forms}
    for key in custom:
        if str(key) not in by_id:
            errors.append("Unknown %s option %s" % (option, key))
    for form in forms:
        value = custom.get(form["id"], custom.get(int(form["id"])) if form["id"].isdigit() else None)
        if value in (None, "", {}, []):
            if form["required"]:
                errors.append("%s is required" % form["title"])
            continue
        items = {str(i["id"]): i for i in form["items"]}
        if form["type"] in ("select", "radio"):
            item = items.get(str(value))
            if item is None:
                errors.append("Unknown value %r for %s" % (value, form["title"]))
            else:
                price += item["price"] * months
            continue
        if not isinstance(value, dict):
            errors.append("%s takes an object {item id: value}" % form["title"])
            continue
        for iid, val in value.items():
            item = items.get(str(iid))
            if item is None:
                errors.append("Unknown item %s for %s" % (iid, form["title"]))
            elif form["type"] == "qty":
                try:
                    qty = int(val)
                except (TypeError, ValueError):
                    qty = -1
                cfg = form.get("config") or {}
                if not cfg.get("minvalue", 0) <= qty <= cfg.get("maxvalue", 1000):
                    errors.append("%s: quantity %r out of range" % (form["title"], val))
                else:
                    price += item["price"] * qty * months
            elif form["type"] in ("checkbox", "domaindnssupport"):
                if str(val).lower() in ("1", "true", "yes", "on"):
                    price += item["price"] * months
            elif not isinstance(val, str):
                errors.append("%s takes text" % form["title"])
    return price, errors


def price_product(db, item):
    errors = []
    try:
        pid = int(item.get("product_id"))
    except (TypeError, ValueError):
        return None, ["product_id is required and must be a number"]
    if pid in db.get("ssl_products", {}):
        return None, ["product %d is a certificate: order it with POST /certificate/order" % pid]
    product, conf = _product_config(db, pid)
    if product is None:
        return None, ["Product %d not found" % pid]
    cycles = product["cycles"]
    cycle = item.get("cycle") or next(iter(cycles))
    if cycle not in cycles:
        errors.append("Billing cycle %r is not available for this product (available: %s)"
                      % (cycle, ", ".join(cycles)))
    domain = str(item.get("domain") or "").strip().lower()
    if domain and not HOSTNAME_RE.match(domain):
        errors.append("Invalid hostname %r" % domain)
    if not domain and product["type"] == "server":
        errors.append("Hostname (domain) is required for this product")
    months = MONTHS.get(cycle, 1)
    extra, form_errors = _check_forms(conf["forms"], item.get("custom"), "configuration", months)
    errors += form_errors
    promo = item.get("promocode")
    if promo and promo not in PROMOCODES:
        errors.append("Invalid promotion code %r" % promo)
    if errors:
        return None, errors
    base = float(cycles[cycle]) + extra
    return {"kind": "product", "product": product, "domain": domain, "cycle": cycle, "custom": item.get("custom"),
            "price": base, "setup": float(conf["setup"].get(cycle, 0)),
            "discount": round(base * PROMOCODES.get(promo, 0), 2),
            "recurring": [(seed_module.CYCLE_NAMES[cycle], base)]}, []


def find_tld(name=None, tld_id=None):
    for row in domains_area.TLDS:
        if tld_id not in (None, "") and str(row.get("id")) == str(tld_id):
            return row
        if tld_id in (None, "") and name and name.endswith(str(row.get("tld"))):
            return row
    return None


def live_domains(db, name):
    return [d for d in db["domains"].values() if d["name"] == name
            and d["status"].lower() not in ("expired", "cancelled", "terminated", "fraud", "transferred away")]


def price_domain(db, item):
    errors = []
    name = str(item.get("name") or "").strip().lower().rstrip(".")
    if not HOSTNAME_RE.match(name):
        return None, ["Invalid domain name %r" % item.get("name")]
    tld = find_tld(name, item.get("tld_id"))
    if tld is None:
        return None, ["TLD id %s not found" % item.get("tld_id") if item.get("tld_id") not in (None, "")
                      else "TLD of %s is not offered" % name]
    if not name.endswith(tld["tld"]) or "." in name[:-len(tld["tld"])]:
        errors.append("tld_id %s (%s) does not match %s" % (tld["id"], tld["tld"], name))
    action = item.get("action") or "register"
    if action not in ("register", "transfer"):
        errors.append("action must be register or transfer, got %r" % action)
    if action == "transfer" and not item.get("epp"):
        errors.append("EPP code is required to transfer %s" % name)
    if live_domains(db, name):
        errors.append("Domain %s is already in your account" % name)
    elif action == "register" and name in domains_area.TAKEN:
        errors.append("Domain %s is not available for registration" % name)
    period = next((p for p in tld["periods"] if str(p["period"]) == str(item.get("years") or 1)), None)
    if period is None:
        errors.append("%s cannot be ordered for %s years (offered: %s)"
                      % (tld["tld"], item.get("years"), ", ".join(str(p["period"]) for p in tld["periods"])))
    ns = item.get("nameservers")
    if ns not in (None, "", []):
        if not isinstance(ns, list) or not 2 <= len(ns) <= 4:
            errors.append("nameservers must be a list of 2 to 4 host names")
        elif not all(HOSTNAME_RE.match(str(n)) for n in ns):
            errors.append("Invalid nameserver in %s" % ns)
    for role in ("registrant", "admin", "tech", "billing"):
        value = item.get(role)
        if value not in (None, "") and str(value) not in [str(k) for k in db.get("contacts", {})]:
            errors.append("%s contact %s not found" % (role, value))
    years = int(period["period"]) if period else 1
    extra, form_errors = _check_forms(domains_area.tld_forms(tld["id"]), item.get("data"), "TLD", years)
    errors += form_errors
    if errors:
        return None, errors
    price = float(period["register" if action == "register" else "transfer"])
    return {"kind": "domain", "name": name, "tld": tld, "years": years, "action": action, "price": price + extra,
            "setup": 0.0, "discount": 0.0, "nameservers": ns or ["ns1.xtom.com", "ns2.xtom.com"],
            "recurring": [(seed_module.CYCLE_NAMES.get({1: "a", 2: "b", 3: "t"}.get(years, "a")),
                           float(period["renew"]))]}, []


def price_item(db, item):
    if not isinstance(item, dict):
        return None, ["each item must be an object"]
    kind = item.get("type", "product")
    if kind == "product":
        return price_product(db, item)
    if kind == "domain":
        return price_domain(db, item)
    if kind == "certificate":
        return price_certificate(db, item)
    return None, ["Unknown item type %r (product, domain or certificate)" % kind]


def check_pay_method(db, value):
    if value in (None, ""):
        return
    methods = db.get("payment_methods", {})
    if str(value) not in [str(k) for k in methods]:
        raise bad_request("Unknown payment method %r" % value)


# ---------------------------------------------------------------------- creating
def _money(value):
    return "%.2f" % value


def create_invoice(db, lines):
    """lines: [(type, item id, description, amount)] -> invoice id (str)."""
    invoices = db.setdefault("invoices", {})
    iid = max(list(invoices) + [308979]) + 1
    subtotal = round(sum(amount for _t, _i, _d, amount in lines), 2)
    tax = round(subtotal * TAX_RATE / 100, 2)
    today = time.strftime("%Y-%m-%d")
    invoices[iid] = {
        "id": str(iid), "status": "Unpaid", "date": today, "dateorig": today, "duedate": today, "paybefore": today,
        "datepaid": "0000-00-00 00:00:00", "subtotal": subtotal, "credit": 0, "tax": tax, "taxrate": TAX_RATE,
        "tax2": 0, "taxrate2": 0, "taxexempt": "0", "total": round(subtotal + tax, 2), "rate": 1, "rate2": 0,
        "rate3": 1, "notes": "", "merge_id": None, "number": "%s/%d" % (time.strftime("%Y/%m"), iid),
        "currency": "USD",
        "items": [{"id": str(iid * 10 + n), "invoice_id": str(iid), "type": t, "item_id": str(i), "description": d,
                   "amount": _money(a), "taxed": "1", "qty": "1.00", "linetotal": _money(a)}
                  for n, (t, i, d, a) in enumerate(lines)],
    }
    return str(iid)


def _create(db, priced, item):
    if priced["kind"] == "product":
        services = db["services"]
        sid = max(list(services) + [1000]) + 1
        product = priced["product"]
        row = seed_module.make_service(sid, int(product["id"]), priced["domain"], status="Pending",
                                       cycle=priced["cycle"], date_created=time.strftime("%Y-%m-%d"))
        row["firstpayment"] = row["total"] = _money(priced["price"])
        row["power"] = "unknown"
        row["_provision"] = {"reads": 0, "at": time.time()}
        services[sid] = row
        return {"id": str(sid), "type": "Hosting", "name": priced["domain"], "product_id": product["id"]}, "Hosting"
    if priced["kind"] == "domain":
        did = max(list(db["domains"]) + [2000]) + 1
        row = dict(next(iter(seed_module.demo_domains().values())))
        expires = "%d%s" % (int(time.strftime("%Y")) + priced["years"], time.strftime("-%m-%d"))
        row.update({"id": str(did), "name": priced["name"], "expires": expires, "date_created": time.strftime("%Y-%m-%d"),
                    "status": "Pending" if priced["action"] == "register" else "Pending Transfer",
                    "period": str(priced["years"]), "recurring_amount": _money(priced["recurring"][0][1]),
                    "firstpayment": _money(priced["price"]), "daytoexpire": str(365 * priced["years"]),
                    "nameservers": list(priced["nameservers"]), "idprotection": "0", "reglock": "1"})
        db["domains"][did] = row
        kind = "Domain Register" if priced["action"] == "register" else "Domain Transfer"
        return {"id": str(did), "type": kind, "name": priced["name"], "product_id": priced["tld"]["id"]}, kind
    return create_certificate(db, priced, item), "Hosting"


def place_order(req, items, single=False):
    """Validate every item (all or nothing), create them, one invoice, one order per item."""
    db = req.db
    check_pay_method(db, req.body.get("pay_method"))
    priced, errors = [], []
    for n, item in enumerate(items):
        row, errs = price_item(db, item)
        priced.append(row)
        errors += errs if single else ["item %d: %s" % (n, e) for e in errs]
    if errors:
        raise bad_request(*errors)
    created, lines, order_nums = [], [], []
    for row, item in zip(priced, items):
        out, kind = _create(db, row, item)
        created.append(out)
        amount = row["price"] + row["setup"] - row.get("discount", 0.0)
        lines.append((kind, out["id"], "%s %s" % (row.get("product", {}).get("name", kind), out["name"]), amount))
    invoice_id = create_invoice(db, lines)
    total = _money(db["invoices"][int(invoice_id)]["total"])
    for out in created:
        num = 873340995 + len(db["orders"])
        db["orders"][num] = {"order_num": num, "invoice_id": invoice_id, "item": out}
        order_nums.append(num)
    if single:
        return {"order_num": order_nums[0], "invoice_id": invoice_id, "total": total, "items": created[0]}
    return {"order_num_list": order_nums, "invoice_id": invoice_id, "total": total, "items": created}


def quote(req, items):
    db = req.db
    check_pay_method(db, req.body.get("pay_method"))
    subtotal = discount = 0.0
    recurring = {}
    out = []
    for n, item in enumerate(items):
        row, errs = price_item(db, item)
        entry = {"product": None, "domains": {}, "coupon": {}, "index": n, "valid": not errs, "info": [],
                 "error": errs}
        if row:
            subtotal += row["price"] + row["setup"]
            discount += row.get("discount", 0.0)
            for title, price in row["recurring"]:
                recurring[title] = recurring.get(title, 0.0) + price
            if row["kind"] == "domain":
                entry["domains"] = {row["name"]: {
                    "id": int(row["tld"]["id"]), "index": 0, "category_id": "6", "category_name": "Domains",
                    "name": row["name"], "tld": row["tld"]["tld"], "period": row["years"], "action": row["action"],
                    "price": _money(row["price"])}}
            else:
                product = row["product"]
                category = next((c for c in db["categories"] if c["id"] == product.get("category_id")), {})
                entry["product"] = {
                    "id": int(product["id"]), "category_name": product.get("category", category.get("name", "")),
                    "category_id": int(product.get("category_id", 30)), "name": product["name"],
                    "domain": row["domain"], "cycle": row.get("cycle", ""), "price": round(row["price"], 2),
                    "setup": round(row["setup"], 2)}
                if row.get("discount"):
                    entry["coupon"] = {"code": item.get("promocode"), "discount": row["discount"]}
        out.append(entry)
    cost = round(subtotal - discount, 2)
    tax = round(cost * TAX_RATE / 100, 2)
    codes = {v: k for k, v in seed_module.CYCLE_NAMES.items()}
    return {
        "summary": {"subtotal": round(subtotal, 2), "total": round(cost + tax, 2), "credit": 0,
                    "discount": round(discount, 2), "cost": cost,
                    "recurring": [{"title": t, "price": round(p, 2), "value": codes.get(t, "")}
                                  for t, p in recurring.items()],
                    "tax": [{"name": "VAT", "tax": tax, "value": TAX_RATE}]},
        "items": out,
    }


def _items(req):
    items = req.body.get("items")
    if not isinstance(items, list) or not items:
        raise bad_request("items must be a non-empty list")
    return items


# ---------------------------------------------------------------------- routes
def register(router):
    @router.route("GET", "/category")
    def categories(req):
        rows = [dict(c) for c in req.db["categories"]]
        if req.variant:
            return {"success": True, "data": {"categories": [dict(c, id=int(c["id"])) for c in rows]}}
        return {"categories": rows}

    @router.route("GET", "/category/@category_id/product")
    def category_products(req):
        cid = str(req.int_param("category_id"))
        if not any(c["id"] == cid for c in req.db["categories"]):
            raise not_found("category", cid)
        out = []
        for pid, product in sorted(req.db["products"].items()):
            if product["category_id"] != cid:
                continue
            conf = req.db["catalog"].get(pid, {})
            out.append({
                "id": product["id"], "type": "1", "name": product["name"], "stock": False, "paytype": "Regular",
                "description": conf.get("description", ""), "qty": "0", "tags": list(conf.get("tags", [])),
                "periods": [{"title": c, "value": c, "price": float(p), "setup": conf.get("setup", {}).get(c, 0),
                             "selected": n == 0} for n, (c, p) in enumerate(product["cycles"].items())],
            })
        for pid, product in sorted(req.db.get("ssl_products", {}).items()):
            if cid == "30":
                out.append({"id": product["id"], "type": "1", "name": product["name"], "stock": False,
                            "paytype": "Regular", "description": product["description"], "qty": "0", "tags": [],
                            "periods": [{"title": "a", "value": "a", "price": product["periods"][0]["price"],
                                         "setup": 0, "selected": True}]})
        if req.variant:
            return {"products": {str(p["id"]): camel(p) for p in out}}
        return {"products": out}

    @router.route("GET", "/order/@product_id")
    def product_config(req):
        pid = req.int_param("product_id")
        product, conf = _product_config(req.db, pid)
        if product is None:
            raise not_found("product", pid)
        category = next(c for c in req.db["categories"] if c["id"] == product["category_id"])
        cycles = list(product["cycles"].items())
        setup = conf.get("setup", {})
        cycle_items = [{"title": c, "value": c, "price": float(p), "setup": setup.get(c, 0), "selected": n == 0}
                       for n, (c, p) in enumerate(cycles)]
        first, price = cycles[0]
        answer = {"product": {
            "id": product["id"], "category_name": category["name"], "category_id": category["id"],
            "name": product["name"], "price": float(price), "recurring": first, "setup": setup.get(first, 0),
            "config": {
                "product": [
                    {"type": "select", "title": "pickcycle", "id": "cycle", "name": "cycle", "items": cycle_items,
                     "value": first, "price": float(price), "setup": setup.get(first, 0)},
                    {"type": "input", "title": "domain", "id": "domain", "name": "domain", "value": None},
                ],
                "forms": conf["forms"], "addons": conf["addons"], "subproducts": [],
            },
            "recurring_price": float(price), "prorata_date": None,
        }}
        return camel(answer) if req.variant else answer

    @router.route("POST", "/order/@product_id")
    def order_product(req):
        pid = req.int_param("product_id")
        if pid not in req.db["products"] and pid not in req.db.get("ssl_products", {}):
            raise not_found("product", pid)
        item = dict(req.body)
        item.update({"type": "product", "product_id": pid})
        return place_order(req, [item], single=True)

    @router.route("POST", "/order")
    def order_cart(req):
        return place_order(req, _items(req))

    @router.route("POST", "/quote")
    def order_quote(req):
        answer = quote(req, _items(req))
        if req.variant:
            summary = answer["summary"]
            for key in ("subtotal", "total", "credit", "discount", "cost"):
                summary[key] = "%.2f" % summary[key]
            summary["currency"] = "USD"
            return {"success": True, "data": answer}
        return answer

    @router.route("POST", "/domain/order")
    def order_domain(req):
        item = dict(req.body)
        item["type"] = "domain"
        return place_order(req, [item], single=True)

    @router.route("POST", "/domain/@id/renew")
    def renew_domain(req):
        db = req.db
        dom = db["domains"].get(req.int_param("id"))
        if dom is None:
            raise not_found("domain", req.params["id"])
        check_pay_method(db, req.body.get("pay_method"))
        if dom["status"].lower() in ("cancelled", "terminated", "fraud", "transferred away", "pending"):
            raise bad_request("Domain %s cannot be renewed while %s" % (dom["name"], dom["status"]))
        tld = find_tld(dom["name"])
        years = str(req.body.get("years") or 1)
        period = next((p for p in (tld or {}).get("periods", []) if str(p["period"]) == years), None)
        if period is None:
            raise bad_request("%s cannot be renewed for %s years" % (dom["name"], years))
        for inv in db.get("invoices", {}).values():
            if inv["status"] == "Unpaid" and any(i["type"] == "Domain Renew" and i["item_id"] == dom["id"]
                                                 for i in inv["items"]):
                raise bad_request("A renewal of %s is already awaiting payment (invoice %s)"
                                  % (dom["name"], inv["id"]))
        invoice_id = create_invoice(db, [("Domain Renew", dom["id"], "Domain renewal %s - %s year(s)"
                                          % (dom["name"], years), float(period["renew"]))])
        num = 873340995 + len(db["orders"])
        out = {"id": dom["id"], "type": "Domain Renew", "name": dom["name"], "product_id": tld["id"]}
        db["orders"][num] = {"order_num": num, "invoice_id": invoice_id, "item": out}
        answer = {"order_num": num, "invoice_id": invoice_id,
                  "total": _money(db["invoices"][int(invoice_id)]["total"]), "items": out}
        return camel(answer) if req.variant else answer
