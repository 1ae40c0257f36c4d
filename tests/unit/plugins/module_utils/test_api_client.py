"""Unit tests of plugins/module_utils/api.py against the in-process simulator.

Every auth mode, every retry and error branch, and the rule that matters most: a POST is never
sent twice unless the server certainly did not act on it.
"""

import socket
import time

import pytest
import requests

from ansible_collections.xtom.console.plugins.module_utils import api
from ansible_collections.xtom.console.plugins.module_utils.api import (
    XtomApiError,
    XtomAuthError,
    XtomClient,
    XtomConfigError,
    jwt_expiry,
)


def make(sim, **kwargs):
    kwargs.setdefault("username", sim.username)
    kwargs.setdefault("password", sim.password)
    kwargs.setdefault("backoff_base", 0.01)
    sleeps = []
    kwargs.setdefault("sleep", sleeps.append)
    client = XtomClient(api_url=sim.api_url, **kwargs)
    client.sleeps = sleeps
    return client


# ---------------------------------------------------------------- configuration

def test_no_credentials_is_a_config_error(sim):
    with pytest.raises(XtomConfigError, match="no credentials"):
        XtomClient(api_url=sim.api_url)


@pytest.mark.parametrize("url", ["", "console.xtom.com/api", "ftp://x/api"])
def test_bad_url_is_a_config_error(url):
    with pytest.raises(XtomConfigError, match="api_url"):
        XtomClient(api_url=url, username="u", password="p")


def test_bad_auth_mode_is_a_config_error():
    with pytest.raises(XtomConfigError, match="auth_mode"):
        XtomClient(api_url="https://x/api", username="u", password="p", auth_mode="digest")


# ---------------------------------------------------------------- auth modes

def test_basic_auth_sends_no_login(sim):
    client = make(sim)
    assert client.get("/details")["client"]["email"] == sim.username
    assert [e["path"] for e in sim.requests()] == ["/details"]
    assert sim.requests()[0]["auth"] == "basic"
    assert client.counts == {"GET": 1}


def test_token_auth_uses_bearer(sim):
    token = sim.sim.issue_token()
    client = XtomClient(api_url=sim.api_url, api_token=token)
    client.get("/details")
    assert sim.requests()[0]["auth"] == "bearer"


def test_token_takes_precedence_over_password(sim):
    token = sim.sim.issue_token()
    client = make(sim, api_token=token, password="wrong")
    client.get("/details")
    assert sim.requests()[0]["auth"] == "bearer"


def test_jwt_mode_logs_in_once_and_reuses_token(sim):
    client = make(sim, auth_mode="jwt")
    client.get("/details")
    client.get("/service")
    paths = [e["path"] for e in sim.requests()]
    assert paths == ["/login", "/details", "/service"]
    assert sim.requests()[1]["auth"] == "bearer"
    assert jwt_expiry(client._jwt) > time.time()


def test_jwt_expired_token_is_relogged_once(sim):
    client = make(sim, auth_mode="jwt")
    client.get("/details")
    sim.sim.expire_tokens()
    assert client.get("/details")["client"]["id"] == "26"
    paths = [(e["path"], e["status"]) for e in sim.requests()]
    assert paths == [("/login", 200), ("/details", 200), ("/details", 401), ("/login", 200), ("/details", 200)]


def test_jwt_relogin_happens_only_once(sim):
    client = make(sim, auth_mode="jwt")
    client.get("/details")
    # Every token the server issues from now on is born expired.
    sim.sim.token_ttl = -10
    sim.sim.expire_tokens()
    with pytest.raises(XtomAuthError):
        client.get("/details")
    assert [e["path"] for e in sim.requests()].count("/login") == 2


def test_jwt_token_near_expiry_is_renewed_before_use(sim):
    sim.sim.token_ttl = 10  # within the 30 s safety margin
    client = make(sim, auth_mode="jwt")
    client.get("/details")
    client.get("/details")
    assert [e["path"] for e in sim.requests()] == ["/login", "/details", "/login", "/details"]


def test_jwt_bad_password_is_auth_error(sim):
    client = make(sim, auth_mode="jwt", password="nope-secret")
    with pytest.raises(XtomAuthError) as info:
        client.get("/details")
    assert "authentication failed" in str(info.value)
    assert "nope-secret" not in str(info.value)


def test_logout_invalidates_token(sim):
    client = make(sim, auth_mode="jwt")
    client.get("/details")
    token = client._jwt
    client.logout()
    other = XtomClient(api_url=sim.api_url, api_token=token)
    with pytest.raises(XtomAuthError):
        other.get("/details")


def test_bad_password_basic_is_auth_error_without_secret(sim):
    client = make(sim, password="hunter2-secret")
    with pytest.raises(XtomAuthError) as info:
        client.get("/details")
    msg = str(info.value)
    assert msg.startswith("authentication failed: check api_username/api_password or api_token")
    assert "hunter2-secret" not in msg
    assert "Basic" not in msg and "Authorization" not in msg
    assert info.value.status == 401
    assert client.counts == {"GET": 1}  # a 401 is not retried


def test_403_is_auth_error(sim):
    sim.fault(status=403, path="^/details$")
    with pytest.raises(XtomAuthError):
        make(sim).get("/details")


# ---------------------------------------------------------------- errors

def test_404_error_carries_api_messages(sim):
    with pytest.raises(XtomApiError) as info:
        make(sim).get("/service/999999")
    exc = info.value
    assert exc.status == 404 and exc.method == "GET" and exc.path == "/service/999999"
    assert "service 999999 not found" in str(exc)
    assert exc.uncertain is False


def test_error_key_in_2xx_body_raises(sim):
    sim.fault(status=200)  # a 200 whose body is {"error": ["injected fault 200"]}
    with pytest.raises(XtomApiError, match="injected fault 200") as info:
        make(sim).get("/details")
    assert info.value.status == 200


def test_html_body_reports_status_and_excerpt(sim):
    sim.fault(status=500, body="html")
    with pytest.raises(XtomApiError) as info:
        make(sim).get("/details")
    msg = str(info.value)
    assert "HTTP 500" in msg and "<html>" in msg and len(msg) < 500


def test_malformed_json_on_success_is_reported(sim):
    sim.fault(status=200, body="malformed")
    with pytest.raises(XtomApiError, match="not JSON"):
        make(sim).get("/service")


# ---------------------------------------------------------------- retries

@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_get_retries_transient_statuses(sim, status):
    sim.fault(status=status, count=2)
    client = make(sim)
    assert client.get("/details")["client"]["id"] == "26"
    assert [e["status"] for e in sim.requests()] == [status, status, 200]
    assert len(client.sleeps) == 2


@pytest.mark.parametrize("method,path,body", [("PUT", "/details", {"city": "Oslo"}),
                                              ("DELETE", "/service/1003/dns/999999", None)])
def test_put_and_delete_retry_on_503(sim, method, path, body):
    sim.fault(status=503, count=1, method=method)
    client = make(sim)
    try:
        client.request(method, path, json_body=body)
    except XtomApiError as exc:  # the DELETE target may not exist: only the retry matters here
        assert exc.status == 404
    assert [e["status"] for e in sim.requests()][0] == 503
    assert len(sim.requests()) == 2


def test_retry_after_is_honoured_and_capped(sim):
    sim.fault(status=429, count=1, retry_after=7)
    sim.fault(status=503, count=1, retry_after=3600)
    client = make(sim, retry_after_cap=30, retry_timeout=600)
    client.get("/details")
    assert client.sleeps == [7.0, 30.0]


def test_backoff_grows_and_has_jitter(sim):
    sim.fault(status=503, count=3)
    client = make(sim, backoff_base=1.0, retry_timeout=600)
    client.get("/details")
    assert len(client.sleeps) == 3
    for attempt, slept in enumerate(client.sleeps, 1):
        full = 1.0 * 2 ** (attempt - 1)
        assert full / 2 <= slept <= full


def test_retries_are_bounded_by_attempts(sim):
    sim.fault(status=503, count=100)
    client = make(sim, retries=2)
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    assert info.value.status == 503
    assert "retried 2 times over" in str(info.value)
    assert len(sim.requests()) == 3


def test_retries_are_bounded_by_time(sim):
    sim.fault(status=503, count=100, retry_after=20)
    client = make(sim, retries=9, retry_timeout=5)
    with pytest.raises(XtomApiError):
        client.get("/details")
    assert len(sim.requests()) == 1  # waiting 20 s would exceed the 5 s budget


@pytest.mark.parametrize("status", [502, 503, 504])
def test_post_is_not_retried_on_gateway_errors(sim, status):
    sim.fault(status=status, method="POST", after=True)
    client = make(sim)
    with pytest.raises(XtomApiError) as info:
        client.post("/service/1001/label", {"label": "changed"})
    exc = info.value
    assert exc.uncertain is True
    assert "may have carried out this request" in str(exc)
    assert len(sim.requests(method="POST")) == 1
    assert sim.db["services"][1001]["label"] == "changed"  # the server did act


def test_delete_without_retry_is_treated_like_a_post(sim):
    # A DELETE addressed by position is not idempotent: after a gateway error it is not sent again.
    sim.fault(status=502, method="DELETE", after=True)
    client = make(sim)
    with pytest.raises(XtomApiError) as info:
        client.delete("/domain/2001/dns/1", retry=False)
    assert info.value.uncertain is True
    assert len(sim.requests(method="DELETE")) == 1
    sim.fault(status=429, method="DELETE", retry_after=0)
    client.delete("/domain/2001/dns/1", retry=False)  # 429: the server did not act, so it is sent again
    assert [e["status"] for e in sim.requests(method="DELETE")][1:] == [429, 200]


def test_post_is_retried_on_429(sim):
    sim.fault(status=429, method="POST", retry_after=1)
    client = make(sim)
    client.post("/service/1001/label", {"label": "after-429"})
    assert [e["status"] for e in sim.requests(method="POST")] == [429, 200]


def test_post_is_not_retried_on_read_timeout(sim):
    sim.fault(status=200, method="POST", delay=1.5)
    client = make(sim, timeout=0.5)
    with pytest.raises(XtomApiError) as info:
        client.post("/service/1001/label", {"label": "slow"})
    assert info.value.uncertain is True and info.value.status is None
    assert "timed out" in str(info.value)
    time.sleep(1.2)
    assert len(sim.requests(method="POST")) == 1


def test_get_is_retried_on_read_timeout(sim):
    sim.fault(status=200, method="GET", delay=1.0)
    client = make(sim, timeout=0.4)
    assert client.get("/details")["client"]["id"] == "26"
    time.sleep(0.7)
    assert len(sim.requests(method="GET")) == 2


def _closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_post_is_retried_when_connection_refused():
    client = XtomClient(api_url="http://127.0.0.1:%d/api" % _closed_port(), username="u", password="p",
                        retries=2, backoff_base=0.01, sleep=lambda s: None)
    with pytest.raises(XtomApiError) as info:
        client.post("/order/101", {"cycle": "m"})
    assert client.counts == {"POST": 3}
    assert info.value.uncertain is False
    assert "could not connect: [Errno 111] Connection refused" in str(info.value)


def test_never_reached_server_classification():
    refused = requests.exceptions.ConnectionError(ConnectionRefusedError(111, "refused"))
    reset = requests.exceptions.ConnectionError(ConnectionResetError(104, "reset by peer"))
    assert api._never_reached_server(refused) is True
    assert api._never_reached_server(reset) is False
    assert api._never_reached_server(requests.exceptions.ConnectTimeout()) is True
    assert api._never_reached_server(requests.exceptions.ReadTimeout()) is False


def test_post_not_retried_when_connection_reset(monkeypatch, sim):
    client = make(sim)

    def boom(*args, **kwargs):
        raise requests.exceptions.ConnectionError(ConnectionResetError(104, "Connection reset by peer"))

    monkeypatch.setattr(client.session, "request", boom)
    with pytest.raises(XtomApiError) as info:
        client.post("/tickets", {"subject": "x"})
    assert info.value.uncertain is True
    assert client.counts == {"POST": 1}


# ---------------------------------------------------------------- secrets and helpers

def test_secrets_are_scrubbed_from_messages(sim, monkeypatch):
    client = make(sim, password="s3cret-pass-value")

    def boom(*args, **kwargs):
        raise requests.exceptions.ConnectionError("could not talk to http://u:s3cret-pass-value@host/api")

    monkeypatch.setattr(client.session, "request", boom)
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    assert "s3cret-pass-value" not in str(info.value)
    assert "********" in str(info.value)


def test_path_quotes_each_part():
    assert XtomClient.path("/domain/name/%s", "a b/c") == "/domain/name/a%20b%2Fc"


def test_counts_by_method(sim):
    client = make(sim)
    client.get("/details")
    client.put("/details", {"city": "Oslo"})
    client.get("/service")
    assert client.counts == {"GET": 2, "PUT": 1}
    assert client.request_count == 3


def test_jwt_expiry_reads_exp_and_tolerates_garbage():
    token = "x.eyJleHAiOiAxMjM0fQ.y"
    assert jwt_expiry(token) == 1234
    assert jwt_expiry("not-a-token") is None


# ---------------------------------------------------------------- fail closed, hostile input

@pytest.mark.parametrize("part", ["", ".", "..", " .. "])
def test_path_refuses_dot_segments_and_empty_parts(part):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomValidationError

    with pytest.raises(XtomValidationError, match="cannot be used in a request path"):
        XtomClient.path("/ticket/attachment/%s", part)


@pytest.mark.parametrize("url", ["https://x/api?debug=1", "https://x/api#frag"])
def test_api_url_with_query_or_fragment_is_refused(url):
    with pytest.raises(XtomConfigError, match="must not contain a query"):
        XtomClient(api_url=url, username="u", password="p")


@pytest.mark.parametrize("retries, timeout", [(-1, 60), (11, 60), (3, -1), (3, 601)])
def test_retry_options_are_bounded(retries, timeout):
    with pytest.raises(XtomConfigError, match="retries|retry_timeout"):
        XtomClient(api_url="https://x/api", username="u", password="p", retries=retries, retry_timeout=timeout)


def test_zero_retries_sends_once(sim):
    sim.fault(status=503, count=5)
    client = make(sim, retries=0)
    with pytest.raises(XtomApiError):
        client.get("/details")
    assert client.counts == {"GET": 1}


@pytest.mark.parametrize("key", ["status", "success"])
def test_2xx_that_says_it_failed_is_a_failure(sim, key, monkeypatch):
    client = make(sim)
    sim.reshape("status_false", "^/tickets/", method="PUT") if key == "status" else None
    if key == "status":
        with pytest.raises(XtomApiError, match=r"the answer says it failed \(status: false\)"):
            client.put("/tickets/442211", {"status": "Closed"})
    else:
        response = requests.models.Response()
        response.status_code = 200
        response._content = b'{"success": false, "message": "not allowed"}'
        monkeypatch.setattr(client.session, "request", lambda *a, **k: response)
        with pytest.raises(XtomApiError, match=r"\(success: false\); not allowed"):
            client.post("/service/1/label", {"label": "x"})


@pytest.mark.parametrize("body", [{"status": "Active"}, {"status": True}, {"success": True, "status": 0}])
def test_a_status_word_is_not_a_failure(sim, body, monkeypatch):
    client = make(sim)
    response = requests.models.Response()
    response.status_code = 200
    response._content = api.json.dumps(body).encode()
    monkeypatch.setattr(client.session, "request", lambda *a, **k: response)
    assert client.get("/service/1/status") == body


def test_post_answered_500_may_have_been_applied(sim):
    sim.fault(status=500, count=1, method="POST")
    client = make(sim)
    with pytest.raises(XtomApiError) as info:
        client.post("/service/1001/label", {"label": "x"})
    assert info.value.uncertain is True and "may have carried out" in str(info.value)
    assert client.counts == {"POST": 1}
    sim.fault(status=500, count=1, method="GET")
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    assert info.value.uncertain is False


def test_credentials_echoed_by_the_server_are_scrubbed(sim, monkeypatch):
    import base64

    client = make(sim, password="Echo-Secret-Pw-3")
    header = base64.b64encode(("%s:%s" % (sim.username, "Echo-Secret-Pw-3")).encode()).decode()
    response = requests.models.Response()
    response.status_code = 400
    response._content = api.json.dumps({"error": ["bad header Basic %s" % header]}).encode()
    monkeypatch.setattr(client.session, "request", lambda *a, **k: response)
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    assert header not in str(info.value) and "********" in str(info.value)


def test_tls_to_a_plain_http_port_says_so(sim):
    client = make(sim, retries=0)
    client.api_url = sim.api_url.replace("http://", "https://")
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    msg = str(info.value)
    assert "does not speak TLS on this port" in msg and "use http://" in msg, msg
    assert "validate_certs=false only" not in msg


def test_connection_error_names_url_cause_and_retries(sim):
    client = XtomClient(api_url="http://127.0.0.1:%d/api" % _closed_port(), username="u", password="p",
                        retries=2, backoff_base=0.01, sleep=lambda s: None)
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    msg = str(info.value)
    assert "/api/details: could not connect: [Errno 111] Connection refused" in msg, msg
    assert "retried 2 times over" in msg


def test_unrecognised_answer_names_the_route_and_keys_never_values(sim):
    from ansible_collections.xtom.console.plugins.module_utils.common import answer_rows

    sim.reshape("wrap", "^/service$")
    client = make(sim)
    with pytest.raises(api.XtomAnswerError) as info:
        client.get("/service", parse=lambda body: answer_rows(body, ("services",)))
    msg = str(info.value)
    assert msg.startswith("GET /service: unexpected answer (keys: result_set (dict))"), msg
    assert "web1" not in msg and "1001" not in msg


def test_envelope_and_dict_of_rows_are_understood():
    from ansible_collections.xtom.console.plugins.module_utils.common import answer_rows, answer_value

    rows = answer_rows({"success": True, "data": {"services": {"7": {"id": 7}, "8": {"id": "8"}}}}, ("services",))
    assert rows == [{"id": 7}, {"id": "8"}]
    assert answer_value({"label": "web"}, ("label",), (str,)) == "web"
    for bad in ({"label": None}, {"label": ["x"]}, {"name": "web"}, [], "text", None):
        with pytest.raises(api.XtomAnswerError):
            answer_value(bad, ("label",), (str,))
    with pytest.raises(api.XtomAnswerError):
        answer_rows({"services": [{"id": 1}, "two"]}, ("services",))


@pytest.mark.parametrize("text", ["web\u202e1", "web\u200b1", "a\u2028b", "x\x85y", "bom\ufeff"])
def test_invisible_and_control_characters_are_refused(text):
    from ansible_collections.xtom.console.plugins.module_utils.common import check_text

    with pytest.raises(api.XtomValidationError, match="control character"):
        check_text(text, "label")
    assert check_text("Café ü 東京", "label") == "Café ü 東京"


def test_change_set_says_what_was_applied_and_what_may_have_been():
    from ansible_collections.xtom.console.plugins.module_utils.changeset import ChangeSet

    def gateway():
        raise XtomApiError(504, "POST", "/service/1/label", ["bad gateway"], uncertain=True)

    def invalid():
        raise api.XtomValidationError("records[1]: refused")

    cs = ChangeSet()
    cs.add("set", "service 1 label", "a", "b", lambda: None)
    cs.add("set", "service 1 PTR", "x", "y", gateway)
    with pytest.raises(XtomApiError) as info:
        cs.apply(False)
    assert "already applied: set service 1 label" in str(info.value)
    assert [(c["what"], c.get("uncertain")) for c in info.value.partial] == [
        ("service 1 label", None), ("service 1 PTR", True)]
    cs = ChangeSet()
    cs.add("create", "example.com www A", None, {}, lambda: None)
    cs.add("create", "example.com mail A", None, {}, invalid)
    with pytest.raises(api.XtomValidationError) as info:
        cs.apply(False)
    assert "already applied: create example.com www A" in str(info.value)
    assert [c["what"] for c in info.value.partial] == ["example.com www A"]


def test_local_request_errors_are_not_retried(sim, monkeypatch):
    client = make(sim)

    def bad_header(*args, **kwargs):
        raise requests.exceptions.InvalidHeader("Invalid leading whitespace in header value")

    monkeypatch.setattr(client.session, "request", bad_header)
    with pytest.raises(XtomApiError):
        client.get("/details")
    assert client.counts == {"GET": 1} and client.sleeps == []
