"""DNS: zones of DNS hosting services (/dns, /service/@service_id/dns...) and a registered
domain's DNS records (/domain/@id/dns...).

Tables: ``dns_zones`` {zone id: {"domain_id", "name", "service_id", "records": [row, ...]}} (rows
stored as the API shows them, names relative to the zone, ``@`` for the apex) and ``domain_dns``
{domain id: [{"name", "type", "priority", "content"}, ...]} (a list: records are addressed by index).

Choices where the reference shows no response or leaves a detail open:
- GET /dns ``service_ids`` lists every active DNS hosting service of the account, with or without
  zones (the example shows ids of services that all have zones; listing all is the useful reading).
- POST /service/@service_id/dns answers only ``{"info": [...]}`` (as the reference): no zone id.
  A new zone starts with an SOA and two NS records (ns1/ns2.xtom.com), as hosted DNS does.
- POST .../records answers ``{"info": ["The record was created successfully."]}`` (the reference's
  example repeats the zone message; same key, no record id).
- DELETE .../records/@record_id (no example) answers ``{"info": ["The record was deleted successfully."]}``.
- PUT .../records/@record_id updates the fields given and answers the reference's shape
  (``record`` with ``ttl`` as a string, ``priority`` as a number).
- Names are accepted relative (``www``), ``@`` / empty for the apex, or as an FQDN inside the zone
  (with or without the trailing dot); they are stored relative. A CNAME beside another type at the
  same name is refused (400), like PowerDNS does. TTL from 1 to 2147483647, default 3600.
- ``--variant`` (``req.variant``): the routes without a valid example answer in other plausible
  shapes: GET /service/@service_id/dns/@zone_id in a ``{"success": true, "data": ...}`` envelope
  with ``serviceId``, ids as numbers and the records as a dict keyed by id; PUT and DELETE of a
  record as ``{"success": true, ...}``. GET /dns and the registrar routes keep the reference's shape.
- Registrar DNS: the record ``id`` is its 1-based index in the list (the example shows ``"id": 1``
  for a one-record list), ``ttl`` and ``priority`` are numbers (0 when unused). Deleting index i
  shifts later indexes down. ``PUT /domain/@id/dns/@index`` replaces the fields given. The types
  list adds AAAA to the reference example's list.
"""

import ipaddress
import re

from ..app import bad_request, camel, not_found
from .domains import get_domain

SAMPLES = {
    "GET /dns": "/dns",
    "POST /service/@service_id/dns": {"path": "/service/1003/dns", "body": {"name": "example.info"}},
    "GET /service/@service_id/dns/@zone_id": "/service/1003/dns/3001",
    "DELETE /service/@service_id/dns/@zone_id": "/service/1003/dns/3002",
    "POST /service/@service_id/dns/@zone_id/records": {
        "path": "/service/1003/dns/3001/records",
        "body": {"name": "ftp", "type": "A", "content": "203.0.113.12", "ttl": 3600, "priority": 0}},
    "PUT /service/@service_id/dns/@zone_id/records/@record_id": {
        "path": "/service/1003/dns/3001/records/10004", "body": {"content": "203.0.113.11", "ttl": 300}},
    "DELETE /service/@service_id/dns/@zone_id/records/@record_id": "/service/1003/dns/3001/records/10011",
    "GET /domain/@id/dns": "/domain/2001/dns",
    "POST /domain/@id/dns": {"path": "/domain/2001/dns",
                             "body": {"name": "ftp", "type": "A", "priority": "0", "content": "203.0.113.12"}},
    "PUT /domain/@id/dns/@index": {"path": "/domain/2001/dns/1", "body": {"content": "203.0.113.11"}},
    "DELETE /domain/@id/dns/@index": "/domain/2001/dns/2",
    "GET /domain/@id/dns/types": "/domain/2001/dns/types",
}

ZONE_TYPES = ("A", "AAAA", "CAA", "CNAME", "DS", "MX", "NS", "PTR", "SOA", "SRV", "SSHFP", "TLSA", "TXT")
REGISTRAR_TYPES = ["A", "AAAA", "CNAME", "URL", "FRAME", "MX", "MXE", "TXT"]
DEMO_SERVICE = 1003
SOA = "ns1.xtom.com. hostmaster.%s. 2026112701 10800 3600 604800 3600"
_LABEL = re.compile(r"^(\*|(?!-)[a-z0-9_-]{1,63}(?<!-))$")
_ZONE = re.compile(r"^(?=.{1,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z][a-z0-9-]{0,62}$")


# ------------------------------------------------------------------------------------- seeding
def _row(rid, name, rtype, content, ttl=3600, priority=0):
    return {"id": str(rid), "name": name, "ttl": ttl, "priority": priority, "content": content, "type": rtype}


def _new_record_id(db):
    ids = db.setdefault("_ids", {})
    ids["dns_records"] = ids.get("dns_records", 10000) + 1
    return ids["dns_records"]


def _new_zone_id(db):
    ids = db.setdefault("_ids", {})
    ids["dns_zones"] = max([ids.get("dns_zones", 3000)] + list(db["dns_zones"])) + 1
    return ids["dns_zones"]


def add_zone(db, name, service_id=DEMO_SERVICE, records=()):
    """Add a zone with its SOA, two NS and ``records`` ((name, type, content[, ttl[, priority]]))."""
    zid = _new_zone_id(db)
    rows = [_row(_new_record_id(db), "@", "SOA", SOA % name),
            _row(_new_record_id(db), "@", "NS", "ns1.xtom.com", 86400),
            _row(_new_record_id(db), "@", "NS", "ns2.xtom.com", 86400)]
    for rec in records:
        rows.append(_row(_new_record_id(db), *rec))
    db["dns_zones"][zid] = {"domain_id": str(zid), "name": name, "service_id": str(service_id), "records": rows}
    return zid


def add_large_zone(db, name="big.example.com", count=1000, service_id=DEMO_SERVICE):
    """A zone of ``count`` records (SOA and NS included): hosts with A, some AAAA, TXT, MX, CNAME.

    For the benchmark: ``with sim.lock: add_large_zone(sim.db)``. Returns the zone id.
    """
    recs = []
    n = 0
    while len(recs) < count - 3:
        n += 1
        host = "h%04d" % n
        recs.append((host, "A", "198.18.%d.%d" % (n // 250, n % 250 + 1), 3600))
        if n % 4 == 0:
            recs.append((host, "AAAA", "2001:db8:%x::1" % n, 3600))
        if n % 10 == 0:
            recs.append((host, "TXT", '"id=%d"' % n, 300))
        if n % 25 == 0:
            recs.append(("alias%04d" % n, "CNAME", "%s.%s" % (host, name), 3600))
        if n % 50 == 0:
            recs.append((host, "MX", "mx.%s" % name, 3600, 10))
    return add_zone(db, name, service_id, recs[: count - 3])


def seed(db, options):
    db["dns_zones"] = {}
    add_zone(db, "example.com", DEMO_SERVICE, [
        ("@", "A", "203.0.113.10"),
        ("@", "AAAA", "2001:db8:10::10"),
        ("www", "A", "203.0.113.10"),
        ("www", "AAAA", "2001:db8:10::10"),
        ("mail", "A", "203.0.113.25"),
        ("@", "MX", "mail.example.com", 3600, 10),
        ("@", "TXT", '"v=spf1 mx -all"'),
        ("blog", "CNAME", "www.example.com"),
        ("_dmarc", "TXT", '"v=DMARC1; p=none"', 300),
    ])
    add_zone(db, "example.net", DEMO_SERVICE, [
        ("@", "A", "203.0.113.40"),
        ("www", "CNAME", "example.net"),
    ])
    db["domain_dns"] = {
        2001: [
            {"name": "@", "type": "A", "priority": 0, "content": "203.0.113.10"},
            {"name": "www", "type": "A", "priority": 0, "content": "203.0.113.10"},
            {"name": "@", "type": "MX", "priority": 10, "content": "mail.example.com"},
            {"name": "@", "type": "TXT", "priority": 0, "content": "v=spf1 mx -all"},
        ],
        2002: [
            {"name": "@", "type": "A", "priority": 0, "content": "203.0.113.40"},
            {"name": "www", "type": "CNAME", "priority": 0, "content": "example.net"},
        ],
    }


# ----------------------------------------------------------------------------------- validation
def _dns_services(db):
    return [s for s in sorted(db["services"].values(), key=lambda s: int(s["id"]))
            if s.get("category_url") == "dns-hosting" and s.get("status") == "Active"]


def _service(req):
    svc = req.db["services"].get(req.int_param("service_id"))
    if svc is None:
        raise not_found("service", req.params["service_id"])
    if svc.get("category_url") != "dns-hosting":
        raise bad_request("Service %s is not a DNS hosting service" % svc["id"])
    if svc.get("status") != "Active":
        raise bad_request("Service %s is not active" % svc["id"])
    return svc


def _zone(req):
    svc = _service(req)
    zone = req.db["dns_zones"].get(req.int_param("zone_id"))
    if zone is None or zone["service_id"] != svc["id"]:
        raise not_found("zone", req.params["zone_id"])
    return zone


def _name(value, zone):
    text = str(value if value is not None else "").strip().lower()
    if text in ("", "@"):
        return "@"
    absolute = text.endswith(".")
    text = text.rstrip(".")
    if zone and text == zone:
        return "@"
    if zone and text.endswith("." + zone):
        text = text[: -len(zone) - 1]
    elif absolute and zone:
        raise bad_request("Record name %s is outside the zone %s" % (value, zone))
    if not all(_LABEL.match(label) for label in text.split(".")):
        raise bad_request("Invalid record name: %s" % value)
    return text


def _int(req, key, default, low, high):
    value = req.arg(key)
    if value is None or value == "":
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise bad_request("%s must be a number" % key)
    if not low <= number <= high:
        raise bad_request("%s must be between %d and %d" % (key, low, high))
    return number


def _content(rtype, content):
    content = str(content if content is not None else "").strip()
    if not content:
        raise bad_request("Record content is required")
    try:
        if rtype in ("A", "MXE"):
            ipaddress.IPv4Address(content)
        elif rtype == "AAAA":
            ipaddress.IPv6Address(content)
    except ValueError:
        raise bad_request("Invalid content for a %s record: %s" % (rtype, content))
    return content


def _check_cname(rows, name, rtype, skip=None):
    others = [r for r in rows if r is not skip and r["name"] == name]
    if rtype == "CNAME" and others:
        raise bad_request("A CNAME record cannot coexist with other records at %s" % name)
    if rtype != "CNAME" and any(r["type"] == "CNAME" for r in others):
        raise bad_request("%s already has a CNAME record" % name)


def _zone_record(req, zone, old=None):
    """Validated fields of a record body (for POST: all required; for PUT: missing ones kept)."""
    old = old or {}
    rtype = str(req.arg("type", old.get("type", "")) or "").strip().upper()
    if rtype not in ZONE_TYPES:
        raise bad_request("Unsupported record type: %s" % (rtype or "(none)"))
    name = _name(req.arg("name", old.get("name")), zone["name"])
    content = _content(rtype, req.arg("content", old.get("content")))
    ttl = _int(req, "ttl", int(old.get("ttl") or 3600), 1, 2147483647)
    priority = _int(req, "priority", int(old.get("priority") or 0), 0, 65535)
    return name, rtype, content, ttl, priority


def _domain_record(req, dom, old=None):
    old = old or {}
    rtype = str(req.arg("type", old.get("type", "")) or "").strip().upper()
    if rtype not in REGISTRAR_TYPES:
        raise bad_request("Unsupported record type: %s" % (rtype or "(none)"))
    return {
        "name": _name(req.arg("name", old.get("name")), dom["name"]),
        "type": rtype,
        "priority": _int(req, "priority", int(old.get("priority") or 0), 0, 65535),
        "content": _content(rtype, req.arg("content", old.get("content"))),
    }


def _index(req, rows):
    pos = req.int_param("index") - 1
    if not 0 <= pos < len(rows):
        raise not_found("DNS record index", req.params["index"])
    return pos


# ---------------------------------------------------------------------------------------- routes
def register(router):
    @router.route("GET", "/dns")
    def list_dns(req):
        zones = sorted(req.db["dns_zones"].values(), key=lambda z: int(z["domain_id"]))
        return {
            "service_ids": [s["id"] for s in _dns_services(req.db)],
            "zones": [{"domain_id": z["domain_id"], "name": z["name"], "service_id": z["service_id"]} for z in zones],
        }

    @router.route("POST", "/service/@service_id/dns")
    def add_zone_route(req):
        svc = _service(req)
        name = str(req.arg("name") or "").strip().lower().rstrip(".")
        if not name:
            raise bad_request("Zone name is required")
        if not _ZONE.match(name):
            raise bad_request("Invalid zone name: %s" % name)
        if any(z["name"] == name for z in req.db["dns_zones"].values()):
            raise bad_request("Domain zone %s already exists" % name)
        add_zone(req.db, name, int(svc["id"]))
        return {"info": ["Domain zone %s was created successfully." % name]}

    @router.route("GET", "/service/@service_id/dns/@zone_id")
    def get_zone(req):
        zone = _zone(req)
        if req.variant:
            rows = dict((r["id"], dict(r, id=int(r["id"]), ttl=int(r["ttl"]))) for r in zone["records"])
            return {"success": True, "data": {"serviceId": int(zone["service_id"]), "name": zone["name"],
                                              "records": rows}}
        return {"service_id": int(zone["service_id"]), "name": zone["name"],
                "records": [dict(r) for r in zone["records"]]}

    @router.route("DELETE", "/service/@service_id/dns/@zone_id")
    def delete_zone(req):
        zone = _zone(req)
        del req.db["dns_zones"][int(zone["domain_id"])]
        return {"info": ["Domain zone %s was deleted successfully." % zone["name"]]}

    @router.route("POST", "/service/@service_id/dns/@zone_id/records")
    def add_record(req):
        zone = _zone(req)
        name, rtype, content, ttl, priority = _zone_record(req, zone)
        if rtype == "SOA":
            raise bad_request("The SOA record cannot be added")
        _check_cname(zone["records"], name, rtype)
        zone["records"].append(_row(_new_record_id(req.db), name, rtype, content, ttl, priority))
        return {"info": ["The record was created successfully."]}

    def _find(req, zone):
        rid = str(req.int_param("record_id"))
        for row in zone["records"]:
            if row["id"] == rid:
                return row
        raise not_found("record", req.params["record_id"])

    @router.route("PUT", "/service/@service_id/dns/@zone_id/records/@record_id")
    def edit_record(req):
        zone = _zone(req)
        row = _find(req, zone)
        name, rtype, content, ttl, priority = _zone_record(req, zone, row)
        _check_cname(zone["records"], name, rtype, skip=row)
        row.update({"name": name, "type": rtype, "content": content, "ttl": ttl, "priority": priority})
        record = {"id": row["id"], "type": rtype, "ttl": str(ttl), "name": name, "priority": priority,
                  "content": content}
        if req.variant:
            return {"success": True, "data": {"record": camel(dict(record, id=int(row["id"]), ttl=ttl))}}
        return {"record": record, "info": ["The record was updated successfully."]}

    @router.route("DELETE", "/service/@service_id/dns/@zone_id/records/@record_id")
    def delete_record(req):
        zone = _zone(req)
        row = _find(req, zone)
        if row["type"] == "SOA":
            raise bad_request("The SOA record cannot be deleted")
        zone["records"].remove(row)
        if req.variant:
            return {"success": True, "message": "deleted"}
        return {"info": ["The record was deleted successfully."]}

    # -------------------------------------------------------------- registrar DNS (index-based)
    def _rows(req):
        dom = get_domain(req)
        return dom, req.db["domain_dns"].setdefault(int(dom["id"]), [])

    @router.route("GET", "/domain/@id/dns")
    def domain_dns(req):
        _dom, rows = _rows(req)
        return {"records": [{"id": pos + 1, "name": r["name"], "ttl": 0, "priority": int(r["priority"]),
                             "type": r["type"], "content": r["content"]} for pos, r in enumerate(rows)]}

    @router.route("POST", "/domain/@id/dns")
    def domain_dns_add(req):
        dom, rows = _rows(req)
        rec = _domain_record(req, dom)
        rows.append(rec)
        return {"info": ["DNS Management updated successfully"]}

    @router.route("PUT", "/domain/@id/dns/@index")
    def domain_dns_edit(req):
        dom, rows = _rows(req)
        pos = _index(req, rows)
        rows[pos] = _domain_record(req, dom, rows[pos])
        return {"info": ["DNS Management updated successfully"]}

    @router.route("DELETE", "/domain/@id/dns/@index")
    def domain_dns_delete(req):
        _dom, rows = _rows(req)
        del rows[_index(req, rows)]
        return {"info": ["DNS Management updated successfully"]}

    @router.route("GET", "/domain/@id/dns/types")
    def domain_dns_types(req):
        get_domain(req)
        return {"types": list(REGISTRAR_TYPES)}
