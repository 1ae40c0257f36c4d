#!/usr/bin/env python
"""Benchmark: dns_records on a 1,000-record zone with 10 changes.

    python tests/perf/bench_dns_records.py [--records 1000] [--latency 0.0]

Starts the in-process simulator, adds a zone of ``--records`` records (SOA and NS included),
then runs the dns_records module in this process (the real module: argument parsing, HTTP over
127.0.0.1, planning) three times with the WHOLE zone listed and ``prune: true``:

1. check mode with 10 changes (6 value changes, 2 TTL changes, 2 new records): 0 writes;
2. the same for real: 2 reads + 10 writes;
3. the same again: a no-op, 2 reads.

Prints the requests by method and the module's wall time for each run. ``run_benchmark()`` returns
the figures (used by tests/perf/test_bench_dns_records.py, which asserts the request budget).
"""

import contextlib
import io
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(HERE)
ZONE = "big.example.com"


if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

# Importing conftest puts this checkout's collection on sys.path.
import conftest  # noqa: E402,F401  pylint: disable=unused-import
from simulator import DEMO_PASSWORD, DEMO_USERNAME, Simulator  # noqa: E402
from simulator.routes.dns import add_large_zone  # noqa: E402
from simulator.server import start  # noqa: E402


def run_module(args):
    """Run dns_records in this process; returns (result dict, seconds)."""
    from ansible.module_utils.testing import patch_module_args
    from ansible_collections.xtom.console.plugins.modules import dns_records

    out = io.StringIO()
    started = time.perf_counter()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            dns_records.main()
        except SystemExit:
            pass
    elapsed = time.perf_counter() - started
    return json.loads(out.getvalue()), elapsed


def desired_records(zone_rows):
    """The zone as dns_records ``records`` (one item per name and type), SOA left out."""
    sets = {}
    for row in zone_rows:
        if row["type"] == "SOA":
            continue
        key = (row["name"], row["type"])
        item = sets.setdefault(key, {"record": row["name"], "type": row["type"], "value": [], "ttl": int(row["ttl"])})
        content = row["content"]
        if row["type"] == "MX":
            content = "%s %s" % (row["priority"], content)
        item["value"].append(content)
    return list(sets.values())


def ten_changes(records):
    """6 value changes, 2 TTL changes, 2 new records: 10 writes whatever the pairing."""
    a_sets = [r for r in records if r["type"] == "A" and len(r["value"]) == 1]
    for n, item in enumerate(a_sets[:6]):
        item["value"] = ["198.19.0.%d" % (n + 1)]
    for item in a_sets[6:8]:
        item["ttl"] = 600
    records.append({"record": "bench-new1", "type": "A", "value": ["198.19.1.1"]})
    records.append({"record": "bench-new2", "type": "AAAA", "value": ["2001:db8:beef::2"]})
    return records


def run_benchmark(records=1000, latency=0.0, verbose=True):
    server = start(Simulator(latency=latency))
    try:
        sim = server.sim
        with sim.lock:
            zid = add_large_zone(sim.db, ZONE, records)
            zone_rows = [dict(r) for r in sim.db["dns_zones"][zid]["records"]]
        args = {
            "api_url": server.api_url,
            "api_username": DEMO_USERNAME,
            "api_password": DEMO_PASSWORD,
            "zone": ZONE,
            "prune": True,
            "records": ten_changes(desired_records(zone_rows)),
        }
        figures = {"zone_records": len(zone_rows), "listed_sets": len(args["records"])}
        for label, extra in (("check", {"_ansible_check_mode": True}), ("apply", {}), ("noop", {})):
            mark = len(sim.log)
            result, seconds = run_module(dict(args, **extra))
            if result.get("failed"):
                raise RuntimeError("dns_records failed: %s" % result.get("msg"))
            counts = {}
            for entry in sim.log[mark:]:
                counts[entry["method"]] = counts.get(entry["method"], 0) + 1
            figures[label] = {
                "requests": sum(counts.values()),
                "by_method": counts,
                "writes": sum(v for k, v in counts.items() if k != "GET"),
                "changed": result["changed"],
                "summary": result["summary"],
                "changes": result["changes"],
                "seconds": round(seconds, 3),
            }
        if verbose:
            print("dns_records on a %d-record zone (%d record sets listed, prune: true), 10 changes"
                  % (figures["zone_records"], figures["listed_sets"]))
            for label in ("check", "apply", "noop"):
                f = figures[label]
                print("  %-6s requests %2d %-34s changed=%-5s module wall time %.3f s"
                      % (label, f["requests"], json.dumps(f["by_method"], sort_keys=True), f["changed"], f["seconds"]))
        return figures
    finally:
        server.shutdown()


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API request")
    opts = parser.parse_args(argv)
    figures = run_benchmark(opts.records, opts.latency)
    ok = figures["apply"]["requests"] <= 12 and figures["noop"]["requests"] <= 2 and figures["check"]["writes"] == 0
    print("budget (apply <= 12, no-op <= 2, check 0 writes): %s" % ("met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
