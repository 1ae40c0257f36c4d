"""Domains: the registrar-side domain routes (details, nameservers, lock, contacts, DNSSEC, lookup, TLDs).

Registrar DNS (/domain/@id/dns*) lives in dns.py; POST /domain/order and POST /domain/@id/renew
live in orders.py. Rows created elsewhere (a new order) may lack the registrar fields below: every
handler reads them through ``registrar()``, which fills in defaults.

The reference shows no request body and/or no response for most routes here. Choices made (the
bodies for reglock, idprotection, autorenew, contact and emforwarding are the ones seen in other
HostBill portals; the rest are ours):

- GET  /domain/@id/ns            -> {"nameservers": ["ns1.xtom.com", ...]}
- PUT  /domain/@id/ns            body {"nameservers": [...]} (a list; a comma/space separated string
                                 is accepted too, as in the reference's curl sample). Empty list or
                                 missing = the registrar's defaults (DEFAULT_NAMESERVERS). 2..13
                                 valid host names, else 400.
- POST /domain/@id/reg           body {"nameserver": "ns1.example.net", "ip": "203.0.113.53"}: registers
                                 (or re-points) a child name server (glue) under the domain; the host
                                 must be the domain or below it. -> {"info": ["success_ns_registered"]}.
                                 There is no route that lists glue records.
- GET  /domain/@id/epp           -> {"epp": "<code>"}
- GET  /domain/@id/sync          pulls the registrar's view of the domain into the portal (rows may
                                 carry a hidden ``_registry`` dict of pending registrar-side values)
                                 -> {"info": ["success_domain_synced"]}
- GET  /domain/@id/reglock       -> {"reglock": "1"}; PUT body {"switch": true|false}
- PUT  /domain/@id/idprotection  body {"switch": true|false} (state is ``idprotection`` in GET /domain/@id)
- GET  /domain/@id/contact       -> {"contact_info": {"registrant": {...}, "admin": {...}, "tech": {...},
                                 "billing": {...}}}; PUT body {"contact_info": <same shape, any subset of
                                 contact types; given types are replaced field by field>} (a JSON
                                 string is accepted too)
- GET  /domain/@id/emforwarding  -> {"emforwarding": [{"from": "info", "to": "joe@example.com"}]};
                                 PUT body {"from": "info", "to": "joe@example.com"} adds or re-points
                                 one forwarder; an empty ``to`` removes it.
- PUT  /domain/@id/forwarding    body {"url": "https://...", "type": "redirect"|"frame"}; an empty url
                                 turns forwarding off. No route reads it back.
- GET  /domain/@id/autorenew     -> {"autorenew": "1"}; PUT body {"autorenew": true|false}
- GET  /domain/@id/dnssec/flags  -> {"flags": {"256": "ZSK (Zone Signing Key)", "257": "KSK (Key Signing Key)"}}
- GET  /domain/@id/dnssec        -> {"keys": [{"id": "1", "flags": "257", "protocol": "3", "alg": "13",
                                 "pubkey": "<base64>"}]}
- PUT  /domain/@id/dnssec        body {"flags": 257, "alg": 13, "pubkey": "<base64>", "protocol": 3}
                                 -> {"info": ["success_dnssec_added"], "key": {...}}; the same key twice
                                 is a 400.
- DELETE /domain/@id/dnssec/@key ``@key`` is the ``id`` of a row of GET dnssec.
- POST /domain/lookup, GET /domain/order, GET /domain/order/@id/form: shapes as the reference.
Every other successful write answers {"info": ["success_changes_save"]}.

Variant shapes (``--variant``; the routes above without a valid reference example, issue 12):
GET /domain/name/@name -> {"success": true, "data": {"domains": {id: camelCase row, ids as numbers}}};
GET ns -> {"ns1": ..., "ns2": ...}; GET reglock -> {"success": true, "data": {"locked": bool}};
GET autorenew -> {"autoRenew": 1|0}; GET contact -> {"contactInfo": {type: {"firstName", ...}}};
GET emforwarding -> {"forwarding": {local part: target}}; GET epp -> {"eppCode": ...};
GET dnssec/flags -> {"flags": [{"value": 256, "name": ...}]}; GET dnssec -> {"success": true, "data":
{"dnssec": {id: {"keyId", "flags", "protocol", "algorithm", "publicKey"} (numbers)}}}; lookup ->
{"success": true, "data": {..., "available": "1"|"0"}}; TLDs and forms in a success envelope, TLDs
keyed by id; writes -> {"success": true, "info": [...]}.
"""

import base64
import binascii
import ipaddress
import json
import re

from ..app import bad_request, camel, not_found

SAMPLES = {
    "GET /domain": "/domain",
    "GET /domain/@id": "/domain/2001",
    "GET /domain/name/@name": "/domain/name/example.org",
    "GET /domain/@id/ns": "/domain/2002/ns",
    "PUT /domain/@id/ns": "/domain/2002/ns",
    "POST /domain/@id/reg": "/domain/2002/reg",
    "GET /domain/@id/epp": "/domain/2002/epp",
    "GET /domain/@id/sync": "/domain/2002/sync",
    "GET /domain/@id/reglock": "/domain/2002/reglock",
    "PUT /domain/@id/reglock": "/domain/2002/reglock",
    "PUT /domain/@id/idprotection": "/domain/2002/idprotection",
    "GET /domain/@id/contact": "/domain/2002/contact",
    "PUT /domain/@id/contact": "/domain/2002/contact",
    "GET /domain/@id/emforwarding": "/domain/2002/emforwarding",
    "PUT /domain/@id/emforwarding": "/domain/2002/emforwarding",
    "PUT /domain/@id/forwarding": "/domain/2002/forwarding",
    "GET /domain/@id/autorenew": "/domain/2002/autorenew",
    "PUT /domain/@id/autorenew": "/domain/2002/autorenew",
    "GET /domain/@id/dnssec/flags": "/domain/2002/dnssec/flags",
    "GET /domain/@id/dnssec": "/domain/2002/dnssec",
    "PUT /domain/@id/dnssec": "/domain/2002/dnssec",
    "DELETE /domain/@id/dnssec/@key": "/domain/2002/dnssec/1",
    "POST /domain/lookup": "/domain/lookup",
    "GET /domain/order": "/domain/order",
    "GET /domain/order/@id/form": "/domain/order/6/form",
}

LIST_KEYS = ("id", "name", "expires", "recurring_amount", "date_created", "status", "period", "autorenew",
             "daytoexpire")
DETAIL_KEYS = ("id", "name", "date_created", "firstpayment", "recurring_amount", "period", "expires", "status",
               "next_due", "next_invoice", "idprotection", "nameservers", "autorenew")

DEFAULT_NAMESERVERS = ["ns1.xtom.com", "ns2.xtom.com"]
SAVED = {"info": ["success_changes_save"]}
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCAL_PART_RE = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$|^\*$", re.I)
CONTACT_TYPES = ("registrant", "admin", "tech", "billing")
CONTACT_FIELDS = ("firstname", "lastname", "companyname", "email", "address1", "address2", "city", "state",
                  "postcode", "country", "phonenumber")
VARIANT_FIELDS = {"firstname": "firstName", "lastname": "lastName", "companyname": "companyName",
                  "phonenumber": "phoneNumber", "postcode": "postCode"}
DNSSEC_FLAGS = {"256": "ZSK (Zone Signing Key)", "257": "KSK (Key Signing Key)"}
DNSSEC_ALGORITHMS = (5, 7, 8, 10, 13, 14, 15, 16)
TAKEN = {"example.com", "example.net", "example.org", "example.io", "xtom.com"}


def _periods(register, transfer, renew, redemption, years=(1, 2)):
    return [{"period": str(y), "register": "%.2f" % (register * y), "transfer": "%.2f" % (transfer * (y > 1)),
             "renew": "%.2f" % (renew * y), "redemption": "%.2f" % redemption} for y in years]


TLDS = [
    {"id": "6", "tld": ".com", "periods": _periods(10, 10, 15, 40)},
    {"id": "7", "tld": ".net", "periods": _periods(12, 12, 16, 40)},
    {"id": "8", "tld": ".org", "periods": _periods(11, 11, 15, 40)},
    {"id": "9", "tld": ".io", "periods": _periods(39, 39, 45, 120, years=(1,))},
    {"id": "12", "tld": ".dev", "periods": _periods(14, 14, 16, 60)},
]


def _form(fid, first_item, ftype, title, name, items, config=None, required=False):
    return {
        "type": ftype, "title": title, "id": str(fid), "firstItemId": first_item, "description": "",
        "name": name, "required": required, "multiple": False, "config": config or {}, "value": [],
        "textvalue": [], "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": None,
        "items": [dict({"title": "", "value": 1, "price": 0, "setup": 0, "selected": False}, **i) for i in items],
    }


def tld_forms(tld_id):
    dns = _form(1424, 9067, "domaindnssupport", "DNS Management", "custom[1424][9067]",
                [{"id": 9067, "price": 4}], config={"enableddefault": 0})
    if tld_id == "9":
        lang = _form(1755, 10952, "select", "Language", "custom[1755]",
                     [{"title": "AFR", "id": 10952}, {"title": "ALB", "id": 10953}, {"title": "ENG", "id": 10954}],
                     config={"conditionals": []})
        return [dns, lang]
    return [dns]


def _contact(first, last, email):
    return {"firstname": first, "lastname": last, "companyname": "", "email": email,
            "address1": "Pretty View Lane", "address2": "3294", "city": "Santa Rosa", "state": "California",
            "postcode": "95401", "country": "US", "phonenumber": "+1.24123123"}


def registrar(dom):
    """The registrar-side fields of a domain row, created with defaults on first use."""
    dom.setdefault("nameservers", list(DEFAULT_NAMESERVERS))
    dom.setdefault("reglock", "1")
    dom.setdefault("idprotection", "0")
    dom.setdefault("autorenew", "1")
    dom.setdefault("epp", "EPP-%s-%s" % (dom["id"], "7fQ2-kLm9"))
    dom.setdefault("contact_info", {t: _contact("Joe", "Doe", "demo@example.com") for t in CONTACT_TYPES})
    dom.setdefault("emforwarding", [])
    dom.setdefault("forwarding", None)
    dom.setdefault("glue", {})
    dom.setdefault("dnssec", [])
    dom.setdefault("_dnssec_next", 1)
    return dom


def seed(db, options):
    """Registrar state of the demo domains, plus a truly ambiguous name (two live example.biz)."""
    for dom in db["domains"].values():
        registrar(dom)
    net = db["domains"][2002]
    net["emforwarding"] = [{"from": "info", "to": "demo@example.com"}]
    net["dnssec"] = [{"id": "1", "flags": "257", "protocol": "3", "alg": "13",
                      "pubkey": "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="}]
    net["_dnssec_next"] = 2
    # What the registry knows and the portal does not yet: GET /domain/@id/sync pulls it in.
    net["_registry"] = {"expires": "2028-06-11", "daytoexpire": "560"}
    for did, regdate, expires in ((2005, "2024-05-05", "2027-05-05"), (2006, "2025-01-10", "2027-01-10")):
        db["domains"][did] = registrar({
            "id": str(did), "name": "example.biz", "expires": expires, "recurring_amount": "18.00",
            "date_created": regdate, "status": "Active", "period": "1", "autorenew": "1", "daytoexpire": "300",
            "reglock": "0", "idprotection": "0", "nameservers": list(DEFAULT_NAMESERVERS),
        })


def saved(req, message="success_changes_save"):
    """The answer of a write: the HostBill one, or in variant mode with a success flag."""
    return {"success": True, "info": [message]} if req.variant else {"info": [message]}


def envelope(req, payload):
    """``payload``, or in variant mode inside a {"success": true, "data": ...} envelope."""
    return {"success": True, "data": payload} if req.variant else payload


def variant_row(row):
    """A domain row as another portal may write it: camelCase keys, numbers for numeric strings."""
    out = camel(row)
    for key in ("id", "period"):
        if str(out.get(key, "")).isdigit():
            out[key] = int(out[key])
    return out


def get_domain(req, name="id"):
    """The domain row for the path parameter ``name``, or 404."""
    dom = req.db["domains"].get(req.int_param(name))
    if dom is None:
        raise not_found("domain", req.params[name])
    return registrar(dom)


def detail_view(dom):
    out = {k: dom.get(k, "") for k in DETAIL_KEYS}
    out["firstpayment"] = dom.get("firstpayment", dom.get("recurring_amount", "0.00"))
    out["next_due"] = dom.get("next_due", dom["expires"])
    out["next_invoice"] = dom.get("next_invoice", dom["expires"])
    out["nameservers"] = list(dom.get("nameservers", []))
    return out


def flag(req, key):
    """A required boolean body field (true/false, 1/0, "on"/"off")."""
    value = req.arg(key)
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value).strip().lower() if value is not None else ""
    if text in ("1", "true", "yes", "on"):
        return "1"
    if text in ("0", "false", "no", "off"):
        return "0"
    raise bad_request("%s must be true or false, got %r" % (key, value))


def hostname(value):
    name = str(value or "").strip().lower().rstrip(".")
    if not HOST_RE.match(name):
        raise bad_request("invalid host name %r" % (value,))
    return name


def parse_nameservers(value):
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        raise bad_request("nameservers must be a list")
    names = [hostname(v) for v in value if v not in (None, "")]
    if len(set(names)) != len(names):
        raise bad_request("nameservers must not repeat a host")
    if names and not 2 <= len(names) <= 13:
        raise bad_request("between 2 and 13 nameservers are required, got %d" % len(names))
    return names


def key_tag(flags, alg, pubkey):
    """RFC 4034 appendix B key tag of a DNSKEY."""
    data = int(flags).to_bytes(2, "big") + bytes([3, int(alg)]) + base64.b64decode(pubkey)
    acc = sum(b << 8 if i % 2 == 0 else b for i, b in enumerate(data))
    return (acc + (acc >> 16 & 0xFFFF)) & 0xFFFF


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
        if req.variant:
            return envelope(req, {"domains": {d["id"]: variant_row(detail_view(registrar(d))) for d in rows}})
        return {"details": [detail_view(registrar(d)) for d in rows]}

    # ------------------------------------------------------------------ nameservers
    @router.route("GET", "/domain/@id/ns")
    def get_ns(req):
        names = list(get_domain(req)["nameservers"])
        if req.variant:
            return {"ns%d" % (n + 1): name for n, name in enumerate(names)}
        return {"nameservers": names}

    @router.route("PUT", "/domain/@id/ns")
    def put_ns(req):
        dom = get_domain(req)
        names = parse_nameservers(req.arg("nameservers"))
        dom["nameservers"] = names or list(DEFAULT_NAMESERVERS)
        return dict(SAVED)

    @router.route("POST", "/domain/@id/reg")
    def register_ns(req):
        dom = get_domain(req)
        host = hostname(req.arg("nameserver"))
        if host != dom["name"] and not host.endswith("." + dom["name"]):
            raise bad_request("child nameserver %s must be under %s" % (host, dom["name"]))
        try:
            ip = str(ipaddress.ip_address(str(req.arg("ip") or "").strip()))
        except ValueError:
            raise bad_request("invalid IP address %r" % (req.arg("ip"),))
        dom["glue"][host] = ip
        return saved(req, "success_ns_registered")

    # ------------------------------------------------------------------ registrar actions
    @router.route("GET", "/domain/@id/epp")
    def epp(req):
        if req.variant:
            return {"eppCode": get_domain(req)["epp"]}
        return {"epp": get_domain(req)["epp"]}

    @router.route("GET", "/domain/@id/sync")
    def sync(req):
        dom = get_domain(req)
        dom.update(dom.pop("_registry", None) or {})
        return saved(req, "success_domain_synced")

    @router.route("GET", "/domain/@id/reglock")
    def get_lock(req):
        if req.variant:
            return envelope(req, {"locked": get_domain(req)["reglock"] == "1"})
        return {"reglock": get_domain(req)["reglock"]}

    @router.route("PUT", "/domain/@id/reglock")
    def put_lock(req):
        dom = get_domain(req)
        dom["reglock"] = flag(req, "switch")
        return saved(req)

    @router.route("PUT", "/domain/@id/idprotection")
    def put_idprotection(req):
        dom = get_domain(req)
        dom["idprotection"] = flag(req, "switch")
        return saved(req)

    @router.route("GET", "/domain/@id/autorenew")
    def get_autorenew(req):
        if req.variant:
            return {"autoRenew": int(get_domain(req)["autorenew"])}
        return {"autorenew": get_domain(req)["autorenew"]}

    @router.route("PUT", "/domain/@id/autorenew")
    def put_autorenew(req):
        dom = get_domain(req)
        dom["autorenew"] = flag(req, "autorenew")
        return saved(req)

    # ------------------------------------------------------------------ contacts and forwarding
    @router.route("GET", "/domain/@id/contact")
    def get_contact(req):
        info = json.loads(json.dumps(get_domain(req)["contact_info"]))
        if req.variant:
            return {"contactInfo": {t: {VARIANT_FIELDS.get(k, k): v for k, v in f.items()} for t, f in info.items()}}
        return {"contact_info": info}

    @router.route("PUT", "/domain/@id/contact")
    def put_contact(req):
        dom = get_domain(req)
        info = req.arg("contact_info")
        if isinstance(info, str):
            try:
                info = json.loads(info)
            except ValueError:
                raise bad_request("contact_info must be an object")
        if not isinstance(info, dict) or not info:
            raise bad_request("contact_info must be an object keyed by contact type")
        updated = json.loads(json.dumps(dom["contact_info"]))
        for ctype, fields in info.items():
            if ctype not in CONTACT_TYPES:
                raise bad_request("unknown contact type %r" % ctype)
            if not isinstance(fields, dict):
                raise bad_request("contact_info.%s must be an object" % ctype)
            unknown = sorted(set(fields) - set(CONTACT_FIELDS))
            if unknown:
                raise bad_request("unknown contact field(s): %s" % ", ".join(unknown))
            if "email" in fields and not EMAIL_RE.match(str(fields["email"])):
                raise bad_request("invalid email address %r" % fields["email"])
            updated[ctype].update({k: "" if v is None else str(v) for k, v in fields.items()})
        dom["contact_info"] = updated
        return saved(req)

    @router.route("GET", "/domain/@id/emforwarding")
    def get_emforwarding(req):
        rows = [dict(f) for f in get_domain(req)["emforwarding"]]
        if req.variant:
            return {"forwarding": {f["from"]: f["to"] for f in rows}}
        return {"emforwarding": rows}

    @router.route("PUT", "/domain/@id/emforwarding")
    def put_emforwarding(req):
        dom = get_domain(req)
        source = str(req.arg("from") or "").strip().lower()
        target = str(req.arg("to") or "").strip()
        if not LOCAL_PART_RE.match(source):
            raise bad_request("from must be the local part of an address (or *), got %r" % req.arg("from"))
        if target and not EMAIL_RE.match(target):
            raise bad_request("to must be an email address, got %r" % target)
        rows = [f for f in dom["emforwarding"] if f["from"] != source]
        if target:
            rows.append({"from": source, "to": target})
        dom["emforwarding"] = rows
        return saved(req)

    @router.route("PUT", "/domain/@id/forwarding")
    def put_forwarding(req):
        dom = get_domain(req)
        url = str(req.arg("url") or "").strip()
        kind = str(req.arg("type") or "redirect").strip().lower()
        if url and not re.match(r"^https?://[^\s/]+", url):
            raise bad_request("url must start with http:// or https://, got %r" % url)
        if kind not in ("redirect", "frame"):
            raise bad_request("type must be redirect or frame, got %r" % kind)
        dom["forwarding"] = {"url": url, "type": kind} if url else None
        return saved(req)

    # ------------------------------------------------------------------ DNSSEC
    @router.route("GET", "/domain/@id/dnssec/flags")
    def dnssec_flags(req):
        get_domain(req)
        if req.variant:
            return {"flags": [{"value": int(k), "name": v} for k, v in sorted(DNSSEC_FLAGS.items())]}
        return {"flags": dict(DNSSEC_FLAGS)}

    @router.route("GET", "/domain/@id/dnssec")
    def dnssec_list(req):
        rows = [dict(k) for k in get_domain(req)["dnssec"]]
        if req.variant:
            return envelope(req, {"dnssec": {k["id"]: {
                "keyId": k["id"], "flags": int(k["flags"]), "protocol": int(k["protocol"]), "algorithm": int(k["alg"]),
                "publicKey": k["pubkey"]} for k in rows}})
        return {"keys": rows}

    @router.route("PUT", "/domain/@id/dnssec")
    def dnssec_add(req):
        dom = get_domain(req)
        flags = str(req.arg("flags") or "").strip()
        if flags not in DNSSEC_FLAGS:
            raise bad_request("flags must be one of %s, got %r" % (", ".join(sorted(DNSSEC_FLAGS)), req.arg("flags")))
        try:
            alg = int(str(req.arg("alg")).strip())
        except ValueError:
            alg = None
        if alg not in DNSSEC_ALGORITHMS:
            raise bad_request("unsupported algorithm %r" % (req.arg("alg"),))
        if str(req.arg("protocol", "3")).strip() != "3":
            raise bad_request("protocol must be 3")
        pubkey = "".join(str(req.arg("pubkey") or "").split())
        try:
            raw = base64.b64decode(pubkey, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) < 16:
            raise bad_request("pubkey must be a base64 DNSKEY public key")
        if any(k["pubkey"] == pubkey and k["flags"] == flags and k["alg"] == str(alg) for k in dom["dnssec"]):
            raise bad_request("this DNSSEC key is already present")
        row = {"id": str(dom["_dnssec_next"]), "flags": flags, "protocol": "3", "alg": str(alg), "pubkey": pubkey}
        dom["_dnssec_next"] += 1
        dom["dnssec"].append(row)
        return dict(saved(req, "success_dnssec_added"), key=dict(row, keytag=str(key_tag(flags, alg, pubkey))))

    @router.route("DELETE", "/domain/@id/dnssec/@key")
    def dnssec_delete(req):
        dom = get_domain(req)
        key = req.params["key"]
        rows = [k for k in dom["dnssec"] if k["id"] != key]
        if len(rows) == len(dom["dnssec"]):
            raise not_found("DNSSEC key", key)
        dom["dnssec"] = rows
        return saved(req, "success_dnssec_removed")

    # ------------------------------------------------------------------ lookup and TLDs
    @router.route("POST", "/domain/lookup")
    def lookup(req):
        name = hostname(req.arg("name"))
        tld = "." + name.split(".", 1)[1] if "." in name else ""
        row = next((t for t in TLDS if t["tld"] == tld), None)
        if row is None or name.count(".") != 1:
            raise bad_request("%s cannot be registered here (TLD %s is not offered)" % (name, tld or "?"))
        owned = any(d["name"] == name for d in req.db["domains"].values())
        available = not owned and name not in TAKEN
        return envelope(req, {
            "available": ("1" if available else "0") if req.variant else available,
            "name": name,
            "premium": len(name.split(".", 1)[0]) <= 3,
            "periods": [dict(p, id=row["id"]) for p in row["periods"]],
        })

    @router.route("GET", "/domain/order")
    def tlds(req):
        tlds = json.loads(json.dumps(TLDS))
        if req.variant:
            return envelope(req, {"tlds": {t["id"]: t for t in tlds}})
        return {"tlds": tlds}

    @router.route("GET", "/domain/order/@id/form")
    def tld_form(req):
        tid = str(req.int_param("id"))
        if not any(t["id"] == tid for t in TLDS):
            raise not_found("TLD", tid)
        return envelope(req, {"forms": tld_forms(tid)})
