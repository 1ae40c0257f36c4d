"""No password or token in the output of a -vvvv run, on success or failure."""

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: contact with a password, token auth
      xtom.console.contact:
        email: sec@example.com
        firstname: Sec
        password: Contact-Secret-Pw-9
      diff: true

    - name: update its password
      xtom.console.contact:
        email: sec@example.com
        password: Contact-Secret-Pw-9
        update_password: always
      diff: true

    - name: jwt login with the password
      xtom.console.account_info:
        auth_mode: jwt
      environment:
        XTOM_API_TOKEN: ""

    - name: wrong password
      xtom.console.account_info:
        api_password: Wrong-Secret-Pw-7
      environment:
        XTOM_API_TOKEN: ""
      ignore_errors: true

    - name: api error
      xtom.console.ticket:
        number: 99
        state: closed
      ignore_errors: true
"""


def test_no_secret_in_verbose_output(sim, run_playbook):
    token = sim.sim.issue_token()
    run = run_playbook(PLAYBOOK, diff=True, args=("-vvvv",), callback="default", env={"XTOM_API_TOKEN": token})
    output = run.stdout + run.stderr
    assert run.rc == 0, run
    assert "sec@example.com" in output and "authentication failed" in output  # the tasks ran
    assert "number=99: is not a ticket" in output
    assert sim.db["contacts"][max(sim.db["contacts"])]["password_set"] is True
    issued = [t for t in sim.sim.issued if t != token]
    assert issued, "the jwt task should have logged in"
    for secret in ["demo-password", "Contact-Secret-Pw-9", "Wrong-Secret-Pw-7", token] + issued:
        assert secret not in output, secret
        # nor a fragment long enough to matter (a JWT's signature part)
        assert secret[-20:] not in output
