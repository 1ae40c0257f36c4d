"""The four registered-domain modules run in this process (main() with patched arguments) against the simulator.

Issue 12 (understood or refused, zero writes after an answer not understood) and issue 13 (one
write path: check mode and a real run give the same ``changes`` and ``diff``), in both answer
shapes of the simulator (reference and variant).
"""

import contextlib
import copy
import importlib
import io
import json

import pytest
from ansible.module_utils.testing import patch_module_args

KSK = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="  # seeded on example.net
ZSK = "oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA=="
BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)

SETTINGS = {
    "domain": "example.net",
    "lock": False,
    "id_protection": True,
    "autorenew": False,
    "email_forwarding": [{"from": "info", "to": "ops@example.com"}, {"from": "sales@example.net", "to": "joe@example.com"},
                         {"from": "nobody", "state": "absent"}],
    "contacts": {"tech": {"email": "hostmaster@example.com", "firstname": "Ann"}},
    "forwarding": {"url": "https://www.example.com/", "type": "frame"},
}


def run_module(sim, name, check=False, **args):
    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules." + name)
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password,
                 "_ansible_check_mode": check, "_ansible_diff": True})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


def check_then_real(sim, name, **args):
    """(check-mode result, real result) from the same state; the check run writes nothing."""
    state = copy.deepcopy(sim.sim.db)
    mark = sim.mark()
    check = run_module(sim, name, check=True, **copy.deepcopy(args))
    assert sim.writes(mark) == [], "check mode wrote"
    assert sim.sim.db == state
    real = run_module(sim, name, **copy.deepcopy(args))
    return check, real


def assert_refused(result, sim, mark, route):
    assert result.get("failed") is True, result
    assert result["msg"].startswith("GET %s: unexpected answer" % route), result["msg"]
    assert sim.writes(mark) == []


# ---------------------------------------------------------------- domain

@BOTH
def test_domain_check_mode_and_real_run_agree(sim):
    check, real = check_then_real(sim, "domain", **SETTINGS)
    assert not real.get("failed"), real
    assert check["changed"] is real["changed"] is True
    assert check["changes"] == real["changes"]
    assert check["diff"] == real["diff"]
    assert [c["what"] for c in real["changes"]] == [
        "example.net autorenew", "example.net idprotection", "example.net reglock", "example.net email_forwarding info",
        "example.net email_forwarding sales", "example.net contacts", "example.net forwarding"]
    assert [c["action"] for c in real["changes"]] == ["set", "set", "set", "update", "add", "update", "set"]
    assert [(d["before_header"], d["before"], d["after"]) for d in real["diff"]][:3] == [
        ("example.net autorenew", "True", "False"), ("example.net idprotection", "False", "True"),
        ("example.net reglock", "True", "False")]
    dom = sim.db["domains"][2002]
    assert (dom["reglock"], dom["idprotection"], dom["autorenew"]) == ("0", "1", "0")
    again = run_module(sim, "domain", **{k: v for k, v in SETTINGS.items() if k != "forwarding"})
    assert again["changed"] is False and again["changes"] == [] and again["diff"] == []


@BOTH
def test_domain_returns_the_domain_info_row(sim):
    args = {k: v for k, v in SETTINGS.items() if k != "forwarding"}
    real = run_module(sim, "domain", **args)
    info = run_module(sim, "domain_info", domain="example.net", include=["lock", "contacts", "email_forwarding"])
    assert real["domain"] == info["domains"][0]


def test_domain_lock_on_a_lock_it_cannot_read_is_refused(sim):
    """Issue 12: the lock read as unknown and the PUT was sent (on a toggling portal: unlocked)."""
    sim.db["domains"][2002]["reglock"] = "pending"
    mark = sim.mark()
    res = run_module(sim, "domain", domain="example.net", lock=True)
    assert_refused(res, sim, mark, "/domain/2002/reglock")
    assert 'expected "reglock" or "lock"' in res["msg"]


def test_domain_id_protection_unknown_in_the_details_is_refused(sim):
    sim.db["domains"][2002]["idprotection"] = "n/a"
    mark = sim.mark()
    res = run_module(sim, "domain", domain="example.net", id_protection=False)
    assert_refused(res, sim, mark, "/domain/name/example.net")
    assert '"idprotection" switch' in res["msg"]


def test_domain_autorenew_unknown_in_the_details_is_read_from_its_route(sim):
    sim.db["domains"][2002]["autorenew"] = "sometimes"
    mark = sim.mark()
    res = run_module(sim, "domain", domain="example.net", autorenew=True)
    assert_refused(res, sim, mark, "/domain/2002/autorenew")


@pytest.mark.parametrize("route, args", [
    ("/domain/name/example.net", {"domain": "example.net", "lock": False}),
    ("/domain/2002", {"domain_id": "2002", "id_protection": True}),
    ("/domain/2002/reglock", {"domain": "example.net", "lock": False}),
    ("/domain/2002/emforwarding", {"domain": "example.net", "email_forwarding": [{"from": "info", "state": "absent"}]}),
    ("/domain/2002/contact", {"domain": "example.net", "contacts": {"tech": {"email": "a@example.com"}}}),
])
def test_domain_reads_not_understood_write_nothing(sim, route, args):
    sim.reshape("wrap", "^%s$" % route)
    mark = sim.mark()
    assert_refused(run_module(sim, "domain", **args), sim, mark, route)


@pytest.mark.parametrize("args, message", [
    ({"domain_id": "\u00b3", "lock": True}, "domain_id=\u00b3: is not an id"),
    ({"domain_id": "\u0663\u0660\u0663", "lock": True}, "is not an id (ASCII digits only)"),
    ({"domain": "example.net\n", "lock": True}, "domain='example.net\\n': contains a control character"),
    ({"domain": "example.net", "contacts": {"tech": {"city": "Santa\nRosa"}}}, "contacts.tech.city="),
    ({"domain": "example.net", "contacts": {"tech": {"phonenumber": "+1.5\x00"}}}, "control character"),
    ({"domain": "example.net", "email_forwarding": [{"from": "info", "to": "a@b.cd\r\nBcc: x@y.zz"}]},
     "email_forwarding[0].to="),
    ({"domain": "example.net", "forwarding": {"url": "https://x.example/\n"}}, "forwarding.url="),
    ({"domain": "example.net", "forwarding": {"url": "ftp://example.com/"}}, "must start with http:// or https://"),
    ({"domain": "example.net"}, "nothing to do"),
])
def test_domain_bad_input_sends_nothing(sim, args, message):
    mark = sim.mark()
    res = run_module(sim, "domain", **args)
    assert res["failed"] is True and message in res["msg"], res["msg"]
    assert sim.requests(mark) == []


def test_domain_sync_is_reported_as_a_change(sim):
    res = run_module(sim, "domain", domain="example.net", sync=True)
    assert res["changed"] is True
    assert res["changes"][0]["what"] == "example.net details"
    assert res["changes"][0]["before"]["expires"] == "2027-06-11" and res["changes"][0]["after"]["expires"] == "2028-06-11"
    assert run_module(sim, "domain", domain="example.net", sync=True)["changed"] is False


# ---------------------------------------------------------------- domain_ns

@BOTH
def test_domain_ns_check_mode_and_real_run_agree(sim):
    args = {"domain": "example.net", "nameservers": ["ns2.example.com", "NS1.example.com."],
            "child_nameservers": [{"name": "ns1.example.net", "ip": "203.0.113.53"}]}
    check, real = check_then_real(sim, "domain_ns", **args)
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    assert real["changes"] == [
        {"action": "register", "what": "example.net child name server ns1.example.net", "before": None,
         "after": "203.0.113.53"},
        {"action": "set", "what": "example.net nameservers", "before": ["ns1.xtom.com", "ns2.xtom.com"],
         "after": ["ns1.example.com", "ns2.example.com"]}]
    assert real["domain"]["nameservers"] == ["ns2.example.com", "ns1.example.com"]  # as sent, as listed
    info = run_module(sim, "domain_info", domain="example.net")
    assert real["domain"] == info["domains"][0]
    args.pop("child_nameservers")
    assert run_module(sim, "domain_ns", **args)["changes"] == []


def test_domain_ns_details_not_understood_write_nothing(sim):
    sim.reshape("wrap", "^/domain/name/example.net$")
    mark = sim.mark()
    res = run_module(sim, "domain_ns", domain="example.net", nameservers=["ns1.example.com", "ns2.example.com"])
    assert_refused(res, sim, mark, "/domain/name/example.net")


def test_domain_ns_falls_back_to_the_ns_route_and_refuses_what_it_cannot_read(sim):
    sim.db["domains"][2002]["nameservers"] = [53]  # not host names: the details' copy is not understood
    mark = sim.mark()
    res = run_module(sim, "domain_ns", domain="example.net", nameservers=["ns1.example.com", "ns2.example.com"])
    assert_refused(res, sim, mark, "/domain/2002/ns")
    assert [e["path"] for e in sim.requests(mark)] == ["/domain/name/example.net", "/domain/2002/ns"]


def test_domain_write_answered_status_false_fails_and_says_what_was_applied(sim):
    sim.reshape("status_false", "^/domain/2002/reglock$", method="PUT", count=1)
    res = run_module(sim, "domain", domain="example.net", autorenew=False, lock=False)
    assert res["failed"] is True
    assert res["msg"].startswith("PUT /domain/2002/reglock failed (HTTP 200): the answer says it failed (status: false)")
    assert "already applied: set example.net autorenew" in res["msg"]
    assert res["changes"] == [{"action": "set", "what": "example.net autorenew", "before": True, "after": False}]
    assert sim.db["domains"][2002]["reglock"] == "1"


def test_domain_ns_bad_input_sends_nothing(sim):
    mark = sim.mark()
    for args, message in (
        ({"nameservers": ["ns1.example.com", "ns2.example.com\n"]}, "nameservers='ns2.example.com\\n'"),
        ({"child_nameservers": [{"name": "ns1.example.com", "ip": "192.0.2.1"}]},
         "child_nameservers[0].name=ns1.example.com: is not under example.net"),
        ({"nameservers": ["ns1.example.com", "localhost"]}, "nameservers=localhost: is not a fully qualified"),
    ):
        res = run_module(sim, "domain_ns", domain="example.net", **args)
        assert res["failed"] and message in res["msg"], res["msg"]
    assert sim.requests(mark) == []


# ---------------------------------------------------------------- domain_dnssec

@BOTH
def test_domain_dnssec_existing_key_with_prune_changes_nothing(sim):
    """Issue 12: with camelCase key rows the public key read as empty and a second copy was added."""
    mark = sim.mark()
    res = run_module(sim, "domain_dnssec", domain="example.net", prune=True,
                     dnssec_keys=[{"flags": 257, "algorithm": 13, "public_key": KSK}])
    assert res["changed"] is False and res["changes"] == [], res
    assert sim.writes(mark) == []
    assert [(k["key"], k["key_tag"]) for k in res["dnssec_keys"]] == [("1", 2371)]


@BOTH
def test_domain_dnssec_check_mode_and_real_run_agree(sim):
    args = {"domain": "example.net", "prune": True, "dnssec_keys": [{"flags": 256, "algorithm": 13, "public_key": ZSK}]}
    check, real = check_then_real(sim, "domain_dnssec", **args)
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    assert [(c["action"], c["what"]) for c in real["changes"]] == [
        ("add", "example.net dnssec key %s (flags 256, algorithm 13)" % real["dnssec_keys"][0]["key_tag"]),
        ("remove", "example.net dnssec key 2371 (flags 257, algorithm 13)")]
    assert [k["flags"] for k in real["dnssec_keys"]] == [256] and real["dnssec_keys"][0]["key"] == "2"
    assert [k["id"] for k in sim.db["domains"][2002]["dnssec"]] == ["2"]


@pytest.mark.parametrize("kind, route", [
    ("wrap", "/domain/2002/dnssec"),
    ("wrap", "/domain/2002/dnssec/flags"),
    ("wrap", "/domain/name/example.net"),
])
def test_domain_dnssec_reads_not_understood_write_nothing(sim, kind, route):
    sim.reshape(kind, "^%s$" % route)
    mark = sim.mark()
    res = run_module(sim, "domain_dnssec", domain="example.net", prune=True,
                     dnssec_keys=[{"flags": 256, "algorithm": 13, "public_key": ZSK}])
    assert_refused(res, sim, mark, route)


def test_domain_dnssec_key_row_without_identity_is_never_pruned(sim):
    sim.db["domains"][2002]["dnssec"][0]["pubkey"] = ""
    mark = sim.mark()
    res = run_module(sim, "domain_dnssec", domain="example.net", prune=True, dnssec_keys=[])
    assert_refused(res, sim, mark, "/domain/2002/dnssec")


@BOTH
def test_domain_dnssec_add_is_not_resent_after_a_gateway_error(sim):
    sim.fault(status=503, method="PUT", path="^/domain/2002/dnssec$", after=True)
    mark = sim.mark()
    res = run_module(sim, "domain_dnssec", domain="example.net",
                     dnssec_keys=[{"flags": 256, "algorithm": 13, "public_key": ZSK}])
    assert res["failed"] is True
    assert res["msg"].startswith("PUT /domain/2002/dnssec failed (HTTP 503)")
    assert "may have carried out this request" in res["msg"]
    assert "nothing of this task was applied before it" in res["msg"]
    assert [e["method"] for e in sim.writes(mark)] == ["PUT"]


def test_domain_dnssec_prune_with_state_absent_is_refused(sim):
    res = run_module(sim, "domain_dnssec", domain="example.net", prune=True, state="absent", dnssec_keys=[])
    assert res["failed"] and res["msg"].startswith("prune=True: only applies to state=present")


# ---------------------------------------------------------------- domain_info

ALL_PARTS = ["nameservers", "lock", "autorenew", "contacts", "email_forwarding", "dnssec", "epp_code"]


def read_everything(sim):
    one = run_module(sim, "domain_info", domain="example.net", include=ALL_PARTS)
    listed = run_module(sim, "domain_info", status=["active", "Expired"])
    extra = run_module(sim, "domain_info", lookup=["my-new-name.dev", "example.com"], include=["tlds"])
    return {"one": one["domains"], "list": listed["domains"], "lookups": extra["lookups"], "tlds": extra["tlds"]}


def test_domain_info_reads_the_same_in_both_shapes(sim):
    reference = read_everything(sim)
    net = reference["one"][0]
    assert net["lock"] is True and net["autorenew"] is True and net["idprotection"] is False
    assert net["dnssec"]["dnssec_keys"][0]["key_tag"] == 2371 and [f["flags"] for f in net["dnssec"]["flags"]] == [256, 257]
    assert net["contacts"]["tech"]["phonenumber"] == "+1.24123123"
    assert net["email_forwarding"] == {"info": "demo@example.com"}
    assert [d["id"] for d in reference["list"]] == [2001, 2002, 2003, 2004, 2005, 2006]
    assert [(x["name"], x["available"]) for x in reference["lookups"]] == [("my-new-name.dev", True), ("example.com", False)]
    mark = sim.mark()
    sim.sim.variant = True
    try:
        variant = read_everything(sim)
    finally:
        sim.sim.variant = False
    assert len(sim.requests(mark)) == 13 and sim.writes(mark) == [e for e in sim.writes(mark) if e["path"] == "/domain/lookup"]
    assert variant == reference  # the other shapes read to the very same result


def test_domain_info_status_filter_warns_on_a_status_that_cannot_match(sim):
    res = run_module(sim, "domain_info", status=["Actve"])
    assert res["domains"] == []
    assert "status=Actve matches no domain status (did you mean Active?)" in json.dumps(res.get("warnings")), res


@pytest.mark.parametrize("route, part", [
    ("/domain/2002/reglock", "lock"), ("/domain/2002/dnssec", "dnssec"), ("/domain/2002/epp", "epp_code"),
])
def test_domain_info_parts_not_understood_are_refused(sim, route, part):
    sim.reshape("wrap", "^%s$" % route)
    res = run_module(sim, "domain_info", domain="example.net", include=[part])
    assert res["failed"] and res["msg"].startswith("GET %s: unexpected answer" % route)
