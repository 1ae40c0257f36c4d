# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting until a service reaches a state: the one loop of service_wait, service_reinstall and order.

``poll`` is the loop (read, test, sleep ``wait_interval``, give up after ``wait_timeout`` with the
progress); ``wait_for_service`` waits for a service status (and a power state); ``wait_reinstalled``
waits for a server to run again after a reinstall. A state is "reached" only on a word this
collection knows: an unknown status or power word is recorded in the progress, never taken as done.
"""

import time

from ansible_collections.xtom.console.plugins.module_utils.common import XtomApiError, to_str
from ansible_collections.xtom.console.plugins.module_utils.services import (
    BUSY_POWER,
    get_power,
    get_service,
    service_row,
)

# Statuses a service does not leave on its own: waiting for another status stops at once.
FAILED_STATUSES = ("cancelled", "terminated", "fraud", "suspended")
# After a reinstall, "running" counts once the server was seen busy or stopped, or after this many reads.
RUNNING_READS = 3


class WaitTimeoutError(XtomApiError):
    """The state was not reached within ``wait_timeout``; ``progress`` says what was seen."""

    def __init__(self, message, progress, path=None):
        self.text = message
        self.progress = progress
        super(WaitTimeoutError, self).__init__(None, "GET", path, [message])

    def __str__(self):
        return getattr(self, "text", "")

    def to_dict(self):
        out = super(WaitTimeoutError, self).to_dict()
        out["progress"] = self.progress
        return out


class WaitFailedError(WaitTimeoutError):
    """The service reached a state it does not leave on its own (Cancelled, Terminated, ...)."""


class Progress(object):
    """How long, how many reads, which states were seen (each change of state once, in order)."""

    def __init__(self, clock):
        self.clock = clock
        self.started = clock()
        self.reads = 0
        self.errors = 0
        self.seen = []
        self.last = None

    def elapsed(self):
        return self.clock() - self.started

    def record(self, state, error=None):
        self.reads += 1
        self.last = state
        if error is not None:
            self.errors += 1
        if not self.seen or self.seen[-1]["state"] != state:
            entry = {"state": state, "elapsed": round(self.elapsed(), 1), "read": self.reads}
            if error is not None:
                entry["error"] = error
            self.seen.append(entry)

    def as_dict(self):
        return {"elapsed": round(self.elapsed(), 1), "reads": self.reads, "errors": self.errors, "seen": list(self.seen)}

    def summary(self):
        states = " -> ".join(to_str(e["state"]) for e in self.seen) or "nothing"
        return "waited %.1f s, %d reads; seen: %s" % (self.elapsed(), self.reads, states)


def poll(read, done, wait_timeout, wait_interval, failed=None, tolerate=(), first_delay=0.0, what="the service",
         path=None, sleep=time.sleep, clock=time.monotonic):
    """Call ``read()`` until ``done(state)`` is true; returns the ``Progress``.

    - ``read()`` returns the current state (any JSON-able value, e.g. ``{"status": "Active"}``).
    - ``done(state)`` -> bool; ``failed(state)`` -> None, or a reason to stop at once (``WaitFailedError``).
    - ``tolerate``: exception classes a read may raise without ending the wait (the state is then
      recorded as None, with the error); other exceptions end it.
    - ``first_delay``: seconds before the first read (0: read at once). Then one read every
      ``wait_interval`` seconds; the last read comes at ``wait_timeout`` at the latest, then
      ``WaitTimeoutError`` (with ``progress``). ``wait_timeout=0`` reads once.
    """
    progress = Progress(clock)
    deadline = progress.started + wait_timeout
    delay = first_delay
    while True:
        if delay > 0:
            sleep(max(0.0, min(delay, deadline - clock())))
        try:
            state = read()
        except tolerate as exc:  # pylint: disable=catching-non-exception
            progress.record(None, error=str(exc))
        else:
            progress.record(state)
            if done(state):
                return progress
            reason = failed(state) if failed is not None else None
            if reason:
                raise WaitFailedError("%s: %s (%s)" % (what, reason, progress.summary()), progress.as_dict(), path)
        if clock() >= deadline:
            raise WaitTimeoutError("%s did not reach %s within %s seconds (wait_timeout); %s" % (
                what, getattr(done, "target", "the state"), wait_timeout, progress.summary()), progress.as_dict(), path)
        delay = wait_interval


class ServiceState(object):
    """``done``/``failed`` of ``wait_for_service`` (``target`` names the state in messages)."""

    def __init__(self, status, power):
        self.status = status
        self.power = power
        self.target = "status %s" % status + (" and power %s" % power if power else "")

    def __call__(self, state):
        return state["status"].lower() == self.status.lower() and (self.power is None or state["power"] == self.power)

    def failed(self, state):
        now = state["status"].lower()
        if now in FAILED_STATUSES and now != self.status.lower():
            return "it is %s, which it does not leave on its own" % state["status"]
        return None


def wait_for_service(client, service_id, status="Active", power=None, wait_timeout=600, wait_interval=10,
                     once=False, sleep=time.sleep, clock=time.monotonic):
    """Wait until service ``service_id`` has ``status`` (and, for a server, the power state ``power``).

    Each read is one GET /service/@id; the power (GET /service/@id/status) is read only once the
    status matches. Returns ``{"reached": bool, "status", "power", "service": row, "progress": {...}}``.
    Raises ``WaitTimeoutError`` after ``wait_timeout`` seconds, ``WaitFailedError`` when the service
    turns Cancelled/Terminated/Fraud/Suspended (unless that is the status asked); both carry
    ``progress``. ``once=True`` reads once and returns ``reached`` without raising (check mode).
    """
    target = ServiceState(status, power)
    last = {}

    def read():
        svc = get_service(client, service_id)
        last["service"] = svc
        state = {"status": svc["status"], "power": None}
        if power is not None and svc["status"].lower() == status.lower():
            state["power"] = get_power(client, service_id)
        return state

    what = "service %s" % service_id
    path = "/service/%s" % service_id
    if once:
        progress = Progress(clock)
        state = read()
        progress.record(state)
        reached = target(state)
    else:
        progress = poll(read, target, wait_timeout, wait_interval, failed=target.failed, what=what, path=path,
                        sleep=sleep, clock=clock)
        state, reached = progress.last, True
    return {"reached": reached, "status": state["status"], "power": state["power"],
            "service": service_row(last["service"]), "progress": progress.as_dict()}


def wait_reinstalled(client, service_id, wait_timeout, wait_interval, sleep=time.sleep, clock=time.monotonic):
    """After POST /service/@id/reinstall: wait until the server reports ``running`` again.

    A portal may still say running before the reinstall begins, so running counts only once the
    server was seen busy or stopped (known words), or after ``RUNNING_READS`` reads in a row that all
    say running. A failed read (the portal is busy) or an answer not understood does not end the wait
    (the reinstall was sent: a failed task would invite a second one). Returns the ``Progress``.
    """
    seen = {"started": False, "running": 0}

    def done(state):
        if state == "running":
            seen["running"] += 1
            return seen["started"] or seen["running"] >= RUNNING_READS
        seen["running"] = 0
        if state in BUSY_POWER or state == "stopped":
            seen["started"] = True
        return False

    done.target = "power running"
    return poll(lambda: get_power(client, service_id), done, wait_timeout, wait_interval, tolerate=(XtomApiError,),
                first_delay=wait_interval, what="the reinstall of service %s" % service_id,
                path="/service/%s/status" % service_id, sleep=sleep, clock=clock)


def fail_wait(module, exc, **result):
    """End a module run on a ``WaitTimeoutError``: the message, ``progress`` and the other results."""
    result["progress"] = exc.progress
    module.logout()
    module.fail_from_error(exc, **result)
