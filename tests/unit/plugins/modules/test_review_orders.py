"""Review of the order area: regression tests (modules run in-process against the simulator)."""

import contextlib
import copy
import importlib
import io
import json

import pytest
from ansible.module_utils.testing import patch_module_args


def run_module(sim, _module, check=False, **args):
    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules." + _module)
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password,
                 "_ansible_check_mode": check, "_ansible_diff": True})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


@pytest.mark.parametrize("expires", [None, "0000-00-00", "soon"])
def test_renew_within_days_with_an_unknown_expiry_orders_nothing(sim, expires):
    dom = sim.db["domains"][2002]
    dom.pop("daytoexpire", None)
    if expires is None:
        dom.pop("expires", None)
    else:
        dom["expires"] = expires
    mark = sim.mark()
    for check in (True, False):
        r = run_module(sim, "order", check=check, type="domain", action="renew", name="example.net",
                       renew_within_days=30)
        assert r.get("failed") is True, r
        assert r["msg"].startswith("renew_within_days=30: the expiry date of example.net is not known"), r["msg"]
    assert [e["path"] for e in sim.writes(mark)] == []


def _password_form(sim, title):
    """A product option of type password (a root password field, common in HostBill VPS products)."""
    forms = sim.db["catalog"][101]["forms"]
    form = copy.deepcopy(forms[3])  # a per-item field: custom[ID][ITEM]
    form.update(type="password", title=title, id="1705", name="custom[1705][10450]", required=False)
    form["items"] = [{"title": "", "value": 1, "id": 10450, "price": 0, "setup": 0, "selected": False}]
    forms.append(form)


@pytest.mark.parametrize("title", ["Root Password", "Initial secret"])
def test_password_option_is_never_returned(sim, title):
    _password_form(sim, title)
    args = dict(product="KVM VPS Starter", hostname="web9.example.com",
                options={"Operating System": "Debian 12", "Location": "Tokyo", title: "S3cret-root-pw"})
    mark = sim.mark()
    check = run_module(sim, "order", check=True, **copy.deepcopy(args))
    real = run_module(sim, "order", **copy.deepcopy(args))
    assert real["changed"] is True and check["changes"] == real["changes"] and check["diff"] == real["diff"]
    for result in (check, real):
        assert "S3cret-root-pw" not in json.dumps(result), result
    post = [e for e in sim.writes(mark) if e["path"] == "/order/101"]
    assert len(post) == 1 and post[0]["body"]["custom"]["1705"] == {"10450": "S3cret-root-pw"}


def test_order_placed_but_new_id_lookup_fails_says_it_was_placed(sim, monkeypatch):
    """POST /order/@id accepted with an answer whose items cannot be matched, then the re-read of
    GET /service fails: the task said changed=false, changes=[] and 'nothing of this task was applied'
    although the order (and its invoice) had been placed."""
    from ansible_collections.xtom.console.plugins.module_utils import orders_catalog
    from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError

    listed = orders_catalog.Catalog.services

    def services(self, fresh=False):
        if fresh:
            raise XtomAnswerError({"result_set": {}}, '"services"', method="GET", path="/service")
        return listed(self, fresh)

    monkeypatch.setattr(orders_catalog.Catalog, "services", services)
    sim.reshape("wrap", r"^/order/101$", method="POST")
    result = run_module(sim, "order", product="KVM VPS Starter", hostname="web9.example.com",
                        options={"Operating System": "Debian 12", "Location": "Tokyo"})
    assert result["failed"] is True and result["changed"] is True, result
    assert result["msg"].startswith("the order was placed"), result["msg"]
    assert "nothing of this task was applied" not in result["msg"]
    assert [c["what"] for c in result["changes"]] == ["product 'KVM VPS Starter' for web9.example.com"]
    assert [(e["method"], e["path"]) for e in sim.writes()] == [("POST", "/order/101")]
