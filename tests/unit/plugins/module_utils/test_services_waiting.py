"""The waiting loop (module_utils/waiting.py): fake clock for the loop, the simulator for the service waits."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import waiting as W
from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError


class FakeClock(object):
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_poll_returns_when_done_with_progress():
    clock = FakeClock()
    states = iter(["Pending", "Pending", "Active"])
    progress = W.poll(lambda: next(states), lambda s: s == "Active", 60, 10, sleep=clock.sleep, clock=clock)
    assert progress.reads == 3 and clock.sleeps == [10, 10]
    assert progress.as_dict() == {"elapsed": 20.0, "reads": 3, "errors": 0, "seen": [
        {"state": "Pending", "elapsed": 0.0, "read": 1}, {"state": "Active", "elapsed": 20.0, "read": 3}]}


def test_poll_times_out_with_the_last_read_at_the_deadline():
    clock = FakeClock()
    with pytest.raises(W.WaitTimeoutError) as err:
        W.poll(lambda: "Pending", lambda s: False, 25, 10, what="service 7", sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [10, 10, 5]  # reads at 0, 10, 20, 25
    assert err.value.progress["reads"] == 4 and err.value.progress["elapsed"] == 25.0
    assert "service 7 did not reach" in str(err.value) and "within 25 seconds" in str(err.value)
    assert "seen: Pending" in str(err.value)
    assert err.value.to_dict()["progress"]["reads"] == 4


def test_poll_stops_at_once_on_a_failed_state():
    clock = FakeClock()
    states = iter(["Pending", "Cancelled"])
    with pytest.raises(W.WaitFailedError, match="it is gone"):
        W.poll(lambda: next(states), lambda s: False, 60, 10, failed=lambda s: "it is gone" if s == "Cancelled" else None,
               sleep=clock.sleep, clock=clock)


def test_poll_tolerates_only_the_named_errors():
    clock = FakeClock()
    calls = {"n": 0}

    def read():
        calls["n"] += 1
        if calls["n"] < 3:
            raise XtomApiError(503, "GET", "/x", ["busy"])
        return "running"

    progress = W.poll(read, lambda s: s == "running", 60, 1, tolerate=(XtomApiError,), sleep=clock.sleep, clock=clock)
    assert progress.errors == 2 and progress.last == "running"
    calls["n"] = 0
    with pytest.raises(XtomApiError):
        W.poll(read, lambda s: s == "running", 60, 1, sleep=clock.sleep, clock=clock)


def _pending(sim, sid=1005, reads=2):
    svc = sim.db["services"][sid]
    svc["status"] = "Pending"
    svc["_active_after"] = reads
    return svc


def test_wait_for_service_turns_active_after_a_few_reads(sim, client):
    _pending(sim)
    clock = FakeClock()
    out = W.wait_for_service(client, 1005, power="running", wait_timeout=600, wait_interval=5, sleep=clock.sleep,
                             clock=clock)
    assert out["reached"] and (out["status"], out["power"]) == ("Active", "running")
    # Pending twice, Active from the third read: the power is read from then on (installing once, then running)
    paths = [e["path"] for e in sim.requests()]
    assert paths == ["/service/1005"] * 3 + ["/service/1005/status", "/service/1005", "/service/1005/status"]
    assert [e["state"] for e in out["progress"]["seen"]] == [
        {"status": "Pending", "power": None}, {"status": "Active", "power": "installing"},
        {"status": "Active", "power": "running"}]
    assert out["service"]["id"] == 1005 and out["service"]["label"] == "web"


def test_wait_for_service_times_out_with_the_request_count(sim, client):
    _pending(sim, reads=99)
    clock = FakeClock()
    with pytest.raises(W.WaitTimeoutError) as err:
        W.wait_for_service(client, 1005, wait_timeout=30, wait_interval=10, sleep=clock.sleep, clock=clock)
    assert sim.counts() == {"GET": 4}  # at 0, 10, 20, 30 s
    assert err.value.progress["reads"] == 4


def test_wait_for_service_never_finishes_on_an_unknown_status_word(sim, client):
    sim.db["services"][1005]["status"] = "Provisioned"
    clock = FakeClock()
    with pytest.raises(W.WaitTimeoutError) as err:
        W.wait_for_service(client, 1005, wait_timeout=10, wait_interval=10, sleep=clock.sleep, clock=clock)
    assert err.value.progress["seen"][0]["state"]["status"] == "Provisioned"


def test_wait_for_service_fails_at_once_when_cancelled(sim, client):
    clock = FakeClock()
    with pytest.raises(W.WaitFailedError, match="Cancelled, which it does not leave"):
        W.wait_for_service(client, 1004, wait_timeout=600, wait_interval=10, sleep=clock.sleep, clock=clock)
    assert sim.counts() == {"GET": 1}


def test_wait_for_service_once_reads_once(sim, client):
    _pending(sim)
    out = W.wait_for_service(client, 1005, once=True)
    assert out["reached"] is False and out["status"] == "Pending" and sim.counts() == {"GET": 1}


def test_wait_reinstalled_ignores_unknown_words(sim, client):
    class Words(object):
        def __init__(self, words):
            self.words = iter(words)

        def path(self, template, *parts):
            return client.path(template, *parts)

        def get(self, path, parse=None):
            return parse({"status": next(self.words)})

    clock = FakeClock()
    # "hibernating" is not known: it neither starts the count nor ends the wait; 3 running reads in a row do.
    progress = W.wait_reinstalled(Words(["running", "hibernating", "running", "running", "running"]), 1001, 600, 1,
                                  sleep=clock.sleep, clock=clock)
    assert progress.reads == 5 and progress.last == "running"
