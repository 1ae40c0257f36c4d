# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Small parsing helpers every API area uses: defensive conversion of HostBill values."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib


class XtomValidationError(Exception):
    """Bad input found before any request was sent; the message names the option and value."""


def to_int(value, default=None):
    """An id or count that may come as a string, a number, or not at all."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        try:
            return int(float(str(value).strip()))
        except (TypeError, ValueError):
            return default


def to_bool(value, default=None):
    """HostBill flags come as true/false, 1/0, "1"/"0", "yes"/"no", "on"/"off"."""
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return default
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "enabled", "active"):
        return True
    if text in ("0", "false", "no", "off", "disabled", "inactive"):
        return False
    return default


def to_str(value, default=""):
    if value is None:
        return default
    return str(value)


def as_list(value):
    """A list from a list, a dict of rows (values), a single row, or nothing."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def first_key(data, *keys, **kwargs):
    """The value of the first of ``keys`` present in ``data`` (a dict), else ``default``."""
    default = kwargs.get("default")
    if isinstance(data, dict):
        for key in keys:
            if key in data and data[key] is not None:
                return data[key]
    return default


def close_matches(word, candidates, n=5):
    """Candidates that look like ``word``, for 'did you mean' messages."""
    return difflib.get_close_matches(str(word), [str(c) for c in candidates], n=n, cutoff=0.5)
