"""xtom.console.order through ansible-playbook against the simulator.

Orders spend money: every test here checks how many orders the simulator received.
"""

import os

import pytest

from conftest import step

CSR_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "unit", "data")

SERVER = """
        product: KVM VPS Starter
        hostname: web9.example.com
        cycle: Monthly
        options:
          Operating System: Debian 12
          Location: Tokyo
          Daily Backups: true
          Extra IPv4 Addresses: 2
        pay_method: PayPal"""

ORDER_FLOW = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: quote
      xtom.console.order:%(server)s
      check_mode: true
      diff: true
      register: quote
    - name: log after quote
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/log"
      register: log1
    - name: order
      xtom.console.order:%(server)s
        wait: true
        wait_timeout: 60
        wait_interval: 1
      diff: true
      register: ordered
    - name: again
      xtom.console.order:%(server)s
        wait: true
        wait_interval: 1
      register: again
    - name: again in check mode
      xtom.console.order:%(server)s
      check_mode: true
      register: again_check
""" % {"server": SERVER}


def failures(run):
    return [(name, res.get("msg")) for name, res in run.results if res.get("failed")] or run


def _orders(sim, since=0):
    return [e for e in sim.requests(since, "POST") if e["path"].startswith("/order") or e["path"].endswith("/order")]


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_quote_then_order_wait_then_idempotent(sim, run_playbook):
    run = run_playbook(ORDER_FLOW)
    assert run.rc == 0, failures(run)

    quote = run.task("quote")
    assert quote["changed"] is True
    q = quote["quote"]
    # 9.99 + 3.00 backups + 2 x 2.00 IPv4 = 16.99 a month; VAT 21 %
    assert q["subtotal"] == "16.99" and q["total"] == "20.56" and q["source"] == "quote"
    assert q["tax"] == [{"name": "VAT", "rate": "21.0", "amount": "3.57"}]
    assert q["recurring"] == [{"cycle": "m", "name": "Monthly", "price": "16.99"}]
    assert quote["order"] is None and quote["id"] is None
    what = "product 'KVM VPS Starter' for web9.example.com"
    assert [(c["action"], c["what"], c["before"]) for c in quote["changes"]] == [("order", what, None)]
    assert quote["diff"][0]["before_header"] == quote["diff"][0]["after_header"] == what
    assert quote["diff"][0]["before"] == {}
    assert quote["diff"][0]["after"]["options"] == {
        "Operating System": "Debian 12", "Location": "Tokyo", "Daily Backups": True, "Extra IPv4 Addresses": 2}
    # the reference's quote has no currency: the account's; the variant portal sends one in the quote
    assert q["currency"] == "USD" and q["currency_source"] == ("quote" if sim.sim.variant else "account")
    log1 = run.task("log after quote")["json"]
    assert [e["path"] for e in log1["entries"] if e["method"] == "POST"] == ["/quote"]
    assert quote["ordered"][0]["existing"] is False

    ordered = run.task("order")
    assert ordered["changed"] is True
    sid = ordered["id"]
    assert sid == 1007
    assert ordered["ordered"][0]["status"] == "Active"
    assert ordered["order"]["invoice_id"] == 308980 and ordered["order"]["total"] == "20.56"
    assert ordered["order"]["order_num"] == 873340995
    # check mode and the real run plan the same change set
    assert ordered["changes"] == quote["changes"] and ordered["diff"] == quote["diff"]
    assert ordered["ordered"][0]["id"] == sid

    again = run.task("again")
    assert again["changed"] is False and again["id"] == sid and again["ordered"][0]["existing"] is True
    assert again["order"] is None and again["changes"] == [] and again["diff"] == []
    assert run.task("again in check mode")["changed"] is False

    # exactly one order POST in the whole run, one new service, one new invoice
    assert len(_orders(sim)) == 1
    assert [s for s in sim.db["services"].values() if s["domain"] == "web9.example.com"] == [sim.db["services"][sid]]
    assert sim.db["services"][sid]["status"] == "Active"
    assert len(sim.db["orders"]) == 1
    body = _orders(sim)[0]["body"]
    assert body == {"domain": "web9.example.com", "cycle": "m", "pay_method": 9,
                    "custom": {"1700": 10400, "1701": 10411, "1703": {"10430": 1}, "1704": {"10440": 2}}}


def test_order_request_log(sim, run_playbook):
    """The requests of one order by product name, without wait: catalog, payment, services, one POST."""
    run = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: order
      xtom.console.order:
        product: DNS Hosting
        hostname: dns2.example.com
        cycle: a
        pay_method: BankTransfer
      register: ordered
""")
    assert run.rc == 0, failures(run)
    log = [(e["method"], e["path"]) for e in sim.requests()]
    assert log == [
        ("GET", "/category"),
        ("GET", "/category/10/product"),
        ("GET", "/category/16/product"),
        ("GET", "/category/20/product"),
        ("GET", "/category/6/product"),
        ("GET", "/category/30/product"),
        ("GET", "/order/301"),
        ("GET", "/payment"),
        ("GET", "/service"),
        ("POST", "/order/301"),
    ]
    assert run.task("order")["ordered"][0]["status"] == "Pending"


def test_uncertain_502_on_order_is_not_repeated(sim, run_playbook):
    sim.fault(status=502, method="POST", path="^/order", after=True)
    run = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: order
      xtom.console.order:
        product: "301"
        hostname: dns2.example.com
      register: ordered
    - name: again
      xtom.console.order:
        product: "301"
        hostname: dns2.example.com
      register: again
""")
    assert run.rc == 0, failures(run)
    ordered = run.task("order")
    assert ordered["changed"] is True and ordered["order"] is None
    new = [s for s in sim.db["services"].values() if s["domain"] == "dns2.example.com"]
    assert len(new) == 1 and ordered["id"] == int(new[0]["id"])
    # reported as a warning (and in changes), not a return key of its own
    assert "recovered" not in ordered
    assert "got no clear answer (HTTP 502) and was not sent again" in ordered["warnings"][0]
    assert "the account shows it was placed" in ordered["warnings"][0]
    assert [c["what"] for c in ordered["changes"]] == ["product 'DNS Hosting' for dns2.example.com"]
    assert run.task("again")["changed"] is False and run.task("again")["id"] == ordered["id"]
    assert len(_orders(sim)) == 1  # the 502 was not retried and the re-run ordered nothing


def test_uncertain_failure_with_nothing_placed_fails_clearly(sim, run_playbook):
    sim.fault(status=504, method="POST", path="^/order")  # answered before the server acted
    run = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: order
      xtom.console.order:
        product: "301"
        hostname: dns2.example.com
      register: ordered
      ignore_errors: true
""")
    res = run.task("order")
    assert res["failed"] is True
    assert "was not sent again" in res["msg"] and "Nothing was found" in res["msg"]
    assert len(_orders(sim)) == 1
    assert not [s for s in sim.db["services"].values() if s["domain"] == "dns2.example.com"]


def test_invalid_choices_fail_before_ordering(sim, run_playbook):
    """One of each kind through Ansible; every other invalid choice is in tests/unit/plugins/module_utils/test_orders_planner.py."""
    tasks = {
        "unknown product": "product: KVM VPS Mega\n        hostname: x.example.com",
        "bad cycle": "product: KVM VPS Pro\n        hostname: x.example.com\n        cycle: q\n"
                     "        options: {Operating System: Debian 12, Location: Tokyo}",
        "unknown option": "product: '101'\n        hostname: x.example.com\n"
                          "        options: {Operating System: Debian 12, Location: Tokyo, GPU: yes}",
        "unknown value": "product: '101'\n        hostname: x.example.com\n"
                         "        options: {Operating System: Gentoo, Location: Tokyo}",
        "bad pay method": "product: '301'\n        hostname: x.example.com\n        pay_method: Bitcoin",
        "stray option": "product: '301'\n        hostname: x.example.com\n        years: 2",
        "tld form": "type: domain\n        name: fresh-example.io\n        options: {Language: XYZ}",
        "bad software": "type: certificate\n        product: PositiveSSL\n        csr: \"{{ csr }}\"\n"
                        "        software: Tomcat",
    }
    play = "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
    for name, args in tasks.items():
        play += "    - name: %s\n      xtom.console.order:\n        %s\n      ignore_errors: true\n" % (name, args)
    with open(os.path.join(CSR_DIR, "shop.example.net.csr")) as f:
        csr = f.read()
    run = run_playbook(play, extra_vars={"csr": csr})
    msgs = {name: run.task(name)["msg"] for name in tasks}
    for name in tasks:
        assert run.task(name)["failed"] is True, name
    assert "product='KVM VPS Mega': is not a product on sale (did you mean KVM VPS Pro, KVM VPS Starter?)" \
        in msgs["unknown product"]
    assert msgs["bad cycle"].startswith("cycle=q: is not offered for product 'KVM VPS Pro' (id 102); "
                                        "valid: m (Monthly, 19.99), a (Annually, 199.00)")
    assert "options=GPU: is not an option of product 'KVM VPS Starter'" in msgs["unknown option"]
    assert "'Operating System' (id 1700)" in msgs["unknown option"]
    assert "options.Operating System=Gentoo: is not a choice of product 'KVM VPS Starter' (id 101); " \
           "valid: 'Debian 12' (id 10400)" in msgs["unknown value"]
    assert msgs["bad pay method"] == ("pay_method=Bitcoin: is not a payment method of this account; valid: "
                                      "PayPal (id 9), BankTransfer (id 10), Stripe (id 11)")
    assert msgs["stray option"] == "years=2: years is not used when ordering a product (type=product)"
    assert "options.Language=XYZ: is not a choice of TLD .io; valid: 'AFR' (id 10952)" in msgs["tld form"]
    assert "software=Tomcat: is not offered for 'PositiveSSL'; valid: AOL (id 0)" in msgs["bad software"]
    # nothing ordered, nothing quoted, nothing looked up
    assert sim.writes() == []
    assert sim.db["orders"] == {}


def test_domain_register_renew_and_cart(sim, run_playbook):
    run = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: register
      xtom.console.order:
        type: domain
        name: fresh-example.com
        years: 2
        nameservers: [ns1.example.com, ns2.example.com]
        options: {DNS Management: true}
        registrant: 49
      register: reg
    - name: register again
      xtom.console.order:
        type: domain
        name: fresh-example.com
        years: 2
      register: reg_again
    - name: transfer existing
      xtom.console.order:
        type: domain
        action: transfer
        name: example.com
        epp: "s3cret-epp"
      register: transfer_existing
    - name: renew far from expiry
      xtom.console.order:
        type: domain
        action: renew
        name: example.net
        renew_within_days: 30
      register: renew_skip
    - name: renew check
      xtom.console.order:
        type: domain
        action: renew
        name: example.net
      check_mode: true
      register: renew_check
    - name: renew
      xtom.console.order:
        type: domain
        action: renew
        name: example.net
      register: renew
    - name: renew again
      xtom.console.order:
        type: domain
        action: renew
        name: example.net
      register: renew_again
    - name: cart check
      xtom.console.order:
        items: &cart
          - product: DNS Hosting
            hostname: dns2.example.com
            cycle: a
          - type: domain
            name: example-cart.net
          - product: KVM VPS Starter
            hostname: web1.example.com
            options: {Operating System: Debian 12, Location: Tokyo}
      check_mode: true
      register: cart_check
    - name: cart
      xtom.console.order:
        items: *cart
      register: cart
    - name: cart again
      xtom.console.order:
        items: *cart
      register: cart_again
""")
    assert run.rc == 0, failures(run)
    reg = run.task("register")
    new = [d for d in sim.db["domains"].values() if d["name"] == "fresh-example.com"]
    assert reg["changed"] is True and len(new) == 1 and reg["id"] == int(new[0]["id"])
    assert new[0]["status"] == "Pending" and new[0]["period"] == "2"
    post = [e for e in sim.requests(method="POST") if e["path"] == "/domain/order"][0]["body"]
    assert post == {"name": "fresh-example.com", "years": 2, "action": "register", "tld_id": 6, "registrant": 49,
                    "nameservers": ["ns1.example.com", "ns2.example.com"], "data": {"1424": {"9067": 1}}}
    assert reg["order"]["total"] == "33.88"  # (20.00 + 2 years x 4.00 DNS management) + 21 % VAT
    assert run.task("register again")["changed"] is False and run.task("register again")["id"] == reg["id"]
    te = run.task("transfer existing")
    assert te["changed"] is False and te["id"] == 2001
    assert "s3cret-epp" not in run.stdout

    skip = run.task("renew far from expiry")
    assert skip["changed"] is False and "more than renew_within_days=30" in skip["warnings"][0]
    check = run.task("renew check")
    assert check["changed"] is True and check["quote"]["subtotal"] == "16.00" and check["quote"]["source"] == "catalog"
    renew = run.task("renew")
    assert renew["changed"] is True and renew["id"] == 2002 and renew["order"]["invoice_id"]
    again = run.task("renew again")
    assert again["changed"] is False and again["ordered"][0]["invoice_id"] == renew["order"]["invoice_id"]
    assert "already awaits payment" in again["warnings"][0]
    assert len([e for e in sim.requests(method="POST") if e["path"].endswith("/renew")]) == 1

    cq = run.task("cart check")
    assert cq["changed"] is True
    assert cq["quote"]["subtotal"] == "32.00"  # 20.00 DNS hosting a year + 12.00 .net; web1 exists
    assert [i["existing"] for i in cq["ordered"]] == [False, False, True]
    cart = run.task("cart")
    assert cart["changed"] is True and cart["id"] is None
    # check mode and the real run: the same change set (web1 exists: not a change)
    assert cart["changes"] == cq["changes"] and cart["diff"] == cq["diff"]
    assert [c["what"] for c in cart["changes"]] == ["product 'DNS Hosting' for dns2.example.com",
                                                    "register of domain example-cart.net"]
    assert renew["changes"] == check["changes"] and renew["diff"] == check["diff"]
    assert run.task("cart again")["changes"] == [] and run.task("renew again")["changes"] == []
    assert [i["type"] for i in cart["order"]["lines"]] == ["Hosting", "Domain Register"]
    cart_domain = [d for d in sim.db["domains"].values() if d["name"] == "example-cart.net"][0]
    assert [i["id"] for i in cart["ordered"]] == [1007, int(cart_domain["id"]), 1001]
    assert run.task("cart again")["changed"] is False
    carts = [e for e in sim.requests(method="POST") if e["path"] == "/order"]
    assert len(carts) == 1 and len(carts[0]["body"]["items"]) == 2


def test_certificate_order(sim, run_playbook):
    with open(os.path.join(CSR_DIR, "shop.example.net.csr")) as f:
        shop = f.read()
    with open(os.path.join(CSR_DIR, "example.com.csr")) as f:
        existing = f.read()
    run = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: existing
      xtom.console.order:
        type: certificate
        product: PositiveSSL
        csr: "{{ existing }}"
        approver_email: admin@example.com
      register: existing
    - name: refused by the portal in check mode
      xtom.console.order:
        type: certificate
        product: PositiveSSL
        csr: "{{ shop }}"
        approver_email: someone@example.org
      check_mode: true
      ignore_errors: true
      register: refused
    - name: new
      xtom.console.order:
        type: certificate
        product: "401"
        csr: "{{ shop }}"
        approver_email: admin@example.net
        software: Nginx
        years: 2
      register: new
""", extra_vars={"shop": shop, "existing": existing})
    assert run.rc == 0, failures(run)
    assert run.task("existing")["changed"] is False and run.task("existing")["id"] == 3001
    refused = run.task("refused by the portal in check mode")
    assert refused["failed"] is True and "approver_email 'someone@example.org' is not accepted" in refused["msg"]
    new = run.task("new")
    assert new["changed"] is True and new["id"] == 3003
    assert new["ordered"][0]["domain"] == "shop.example.net" and new["ordered"][0]["software"] == "Nginx"
    assert sim.db["certificates"][3003]["software"] == "4"
    assert len([e for e in sim.requests(method="POST") if e["path"] == "/certificate/order"]) == 1


CERT_TWICE = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: check
      xtom.console.order: &cert
        type: certificate
        product: PositiveSSL
        csr: "{{ shop }}"
        approver_email: admin@example.net
      check_mode: true
      register: check
    - name: first
      xtom.console.order: *cert
      register: first
    - name: second
      xtom.console.order: *cert
      register: second
    - name: second in check mode
      xtom.console.order: *cert
      check_mode: true
      register: second_check
"""


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_certificate_second_run_changes_nothing(sim, run_playbook):
    """Issue 12 item 9: the portal lists a new certificate with an empty domain; the second run must not buy again."""
    with open(os.path.join(CSR_DIR, "shop.example.net.csr")) as f:
        shop = f.read()
    run = run_playbook(CERT_TWICE, extra_vars={"shop": shop})
    assert run.rc == 0, failures(run)
    first, second = run.task("first"), run.task("second")
    assert first["changed"] is True and first["id"] == 3003
    assert sim.db["certificates"][3003]["_domain_pending"] is True  # listed with domain ""
    assert first["changes"] == run.task("check")["changes"] and first["diff"] == run.task("check")["diff"]
    assert first["changes"][0]["what"] == "certificate 'PositiveSSL' for shop.example.net"
    assert second["changed"] is False and second["id"] == 3003 and second["ordered"][0]["existing"] is True
    assert run.task("second in check mode")["changed"] is False
    assert len([e for e in sim.requests(method="POST") if e["path"] == "/certificate/order"]) == 1


def test_order_refuses_an_unknown_identity_answer(sim, run_playbook):
    """An unrecognised service or domain list is never read as "nothing bought yet": error naming the route, no POST."""
    sim.reshape("wrap", r"^/service$")
    sim.reshape("wrap", r"^/domain$")
    run = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + step(
        "server", "xtom.console.order:" + SERVER) + step(
        "domain", "xtom.console.order:\n  type: domain\n  name: fresh-example.com"))
    assert run.task("server")["msg"].startswith("GET /service: unexpected answer (keys: result_set (dict)): expected")
    assert run.task("domain")["msg"].startswith("GET /domain: unexpected answer (keys: result_set (dict))")
    assert sim.writes() == [] and sim.db["orders"] == {}


def test_hostname_has_no_domain_alias_and_waits_take_an_interval(sim, run_playbook):
    run = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + step(
        "alias", "xtom.console.order:\n  product: DNS Hosting\n  domain: dns2.example.com") + step(
        "interval", "xtom.console.order:\n  product: DNS Hosting\n  hostname: dns2.example.com\n  wait: true\n"
                    "  wait_interval: 0") + step(
        "unicode product", "xtom.console.order:\n  product: '٣٠١'\n  hostname: dns2.example.com") + step(
        "wait", "xtom.console.order:\n  product: KVM VPS Starter\n  hostname: web1.example.com\n  wait: true\n"
                "  wait_interval: 1\n  wait_timeout: 30"))
    assert "domain" in run.task("alias")["msg"] and "Unsupported parameters" in run.task("alias")["msg"]
    assert run.task("interval")["msg"] == "wait_interval=0.0: must be a positive number of seconds"
    assert run.task("unicode product")["msg"].startswith("product=٣٠١: is not a product on sale")
    wait = run.task("wait")
    assert wait["changed"] is False and wait["ordered"][0]["status"] == "Active" and wait["changes"] == []
    assert sim.writes() == []
