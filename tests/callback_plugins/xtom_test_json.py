"""Test-only stdout callback: prints every task result as one JSON document at the end.

Shape: {"plays": [{"tasks": [{"task": {"name": ...}, "hosts": {host: result}}]}], "stats": {...}}
(the same shape as the json callback of ansible.posix, which the test venv does not install).

With XTOM_SIM_ADMIN set (the simulator's admin URL), each result also carries ``_sim_log``: the
simulator's request log of exactly that task ({"entries", "counts", "requests", "writes"}).
"""

from __future__ import annotations

import json
import os
import urllib.request

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: xtom_test_json
type: stdout
short_description: JSON results for the xtom.console test suite
description: Prints all task results as one JSON document.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "xtom_test_json"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plays = []
        self.admin = os.environ.get("XTOM_SIM_ADMIN")
        self.mark = 0

    def _sim_log(self, since=None):
        url = self.admin + "/log" + ("?since=%d" % since if since is not None else "?since=100000000")
        with urllib.request.urlopen(url, timeout=10) as resp:  # the local simulator only
            return json.loads(resp.read().decode("utf-8"))

    def v2_playbook_on_play_start(self, play):
        self.plays.append({"play": {"name": play.get_name()}, "tasks": []})

    def _task(self, task):
        self.plays[-1]["tasks"].append({"task": {"name": task.get_name()}, "hosts": {}})
        if self.admin:
            self.mark = self._sim_log()["total"]

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._task(task)

    def _record(self, result, **extra):
        data = json.loads(self._dump_results(result._result, indent=0))
        if "diff" in result._result and "diff" not in data:  # _dump_results drops it below -vvv
            data["diff"] = json.loads(json.dumps(result._result["diff"], default=str))
        warnings = [getattr(getattr(w, "event", None), "msg", None) or str(w) for w in getattr(result, "warnings", None) or ()]
        if warnings:  # _dump_results drops them (the default callback prints them to stderr)
            data["warnings"] = warnings
        data.update(extra)
        if self.admin:
            log = self._sim_log(self.mark)
            data["_sim_log"] = {k: log[k] for k in ("entries", "counts", "requests", "writes")}
        self.plays[-1]["tasks"][-1]["hosts"][result._host.get_name()] = data

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = {h: stats.summarize(h) for h in sorted(stats.processed.keys())}
        self._display.display(json.dumps({"plays": self.plays, "stats": summary}, indent=1, default=str))
