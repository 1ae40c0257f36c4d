"""Services area helpers that need no server: parsers, validation and plans."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils import services as S


# ------------------------------------------------------------------ parse_ip_list
@pytest.mark.parametrize("body", [
    {"ips": [{"ip": "203.0.113.10", "type": "ipv4"}, {"ip": "2001:DB8:10:0::10", "type": "ipv6"}]},
    {"ips": [{"ipaddress": "203.0.113.10"}, {"address": "2001:db8:10::10"}]},
    {"ips": ["203.0.113.10", "2001:db8:10::10"]},
    ["203.0.113.10", "2001:db8:10::10"],
    {"ips": {"203.0.113.10": {"main": "1"}, "2001:db8:10::10": {}}},
    {"ips": {"1": "203.0.113.10", "2": "2001:db8:10::10"}},
    {"ip": "203.0.113.10, 2001:db8:10::10"},
    {"ipv4": ["203.0.113.10"], "ipv6": ["2001:0db8:0010::0010"]},
    {"ips": {"ipv4": "203.0.113.10", "ipv6": ["2001:db8:10::10"]}},
])
def test_parse_ip_list_accepts_every_plausible_shape(body):
    assert S.parse_ip_list(body) == {"ipv4": ["203.0.113.10"], "ipv6": ["2001:db8:10::10"]}


def test_parse_ip_list_puts_the_main_address_first():
    body = {"ips": [{"ip": "203.0.113.21", "type": "ipv4", "main": "0"},
                    {"ip": "2001:db8:20::1", "type": "ipv6", "main": "0"},
                    {"ip": "203.0.113.20", "type": "ipv4", "main": "1"},
                    {"ip": "203.0.113.22", "type": "ipv4", "main": "0"}]}
    assert S.parse_ip_list(body) == {"ipv4": ["203.0.113.20", "203.0.113.21", "203.0.113.22"],
                                     "ipv6": ["2001:db8:20::1"]}


def test_parse_ip_list_dedupes_keeps_order_subnets_and_ignores_junk():
    body = {"ips": [{"ip": "203.0.113.21"}, "203.0.113.20", {"ip": "203.0.113.21"}, "2001:db8:20::/64",
                    {"ip": None}, "not-an-ip", 42, True, {"type": "ipv4"}]}
    assert S.parse_ip_list(body) == {"ipv4": ["203.0.113.21", "203.0.113.20"], "ipv6": ["2001:db8:20::/64"]}


@pytest.mark.parametrize("body", [{}, [], None, "", {"ips": []}, {"ips": None}, {"success": True}])
def test_parse_ip_list_empty(body):
    assert S.parse_ip_list(body) == {"ipv4": [], "ipv6": []}


# ------------------------------------------------------------------ rDNS
@pytest.mark.parametrize("body", [
    {"rdns": [{"ip": "203.0.113.10", "hostname": "Web1.Example.com."}, {"ip": "2001:db8:10::10", "hostname": ""}]},
    {"rdns": {"203.0.113.10": "web1.example.com", "2001:db8:10::10": None}},
    {"ipaddress": {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}},
    {"203.0.113.10": {"ptr": "web1.example.com"}, "2001:db8:10::10": {"ptr": ""}},
    [{"ipaddress": "203.0.113.10", "ptr": "web1.example.com"}, {"address": "2001:db8:10::10"}],
    {"records": {"a": {"ip": "203.0.113.10", "rdns": "web1.example.com"}, "b": {"ip": "2001:db8:10::10"}}},
])
def test_parse_rdns_map_or_rows(body):
    assert S.parse_rdns(body) == {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}


def test_parse_rdns_single_row_and_empty():
    assert S.parse_rdns({"rdns": {"ip": "203.0.113.10", "hostname": "a.example"}}) == {"203.0.113.10": "a.example"}
    assert S.parse_rdns({}) == {}
    assert S.parse_rdns({"rdns": []}) == {}


@pytest.mark.parametrize("name,expected", [
    ("Web1.Example.COM.", "web1.example.com"),
    ("a", "a"),
    ("x-1.example.net", "x-1.example.net"),
])
def test_hostname_ok(name, expected):
    assert S.normalize_hostname(name) == expected


@pytest.mark.parametrize("name", ["", ".", "-a.example", "a-.example", "a..b", "a_b.example", "a b", "x" * 64 + ".com",
                                  ".".join(["a" * 60] * 5), "exämple.com"])
def test_hostname_rejected_names_option_and_value(name):
    with pytest.raises(XtomValidationError) as err:
        S.normalize_hostname(name, option="hostname")
    assert "hostname=" in str(err.value)


def test_validate_rdns_records_normalises_and_rejects():
    assert S.validate_rdns_records({"2001:DB8:10:0:0::10": "A.example."}) == {"2001:db8:10::10": "a.example"}
    with pytest.raises(XtomValidationError, match="'203.0.113.300' is not an IPv4 or IPv6 address"):
        S.validate_rdns_records({"203.0.113.300": "a.example"})
    with pytest.raises(XtomValidationError, match="given twice"):
        S.validate_rdns_records({"2001:db8::1": "a.example", "2001:DB8::1": "b.example"})
    with pytest.raises(XtomValidationError, match=r"records\[203.0.113.10\]"):
        S.validate_rdns_records({"203.0.113.10": "bad_name"})
    with pytest.raises(XtomValidationError, match="at least one"):
        S.validate_rdns_records({})


def test_plan_rdns_only_differences_in_api_spelling():
    current = {"203.0.113.20": "db1.example.com", "2001:0db8:0020::1": ""}
    desired = {"203.0.113.20": "db1.example.com", "2001:db8:20::1": "db1.example.com"}
    changes, before, after = S.plan_rdns(current, None, desired)
    assert changes == {"2001:0db8:0020::1": "db1.example.com"}
    assert before == {"203.0.113.20": "db1.example.com", "2001:db8:20::1": ""}
    assert after == desired
    assert S.plan_rdns(current, None, {"203.0.113.20": "db1.example.com"})[0] == {}


def test_plan_rdns_uses_service_ips_and_rejects_foreign():
    changes, _b, _a = S.plan_rdns({}, ["203.0.113.21"], {"203.0.113.21": "r.example.com"})
    assert changes == {"203.0.113.21": "r.example.com"}
    with pytest.raises(XtomValidationError) as err:
        S.plan_rdns({"203.0.113.20": ""}, ["203.0.113.21"], {"198.51.100.1": "x.example"}, "service db1")
    assert "198.51.100.1 not on service db1" in str(err.value)
    assert "203.0.113.21, 203.0.113.20" in str(err.value)  # service list first, then the rDNS list


# ------------------------------------------------------------------ power, methods, cancellation
@pytest.mark.parametrize("body,expected", [
    ({"status": "running"}, "running"),
    ({"status": "Online"}, "running"),
    ({"power": "off"}, "stopped"),
    ({"status": {"state": "Stopped"}}, "stopped"),
    ({"status": True}, "running"),
    ("on", "running"),
    ({"status": "installing"}, "installing"),
    ({}, "unknown"),
])
def test_normalize_power(body, expected):
    assert S.normalize_power(body) == expected


def test_parse_methods_unescapes_routes():
    body = {"methods": [{"name": "Cancel Service", "method": "post", "route": "\\/service\\/@id\\/cancel"}, "junk"]}
    assert S.parse_methods(body) == [{"name": "Cancel Service", "method": "POST", "route": "/service/@id/cancel"}]


def test_cancellation_state():
    cancel = [{"name": "Cancel Service", "method": "POST", "route": "/service/@id/cancel"}]
    label = [{"name": "Service label", "method": "GET", "route": "/service/@id/label"}]
    assert S.cancellation_state({"status": "Terminated"}) == "done"
    assert S.cancellation_state({"status": "Active"}) == "none"
    assert S.cancellation_state({"status": "Active"}, cancel + label) == "none"
    assert S.cancellation_state({"status": "Active"}, label) == "pending"
    assert S.cancellation_state({"status": "Active"}, []) == "none"  # nothing listed: unknown, not pending
    assert S.cancellation_state({"status": "Active", "cancellation": {"reason": "x"}}) == "pending"


def test_validate_label():
    assert S.validate_label("") == ""
    assert S.validate_label("web 1") == "web 1"
    with pytest.raises(XtomValidationError, match="label="):
        S.validate_label("a\nb")
    with pytest.raises(XtomValidationError, match="at most 255"):
        S.validate_label("x" * 256)


# ------------------------------------------------------------------ upgrades
OPTIONS_BODY = {
    "resources": [
        {"id": 1557, "name": "Bandwidth", "type": "select", "items": [
            {"id": "9953", "name": "100 GB", "price": 1, "setup_price": 0, "selected": True},
            {"id": "10103", "name": "500 GB", "price": 5, "setup_price": 0, "selected": False}]},
        {"id": "1559", "name": "Additional IPv4", "type": "qty", "value": "1", "items": []},
        {"id": "1600", "name": "Disks", "type": "select", "items": [
            {"id": "1", "name": "SSD", "selected": "1", "qty": "2"}, {"id": "2", "name": "NVMe", "selected": "0"}]},
    ],
    "package": [],
}
SVC = {"id": 1001, "name": "KVM VPS Starter", "billingcycle": "Monthly"}


def test_parse_upgrade_options_current_values():
    opts = S.parse_upgrade_options(OPTIONS_BODY)
    cur = dict((r["name"], r["current"]) for r in opts["resources"])
    assert cur == {"Bandwidth": "9953", "Additional IPv4": 1, "Disks": "1"}
    assert opts["resources"][2]["current_qty"] == 2
    assert opts["packages"] == []


def test_plan_upgrade_no_change_is_empty():
    opts = S.parse_upgrade_options(OPTIONS_BODY)
    req, before, after = S.plan_upgrade(SVC, opts, {"bandwidth": "100 GB", "1559": 1, "Disks": {"SSD": 2}},
                                        "KVM VPS Starter", "m")
    assert req == {}
    assert before == after


def test_plan_upgrade_builds_the_documented_resource_format():
    opts = S.parse_upgrade_options(OPTIONS_BODY)
    req, before, after = S.plan_upgrade(SVC, opts, {"1557": "10103", "Additional IPv4": "3", "Disks": {"2": 4}},
                                        None, "Annually")
    assert req == {"resources": {"1557": "10103", "1559": "3", "1600": {"2": "4"}}, "cycle": "a"}
    assert before["resources"]["Bandwidth"] == "100 GB" and after["resources"]["Bandwidth"] == "500 GB"
    assert (before["cycle"], after["cycle"]) == ("Monthly", "Annually")


def test_plan_upgrade_unknown_names_list_valid_ones():
    opts = S.parse_upgrade_options(OPTIONS_BODY)
    with pytest.raises(XtomValidationError, match=r"'CPU' is not a resource .*Bandwidth \(1557\)"):
        S.plan_upgrade(SVC, opts, {"CPU": 2})
    with pytest.raises(XtomValidationError, match=r"'2 TB' is not an item of Bandwidth.*500 GB \(10103\)"):
        S.plan_upgrade(SVC, opts, {"Bandwidth": "2 TB"})
    with pytest.raises(XtomValidationError, match="takes a quantity"):
        S.plan_upgrade(SVC, opts, {"Additional IPv4": "many"})
    with pytest.raises(XtomValidationError, match="'KVM VPS Pro' is not an upgrade package"):
        S.plan_upgrade(SVC, opts, package="KVM VPS Pro")


def test_plan_upgrade_package_by_id_or_name():
    body = dict(OPTIONS_BODY, package=[{"id": "101", "name": "KVM VPS Starter", "selected": True},
                                       {"id": "102", "name": "KVM VPS Pro"}])
    opts = S.parse_upgrade_options(body)
    assert S.plan_upgrade(SVC, opts, package="101")[0] == {}
    assert S.plan_upgrade(SVC, opts, package="kvm vps pro")[0] == {"package": 102}


@pytest.mark.parametrize("value,code", [("m", "m"), ("Monthly", "m"), ("annually", "a"), ("semiannually", "s"),
                                        ("Semi-Annually", "s"), ("t", "t")])
def test_normalize_cycle(value, code):
    assert S.normalize_cycle(value) == code


def test_validate_upgrade_input_rejects_before_any_request():
    with pytest.raises(XtomValidationError, match="cycle='fortnightly'"):
        S.validate_upgrade_input(None, None, "fortnightly")
    with pytest.raises(XtomValidationError, match=r"resources\[Bandwidth\]"):
        S.validate_upgrade_input({"Bandwidth": ""}, None, None)
    with pytest.raises(XtomValidationError, match=r"resources\[Disks\]"):
        S.validate_upgrade_input({"Disks": {"SSD": 1, "NVMe": 2}}, None, None)
    assert S.validate_upgrade_input({"Bandwidth": "500 GB", "IPv4": 2}, "102", "a") == "a"


# ------------------------------------------------------------------ reinstall
@pytest.mark.parametrize("body", [
    {"profiles": [{"id": "11", "name": "Debian 12"}, {"id": 12, "name": "Ubuntu 24.04 LTS"}]},
    {"profiles": {"11": "Debian 12", "12": "Ubuntu 24.04 LTS"}},
    {"templates": {"a": {"id": "11", "name": "Debian 12"}, "b": {"id": "12", "name": "Ubuntu 24.04 LTS"}}},
    {"reinstall": {"os": [{"id": "11", "title": "Debian 12"}, {"id": "12", "title": "Ubuntu 24.04 LTS"}]}},
])
def test_parse_reinstall_options(body):
    opts = S.parse_reinstall_options(body)
    assert opts["profiles"] == [{"id": "11", "name": "Debian 12"}, {"id": "12", "name": "Ubuntu 24.04 LTS"}]
    assert S.resolve_profile(opts, "debian 12")["id"] == "11"
    assert S.resolve_profile(opts, "12")["name"] == "Ubuntu 24.04 LTS"
    with pytest.raises(XtomValidationError, match=r"'Arch' is not a reinstall profile.*Debian 12 \(11\)"):
        S.resolve_profile(opts, "Arch")


class _RefusingClient(object):
    """A client whose POST answers 400 with ``message`` (the cancel route's refusals)."""

    def __init__(self, message):
        self.message = message
        self.posts = 0

    @staticmethod
    def path(template, *parts):
        return template % parts

    def post(self, path, data=None):
        self.posts += 1
        raise XtomApiError(400, "POST", path, [self.message])


@pytest.mark.parametrize("message", ["cancellation_already_requested", "Cancellation request already exists",
                                     "cancellation pending", "Pending cancellation request"])
def test_cancel_already_requested_is_not_an_error(message):
    assert S.cancel_service(_RefusingClient(message), 1001, False, "") is False


@pytest.mark.parametrize("message", ["Service is pending activation and cannot be cancelled",
                                     "Cancellation request rejected: reason is required"])
def test_cancel_refusals_that_are_not_a_pending_cancellation_fail(message):
    # These must not read as "a cancellation is already pending": nothing was cancelled.
    client = _RefusingClient(message)
    with pytest.raises(XtomApiError, match="cannot be cancelled|reason is required"):
        S.cancel_service(client, 1001, False, "")
    assert client.posts == 1
