"""xtom.console.service_power through ansible-playbook against the simulator."""

import textwrap

HEADER = """
- hosts: localhost
  gather_facts: false
  tasks:
"""


def step(name, task):
    """A task (YAML, module line first) whose errors are ignored, then one read of the request log.

    ``run.task(name)`` is the module's result; ``requests_of(run, sim, mark)(name)`` the simulator
    log entries of exactly that task (between the log reads around it; admin calls are not logged).
    """
    return "\n".join([
        "    - name: %s" % name,
        textwrap.indent(textwrap.dedent(task).strip(), " " * 6),
        "      ignore_errors: true",
        "    - name: log %s" % name,
        "      ansible.builtin.uri:",
        '        url: "{{ xtom_sim_admin }}/log?since=100000000"',
        "",
    ])


def requests_of(run, sim, mark):
    """``log(name)`` → ``{"entries", "counts", "writes", "requests"}`` of the task ``name``."""
    totals = [(tname[4:], res["json"]["total"]) for tname, res in run.results if tname.startswith("log ")]

    def log(name):
        names = [n for n, _total in totals]
        i = names.index(name)
        entries = sim.sim.log[totals[i - 1][1] if i else mark:totals[i][1]]
        counts = {}
        for e in entries:
            counts[e["method"]] = counts.get(e["method"], 0) + 1
        return {"entries": entries, "counts": counts, "requests": len(entries),
                "writes": sum(1 for e in entries if e["method"] != "GET")}

    return log


PLAYBOOK = HEADER + "".join([
    step("reset check", """
        xtom.console.service_power:
          service: web1.example.com
          state: reset
        check_mode: true
        """),
    step("reset", """
        xtom.console.service_power:
          service: 1001
        """),
    step("dns plan", task="""
        xtom.console.service_power:
          service: dns.example.com
        """),
    step("unknown", task="""
        xtom.console.service_power:
          service: 4242
        """),
    """
    - name: inject a gateway error after the server acted
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/reset$", "after": true}
""",
    step("reset under 502", """
        xtom.console.service_power:
          service: web1.example.com
        """),
])


def test_service_power(sim, run_playbook):
    mark = sim.mark()
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = requests_of(run, sim, mark)

    check = run.task("reset check")
    assert check["changed"] is True
    assert check["power_before"] == check["power_after"] == "running"
    assert log("reset check")["counts"] == {"GET": 2}

    reset = run.task("reset")
    assert reset["changed"] is True and reset["service"]["id"] == 1001
    assert (reset["power_before"], reset["power_after"]) == ("running", "running")
    assert [(e["method"], e["path"]) for e in log("reset")["entries"]] == [
        ("GET", "/service"), ("GET", "/service/1001/status"), ("POST", "/service/1001/reset"),
        ("GET", "/service/1001/status")]

    dns = run.task("dns plan")
    assert dns["failed"] and "not a server" in dns["msg"]
    unknown = run.task("unknown")
    assert unknown["failed"] and "service=4242: no service with this id" in unknown["msg"]

    fault = run.task("reset under 502")
    assert fault["failed"] and fault["api_error"]["uncertain"] is True
    assert "may have been sent" in fault["msg"] and "include=[power]" in fault["msg"]
    assert log("reset under 502")["counts"] == {"GET": 2, "POST": 1}
    assert sim.db["services"][1001]["_resets"] == 2
    assert len(sim.requests(method="POST")) == 2
