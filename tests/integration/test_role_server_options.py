"""The server role takes the connection options as role variables, and its errors name role variables."""

SERVER = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.server
      vars:
        server_product: {product}
        server_hostname: web9.example.com
        server_cycle: m
        server_options: {{Operating System: Debian 12, Location: Tokyo}}
{extra}
"""


def _run(run_playbook, product="KVM VPS Starter", extra=None, env=None, check=True):
    lines = "\n".join("        %s: %s" % (k, v) for k, v in (extra or {}).items())
    return run_playbook(SERVER.format(product=product, extra=lines), check=check, env=env)


def _failed(run):
    return [res for _name, res in run.results if res.get("failed")]


def test_connection_options_as_role_variables(sim, run_playbook):
    no_env = {"XTOM_API_URL": "", "XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    run = _run(run_playbook, env=no_env, extra={"api_url": sim.api_url, "api_username": sim.username,
                                                "api_password": sim.password})
    assert run.rc == 0, run
    assert [(e["method"], e["path"]) for e in sim.writes()] == [("POST", "/quote")]
    assert sim.password not in run.stdout


def test_role_variables_override_the_environment_and_keep_the_rest(sim, run_playbook):
    # The role's api_password is wrong: it wins over the environment's right one, and says so.
    run = _run(run_playbook, extra={"api_password": "not-the-password-7"})
    assert run.rc != 0
    msg = _failed(run)[-1]["msg"]
    assert "authentication failed" in msg and "not-the-password-7" not in run.stdout


def test_errors_name_the_role_variable(sim, run_playbook):
    run = _run(run_playbook, product="'KVM VPS Startr'")
    assert run.rc != 0
    msg = _failed(run)[-1]["msg"]
    assert "server_product=" in msg and "xtom.console.server" in msg, msg
    assert " product=" not in msg, msg
    assert sim.writes() == []
    run = _run(run_playbook, extra={"server_dns_zone": "example.com",
                                    "server_dns_records": "[{record: www9, type: CNAME, value: 'not a name!'}]"},
               check=False)
    msg = _failed(run)[-1]["msg"]
    assert "server_dns_records[0]" in msg, msg


def test_provision_playbook_guard_sees_the_api_url_role_variable(sim, run_playbook):
    """The environment points at the simulator, the api_url variable at a real portal: the guard refuses."""
    import os

    from conftest import REPO_ROOT

    playbook = os.path.join(REPO_ROOT, "playbooks", "provision_server.yml")
    run = run_playbook(playbook, extra_vars={"api_url": "https://console.xtom.invalid/api"})
    assert run.rc != 0
    refused = run.task("Refuse to order a server for a placeholder host name on a real account")
    assert refused["failed"] is True and "is the playbook's placeholder" in refused["msg"]
    assert sim.requests() == []


DNS_ZONE = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.com
        dns_zone_prune: false
        dns_zone_records:
          - {{record: www, type: A, value: 203.0.113.11}}
        api_url: {api_url}
        api_username: {username}
        api_password: {password}
"""


def test_dns_zone_role_takes_connection_options_as_role_variables(sim, run_playbook):
    no_env = {"XTOM_API_URL": "", "XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    run = run_playbook(DNS_ZONE.format(api_url=sim.api_url, username=sim.username, password=sim.password),
                       check=True, env=no_env)
    assert run.rc == 0, run
    assert sim.writes() == [] and sim.requests(), run


PER_MODULE_DEFAULTS = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    xtom.console.service_info: &conn
      api_url: {api_url}
      api_username: {username}
      api_password: {password}
    xtom.console.dns_records: *conn
  roles:
    - role: xtom.console.dns_zone
      vars:
        dns_zone_name: example.com
        dns_zone_prune: false
        dns_zone_records:
          - {{record: www, type: A, value: 203.0.113.11}}
"""


def test_the_plays_per_module_defaults_stay_whole_without_role_variables(sim, run_playbook):
    no_env = {"XTOM_API_URL": "", "XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    run = run_playbook(PER_MODULE_DEFAULTS.format(api_url=sim.api_url, username=sim.username, password=sim.password),
                       check=True, env=no_env)
    assert run.rc == 0, run
    assert sim.requests() and sim.writes() == []
