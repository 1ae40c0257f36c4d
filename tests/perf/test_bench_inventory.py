"""The inventory benchmark (tests/perf/bench_inventory.py) with its goals as assertions (~15 s).

1,000 services behind 50 ms of latency per request: the default settings must be at least 8x
faster than the same requests sent one after the other, and a cache hit must make no request and
take under a second.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_inventory import GOAL_CACHED_SECONDS, GOAL_SPEEDUP, run_benchmark, table  # noqa: E402


def test_inventory_benchmark_goals():
    result = run_benchmark(services=1000, latency=0.05)
    print(table(result))
    assert result["hosts"] == 1005 and result["cached_hosts"] == 1005
    assert result["requests"] == 1 + 2 * 1005
    assert result["speedup"] >= GOAL_SPEEDUP, table(result)
    assert result["cached_requests"] == 0 and result["cached_cli_requests"] == 0
    assert result["cached_wall"] < GOAL_CACHED_SECONDS, table(result)
