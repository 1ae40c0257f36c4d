"""The zone-file benchmark as a test: 1,000 records with 10 differences, the request budget of dns_records.

Run with ``-s`` to see the figures; ``python tests/perf/bench_dns_zonefile.py`` prints the same.
"""

from bench_dns_zonefile import run_benchmark


def test_dns_zonefile_benchmark_budget():
    figures = run_benchmark(records=1000)
    assert figures["zone_file_records"] == 1002  # the zone's 1,000 records and 2 new ones
    assert figures["check"]["writes"] == 0 and figures["check"]["requests"] == 2
    assert figures["apply"]["requests"] <= 12
    assert figures["apply"]["writes"] == 10 and figures["apply"]["by_method"]["GET"] == 2
    assert figures["apply"]["summary"] == {"create": 2, "update": 8, "delete": 0}
    assert figures["apply"]["changes"] == figures["check"]["changes"] and len(figures["apply"]["changes"]) == 10
    assert figures["noop"] == dict(figures["noop"], requests=2, writes=0, changed=False)
    # Goal < 2 s (dnspython reads the file once); the bound leaves room for a loaded CI machine.
    assert figures["apply"]["seconds"] < 6, figures
