"""SSL certificates: /certificate, /certificate/@id, /certificate/@id/crt, /certificate/order,
/certificate/order/@product_id/software and POST /certificate/order.

Certificates live in ``db["certificates"]`` (keyed by int id, rows in the GET /certificate/@id
``service`` shape plus ``product_id`` and ``crt``), certificate products in ``db["ssl_products"]``
(the GET /certificate/order shape plus ``software`` and ``validation``). The cart (POST /order,
POST /quote in orders.py) prices and creates certificate items with ``price_certificate`` and
``create_certificate``.

Undocumented choices:

- GET /certificate/@id/crt answers ``{"crt": "-----BEGIN CERTIFICATE-----..."}``; a certificate
  that has not been issued yet answers 400 ``{"error": ["Certificate has not been issued yet"]}``.
- POST /certificate/order reads the domain from the CSR's common name (the reference's "csr:
  Domain name" text is a copy-paste slip) and answers like POST /order/@product_id:
  ``{"order_num", "invoice_id", "total", "items": {"id", "type": "Hosting", "name", "product_id"}}``.
  The new certificate is Pending (its status never changes in the simulator) and, as on the real
  portal, it is listed with an EMPTY ``domain`` (GET /certificate and GET /certificate/@id) until the
  authority has it (never, here); its details keep the ``csr``, whose common name is the domain.
- Variant shapes (``--variant``), for the routes whose reference example is not valid JSON or
  missing: GET /certificate/@id answers ``{"certificate": {...}}`` with camelCase keys and the id as a
  number; GET /certificate/@id/crt answers ``{"success": true, "data": {"certificate": PEM,
  "chain": PEM}}``; GET /certificate/order answers the products as a dict keyed by id with camelCase
  keys; GET /certificate/order/@product_id/software answers a map id -> name.
- Validation (400): unknown product, ``years`` not offered, a CSR without a common name, an
  ``approver_email`` that is not admin@ / administrator@ / hostmaster@ / postmaster@ /
  webmaster@ the domain (or its parent), unknown ``software``, ``organization`` missing for an
  organization-validated product, a non-wildcard common name for a wildcard product.
"""

import base64
import re

from ..app import bad_request, camel, not_found

SAMPLES = {
    "GET /certificate": "/certificate",
    "GET /certificate/@id": "/certificate/3001",
    "GET /certificate/@id/crt": "/certificate/3001/crt",
    "GET /certificate/order": "/certificate/order",
    "GET /certificate/order/@product_id/software": "/certificate/order/401/software",
    "POST /certificate/order": "/certificate/order",
}

SOFTWARE = [
    {"id": 0, "name": "AOL"},
    {"id": 1, "name": "Apache-SSL (Ben-SSL, not Stronghold)"},
    {"id": 2, "name": "Apache-ModSSL"},
    {"id": 3, "name": "Microsoft IIS 5.x and later"},
    {"id": 4, "name": "Nginx"},
    {"id": 5, "name": "Other"},
]

DEMO_CRT = """-----BEGIN CERTIFICATE-----
MIIBrTCCAVOgAwIBAgICEJIwCgYIKoZIzj0EAwIwNTELMAkGA1UEBhMCVVMxEDAO
BgNVBAoMB0V4YW1wbGUxFDASBgNVBAMMC2V4YW1wbGUuY29tMB4XDTI2MTEyNzA0
MTE0MloXDTM2MTEyNDA0MTE0MlowNTELMAkGA1UEBhMCVVMxEDAOBgNVBAoMB0V4
YW1wbGUxFDASBgNVBAMMC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEDuxoFSTJLkUKQ28beKHT7g8kkz9K47xISCWx90lO2g9awmHo3CL/gya6
/MI8BB45pVVm0UaQS7xkb5qEZRHai6NTMFEwHQYDVR0OBBYEFNZUxcsmBWa6jKxR
SotUu7KTkCK7MB8GA1UdIwQYMBaAFNZUxcsmBWa6jKxRSotUu7KTkCK7MA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOHkqKMevQUQNLf6r7wSkBUx
MfCWZ/ENivONkdwagb6qAiA2Q8eq1OMnFJVYp7iw2lA6bOif7cKybvVeAz8xskzF
vA==
-----END CERTIFICATE-----
"""

LIST_KEYS = ("id", "domain", "total", "status", "billingcycle", "next_due", "category", "category_url", "name",
             "cert_email", "cert_status", "cert_expires")
DETAIL_KEYS = ("id", "date_created", "domain", "firstpayment", "total", "billingcycle", "next_due", "next_invoice",
               "status", "label", "name", "cert_status", "cert_expires", "csr", "contacts", "organization",
               "cert_email", "software")
APPROVER_USERS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
YEARS_CYCLE = {1: "Annually", 2: "Biennially", 3: "Triennially"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _product(pid, name, description, prices, validation="domain"):
    return {
        "id": str(pid), "name": name, "description": description,
        "periods": [{"years": y, "price": p, "renew": p} for y, p in prices],
        "category": "SSL Certificates", "category_url": "ssl", "validation": validation,
        "software": [dict(s) for s in SOFTWARE],
    }


def _contact(db):
    c = db["client"]
    return {"FName": c["firstname"], "LName": c["lastname"], "City": c["city"], "State": c["state"],
            "PostalCode": c["postcode"], "EmailAddress": c["email"], "Country": c["country"],
            "Address1": c["address1"], "Address2": c["address2"], "Phone": 24123123,
            "OrgName": c["companyname"] or "n/a", "PreFix": 1, "JobTitle": "n/a"}


def make_certificate(db, cid, product_id, domain, status="Pending", cert_status="", years=1, csr="", email="",
                     software="", organization=None, crt="", expires="", date_created="2026-11-27"):
    product = db["ssl_products"][product_id]
    price = "%.2f" % next(p["price"] for p in product["periods"] if p["years"] == years)
    contact = _contact(db)
    org = {"state": "", "country": "", "name": "", "unit": "", "locality": "", "postalcode": "", "address2": "",
           "address1": ""}
    org.update({k: str(v) for k, v in (organization or {}).items()})
    return {
        "id": str(cid), "product_id": product["id"], "date_created": date_created, "domain": domain,
        "firstpayment": price, "total": price, "billingcycle": YEARS_CYCLE.get(years, "Annually"),
        "next_due": expires[:10] or "2027-11-27", "next_invoice": expires[:10] or "2027-10-28",
        "status": status, "label": "", "name": product["name"], "category": product["category"],
        "category_url": product["category_url"], "cert_email": email, "cert_status": cert_status,
        "cert_expires": expires, "csr": csr, "contacts": {"admin": contact, "billing": dict(contact),
                                                          "tech": dict(contact)},
        "organization": org, "software": str(software), "crt": crt,
    }


def seed(db, options):
    db["ssl_products"] = {
        401: _product(401, "PositiveSSL", "Domain validated, issued in minutes", [(1, 9.95), (2, 17.90)]),
        402: _product(402, "InstantSSL", "Organization validated", [(1, 27.85), (2, 48.75)], "organization"),
        403: _product(403, "PositiveSSL Wildcard", "Domain validated, *.domain", [(1, 69.00)], "wildcard"),
    }
    db["certificates"] = {
        3001: make_certificate(db, 3001, 401, "example.com", status="Active", cert_status="Issued",
                               email="admin@example.com", software=4, crt=DEMO_CRT,
                               expires="2027-03-01 12:00:00", date_created="2026-03-01"),
        3002: make_certificate(db, 3002, 402, "example.net", status="Pending", cert_status="Awaiting Validation",
                               email="hostmaster@example.net", software=2,
                               organization={"name": "Example Ltd", "country": "US", "state": "California",
                                             "locality": "Santa Rosa"}),
    }


# ---------------------------------------------------------------------- CSR
def _der(data, pos):
    """(tag, content, next position) of the DER element at ``pos``."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, data[pos:pos + length], pos + length


def csr_common_name(csr):
    """The subject common name of a PEM CSR, or None."""
    match = re.search(r"-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----(.+?)-----END", csr or "", re.S)
    if not match:
        return None
    try:
        der = base64.b64decode("".join(match.group(1).split()))
        _tag, request, _end = _der(der, 0)
        _tag, info, _end = _der(request, 0)
        _tag, _version, pos = _der(info, 0)
        _tag, subject, _end = _der(info, pos)
        pos = 0
        while pos < len(subject):
            _tag, rdn, pos = _der(subject, pos)
            _tag, attr, _end = _der(rdn, 0)
            _tag, oid, vpos = _der(attr, 0)
            if oid == b"\x55\x04\x03":
                return _der(attr, vpos)[1].decode("utf-8").lower()
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    return None


# ---------------------------------------------------------------------- ordering (used by the cart too)
def price_certificate(db, item):
    """Validate one certificate order item. Returns (priced dict, [errors])."""
    errors = []
    try:
        pid = int(item.get("product_id"))
    except (TypeError, ValueError):
        return None, ["product_id is required and must be a number"]
    product = db["ssl_products"].get(pid)
    if product is None:
        return None, ["Certificate product %s not found" % pid]
    domain = csr_common_name(item.get("csr"))
    if not domain:
        errors.append("csr is not a PEM certificate request with a common name")
    try:
        years = int(item.get("years") or 1)
    except (TypeError, ValueError):
        years = None
    period = next((p for p in product["periods"] if p["years"] == years), None)
    if period is None:
        errors.append("years %r is not offered for %s (offered: %s)"
                      % (item.get("years"), product["name"], ", ".join(str(p["years"]) for p in product["periods"])))
    email = str(item.get("approver_email") or "")
    if domain and not errors:
        base = domain[2:] if domain.startswith("*.") else domain
        bases = [base] + ([base.split(".", 1)[1]] if base.count(".") > 1 else [])
        allowed = ["%s@%s" % (u, b) for b in bases for u in APPROVER_USERS]
        if email.lower() not in allowed:
            errors.append("approver_email %r is not accepted for %s; use one of: %s" % (email, domain,
                                                                                        ", ".join(allowed)))
        if product["validation"] == "wildcard" and not domain.startswith("*."):
            errors.append("%s needs a CSR for a wildcard name (*.%s), got %s" % (product["name"], base, domain))
        if product["validation"] != "wildcard" and domain.startswith("*."):
            errors.append("%s cannot secure a wildcard name (%s)" % (product["name"], domain))
    software = item.get("software")
    if software not in (None, ""):
        if str(software) not in [str(s["id"]) for s in product["software"]]:
            errors.append("Unknown software %r" % software)
    org = item.get("organization")
    if org is not None and not isinstance(org, dict):
        errors.append("organization must be an object")
    elif product["validation"] == "organization" and not (org or {}).get("name"):
        errors.append("organization with at least a name is required for %s" % product["name"])
    for role in ("admin", "tech", "billing"):
        value = item.get(role)
        if value not in (None, "") and str(value) not in [str(k) for k in db.get("contacts", {})]:
            errors.append("%s contact %s not found" % (role, value))
    if errors:
        return None, errors
    return {"kind": "certificate", "product": product, "domain": domain, "years": years,
            "price": float(period["price"]), "setup": 0.0, "recurring": [(YEARS_CYCLE.get(years, "Annually"),
                                                                          float(period["renew"]))]}, []


def create_certificate(db, priced, item):
    cid = max(db["certificates"] or [3000]) + 1
    db["certificates"][cid] = make_certificate(
        db, cid, int(priced["product"]["id"]), priced["domain"], years=priced["years"], csr=item.get("csr", ""),
        email=item.get("approver_email", ""), software=item.get("software", ""),
        organization=item.get("organization"))
    db["certificates"][cid]["_domain_pending"] = True
    return {"id": str(cid), "type": "Hosting", "name": priced["domain"], "product_id": priced["product"]["id"]}


def shown(cert, keys):
    """A certificate as the portal shows it: a new one has no domain yet."""
    row = {k: cert[k] for k in keys}
    if cert.get("_domain_pending"):
        row["domain"] = ""
    return row


def get_certificate(req):
    cert = req.db["certificates"].get(req.int_param("id"))
    if cert is None:
        raise not_found("certificate", req.params["id"])
    return cert


def register(router):
    @router.route("GET", "/certificate")
    def certificates(req):
        rows = sorted(req.db["certificates"].values(), key=lambda c: int(c["id"]))
        return {"sslservices": [shown(c, LIST_KEYS) for c in rows]}

    @router.route("GET", "/certificate/@id")
    def certificate(req):
        cert = shown(get_certificate(req), DETAIL_KEYS)
        if req.variant:
            return {"certificate": camel(dict(cert, id=int(cert["id"])))}
        return {"service": cert}

    @router.route("GET", "/certificate/@id/crt")
    def certificate_crt(req):
        cert = get_certificate(req)
        if not cert.get("crt"):
            raise bad_request("Certificate has not been issued yet")
        if req.variant:
            return {"success": True, "data": {"certificate": cert["crt"], "chain": DEMO_CRT}}
        return {"crt": cert["crt"]}

    @router.route("GET", "/certificate/order")
    def certificate_products(req):
        keys = ("id", "name", "description", "periods", "category", "category_url")
        rows = [{k: p[k] for k in keys} for _i, p in sorted(req.db["ssl_products"].items())]
        if req.variant:
            return {"products": {r["id"]: camel(r) for r in rows}}
        return {"products": rows}

    @router.route("GET", "/certificate/order/@product_id/software")
    def certificate_software(req):
        product = req.db["ssl_products"].get(req.int_param("product_id"))
        if product is None:
            raise not_found("certificate product", req.params["product_id"])
        if req.variant:
            return {"software": {str(s["id"]): s["name"] for s in product["software"]}}
        return {"software": [dict(s) for s in product["software"]]}

    @router.route("POST", "/certificate/order")
    def certificate_order(req):
        from .orders import place_order  # the cart owns order numbers and invoices

        item = dict(req.body)
        item["type"] = "certificate"
        return place_order(req, [item], single=True)
