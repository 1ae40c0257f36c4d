"""xtom.console.product_info through ansible-playbook against the simulator (both answer shapes)."""

import pytest

from conftest import step

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: categories
      xtom.console.product_info:
      register: cats
    - name: log mark
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/log"
      register: mark
    - name: product by name in category
      xtom.console.product_info:
        category: [vps]
        product: kvm vps starter
      register: starter
    - name: log after product
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/log?since={{ mark.json.total }}"
      register: log
    - name: tlds
      xtom.console.product_info:
        tld: io
      register: tlds
    - name: certificates
      xtom.console.product_info:
        include: [certificates]
      check_mode: true
      register: certs
    - name: unknown category
      xtom.console.product_info:
        category: Mainframes
      register: badcat
      ignore_errors: true
    - name: unknown tld
      xtom.console.product_info:
        tld: .xyz
      register: badtld
      ignore_errors: true
"""


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_product_info(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    cats = run.task("categories")
    assert cats["changed"] is False
    assert [c["id"] for c in cats["categories"]] == [10, 16, 20, 6, 30]
    assert set(cats) >= {"categories"} and "products" not in cats and "product" not in cats

    starter = run.task("product by name in category")
    assert [p["name"] for p in starter["products"]] == ["KVM VPS Starter", "KVM VPS Pro"]
    assert starter["products"][0]["cycles"][1] == {"cycle": "q", "name": "Quarterly", "price": "28.50",
                                                   "setup": "0.00", "default": False}
    prod = starter["product"]
    assert prod["id"] == 101 and prod["category"] == "Virtual Servers" and prod["hostname"] is True
    assert [c["cycle"] for c in prod["cycles"]] == ["m", "q", "a"] and prod["cycles"][0]["default"] is True
    os_ = prod["options"][0]
    assert os_["title"] == "Operating System" and os_["required"] is True and os_["field"] == "custom[1700]"
    assert os_["items"][3] == {"id": 10403, "title": "Windows Server 2022", "price": "15.00", "setup": "0.00",
                               "selected": False}
    ips = [o for o in prod["options"] if o["type"] == "qty"][0]
    assert (ips["min"], ips["max"], ips["field"]) == (0, 8, "custom[1704][10440]")
    assert prod["addons"][0]["title"] == "Managed Monitoring"
    assert [c["price"] for c in prod["addons"][0]["cycles"]] == ["5.00", "14.00", "50.00"]
    log = run.task("log after product")["json"]
    assert [e["path"] for e in log["entries"]] == ["/category", "/category/10/product", "/order/101"]

    tlds = run.task("tlds")["tlds"]
    io = [t for t in tlds if t["tld"] == ".io"][0]
    assert io["periods"] == [{"years": 1, "register": "39.00", "transfer": "0.00", "renew": "45.00",
                              "redemption": "120.00"}]
    assert [f["title"] for f in io["forms"]] == ["DNS Management", "Language"]
    assert all("forms" not in t for t in tlds if t["tld"] != ".io")

    certs = run.task("certificates")["certificates"]
    assert [c["name"] for c in certs] == ["PositiveSSL", "InstantSSL", "PositiveSSL Wildcard"]
    assert certs[0]["periods"][1] == {"years": 2, "price": "17.90", "renew": "17.90"}
    assert {"id": 4, "name": "Nginx"} in certs[0]["software"]

    assert run.task("unknown category")["msg"].startswith("category=Mainframes: is not a product category; "
                                                          "valid: 'Virtual Servers' (id 10)")
    assert run.task("unknown tld")["msg"].startswith("tld=.xyz: is not offered; valid: .com")
    assert sim.writes() == []


def test_product_info_refuses_unknown_answers(sim, run_playbook):
    sim.reshape("wrap", r"^/category/10/product$")
    sim.reshape("wrap", r"^/certificate/order$")
    run = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + step(
        "products", "xtom.console.product_info:\n  category: [vps, DNS Hosting]") + step(
        "certificates", "xtom.console.product_info:\n  include: [certificates]"))
    assert run.task("products")["msg"].startswith("GET /category/10/product: unexpected answer (keys: result_set")
    assert run.task("certificates")["msg"].startswith("GET /certificate/order: unexpected answer (keys: result_set")
    assert sim.writes() == []


def test_product_info_categories_are_a_list(sim, run_playbook):
    run = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + step(
        "two", "xtom.console.product_info:\n  category: [vps, DNS Hosting]"))
    assert [p["name"] for p in run.task("two")["products"]] == ["KVM VPS Starter", "KVM VPS Pro", "DNS Hosting"]
