"""domain_info through ansible-playbook against the simulator."""

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: list
      xtom.console.domain_info:
      register: all
    - name: by name with parts
      xtom.console.domain_info:
        domain: example.net
        include: [nameservers, lock, autorenew, contacts, email_forwarding, dnssec]
    - name: details only by id
      xtom.console.domain_info:
        domain_id: 2001
    - name: expired and active example.org resolves to the active one
      xtom.console.domain_info:
        domain: example.org
    - name: epp code
      xtom.console.domain_info:
        domain: example.net
        include: [epp_code]
    - name: lookup and tlds
      xtom.console.domain_info:
        lookup: [my-new-name.dev, example.com]
        tlds: true
    - name: ambiguous
      xtom.console.domain_info:
        domain: example.biz
      ignore_errors: true
    - name: unknown
      xtom.console.domain_info:
        domain: nope.example
      ignore_errors: true
    - name: include without domain
      xtom.console.domain_info:
        include: [lock]
      ignore_errors: true
    - name: bad lookup name
      xtom.console.domain_info:
        lookup: ["not a name"]
      ignore_errors: true
"""


def test_domain_info(sim, run_playbook):
    run = run_playbook(PLAYBOOK, check=True)
    assert run.rc == 0, run
    for name, res in run.results:
        print(name, res)
