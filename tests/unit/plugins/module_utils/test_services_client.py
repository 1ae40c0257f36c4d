"""Services area helpers against the in-process simulator: request costs and round trips."""

import time

import pytest

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils import services as S
from ansible_collections.xtom.console.plugins.module_utils import services_reinstall as R
from ansible_collections.xtom.console.plugins.module_utils import services_upgrade as U
from ansible_collections.xtom.console.plugins.module_utils import waiting as W


def test_resolve_by_id_or_hostname_costs_one_request(sim, client):
    assert S.resolve_service(client, "1002")["domain"] == "db1.example.com"
    assert S.resolve_service(client, "WEB1.example.com.")["id"] == 1001
    assert client.counts == {"GET": 2}


def test_resolve_by_label_reads_details_once_per_service(sim, client):
    services = S.list_services(client)
    assert S.resolve_service(client, "db1", services=services)["id"] == 1002
    assert client.counts == {"GET": 1 + len(services)}
    # labels found are kept in the list: a second lookup costs nothing
    assert S.resolve_service(client, "old", services=services)["id"] == 1004
    assert client.counts == {"GET": 1 + len(services)}


def test_label_lookup_reads_details_concurrently(sim, client):
    # 40 services and 50 ms per request: one after the other would take 2 s.
    sim.sim.reset(services=34)
    sim.sim.latency = 0.05
    services = S.list_services(client)
    assert len(services) == 40
    started = time.time()
    assert S.resolve_service(client, "node0034", services=services)["id"] == 5034
    elapsed = time.time() - started
    assert client.counts == {"GET": 1 + 40}
    assert elapsed < 1.0, elapsed  # 8 at a time: about 5 rounds of 50 ms


def test_resolve_ambiguous_label_lists_candidates(sim, client):
    with pytest.raises(XtomValidationError) as err:
        S.resolve_service(client, "web")
    msg = str(err.value)
    assert "ambiguous" in msg and "id 1005" in msg and "id 1006" in msg and "web2.example.com" in msg


def test_resolve_unknown_gives_close_matches(sim, client):
    with pytest.raises(XtomValidationError, match="did you mean web1.example.com"):
        S.resolve_service(client, "web1.example.co")


def test_resolve_unknown_id_reads_no_details(sim, client):
    with pytest.raises(XtomValidationError, match="service=9999: no service with this id"):
        S.resolve_service(client, "9999")
    assert client.counts == {"GET": 1}


@pytest.mark.parametrize("ref", ["³", "٣٠٣", "1001\n", "web1\x00"])
def test_resolve_refuses_unicode_digits_and_control_characters_before_any_request(sim, client, ref):
    with pytest.raises(XtomValidationError, match="service="):
        S.resolve_service(client, ref)
    assert sim.requests() == []


def test_rdns_round_trip_ipv6_normalised(sim, client):
    current = S.get_rdns(client, 1002)
    assert current == {"203.0.113.20": "", "203.0.113.21": "", "2001:db8:20::1": ""}
    desired = S.validate_rdns_records({"2001:DB8:20:0::1": "db1.example.com."})
    changes, _before, _after = S.plan_rdns(current, None, desired)
    assert changes == {"2001:db8:20::1": "db1.example.com"}
    S.set_rdns(client, 1002, changes)
    assert S.get_rdns(client, 1002)["2001:db8:20::1"] == "db1.example.com"
    assert sim.requests(method="POST")[-1]["body"] == {"ipaddress": {"2001:db8:20::1": "db1.example.com"}}


def test_simulator_rejects_foreign_ip_and_bad_hostname(sim, client):
    with pytest.raises(XtomApiError) as err:
        S.set_rdns(client, 1001, {"203.0.113.20": "x.example.com"})
    assert err.value.status == 400
    with pytest.raises(XtomApiError):
        S.set_rdns(client, 1001, {"203.0.113.10": "bad_name"})
    assert sim.db["services"][1001]["rdns"]["203.0.113.10"] == "web1.example.com"


def test_cancel_pending_hides_method_and_second_request_is_refused(sim, client):
    assert S.cancellation_state({"status": "Active"}, S.get_methods(client, 1006)) == "none"
    assert S.cancel_service(client, 1006, False, "test") is True
    assert sim.db["services"][1006]["status"] == "Active"
    assert S.cancellation_state({"status": "Active"}, S.get_methods(client, 1006)) == "pending"
    # the portal refuses a second one: reported as "already pending", not as an error
    assert S.cancel_service(client, 1006, False, "again") is False
    assert len(sim.requests(method="POST")) == 2


def test_cancel_under_gateway_error_is_sent_once_and_says_how_to_check(sim, client):
    sim.fault(status=502, method="POST", path=r"/cancel$", after=True)
    with pytest.raises(XtomApiError) as err:
        S.cancel_service(client, 1006, True, "")
    assert err.value.uncertain
    assert "may have" in str(err.value) and "service_info" in str(err.value)
    assert len(sim.requests(method="POST")) == 1
    assert sim.db["services"][1006]["status"] == "Cancelled"


def test_upgrade_estimate_changes_nothing_then_send_applies(sim, client):
    options = U.get_upgrade_options(client, 1001)
    svc = S.resolve_service(client, "1001")
    request, _b, _a = U.plan_upgrade(svc, options, {"Bandwidth": "500 GB"})
    estimate = U.request_upgrade(client, 1001, request, send=False)
    assert estimate["total"] == "4.00"
    assert U.get_upgrade_options(client, 1001)["resources"][0]["current"] == "9953"
    U.request_upgrade(client, 1001, request, send=True)
    options = U.get_upgrade_options(client, 1001)
    assert options["resources"][0]["current"] == "10103"
    assert U.plan_upgrade(svc, options, {"Bandwidth": "500 GB"})[0] == {}
    assert [e["body"]["send"] for e in sim.requests(method="POST")] == [False, True]


def test_reinstall_passwords_are_masked_in_the_simulator_log(sim, client):
    R.reinstall_server(client, 1001, {"profile": 11, "rootpassword": "s3cret-root-pw", "adminuser": "ops",
                                      "userpassword": "s3cret-user-pw"})
    entry = sim.requests(method="POST")[-1]
    assert entry["body"]["rootpassword"] == "********"
    assert entry["body"]["userpassword"] == "********"
    assert "s3cret" not in repr(sim.sim.log)
    assert [S.get_power(client, 1001) for _read in range(3)] == ["installing", "running", "running"]


def test_power_of_a_dns_plan_is_refused(sim, client):
    with pytest.raises(XtomApiError) as err:
        S.get_power(client, 1003)
    assert err.value.status == 400


def test_reset_under_timeout_like_502_is_not_retried(sim, client):
    sim.fault(status=502, method="POST", path=r"/reset$", after=True)
    with pytest.raises(XtomApiError) as err:
        S.reset_server(client, 1001)
    assert err.value.uncertain and "include=[power]" in str(err.value)
    assert sim.counts() == {"POST": 1}
    assert sim.db["services"][1001]["_resets"] == 1


def test_reinstall_timeout_is_not_retried_and_says_how_to_check(sim):
    import time

    from ansible_collections.xtom.console.plugins.module_utils.api import XtomClient

    client = XtomClient(api_url=sim.api_url, username=sim.username, password=sim.password, timeout=0.3,
                        backoff_base=0.01)
    sim.fault(status=200, method="POST", path=r"/reinstall$", delay=0.8)
    with pytest.raises(XtomApiError) as err:
        R.reinstall_server(client, 1001, {"profile": 11})
    assert err.value.uncertain and err.value.status is None
    assert "do NOT run it again" in str(err.value)
    time.sleep(0.7)  # the server finishes the request it got
    assert client.counts == {"POST": 1}
    assert len(sim.requests(method="POST")) == 1


def test_resolve_hostname_reused_after_cancellation_picks_the_live_service(sim, client):
    import copy

    old = copy.deepcopy(sim.db["services"][1001])
    old.update(id="999", status="Cancelled")
    sim.db["services"][999] = old
    assert S.resolve_service(client, "web1.example.com")["id"] == 1001
    sim.db["services"][1001]["status"] = "Terminated"
    with pytest.raises(XtomValidationError, match="ambiguous.*id 999.*id 1001"):
        S.resolve_service(client, "web1.example.com")


class _FlakyStatusAfterPost(object):
    """The real client, but every GET .../status after the first POST fails (the portal is busy)."""

    def __init__(self, client, failures=99):
        self._client = client
        self.posted = False
        self.failures = failures

    def __getattr__(self, name):
        return getattr(self._client, name)

    def post(self, path, data=None, **kwargs):
        self.posted = True
        return self._client.post(path, data, **kwargs)

    def get(self, path, params=None, parse=None):
        if self.posted and path.endswith("/status") and self.failures > 0:
            self.failures -= 1
            raise XtomApiError(503, "GET", path, ["service unavailable"])
        return self._client.get(path, params, parse=parse)


class _Module(object):
    """What a module's run() uses of XtomModule."""

    def __init__(self, client, params, check_mode=False):
        self.client, self.params, self.check_mode = client, params, check_mode
        self.warnings, self.failed = [], None

    def warn(self, msg):
        self.warnings.append(msg)

    def logout(self):
        pass

    def fail_from_error(self, exc, **result):
        self.fail_json(msg=str(exc), **result)

    def fail_json(self, **kwargs):
        self.failed = kwargs
        raise RuntimeError(kwargs["msg"])


def test_power_reset_does_not_fail_when_the_status_read_after_it_fails(sim, client):
    # A failed task would invite a re-run, i.e. a second reset.
    from ansible_collections.xtom.console.plugins.modules import service_power

    module = _Module(_FlakyStatusAfterPost(client), {"service": "1001", "state": "reset"})
    result = service_power.run(module)
    assert (result["changed"], result["power_before"], result["power_after"]) == (True, "running", "unknown")
    assert result["changes"] == [{"action": "reset", "what": "service 1001 (web1.example.com)",
                                  "before": {"power": "running"}, "after": {"power": "reset"}}]
    assert sim.db["services"][1001]["_resets"] == 1
    assert len(module.warnings) == 1 and "the reset was sent" in module.warnings[0]


def test_reinstall_wait_keeps_polling_through_failed_status_reads(sim, client):
    from ansible_collections.xtom.console.plugins.modules import service_reinstall

    params = {"service": "1002", "confirm_hostname": "db1.example.com", "profile": "11", "root_password": None,
              "admin_user": None, "user_password": None, "package_selection": None, "extras": None,
              "wait": True, "wait_timeout": 30, "wait_interval": 0.01}
    module = _Module(_FlakyStatusAfterPost(client, failures=2), params)
    result = service_reinstall.run(module)
    assert result["power_after"] == "running" and module.failed is None
    assert result["progress"]["errors"] == 2 and result["progress"]["seen"][0]["state"] is None
    assert len(sim.db["services"][1002]["_reinstalls"]) == 1


class _AlwaysRunningAfterPost(_FlakyStatusAfterPost):
    """A portal whose status says running throughout (it never shows the reinstall)."""

    def get(self, path, params=None, parse=None):
        if self.posted and path.endswith("/status"):
            self.status_reads = getattr(self, "status_reads", 0) + 1
            return parse({"status": "running"})
        return self._client.get(path, params, parse=parse)


REINSTALL = {"service": "1002", "confirm_hostname": "db1.example.com", "profile": "11", "root_password": None,
             "admin_user": None, "user_password": None, "package_selection": None, "extras": None,
             "wait": True, "wait_timeout": 30, "wait_interval": 0.01}


def test_reinstall_wait_does_not_trust_the_first_running(sim, client):
    from ansible_collections.xtom.console.plugins.modules import service_reinstall

    wrapped = _AlwaysRunningAfterPost(client)
    result = service_reinstall.run(_Module(wrapped, dict(REINSTALL)))
    assert result["power_after"] == "running"
    assert wrapped.status_reads == W.RUNNING_READS  # not 1


def test_reinstall_wait_ends_at_running_after_installing(sim, client):
    from ansible_collections.xtom.console.plugins.modules import service_reinstall

    client.counts.clear()
    result = service_reinstall.run(_Module(client, dict(REINSTALL)))
    assert result["power_after"] == "running"
    statuses = [e for e in sim.requests() if e["path"].endswith("/status")]
    assert len(statuses) == 1 + 2  # before the POST; then installing, running
