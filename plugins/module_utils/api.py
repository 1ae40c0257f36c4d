# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one place in the collection that speaks HTTP to an xTom (HostBill) client API.

It knows nothing of resources: it sends a method and a path, authenticates, retries what is
safe to retry, and turns every failure into an ``XtomApiError`` a person can act on.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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

try:
    from urllib.parse import quote, unquote
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for sanity's compile test
    from urllib import quote, unquote

DEFAULT_API_URL = "https://console.xtom.com/api"
DEFAULT_TIMEOUT = 30
USER_AGENT = "xtom.console-ansible-collection/0.1.0"

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
        max_attempts=5,
        max_retry_seconds=60.0,
        backoff_base=0.5,
        retry_after_cap=30.0,
        pool_size=16,
        sleep=time.sleep,
    ):
        if not HAS_REQUESTS:
            raise XtomConfigError("the Python library 'requests' is required")
        if not api_url:
            raise XtomConfigError("api_url is empty")
        if not api_url.startswith(("http://", "https://")):
            raise XtomConfigError("api_url must start with http:// or https://, got %r" % api_url)
        if auth_mode not in ("basic", "jwt"):
            raise XtomConfigError("auth_mode must be 'basic' or 'jwt', got %r" % auth_mode)
        if not api_token and not (username and password):
            raise XtomConfigError(
                "no credentials: set api_token, or api_username and api_password "
                "(or the XTOM_API_TOKEN, XTOM_API_USERNAME and XTOM_API_PASSWORD environment variables)"
            )
        self.api_url = api_url.rstrip("/")
        self.api_token = api_token
        self.username = username
        self.password = password
        self.auth_mode = auth_mode
        self.timeout = timeout
        self.max_attempts = max(1, int(max_attempts))
        self.max_retry_seconds = float(max_retry_seconds)
        self.backoff_base = float(backoff_base)
        self.retry_after_cap = float(retry_after_cap)
        self._sleep = sleep
        self._jwt = None
        self._jwt_exp = None
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
            return {"auth": (self.username, self.password)}
        if self._jwt is None or (self._jwt_exp is not None and self._jwt_exp - 30 <= time.time()):
            self.login()
        return {"headers": {"Authorization": "Bearer %s" % self._jwt}}

    def login(self):
        """POST /login with the username and password; keep the token for later requests."""
        body = self._send("POST", "/login", json_body={"username": self.username, "password": self.password}, auth={})
        token = body.get("token") if isinstance(body, dict) else None
        if not token:
            raise XtomAuthError(None, "POST", "/login", ["the login answer carried no token"])
        self._jwt = token
        self._jwt_exp = jwt_expiry(token)
        return token

    def logout(self):
        """Invalidate the JWT obtained by ``login`` (no-op in other modes)."""
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
        """Build a path, quoting each variable part: ``path('/domain/name/%s', name)``."""
        return template % tuple(quote(str(p), safe="") for p in parts)

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, data=None, params=None):
        return self.request("POST", path, json_body=data, params=params)

    def put(self, path, data=None, params=None):
        return self.request("PUT", path, json_body=data, params=params)

    def delete(self, path, data=None, params=None, retry=True):
        return self.request("DELETE", path, json_body=data, params=params, retry=retry)

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

    def request(self, method, path, json_body=None, params=None, raw=False, retry=True):
        """Send one API request and return its decoded JSON body (a dict, or a list).

        With ``raw=True`` a successful answer is returned as the ``requests`` response (downloads).
        ``retry=False`` treats the request like a POST: for a route that is not idempotent although
        its method is (a DELETE addressed by position), it is sent again only when the server
        certainly did not act (429, connection refused); otherwise the error is ``uncertain``.
        """
        method = method.upper()
        try:
            return self._send(method, path, json_body=json_body, params=params, auth=None, raw=raw, retry=retry)
        except XtomAuthError as exc:
            # An expired or revoked JWT: log in once more, then try the request once more.
            if self.auth_mode == "jwt" and not self.api_token and exc.status == 401 and path != "/login":
                self._jwt = None
                return self._send(method, path, json_body=json_body, params=params, auth=None, raw=raw, retry=retry)
            raise

    def _send(self, method, path, json_body=None, params=None, auth=None, raw=False, retry=True):
        try:
            return self._send_once_or_retry(method, path, json_body, params, auth, raw=raw, retry=retry)
        except XtomApiError as exc:
            exc.messages = [self.scrub(m) for m in exc.messages]
            raise

    def scrub(self, text):
        """Remove every credential this client knows of from a text."""
        for secret in (self.password, self.api_token, self._jwt):
            if secret and len(str(secret)) >= 3:
                text = text.replace(str(secret), "********")
        return text

    def _send_once_or_retry(self, method, path, json_body, params, auth, raw=False, retry=True):
        url = self.api_url + path
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
                safe = repeatable or _never_reached_server(exc)
                reason = self._describe_exception(exc)
                if safe and self._may_retry(attempt, started, None):
                    self._sleep(self._backoff(attempt, None))
                    continue
                raise XtomApiError(None, method, path, [reason], uncertain=not safe)

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
                    exc.messages.extend(self._attempts_note(attempt))
                    raise
            if raw and 200 <= response.status_code < 300 and "json" not in response.headers.get("Content-Type", ""):
                return response
            body = self._check(response, method, path)
            return response if raw else body

    @staticmethod
    def _attempts_note(attempt):
        return ["gave up after %d attempts" % attempt] if attempt > 1 else []

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
                raise XtomApiError(
                    response.status_code,
                    method,
                    path,
                    ["the answer is not JSON (%s): %s" % (response.headers.get("Content-Type", "no content type"), _excerpt(text))],
                )
            return None

    @staticmethod
    def _describe_exception(exc):
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "timed out while connecting"
        if isinstance(exc, requests.exceptions.Timeout):
            return "timed out waiting for the answer"
        if isinstance(exc, requests.exceptions.SSLError):
            return "TLS error (set validate_certs=false only for a portal you trust): %s" % _excerpt(str(exc))
        if isinstance(exc, requests.exceptions.ConnectionError):
            return "connection error: %s" % _excerpt(str(exc))
        return "%s: %s" % (type(exc).__name__, _excerpt(str(exc)))

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
