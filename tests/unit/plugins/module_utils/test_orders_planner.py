"""OrderPlanner against the in-process simulator: validation, idempotence, quotes, never-twice."""

import os

import pytest

from ansible_collections.xtom.console.plugins.module_utils import orders as O
from ansible_collections.xtom.console.plugins.module_utils.common import XtomValidationError

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")
VPS = {"product": "KVM VPS Starter", "hostname": "web9.example.com",
       "options": {"Operating System": "Debian 12", "Location": "Tokyo"}}


def csr(name):
    with open(os.path.join(DATA, name + ".csr")) as f:
        return f.read()


def plan(client, *specs, **kwargs):
    specs = [dict({"type": "product"}, **s) for s in specs]
    return O.OrderPlanner(client, specs, cart=kwargs.pop("cart", len(specs) > 1), **kwargs).prepare()


def order_posts(sim):
    return [e for e in sim.requests(method="POST") if e["path"] != "/domain/lookup"]


def test_product_by_id_costs_three_gets(sim, client):
    p = plan(client, dict(VPS, product="101"))
    assert client.counts == {"GET": 2}  # GET /order/101, GET /service
    assert [e["path"] for e in sim.requests()] == ["/order/101", "/service"]
    item = p.items[0]
    assert item["existing"] is None and item["body"] == {"domain": "web9.example.com", "cycle": "m",
                                                         "custom": {"1700": 10400, "1701": 10411}}


@pytest.mark.parametrize("spec, message", [
    (dict(VPS, product="KVM VPS Mega"), "product='KVM VPS Mega': is not a product on sale (did you mean"),
    (dict(VPS, product="999"), "product=999: is not a product on sale; valid: 'KVM VPS Starter' (id 101"),
    (dict(VPS, category="Dedicated"), "is not a product on sale in category 'Dedicated'"),
    (dict(VPS, category="Mainframes"), "category=Mainframes: is not a product category"),
    (dict(VPS, cycle="b"), "cycle=b: is not offered for product 'KVM VPS Starter' (id 101); valid: m (Monthly, "
                           "9.99), q (Quarterly, 28.50), a (Annually, 99.00)"),
    (dict(VPS, options={"Location": "Tokyo"}), "options.Operating System=None: is required for product 'KVM VPS Starter' (id 101)"),
    (dict(VPS, options={"Operating System": "Debian 12", "Location": "Mars"}), "options.Location=Mars: is not a choice "
                                                                               "of product 'KVM VPS Starter' (id 101); valid: 'Hong Kong' (id 10410)"),
    ({"type": "domain", "name": "fresh.invalid"}, "its TLD is not offered"),
    ({"type": "domain", "name": "fresh.io", "years": 2}, "years=2: .io can be registered for 1 year(s)"),
    ({"type": "domain", "name": "fresh.io", "options": {"Language": "Klingon"}}, "options.Language=Klingon: is not a choice"),
    ({"type": "domain", "name": "nothere.com", "action": "renew"}, "name=nothere.com: is not a live domain of this "
                                                                   "account: it cannot be renewed"),
    ({"type": "domain", "name": "example.io"}, "name=example.io: is not available for registration"),
    ({"type": "certificate", "product": "PositiveSSL", "csr": csr("example.com"), "years": 3},
     "years=3: is not offered for 'PositiveSSL'; valid: 1, 2"),
    ({"type": "certificate", "product": "Gold", "csr": csr("example.com")}, "product=Gold: is not a certificate"),
])
def test_invalid_choices_order_nothing(sim, client, spec, message):
    with pytest.raises(XtomValidationError) as err:
        plan(client, spec)
    assert message in str(err.value)
    assert order_posts(sim) == []


def test_pay_method_by_name_or_id(sim, client):
    assert plan(client, VPS, pay_method="paypal").pay_method == {"id": 9, "name": "PayPal"}
    assert plan(client, VPS, pay_method="11").pay_method == {"id": 11, "name": "Stripe"}
    with pytest.raises(XtomValidationError, match=r"pay_method=Cash: is not a payment method of this account; "
                                                  r"valid: PayPal \(id 9\), BankTransfer \(id 10\), Stripe"):
        plan(client, VPS, pay_method="Cash")


def test_cart_refuses_duplicates_and_renewals(sim, client):
    with pytest.raises(XtomValidationError, match="the same thing is ordered twice: product 101 web9.example.com"):
        plan(client, VPS, dict(VPS, product="101"))
    with pytest.raises(XtomValidationError, match="a renewal cannot be part of a cart"):
        plan(client, VPS, {"type": "domain", "name": "example.net", "action": "renew"})
    with pytest.raises(XtomValidationError, match=r"^items\[1\].hostname=None: is required"):
        plan(client, VPS, {"product": "301"})


def test_existing_items_are_found(sim, client):
    p = plan(client, dict(VPS, hostname="WEB1.example.com."), {"type": "domain", "name": "example.org"},
             {"type": "certificate", "product": "401", "csr": csr("example.com")},
             {"product": "KVM VPS Starter", "hostname": "old.example.com",
              "options": {"Operating System": "Debian 12", "Location": "Tokyo"}})
    assert [(i["existing"] or {}).get("id") for i in p.items] == [1001, 2004, 3001, None]  # 1004 is Cancelled
    assert p.to_order == [p.items[3]]
    assert [r["existing"] for r in p.results()] == [True, True, True, False]


def test_existing_service_needs_no_required_options(sim, client):
    # The service exists: the options only an order needs may be left out...
    p = plan(client, {"product": "KVM VPS Starter", "hostname": "web1.example.com"})
    assert p.items[0]["existing"]["id"] == 1001 and p.to_order == []
    # ...but a wrong option is still an error, and a new service still needs them.
    with pytest.raises(XtomValidationError, match="is not an option of"):
        plan(client, {"product": "KVM VPS Starter", "hostname": "web1.example.com", "options": {"Colour": "red"}})
    with pytest.raises(XtomValidationError, match="options.Operating System=None: is required for product 'KVM VPS Starter'"):
        plan(client, {"product": "KVM VPS Starter", "hostname": "web9.example.com"})


def test_existing_with_other_cycle_warns(sim, client):
    p = plan(client, dict(VPS, hostname="web1.example.com", cycle="a"))
    assert p.items[0]["existing"]["id"] == 1001
    assert p.warnings() == ["service 1001 exists with billing cycle Monthly, not Annually; nothing was ordered "
                            "or changed"]


def test_quote_orders_nothing(sim, client):
    p = plan(client, dict(VPS, promocode="WELCOME10"), pay_method="PayPal")
    mark = sim.mark()
    quote = p.quote()
    # the quote has no currency: the account's (GET /balance) is returned with it
    assert [(e["method"], e["path"]) for e in sim.requests(mark)] == [("POST", "/quote"), ("GET", "/balance")]
    assert quote["currency"] == "USD" and quote["currency_source"] == "account"
    assert sim.requests(mark)[0]["body"]["pay_method"] == 9
    assert quote["subtotal"] == "9.99" and quote["discount"] == "1.00" and quote["total"] == "10.88"
    assert sim.db["orders"] == {}


def test_quote_refusal_is_an_error(sim, client):
    p = plan(client, dict(VPS, promocode="FREESTUFF"))
    with pytest.raises(XtomValidationError, match="the portal refuses this order .POST /quote.: product 'KVM VPS "
                                                  "Starter' for web9.example.com: Invalid promotion code"):
        p.quote()


def test_place_and_wait(sim, client):
    p = plan(client, VPS)
    order = p.place()
    assert order["items"][0]["id"] == 1007 and order["invoice_id"] == 308980
    sleeps = []
    p.wait_active(60, interval=2, sleep=sleeps.append)
    assert sleeps == [2, 2]  # Pending twice, then Active (waiting.wait_for_service: one read every interval)
    assert p.results()[0]["status"] == "Active"


def test_wait_timeout_says_it_was_ordered(sim, client):
    p = plan(client, VPS)
    p.place()
    now = [0.0]

    def sleep(s):
        now[0] += s

    with pytest.raises(O.WaitError, match="product 'KVM VPS Starter' for web9.example.com: service 1007 did not "
                                          "reach status Active within 1(.0)? seconds .wait_timeout.; .*it was "
                                          "ordered: run again to keep waiting, nothing will be ordered twice"):
        p.wait_active(1, sleep=sleep, clock=lambda: now[0])


def test_uncertain_failure_finds_the_service_and_never_resends(sim, client):
    sim.fault(status=502, method="POST", path="^/order", after=True)
    p = plan(client, VPS)
    assert p.place() is None
    assert "got no clear answer (HTTP 502) and was not sent again; the account shows it was placed" in p.recovered
    assert p.results()[0]["id"] == 1007
    assert len(order_posts(sim)) == 1 and len(sim.db["orders"]) == 1


def test_uncertain_failure_with_nothing_found(sim, client):
    sim.fault(status=503, method="POST", path="^/order")
    p = plan(client, VPS)
    with pytest.raises(O.OrderUncertainError, match="Nothing was found for product 'KVM VPS Starter' for "
                                                    "web9.example.com: the order was probably not placed"):
        p.place()
    assert len(order_posts(sim)) == 1 and sim.db["orders"] == {}


def test_uncertain_cart_reports_each_item(sim, client):
    sim.fault(status=504, method="POST", path="^/order$", after=True)
    p = plan(client, VPS, {"type": "domain", "name": "fresh-example.net"},
             {"type": "certificate", "product": "PositiveSSL", "csr": csr("shop.example.net"),
              "approver_email": "admin@example.net"})
    assert p.place() is None
    assert [r["id"] is not None for r in p.results()] == [True, True, True]
    assert len(order_posts(sim)) == 1


def test_renewal_guard_uses_unpaid_invoices(sim, client):
    renew = {"type": "domain", "name": "example.net", "action": "renew"}
    p = plan(client, renew)
    order = p.place()
    assert order["invoice_id"] and p.results()[0]["id"] == 2002
    again = plan(client, renew)
    assert again.to_order == [] and again.results()[0]["invoice_id"] == order["invoice_id"]
    skip = plan(client, dict(renew, renew_within_days=10))
    assert skip.to_order == [] and "more than renew_within_days=10" in skip.warnings()[0]
    assert len([e for e in sim.requests(method="POST") if e["path"].endswith("/renew")]) == 1


def test_wait_read_failure_says_it_was_ordered(sim, client):
    p = plan(client, VPS)
    p.place()
    sim.fault(status=404, method="GET", path="^/service/1007$")
    with pytest.raises(O.WaitError, match="service 1007 .* reading its status failed .*; it was ordered: run again"):
        p.wait_active(60, sleep=lambda s: None)
    assert len(order_posts(sim)) == 1


class _ReversedAnswers(object):
    """The real client, but order answers list their items in reverse (nothing documents the order)."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        return getattr(self._client, name)

    def post(self, path, data=None, params=None, parse=None):
        body = self._client.post(path, data, parse=parse)
        if path == "/order" and isinstance(body.get("items"), list):
            body["items"] = body["items"][::-1]
        return body


def test_cart_answer_rows_are_matched_by_identity_not_position(sim, client):
    p = plan(_ReversedAnswers(client), VPS, {"type": "domain", "name": "fresh-example.net"})
    p.place()
    ids = [r["id"] for r in p.results()]
    assert sim.db["services"][ids[0]]["domain"] == "web9.example.com"
    assert sim.db["domains"][ids[1]]["name"] == "fresh-example.net"
    paths = [(e["method"], e["path"]) for e in sim.requests()]
    assert paths[-1] == ("POST", "/order")  # matched from the answer: no lookup afterwards


class _RenamingAnswers(_ReversedAnswers):
    """The real client, but the order answer names the new service differently (as a portal may)."""

    def post(self, path, data=None, params=None, parse=None):
        body = self._client.post(path, data, parse=parse)
        if path.startswith("/order/"):
            body["items"]["name"] = "vps-1007.portal.example"
        return body


def test_service_registered_under_another_name_is_returned_with_a_warning(sim, client):
    p = plan(_RenamingAnswers(client), VPS)
    p.place()
    assert p.results()[0]["id"] == 1007
    assert p.warnings() == ["the portal registered product 'KVM VPS Starter' for web9.example.com as "
                            "'vps-1007.portal.example', not 'web9.example.com': a run with hostname=web9.example.com "
                            "would not find service 1007 and would order again"]
