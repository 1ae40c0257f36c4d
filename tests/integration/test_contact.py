"""contact and contact_info through ansible-playbook against the simulator."""
from conftest import marker_log as log

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    new_contact: &new_contact
      email: ada@example.com
      firstname: Ada
      lastname: Counts
      country: gb
      password: Contact-Secret-Pw-1
      privileges:
        billing: [payinvoice, balance]
        services:
          "1001": [basic, notify]
  tasks:
    - name: mark0
      ansible.builtin.set_fact:
        mark0: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log', split_lines=false) | from_json }}"

    - name: create check
      xtom.console.contact: *new_contact
      check_mode: true
      diff: true

    - name: log create check
      ansible.builtin.set_fact:
        log_create_check: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ mark0.total, split_lines=false) | from_json }}"

    - name: create
      xtom.console.contact: *new_contact
      diff: true

    - name: log create
      ansible.builtin.set_fact:
        log_create: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_create_check.total, split_lines=false) | from_json }}"

    - name: create again
      xtom.console.contact: *new_contact

    - name: log create again
      ansible.builtin.set_fact:
        log_create_again: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_create.total, split_lines=false) | from_json }}"

    - name: update
      xtom.console.contact:
        email: MARY@example.com
        lastname: Smith
        privileges:
          support: [tickets, newticket, closeticket]
          domains:
            full: true
      diff: true

    - name: log update
      ansible.builtin.set_fact:
        log_update: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_create_again.total, split_lines=false) | from_json }}"

    - name: update again
      xtom.console.contact:
        email: mary@example.com
        lastname: Smith
        privileges:
          support: [closeticket, newticket, tickets]
          domains:
            full: 1

    - name: password always
      xtom.console.contact:
        email: mary@example.com
        password: Contact-Secret-Pw-2
        update_password: always
      diff: true

    - name: log password
      ansible.builtin.set_fact:
        log_password: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_update.total, split_lines=false) | from_json }}"

    - name: unknown privilege
      xtom.console.contact:
        email: mary@example.com
        privileges:
          support: [tickets, deleteticket]
      ignore_errors: true

    - name: log unknown privilege
      ansible.builtin.set_fact:
        log_unknown_privilege: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_password.total, split_lines=false) | from_json }}"

    - name: bad email
      xtom.console.contact:
        email: mary.example.com
      ignore_errors: true

    - name: bad privileges shape
      xtom.console.contact:
        email: mary@example.com
        privileges:
          services:
            web1: [basic]
      ignore_errors: true

    - name: absent
      xtom.console.contact:
        email: mary@example.com
        state: absent
      ignore_errors: true

    - name: log errors
      ansible.builtin.set_fact:
        log_errors: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_unknown_privilege.total, split_lines=false) | from_json }}"

    - name: all contacts
      xtom.console.contact_info:

    - name: one by email
      xtom.console.contact_info:
        email: Ada@Example.com
        include: [privileges]

    - name: missing by email
      xtom.console.contact_info:
        email: nobody@example.com

    - name: unknown id
      xtom.console.contact_info:
        id: 4242
      ignore_errors: true
"""


def test_contact_lifecycle(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run

    check = run.task("create check")
    assert check["changed"] is True and check["contact"]["id"] is None
    assert check["diff"][0]["before"] == {} and check["diff"][0]["before_header"] == "contact ada@example.com"
    assert check["diff"][0]["after"]["privileges"] == {"billing": ["balance", "payinvoice"],
                                                       "services": {"1001": ["basic", "notify"]}}
    assert "password" not in check["contact"] and check["changes"][0]["after"]["password_updated"] is True
    assert log(run, "log create check")["counts"] == {"GET": 2}  # catalogue + contact list

    created = run.task("create")
    assert created["changed"] is True and isinstance(created["contact"]["id"], int)
    assert created["changes"] == check["changes"] and created["diff"] == check["diff"]
    row = sim.db["contacts"][created["contact"]["id"]]
    assert row["country"] == "GB" and row["password_set"] is True
    assert row["privileges"] == {"billing": ["balance", "payinvoice"], "services": {"1001": ["basic", "notify"]}}
    posts = [e for e in log(run, "log create")["entries"] if e["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["body"]["password"] == "********"

    again = run.task("create again")
    assert again["changed"] is False
    assert again["contact"]["privileges"]["services"] == {"1001": ["basic", "notify"]}
    assert [e["path"] for e in log(run, "log create again")["entries"]] == [
        "/contact/privileges", "/contact", "/contact/%d" % created["contact"]["id"]]

    update = run.task("update")
    assert update["changed"] is True and sorted(update["changes"][0]["after"]) == ["lastname", "privileges"]
    assert update["diff"][0]["before"]["lastname"] == "Sue" and update["diff"][0]["after"]["lastname"] == "Smith"
    puts = [e for e in log(run, "log update")["entries"] if e["method"] == "PUT"]
    assert len(puts) == 1 and puts[0]["path"] == "/contact/49"
    privileges = {"domains": {"full": 1}, "support": ["closeticket", "newticket", "tickets"]}
    assert puts[0]["body"] == {"lastname": "Smith", "privileges": privileges}
    assert run.task("update again")["changed"] is False

    pw = run.task("password always")
    assert pw["changed"] is True and pw["changes"][0]["after"] == {"password_updated": True}
    assert pw["diff"][0]["after"]["password_updated"] is True
    assert "password" not in pw["contact"]
    pw_puts = [e for e in log(run, "log password")["entries"] if e["method"] == "PUT"]
    assert pw_puts[-1]["body"] == {"password": "********"}

    unknown = run.task("unknown privilege")
    assert unknown["failed"] is True
    assert "privileges.support=deleteticket: unknown privilege" in unknown["msg"]
    assert "closeticket, emails, newticket, tickets" in unknown["msg"]
    assert log(run, "log unknown privilege")["counts"] == {"GET": 1}  # the catalogue only

    assert "email=mary.example.com: is not a valid email address" in run.task("bad email")["msg"]
    assert "'full' or a numeric id" in run.task("bad privileges shape")["msg"]
    absent = run.task("absent")["msg"]
    assert "cannot delete contacts" in absent and "mary@example.com" in absent
    assert log(run, "log errors")["requests"] == 0

    assert [c["email"] for c in run.task("all contacts")["contacts"]] == ["mary@example.com", "ada@example.com"]
    one = run.task("one by email")
    assert one["contacts"][0]["lastname"] == "Counts" and one["contacts"][0]["privileges"]["billing"]
    assert one["privileges"]["services"]["full"] is True
    assert run.task("missing by email")["contacts"] == []
    assert "id=4242: is not a contact of this account" in run.task("unknown id")["msg"]
    for _name, result in run.results:
        assert "Contact-Secret-Pw" not in str(result)
