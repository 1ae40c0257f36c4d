"""Services: /service, /service/@id and the per-service routes.

Undocumented shapes chosen here (the reference shows no response):
- GET /service/@id/ip answers {"ips": [{"ip": "203.0.113.10", "type": "ipv4", "main": "1"}, ...]}
  (HostBill lists a service's addresses as rows; ``main`` marks the primary one).
"""

from ..app import not_found

SAMPLES = {
    "GET /service": "/service",
    "GET /service/@id": "/service/1001",
    "GET /service/@id/ip": "/service/1001/ip",
}

LIST_KEYS = ("id", "domain", "total", "status", "billingcycle", "next_due", "category", "category_url", "name")
DETAIL_KEYS = ("id", "date_created", "domain", "firstpayment", "total", "billingcycle", "next_due", "next_invoice",
               "status", "label", "username", "password", "name")


def get_service(req, name="id"):
    """The service row for the path parameter ``name``, or 404."""
    svc = req.db["services"].get(req.int_param(name))
    if svc is None:
        raise not_found("service", req.params[name])
    return svc


def service_ips(svc):
    rows = []
    for n, ip in enumerate(svc.get("ipv4", [])):
        rows.append({"ip": ip, "type": "ipv4", "main": "1" if n == 0 else "0"})
    for ip in svc.get("ipv6", []):
        rows.append({"ip": ip, "type": "ipv6", "main": "0"})
    return rows


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
        return {"ips": service_ips(get_service(req))}
