"""Stateful xTom client API simulator: routing, auth, request log, fault injection.

Everything here is transport-independent: ``Simulator.handle(method, path, headers, body)``
returns ``(status, headers, body_bytes)``. ``server.py`` puts it behind a real HTTP server.

Area routes live in ``routes/<area>.py``; each module exposes ``register(router)`` and may
expose ``seed(db, options)`` (to add its tables to the demo account) and ``SAMPLES`` (concrete
paths for the route-walking test).
"""

import base64
import copy
import hashlib
import hmac
import importlib
import json
import re
import threading
import time
from urllib.parse import parse_qs, urlsplit

from . import seed as seed_module

ROUTE_MODULES = [
    "account",
    "billing",
    "tickets",
    "domains",
    "certificates",
    "services",
    "orders",
    "dns",
]

SECRET_KEYS = re.compile(r"pass|token|secret|epp|authorization|auth_code", re.I)
JWT_KEY = b"xtom-simulator-signing-key"


class ApiError(Exception):
    """Raise from a handler: becomes ``{"error": [message]}`` with the status."""

    def __init__(self, status, *messages):
        super().__init__(status, messages)
        self.status = status
        self.messages = list(messages) or ["error"]


def not_found(what, ident):
    return ApiError(404, "%s %s not found" % (what, ident))


def bad_request(*messages):
    return ApiError(400, *messages)


class RawResponse:
    """Return from a handler to answer raw bytes (a file download) instead of JSON."""

    def __init__(self, body, content_type="application/octet-stream", headers=None):
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})


class Request:
    def __init__(self, method, path, query, body, params, sim):
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.params = params
        self.sim = sim

    @property
    def db(self):
        return self.sim.db

    def arg(self, name, default=None):
        """A request parameter: from the query string for GET, from the JSON/form body otherwise.

        Strict on purpose: a body field sent in the query string (or a query parameter sent in a
        body) is not seen, as a real portal would not see it.
        """
        if self.method == "GET":
            return self.query.get(name, default)
        if isinstance(self.body, dict) and name in self.body:
            return self.body[name]
        return default

    @property
    def variant(self):
        """True when the simulator answers undocumented routes in their other plausible shapes."""
        return bool(self.sim.variant)

    def int_param(self, name):
        value = self.params[name]
        try:
            return int(value)
        except ValueError:
            raise bad_request("%s must be a number, got %r" % (name, value))


class Router:
    def __init__(self):
        self.routes = []

    def route(self, method, template):
        """Register ``handler(req)`` for ``METHOD /path/@param``; returns the decorator."""

        def deco(func):
            parts = template.strip("/").split("/")
            regex = "^/" + "/".join(
                "(?P<%s>[^/]+)" % p[1:] if p.startswith("@") else re.escape(p) for p in parts
            ) + "$"
            literal = sum(1 for p in parts if not p.startswith("@"))
            self.routes.append((method, re.compile(regex), func, template, literal))
            self.routes.sort(key=lambda r: -r[4])
            return func

        return deco

    def match(self, method, path):
        allowed = False
        for m, regex, func, template, _lit in self.routes:
            found = regex.match(path)
            if found:
                if m == method:
                    return func, found.groupdict(), template
                allowed = True
        return None, None, ("method not allowed" if allowed else None)

    def templates(self):
        return sorted("%s %s" % (r[0], r[3]) for r in self.routes)


def camel(value):
    """A copy with every dict key in camelCase (``pub_key`` -> ``pubKey``): a plausible portal variant."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            head, *rest = str(key).split("_")
            out[head + "".join(p[:1].upper() + p[1:] for p in rest)] = camel(item)
        return out
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


# Fault kinds that answer 200 with the real payload in another shape (``fault(body=...)``):
RESHAPES = {
    # an unknown wrapper key: must be refused, naming the route
    "wrap": lambda payload: {"result_set": payload},
    # a success envelope: must be understood
    "envelope": lambda payload: {"success": True, "data": payload},
    # camelCase keys everywhere
    "camel": camel,
}


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mask_secrets(value):
    """Copy of a request body with secret-looking fields masked (for the request log)."""
    if isinstance(value, dict):
        return {k: ("********" if SECRET_KEYS.search(str(k)) else mask_secrets(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


class Simulator:
    """The whole simulated portal. Thread-safe: one lock around state; latency outside it."""

    def __init__(self, services=0, latency=0.0, token_ttl=3600, username=None, password=None, variant=False):
        self.lock = threading.RLock()
        self.router = Router()
        self.samples = {}
        self._modules = []
        for name in ROUTE_MODULES:
            try:
                mod = importlib.import_module("%s.routes.%s" % (__package__, name))
            except ModuleNotFoundError as exc:
                if exc.name != "%s.routes.%s" % (__package__, name):
                    raise
                continue
            self._modules.append(mod)
            mod.register(self.router)
            self.samples.update(getattr(mod, "SAMPLES", {}))
        self.username = username or seed_module.DEMO_USERNAME
        self.password = password or seed_module.DEMO_PASSWORD
        self.latency = latency
        self.token_ttl = token_ttl
        self.variant = variant
        self.log = []
        self.faults = []
        self.tokens = {}
        self.reset(services=services)

    # ------------------------------------------------------------------ state
    def reset(self, services=0, latency=None):
        with self.lock:
            self.options = {"services": int(services or 0)}
            self.db = seed_module.build(self.options)
            for mod in self._modules:
                if hasattr(mod, "seed"):
                    mod.seed(self.db, self.options)
            self.log = []
            self.faults = []
            self.tokens = {}
            self.issued = []  # every token issued since the reset, logged out or not
            if latency is not None:
                self.latency = float(latency)

    def next_id(self, table):
        """A fresh numeric id for ``table`` (ids are unique per table, returned as int)."""
        counters = self.db.setdefault("_ids", {})
        counters[table] = counters.get(table, 1000 + 100 * len(counters)) + 1
        taken = [k for k in self.db.get(table) or () if isinstance(k, int)]
        if taken and counters[table] <= max(taken):  # never reuse an id of a seeded row
            counters[table] = max(taken) + 1
        return counters[table]

    # ------------------------------------------------------------------ auth
    def issue_token(self):
        now = int(time.time())
        header = {"typ": "JWT", "alg": "HS256"}
        claims = {"iss": "xtom-simulator", "sub": self.username, "iat": now, "exp": now + int(self.token_ttl)}
        signing = _b64url(json.dumps(header).encode()) + "." + _b64url(json.dumps(claims).encode())
        sig = _b64url(hmac.new(JWT_KEY, signing.encode(), hashlib.sha256).digest())
        token = signing + "." + sig
        self.tokens[token] = claims["exp"]
        self.issued.append(token)
        return token

    def expire_tokens(self):
        for token in self.tokens:
            self.tokens[token] = 0

    def authenticate(self, headers):
        """Return the auth kind used ('basic' / 'bearer'), or raise ApiError(401)."""
        value = headers.get("authorization") or ""
        if value.lower().startswith("basic "):
            try:
                user, _sep, pwd = base64.b64decode(value[6:].strip()).decode("utf-8").partition(":")
            except Exception:
                raise ApiError(401, "Invalid credentials")
            if hmac.compare_digest(user, self.username) and hmac.compare_digest(pwd, self.password):
                return "basic"
            raise ApiError(401, "Invalid credentials")
        if value.lower().startswith("bearer "):
            token = value[7:].strip()
            exp = self.tokens.get(token)
            if exp is None:
                raise ApiError(401, "Invalid token")
            if exp <= time.time():
                raise ApiError(401, "Expired token")
            return "bearer"
        raise ApiError(401, "Authentication required")

    # ------------------------------------------------------------------ HTTP entry
    def handle(self, method, raw_path, headers, body):
        headers = {k.lower(): v for k, v in headers.items()}
        split = urlsplit(raw_path)
        path = split.path
        if path.startswith("/_sim"):
            return self._admin(method, path, parse_qs(split.query), body)
        if path == "/api" or path.startswith("/api/"):
            return self._api(method, path[4:] or "/", split.query, headers, body)
        return self._respond(404, {"error": ["not found: the API lives under /api"]})

    def _api(self, method, path, query_string, headers, raw_body):
        query = {k: v[-1] for k, v in parse_qs(query_string).items()}
        body = self._parse_body(headers, raw_body)
        entry = {
            "seq": None,
            "time": time.time(),
            "method": method,
            "path": path,
            "query": query,
            "body": mask_secrets(body) if body is not None else None,
        }
        fault = self._take_fault(method, path)
        delay = self.latency + (fault.get("delay", 0) if fault else 0)
        if delay:
            time.sleep(delay)
        with self.lock:
            entry["seq"] = len(self.log) + 1
            self.log.append(entry)
            if fault and fault.get("body") == "status_false":
                # 200 {"status": false}: the portal refused and changed nothing.
                entry["status"], entry["fault"] = 200, True
                return self._respond(200, {"status": False, "error": [], "info": ["the request was not carried out"]})
            if fault and not fault.get("after") and fault.get("body") not in RESHAPES:
                return self._fault_response(fault, entry)
            status, payload = self._dispatch(method, path, query, headers, body, entry)
            if fault and fault.get("body") in RESHAPES and status == 200 and not isinstance(payload, RawResponse):
                entry["status"], entry["fault"] = 200, True
                return self._respond(200, RESHAPES[fault["body"]](payload))
            if fault and fault.get("after"):
                return self._fault_response(fault, entry)
            entry["status"] = status
            if isinstance(payload, RawResponse):
                raw_headers = {"Content-Type": payload.content_type}
                raw_headers.update(payload.headers)
                return status, raw_headers, payload.body
            return self._respond(status, payload)

    def _dispatch(self, method, path, query, headers, body, entry):
        try:
            func, params, template = self.router.match(method, path)
            entry["route"] = template
            if func is None:
                if template == "method not allowed":
                    raise ApiError(405, "method %s not allowed on %s" % (method, path))
                raise ApiError(404, "no such route: %s %s" % (method, path))
            if path != "/login":
                entry["auth"] = self.authenticate(headers)
            if body is not None and not isinstance(body, dict):
                raise bad_request("the request body must be a JSON object")
            req = Request(method, path, query, body or {}, params, self)
            auth = headers.get("authorization") or ""
            req.token = auth[7:].strip() if entry.get("auth") == "bearer" else None
            for mod in self._modules:  # area hooks, e.g. simulated provisioning (orders.py)
                if hasattr(mod, "before_request"):
                    mod.before_request(req, template)
            payload = func(req)
            return 200, payload
        except ApiError as exc:
            return exc.status, {"error": exc.messages}

    @staticmethod
    def _parse_body(headers, raw):
        if not raw:
            return None
        ctype = headers.get("content-type", "")
        text = raw.decode("utf-8", "replace")
        if "application/x-www-form-urlencoded" in ctype:
            return {k: v[-1] for k, v in parse_qs(text).items()}
        try:
            return json.loads(text)
        except ValueError:
            return "<invalid json>"

    # ------------------------------------------------------------------ faults
    def _take_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault["count"] <= 0:
                    continue
                if fault.get("method") and fault["method"].upper() != method:
                    continue
                if fault.get("path") and not re.search(fault["path"], path):
                    continue
                fault["count"] -= 1
                return dict(fault)
        return None

    def _fault_response(self, fault, entry):
        status = int(fault.get("status", 503))
        entry["status"] = status
        entry["fault"] = True
        headers = {}
        if fault.get("retry_after") is not None:
            headers["Retry-After"] = str(fault["retry_after"])
        kind = fault.get("body", "json")
        if kind == "html":
            body = b"<html><head><title>%d</title></head><body><h1>Bad Gateway</h1>nginx</body></html>" % status
            headers["Content-Type"] = "text/html"
            return status, headers, body
        if kind == "malformed":
            headers["Content-Type"] = "application/json"
            return status, headers, b'{"services": [ {"id": "1"'
        return self._respond(status, {"error": [fault.get("message", "injected fault %d" % status)]}, headers)

    # ------------------------------------------------------------------ admin
    def _admin(self, method, path, query, raw_body):
        try:
            body = json.loads(raw_body.decode("utf-8")) if raw_body else {}
        except ValueError:
            return self._respond(400, {"error": ["admin body must be JSON"]})
        with self.lock:
            if path == "/_sim/log" and method == "GET":
                since = int(query.get("since", ["0"])[-1])
                entries = [dict(e) for e in self.log[since:]]
                counts = {}
                for e in entries:
                    counts[e["method"]] = counts.get(e["method"], 0) + 1
                writes = sum(v for k, v in counts.items() if k != "GET")
                return self._respond(200, {"total": len(self.log), "entries": entries, "counts": counts,
                                           "requests": len(entries), "writes": writes})
            if path == "/_sim/log" and method == "DELETE":
                self.log = []
                return self._respond(200, {"total": 0})
            if path == "/_sim/reset" and method == "POST":
                self.reset(services=body.get("services", 0), latency=body.get("latency", 0.0))
                return self._respond(200, {"reset": True, "services": len(self.db["services"])})
            if path == "/_sim/faults" and method == "POST":
                fault = {"status": 503, "count": 1}
                fault.update(body)
                self.faults.append(fault)
                return self._respond(200, {"faults": self.faults})
            if path == "/_sim/faults" and method == "DELETE":
                self.faults = []
                return self._respond(200, {"faults": []})
            if path == "/_sim/config" and method == "POST":
                if "latency" in body:
                    self.latency = float(body["latency"])
                if "token_ttl" in body:
                    self.token_ttl = int(body["token_ttl"])
                if "variant" in body:
                    self.variant = bool(body["variant"])
                return self._respond(200, {"latency": self.latency, "token_ttl": self.token_ttl,
                                           "variant": self.variant})
            if path == "/_sim/expire-tokens" and method == "POST":
                self.expire_tokens()
                return self._respond(200, {"expired": len(self.tokens)})
            if path == "/_sim/state" and method == "GET":
                state = {k: v for k, v in self.db.items() if not k.startswith("_")}
                return self._respond(200, copy.deepcopy(state))
            if path == "/_sim/routes" and method == "GET":
                return self._respond(200, {"routes": self.router.templates(), "samples": self.samples})
        return self._respond(404, {"error": ["unknown admin endpoint %s %s" % (method, path)]})

    @staticmethod
    def _respond(status, payload, headers=None):
        out = {"Content-Type": "application/json"}
        out.update(headers or {})
        return status, out, json.dumps(payload).encode("utf-8")
