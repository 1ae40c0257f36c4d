# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one write path: plan a change set, then apply it.

Every writing module fills a ``ChangeSet``; check mode, ``changed``, ``diff`` and ``changes`` all
come from it, so they cannot disagree::

    cs = ChangeSet()
    cs.add("update", "example.com www A", before, after, lambda: client.put(...))
    return cs.run(module.check_mode, rdns=after_view)
"""

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError, XtomValidationError

ACTIONS = ("create", "update", "delete", "add", "remove", "set", "reset", "reinstall", "cancel", "order",
           "open", "reply", "close", "reopen", "acknowledge", "upgrade", "register", "request")


class Change(object):
    __slots__ = ("action", "what", "before", "after", "apply")

    def __init__(self, action, what, before, after, apply):
        self.action = action
        self.what = what
        self.before = before
        self.after = after
        self.apply = apply

    def as_dict(self):
        return {"action": self.action, "what": self.what, "before": self.before, "after": self.after}

    def diff(self):
        return {
            "before_header": self.what,
            "after_header": self.what,
            "before": _diffable(self.before),
            "after": _diffable(self.after),
        }


def _diffable(value):
    if value is None:
        return {}
    if isinstance(value, (dict, list, str)):
        return value
    return str(value)


class ChangeSet(object):
    """What a task writes: a list of changes, each with its before, after and how to apply it."""

    def __init__(self):
        self.changes = []
        self.applied = []
        self.results = []

    def add(self, action, what, before, after, apply=None):
        """Plan one change; ``apply`` (no arguments) sends it and may return the API's answer."""
        if action not in ACTIONS:
            raise ValueError("unknown change action %r" % action)
        self.changes.append(Change(action, what, before, after, apply))
        return self.changes[-1]

    def __bool__(self):
        return bool(self.changes)

    __nonzero__ = __bool__

    def __len__(self):
        return len(self.changes)

    def as_list(self):
        return [c.as_dict() for c in self.changes]

    def diff(self):
        return [c.diff() for c in self.changes]

    def apply(self, check_mode):
        """Send every change in order (nothing in check mode). A failure part-way says what was applied."""
        if check_mode:
            return []
        for change in self.changes:
            try:
                self.results.append(change.apply() if change.apply is not None else None)
            except (XtomApiError, XtomValidationError) as exc:
                self._annotate(exc, change)
                raise
            self.applied.append(change)
        return self.results

    def _annotate(self, exc, failed):
        """Say what was applied before ``failed`` (and that ``failed`` itself may have been, when uncertain)."""
        partial = [c.as_dict() for c in self.applied]
        if getattr(exc, "uncertain", False):
            partial.append(dict(failed.as_dict(), uncertain=True))
        note = ("already applied: %s" % "; ".join("%s %s" % (c.action, c.what) for c in self.applied)
                if self.applied else "nothing of this task was applied before it")
        if isinstance(exc, XtomApiError):
            exc.messages.append(note)
        else:
            exc.args = ("%s; %s" % (exc, note),)
        exc.partial = partial

    def result(self, **extra):
        """The module result: ``changed``, ``changes``, ``diff`` and the extra return values."""
        out = {"changed": bool(self.changes), "changes": self.as_list(), "diff": self.diff()}
        out.update(extra)
        return out

    def run(self, check_mode, **extra):
        """Apply (unless check mode) and return the module result."""
        self.apply(check_mode)
        return self.result(**extra)
