"""account_info through ansible-playbook against the simulator."""

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: read
      xtom.console.account_info:
      register: acct
    - name: show
      ansible.builtin.assert:
        that:
          - acct.account.email == 'demo@example.com'
          - acct.account.id == 26
          - acct.account.balance.currency == 'USD'
          - acct.account.payment_methods | length == 3
"""


def test_account_info_reads_three_parts(sim, run_playbook):
    run = run_playbook(PLAYBOOK)
    assert run.rc == 0, run
    result = run.task("read")
    assert result["changed"] is False
    assert result["account"]["lastname"] == "Doe"
    assert sim.counts() == {"GET": 3}
    assert [e["path"] for e in sim.requests()] == ["/details", "/balance", "/payment"]
