"""xtom.console.service_reinstall through ansible-playbook against the simulator."""

import pytest

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
        diff: true
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
    assert check["changes"] == [{"action": "reinstall", "what": "service 1001 (web1.example.com)",
                                 "before": {"power": "running"},
                                 "after": {"profile": "Debian 12", "package_selection": "minimal", "admin_user": "ops",
                                           "root_password_set": True, "extras": []}}]
    assert check["diff"][0]["before_header"] == "service 1001 (web1.example.com)"
    assert log("check")["counts"] == {"GET": 3}

    wrong = run.task("wrong confirm")
    assert wrong["failed"] and "confirm_hostname=db1.example.com: does not match the hostname of service 1001 " \
                               "(web1.example.com): nothing was sent" in wrong["msg"]
    assert log("wrong confirm")["counts"] == {"GET": 1}
    assert run.task("no confirm")["failed"] and "confirm_hostname" in run.task("no confirm")["msg"]

    unknown = run.task("unknown profile")
    assert unknown["failed"] and "profile='Arch Linux': is not a reinstall profile" in unknown["msg"]
    assert "Debian 12 (11)" in unknown["msg"]
    assert log("unknown profile")["writes"] == 0
    assert run.task("bad extras")["failed"] and "extras=hostname: is not an installer field" in run.task("bad extras")["msg"]
    assert log("bad extras")["requests"] == 0

    done = run.task("reinstall")
    assert done["changed"] is True and done["power_before"] == "running" and done["power_after"] == "running"
    assert done["changes"][0]["action"] == "reinstall" and done["changes"][0]["after"]["profile"] == "Ubuntu 24.04 LTS"
    assert done["progress"]["reads"] == 2
    assert [e["state"] for e in done["progress"]["seen"]] == ["installing", "running"]
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


BOTH = HEADER + "".join([
    step("check", """
        xtom.console.service_reinstall:
          service: db1.example.com
          confirm_hostname: db1.example.com
          profile: Rocky Linux 9
          package_selection: docker
        check_mode: true
        diff: true
        """),
    step("reinstall", """
        xtom.console.service_reinstall:
          service: db1.example.com
          confirm_hostname: db1.example.com
          profile: Rocky Linux 9
          package_selection: docker
          wait: true
          wait_interval: 0.2
        diff: true
        """),
])


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_service_reinstall_in_both_shapes_and_check_mode_equals_the_real_run(sim, run_playbook):
    run = run_playbook(BOTH)
    assert run.rc == 0, run
    check, real = run.task("check"), run.task("reinstall")
    assert real.get("failed") is not True, real
    assert check["changes"] == real["changes"] and check["diff"] == real["diff"]
    assert run.log("check")["writes"] == 0
    assert real["power_after"] == "running"
    assert sim.db["services"][1002]["_reinstalls"][-1] == {"profile": "13", "packageselection": "docker", "adminuser": None}


@pytest.mark.parametrize("path", ["^/service$", "^/service/1001/reinstall$", "^/service/1001/status$"])
def test_service_reinstall_refuses_answers_it_does_not_understand(sim, run_playbook, path):
    sim.reshape("wrap", path)
    run = run_playbook(HEADER + step("reinstall", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: Debian 12
        """))
    res = run.task("reinstall")
    assert res["failed"] and "GET %s: unexpected answer" % path.strip("^$") in res["msg"], res
    assert sim.writes() == []


def test_service_reinstall_refuses_a_power_word_it_does_not_know(sim, run_playbook):
    sim.db["services"][1001]["power"] = "migrating"
    run = run_playbook(HEADER + step("reinstall", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: Debian 12
        """))
    res = run.task("reinstall")
    assert res["failed"] and "'migrating', which this collection does not know" in res["msg"], res
    assert sim.writes() == []


def test_service_reinstall_wait_timeout_reports_progress_and_the_reinstall(sim, run_playbook):
    sim.db["services"][1001]["_install_reads"] = 99  # a long install
    run = run_playbook(HEADER + step("reinstall", """
        xtom.console.service_reinstall:
          service: web1.example.com
          confirm_hostname: web1.example.com
          profile: Debian 12
          wait: true
          wait_timeout: 1
          wait_interval: 0.6
        """))
    res = run.task("reinstall")
    assert res["failed"] and "did not reach power running within 1 seconds" in res["msg"], res
    assert "do NOT run it again" in res["msg"]
    assert res["changed"] is True and res["changes"][0]["action"] == "reinstall"
    assert res["progress"]["reads"] == 2 and res["progress"]["seen"][0]["state"] == "installing"  # at 0.6 s and 1 s
    assert len(sim.db["services"][1001]["_reinstalls"]) == 1
