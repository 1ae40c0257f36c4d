"""Domains: list, details, details by name (the registrar-side domain routes).

Registrar DNS (/domain/@id/dns*) lives in dns.py. Undocumented choices are listed at the
route that makes them.
"""

from ..app import not_found

SAMPLES = {
    "GET /domain": "/domain",
    "GET /domain/@id": "/domain/2001",
    "GET /domain/name/@name": "/domain/name/example.org",
}

LIST_KEYS = ("id", "name", "expires", "recurring_amount", "date_created", "status", "period", "autorenew",
             "daytoexpire")
DETAIL_KEYS = ("id", "name", "date_created", "firstpayment", "recurring_amount", "period", "expires", "status",
               "next_due", "next_invoice", "idprotection", "nameservers", "autorenew")


def get_domain(req, name="id"):
    """The domain row for the path parameter ``name``, or 404."""
    dom = req.db["domains"].get(req.int_param(name))
    if dom is None:
        raise not_found("domain", req.params[name])
    return dom


def detail_view(dom):
    out = {k: dom.get(k, "") for k in DETAIL_KEYS}
    out["firstpayment"] = dom.get("firstpayment", dom.get("recurring_amount", "0.00"))
    out["next_due"] = dom.get("next_due", dom["expires"])
    out["next_invoice"] = dom.get("next_invoice", dom["expires"])
    out["nameservers"] = list(dom.get("nameservers", []))
    return out


def register(router):
    @router.route("GET", "/domain")
    def domains(req):
        rows = sorted(req.db["domains"].values(), key=lambda d: int(d["id"]))
        return {"domains": [{k: d.get(k, "") for k in LIST_KEYS} for d in rows]}

    @router.route("GET", "/domain/@id")
    def domain(req):
        return {"details": detail_view(get_domain(req))}

    @router.route("GET", "/domain/name/@name")
    def domain_by_name(req):
        name = req.params["name"].lower().rstrip(".")
        rows = [d for d in sorted(req.db["domains"].values(), key=lambda d: int(d["id"])) if d["name"] == name]
        if not rows:
            raise not_found("domain", req.params["name"])
        return {"details": [detail_view(d) for d in rows]}
