"""The dns_records benchmark as a test: request budget on a 1,000-record zone with 10 changes.

Run with ``-s`` to see the figures; ``python tests/perf/bench_dns_records.py`` prints the same.
"""

from bench_dns_records import run_benchmark


def test_dns_records_benchmark_budget():
    figures = run_benchmark(records=1000)
    assert figures["zone_records"] == 1000
    assert figures["check"]["writes"] == 0 and figures["check"]["requests"] == 2
    assert figures["apply"]["requests"] <= 12
    assert figures["apply"]["writes"] == 10 and figures["apply"]["by_method"]["GET"] == 2
    assert figures["apply"]["summary"] == figures["check"]["summary"]
    assert figures["apply"]["changes"] == figures["check"]["changes"] and len(figures["apply"]["changes"]) == 10
    assert figures["noop"] == dict(figures["noop"], requests=2, writes=0, changed=False)
    # Goal < 2 s; the bound leaves room for a loaded CI machine.
    assert figures["apply"]["seconds"] < 6, figures
