"""xtom.console.service (label, cancellation) through ansible-playbook against the simulator."""

import json

import pytest

from conftest import HEADER, step


def fault(name, **body):
    """A task that injects a fault (or a reshaped answer) into the simulator."""
    return """
    - name: %s
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: %s
""" % (name, json.dumps(body))


PLAYBOOK = HEADER + "".join([
    step("label check", """
        xtom.console.service:
          service: web1.example.com
          label: frontend
        check_mode: true
        diff: true
        """),
    step("label", """
        xtom.console.service:
          service: web1.example.com
          label: frontend
        diff: true
        """),
    step("label again", """
        xtom.console.service:
          service: web1.example.com
          label: frontend
        """),
    step("label by label", """
        xtom.console.service:
          service: db1
          label: db1
        """),
    step("cancel check", """
        xtom.console.service:
          service: web3.example.com
          state: cancelled
          confirm_hostname: web3.example.com
          reason: moving
        check_mode: true
        diff: true
        """),
    step("cancel wrong confirm", """
        xtom.console.service:
          service: web3.example.com
          state: cancelled
          confirm_hostname: web2.example.com
        """),
    step("cancel no confirm", """
        xtom.console.service:
          service: web3.example.com
          state: cancelled
        """),
    step("cancel", """
        xtom.console.service:
          service: 1006
          state: cancelled
          confirm_hostname: WEB3.example.com.
          reason: moving
        diff: true
        """),
    step("cancel again", """
        xtom.console.service:
          service: 1006
          state: cancelled
          confirm_hostname: web3.example.com
          reason: moving
        """),
    step("cancel cancelled", """
        xtom.console.service:
          service: old.example.com
          state: cancelled
          confirm_hostname: old.example.com
        """),
    step("bad label", """
        xtom.console.service:
          service: web1.example.com
          label: "two\\nlines"
        """),
    step("bad reason", """
        xtom.console.service:
          service: web1.example.com
          state: cancelled
          confirm_hostname: web1.example.com
          reason: "a\\u0000b"
        """),
    step("unicode id", """
        xtom.console.service:
          service: "\u00b3"
          label: x
        """),
    step("ambiguous", task="""
        xtom.console.service:
          service: web
          label: x
        """),
    fault("inject a gateway error after the server acted", status=502, method="POST", path="/cancel$", after=True),
    step("cancel under 502", """
        xtom.console.service:
          service: web2.example.com
          state: cancelled
          confirm_hostname: web2.example.com
          immediate: true
        """),
    fault("inject a gateway error after the label was set", status=502, method="POST", path="/label$", after=True),
    step("label under 502 after", """
        xtom.console.service:
          service: 1002
          label: database
        """),
    fault("inject a gateway error before the label was set", status=504, method="POST", path="/label$"),
    step("label under 504 before", """
        xtom.console.service:
          service: 1002
          label: database-1
        """),
])


def test_service_label_and_cancel(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    check = run.task("label check")
    changes = [{"action": "set", "what": "service 1001 (web1.example.com) label", "before": "web1", "after": "frontend"}]
    assert check["changed"] is True and check["changes"] == changes
    assert check["diff"] == [{"before_header": changes[0]["what"], "after_header": changes[0]["what"],
                              "before": "web1", "after": "frontend"}]
    assert log("label check")["writes"] == 0

    label = run.task("label")
    assert label["changed"] is True and label["service"]["label"] == "frontend" and label["service"]["id"] == 1001
    assert label["changes"] == check["changes"] and label["diff"] == check["diff"]
    assert sorted(label["service"]) == ["billingcycle", "category", "category_url", "domain", "id", "label", "name",
                                        "next_due", "status", "total"]
    assert log("label")["counts"] == {"GET": 2, "POST": 1}
    assert log("label")["entries"][-1]["body"] == {"label": "frontend"}

    again = run.task("label again")
    assert again["changed"] is False and again["changes"] == []
    assert log("label again")["counts"] == {"GET": 2}

    by_label = run.task("label by label")
    assert by_label["changed"] is False and by_label["service"]["id"] == 1002
    # label resolution reads each service's details once; the label read there is reused
    assert log("label by label")["counts"] == {"GET": 7}

    cancel_check = run.task("cancel check")
    cancel_changes = [{"action": "cancel", "what": "service 1006 (web3.example.com)",
                       "before": {"cancellation": "none"}, "after": {"cancellation": "pending"}}]
    assert cancel_check["changed"] is True and cancel_check["changes"] == cancel_changes
    assert log("cancel check")["writes"] == 0

    # the guard: nothing is read after the service list, nothing is sent
    wrong = run.task("cancel wrong confirm")
    assert wrong["failed"] and "confirm_hostname=web2.example.com: does not match the hostname of service 1006" in wrong["msg"]
    assert log("cancel wrong confirm")["counts"] == {"GET": 1}
    missing = run.task("cancel no confirm")
    assert missing["failed"] and "confirm_hostname" in missing["msg"]
    assert log("cancel no confirm")["requests"] == 0

    cancel = run.task("cancel")
    assert cancel["changed"] is True and cancel["cancellation"] == "pending"
    assert cancel["changes"] == cancel_changes and cancel["diff"] == cancel_check["diff"]
    assert log("cancel")["counts"] == {"GET": 2, "POST": 1}
    assert log("cancel")["entries"][-1]["body"] == {"immediate": "false", "reason": "moving"}
    assert sim.db["services"][1006]["cancellation"] == {"immediate": False, "reason": "moving"}

    again = run.task("cancel again")
    assert again["changed"] is False and again["cancellation"] == "pending"
    assert log("cancel again")["counts"] == {"GET": 2}
    assert any("taken as a cancellation already pending" in w for w in again.get("warnings", [])), again

    done = run.task("cancel cancelled")
    assert done["changed"] is False and done["cancellation"] == "done"
    assert log("cancel cancelled")["counts"] == {"GET": 1}

    for name in ("bad label", "bad reason", "unicode id"):
        bad = run.task(name)
        assert bad["failed"] and log(name)["requests"] == 0, name
    assert "label=" in run.task("bad label")["msg"] and "reason=" in run.task("bad reason")["msg"]
    assert "is not an id (ASCII digits only)" in run.task("unicode id")["msg"]

    ambiguous = run.task("ambiguous")
    assert ambiguous["failed"] and "id 1005" in ambiguous["msg"] and "id 1006" in ambiguous["msg"]

    fault = run.task("cancel under 502")
    assert fault["failed"] and "HTTP 502" in fault["msg"]
    assert "may have" in fault["msg"] and "service_info" in fault["msg"]
    assert fault["api_error"]["uncertain"] is True
    assert log("cancel under 502")["counts"] == {"GET": 2, "POST": 1}
    assert sim.db["services"][1005]["status"] == "Cancelled"
    assert sim.db["services"][1001]["label"] == "frontend"

    # issue 14 item 8: an idempotent label POST that met a gateway error re-reads and converges
    after = run.task("label under 502 after")
    assert after.get("failed") is not True and after["changed"] is True, after
    assert [(e["method"], e["path"]) for e in log("label under 502 after")["entries"]][-2:] == [
        ("POST", "/service/1002/label"), ("GET", "/service/1002/label")]
    assert log("label under 502 after")["counts"] == {"GET": 3, "POST": 1}
    assert any("a re-read shows the value is set" in w for w in after.get("warnings", [])), after
    before = run.task("label under 504 before")
    assert before.get("failed") is not True and before["changed"] is True, before
    assert log("label under 504 before")["counts"] == {"GET": 3, "POST": 2}
    assert sim.db["services"][1002]["label"] == "database-1"


UNDERSTOOD = HEADER + "".join([
    step("label", """
        xtom.console.service:
          service: web1.example.com
          label: frontend
        """),
    step("label check", """
        xtom.console.service:
          service: db1.example.com
          label: db1
        check_mode: true
        """),
    step("cancel check", """
        xtom.console.service:
          service: 1006
          state: cancelled
          confirm_hostname: web3.example.com
        check_mode: true
        """),
])


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_read_paths_in_both_shapes(sim, run_playbook):
    run = run_playbook(UNDERSTOOD)
    assert run.rc == 0, run
    assert run.task("label")["changed"] is True and sim.db["services"][1001]["label"] == "frontend"
    assert run.task("label check")["changed"] is False
    assert run.task("cancel check")["changes"][0]["action"] == "cancel"


@pytest.mark.parametrize("path,task", [
    ("^/service$", "xtom.console.service:\n  service: web1.example.com\n  label: x"),
    ("^/service/1001/label$", "xtom.console.service:\n  service: web1.example.com\n  label: x"),
    ("^/service/1002$", "xtom.console.service:\n  service: db1\n  label: x"),
    ("^/service/1006/methods$", "xtom.console.service:\n  service: 1006\n  state: cancelled\n"
                                "  confirm_hostname: web3.example.com"),
])
def test_service_refuses_answers_it_does_not_understand(sim, run_playbook, path, task):
    sim.reshape("wrap", path)
    run = run_playbook(HEADER + step("write", task))
    res = run.task("write")
    assert res["failed"] and "unexpected answer" in res["msg"], res
    assert "GET " + path.strip("^$") in res["msg"]
    assert sim.writes() == []


def test_cancel_refuses_a_status_word_it_does_not_know(sim, run_playbook):
    sim.db["services"][1006]["status"] = "Cancellation Requested"
    run = run_playbook(HEADER + step("cancel", """
        xtom.console.service:
          service: 1006
          state: cancelled
          confirm_hostname: web3.example.com
        """))
    res = run.task("cancel")
    assert res["failed"] and "GET /service" in res["msg"] and "does not know" in res["msg"]
    assert sim.writes() == []
