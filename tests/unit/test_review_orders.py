"""Review of the order area: regression tests (modules run in-process against the simulator)."""

import contextlib
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
