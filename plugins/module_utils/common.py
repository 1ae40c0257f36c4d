# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers every API area uses: defensive conversion of HostBill values, reading answers (understood
or refused), and the one home of input validation and its message format."""

import difflib
import re

from ansible_collections.xtom.console.plugins.module_utils.api import (  # noqa: F401 (re-exported)
    XtomAnswerError,
    XtomApiError,
    XtomValidationError,
)

# ---------------------------------------------------------------------------- input validation
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# Control characters (C0, DEL, C1), line/paragraph separators, and the invisible format characters that
# make a text look like another (zero-width spaces and joiners, bidirectional overrides, BOM).
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# Statuses of a service, domain or certificate that is gone or going: never matched as "the one you have".
INACTIVE_STATUSES = frozenset(["cancelled", "terminated", "fraud", "expired", "transferred", "transferred away"])


def option_error(option, value, problem, valid=None):
    """The one message format of bad input: ``option=value: what is wrong; valid: ...``."""
    msg = "%s=%s: %s" % (option, _show(value), problem)
    if valid:
        msg += "; valid: %s" % (", ".join(str(v) for v in valid) if isinstance(valid, (list, tuple, set)) else valid)
    return XtomValidationError(msg)


def _show(value):
    if isinstance(value, str):
        return repr(value) if (not value or CONTROL_RE.search(value) or value != value.strip() or " " in value) else value
    return repr(value) if not isinstance(value, (int, float)) else str(value)


def parse_id(value, option):
    """An id given by the user: ASCII digits only (``³`` or ``٣`` are not ids), as an int."""
    text = to_str(value).strip()
    if not text or not text.isascii() or not text.isdigit():
        raise option_error(option, value, "is not an id (ASCII digits only)")
    return int(text)


def is_id(value):
    """True when ``value`` is an id (ASCII digits), e.g. to tell an id from a label or name."""
    text = to_str(value).strip()
    return bool(text) and text.isascii() and text.isdigit()


def check_text(value, option, required=False):
    """Free text for the API: no control characters (newlines, NUL); returned unchanged."""
    if value is None:
        if required:
            raise option_error(option, value, "is required")
        return None
    text = to_str(value)
    if CONTROL_RE.search(text):
        raise option_error(option, value, "contains a control character or an invisible one (newline, tab, NUL, "
                                          "zero-width space, bidirectional override, ...)")
    return text


def validate_hostname(value, option, allow_wildcard=False):
    """A host name in canonical form (lower case, ASCII/IDNA, no final dot), or an error naming ``option``."""
    text = to_str(value).strip().lower().rstrip(".")
    if CONTROL_RE.search(to_str(value)):
        raise option_error(option, value, "contains a control character")
    try:
        ascii_text = text.encode("idna").decode("ascii") if text and not text.isascii() else text
    except UnicodeError:
        ascii_text = None
    labels = (ascii_text or "").split(".")
    if allow_wildcard and labels and labels[0] == "*":
        labels = labels[1:]
    if not ascii_text or len(ascii_text) > 253 or not all(HOSTNAME_LABEL_RE.match(label) for label in labels):
        raise option_error(option, value, "is not a valid host name (letters, digits and hyphens in dot-separated "
                                          "labels of up to 63 characters, 253 in all)")
    return ascii_text


def validate_email(value, option="email"):
    text = to_str(value).strip()
    if not EMAIL_RE.match(text) or CONTROL_RE.search(text):
        raise option_error(option, value, "is not a valid email address")
    return text


def is_inactive(status):
    """True for a status of an object that is gone or going (cancelled, terminated, expired, ...)."""
    return to_str(status).strip().lower() in INACTIVE_STATUSES


def not_found_as(exc, option, value, what):
    """The 404 mapping: a 404 on an object's route means "not an X of this account" for the user's option."""
    if isinstance(exc, XtomApiError) and exc.status == 404 and not isinstance(exc, XtomAnswerError):
        return option_error(option, value, "is not %s of this account" % what)
    return exc


# ---------------------------------------------------------------------------- reading answers
# Wrappers some portals put around the payload: {"success": true, "data": {...}}.
ENVELOPE_KEYS = ("data", "result", "response")
META_KEYS = frozenset(["success", "status", "info", "call", "server_time", "message", "messages", "msg", "code"])


def unwrap(body):
    """The payload of an answer, with a ``{"success": true, "data": ...}``-style envelope removed."""
    while isinstance(body, dict):
        inner = [k for k in ENVELOPE_KEYS if k in body]
        rest = [k for k in body if k not in ENVELOPE_KEYS and k not in META_KEYS]
        if len(inner) != 1 or rest or not isinstance(body[inner[0]], (dict, list)):
            return body
        body = body[inner[0]]
    return body


def answer_value(body, keys, kinds, bare=False, expected=None):
    """The value under the first of ``keys`` in an answer, when its type is one of ``kinds``.

    ``keys`` are the accepted names, the reference's first, then the named variants (one place
    per route). ``bare=True`` accepts the payload itself when it has one of ``kinds`` and none of
    the keys (a list answered without a wrapper). A bare object may be anything (an unknown wrapper
    too): the caller must then require the object's own identity fields. An empty PHP array (``[]``) counts as an empty
    dict where a dict is accepted. Anything else raises ``XtomAnswerError``: never a default.
    """
    payload = unwrap(body)
    if isinstance(payload, dict):
        for key in keys:
            if key in payload:
                value = payload[key]
                if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
                    return value
                if dict in kinds and value == []:
                    return {}
                break
    if bare and isinstance(payload, kinds) and not (isinstance(payload, dict) and any(k in payload for k in keys)):
        return payload
    raise XtomAnswerError(body, expected or _expected(keys, kinds, bare))


def answer_rows(body, keys, bare=True, expected=None):
    """A list of row dicts under one of ``keys`` (or the bare list).

    A dict of rows keyed by id (``{"1001": {...}, "1002": {...}}``) counts as the list of its rows;
    any other object, a bare ``{}`` (an empty body decodes to it), or a row that is not an object, is not
    understood.
    """
    what = expected or _expected(keys, (list,), bare) + " (of objects, or an object of them keyed by id)"
    value = answer_value(body, keys, (list, dict), bare=bare, expected=what)
    if isinstance(value, dict):
        # A bare empty object (also what an empty 2xx body decodes to) is not "no rows": refused.
        if (not value and value is unwrap(body)) or not all(is_id(k) and isinstance(v, dict) for k, v in value.items()):
            raise XtomAnswerError(body, what)
        value = list(value.values())
    if not all(isinstance(r, dict) for r in value):
        raise XtomAnswerError(body, what)
    return value


def _expected(keys, kinds, bare):
    names = {list: "a list", dict: "an object", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    what = " or ".join(sorted(set(names.get(k, k.__name__) for k in kinds)))
    text = " or ".join('"%s"' % k for k in keys) + " holding " + what
    return text + (", or %s itself" % what if bare else "")


def row_value(row, keys, default=None):
    """The first of ``keys`` present in one row (snake_case or camelCase names may be listed)."""
    return first_key(row, *keys, default=default)


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
