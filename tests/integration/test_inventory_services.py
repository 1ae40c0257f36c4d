"""The xtom.console.services inventory plugin through ansible-inventory against the simulator.

Demo account: 1001 web1 (VPS, v4+v6), 1002 db1 (dedicated, 2 v4 + v6), 1003 dns (DNS hosting, no
IPs), 1004 old (Cancelled VPS), 1005 label "web" (VPS v4+v6), 1006 label "web" (VPS Pro, v4 only).
"""

import json
import os
import shutil
import subprocess

from ansible.release import __version__ as ANSIBLE_VERSION

from conftest import ansible_bin, ansible_env

ANSIBLE_CORE = tuple(int(p) for p in ANSIBLE_VERSION.split(".")[:2])

ACTIVE = {1001, 1002, 1003, 1005, 1006}


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
    assert set(inv.hostvars) == {"web1", "db1", "dns", "web", "web-1006"}
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
    # A service without addresses is reached by its domain; it does not fail.
    assert inv.hostvars["dns"]["ansible_host"] == "dns.example.com"
    assert inv.hostvars["dns"]["xtom_ipv4"] == [] and inv.hostvars["dns"]["xtom_ipv6"] == []
    # Two services labelled "web": the later one is renamed, with one warning.
    assert inv.hostvars["web"]["xtom_id"] == 1005 and inv.hostvars["web-1006"]["xtom_id"] == 1006
    assert inv.err.count("both named 'web'") == 1, inv
    # No service password (GET /service/@id carries one) and no credential in the output.
    assert "pdtzc" not in inv.stdout and sim.password not in inv.stdout + inv.stderr
    # 1 list + 2 per active service; the cancelled one costs nothing.
    assert sim.counts(mark) == {"GET": 1 + 2 * len(ACTIVE)}
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
group: by_id
"""

BY_DOMAIN = """
plugin: xtom.console.services
status: []
products: [KVM VPS Pro]
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
    # products by name (any case), host names from the id, ansible_host from the domain.
    assert inv.members("by_id") == {"service-1002", "service-1003"}
    assert inv.hostvars["service-1002"]["ansible_host"] == "db1.example.com"
    # every status, another prefix, ansible_host from the label.
    assert inv.members("by_domain") == {"web3.example.com"}
    assert inv.hostvars["web3.example.com"]["ansible_host"] == "web"
    assert inv.hostvars["web3.example.com"]["portal_id"] == 1006
    assert "xtom_id" not in inv.hostvars["web3.example.com"]
    # Services left out by status/categories/products cost no request.
    assert fetched_ids(sim, mark) == {1001, 1004, 1005, 1006, 1002, 1003}
    assert sim.counts(mark) == {"GET": 3 + 2 * 4 + 2 * 2 + 2 * 1}

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
    assert set(inv.hostvars) == {"web1", "dns", "web", "web-1006"}
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
    assert sim.counts(mark) == {"POST": 1, "GET": 11}  # one JWT login shared by the 4 workers


def test_api_values_are_never_templated(sim, run_playbook, tmp_path):
    sim.db["services"][1001]["label"] = "{{ 6 * 7 }}"
    sim.db["services"][1001]["domain"] = "{{ lookup('ansible.builtin.pipe', 'id') }}"
    path = tmp_path / "unsafe.xtom.yml"
    path.write_text("plugin: xtom.console.services\nhostnames: [id]\n")
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
    assert {"web1", "db1", "dns", "web"} <= set(inv.hostvars)
    assert inv.members("product_KVM_VPS_Starter") >= {"web1", "web"}
    assert "web1" in inv.members("dual_stack")
    assert (tmp_path / ".cache" / "xtom-inventory").is_dir()
