"""xtom.console.service_reinstall through ansible-playbook against the simulator."""

from conftest import HEADER, step

ROOT_PW = "Root-pw-4e1f9a"
USER_PW = "User-pw-77c2d0"

PLAYBOOK = HEADER + "".join([
    step("check", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: debian 12
          root_password: "%s"
          admin_user: ops
          user_password: "%s"
          package_selection: Minimal
        check_mode: true
        """ % (ROOT_PW, USER_PW)),
    step("wrong confirm", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: db1.example.com
          profile: 11
        """),
    step("no confirm", task="""
        xtom.console.service_reinstall:
          service: web1.example.com
          profile: 11
        """),
    step("unknown profile", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: WEB1.example.com.
          profile: Arch Linux
        """),
    step("bad extras", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: 11
          extras:
            hostname: x
        """),
    step("reinstall", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: Ubuntu 24.04 LTS
          root_password: "%s"
          admin_user: ops
          user_password: "%s"
          extras:
            extra1: swap=2G
          wait: true
          wait_interval: 1
        """ % (ROOT_PW, USER_PW)),
    """
    - name: inject a gateway error after the server acted
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/faults"
        method: POST
        body_format: json
        body: {"status": 502, "method": "POST", "path": "/reinstall$", "after": true}
""",
    step("reinstall under 502", """
        xtom.console.service_reinstall:
          service: 1002
          confirm_hostname: db1.example.com
          profile: 13
          root_password: "%s"
        """ % ROOT_PW),
    step("while installing", """
        xtom.console.service_reinstall:
          service: 1002
          confirm_hostname: db1.example.com
          profile: 13
        """),
])


def test_service_reinstall(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    log = run.log
    for secret in (ROOT_PW, USER_PW):
        assert secret not in run.stdout and secret not in run.stderr
        assert secret not in repr(sim.sim.log)

    check = run.task("check")
    assert check["changed"] is True
    assert check["reinstall"]["profile"] == {"id": "11", "name": "Debian 12"}
    assert check["reinstall"]["package_selection"] == "minimal"
    assert check["reinstall"]["root_password_set"] is True
    assert log("check")["counts"] == {"GET": 3}

    wrong = run.task("wrong confirm")
    assert wrong["failed"] and "does not match the hostname of service 1001 (web1.example.com)" in wrong["msg"]
    assert log("wrong confirm")["counts"] == {"GET": 1}
    assert run.task("no confirm")["failed"] and "confirm_hostname" in run.task("no confirm")["msg"]

    unknown = run.task("unknown profile")
    assert unknown["failed"] and "'Arch Linux' is not a reinstall profile" in unknown["msg"]
    assert "Debian 12 (11)" in unknown["msg"]
    assert log("unknown profile")["writes"] == 0
    assert run.task("bad extras")["failed"] and "extras: 'hostname'" in run.task("bad extras")["msg"]
    assert log("bad extras")["requests"] == 0

    done = run.task("reinstall")
    assert done["changed"] is True and done["power_before"] == "running" and done["power_after"] == "running"
    posts = [e for e in log("reinstall")["entries"] if e["method"] == "POST"]
    assert len(posts) == 1
    assert posts[0]["body"] == {"profile": 12, "rootpassword": "********", "adminuser": "ops",
                                "userpassword": "********", "extra1": "swap=2G"}
    assert sim.db["services"][1001]["_reinstalls"][-1]["profile"] == "12"

    fault = run.task("reinstall under 502")
    assert fault["failed"] and fault["api_error"]["uncertain"] is True
    assert "may have started" in fault["msg"] and "do NOT run it again" in fault["msg"]
    assert log("reinstall under 502")["counts"] == {"GET": 3, "POST": 1}
    busy = run.task("while installing")
    assert busy["failed"] and "'installing'" in busy["msg"] and "nothing was sent" in busy["msg"]
    assert log("while installing")["writes"] == 0
    assert len(sim.sim.db["services"][1002]["_reinstalls"]) == 1
