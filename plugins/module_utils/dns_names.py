# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""DNS names and values: zone names, record names, record types, TTLs and the value of one record.

A value is parsed into ``(key, content, priority)``: ``key`` is the canonical form compared
(MX and SRV keys start with their priority: ``10 mail.example.com``), ``content`` what is sent.

TXT rule (the same for plain and quoted values): a TXT value is plain text (``v=spf1 -all``) or
one or more complete double-quoted strings as in a zone file (``"v=spf1 " "-all"``, ``\\"`` and
``\\\\`` escaped inside); anything else (``say "hi"``, ``"open``) is refused. Both forms compare
by their text, case-sensitively. A value whose strings are all at most 255 characters is sent as
given; a longer one (a DKIM key) is sent as its text split into quoted strings of 255 characters.
"""

import ipaddress
import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    check_text,
    close_matches,
    option_error,
    to_int,
    to_str,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.domains import ascii_name

ZONE_TYPES = ("A", "AAAA", "CAA", "CNAME", "DS", "MX", "NS", "PTR", "SRV", "SSHFP", "TLSA", "TXT")
REGISTRAR_ONLY_TYPES = ("URL", "FRAME", "MXE")
KNOWN_TYPES = ZONE_TYPES + REGISTRAR_ONLY_TYPES
PRIORITY_TYPES = ("MX", "SRV")
HOSTNAME_TYPES = ("CNAME", "NS", "PTR")
TTL_MIN = 30
TTL_MAX = 604800
DEFAULT_TTL = 3600
TXT_STRING_MAX = 255

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)\Z")
_ZONE_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


# ---------------------------------------------------------------------------------------- names
def _ascii(name, option):
    text = ascii_name(name)
    try:
        text.encode("ascii")
    except UnicodeError:
        raise option_error(option, name, "is not a valid domain name")
    return text


def zone_text(value):
    """A zone name read from the API: lower case, no trailing dot, IDN in punycode (never raises)."""
    return ascii_name(to_str(value).strip().lower().rstrip("."))


def normalize_zone_name(name, option="zone"):
    """``Example.COM.`` -> ``example.com``; IDN converted to punycode; raises on bad syntax."""
    raw = check_text(to_str(name), option)
    text = _ascii(raw.strip(), option).lower().rstrip(".")
    labels = text.split(".")
    if len(labels) < 2 or len(text) > 253 or not all(_ZONE_LABEL.match(lab) for lab in labels):
        raise option_error(option, raw, "is not a valid zone name (expected a domain name such as example.com)")
    return text


def check_labels(text, option, raw, allow_wildcard=True):
    for pos, label in enumerate(text.split(".")):
        if label == "*" and pos == 0 and allow_wildcard:
            continue
        if not _LABEL.match(label):
            raise option_error(option, raw, "has an invalid label %r (letters, digits, '-' and '_', 1 to 63 characters, "
                               "no leading or trailing '-'; '*' only as the first label)" % label)
    if len(text) > 253:
        raise option_error(option, raw, "is longer than 253 characters")


def relative_name(name, zone=None, option="record", strict=True):
    """The record name relative to ``zone``: ``@`` for the apex, lower case.

    Accepts ``@``, an empty string, a relative name (``www``), or an FQDN with or without the
    trailing dot. A name ending in ``.`` must be inside ``zone``. With ``zone=None`` only the
    syntax is checked. ``strict=False`` never raises (for names read from the API).
    """
    raw = to_str(name)
    if strict:
        check_text(raw, option)
    raw = raw.strip()
    if raw in ("", "@", "."):
        return "@"
    try:
        text = _ascii(raw, option)
    except XtomValidationError:
        if strict:
            raise
        return raw.lower()
    absolute = text.endswith(".")
    text = text.rstrip(".").lower()
    if zone:
        if text == zone:
            return "@"
        if text.endswith("." + zone):
            text = text[: -len(zone) - 1]
        elif absolute:
            if strict:
                raise option_error(option, raw, "is not inside the zone %s" % zone)
            return text
    if strict:
        check_labels(text, option, raw)
        if zone and len(text) + len(zone) + 1 > 253:
            raise option_error(option, raw, "is longer than 253 characters with the zone name")
    return text


def fqdn(record, zone):
    if not zone:
        return record
    return zone if record == "@" else "%s.%s" % (record, zone)


# ------------------------------------------------------------------------------------------ TXT
def txt_strings(value, option="value", strict=True):
    """The character strings of a TXT value: ``[text]`` for plain text, the unescaped quoted strings otherwise."""
    stripped = to_str(value).strip()
    if '"' not in stripped:
        return [stripped]
    pos, chunks = 0, []
    while stripped.startswith('"') and pos < len(stripped):
        found = _QUOTED.match(stripped, pos)
        if not found:
            break
        chunks.append(re.sub(r"\\(.)", r"\1", found.group(1)))
        pos = found.end()
        while pos < len(stripped) and stripped[pos].isspace():
            pos += 1
    if chunks and pos >= len(stripped):
        return chunks
    if strict:
        raise option_error(option, value, "mixes quoted and unquoted text: give plain text (v=spf1 -all) or only "
                           "complete double-quoted strings (\"v=spf1 -all\"), with \\\" for a quote inside")
    return [stripped]


def txt_text(value, option="value", strict=True):
    """The text a TXT value compares by (its strings joined)."""
    return "".join(txt_strings(value, option, strict))


def txt_content(value, option="value"):
    """What is sent for a TXT value: as given when every string fits in 255 characters, else the
    text split into quoted strings of 255 characters (a DKIM key given as one long line)."""
    raw = to_str(value).strip()
    strings = txt_strings(raw, option)
    if all(len(s) <= TXT_STRING_MAX for s in strings):
        return raw
    text = "".join(strings)
    parts = [text[pos:pos + TXT_STRING_MAX] for pos in range(0, len(text), TXT_STRING_MAX)]
    return " ".join('"%s"' % p.replace("\\", "\\\\").replace('"', '\\"') for p in parts)


# --------------------------------------------------------------------------------------- values
def _hostname(value, option, raw):
    text = zone_text(value)
    if not text:
        raise option_error(option, raw, "is not a host name")
    check_labels(_ascii(text, option), option, raw, allow_wildcard=False)
    return text


def _int_in(text, low, high, option, raw, what):
    text = to_str(text).strip()
    number = int(text) if text.isascii() and text.isdigit() else None
    if number is None or not low <= number <= high:
        raise option_error(option, raw, "needs %s as an integer from %d to %d" % (what, low, high))
    return number


def _address(rtype, text, option, raw):
    try:
        if rtype == "AAAA":
            return ipaddress.IPv6Address(text).compressed
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        raise option_error(option, raw, "is not an IPv%s address (needed for a%s %s record)" % (
            "6" if rtype == "AAAA" else "4", "n" if rtype == "AAAA" else "", rtype))


def _priority_value(rtype, text, priority, option, raw):
    parts = text.split()
    size = 2 if rtype == "MX" else 4
    if len(parts) == size:
        prio = _int_in(parts[0], 0, 65535, option, raw, "a priority")
        parts = parts[1:]
    elif len(parts) == size - 1:
        if priority is None:
            raise option_error(option, raw, "needs a priority: set priority, or write it first in the value (%s)" % (
                "10 mail.example.com" if rtype == "MX" else "10 5 5060 sip.example.com"))
        prio = int(priority)
        if not 0 <= prio <= 65535:
            raise option_error("priority", priority, "must be an integer from 0 to 65535")
    else:
        raise option_error(option, raw, "is not a valid %s value (expected %s)" % (
            rtype, "[priority] host" if rtype == "MX" else "[priority] weight port target"))
    host = _hostname(parts[-1], option, raw) if parts[-1] != "." else "."
    content = host
    if rtype == "SRV":
        content = "%d %d %s" % (_int_in(parts[0], 0, 65535, option, raw, "a weight"),
                                _int_in(parts[1], 0, 65535, option, raw, "a port"), host)
    return "%d %s" % (prio, content), content, prio


def _strict_value(rtype, raw, priority, option):
    text = raw.strip()
    if not text:
        raise option_error(option, raw, "is empty")
    if rtype in ("A", "MXE", "AAAA"):
        key = _address("AAAA" if rtype == "AAAA" else rtype, text, option, raw)
        return key, key, None
    if rtype in HOSTNAME_TYPES:
        key = _hostname(text, option, raw)
        return key, key, None
    if rtype == "TXT":
        return txt_text(raw, option), txt_content(raw, option), None
    if rtype in PRIORITY_TYPES:
        return _priority_value(rtype, text, priority, option, raw)
    if rtype == "CAA":
        found = re.match(r"^(\d+)\s+([A-Za-z0-9]+)\s+(.+)$", text)
        if not found:
            raise option_error(option, raw, "is not a CAA value (expected: 0 issue \"letsencrypt.org\")")
        flags = _int_in(found.group(1), 0, 255, option, raw, "flags")
        key = '%d %s "%s"' % (flags, found.group(2).lower(), txt_text(found.group(3), option))
        return key, key, None
    if rtype in ("URL", "FRAME"):
        if not re.match(r"^https?://[^\s/]+", text, re.I):
            raise option_error(option, raw, "is not an http:// or https:// URL (needed for a %s record)" % rtype)
        return text, text, None
    key = " ".join(text.split())
    return (key.lower() if rtype in ("DS", "SSHFP", "TLSA") else key), key, None


def parse_value(rtype, value, priority=None, option="value", strict=True):
    """``(key, content, priority)`` of one record value.

    For MX / SRV the value may carry its priority (``10 mail.example.com``); otherwise ``priority``
    is used. ``strict=False`` never raises: a value read from the API that does not parse is
    compared as is.
    """
    raw = to_str(value)
    try:
        if strict:
            check_text(raw, option)
        return _strict_value(rtype, raw, priority, option)
    except XtomValidationError:
        if strict:
            raise
        prio = to_int(priority) if rtype in PRIORITY_TYPES else None
        if rtype == "TXT":
            return txt_text(raw, strict=False), raw, None
        key = " ".join(raw.split())
        return ("%s %s" % (prio, key) if prio is not None else key), raw, prio


def check_type(rtype, extra_types=(), option="type"):
    """The record type in upper case; ``extra_types`` are the backend's own (registrar-only) types."""
    text = to_str(rtype).strip().upper()
    if text == "SOA":
        raise option_error(option, rtype, "cannot be managed: the DNS service maintains the SOA record (it is never pruned)")
    if text in REGISTRAR_ONLY_TYPES and text not in extra_types:
        raise option_error(option, rtype, "exists only in a registered domain's DNS (use domain instead of zone)")
    if text not in KNOWN_TYPES:
        hint = close_matches(text, KNOWN_TYPES, n=3)
        raise option_error(option, rtype, "is not a record type this module knows%s" % (
            (": did you mean %s?" % ", ".join(hint)) if hint else ""), valid=ZONE_TYPES + tuple(extra_types))
    return text


def check_ttl(ttl, option="ttl"):
    if ttl is None:
        return None
    if isinstance(ttl, bool) or to_int(ttl) is None or str(to_int(ttl)) != str(ttl).strip():
        raise option_error(option, ttl, "must be an integer number of seconds")
    ttl = to_int(ttl)
    if not TTL_MIN <= ttl <= TTL_MAX:
        raise option_error(option, ttl, "is out of range: a TTL must be from %d to %d seconds" % (TTL_MIN, TTL_MAX))
    return ttl
