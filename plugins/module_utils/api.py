# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one place in the collection that speaks HTTP to an xTom (HostBill) client API.

It knows nothing of resources: it sends a method and a path, authenticates, retries what is
safe to retry, and turns every failure into an ``XtomApiError`` a person can act on.
"""

import base64
import json
import random
import re
import threading
import time

try:
    import requests
    from requests.adapters import HTTPAdapter

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the import sanity test
    requests = None
    HTTPAdapter = object
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from urllib.parse import quote, unquote

DEFAULT_API_URL = "https://console.xtom.com/api"
DEFAULT_TIMEOUT = 30
USER_AGENT = "xtom.console-ansible-collection/0.1.0"

# Bounds of the retry options (``retries``, ``retry_timeout``).
DEFAULT_RETRIES = 4
DEFAULT_RETRY_TIMEOUT = 60.0
MAX_RETRIES = 10
MAX_RETRY_TIMEOUT = 600.0

# Statuses after which the server has certainly not acted on the request.
NOT_APPLIED_STATUSES = frozenset([429])
# Statuses worth another try for requests that are safe to repeat.
RETRY_STATUSES = frozenset([429, 502, 503, 504])
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "PUT", "DELETE"])


class XtomApiError(Exception):
    """A request failed. ``status`` is None when no HTTP answer came back.

    ``uncertain`` is true when the request may have been applied by the server (a POST that
    timed out or got a gateway error): callers must check before they send it again.
    """

    def __init__(self, status, method, path, messages, uncertain=False):
        self.status = status
        self.method = method
        self.path = path
        if isinstance(messages, (list, tuple)):
            messages = [str(m) for m in messages if m not in (None, "")]
        else:
            messages = [str(messages)] if messages not in (None, "") else []
        self.messages = messages
        self.uncertain = uncertain
        super(XtomApiError, self).__init__(self.__str__())

    def __str__(self):
        where = "%s %s" % (self.method, self.path)
        status = "HTTP %s" % self.status if self.status is not None else "no response"
        text = "; ".join(self.messages) or "no error message"
        msg = "%s failed (%s): %s" % (where, status, text)
        if self.uncertain:
            msg += (
                ". The server may have carried out this request: it was not sent again. "
                "Check the current state (for example with the matching _info module) before running it again."
            )
        return msg

    def to_dict(self):
        return {
            "status": self.status,
            "method": self.method,
            "path": self.path,
            "messages": list(self.messages),
            "uncertain": self.uncertain,
        }


class XtomAnswerError(XtomApiError):
    """A 2xx answer whose shape this collection does not understand.

    Never read as empty, none or false: the caller stops before any write. ``shape`` lists the keys
    and value types found (never values: they may be secrets); ``expected`` says what was looked for.
    The client fills ``method`` and ``path`` when the parser was passed to a request (``parse=``).
    """

    def __init__(self, body, expected, method=None, path=None, status=200):
        self.shape = shape_of(body)
        self.expected = expected
        super(XtomAnswerError, self).__init__(status, method, path, [])

    def __str__(self):
        where = "%s %s" % (self.method, self.path) if self.method else "the API"
        msg = "%s: unexpected answer (%s): expected %s. The portal answers in a shape this collection does not " \
              "know: nothing is written on the strength of it; please report this shape (values are not shown)" % (
                  where, self.shape, self.expected)
        return msg + "".join("; %s" % m for m in self.messages)

    def to_dict(self):
        out = super(XtomAnswerError, self).to_dict()
        out.update({"shape": self.shape, "expected": self.expected})
        return out


_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,40}$")


def shape_of(body, depth=0):
    """The keys and value types of an answer, values redacted: ``keys: success (bool), dnssec (list[3])``.

    Keys that are not names (ids, IP addresses, host names, e-mail addresses: data, not field names)
    are counted, never shown.
    """
    if isinstance(body, dict):
        if depth > 0:
            return "dict"
        if not body:
            return "empty object"
        named = sorted((str(k), v) for k, v in body.items() if _NAME_RE.match(str(k)))
        parts = ["%s (%s)" % (k, shape_of(v, 1)) for k, v in named[:20]]
        other = len(body) - len(named)
        if other:
            kinds = sorted(set(shape_of(v, 1) for k, v in body.items() if not _NAME_RE.match(str(k))))
            parts.append("%d keys that are data, not names (%s)" % (other, ", ".join(kinds)))
        return "keys: " + ", ".join(parts)
    if isinstance(body, list):
        if depth > 0:
            return "list[%d]" % len(body)
        kinds = sorted(set(shape_of(v, 1) for v in body))
        return "a list of %d (%s)" % (len(body), ", ".join(kinds) or "empty")
    if body is None:
        return "null"
    if isinstance(body, bool):
        return "bool"
    if isinstance(body, (int, float)):
        return "number"
    return "string" if depth else "a string"


class XtomAuthError(XtomApiError):
    """401/403: the credentials were refused."""

    def __str__(self):
        text = "; ".join(self.messages)
        msg = "authentication failed: check api_username/api_password or api_token (%s %s returned HTTP %s" % (
            self.method,
            self.path,
            self.status,
        )
        return msg + (": %s)" % text if text else ")")


class XtomConfigError(Exception):
    """The client was configured wrongly (missing credentials, bad URL)."""


class XtomValidationError(Exception):
    """Bad input found before any request was sent; the message names the option and value."""


def _failure_flag(body):
    """A 2xx answer that says it failed: ``{"status": false}`` or ``{"success": false}`` (booleans only)."""
    if not isinstance(body, dict):
        return None
    for key in ("success", "status"):
        if body.get(key) is False:
            messages = _error_messages(body) or []
            for extra in ("message", "msg", "info"):
                value = body.get(extra)
                if isinstance(value, (list, tuple)):
                    messages.extend(str(v) for v in value if v not in (None, ""))
                elif value not in (None, "", False):
                    messages.append(str(value))
            return ["the answer says it failed (%s: false)" % key] + messages
    return None


def _excerpt(text, limit=200):
    text = " ".join((text or "").split())
    return text[:limit] + ("..." if len(text) > limit else "")


def _error_messages(body):
    """HostBill errors look like {"error": ["message", ...]}; accept a string or a dict too."""
    err = body.get("error") if isinstance(body, dict) else None
    if err in (None, False, "", [], {}):
        return None
    if isinstance(err, dict):
        return ["%s: %s" % (k, v) for k, v in err.items()]
    if isinstance(err, (list, tuple)):
        return [str(e) for e in err]
    return [str(err)]


def _root_cause(exc):
    """The innermost readable reason of a requests/urllib3 exception, without the wrappers' noise."""
    seen = set()
    cur = exc
    best = str(exc)
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        text = str(cur)
        if text:
            best = text
        nxt = getattr(cur, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = next((a for a in getattr(cur, "args", ()) if isinstance(a, BaseException)), None)
        cur = nxt or cur.__cause__
    best = re.sub(r"^<[^>]+>: ", "", best)
    best = re.sub(r"HTTP(S)?ConnectionPool\([^)]*\): ", "", best)
    return _excerpt(best, 300)


def jwt_expiry(token):
    """Return the ``exp`` claim of a JWT (seconds since the epoch), or None when unreadable."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")).decode("utf-8"))
        exp = claims.get("exp")
        return float(exp) if exp is not None else None
    except Exception:  # pylint: disable=broad-except
        return None


def _never_reached_server(exc):
    """True when a requests exception means the request was never delivered (connect failed)."""
    if requests is None:
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    seen = set()
    todo = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        name = type(cur).__name__
        if name in ("NewConnectionError", "ConnectionRefusedError", "NameResolutionError", "ConnectTimeoutError"):
            return True
        if isinstance(cur, ConnectionRefusedError):
            return True
        todo.extend([getattr(cur, "reason", None), cur.__cause__, cur.__context__])
        todo.extend(a for a in getattr(cur, "args", ()) if isinstance(a, BaseException))
    return False


class XtomClient(object):
    """HTTP client for a HostBill client API such as https://console.xtom.com/api.

    Authentication, one of:

    * ``api_token``: a JWT sent as ``Authorization: Bearer``;
    * ``username`` + ``password`` with ``auth_mode='basic'`` (default): HTTP Basic on every request,
      no login round trip;
    * ``username`` + ``password`` with ``auth_mode='jwt'``: ``POST /login`` once, the token reused
      until shortly before its ``exp``, and one new login after a 401.
    """

    def __init__(
        self,
        api_url=DEFAULT_API_URL,
        api_token=None,
        username=None,
        password=None,
        auth_mode="basic",
        validate_certs=True,
        timeout=DEFAULT_TIMEOUT,
        retries=DEFAULT_RETRIES,
        retry_timeout=DEFAULT_RETRY_TIMEOUT,
        backoff_base=0.5,
        retry_after_cap=30.0,
        pool_size=16,
        sleep=time.sleep,
        read_only=False,
    ):
        if not HAS_REQUESTS:
            raise XtomConfigError("the Python library 'requests' is required")
        if not api_url:
            raise XtomConfigError("api_url is empty")
        if not api_url.startswith(("http://", "https://")):
            raise XtomConfigError("api_url=%r: must start with http:// or https://" % api_url)
        if "?" in api_url or "#" in api_url:
            raise XtomConfigError("api_url=%r: must not contain a query (?) or a fragment (#)" % api_url)
        if retries is None or not 0 <= int(retries) <= MAX_RETRIES:
            raise XtomConfigError("retries=%s: must be from 0 to %d" % (retries, MAX_RETRIES))
        if retry_timeout is None or not 0 <= float(retry_timeout) <= MAX_RETRY_TIMEOUT:
            raise XtomConfigError("retry_timeout=%s: must be from 0 to %d seconds" % (retry_timeout, MAX_RETRY_TIMEOUT))
        if auth_mode not in ("basic", "jwt"):
            raise XtomConfigError("auth_mode must be 'basic' or 'jwt', got %r" % auth_mode)
        if not api_token and not (username and password):
            raise XtomConfigError(
                "no credentials: set api_token, or api_username and api_password "
                "(or the XTOM_API_TOKEN, XTOM_API_USERNAME and XTOM_API_PASSWORD environment variables)"
            )
        self.api_url = api_url.rstrip("/")
        # A token read from a file or a vault block scalar often ends in a newline: never part of a JWT.
        self.api_token = api_token.strip() if isinstance(api_token, str) else api_token
        self.username = username
        self.password = password
        self.auth_mode = auth_mode
        self.timeout = timeout
        self.max_attempts = int(retries) + 1
        self.max_retry_seconds = float(retry_timeout)
        self.backoff_base = float(backoff_base)
        self.retry_after_cap = float(retry_after_cap)
        self._sleep = sleep
        self.read_only = read_only
        self._jwt = None
        self._jwt_exp = None
        self._jwt_accepted = False
        self.counts = {}
        self._count_lock = threading.Lock()  # the inventory sends requests from several threads
        self.session = requests.Session()
        self.session.verify = validate_certs
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    # ------------------------------------------------------------------ accounting
    @property
    def request_count(self):
        return sum(self.counts.values())

    def _count(self, method):
        with self._count_lock:
            self.counts[method] = self.counts.get(method, 0) + 1

    # ------------------------------------------------------------------ auth
    def _auth_kwargs(self):
        if self.api_token:
            return {"headers": {"Authorization": "Bearer %s" % self.api_token}}
        if self.auth_mode == "basic":
            # UTF-8, as the jwt login's JSON body (requests would encode text as Latin-1, or fail on "€")
            return {"auth": (self.username.encode("utf-8"), self.password.encode("utf-8"))}
        if self._jwt is None or (self._jwt_exp is not None and self._jwt_exp - 30 <= time.time()):
            self.login()
        return {"headers": {"Authorization": "Bearer %s" % self._jwt}}

    def login(self):
        """POST /login with the username and password; keep the token for later requests.

        A login changes nothing on the portal, so it is retried like a read (gateway errors, timeouts).
        """
        body = self._send("POST", "/login", json_body={"username": self.username, "password": self.password}, auth={},
                          repeatable=True)
        token = body.get("token") if isinstance(body, dict) else None
        if not token or not isinstance(token, str):
            raise XtomAnswerError(body, '"token" (a JSON Web Token)', "POST", "/login")
        self._jwt = token
        self._jwt_exp = jwt_expiry(token)
        self._jwt_accepted = False
        return token

    @property
    def logged_in(self):
        """True while this client holds a token it obtained itself with ``login``."""
        return self._jwt is not None

    def logout(self):
        """``POST /logout`` for the JWT obtained by ``login``; a token the user passed in is never logged out."""
        if self._jwt is None:
            return None
        try:
            return self.request("POST", "/logout")
        finally:
            self._jwt = None
            self._jwt_exp = None

    # ------------------------------------------------------------------ requests
    @staticmethod
    def path(template, *parts):
        """Build a path, quoting each variable part: ``path('/domain/name/%s', name)``.

        A part that is empty, ``.`` or ``..`` (which would address another route) is refused.
        """
        quoted = []
        for part in parts:
            text = str(part)
            if text.strip() in ("", ".", ".."):
                raise XtomValidationError("%r cannot be used in a request path (%s)" % (text, template % (("...",) * len(parts))))
            quoted.append(quote(text, safe=""))
        return template % tuple(quoted)

    def get(self, path, params=None, parse=None):
        return self.request("GET", path, params=params, parse=parse)

    def post(self, path, data=None, params=None, parse=None):
        return self.request("POST", path, json_body=data, params=params, parse=parse)

    def put(self, path, data=None, params=None, retry=True, parse=None):
        return self.request("PUT", path, json_body=data, params=params, retry=retry, parse=parse)

    def delete(self, path, data=None, params=None, retry=True, parse=None):
        return self.request("DELETE", path, json_body=data, params=params, retry=retry, parse=parse)

    def download(self, path, params=None):
        """GET a file: ``{"content": bytes, "content_type": str, "filename": str or None}``.

        Errors (non-2xx, or a JSON answer carrying ``error``) raise as for ``get``; a JSON answer
        without an error is returned as its bytes, for the caller to unwrap.
        """
        response = self.request("GET", path, params=params, raw=True)
        disposition = response.headers.get("Content-Disposition") or ""
        match = re.search(r"filename\*?=(?:[\w-]+'[\w-]*')?\"?([^\";]+)\"?", disposition)
        return {
            "content": response.content,
            "content_type": response.headers.get("Content-Type") or "",
            "filename": unquote(match.group(1)).strip() if match else None,
        }

    def request(self, method, path, json_body=None, params=None, raw=False, retry=True, parse=None):
        """Send one API request and return its decoded JSON body (a dict, or a list).

        With ``raw=True`` a successful answer is returned as the ``requests`` response (downloads).
        ``retry=False`` treats the request like a POST: for a route that is not idempotent although
        its method is (a DELETE addressed by position, a PUT that adds), it is sent again only when
        the server certainly did not act (429, connection refused); otherwise the error is ``uncertain``.
        ``parse`` turns the body into what the caller needs; an ``XtomAnswerError`` it raises is
        given this request's method and path, so the message names the route.
        """
        method = method.upper()
        try:
            body = self._send(method, path, json_body=json_body, params=params, auth=None, raw=raw, retry=retry)
        except XtomAuthError as exc:
            # An expired or revoked JWT: log in once more, then try the request once more. Not when the
            # token was never accepted (a refused login must not be repeated: lock-outs come faster).
            if self.auth_mode == "jwt" and not self.api_token and exc.status == 401 and path != "/login" \
                    and self._jwt_accepted:
                self._jwt = None
                body = self._send(method, path, json_body=json_body, params=params, auth=None, raw=raw, retry=retry)
            else:
                raise
        if self._jwt is not None:
            self._jwt_accepted = True
        if parse is None:
            return body
        try:
            return parse(body)
        except XtomAnswerError as exc:
            exc.method, exc.path = method, path
            raise

    def _send(self, method, path, json_body=None, params=None, auth=None, raw=False, retry=True, repeatable=None):
        try:
            return self._send_once_or_retry(method, path, json_body, params, auth, raw=raw, retry=retry,
                                            repeatable=repeatable)
        except XtomApiError as exc:
            exc.messages = [self.scrub(m) for m in exc.messages]
            raise

    def scrub(self, text):
        """Remove every credential this client knows of from a text (also as the Basic header carries them)."""
        secrets = [self.password, self.api_token, self._jwt]
        if self.username and self.password:
            pair = ("%s:%s" % (self.username, self.password)).encode("utf-8")
            secrets.append(base64.b64encode(pair).decode("ascii"))
            secrets.append(base64.urlsafe_b64encode(pair).decode("ascii"))
        for secret in secrets:
            if secret and len(str(secret)) >= 3:
                secret = str(secret)
                # also as a repr() shows it inside an exception's text ('Bearer tok\\n')
                for form in (secret, secret.encode("unicode_escape").decode("ascii"), repr(secret)[1:-1]):
                    text = text.replace(form, "********")
        return text

    def _send_once_or_retry(self, method, path, json_body, params, auth, raw=False, retry=True, repeatable=None):
        if self.read_only and method != "GET" and path not in ("/login", "/logout"):
            raise XtomConfigError("%s %s refused: this client only reads" % (method, path))
        url = self.api_url + path
        if repeatable is None:
            repeatable = retry and method in IDEMPOTENT_METHODS
        started = time.time()
        attempt = 0
        while True:
            attempt += 1
            kwargs = self._auth_kwargs() if auth is None else dict(auth)
            if json_body is not None:
                kwargs["json"] = json_body
            if params:
                kwargs["params"] = params
            self._count(method)
            response = None
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.exceptions.RequestException as exc:
                local = isinstance(exc, (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL,
                                         requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema))
                safe = repeatable or local or _never_reached_server(exc)
                reason = self._describe_exception(exc, url)
                if safe and not local and self._may_retry(attempt, started, None):
                    self._sleep(self._backoff(attempt, None))
                    continue
                raise XtomApiError(None, method, path, [reason] + self._attempts_note(attempt, started),
                                   uncertain=not safe)

            status = response.status_code
            if status in RETRY_STATUSES:
                safe = repeatable or status in NOT_APPLIED_STATUSES
                retry_after = self._retry_after(response)
                if safe and self._may_retry(attempt, started, retry_after):
                    self._sleep(self._backoff(attempt, retry_after))
                    continue
                try:
                    self._check(response, method, path)
                except XtomApiError as exc:
                    exc.uncertain = not safe
                    exc.messages.extend(self._attempts_note(attempt, started))
                    raise
            if raw and 200 <= response.status_code < 300 and "json" not in response.headers.get("Content-Type", ""):
                return response
            try:
                body = self._check(response, method, path)
            except XtomApiError as exc:
                # A server error, or a 2xx answer that cannot be read (an HTML page), after a request that is
                # not safe to repeat: it may have been carried out.
                if not repeatable and exc.status is not None and (exc.status >= 500 or getattr(exc, "unreadable", False)):
                    exc.uncertain = True
                raise
            return response if raw else body

    @staticmethod
    def _attempts_note(attempt, started):
        if attempt <= 1:
            return []
        retries = attempt - 1
        return ["retried %s over %.1f s" % ("once" if retries == 1 else "%d times" % retries, time.time() - started)]

    def _check(self, response, method, path):
        status = response.status_code
        body = self._decode(response, method, path, strict=200 <= status < 300)
        messages = _error_messages(body) if isinstance(body, dict) else None
        if status in (401, 403):
            raise XtomAuthError(status, method, path, messages or [response.reason or ""])
        if not 200 <= status < 300:
            if messages is None:
                messages = [response.reason or "error"]
                if not isinstance(body, (dict, list)):
                    messages.append("body: %s" % _excerpt(response.text))
            raise XtomApiError(status, method, path, messages)
        if messages:
            raise XtomApiError(status, method, path, messages)
        failed = _failure_flag(body)
        if failed:
            raise XtomApiError(status, method, path, failed)
        return body

    @staticmethod
    def _decode(response, method, path, strict):
        text = response.text
        if not text.strip():
            return {}
        try:
            return json.loads(text)
        except ValueError:
            if strict:
                exc = XtomApiError(
                    response.status_code,
                    method,
                    path,
                    ["the answer is not JSON (%s): %s" % (response.headers.get("Content-Type", "no content type"), _excerpt(text))],
                )
                exc.unreadable = True
                raise exc
            return None

    @staticmethod
    def _describe_exception(exc, url):
        cause = _root_cause(exc)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "%s: timed out while connecting (%s)" % (url, cause)
        if isinstance(exc, requests.exceptions.Timeout):
            return "%s: timed out waiting for the answer (%s)" % (url, cause)
        if isinstance(exc, requests.exceptions.SSLError):
            if "WRONG_VERSION_NUMBER" in str(exc).upper().replace(" ", "_") or "record layer failure" in str(exc):
                return ("%s: the server does not speak TLS on this port (it answers plain HTTP): use http:// in "
                        "api_url, or the portal's HTTPS port; validate_certs does not change this (%s)" % (url, cause))
            return ("%s: TLS error: %s. If the portal uses a certificate your system does not trust, install its CA; "
                    "set validate_certs=false only for a portal you trust" % (url, cause))
        if isinstance(exc, requests.exceptions.ConnectionError):
            return "%s: could not connect: %s" % (url, cause)
        return "%s: %s: %s" % (url, type(exc).__name__, cause)

    def _retry_after(self, response):
        value = response.headers.get("Retry-After")
        if not value:
            return None
        try:
            return max(0.0, min(float(value), self.retry_after_cap))
        except ValueError:
            return None

    def _may_retry(self, attempt, started, retry_after):
        if attempt >= self.max_attempts:
            return False
        wait = retry_after if retry_after is not None else self._backoff(attempt, None, jitter=False)
        return time.time() - started + wait <= self.max_retry_seconds

    def _backoff(self, attempt, retry_after, jitter=True):
        if retry_after is not None:
            return retry_after
        delay = self.backoff_base * (2 ** (attempt - 1))
        if jitter:
            delay = delay / 2 + random.uniform(0, delay / 2)
        return min(delay, self.retry_after_cap)
