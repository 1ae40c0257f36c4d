"""The xtom.console.services inventory plugin through ansible-inventory against the simulator.

Demo account: 1001 web1 (VPS, v4+v6), 1002 db1 (dedicated, 2 v4 + v6), 1003 dns (DNS hosting, no
IPs), 1004 old (Cancelled VPS), 1005 label "web" (VPS v4+v6), 1006 label "web" (VPS Pro, v4 only).
"""

import re

import json
import os
import shutil
import subprocess

from ansible.release import __version__ as ANSIBLE_VERSION

from conftest import ansible_bin, ansible_env

ANSIBLE_CORE = tuple(int(p) for p in ANSIBLE_VERSION.split(".")[:2])

ACTIVE = {1001, 1002, 1003, 1005, 1006}
# What the route log shows of a run: (method, path) pairs.


def routes(sim, mark):
    return [(e["method"], e["path"]) for e in sim.requests(mark)]


def plain(value):
    """ansible-inventory marks untrusted strings as {"__ansible_unsafe": ...}: unwrap them."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Inventory:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.err = " ".join(proc.stderr.split())  # ansible-core may wrap long warnings
        self.data = None
        if self.rc == 0 and self.stdout.lstrip().startswith("{"):
            self.data = plain(json.loads(self.stdout))

    @property
    def hostvars(self):
        return self.data["_meta"]["hostvars"]

    def members(self, group):
        """Hosts of a group, its children included."""
        entry = self.data.get(group, {})
        hosts = set(entry.get("hosts", []))
        for child in entry.get("children", []):
            hosts |= self.members(child)
        return hosts

    def __repr__(self):
        return "<Inventory rc=%s>\nSTDOUT:\n%s\nSTDERR:\n%s" % (self.rc, self.stdout[-4000:], self.stderr[-4000:])


def run_inventory(sim, tmp_path, config, *args, env=None, name="demo.xtom.yml", sources=None):
    """ansible-inventory -i <config file> (default --list) with the simulator's credentials."""
    path = tmp_path / name
    path.write_text(config)
    cmd = [ansible_bin("ansible-inventory")]
    for source in sources or [str(path)]:
        cmd += ["-i", source]
    cmd += list(args) or ["--list"]
    extra = sim.env()
    extra.update(env or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(extra), timeout=300, cwd=str(tmp_path),
                          check=False)
    return Inventory(proc)


def fetched_ids(sim, mark):
    """Service ids whose details were read since ``mark``."""
    ids = set()
    for entry in sim.requests(mark):
        parts = entry["path"].strip("/").split("/")
        if parts[0] == "service" and len(parts) > 1:
            ids.add(int(parts[1]))
    return ids


def test_defaults_active_services_named_by_label(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n")
    assert inv.rc == 0, inv
    # Only services with an IP address by default: dns (DNS hosting) is not a host.
    assert set(inv.hostvars) == {"web1", "db1", "web", "web-1006"}
    assert inv.members("xtom") == set(inv.hostvars)
    web1 = inv.hostvars["web1"]
    assert web1["ansible_host"] == "203.0.113.10"
    assert web1["xtom_id"] == 1001
    assert web1["xtom_label"] == "web1"
    assert web1["xtom_domain"] == "web1.example.com"
    assert web1["xtom_status"] == "Active"
    assert web1["xtom_product"] == "KVM VPS Starter"
    assert web1["xtom_category"] == "Virtual Servers"
    assert web1["xtom_category_url"] == "vps"
    assert web1["xtom_billingcycle"] == "Monthly"
    assert web1["xtom_total"] == "9.99"
    assert web1["xtom_next_due"] == "2026-12-15"
    assert web1["xtom_date_created"] == "2026-01-15"
    assert web1["xtom_ipv4"] == ["203.0.113.10"]
    assert web1["xtom_ipv6"] == ["2001:db8:10::10"]
    assert inv.hostvars["db1"]["xtom_ipv4"] == ["203.0.113.20", "203.0.113.21"]
    # Two services labelled "web": the later one is renamed, with one warning.
    assert inv.hostvars["web"]["xtom_id"] == 1005 and inv.hostvars["web-1006"]["xtom_id"] == 1006
    assert inv.err.count("both named 'web'") == 1, inv
    # No service password (GET /service/@id carries one) and no credential in the output.
    assert "pdtzc" not in inv.stdout and sim.password not in inv.stdout + inv.stderr
    # 1 list + 2 per active service (details and addresses); the cancelled one costs nothing.
    assert sim.counts(mark) == {"GET": 1 + 2 * len(ACTIVE)}
    assert [w for w in re.findall(r"\[WARNING\]: ([^\[]*)", inv.err) if "both named" not in w] == [], inv
    assert fetched_ids(sim, mark) == ACTIVE


FILTERED = r"""
plugin: xtom.console.services
status: [active, CANCELLED]
categories: [vps]
group: portal
connect_with: ipv6
hostname: "{{ xtom_domain | regex_replace('\\.example\\.com$', '') }}"
filters:
  - exclude: xtom_id == 1006
  - include: true
keyed_groups:
  - key: xtom_product
    prefix: product
  - key: xtom_status | lower
    prefix: status
groups:
  dual_stack: xtom_ipv6 | length > 0
compose:
  ansible_user: "'admin'"
  main_ip: xtom_ipv4 | first
"""

BY_ID = """
plugin: xtom.console.services
products: [Dedicated E3, dns hosting]
hostnames: [id]
connect_with: domain
keep_without_ip: true
group: by_id
"""

BY_DOMAIN = """
plugin: xtom.console.services
status: []
product: [KVM VPS Pro]
hostnames: [domain]
connect_with: label
hostvars_prefix: portal_
group: by_domain
"""


def test_filters_keyed_groups_hostnames(sim, tmp_path):
    (tmp_path / "by_id.xtom.yml").write_text(BY_ID)
    (tmp_path / "by_domain.xtom.yaml").write_text(BY_DOMAIN)
    sources = [str(tmp_path / n) for n in ("filtered.xtom.yml", "by_id.xtom.yml", "by_domain.xtom.yaml")]
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, FILTERED, name="filtered.xtom.yml", sources=sources)
    assert inv.rc == 0, inv
    # status (any case) + category slug, then the Jinja filter drops 1006 (fetched, not listed).
    assert inv.members("portal") == {"web1", "old", "web2"}
    assert inv.members("product_KVM_VPS_Starter") == {"web1", "old", "web2"}
    assert inv.members("status_cancelled") == {"old"}
    assert inv.members("status_active") == {"web1", "web2"}
    assert inv.members("dual_stack") == {"web1", "web2"}
    assert inv.hostvars["web1"]["ansible_host"] == "2001:db8:10::10"
    assert inv.hostvars["old"]["ansible_host"] == "203.0.113.30"  # no IPv6: falls back to IPv4
    assert inv.hostvars["web2"]["ansible_user"] == "admin"
    assert inv.hostvars["web2"]["main_ip"] == "203.0.113.40"
    # products by name (any case), host names from the id, ansible_host from the domain; nothing in this
    # configuration needs a per-service read, so there is none (1 request), and dns is kept.
    assert inv.members("by_id") == {"service-1002", "service-1003"}
    assert inv.hostvars["service-1002"]["ansible_host"] == "db1.example.com"
    assert inv.hostvars["service-1003"]["ansible_host"] == "dns.example.com"
    assert "xtom_label" not in inv.hostvars["service-1003"] and "xtom_ipv4" not in inv.hostvars["service-1003"]
    # every status, another prefix, ansible_host from the label.
    assert inv.members("by_domain") == {"web3.example.com"}
    assert inv.hostvars["web3.example.com"]["ansible_host"] == "web"
    assert inv.hostvars["web3.example.com"]["portal_id"] == 1006
    assert "xtom_id" not in inv.hostvars["web3.example.com"]
    # Services left out by status/category/product cost no request.
    assert fetched_ids(sim, mark) == {1001, 1004, 1005, 1006}
    assert sim.counts(mark) == {"GET": 3 + 2 * 4 + 0 * 2 + 2 * 1}

    graph = run_inventory(sim, tmp_path, FILTERED, "--graph", name="filtered.xtom.yml")
    assert graph.rc == 0, graph
    lines = [line.strip(" |-") for line in graph.stdout.splitlines()]
    assert "@product_KVM_VPS_Starter:" in lines and "@dual_stack:" in lines and "@portal:" in lines
    assert {"web1", "old", "web2"} <= set(lines) and "web3" not in lines


CACHED = """
plugin: xtom.console.services
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {cache}
"""


def test_cache_hit_makes_no_request_and_holds_no_credential(sim, tmp_path):
    cache = tmp_path / "cache"
    config = CACHED.format(cache=cache)
    first = run_inventory(sim, tmp_path, config)
    assert first.rc == 0, first
    mark = sim.mark()
    hit = run_inventory(sim, tmp_path, config)
    assert hit.rc == 0, hit
    assert sim.requests(mark) == []
    assert hit.hostvars == first.hostvars
    stored = "".join(p.read_text() for p in cache.iterdir())
    assert "web1.example.com" in stored
    for secret in (sim.password, sim.username, "pdtzc", "Authorization"):
        assert secret not in stored

    # --flush-cache reads the account again (ansible-inventory has it from ansible-core 2.19; before,
    # removing the cache files is the way); so does a change of the filters.
    mark = sim.mark()
    if ANSIBLE_CORE >= (2, 19):
        flushed = run_inventory(sim, tmp_path, config, "--list", "--flush-cache")
    else:
        shutil.rmtree(cache)
        flushed = run_inventory(sim, tmp_path, config, "--list")
    assert flushed.rc == 0, flushed
    assert sim.counts(mark) == {"GET": 1 + 2 * len(ACTIVE)}
    mark = sim.mark()
    changed = run_inventory(sim, tmp_path, config + "status: [Cancelled]\n")
    assert changed.rc == 0, changed
    assert set(changed.hostvars) == {"old"}
    assert sim.counts(mark) == {"GET": 3}


def test_failing_service_is_one_warning_or_an_error_when_strict(sim, tmp_path):
    config = CACHED.format(cache=tmp_path / "cache")
    sim.fault(status=500, path=r"^/service/1002/ip$", count=1)
    sim.fault(status=503, path=r"^/service/1001$", count=1, retry_after=0)  # retried: no harm
    inv = run_inventory(sim, tmp_path, config)
    assert inv.rc == 0, inv
    assert set(inv.hostvars) == {"web1", "web", "web-1006"}
    assert inv.err.count("left out") == 1, inv
    assert "left out service 1002 (db1.example.com): GET /service/1002/ip failed (HTTP 500)" in inv.err
    # The incomplete result was not cached: the next run reads again and finds db1.
    mark = sim.mark()
    again = run_inventory(sim, tmp_path, config)
    assert again.rc == 0, again
    assert "db1" in again.hostvars and len(sim.requests(mark)) == 11

    sim.fault(status=500, path=r"^/service/1003$", count=1)
    strict = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nstrict: true\n", name="strict.xtom.yml")
    assert strict.rc != 0, strict
    assert "could not read service 1003 (dns.example.com): GET /service/1003 failed (HTTP 500)" in strict.err
    assert "Traceback" not in strict.stderr


def test_bad_credentials_one_clear_error(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n", env={"XTOM_API_PASSWORD": "wrong-secret-pw"})
    assert inv.rc != 0, inv
    # ansible-core may print a plugin's error twice (as a warning and as the cause): one message.
    assert ("xtom.console.services: authentication failed: check api_username/api_password or api_token "
            "(GET /service returned HTTP 401: Invalid credentials)") in inv.err, inv
    assert inv.err.count("xtom.console.services: ") == inv.err.count("xtom.console.services: authentication failed: ")
    assert "wrong-secret-pw" not in inv.stdout + inv.stderr
    assert "Traceback" not in inv.stderr
    assert len(sim.requests(mark)) == 1

    env = {"XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    missing = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n", env=env)
    assert missing.rc != 0
    assert "xtom.console.services: no credentials: set api_token, or api_username and api_password" in missing.err
    assert len(sim.requests(mark)) == 1


TEMPLATED = """
plugin: xtom.console.services
api_url: "{{ lookup('ansible.builtin.env', 'SIM_URL_FOR_TEST') }}"
api_username: "{{ portal_user }}"
api_password: "{{ vault_portal_password }}"
auth_mode: jwt
max_workers: 4
"""


def test_templated_options_from_extra_vars_and_lookups(sim, tmp_path):
    env = {"SIM_URL_FOR_TEST": sim.api_url, "XTOM_API_URL": "http://127.0.0.1:9/nowhere",
           "XTOM_API_USERNAME": "nobody@example.com", "XTOM_API_PASSWORD": "wrong"}
    evars = json.dumps({"portal_user": sim.username, "vault_portal_password": sim.password})
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, TEMPLATED, "--list", "-e", evars, env=env)
    assert inv.rc == 0, inv
    assert "web1" in inv.hostvars
    assert sim.counts(mark) == {"POST": 2, "GET": 11}  # one JWT login shared by the 4 workers, one logout


def test_api_values_are_never_templated(sim, run_playbook, tmp_path):
    sim.db["services"][1001]["label"] = "{{ 6 * 7 }}"
    sim.db["services"][1001]["domain"] = "{{ lookup('ansible.builtin.pipe', 'id') }}"
    path = tmp_path / "unsafe.xtom.yml"
    # The play uses xtom_label, which nothing in the file needs: include asks for the details read.
    path.write_text("plugin: xtom.console.services\nhostnames: [id]\ninclude: [details, ips]\n")
    playbook = """
- hosts: service-1001
  gather_facts: false
  tasks:
    - name: read
      ansible.builtin.set_fact:
        seen: "{{ xtom_label }} / {{ xtom_domain }}"
"""
    run = run_playbook(playbook, args=("-i", str(path)))
    assert run.rc == 0, run
    assert run.task("read")["ansible_facts"]["seen"] == "{{ 6 * 7 }} / {{ lookup('ansible.builtin.pipe', 'id') }}"


def test_examples_parse(sim, tmp_path):
    """Every example inventory file of the plugin's EXAMPLES works against the simulator."""
    import yaml

    src = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "plugins", "inventory", "services.py")
    text = open(src).read()
    examples = text.split('EXAMPLES = r"""', 1)[1].split('"""', 1)[0].split("\n---\n")
    sources = []
    for n, example in enumerate(examples):
        assert yaml.safe_load(example)["plugin"] == "xtom.console.services"
        path = tmp_path / ("example%d.xtom.yml" % n)
        path.write_text(example)
        sources.append(str(path))
    assert len(sources) >= 5
    evars = json.dumps({"vault_xtom_password": sim.password})
    inv = run_inventory(sim, tmp_path, "", "--list", "-e", evars, sources=sources, env={"HOME": str(tmp_path)})
    assert inv.rc == 0, inv
    assert {"web1", "db1", "web"} <= set(inv.hostvars)
    assert "dns.example.com" in inv.hostvars  # the lightest example keeps services without an address
    assert inv.members("product_KVM_VPS_Starter") >= {"web1", "web"}
    assert "web1" in inv.members("dual_stack")
    assert (tmp_path / ".cache" / "xtom-inventory").is_dir()


# ------------------------------------------------------------------ issue 12 item 6: services that are not servers
def test_a_refused_address_read_is_not_a_failure_even_when_strict(sim, tmp_path):
    # The portal refuses GET /service/@id/ip for a service that is not a server (400).
    sim.fault(status=400, path=r"^/service/1003/ip$", count=10)
    strict = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nstrict: true\n")
    assert strict.rc == 0, strict
    assert set(strict.hostvars) == {"web1", "db1", "web", "web-1006"}  # left out by the default filter
    assert "1003" not in strict.err, strict

    kept = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nstrict: true\nkeep_without_ip: true\n")
    assert kept.rc == 0, kept
    assert set(kept.hostvars) == {"web1", "db1", "dns", "web", "web-1006"}
    dns = kept.hostvars["dns"]
    assert "ansible_host" not in dns and dns["xtom_ipv4"] == [] and dns["xtom_ipv6"] == []
    assert dns["xtom_label"] == "dns" and dns["xtom_id"] == 1003


# ------------------------------------------------------------------ issue 15 item 3: which reads, what they cost
LIGHTEST = """
plugin: xtom.console.services
include: []
keep_without_ip: true
hostnames: [domain, id]
connect_with: domain
keyed_groups:
  - key: xtom_category_url
    prefix: category
"""


def test_the_lightest_inventory_costs_one_request(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, LIGHTEST)
    assert inv.rc == 0, inv
    assert routes(sim, mark) == [("GET", "/service")]
    assert set(inv.hostvars) == {"web1.example.com", "db1.example.com", "dns.example.com", "web2.example.com",
                                 "web3.example.com"}
    assert inv.members("category_vps") == {"web1.example.com", "web2.example.com", "web3.example.com"}
    web1 = inv.hostvars["web1.example.com"]
    assert web1["ansible_host"] == "web1.example.com" and web1["xtom_product"] == "KVM VPS Starter"
    assert "xtom_label" not in web1 and "xtom_ipv4" not in web1


def test_addresses_only_cost_n_plus_one(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nhostnames: [domain, id]\n")
    assert inv.rc == 0, inv
    assert sim.counts(mark) == {"GET": 1 + len(ACTIVE)}
    assert all(path == "/service" or path.endswith("/ip") for _method, path in routes(sim, mark))
    assert inv.hostvars["web1.example.com"]["ansible_host"] == "203.0.113.10"
    assert "xtom_label" not in inv.hostvars["web1.example.com"]


def test_a_template_that_names_a_variable_gets_its_read(sim, tmp_path):
    config = LIGHTEST.replace("include: []\n", "") + "compose:\n  nick: xtom_label | upper\n"
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, config)
    assert inv.rc == 0, inv
    assert sim.counts(mark) == {"GET": 1 + len(ACTIVE)}
    assert all(path == "/service" or not path.endswith("/ip") for _method, path in routes(sim, mark))
    assert inv.hostvars["web1.example.com"]["nick"] == "WEB1"


def test_an_include_that_leaves_out_a_needed_read_is_an_error(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\ninclude: [details]\n")
    assert inv.rc != 0, inv
    assert ("include=['details']: leaves out ips, which connect_with=ipv4 and keep_without_ip=false need; "
            "add ips to include or change those options") in inv.err, inv
    assert sim.requests(mark) == []


# ------------------------------------------------------------------ issue 14 item 4: filters that match nothing
def test_a_filter_typo_is_reported(sim, tmp_path):
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\ncategories: [vsp]\nstatus: [Actve]\n")
    assert inv.rc == 0, inv
    assert inv.hostvars == {}
    assert "xtom.console.services: category=vsp: matches no service of this account; valid: vps, " in inv.err, inv
    assert "xtom.console.services: status=Actve: is not a service status; valid: Active, " in inv.err, inv

    strict = run_inventory(sim, tmp_path, "plugin: xtom.console.services\ncategories: [vsp]\nstrict: true\n")
    assert strict.rc != 0, strict
    assert "category=vsp: matches no service of this account; valid: vps, " in strict.err, strict
    assert "Traceback" not in strict.stderr


# ------------------------------------------------------------------ issue 12: answers not understood
def test_a_service_list_not_understood_is_an_error_not_an_empty_inventory(sim, tmp_path):
    sim.reshape("wrap", r"^/service$")
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n")
    assert inv.rc != 0, inv
    assert "xtom.console.services: GET /service: unexpected answer (keys: " in inv.err, inv


def test_a_per_service_answer_not_understood_names_the_route(sim, tmp_path):
    sim.reshape("wrap", r"^/service/1002/ip$", count=1)
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n")
    assert inv.rc == 0, inv
    assert set(inv.hostvars) == {"web1", "web", "web-1006"}
    assert "left out service 1002 (db1.example.com): GET /service/1002/ip: unexpected answer (keys: " in inv.err, inv

    sim.reshape("wrap", r"^/service/1002$", count=1)
    strict = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nstrict: true\n")
    assert strict.rc != 0, strict
    assert "could not read service 1002 (db1.example.com): GET /service/1002: unexpected answer" in strict.err


# ------------------------------------------------------------------ issue 12 item 4, issue 15 item 4: jwt, retries
def test_jwt_logs_out_at_the_end_of_the_run(sim, tmp_path):
    mark = sim.mark()
    inv = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nauth_mode: jwt\n")
    assert inv.rc == 0, inv
    log = routes(sim, mark)
    assert log[0] == ("POST", "/login") and log[-1] == ("POST", "/logout")
    assert sim.counts(mark) == {"POST": 2, "GET": 1 + 2 * len(ACTIVE)}
    assert [t for t in sim.sim.issued if t in sim.sim.tokens] == []  # no token left alive

    # A token the user passed in is never logged out.
    token = sim.sim.issue_token()
    mark = sim.mark()
    env = {"XTOM_API_TOKEN": token, "XTOM_API_USERNAME": "", "XTOM_API_PASSWORD": ""}
    passed = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nauth_mode: jwt\n", env=env)
    assert passed.rc == 0, passed
    assert sim.counts(mark) == {"GET": 1 + 2 * len(ACTIVE)} and token in sim.sim.tokens


def test_retries_from_the_environment_and_the_file(sim, tmp_path):
    sim.fault(status=503, path=r"^/service$", retry_after=0, count=1)
    none = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n", env={"XTOM_API_RETRIES": "0"})
    assert none.rc != 0, none
    assert "GET /service failed (HTTP 503)" in none.err, none

    sim.fault(status=503, path=r"^/service$", retry_after=0, count=2)
    mark = sim.mark()
    two = run_inventory(sim, tmp_path, "plugin: xtom.console.services\nretries: 2\nretry_timeout: 5\n",
                        env={"XTOM_API_RETRIES": "0"})
    assert two.rc == 0, two
    assert sim.counts(mark) == {"GET": 3 + 2 * len(ACTIVE)}

    bad = run_inventory(sim, tmp_path, "plugin: xtom.console.services\n", env={"XTOM_API_RETRY_TIMEOUT": "601"})
    assert bad.rc != 0 and "retry_timeout=601.0: must be from 0 to 600 seconds" in bad.err, bad
