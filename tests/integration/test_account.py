"""account, account_info and invoice_info through ansible-playbook against the simulator."""
from conftest import marker_log as log

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: mark0
      ansible.builtin.set_fact:
        mark0: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log', split_lines=false) | from_json }}"

    - name: check
      xtom.console.account:
        city: Berlin
        region: Berlin
        country: de
      check_mode: true
      diff: true
      register: check

    - name: log check
      ansible.builtin.set_fact:
        log_check: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ mark0.total, split_lines=false) | from_json }}"

    - name: change
      xtom.console.account:
        city: Berlin
        region: Berlin
        country: de
      diff: true

    - name: log change
      ansible.builtin.set_fact:
        log_change: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_check.total, split_lines=false) | from_json }}"

    - name: again
      xtom.console.account:
        city: Berlin
        region: Berlin
        country: DE
        email: DEMO@example.com

    - name: log again
      ansible.builtin.set_fact:
        log_again: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_change.total, split_lines=false) | from_json }}"

    - name: type cannot be compared
      xtom.console.account:
        type: Company
        companyname: Example Ltd

    - name: log typed
      ansible.builtin.set_fact:
        log_typed: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log', split_lines=false) | from_json }}"

    - name: bad email
      xtom.console.account:
        email: joe-at-example.com
      ignore_errors: true

    - name: bad country
      xtom.console.account:
        country: Germany
      ignore_errors: true

    - name: bad type
      xtom.console.account:
        type: Business
      ignore_errors: true

    - name: nothing given
      xtom.console.account:
      ignore_errors: true

    - name: log errors
      ansible.builtin.set_fact:
        log_errors: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_typed.total, split_lines=false) | from_json }}"

    - name: info
      xtom.console.account_info:
        include: [balance, payment_fees]

    - name: unpaid
      xtom.console.invoice_info:
        status: [unpaid]

    - name: october
      xtom.console.invoice_info:
        date_from: "2026-10-01"
        date_to: "2026-10-31"

    - name: one invoice
      xtom.console.invoice_info:
        id: 308977
      check_mode: true

    - name: unknown invoice
      xtom.console.invoice_info:
        id: 1
      ignore_errors: true

    - name: bad date
      xtom.console.invoice_info:
        date_from: 2026/10/01
      ignore_errors: true
"""


def test_account_and_invoices(sim, run_playbook):
    sim.fault(status=503, count=1, method="PUT", path="^/details$")  # retried: PUT is idempotent
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run

    check = run.task("check")
    assert check["changed"] is True
    assert [(c["action"], c["what"], sorted(c["after"])) for c in check["changes"]] == [
        ("update", "account demo@example.com", ["city", "country", "state"])]
    assert check["diff"][0]["before"]["city"] == "Santa Rosa" and check["diff"][0]["after"]["city"] == "Berlin"
    assert check["diff"][0]["after"]["country"] == "DE" and check["diff"][0]["before_header"] == "account demo@example.com"
    assert log(run, "log check")["counts"] == {"GET": 1}

    change = run.task("change")
    assert change["changed"] is True and change["account"]["city"] == "Berlin"
    assert change["changes"] == check["changes"] and change["diff"] == check["diff"]
    entries = log(run, "log change")["entries"]
    puts = [e for e in entries if e["method"] == "PUT"]
    assert len(puts) == 2 and puts[0].get("fault") is True  # the 503, then the retry
    assert puts[1]["body"] == {"city": "Berlin", "country": "DE", "state": "Berlin"}  # only the differences
    assert sim.db["client"]["state"] == "Berlin"

    assert run.task("again")["changed"] is False
    assert log(run, "log again")["counts"] == {"GET": 1}

    typed = run.task("type cannot be compared")
    assert typed["changed"] is True and sorted(typed["changes"][0]["after"]) == ["companyname", "type"]
    assert typed["changes"][0]["before"] == {"companyname": "", "type": None}
    assert any("GET /details does not return type" in w for w in typed["warnings"])
    assert sim.db["client"]["type"] == "Company"

    assert "email=joe-at-example.com: is not a valid email address" in run.task("bad email")["msg"]
    assert "country=Germany: is not a two-letter ISO 3166 country code" in run.task("bad country")["msg"]
    assert "type" in run.task("bad type")["msg"] and "Business" in run.task("bad type")["msg"]
    assert run.task("nothing given")["failed"] is True
    assert log(run, "log errors")["requests"] == 0

    info = run.task("info")
    assert info["account"]["balance"]["balance"] == "19.65"
    assert [p["name"] for p in info["account"]["payment_methods"]][:2] == ["Bank Transfer", "Stripe"]
    assert [i["number"] for i in run.task("unpaid")["invoices"]] == ["2026/11/1"]
    assert [i["id"] for i in run.task("october")["invoices"]] == [308977]
    one = run.task("one invoice")["invoices"]
    assert len(one) == 1 and len(one[0]["lines"]) == 2 and one[0]["datepaid"] == "2026-10-16 08:01:12"
    assert "id=1: is not an invoice of this account" in run.task("unknown invoice")["msg"]
    assert "date_from=2026/10/01: is not a date" in run.task("bad date")["msg"]
