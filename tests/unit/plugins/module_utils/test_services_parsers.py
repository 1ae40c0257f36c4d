"""Services area helpers that need no server: parsers, validation and plans."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils.api import XtomAnswerError, XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError
from ansible_collections.xtom.console.plugins.module_utils import services as S
from ansible_collections.xtom.console.plugins.module_utils import services_reinstall as R
from ansible_collections.xtom.console.plugins.module_utils import services_upgrade as U


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


def test_parse_ip_list_dedupes_keeps_order_and_subnets():
    body = {"ips": [{"ip": "203.0.113.21"}, "203.0.113.20", {"ip": "203.0.113.21"}, "2001:db8:20::/64"]}
    assert S.parse_ip_list(body) == {"ipv4": ["203.0.113.21", "203.0.113.20"], "ipv6": ["2001:db8:20::/64"]}


@pytest.mark.parametrize("body", [
    {"success": True, "data": {"ipAddresses": {"1": {"ipAddress": "203.0.113.10", "isMain": True},
                                               "2": {"ipAddress": "2001:db8:10::10", "isMain": False}}}},
    {"ipaddresses": [{"address": "2001:db8:10::10"}, {"address": "203.0.113.10", "primary": "1"}]},
])
def test_parse_ip_list_variants(body):
    assert S.parse_ip_list(body) == {"ipv4": ["203.0.113.10"], "ipv6": ["2001:db8:10::10"]}


@pytest.mark.parametrize("body", [[], {"ips": []}, {"ips": None}, {"ips": ""}, {"success": True, "data": []}])
def test_parse_ip_list_empty(body):
    assert S.parse_ip_list(body) == {"ipv4": [], "ipv6": []}


@pytest.mark.parametrize("body", [
    {}, None, "", {"success": True}, {"result_set": {"ips": ["203.0.113.10"]}}, {"ips": [{"ip": None}]},
    {"ips": ["not-an-ip"]}, {"ips": [42]}, {"ips": [True]}, {"ips": [{"type": "ipv4"}]}, {"ips": 7},
])
def test_parse_ip_list_refuses_what_it_does_not_understand(body):
    with pytest.raises(XtomAnswerError) as err:
        S.parse_ip_list(body)
    assert "203.0.113" not in str(err.value)  # never values


# ------------------------------------------------------------------ rDNS
@pytest.mark.parametrize("body", [
    {"rdns": [{"ip": "203.0.113.10", "hostname": "Web1.Example.com."}, {"ip": "2001:db8:10::10", "hostname": ""}]},
    {"rdns": {"203.0.113.10": "web1.example.com", "2001:db8:10::10": None}},
    {"ipaddress": {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}},
    {"203.0.113.10": {"ptr": "web1.example.com"}, "2001:db8:10::10": {"ptr": ""}},
    [{"ipaddress": "203.0.113.10", "ptr": "web1.example.com"}, {"address": "2001:db8:10::10", "ptr": None}],
    {"records": {"a": {"ip": "203.0.113.10", "rdns": "web1.example.com"}, "b": {"ip": "2001:db8:10::10", "rdns": ""}}},
    {"203.0.113.10": "web1.example.com", "2001:db8:10::10": None},
    {"success": True, "data": {"reverseDns": [{"ipAddress": "203.0.113.10", "ptrRecord": "web1.example.com"},
                                              {"ipAddress": "2001:db8:10::10", "ptrRecord": ""}]}},
])
def test_parse_rdns_map_or_rows(body):
    assert S.parse_rdns(body) == {"203.0.113.10": "web1.example.com", "2001:db8:10::10": ""}


def test_parse_rdns_single_row_and_empty():
    assert S.parse_rdns({"rdns": {"ip": "203.0.113.10", "hostname": "a.example"}}) == {"203.0.113.10": "a.example"}
    assert S.parse_rdns({"rdns": []}) == {}
    assert S.parse_rdns([]) == {}


@pytest.mark.parametrize("body", [
    {}, {"success": True}, None, "web1.example.com",
    {"result_set": [{"ip": "203.0.113.10", "hostname": "web1.example.com"}]},  # issue 12: unknown wrapper key
    {"rdns": [{"ip": "203.0.113.10"}]},  # no name key: unknown, not "no PTR"
    {"rdns": [{"hostname": "web1.example.com"}]},
    {"rdns": {"203.0.113.10": ["web1.example.com"]}},
    {"rdns": [{"ip": "203.0.113.10", "hostname": 42}]},
    {"rdns": "203.0.113.10=web1.example.com"},
])
def test_parse_rdns_refuses_what_it_does_not_understand(body):
    with pytest.raises(XtomAnswerError) as err:
        S.parse_rdns(body)
    assert "web1.example.com" not in str(err.value)


@pytest.mark.parametrize("name,expected", [
    ("Web1.Example.COM.", "web1.example.com"),
    ("a", "a"),
    ("x-1.example.net", "x-1.example.net"),
])
def test_hostname_ok(name, expected):
    assert S.normalize_hostname(name) == expected


@pytest.mark.parametrize("name", ["", ".", "-a.example", "a-.example", "a..b", "a_b.example", "a b", "x" * 64 + ".com",
                                  ".".join(["a" * 60] * 5), "a\nb.example", "a\x00.example"])
def test_hostname_rejected_names_option_and_value(name):
    with pytest.raises(XtomValidationError) as err:
        S.normalize_hostname(name, option="hostname")
    assert "hostname=" in str(err.value)


def test_validate_rdns_records_normalises_and_rejects():
    assert S.validate_rdns_records({"2001:DB8:10:0:0::10": "A.example."}) == {"2001:db8:10::10": "a.example"}
    assert S.validate_rdns_records({"203.0.113.10": "exämple.com"}) == {"203.0.113.10": "xn--exmple-cua.com"}
    with pytest.raises(XtomValidationError, match="records=203.0.113.300: is not an IPv4 or IPv6 address"):
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
    assert "records=198.51.100.1: not an address of service db1" in str(err.value)
    assert "valid: 203.0.113.21, 203.0.113.20" in str(err.value)  # service list first, then the rDNS list


# ------------------------------------------------------------------ power, methods, cancellation
@pytest.mark.parametrize("body,expected", [
    ({"status": "running"}, "running"),
    ({"status": "Online"}, "running"),
    ({"power": "off"}, "stopped"),
    ({"status": {"state": "Stopped"}}, "stopped"),
    ({"status": True}, "running"),
    ("on", "running"),
    ({"status": "installing"}, "installing"),
    ({"success": True, "data": {"powerStatus": {"state": "offline"}}}, "stopped"),
    ({"status": "Hibernating"}, "hibernating"),  # returned, but not known: never taken as done
])
def test_parse_power(body, expected):
    assert S.parse_power(body) == expected
    assert S.is_known_power(expected) is (expected != "hibernating")


@pytest.mark.parametrize("body", [{}, {"result_set": {"status": "running"}}, {"status": ""}, {"status": 1},
                                  {"status": None}, {"status": {"x": "on"}}, None])
def test_parse_power_refuses_what_it_does_not_understand(body):
    with pytest.raises(XtomAnswerError):
        S.parse_power(body)


def test_parse_methods_unescapes_routes_and_refuses_junk():
    body = {"methods": [{"name": "Cancel Service", "method": "post", "route": "\\/service\\/@id\\/cancel"}]}
    assert S.parse_methods(body) == [{"name": "Cancel Service", "method": "POST", "route": "/service/@id/cancel"}]
    for bad in ({"methods": [{"name": "x"}]}, {"methods": ["junk"]}, {"result_set": body}, {}):
        with pytest.raises(XtomAnswerError):
            S.parse_methods(bad)


@pytest.mark.parametrize("body,expected", [
    ({"label": "example"}, "example"), ({"label": ""}, ""), ({"label": None}, ""), ({"label": 42}, "42"),
    ({"success": True, "data": {"label": "x"}}, "x"), ({"label": {"value": "x"}}, "x"), ({"customLabel": "y"}, "y"),
])
def test_parse_label(body, expected):
    assert S.parse_label(body) == expected


@pytest.mark.parametrize("body", [{}, {"result_set": {"label": "x"}}, {"label": ["x"]}, {"label": True}, "x"])
def test_parse_label_refuses(body):
    with pytest.raises(XtomAnswerError):
        S.parse_label(body)


REF_ROW = {"id": "301", "domain": "examplename.com", "total": "9.99", "status": "Pending", "billingcycle": "Monthly",
           "next_due": "2017-12-30", "category": "Hosting", "category_url": "hosting", "name": "Starter Hosting"}


def test_parse_service_list_reference_and_variants():
    expected = dict(REF_ROW, id=301, label="")
    assert S.parse_service_list({"services": [REF_ROW]}) == [expected]
    camel = {"id": 301, "domain": "examplename.com", "total": "9.99", "status": "Pending", "billingCycle": "Monthly",
             "nextDue": "2017-12-30", "category": "Hosting", "categoryUrl": "hosting", "name": "Starter Hosting"}
    assert S.parse_service_list({"success": True, "data": {"services": {"301": camel}}}) == [expected]
    assert S.parse_service_list([REF_ROW]) == [expected]
    assert S.parse_service_list({"services": []}) == []


@pytest.mark.parametrize("body", [
    {"result_set": {"services": [REF_ROW]}}, {}, {"services": ["301"]},
    {"services": [dict((k, v) for k, v in REF_ROW.items() if k != "status")]},
    {"services": [dict((k, v) for k, v in REF_ROW.items() if k != "domain")]},
    {"services": [dict(REF_ROW, id="³")]}, {"services": [dict(REF_ROW, id=None)]},
    {"services": [dict(REF_ROW, status={"x": 1})]},
])
def test_parse_service_list_refuses(body):
    with pytest.raises(XtomAnswerError) as err:
        S.parse_service_list(body)
    assert "examplename" not in str(err.value)


def test_parse_service_detail():
    detail = dict(REF_ROW, label="web", date_created="2016-12-30", username="u", password="secret")
    svc = S.parse_service_detail({"service": detail})
    assert svc["label"] == "web" and svc["date_created"] == "2016-12-30" and "password" not in svc
    assert S.parse_service_detail(detail)["id"] == 301  # the bare object
    with pytest.raises(XtomAnswerError):
        S.parse_service_detail({"result_set": {"service": detail}})


def test_service_row_label_not_read_is_null():
    svc = S.parse_service_list({"services": [REF_ROW]})[0]
    assert S.service_row(svc, label_read=False)["label"] is None
    assert S.service_row(svc)["label"] == ""
    assert sorted(S.service_row(svc)) == sorted(name for name, _keys in S.ROW_FIELDS)


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
    with pytest.raises(XtomValidationError, match="longer than 255"):
        S.validate_label("x" * 256)
    with pytest.raises(XtomValidationError, match="control character"):
        S.validate_label("a\x00b")


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
    opts = U.parse_upgrade_options(OPTIONS_BODY)
    cur = dict((r["name"], r["current"]) for r in opts["resources"])
    assert cur == {"Bandwidth": "9953", "Additional IPv4": 1, "Disks": "1"}
    assert opts["resources"][2]["current_qty"] == 2
    assert opts["packages"] == []


def test_plan_upgrade_no_change_is_empty():
    opts = U.parse_upgrade_options(OPTIONS_BODY)
    req, before, after = U.plan_upgrade(SVC, opts, {"bandwidth": "100 GB", "1559": 1, "Disks": {"SSD": 2}},
                                        "KVM VPS Starter", "m")
    assert req == {}
    assert before == after


def test_plan_upgrade_builds_the_documented_resource_format():
    opts = U.parse_upgrade_options(OPTIONS_BODY)
    req, before, after = U.plan_upgrade(SVC, opts, {"1557": "10103", "Additional IPv4": "3", "Disks": {"2": 4}},
                                        None, "Annually")
    assert req == {"resources": {"1557": "10103", "1559": "3", "1600": {"2": "4"}}, "cycle": "a"}
    assert before["resources"]["Bandwidth"] == "100 GB" and after["resources"]["Bandwidth"] == "500 GB"
    assert (before["cycle"], after["cycle"]) == ("Monthly", "Annually")


def test_plan_upgrade_unknown_names_list_valid_ones():
    opts = U.parse_upgrade_options(OPTIONS_BODY)
    with pytest.raises(XtomValidationError, match=r"resources=CPU: is not a resource .*Bandwidth \(1557\)"):
        U.plan_upgrade(SVC, opts, {"CPU": 2})
    with pytest.raises(XtomValidationError, match=r"resources\[Bandwidth\]='2 TB': is not an item of Bandwidth.*500 GB \(10103\)"):
        U.plan_upgrade(SVC, opts, {"Bandwidth": "2 TB"})
    with pytest.raises(XtomValidationError, match="takes a quantity"):
        U.plan_upgrade(SVC, opts, {"Additional IPv4": "many"})
    with pytest.raises(XtomValidationError, match="package='KVM VPS Pro': is not an upgrade package"):
        U.plan_upgrade(SVC, opts, package="KVM VPS Pro")


def test_plan_upgrade_package_by_id_or_name():
    body = dict(OPTIONS_BODY, package=[{"id": "101", "name": "KVM VPS Starter", "selected": True},
                                       {"id": "102", "name": "KVM VPS Pro"}])
    opts = U.parse_upgrade_options(body)
    assert U.plan_upgrade(SVC, opts, package="101")[0] == {}
    assert U.plan_upgrade(SVC, opts, package="kvm vps pro")[0] == {"package": 102}


@pytest.mark.parametrize("value,code", [("m", "m"), ("Monthly", "m"), ("annually", "a"), ("semiannually", "s"),
                                        ("Semi-Annually", "s"), ("t", "t")])
def test_normalize_cycle(value, code):
    assert U.normalize_cycle(value) == code


def test_plan_upgrade_unknown_current_value_is_an_error_not_a_difference():
    body = {"resources": [{"id": 1557, "name": "Bandwidth", "type": "select", "items": [
        {"id": "9953", "name": "100 GB"}, {"id": "10103", "name": "500 GB"}]},  # no "selected" anywhere
        {"id": "1559", "name": "Additional IPv4", "type": "qty", "items": []}], "package": []}
    opts = U.parse_upgrade_options(body)
    for asked in ({"Bandwidth": "500 GB"}, {"Additional IPv4": 2}):
        with pytest.raises(XtomApiError, match="GET /service/1001/upgrade.*does not say which value is selected"):
            U.plan_upgrade(SVC, opts, asked)
    with pytest.raises(XtomApiError, match="billing cycle '1 month'"):
        U.plan_upgrade(dict(SVC, billingcycle="1 month"), opts, cycle="a")


@pytest.mark.parametrize("body", [{}, {"result_set": OPTIONS_BODY}, {"resources": [{"name": "x"}]},
                                  {"resources": [{"id": 1, "name": "x", "items": [{"name": "no id"}]}]},
                                  {"resources": [{"id": 1, "name": "x", "items": [{"id": "1", "name": "a",
                                                                                   "selected": "maybe"}]}]}])
def test_parse_upgrade_options_refuses(body):
    with pytest.raises(XtomAnswerError):
        U.parse_upgrade_options(body)


@pytest.mark.parametrize("body", [{"success": True, "summary": {"total": "4.00"}},
                                  {"success": True, "data": {"estimate": {"total": "4.00"}}},
                                  {"total": "4.00", "currency": "USD", "success": True}])
def test_parse_estimate(body):
    assert U.parse_estimate(body)["total"] == "4.00"


def test_parse_estimate_refuses():
    with pytest.raises(XtomAnswerError):
        U.parse_estimate({"success": True, "result_set": {"total": "4.00"}})


def test_validate_upgrade_input_rejects_before_any_request():
    with pytest.raises(XtomValidationError, match="package='a\\\\nb': contains a control character"):
        U.validate_upgrade_input(None, "a\nb", None)
    with pytest.raises(XtomValidationError, match="cycle=fortnightly"):
        U.validate_upgrade_input(None, None, "fortnightly")
    with pytest.raises(XtomValidationError, match=r"resources\[Bandwidth\]"):
        U.validate_upgrade_input({"Bandwidth": ""}, None, None)
    with pytest.raises(XtomValidationError, match=r"resources\[Disks\]"):
        U.validate_upgrade_input({"Disks": {"SSD": 1, "NVMe": 2}}, None, None)
    assert U.validate_upgrade_input({"Bandwidth": "500 GB", "IPv4": 2}, "102", "a") == "a"


# ------------------------------------------------------------------ reinstall
@pytest.mark.parametrize("body", [
    {"profiles": [{"id": "11", "name": "Debian 12"}, {"id": 12, "name": "Ubuntu 24.04 LTS"}]},
    {"profiles": {"11": "Debian 12", "12": "Ubuntu 24.04 LTS"}},
    {"templates": {"a": {"id": "11", "name": "Debian 12"}, "b": {"id": "12", "name": "Ubuntu 24.04 LTS"}}},
    {"reinstall": {"os": [{"id": "11", "title": "Debian 12"}, {"id": "12", "title": "Ubuntu 24.04 LTS"}]}},
    {"templates": {"11": "Debian 12", "12": "Ubuntu 24.04 LTS"}, "packageSelection": {"minimal": "Minimal"}},
    {"success": True, "data": {"profiles": [{"profileId": 11, "name": "Debian 12"}, {"id": "12", "name": "Ubuntu 24.04 LTS"}]}},
])
def test_parse_reinstall_options(body):
    opts = R.parse_reinstall_options(body)
    assert opts["profiles"] == [{"id": "11", "name": "Debian 12"}, {"id": "12", "name": "Ubuntu 24.04 LTS"}]
    assert R.resolve_profile(opts, "debian 12")["id"] == "11"
    assert R.resolve_profile(opts, "12")["name"] == "Ubuntu 24.04 LTS"
    with pytest.raises(XtomValidationError, match=r"profile=Arch: is not a reinstall profile.*Debian 12 \(11\)"):
        R.resolve_profile(opts, "Arch")


@pytest.mark.parametrize("body", [{}, {"result_set": {"profiles": []}}, {"profiles": [["Debian"]]}, {"profiles": [{"name": ""}]},
                                  {"profiles": "Debian"}, None])
def test_parse_reinstall_options_refuses(body):
    with pytest.raises(XtomAnswerError):
        R.parse_reinstall_options(body)


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
