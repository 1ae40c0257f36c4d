"""Auth and account details: /login, /logout, /details.

Undocumented choices: POST /login with wrong credentials answers 401 {"error": ["Invalid
credentials"]}; PUT /details validates ``type`` (Private/Company) and ``email`` and answers
400 otherwise.
"""

import re

from ..app import ApiError, bad_request

SAMPLES = {
    "POST /login": "/login",
    "POST /logout": "/logout",
    "GET /details": "/details",
    "PUT /details": "/details",
}

DETAIL_FIELDS = ("email", "type", "firstname", "lastname", "companyname", "vateu", "address1", "address2",
                 "city", "state", "postcode", "country", "phonenumber")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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

