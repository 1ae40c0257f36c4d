"""Review of the foundation (module.py, common.py): regressions found in review, each with its fix."""

import contextlib
import io
import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.xtom.console.plugins.module_utils.api import XtomAnswerError
from ansible_collections.xtom.console.plugins.module_utils.common import answer_rows
from ansible_collections.xtom.console.plugins.module_utils.module import XtomModule


def _run_module(sim, run, **args):
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        XtomModule(argument_spec={}).run(run)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("ending", ["fail_json", "exit_json"])
def test_jwt_logout_also_when_the_module_fails_or_exits_by_itself(sim, ending):
    # order.py calls module.fail_json itself (wait timeout, uncertain order): the token must not stay valid.
    def run(module):
        module.client.get("/details")
        if ending == "fail_json":
            module.fail_json(msg="gave up waiting")
        module.exit_json(changed=False)

    res = _run_module(sim, run, auth_mode="jwt")
    assert res.get("failed", False) is (ending == "fail_json")
    assert [(e["method"], e["path"]) for e in sim.requests()] == [
        ("POST", "/login"), ("GET", "/details"), ("POST", "/logout")]


def test_a_given_token_is_still_never_logged_out_when_the_module_fails_by_itself(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient

    token = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password, auth_mode="jwt").login()
    mark = sim.mark()

    def run(module):
        module.client.get("/details")
        module.fail_json(msg="boom")

    args = {"api_url": sim.api_url, "api_token": token}
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        XtomModule(argument_spec={}).run(run)
    assert [e["path"] for e in sim.requests(mark)] == ["/details"]


def test_bad_module_arguments_still_fail_cleanly_before_any_client(sim):
    out = io.StringIO()
    with patch_module_args({"api_url": sim.api_url, "retries": "many"}), contextlib.redirect_stdout(out), \
            pytest.raises(SystemExit):
        XtomModule(argument_spec={})
    res = json.loads(out.getvalue())
    assert res["failed"] is True and "retries" in res["msg"] and "Traceback" not in out.getvalue()


@pytest.mark.parametrize("body", [{}, {"success": True, "data": {}}])
def test_answer_rows_refuses_a_bare_empty_object(body):
    # An empty 2xx body decodes to {}: read as "no domains / certificates / products" it could lead to
    # ordering again what the account already has.
    with pytest.raises(XtomAnswerError):
        answer_rows(body, ("domains",))


@pytest.mark.parametrize("body", [[], {"domains": []}, {"domains": {}}, {"success": True, "data": []},
                                  {"success": True, "data": {"domains": []}}])
def test_answer_rows_still_reads_an_empty_list_that_is_said(body):
    assert answer_rows(body, ("domains",)) == []


def test_an_empty_answer_to_the_domain_list_is_refused_naming_the_route(sim, monkeypatch):
    from ansible_collections.xtom.console.plugins.module_utils import domains
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient

    client = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password)
    monkeypatch.setattr(XtomClient, "_decode", staticmethod(lambda response, method, path, strict: {}))
    with pytest.raises(XtomAnswerError, match="GET /domain: unexpected answer"):
        domains.list_domains(client)


# ---------------------------------------------------------------- roles/server: the rescue's messages
SERVER = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: KVM VPS Starter
        server_hostname: web9.example.com
        server_cycle: m
        server_options: {{Operating System: Debian 12, Location: Tokyo}}
        server_dns_zone: example.com
{extra}
"""


def _role_error(run_playbook, **extra):
    lines = "\n".join("        %s: %s" % (k, v) for k, v in extra.items())
    run = run_playbook(SERVER.format(extra=lines))
    assert run.rc != 0, run
    return [res for _name, res in run.results if res.get("failed")][-1]["msg"]


def test_rescue_names_server_dns_ttl_and_the_roles_own_address_records(sim, run_playbook):
    msg = _role_error(run_playbook, server_dns_ttl=0)
    assert msg.startswith("xtom.console.server, task "), repr(msg)  # no leading blanks
    assert "server_dns_ttl=0" in msg and "server_dns_records" not in msg, msg
    msg = _role_error(run_playbook, server_dns_records="[{record: 'web9.example.com.', type: CNAME, value: 'x.example.net.'}]")
    assert "server_dns_records[0]" in msg and "server_dns_records[1]" not in msg, msg
    assert "the A/AAAA record of server_hostname" in msg, msg


# ---------------------------------------------------------------- api.py: credentials in odd forms
def test_basic_auth_sends_a_non_ascii_password_as_utf8(sim, monkeypatch):
    import base64

    import requests

    from ansible_collections.xtom.console.plugins.module_utils.api import XtomAuthError, XtomClient

    client = XtomClient(api_url=sim.api_url, username=sim.username, password="pässwört€", retries=0)
    sent = []
    real = client.session.request

    def spy(method, url, **kwargs):
        prepared = requests.Request(method, url, auth=kwargs.get("auth")).prepare()
        sent.append(prepared.headers["Authorization"])
        kwargs["auth"] = (sim.username, "wrong")  # the simulator compares ASCII only
        return real(method, url, **kwargs)

    monkeypatch.setattr(client.session, "request", spy)
    with pytest.raises(XtomAuthError):  # was: UnicodeEncodeError (a traceback), and "ä" sent as Latin-1
        client.get("/details")
    assert sent == ["Basic " + base64.b64encode(("%s:pässwört€" % sim.username).encode("utf-8")).decode("ascii")]


def test_a_token_with_a_trailing_newline_works(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient

    token = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password, auth_mode="jwt").login()
    client = XtomClient(api_url=sim.api_url, api_token=token + "\n")  # a vault block scalar or a file
    assert client.get("/details")["client"]["email"] == sim.username


def test_a_malformed_token_never_reaches_the_message(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError, XtomClient

    token = "eyJhbGciOiJSUzI1NiJ9.secretpart\ncontinued-secret"
    client = XtomClient(api_url=sim.api_url, api_token=token, retries=0)
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    text = str(info.value) + json.dumps(info.value.to_dict())
    assert "secretpart" not in text and "continued-secret" not in text, text


# ---------------------------------------------------------------- api.py: a 2xx page after a POST
def test_a_2xx_answer_that_is_not_json_after_a_post_is_uncertain(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError, XtomClient

    client = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password)
    sim.fault(status=200, method="POST", body="html", after=True)  # the portal acted, then a proxy's page
    mark = sim.mark()
    with pytest.raises(XtomApiError) as info:
        client.post("/tickets", {"subject": "x", "body": "y", "dept_id": "1"})
    assert info.value.uncertain is True and "may have carried out" in str(info.value)
    assert len(sim.requests(mark, "POST")) == 1
    sim.fault(status=200, method="GET", body="html")
    with pytest.raises(XtomApiError) as info:
        client.get("/details")
    assert info.value.uncertain is False


def test_an_order_answered_by_an_html_page_reports_what_was_ordered(sim):
    import importlib

    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules.order")
    args = {"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password,
            "product": "KVM VPS Starter", "hostname": "web9.example.com", "cycle": "m",
            "options": {"Operating System": "Debian 12", "Location": "Tokyo"}}
    sim.fault(status=200, method="POST", path=r"^/order/", body="html", after=True)
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    res = json.loads(out.getvalue())
    # was: failed, changed=false, "nothing of this task was applied" although the order was placed
    assert res["changed"] is True and not res.get("failed"), res
    assert len([e for e in sim.writes() if e["path"].startswith("/order/")]) == 1
