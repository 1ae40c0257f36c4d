"""The four DNS modules run in this process (main() with patched arguments) against the simulator.

Fast checks of bad input (a clear message naming the option, and not one request) and of the
request budget; the ansible-playbook runs are in tests/integration/test_dns_*.py.
"""

import contextlib
import importlib
import io
import json

import pytest
from ansible.module_utils.testing import patch_module_args


def run_module(sim, module_name, **args):
    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules." + module_name)
    args.update({"api_url": sim.api_url, "api_username": sim.username, "api_password": sim.password})
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


BAD = [
    ("dns_zone", {"zone": "not a zone"}, "zone='not a zone': is not a valid zone name"),
    ("dns_zone", {"zone": "com"}, "zone=com: is not a valid zone name"),
    ("dns_zone", {"zone": "-bad.com"}, "zone=-bad.com: is not a valid zone name"),
    ("dns_zone", {"zone": "under_score.com"}, "is not a valid zone name"),
    ("dns_zone", {"zone": "example..com"}, "is not a valid zone name"),
    ("dns_zone", {"zone": "%s.com" % ("x" * 64)}, "is not a valid zone name"),
    ("dns_zone", {"zone": "example.org", "state": "gone"}, "value of state must be one of"),
    ("dns_zone", {}, "one of the following is required: zone, zone_id"),
    ("dns_zone_info", {"zone": "bad zone"}, "zone='bad zone': is not a valid zone name"),
    ("dns_zone_info", {"zone": "example.com", "domain": "example.com"}, "mutually exclusive"),
    ("dns_zone_info", {"service": "dns", "domain": "example.com"}, "mutually exclusive"),
    ("dns_zone_info", {"zone_id": "abc"}, "zone_id"),
    ("dns_record", {"zone": "example.com", "record": "www", "type": "A", "value": ["1.2.3"]}, "is not an IPv4"),
    ("dns_record", {"zone": "example.com", "domain": "example.com", "record": "www", "type": "A",
                    "value": ["203.0.113.1"]}, "mutually exclusive"),
    ("dns_record", {"record": "www", "type": "A", "value": ["203.0.113.1"]}, "one of the following is required"),
    ("dns_record", {"zone": "example.com", "record": "www", "type": "A", "value": ["203.0.113.1"],
                    "on_existing": "merge"}, "value of on_existing must be one of"),
    ("dns_record", {"zone": "example.com", "record": "_sip._tcp", "type": "SRV", "value": ["5 5060 sip.example.com"]},
     "needs a priority"),
    ("dns_record", {"zone": "example.com", "record": "@", "type": "CAA", "value": ["letsencrypt.org"]},
     "is not a CAA value"),
    ("dns_record", {"zone": "example.com", "record": "x" * 64, "type": "A", "value": ["203.0.113.1"]},
     "has an invalid label"),
    ("dns_record", {"zone": "example.com", "record": "@", "type": "MX", "value": ["mail.example.com"],
                    "priority": 70000}, "priority=70000: must be an integer from 0 to 65535"),
    ("dns_records", {"zone": "example.com", "records": [{"record": "a", "type": "A", "value": ["203.0.113.1"],
                                                         "bogus": 1}]}, "bogus"),
    ("dns_records", {"zone": "example.com", "records": [], "ignore": [{"record": "x", "type": "A", "extra": 1}]},
     "extra"),
]


@pytest.mark.parametrize("module_name, args, text", BAD, ids=["%s-%d" % (b[0], n) for n, b in enumerate(BAD)])
def test_bad_input_fails_before_any_request(sim, module_name, args, text):
    mark = sim.mark()
    result = run_module(sim, module_name, **args)
    assert result.get("failed"), result
    assert text in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"]
    assert sim.requests(mark) == []


def test_zone_info_with_zone_id_and_numeric_service_is_one_get(sim):
    mark = sim.mark()
    result = run_module(sim, "dns_zone_info", zone_id=3002, service="1003", include=["records"])
    assert result["zones"][0]["name"] == "example.net" and len(result["zones"][0]["records"]) == 5
    assert sim.counts(mark) == {"GET": 1}


def test_zone_info_service_filter_and_unknown_domain(sim):
    assert [z["name"] for z in run_module(sim, "dns_zone_info", service="dns")["zones"]] == ["example.com", "example.net"]
    assert run_module(sim, "dns_zone_info", service="1001")["zones"] == []
    result = run_module(sim, "dns_zone_info", domain="example.invalid")
    assert result["failed"] and "domain=example.invalid: is not a domain of this account" in result["msg"]


def test_zone_create_with_two_dns_services_needs_service(sim):
    sim.db["services"][1010] = dict(sim.db["services"][1003], id="1010", domain="dns2.example.com", label="dns2")
    mark = sim.mark()
    result = run_module(sim, "dns_zone", zone="example.org")
    assert result["failed"] and "2 DNS hosting services; set service to one of" in result["msg"]
    assert "dns2.example.com (id 1010" in result["msg"] and sim.writes(mark) == []
    result = run_module(sim, "dns_zone", zone="example.org", service="dns2.example.com")
    assert result["changed"] and result["zone"]["service_id"] == 1010


def test_record_module_reports_api_errors_in_one_line(sim):
    sim.fault(status=500, method="GET", path="^/service/1003/dns/3001$")
    result = run_module(sim, "dns_record", zone="example.com", record="www", type="A", value=["203.0.113.10"])
    assert result["failed"] and result["msg"].startswith("GET /service/1003/dns/3001 failed (HTTP 500)")
    assert result["api_error"]["status"] == 500


def test_record_post_gateway_error_is_reported_as_uncertain_and_rerun_converges(sim):
    sim.fault(status=502, method="POST", after=True)
    args = dict(zone="example.com", record="new", type="A", value=["203.0.113.77"])
    result = run_module(sim, "dns_record", **args)
    assert result["failed"] and "may have carried out this request" in result["msg"]
    again = run_module(sim, "dns_record", **args)
    assert again["changed"] is False  # the server had created it: nothing is sent twice
    assert sum(1 for r in sim.db["dns_zones"][3001]["records"] if r["name"] == "new") == 1
