# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Domains area: validation of user input (before any request) and the plans the modules apply.

Every error has the one format ``option=value: what is wrong; valid: ...`` (``common.option_error``).
"""

import base64
import binascii
import ipaddress
import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    check_text,
    option_error,
    to_str,
    validate_email,
    validate_hostname,
)
from ansible_collections.xtom.console.plugins.module_utils.domains import dnssec_identity, make_dnssec_key

LOCAL_PART_RE = re.compile(r"^(\*|[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})$")
CONTACT_TYPES = ("registrant", "admin", "tech", "billing")
MIN_NAMESERVERS = 2
MAX_NAMESERVERS = 13
# DNSKEY flags of a zone key (RFC 4034): 256 = zone signing key, 257 = key signing key (SEP bit).
DNSSEC_FLAGS = (256, 257)
# DNSSEC algorithm numbers in use (IANA registry), deprecated RSAMD5 (1) and DSA (3, 6) excluded.
DNSSEC_ALGORITHMS = (5, 7, 8, 10, 12, 13, 14, 15, 16, 17, 23)


def validate_fqdn(value, option):
    """A host name with at least two labels (``ns1.example.com``), canonical; ``localhost`` is not one."""
    name = validate_hostname(value, option)
    if "." not in name:
        raise option_error(option, value, "is not a fully qualified host name (it needs a dot)")
    return name


def validate_nameservers(values, option="nameservers"):
    """2 to 13 distinct host names (normalised); an empty list stays empty (= provider defaults)."""
    if values is None:
        return None
    names = [validate_fqdn(v, option) for v in values]
    if not names:
        return []
    dupes = sorted(set(n for n in names if names.count(n) > 1))
    if dupes:
        raise option_error(option, ", ".join(dupes), "is listed more than once")
    if not MIN_NAMESERVERS <= len(names) <= MAX_NAMESERVERS:
        raise option_error(option, ", ".join(names), "needs between %d and %d host names (or an empty list for the "
                                                     "provider's defaults), got %d" % (MIN_NAMESERVERS, MAX_NAMESERVERS, len(names)))
    return names


def validate_child_nameservers(values, domain_name=None, option="child_nameservers"):
    """[{"name": host, "ip": address}] with valid, distinct host names (under the domain) and IP addresses."""
    out = []
    for n, item in enumerate(values or []):
        where = "%s[%d]" % (option, n)
        name = validate_fqdn(item.get("name"), where + ".name")
        if domain_name and name != domain_name and not name.endswith("." + domain_name):
            raise option_error(where + ".name", item.get("name"), "is not under %s" % domain_name)
        try:
            ip = str(ipaddress.ip_address(check_text(to_str(item.get("ip")), where + ".ip").strip()))
        except ValueError:
            raise option_error(where + ".ip", item.get("ip"), "is not an IP address")
        if any(o["name"] == name for o in out):
            raise option_error(where + ".name", name, "is listed twice")
        out.append({"name": name, "ip": ip})
    return out


def same_nameservers(a, b):
    """Order- and case-insensitive comparison of two name server lists."""
    return sorted(set(n.lower().rstrip(".") for n in a or [])) == sorted(set(n.lower().rstrip(".") for n in b or []))


def validate_email_forwarding(items, domain_name=None, option="email_forwarding"):
    """{local part: target or None (remove)} from [{"from", "to", "state"}]."""
    out = {}
    for n, item in enumerate(items or []):
        where = "%s[%d]" % (option, n)
        raw = check_text(item.get("from"), where + ".from")
        source = to_str(raw).strip().lower()
        if "@" in source:
            local, _sep, host = source.partition("@")
            if domain_name and host.rstrip(".") != domain_name:
                raise option_error(where + ".from", raw, "is not an address of %s" % domain_name)
            source = local
        if not LOCAL_PART_RE.match(source):
            raise option_error(where + ".from", raw, "is not a mailbox name (the part before the @, or *)")
        if source in out:
            raise option_error(where + ".from", source, "is listed twice")
        if item.get("state", "present") == "absent":
            out[source] = None
            continue
        out[source] = validate_email(item.get("to"), where + ".to")
    return out


def validate_contacts(contacts, option="contacts"):
    """{type: {field: str}} with known contact types, text without control characters and a valid email."""
    out = {}
    for ctype, fields in (contacts or {}).items():
        key = to_str(ctype).strip().lower()
        if key not in CONTACT_TYPES:
            raise option_error(option, ctype, "is not a contact type", CONTACT_TYPES)
        if not isinstance(fields, dict) or not fields:
            raise option_error("%s.%s" % (option, ctype), fields, "must be a non-empty dictionary of contact fields")
        clean = {}
        for field, value in fields.items():
            name = to_str(field).strip().lower().replace("_", "")  # as the answers' field names are read (first_name: firstname)
            if isinstance(value, (dict, list)):
                raise option_error("%s.%s.%s" % (option, key, name), value, "must be text")
            clean[name] = check_text(to_str(value), "%s.%s.%s" % (option, key, name)).strip()
        if "email" in clean:
            validate_email(clean["email"], "%s.%s.email" % (option, key))
        out[key] = clean
    return out


def validate_forwarding(fwd, option="forwarding"):
    """{"url", "type"} with an http(s) URL (or an empty one: off)."""
    if fwd is None:
        return None
    url = check_text(fwd.get("url"), option + ".url").strip()
    if url and not re.match(r"^https?://[^\s/]+", url, re.I):
        raise option_error(option + ".url", url, "must start with http:// or https://")
    return {"url": url, "type": fwd.get("type") or "redirect"}


def normalize_public_key(value, option):
    """A DNSKEY public key as one base64 string without whitespace."""
    text = "".join(to_str(value).split())
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) < 16:
        raise option_error(option, value, "is not a base64 DNSKEY public key")
    return text


def validate_dnssec_keys(keys, option="keys"):
    """Desired DNSSEC keys as normalised dicts (flags, algorithm, protocol, public_key, key_tag)."""
    out = []
    for n, item in enumerate(keys or []):
        where = "%s[%d]" % (option, n)
        flags = item.get("flags")
        if flags not in DNSSEC_FLAGS:
            raise option_error(where + ".flags", flags, "is not a known DNSKEY flags value (257 for a KSK, 256 for a ZSK)",
                               DNSSEC_FLAGS)
        algorithm = item.get("algorithm")
        if algorithm not in DNSSEC_ALGORITHMS:
            raise option_error(where + ".algorithm", algorithm, "is not a DNSSEC algorithm number in use",
                               DNSSEC_ALGORITHMS)
        key = make_dnssec_key(flags, algorithm, normalize_public_key(item.get("public_key"), where + ".public_key"))
        if any(dnssec_identity(k) == dnssec_identity(key) for k in out):
            raise option_error(where, "key %s" % key["key_tag"], "the same key is listed twice")
        out.append(key)
    return out


# ---------------------------------------------------------------------------------------------
# Plans

def merge_contacts(current, desired):
    """Current contacts with the desired fields laid over them (types and fields not given are kept)."""
    merged = dict((t, dict(f)) for t, f in current.items())
    for ctype, fields in desired.items():
        merged.setdefault(ctype, {}).update(fields)
    return merged


def contacts_differ(current, desired):
    return any(to_str(current.get(t, {}).get(k)) != v for t, fields in desired.items() for k, v in fields.items())


def plan_email_forwarding(current, desired):
    """[(local part, current target or None, new target or None)] to send, and the resulting map."""
    after = dict(current)
    changes = []
    for source, target in sorted(desired.items()):
        have = current.get(source)
        if target is None:
            if have is not None:
                changes.append((source, have, None))
                after.pop(source, None)
        elif have is None or have.lower() != target.lower():
            changes.append((source, have, target))
            after[source] = target
    return changes, after


def plan_dnssec(current, desired, state="present", prune=False):
    """(keys to add, keys to delete) so that the domain ends up as asked."""
    have = dict((dnssec_identity(k), k) for k in current)
    want = set(dnssec_identity(k) for k in desired)
    if state == "absent":
        delete = [k for k in current if dnssec_identity(k) in want]
        _deletable(delete)
        return [], delete
    add = [k for k in desired if dnssec_identity(k) not in have]
    delete = [k for k in current if dnssec_identity(k) not in want] if prune else []
    _deletable(delete)
    return add, delete


def _deletable(keys):
    """Refuse, before any write, to remove a key the portal lists without a reference to delete it by."""
    blind = [k for k in keys if k.get("key") is None]
    if blind:
        raise option_error("prune" if len(blind) == len(keys) else "dnssec_keys", True,
                           "the key(s) with key tag %s cannot be removed: GET /domain/@id/dnssec lists no id or key tag "
                           "for them, and a reference computed here could address another key"
                           % ", ".join(str(k["key_tag"]) for k in blind))
