"""Review of the services area: regression tests (modules run in-process against the simulator)."""

import pytest

from test_review_orders import run_module

BOTH = pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)


@BOTH
def test_service_wait_returns_the_service_as_service_info_lists_it(sim):
    """GET /service/@id has no category: service_wait returned category "" and category_url "" for a
    service that has both (a returned ``service`` has the shape and values of service_info's rows)."""
    waited = run_module(sim, "service_wait", service="web1.example.com", wait_timeout=5, wait_interval=1)
    listed = run_module(sim, "service_info", service="web1.example.com")
    assert waited.get("failed") is not True, waited
    row = dict((k, listed["services"][0][k]) for k in waited["service"])
    assert waited["service"] == row
    assert waited["service"]["category"] == "Virtual Servers" and waited["service"]["label"] == "web1"
