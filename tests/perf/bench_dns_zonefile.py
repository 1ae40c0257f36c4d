#!/usr/bin/env python
"""Benchmark: dns_records fed a zone file of 1,000 records with 10 differences.

    python tests/perf/bench_dns_zonefile.py [--records 1000] [--latency 0.0]

Starts the in-process simulator, adds a zone of ``--records`` records (SOA and NS included),
exports it with dns_zone_info (``include: [zone_file]``), makes 10 differences in the text (6 value
changes, 2 TTL changes, 2 new records), writes it to a file, then runs the dns_records module in
this process (the real module: argument parsing, dnspython, HTTP over 127.0.0.1, planning) with
``zone_file`` and ``prune: true`` three times:

1. check mode: 0 writes;
2. the same for real: 2 reads + 10 writes (the budget of dns_records with ``records``: <= 12);
3. the same again: a no-op, 2 reads.

Prints the requests by method and the module's wall time for each run. ``run_benchmark()`` returns
the figures (used by tests/perf/test_bench_dns_zonefile.py, which asserts the request budget).
"""

import contextlib
import importlib
import io
import json
import os
import re
import sys
import tempfile
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


def run_module_named(name, args):
    """Run the module ``name`` in this process; returns (result dict, seconds)."""
    from ansible.module_utils.testing import patch_module_args

    module = importlib.import_module("ansible_collections.xtom.console.plugins.modules." + name)
    out = io.StringIO()
    started = time.perf_counter()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    return json.loads(out.getvalue()), time.perf_counter() - started


A_LINE = re.compile(r"^(h\d{4})(\s+)3600 IN A(\s+)(\S+)$")


def ten_differences(text):
    """6 value changes, 2 TTL changes (single-address A sets) and 2 new records: 10 writes."""
    lines, changed = text.splitlines(), 0
    for pos, line in enumerate(lines):
        found = A_LINE.match(line)
        if not found or changed >= 8:
            continue
        if changed < 6:
            lines[pos] = "%s%s3600 IN A%s198.19.0.%d" % (found.group(1), found.group(2), found.group(3), changed + 1)
        else:
            lines[pos] = "%s%s 600 IN A%s%s" % (found.group(1), found.group(2), found.group(3), found.group(4))
        changed += 1
    lines.append("bench-new1 3600 IN A 198.19.1.1")
    lines.append("bench-new2 3600 IN AAAA 2001:db8:beef::2")
    return "\n".join(lines) + "\n"


def run_benchmark(records=1000, latency=0.0, verbose=True):
    server = start(Simulator(latency=latency))
    folder = tempfile.mkdtemp(prefix="bench-zonefile-")
    try:
        sim = server.sim
        with sim.lock:
            add_large_zone(sim.db, ZONE, records)
        conn = {"api_url": server.api_url, "api_username": DEMO_USERNAME, "api_password": DEMO_PASSWORD}
        exported, export_seconds = run_module_named("dns_zone_info", dict(conn, zone=ZONE, include=["zone_file"]))
        if exported.get("failed"):
            raise RuntimeError("dns_zone_info failed: %s" % exported.get("msg"))
        text = ten_differences(exported["zones"][0]["zone_file"])
        path = os.path.join(folder, ZONE + ".zone")
        with open(path, "w") as handle:
            handle.write(text)
        args = dict(conn, zone=ZONE, prune=True, zone_file=path)
        figures = {"zone_file_records": len([line for line in text.splitlines() if " IN " in line]),
                   "export_seconds": round(export_seconds, 3)}
        for label, extra in (("check", {"_ansible_check_mode": True}), ("apply", {}), ("noop", {})):
            mark = len(sim.log)
            result, seconds = run_module_named("dns_records", dict(args, **extra))
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
            print("dns_records zone_file with %d records (a %d-record zone exported in %.3f s, 10 differences, prune: true)"
                  % (figures["zone_file_records"], records, figures["export_seconds"]))
            for label in ("check", "apply", "noop"):
                f = figures[label]
                print("  %-6s requests %2d %-34s changed=%-5s module wall time %.3f s"
                      % (label, f["requests"], json.dumps(f["by_method"], sort_keys=True), f["changed"], f["seconds"]))
        return figures
    finally:
        server.shutdown()
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


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
