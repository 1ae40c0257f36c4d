import sys, json
sys.path.insert(0, "/work/main/tests/unit")
from test_review_orders import run_module
import pytest

CASES = [
    ("service_upgrade", dict(service="1001", resources={"Bandwidth": None})),
    ("service_upgrade", dict(service="1001", resources={"Bandwidth": {}})),
    ("service_upgrade", dict(service="1001", resources={"Bandwidth": {"500 GB": 1, "1 TB": 2}})),
    ("service_upgrade", dict(service="1001", resources={"Memory": "2"})),
    ("service_upgrade", dict(service="1001", package="KVM VPS Starter")),
    ("service_upgrade", dict(service="1001", cycle="")),
    ("rdns", dict(service="1001", records={"203.0.113.10": None})),
    ("rdns", dict(service="1001", ip="203.0.113.10", hostname="WEB1.EXAMPLE.COM.")),
    ("rdns", dict(service="1001", records={})),
    ("order", dict(product="KVM VPS Starter", hostname="web9.example.com", options={"Operating System": None, "Location": "Tokyo"})),
    ("order", dict(items=[{}])),
    ("order", dict(items=[{"type": "domain"}])),
    ("order", dict(product="KVM VPS Starter", hostname="web9.example.com", options={"Operating System": "Debian 12", "Location": "Tokyo", "Extra IPv4 Addresses": "٣"})),
    ("order", dict(product="KVM VPS Starter", hostname="web9.example.com", options={"Operating System": "Debian 12", "Location": "Tokyo", "Extra IPv4 Addresses": True})),
    ("order", dict(product="KVM VPS Starter", hostname="web9.example.com", cycle="Montly", options={"Operating System": "Debian 12", "Location": "Tokyo"})),
    ("order", dict(product="KVM VPS Starter", hostname="web9.example.com", pay_method="٣", options={"Operating System": "Debian 12", "Location": "Tokyo"})),
    ("order", dict(type="certificate", product="PositiveSSL", csr="-----BEGIN CERTIFICATE REQUEST-----\ngarbage\n-----END CERTIFICATE REQUEST-----", hostname="x.example.com")),
    ("service_reinstall", dict(service="1001", confirm_hostname="web1.example.com", profile="Debian 12", extras={"extra1": {"a": 1}})),
    ("service_reinstall", dict(service="1001", confirm_hostname="web1.example.com", profile="Debian 12", wait_interval=0.0001, wait=True, wait_timeout=1)),
    ("service_wait", dict(service="1001", status="")),
    ("service_wait", dict(service="1001", status="Active", power="running", wait_interval=0.01, wait_timeout=1)),
    ("service_info", dict(status=["Actve"], strict=True)),
    ("service_info", dict(service="")),
    ("product_info", dict(include=["bogus"])),
    ("certificate_info", dict(id="３")),
    ("certificate_info", dict(domain="x\n.example.com")),
]

@pytest.mark.parametrize("n", range(len(CASES)))
def test_x(sim, n):
    mod, args = CASES[n]
    for check in (True,):
        mark = sim.mark()
        r = run_module(sim, mod, check=check, **args)
        r.pop("invocation", None)
        print("\n", mod, args, "\n  ->", str(r)[:400])
        assert "exception" not in r and "module_stderr" not in r
