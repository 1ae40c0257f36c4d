"""domain_info through ansible-playbook against the simulator (both answer shapes)."""

import pytest

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: list
      xtom.console.domain_info:
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
        include: [tlds]
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


@pytest.mark.parametrize("sim", ["reference", "variant"], indirect=True)
def test_domain_info(sim, run_playbook):
    run = run_playbook(PLAYBOOK, check=True)
    assert run.rc == 0, run
    assert all(res["changed"] is False for _name, res in run.results)

    listed = run.task("list")["domains"]
    assert [d["id"] for d in listed] == [2001, 2002, 2003, 2004, 2005, 2006]
    assert listed[1] == {"id": 2002, "name": "example.net", "status": "Active", "expires": "2027-06-11",
                         "date_created": "2024-03-01", "period": 1, "recurring_amount": "15.00", "autorenew": True,
                         "daytoexpire": 120}

    net = run.task("by name with parts")["domains"][0]
    assert net["id"] == 2002 and net["lock"] is True and net["autorenew"] is True and net["idprotection"] is False
    assert net["nameservers"] == ["ns1.xtom.com", "ns2.xtom.com"]
    assert net["contacts"]["registrant"]["email"] == "demo@example.com"
    assert net["email_forwarding"] == {"info": "demo@example.com"}
    assert net["dnssec"]["dnssec_keys"][0]["key_tag"] == 2371 and net["dnssec"]["dnssec_keys"][0]["key"] == "1"
    assert [f["flags"] for f in net["dnssec"]["flags"]] == [256, 257]
    assert "epp_code" not in net

    assert run.task("details only by id")["domains"][0]["name"] == "example.com"
    assert run.task("expired and active example.org resolves to the active one")["domains"][0]["id"] == 2004
    assert run.task("epp code")["domains"][0]["epp_code"] == "EPP-2002-7fQ2-kLm9"

    check = run.task("lookup and tlds")
    assert "domains" not in check
    assert [(x["name"], x["available"]) for x in check["lookups"]] == [("my-new-name.dev", True), ("example.com", False)]
    assert check["lookups"][0]["periods"][0] == {"tld_id": 12, "years": 1, "register": "14.00", "transfer": "0.00",
                                                 "renew": "16.00", "redemption": "60.00"}
    assert [t["tld"] for t in check["tlds"]] == [".com", ".net", ".org", ".io", ".dev"]

    msg = run.task("ambiguous")["msg"]
    assert "ambiguous" in msg and "id 2005 (Active" in msg and "id 2006 (Active" in msg and "domain_id" in msg
    assert run.task("unknown")["msg"].startswith("domain=nope.example: is not a domain of this account")
    assert run.task("include without domain")["msg"] == "include=lock: needs domain or domain_id"
    assert "lookup='not a name': is not a valid host name" in run.task("bad lookup name")["msg"]

    # One request per part, nothing written, and the EPP code read only by the task that asked.
    assert [(e["method"], e["path"]) for e in sim.requests()] == [
        ("GET", "/domain"),
        ("GET", "/domain/name/example.net"), ("GET", "/domain/2002/ns"), ("GET", "/domain/2002/reglock"),
        ("GET", "/domain/2002/autorenew"), ("GET", "/domain/2002/contact"), ("GET", "/domain/2002/emforwarding"),
        ("GET", "/domain/2002/dnssec"), ("GET", "/domain/2002/dnssec/flags"),
        ("GET", "/domain/2001"),
        ("GET", "/domain/name/example.org"),
        ("GET", "/domain/name/example.net"), ("GET", "/domain/2002/epp"),
        ("POST", "/domain/lookup"), ("POST", "/domain/lookup"), ("GET", "/domain/order"),
        ("GET", "/domain/name/example.biz"),
        ("GET", "/domain/name/nope.example"), ("GET", "/domain"),  # the list only to suggest names
    ]
