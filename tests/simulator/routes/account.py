"""Auth, account details, contacts and portal notifications.

Routes: /login, /logout, /details, /contact, /contact/privileges, /contact/@id, /notifications,
/notifications/new, /notifications/@id/ack.

Undocumented choices:

- POST /login with wrong credentials answers 401 {"error": ["Invalid credentials"]}.
- PUT /details, POST /contact and PUT /contact/@id validate ``type`` (Private/Company) and
  ``email`` and answer 400 otherwise; unknown fields are refused (400).
- GET /details and the PUT /details answer carry the reference's example keys only: ``type`` and
  ``vateu`` are accepted on write but not returned (the module must cope with that).
- GET /contact/@id returns the example's keys (``type`` and ``privileges`` included, no
  ``vateu``). A contact's ``privileges`` uses the catalogue's structure: lists for billing /
  support / misc, maps ``{"full": 1, "<id>": [...]}`` for services and domains.
- POST /contact needs a unique ``email`` (400 "email already in use"); privileges outside the
  catalogue give 400. ``password`` is stored only as "set" (never returned). PUT /contact/@id
  replaces the privileges when ``privileges`` is sent and accepts ``password``.
- The privileges catalogue lists the account's active services and domains by id.
- Notifications have no example response in the reference. The simulator answers
  ``{"notifications": [{"id": "7", "rel_type": "Service", "rel_id": "1001", "subject": ...,
  "message": ..., "date": "2026-11-20 10:00:00", "new": "1"}]}`` (HostBill-style strings), filtered
  by the ``rel_type`` / ``rel_id`` query parameters; /notifications/new only the rows with
  ``new`` "1". PUT /notifications/@id/ack answers ``{"status": true}`` (also for an already
  acknowledged one), 404 for an unknown id.

Variant shapes (``--variant``; routes without a valid reference example):

- GET /notifications and /notifications/new: ``{"success": true, "data": {"<id>": {...}}}`` (rows
  keyed by id in an envelope), camelCase fields (``relType``, ``relId``, ``dateAdded``), ``title``
  and ``body`` for subject and message, numbers as numbers, and a boolean ``seen`` flag instead of ``new``.
- PUT /notifications/@id/ack: ``{"success": true}``.
- GET /contact/privileges (the reference's example is not JSON: comments):
  ``{"success": true, "data": {"privileges": ...}}`` with the list sections as name -> 1 maps and
  ``full`` as a boolean.
"""

import re

from ..app import ApiError, bad_request, camel, not_found

SAMPLES = {
    "POST /login": "/login",
    "POST /logout": "/logout",
    "GET /details": "/details",
    "PUT /details": "/details",
    "GET /contact": "/contact",
    "POST /contact": {"path": "/contact", "body": {"email": "walker@example.com", "firstname": "Walker",
                                                   "privileges": {"support": ["tickets"]}}},
    "GET /contact/privileges": "/contact/privileges",
    "GET /contact/@id": "/contact/49",
    "PUT /contact/@id": {"path": "/contact/49", "body": {"lastname": "Sue"}},
    "GET /notifications": "/notifications",
    "GET /notifications/new": "/notifications/new",
    "PUT /notifications/@id/ack": "/notifications/7/ack",
}

DETAIL_FIELDS = ("email", "type", "firstname", "lastname", "companyname", "vateu", "address1", "address2",
                 "city", "state", "postcode", "country", "phonenumber")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

BILLING_PRIVILEGES = ["emails", "payinvoice", "orders", "balance", "addfunds", "creditcard"]
SUPPORT_PRIVILEGES = ["newticket", "tickets", "closeticket", "emails"]
MISC_PRIVILEGES = ["editmain", "emails", "editipaccess", "manageprofiles", "affiliates"]
SERVICE_PRIVILEGES = ["basic", "billing", "cancelation", "upgrade", "notify", "logindetails"]
DOMAIN_PRIVILEGES = ["basic", "renew", "notify", "contactinfo", "nameservers"]

CONTACT_LIST_KEYS = ("email", "id", "firstname", "lastname", "companyname", "company", "lastlogin")
CONTACT_KEYS = ("id", "email", "firstname", "lastname", "companyname", "address1", "address2", "city", "state",
                "postcode", "country", "phonenumber", "type")


def client_view(client):
    """GET /details shape: the reference's example keys (no ``type``/``vateu``)."""
    keys = ("id", "email", "lastlogin", "ip", "host", "firstname", "lastname", "companyname", "address1",
            "address2", "city", "state", "postcode", "country", "phonenumber")
    return {k: client.get(k, "") for k in keys}


def validate_profile(body):
    """Shared by PUT /details and the contact routes."""
    if "type" in body and body["type"] not in ("Private", "Company"):
        raise bad_request("type must be Private or Company")
    if "email" in body and not EMAIL_RE.match(str(body["email"])):
        raise bad_request("invalid email address")
    unknown = sorted(set(body) - set(DETAIL_FIELDS) - {"password", "privileges"})
    if unknown:
        raise bad_request("unknown field(s): %s" % ", ".join(unknown))


def seed(db, options):
    db["contacts"] = {
        49: {"id": "49", "email": "mary@example.com", "firstname": "Mary", "lastname": "Sue", "companyname": "",
             "address1": "Pretty View Lane", "address2": "3194", "city": "Santa Rosa", "state": "California",
             "postcode": "95401", "country": "US", "phonenumber": "+1.24123123", "type": "Private", "vateu": "",
             "lastlogin": "0000-00-00 00:00:00", "password_set": False,
             "privileges": {"support": ["tickets", "newticket"]}},
    }
    db["notifications"] = {
        7: {"id": "7", "rel_type": "Service", "rel_id": "1001", "subject": "Scheduled maintenance",
            "message": "Host node maintenance on 2026-12-01 02:00 UTC; expect 10 minutes of downtime.",
            "date": "2026-11-20 10:00:00", "new": "1"},
        8: {"id": "8", "rel_type": "Invoice", "rel_id": "308978", "subject": "Invoice 2026/11/1 issued",
            "message": "A new invoice of 19.65 USD is due on 2026-11-22.", "date": "2026-11-15 00:05:00",
            "new": "1"},
        9: {"id": "9", "rel_type": "Domain", "rel_id": "2001", "subject": "Domain renewed",
            "message": "example.com was renewed until 2027-03-01.", "date": "2026-03-01 00:10:00", "new": "0"},
    }


def catalog(db):
    """GET /contact/privileges for this account: active services and domains by id."""
    services = {"full": 1}
    for sid, svc in sorted(db["services"].items()):
        if svc.get("status") == "Active":
            services[str(sid)] = list(SERVICE_PRIVILEGES)
    domains = {"full": 1}
    for did, dom in sorted(db["domains"].items()):
        if dom.get("status") == "Active":
            domains[str(did)] = list(DOMAIN_PRIVILEGES)
    return {"billing": list(BILLING_PRIVILEGES), "support": list(SUPPORT_PRIVILEGES),
            "misc": list(MISC_PRIVILEGES), "services": services, "domains": domains}


def check_privileges(db, value):
    """400 unless ``value`` fits the catalogue; returns a clean copy."""
    if value in (None, "", []):
        return {}
    if not isinstance(value, dict):
        raise bad_request("privileges must be an object")
    cat = catalog(db)
    out = {}
    for section, items in value.items():
        if section not in cat:
            raise bad_request("unknown privilege section %s" % section)
        allowed = cat[section]
        if isinstance(allowed, dict):
            if not isinstance(items, dict):
                raise bad_request("privileges %s must be an object" % section)
            sub = {}
            for key, privs in items.items():
                key = str(key)
                if key not in allowed:
                    raise bad_request("unknown %s id %s" % (section, key))
                if key == "full":
                    if str(privs) not in ("0", "False", "false", ""):
                        sub["full"] = 1
                    continue
                privs = privs if isinstance(privs, list) else [privs]
                bad = [p for p in privs if p not in allowed[key]]
                if bad:
                    raise bad_request("unknown privilege %s.%s.%s" % (section, key, bad[0]))
                sub[key] = [str(p) for p in privs]
            out[section] = sub
        else:
            items = items if isinstance(items, list) else [items]
            bad = [p for p in items if p not in allowed]
            if bad:
                raise bad_request("unknown privilege %s.%s" % (section, bad[0]))
            out[section] = [str(p) for p in items]
    return out


def get_contact(req):
    contact = req.db["contacts"].get(req.int_param("id"))
    if contact is None:
        raise not_found("contact", req.params["id"])
    return contact


def notification_rows(req, new_only):
    rel_type = req.query.get("rel_type")
    rel_id = req.query.get("rel_id")
    out = []
    for note in sorted(req.db["notifications"].values(), key=lambda n: int(n["id"])):
        if new_only and note["new"] != "1":
            continue
        if rel_type and note["rel_type"].lower() != str(rel_type).lower():
            continue
        if rel_id and note["rel_id"] != str(rel_id):
            continue
        out.append(dict(note))
    if req.variant:
        rows = {}
        for note in out:
            rows[note["id"]] = camel({"id": int(note["id"]), "rel_type": note["rel_type"], "rel_id": int(note["rel_id"]),
                                      "title": note["subject"], "body": note["message"], "date_added": note["date"],
                                      "seen": note["new"] != "1"})
        return {"success": True, "data": rows}
    return {"notifications": out}


def register(router):
    @router.route("POST", "/login")
    def login(req):
        sim = req.sim
        if req.arg("username") == sim.username and req.arg("password") == sim.password:
            return {"token": sim.issue_token()}
        raise ApiError(401, "Invalid credentials")

    @router.route("POST", "/logout")
    def logout(req):
        if req.token:
            req.sim.tokens.pop(req.token, None)
        return {"status": True}

    @router.route("GET", "/details")
    def details(req):
        return {"client": client_view(req.db["client"])}

    @router.route("PUT", "/details")
    def update_details(req):
        validate_profile(req.body)
        for key in DETAIL_FIELDS:
            if key in req.body:
                req.db["client"][key] = "" if req.body[key] is None else str(req.body[key])
        return {"client": client_view(req.db["client"]), "info": ["client_info_updated"]}

    @router.route("GET", "/contact")
    def contacts(req):
        rows = sorted(req.db["contacts"].values(), key=lambda c: int(c["id"]))
        out = []
        for c in rows:
            row = {k: c.get(k, "") for k in CONTACT_LIST_KEYS}
            row["company"] = "1" if c.get("type") == "Company" else "0"
            out.append(row)
        return {"contacts": out}

    @router.route("POST", "/contact")
    def add_contact(req):
        body = req.body
        validate_profile(body)
        email = str(body.get("email") or "")
        if not email:
            raise bad_request("email is required")
        taken = [c for c in req.db["contacts"].values() if c["email"].lower() == email.lower()]
        if taken or email.lower() == req.db["client"]["email"].lower():
            raise bad_request("email already in use")
        privileges = check_privileges(req.db, body.get("privileges"))
        cid = req.sim.next_id("contacts")
        row = {k: "" for k in DETAIL_FIELDS}
        row.update({k: str(body[k]) for k in DETAIL_FIELDS if body.get(k) is not None})
        row.update({"id": str(cid), "type": row["type"] or "Private", "lastlogin": "0000-00-00 00:00:00",
                    "password_set": bool(body.get("password")), "privileges": privileges})
        req.db["contacts"][cid] = row
        return {"contact_id": str(cid), "info": ["profile_added"]}

    @router.route("GET", "/contact/privileges")
    def privileges(req):
        if req.variant:
            cat = catalog(req.db)
            flagged = {k: ({name: 1 for name in v} if isinstance(v, list) else dict(v, full=True))
                       for k, v in cat.items()}
            return {"success": True, "data": {"privileges": flagged}}
        return {"privileges": catalog(req.db)}

    @router.route("GET", "/contact/@id")
    def contact(req):
        c = get_contact(req)
        row = {k: c.get(k, "") for k in CONTACT_KEYS}
        row["privileges"] = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in c["privileges"].items()}
        return {"contact": row}

    @router.route("PUT", "/contact/@id")
    def update_contact(req):
        c = get_contact(req)
        body = req.body
        validate_profile(body)
        if "email" in body:
            email = str(body["email"]).lower()
            if any(o is not c and o["email"].lower() == email for o in req.db["contacts"].values()):
                raise bad_request("email already in use")
        if "privileges" in body:
            c["privileges"] = check_privileges(req.db, body["privileges"])
        for key in DETAIL_FIELDS:
            if key in body:
                c[key] = "" if body[key] is None else str(body[key])
        if body.get("password"):
            c["password_set"] = True
        return {"info": ["profile_updated"]}

    @router.route("GET", "/notifications")
    def notifications(req):
        return notification_rows(req, new_only=False)

    @router.route("GET", "/notifications/new")
    def notifications_new(req):
        return notification_rows(req, new_only=True)

    @router.route("PUT", "/notifications/@id/ack")
    def notification_ack(req):
        note = req.db["notifications"].get(req.int_param("id"))
        if note is None:
            raise not_found("notification", req.params["id"])
        note["new"] = "0"
        return {"success": True} if req.variant else {"status": True}
