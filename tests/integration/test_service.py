"""xtom.console.service (label, cancellation) through ansible-playbook against the simulator."""

from conftest import HEADER, step

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
          reason: moving
        check_mode: true
        diff: true
        """),
    step("cancel", """
        xtom.console.service:
          service: 1006
          state: cancelled
          reason: moving
        diff: true
        """),
    step("cancel again", """
        xtom.console.service:
          service: 1006
          state: cancelled
          reason: moving
        """),
    step("cancel cancelled", """
        xtom.console.service:
          service: old.example.com
          state: cancelled
        """),
    step("bad label", """
        xtom.console.service:
          service: web1.example.com
          label: "two\\nlines"
        """),
    step("ambiguous", task="""
        xtom.console.service:
          service: web
          label: x
        """),
    """
    - name: inject a gateway error after the server acted
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/cancel$", "after": true}
""",
    step("cancel under 502", """
        xtom.console.service:
          service: web2.example.com
          state: cancelled
          immediate: true
        """),
])


def test_service_label_and_cancel(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log

    check = run.task("label check")
    assert check["changed"] is True
    assert check["diff"] == {"before": {"label": "web1"}, "after": {"label": "frontend"}}
    assert log("label check")["writes"] == 0

    label = run.task("label")
    assert label["changed"] is True and label["service"]["label"] == "frontend" and label["service"]["id"] == 1001
    assert label["diff"] == check["diff"]
    assert log("label")["counts"] == {"GET": 2, "POST": 1}
    assert log("label")["entries"][-1]["body"] == {"label": "frontend"}

    again = run.task("label again")
    assert again["changed"] is False
    assert log("label again")["counts"] == {"GET": 2}

    by_label = run.task("label by label")
    assert by_label["changed"] is False and by_label["service"]["id"] == 1002
    # label resolution reads each service's details once; the label read there is reused
    assert log("label by label")["counts"] == {"GET": 7}

    cancel_check = run.task("cancel check")
    assert cancel_check["changed"] is True
    assert cancel_check["diff"] == {"before": {"cancellation": "none"}, "after": {"cancellation": "pending"}}
    assert log("cancel check")["writes"] == 0

    cancel = run.task("cancel")
    assert cancel["changed"] is True and cancel["service"]["cancellation"] == "pending"
    assert log("cancel")["counts"] == {"GET": 2, "POST": 1}
    assert log("cancel")["entries"][-1]["body"] == {"immediate": "false", "reason": "moving"}
    assert sim.db["services"][1006]["cancellation"] == {"immediate": False, "reason": "moving"}

    again = run.task("cancel again")
    assert again["changed"] is False and again["service"]["cancellation"] == "pending"
    assert log("cancel again")["counts"] == {"GET": 2}
    assert any("taken as a cancellation already pending" in w for w in again.get("warnings", [])), again

    done = run.task("cancel cancelled")
    assert done["changed"] is False and done["service"]["cancellation"] == "done"
    assert log("cancel cancelled")["counts"] == {"GET": 1}

    bad = run.task("bad label")
    assert bad["failed"] and "label=" in bad["msg"]
    assert log("bad label")["requests"] == 0

    ambiguous = run.task("ambiguous")
    assert ambiguous["failed"] and "id 1005" in ambiguous["msg"] and "id 1006" in ambiguous["msg"]

    fault = run.task("cancel under 502")
    assert fault["failed"] and "HTTP 502" in fault["msg"]
    assert "may have" in fault["msg"] and "service_info" in fault["msg"]
    assert fault["api_error"]["uncertain"] is True
    assert log("cancel under 502")["counts"] == {"GET": 2, "POST": 1}
    assert sim.db["services"][1005]["status"] == "Cancelled"
    assert sim.db["services"][1001]["label"] == "frontend"
