"""notification and notification_info through ansible-playbook against the simulator."""

from conftest import marker_log as log

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: all
      xtom.console.notification_info:

    - name: new about invoices
      xtom.console.notification_info:
        new_only: true
        rel_type: Invoice

    - name: about service 1001
      xtom.console.notification_info:
        rel_type: Service
        rel_id: 1001

    - name: mark0
      ansible.builtin.set_fact:
        mark0: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log', split_lines=false) | from_json }}"

    - name: ack check
      xtom.console.notification:
        id: 7
      check_mode: true
      diff: true

    - name: log ack check
      ansible.builtin.set_fact:
        log_ack_check: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ mark0.total, split_lines=false) | from_json }}"

    - name: ack
      xtom.console.notification:
        id: 7
      diff: true

    - name: ack again
      xtom.console.notification:
        id: 7

    - name: ack an old one
      xtom.console.notification:
        id: 9

    - name: log ack
      ansible.builtin.set_fact:
        log_ack: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_ack_check.total, split_lines=false) | from_json }}"

    - name: unknown id
      xtom.console.notification:
        id: 4242
      ignore_errors: true

    - name: log unknown id
      ansible.builtin.set_fact:
        log_unknown: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_ack.total, split_lines=false) | from_json }}"

    - name: nothing chosen
      xtom.console.notification:
      ignore_errors: true

    - name: filters with id
      xtom.console.notification:
        id: 8
        rel_type: Invoice
      ignore_errors: true

    - name: log refused
      ansible.builtin.set_fact:
        log_refused: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log' ~ '?since=' ~ log_unknown.total, split_lines=false) | from_json }}"

    - name: all new
      xtom.console.notification:
        all_new: true

    - name: all new again
      xtom.console.notification:
        all_new: true
"""


def test_notifications(sim, run_playbook):
    sim.fault(status=504, count=1, method="PUT", path="/ack$")  # retried: PUT is idempotent
    mark = sim.mark()
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run

    assert [(n["id"], n["new"]) for n in run.task("all")["notifications"]] == [(7, True), (8, True), (9, False)]
    assert [n["id"] for n in run.task("new about invoices")["notifications"]] == [8]
    assert [n["rel_id"] for n in run.task("about service 1001")["notifications"]] == [1001]

    check = run.task("ack check")
    what = "notification 7 (Scheduled maintenance)"
    assert check["changed"] is True and check["diff"] == [{"before_header": what, "after_header": what,
                                                           "before": {"new": True}, "after": {"new": False}}]
    assert run.task("ack")["changes"] == check["changes"] and run.task("ack")["diff"] == check["diff"]
    assert log(run, "log ack check")["counts"] == {"GET": 1}

    assert run.task("ack")["changed"] is True and run.task("ack")["notifications"][0]["new"] is False
    assert run.task("ack again")["changed"] is False
    assert run.task("ack an old one")["changed"] is False
    entries = log(run, "log ack")["entries"]
    assert [(e["method"], e["path"], bool(e.get("fault"))) for e in entries if e["method"] == "PUT"] == [
        ("PUT", "/notifications/7/ack", True), ("PUT", "/notifications/7/ack", False)]
    assert sim.db["notifications"][7]["new"] == "0"

    assert "id=4242: is not a notification of this account" in run.task("unknown id")["msg"]
    assert "give id, or all_new=true" in run.task("nothing chosen")["msg"]
    assert "only apply with all_new" in run.task("filters with id")["msg"]

    all_new = run.task("all new")
    assert all_new["changed"] is True and [n["id"] for n in all_new["notifications"]] == [8]
    assert run.task("all new again")["changed"] is False
    assert all(n["new"] == "0" for n in sim.db["notifications"].values())
    assert [(e["method"], e["path"]) for e in log(run, "log unknown id")["entries"]] == [
        ("GET", "/notifications/new"), ("GET", "/notifications")]
    assert log(run, "log refused")["requests"] == 0
    assert [(e["method"], e["path"]) for e in sim.requests(mark)][-3:] == [  # all new, all new again
        ("GET", "/notifications/new"), ("PUT", "/notifications/8/ack"), ("GET", "/notifications/new")]
