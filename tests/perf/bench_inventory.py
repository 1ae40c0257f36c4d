"""Benchmark of the xtom.console.services inventory plugin on a large account.

Starts the simulator in this process with N services and a fixed latency per API request, then
runs ``ansible-inventory`` (a separate process, as a user would) with the plugin's default
settings and a jsonfile cache: ``--list`` reads the account and fills the cache. The cached run
is timed as the plugin's parse in a fresh process (InventoryManager, without the interpreter start,
the imports and the output, which are ansible-core's and vary with the machine's load); the
wall time of cached ``ansible-inventory --graph`` and ``--list`` processes is printed as well.
Prints requests made, wall time, the sequential estimate (requests x latency) and the speed-up.

Then one row per choice of per-service reads (option ``include``: none, ips, details, both), each
parsed without a cache in a fresh process: requests and the plugin's wall time. N services kept by
the filters cost 1, N + 1, N + 1 and 2N + 1 requests.

    python tests/perf/bench_inventory.py [--services 1000] [--latency 0.05] [--max-workers N]

Goals (checked by tests/perf/test_bench_inventory.py): speed-up >= 8 with the defaults;
the cached run makes 0 requests and takes < 1 s; each read choice costs exactly its formula.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from conftest import COLLECTIONS_ROOT, ansible_bin, ansible_env  # noqa: E402
from simulator import Simulator  # noqa: E402
from simulator.server import start  # noqa: E402

GOAL_SPEEDUP = 8.0
GOAL_CACHED_SECONDS = 1.0

# The per-service read choices: (name, configuration lines, requests for N kept services).
# Each configuration needs exactly the reads it names (see the plugin's include option).
CHOICES = (
    ("none", "include: []\nkeep_without_ip: true\nhostnames: [domain, id]\nconnect_with: domain\n",
     lambda n: 1),
    ("ips", "include: [ips]\nhostnames: [domain, id]\n", lambda n: n + 1),
    ("details", "include: [details]\nkeep_without_ip: true\nconnect_with: label\n", lambda n: n + 1),
    ("details, ips (default)", "", lambda n: 2 * n + 1),
)


# Times the plugin alone in a fresh process: InventoryManager parsing the source, without the
# interpreter start, the imports and the output of ansible-inventory.
PARSE_SCRIPT = """
import json, sys, time
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader([sys.argv[2]])
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
started = time.perf_counter()
inventory = InventoryManager(loader=DataLoader(), sources=[sys.argv[1]])
print(json.dumps({"seconds": time.perf_counter() - started, "hosts": len(inventory.hosts)}))
"""


def _env(server, cache_dir):
    return ansible_env({
        "XTOM_API_URL": server.api_url,
        "XTOM_API_USERNAME": server.sim.username,
        "XTOM_API_PASSWORD": server.sim.password,
        "ANSIBLE_INVENTORY_CACHE_CONNECTION": cache_dir,
    })


def _parse(config_path, server, cache_dir):
    """The plugin's parse time in a fresh process; returns (seconds, requests, hosts)."""
    before = len(server.sim.log)
    proc = subprocess.run([sys.executable, "-c", PARSE_SCRIPT, config_path, COLLECTIONS_ROOT], capture_output=True,
                          text=True, env=_env(server, cache_dir), timeout=900, check=False)
    if proc.returncode != 0:
        raise RuntimeError("parsing the inventory failed (rc=%s):\n%s" % (proc.returncode, proc.stderr[-3000:]))
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out["seconds"], len(server.sim.log) - before, out["hosts"]


def _inventory(config_path, server, cache_dir, action="--list"):
    """Run ansible-inventory once; returns (seconds, requests, hosts)."""
    env = _env(server, cache_dir)
    before = len(server.sim.log)
    started = time.time()
    proc = subprocess.run([ansible_bin("ansible-inventory"), "-i", config_path, action], capture_output=True,
                          text=True, env=env, timeout=900, cwd=os.path.dirname(config_path), check=False)
    seconds = time.time() - started
    if proc.returncode != 0:
        raise RuntimeError("ansible-inventory failed (rc=%s):\n%s" % (proc.returncode, proc.stderr[-3000:]))
    if action == "--list":
        hosts = len(json.loads(proc.stdout)["_meta"]["hostvars"])
    else:
        hosts = sum(1 for line in proc.stdout.splitlines() if line.lstrip(" |").startswith("--") and "@" not in line)
    return seconds, len(server.sim.log) - before, hosts


def run_choices(services=1000, latency=0.05, max_workers=None):
    """One uncached parse per read choice against a fresh simulator; returns a list of row dicts."""
    server = start(Simulator(services=services, latency=latency))
    rows = []
    try:
        kept = sum(1 for svc in server.sim.db["services"].values() if svc["status"] == "Active")
        with tempfile.TemporaryDirectory(prefix="xtom-bench-") as tmp:
            for name, lines, formula in CHOICES:
                config = os.path.join(tmp, "%s.xtom.yml" % name.split(",", maxsplit=1)[0].split()[0])
                with open(config, "w") as handle:
                    handle.write("plugin: xtom.console.services\n" + lines)
                    if max_workers:
                        handle.write("max_workers: %d\n" % max_workers)
                seconds, requests, hosts = _parse(config, server, os.path.join(tmp, "cache"))
                rows.append({"choice": name, "requests": requests, "expected": formula(kept), "seconds": seconds,
                             "hosts": hosts, "kept": kept})
    finally:
        server.shutdown()
        server.server_close()
    return rows


def choices_table(rows, latency=0.05):
    lines = ["per-service reads (include), %d services kept, %.0f ms per request:" % (rows[0]["kept"], latency * 1000),
             "%-24s %9s %12s %8s" % ("include", "requests", "wall time", "hosts")]
    for row in rows:
        lines.append("%-24s %9d %10.2f s %8d" % (row["choice"], row["requests"], row["seconds"], row["hosts"]))
    return "\n".join(lines)


def run_benchmark(services=1000, latency=0.05, max_workers=None):
    """Both runs against a fresh simulator; returns a dict of figures."""
    server = start(Simulator(services=services, latency=latency))
    try:
        with tempfile.TemporaryDirectory(prefix="xtom-bench-") as tmp:
            config = os.path.join(tmp, "bench.xtom.yml")
            with open(config, "w") as handle:
                handle.write("plugin: xtom.console.services\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n")
                if max_workers:
                    handle.write("max_workers: %d\n" % max_workers)
            cache_dir = os.path.join(tmp, "cache")
            wall, requests, hosts = _inventory(config, server, cache_dir)
            cached_wall, cached_requests, cached_hosts = _parse(config, server, cache_dir)
            graph_wall, graph_requests, _hosts = _inventory(config, server, cache_dir, "--graph")
            list_wall, list_requests, _hosts = _inventory(config, server, cache_dir, "--list")
    finally:
        server.shutdown()
        server.server_close()
    sequential = requests * latency
    return {
        "services": services,
        "latency": latency,
        "max_workers": max_workers or "default (16)",
        "hosts": hosts,
        "requests": requests,
        "wall": wall,
        "sequential": sequential,
        "speedup": sequential / wall if wall else float("inf"),
        "cached_requests": cached_requests,
        "cached_wall": cached_wall,
        "cached_hosts": cached_hosts,
        "cached_graph_wall": graph_wall,
        "cached_list_wall": list_wall,
        "cached_cli_requests": graph_requests + list_requests,
    }


def table(r):
    rows = [
        ("services in the account", "%d (+6 demo), %d hosts (Active, with an IP address)" % (r["services"], r["hosts"])),
        ("latency per request", "%.0f ms" % (r["latency"] * 1000)),
        ("max_workers", str(r["max_workers"])),
        ("requests", str(r["requests"])),
        ("wall time", "%.2f s" % r["wall"]),
        ("sequential estimate", "%.2f s (requests x latency)" % r["sequential"]),
        ("speed-up", "%.1fx (goal >= %.0fx)" % (r["speedup"], GOAL_SPEEDUP)),
        ("cached run: requests", "%d (goal 0)" % r["cached_requests"]),
        ("cached run: plugin time", "%.2f s (goal < %.0f s), %d hosts" % (
            r["cached_wall"], GOAL_CACHED_SECONDS, r["cached_hosts"])),
        ("cached ansible-inventory", "--graph %.2f s, --list %.2f s (whole process), %d requests" % (
            r["cached_graph_wall"], r["cached_list_wall"], r["cached_cli_requests"])),
    ]
    width = max(len(k) for k, _v in rows)
    return "\n".join("%-*s  %s" % (width, k, v) for k, v in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--max-workers", type=int, default=None, help="default: the plugin's default")
    args = parser.parse_args(argv)
    result = run_benchmark(args.services, args.latency, args.max_workers)
    print(table(result))
    rows = run_choices(args.services, args.latency, args.max_workers)
    print(choices_table(rows, args.latency))
    ok = result["speedup"] >= GOAL_SPEEDUP and result["cached_requests"] == 0 and result["cached_wall"] < GOAL_CACHED_SECONDS
    ok = ok and all(row["requests"] == row["expected"] for row in rows)
    print("goals met" if ok else "goals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
