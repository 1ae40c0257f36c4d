"""xtom.console.api_check: every read route, zero writes, nothing of the account's secrets in its output."""

import contextlib
import importlib
import io
import json
import re

import pytest
from ansible.module_utils.testing import patch_module_args

REFERENCE_GETS = None


def run_module(sim, **args):
    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules.api_check")
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


def _reference_get_routes():
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "..", "simulator", "xtom-client-api.txt"), encoding="utf-8") as handle:
        return set(re.findall(r"^(GET /\S+)", handle.read(), re.M))


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_every_read_route_is_reported_and_understood_and_nothing_is_written(sim):
    res = run_module(sim)
    assert res["changed"] is False and "failed" not in res, res
    assert sim.writes() == []
    routes = {e["route"] for e in res["routes"]}
    assert routes == _reference_get_routes(), sorted(routes ^ _reference_get_routes())
    bad = [e for e in res["routes"] if e["result"] == "not understood"]
    assert bad == [], bad
    assert res["summary"]["understood"] >= 45 and res["summary"]["skipped"] == 4
    # the DNS hosting service is not a server: its server routes are refused, which is reported, not a failure
    refused = {e["route"] for e in res["routes"] if e["result"] == "refused"}
    assert refused <= {"GET /service/@id/ip", "GET /service/@id/rdns", "GET /service/@id/status",
                       "GET /service/@id/reinstall", "GET /service/@id/upgrade", "GET /service/@id/bandwidth"}, refused


def test_an_unknown_shape_is_reported_with_keys_only(sim):
    sim.reshape("wrap", r"^/service/\d+/rdns$")
    sim.reshape("wrap", r"^/domain/\d+/reglock$")
    res = run_module(sim, areas=["services", "domains"])
    bad = {e["route"]: e for e in res["routes"] if e["result"] == "not understood"}
    assert set(bad) == {"GET /service/@id/rdns", "GET /domain/@id/reglock"}, bad
    assert bad["GET /service/@id/rdns"]["shape"] == "keys: result_set (dict)"
    assert sim.writes() == []
    res = run_module(sim, areas=["domains"], strict=True)
    assert res["failed"] is True and "GET /domain/@id/reglock" in res["msg"]


def test_the_report_holds_no_secret_and_no_id_of_the_account(sim):
    sim.reshape("wrap", r"^/details$")
    res = run_module(sim, auth_mode="jwt")
    text = json.dumps({"routes": res["routes"], "summary": res["summary"]})  # what a user pastes
    state = sim.sim.db
    secrets = [sim.password] + list(sim.sim.issued)
    epp = [d.get("epp") or d.get("epp_code") for d in state.get("domains", {}).values() if isinstance(d, dict)]
    secrets += [e for e in epp if e]
    for secret in secrets:
        assert secret not in text
    # no id, host name or address of the account's objects either
    for svc in state["services"].values():
        assert svc["domain"] not in text and '"%s"' % svc["id"] not in text
    assert "203.0.113." not in text and "example.com" not in text and sim.username not in text
    assert [e["method"] for e in sim.writes()] == ["POST", "POST"]  # login and logout only
    assert [e["path"] for e in sim.writes()] == ["/login", "/logout"]


def test_the_client_refuses_writes(sim):
    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient, XtomConfigError

    client = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password, read_only=True)
    with pytest.raises(XtomConfigError, match="only reads"):
        client.post("/service/1001/label", {"label": "x"})
    assert sim.requests() == []
