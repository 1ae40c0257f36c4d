# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Domains area: normalise registrar domains and resolve ``domain`` / ``domain_id`` to one domain."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import ipaddress
import re

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    close_matches,
    first_key,
    to_bool,
    to_int,
    to_str,
    XtomValidationError,
)

# Statuses of a domain that is no longer the account's live registration.
INACTIVE_STATUSES = ("expired", "cancelled", "terminated", "fraud", "transferred away", "transferred")


def normalize_domain(row):
    """A stable dict from a GET /domain row or a GET /domain/@id ``details`` object."""
    row = row or {}
    out = {
        "id": to_int(row.get("id")),
        "name": to_str(row.get("name")).lower().rstrip("."),
        "status": to_str(row.get("status")),
        "expires": to_str(row.get("expires")),
        "date_created": to_str(row.get("date_created")),
        "period": to_int(row.get("period")),
        "recurring_amount": to_str(row.get("recurring_amount")),
        "autorenew": to_bool(row.get("autorenew")),
    }
    if "idprotection" in row:
        out["idprotection"] = to_bool(row.get("idprotection"))
    if "nameservers" in row:
        out["nameservers"] = [to_str(n).lower().rstrip(".") for n in as_list(row.get("nameservers")) if n]
    if "daytoexpire" in row:
        out["daytoexpire"] = to_int(row.get("daytoexpire"))
    for key in ("next_due", "next_invoice", "firstpayment"):
        if key in row:
            out[key] = to_str(row.get(key))
    return out


def list_domains(client):
    body = client.get("/domain")
    return [normalize_domain(r) for r in as_list(first_key(body, "domains", default=[])) if isinstance(r, dict)]


def get_domain(client, domain_id):
    """GET /domain/@id, normalised."""
    body = client.get(client.path("/domain/%s", domain_id))
    details = first_key(body, "details", "domain", default=body)
    if isinstance(details, list):
        details = details[0] if details else {}
    dom = normalize_domain(details)
    if dom["id"] is None:
        dom["id"] = to_int(domain_id)
    return dom


def resolve_domain(client, name=None, domain_id=None, option="domain"):
    """One domain of the account, by id (GET /domain/@id) or by name (GET /domain/name/@name).

    A name may match several registrations (an expired one and its active successor): the one
    live registration wins; several live ones, or only inactive ones, give an error listing them.
    """
    if domain_id is not None:
        try:
            return get_domain(client, domain_id)
        except XtomApiError as exc:
            if exc.status == 404:
                raise XtomValidationError("domain_id=%s is not a domain of this account" % domain_id)
            raise
    name = to_str(name).strip().lower().rstrip(".")
    if not name:
        raise XtomValidationError("%s must not be empty" % option)
    name = ascii_name(name)
    try:
        body = client.get(client.path("/domain/name/%s", name))
    except XtomApiError as exc:
        if exc.status == 404:
            # Only on this error path: one more request to suggest the names the account has.
            hint = close_matches(name, sorted(set(d["name"] for d in list_domains(client))))
            raise XtomValidationError("%s=%r is not a domain of this account%s"
                                      % (option, name, (": did you mean %s?" % ", ".join(hint)) if hint else ""))
        raise
    details = first_key(body, "details", "domains", default=[])
    if isinstance(details, dict) and ("id" in details or "name" in details):
        details = [details]  # one registration, given as an object rather than a list of one
    rows = [normalize_domain(r) for r in as_list(details) if isinstance(r, dict)]
    rows = [r for r in rows if not r["name"] or r["name"] == name] or rows
    if not rows:
        raise XtomValidationError("%s=%r is not a domain of this account" % (option, name))
    live = [r for r in rows if r["status"].lower() not in INACTIVE_STATUSES]
    if len(rows) == 1:
        return rows[0]
    if len(live) == 1:
        return live[0]
    raise XtomValidationError(
        "%s=%r is ambiguous: %s. Use domain_id to pick one."
        % (option, name, "; ".join("id %s (%s, expires %s)" % (r["id"], r["status"] or "?", r["expires"] or "?") for r in rows))
    )


# ---------------------------------------------------------------------------------------------
# Validation of user input (raises XtomValidationError before any request is sent)

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCAL_PART_RE = re.compile(r"^(\*|[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})$")
CONTACT_TYPES = ("registrant", "admin", "tech", "billing")
MIN_NAMESERVERS = 2
MAX_NAMESERVERS = 13
# DNSKEY flags of a zone key (RFC 4034): 256 = zone signing key, 257 = key signing key (SEP bit).
DNSSEC_FLAGS = (256, 257)
# DNSSEC algorithm numbers in use (IANA registry), deprecated RSAMD5 (1) and DSA (3, 6) excluded.
DNSSEC_ALGORITHMS = (5, 7, 8, 10, 12, 13, 14, 15, 16, 17, 23)


def ascii_name(name):
    """An internationalised name in its ASCII (punycode) form; other names unchanged."""
    try:
        name.encode("ascii")
        return name
    except UnicodeError:
        try:
            return name.encode("idna").decode("ascii")
        except UnicodeError:
            return name


def normalize_hostname(value, option):
    """A lower-case host name without the trailing dot, or XtomValidationError naming ``option``."""
    name = ascii_name(to_str(value).strip().lower().rstrip("."))
    if not HOSTNAME_RE.match(name):
        raise XtomValidationError("%s: %r is not a valid host name" % (option, value))
    return name


def validate_nameservers(values, option="nameservers"):
    """2 to 13 distinct host names (normalised); an empty list stays empty (= provider defaults)."""
    if values is None:
        return None
    names = [normalize_hostname(v, option) for v in values]
    if not names:
        return []
    dupes = sorted(set(n for n in names if names.count(n) > 1))
    if dupes:
        raise XtomValidationError("%s lists %s more than once" % (option, ", ".join(dupes)))
    if not MIN_NAMESERVERS <= len(names) <= MAX_NAMESERVERS:
        raise XtomValidationError(
            "%s needs between %d and %d host names (or an empty list for the provider's defaults), got %d: %s"
            % (option, MIN_NAMESERVERS, MAX_NAMESERVERS, len(names), ", ".join(names))
        )
    return names


def validate_child_nameservers(values, option="child_nameservers"):
    """[{"name": host, "ip": address}] with valid, distinct host names and IP addresses."""
    out = []
    for n, item in enumerate(values or []):
        where = "%s[%d]" % (option, n)
        name = normalize_hostname(item.get("name"), where + ".name")
        try:
            ip = str(ipaddress.ip_address(to_str(item.get("ip")).strip()))
        except ValueError:
            raise XtomValidationError("%s.ip: %r is not an IP address" % (where, item.get("ip")))
        if any(o["name"] == name for o in out):
            raise XtomValidationError("%s: %s is listed twice" % (where, name))
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
        source = to_str(item.get("from")).strip().lower()
        if "@" in source:
            local, _sep, host = source.partition("@")
            if domain_name and host.rstrip(".") != domain_name:
                raise XtomValidationError("%s.from: %r is not an address of %s" % (where, item.get("from"), domain_name))
            source = local
        if not LOCAL_PART_RE.match(source):
            raise XtomValidationError("%s.from: %r is not a mailbox name (the part before the @, or *)" % (where, item.get("from")))
        if source in out:
            raise XtomValidationError("%s.from: %s is listed twice" % (where, source))
        if item.get("state", "present") == "absent":
            out[source] = None
            continue
        target = to_str(item.get("to")).strip()
        if not EMAIL_RE.match(target):
            raise XtomValidationError("%s.to: %r is not an email address" % (where, item.get("to")))
        out[source] = target
    return out


def validate_contacts(contacts, option="contacts"):
    """{type: {field: str}} with known contact types and a valid email when one is given."""
    out = {}
    for ctype, fields in (contacts or {}).items():
        key = to_str(ctype).strip().lower()
        if key not in CONTACT_TYPES:
            raise XtomValidationError("%s: unknown contact type %r (use %s)" % (option, ctype, ", ".join(CONTACT_TYPES)))
        if not isinstance(fields, dict) or not fields:
            raise XtomValidationError("%s.%s must be a non-empty dictionary of contact fields" % (option, ctype))
        clean = {}
        for field, value in fields.items():
            clean[to_str(field).strip().lower()] = to_str(value).strip()
        if "email" in clean and not EMAIL_RE.match(clean["email"]):
            raise XtomValidationError("%s.%s.email: %r is not an email address" % (option, ctype, fields.get("email")))
        out[key] = clean
    return out


def normalize_public_key(value, option):
    """A DNSKEY public key as one base64 string without whitespace."""
    text = "".join(to_str(value).split())
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) < 16:
        raise XtomValidationError("%s: not a base64 DNSKEY public key (%d characters given)" % (option, len(text)))
    return text


def dnssec_key_tag(flags, algorithm, public_key, protocol=3):
    """RFC 4034 appendix B key tag of a DNSKEY, or None when the key is not base64."""
    try:
        data = bytearray([(flags >> 8) & 0xFF, flags & 0xFF, protocol & 0xFF, algorithm & 0xFF])
        data += bytearray(base64.b64decode(public_key.encode("ascii")))
    except (TypeError, ValueError, binascii.Error):
        return None
    acc = 0
    for i, byte in enumerate(data):
        acc += byte << 8 if i % 2 == 0 else byte
    return (acc + ((acc >> 16) & 0xFFFF)) & 0xFFFF


def validate_dnssec_keys(keys, option="keys"):
    """Desired DNSSEC keys as normalised dicts (flags, algorithm, protocol, public_key, key_tag)."""
    out = []
    for n, item in enumerate(keys or []):
        where = "%s[%d]" % (option, n)
        flags = to_int(item.get("flags"))
        if flags not in DNSSEC_FLAGS:
            raise XtomValidationError("%s.flags: %r is not a known DNSKEY flags value (use 257 for a KSK, 256 for a ZSK)"
                                      % (where, item.get("flags")))
        algorithm = to_int(item.get("algorithm"))
        if algorithm not in DNSSEC_ALGORITHMS:
            raise XtomValidationError("%s.algorithm: %r is not a DNSSEC algorithm number in use (%s)"
                                      % (where, item.get("algorithm"), ", ".join(str(a) for a in DNSSEC_ALGORITHMS)))
        key = make_dnssec_key(flags, algorithm, normalize_public_key(item.get("public_key"), where + ".public_key"))
        if any(dnssec_identity(k) == dnssec_identity(key) for k in out):
            raise XtomValidationError("%s: the same key is listed twice" % where)
        out.append(key)
    return out


# ---------------------------------------------------------------------------------------------
# Normalisation of API answers

def _body_value(body, *keys):
    """A scalar answer that may come bare, or wrapped under one of ``keys`` (or under details)."""
    if not isinstance(body, dict):
        return body
    value = first_key(body, *keys)
    if value is None and isinstance(body.get("details"), dict):
        value = first_key(body["details"], *keys)
    return value


def normalize_nameservers(body):
    """GET /domain/@id/ns: {"nameservers": [...]} (or a bare list, a map, or ns1..ns13 keys)."""
    value = body
    if isinstance(body, dict):
        value = first_key(body, "nameservers", "ns", "details")
        if isinstance(value, dict) and "nameservers" in value:
            value = value["nameservers"]
        if value is None:
            value = [body[k] for k in sorted(body, key=lambda k: to_int(k[2:], 99)) if re.match(r"^ns\d+$", str(k))]
    return [to_str(n).strip().lower().rstrip(".") for n in as_list(value) if to_str(n).strip()]


def normalize_contacts(body):
    """GET /domain/@id/contact: {type: {field: str}} with lower-case contact types."""
    info = first_key(body, "contact_info", "contacts", "contact", default=body) if isinstance(body, dict) else {}
    out = {}
    for ctype, fields in (info or {}).items() if isinstance(info, dict) else []:
        if isinstance(fields, dict):
            out[to_str(ctype).lower()] = dict((to_str(k).lower(), to_str(v)) for k, v in fields.items())
    return out


def normalize_email_forwarding(body):
    """GET /domain/@id/emforwarding: {local part: target}, from a list of rows or a map."""
    value = first_key(body, "emforwarding", "forwarding", "email_forwarding", "forwarders", default=body) \
        if isinstance(body, dict) else body
    out = {}
    if isinstance(value, dict):
        if "from" in value and "to" in value:
            value = [value]
        else:
            value = [{"from": k, "to": v} for k, v in value.items()]
    for row in as_list(value):
        if isinstance(row, dict):
            source = to_str(first_key(row, "from", "source", "alias")).strip().lower().split("@", 1)[0]
            target = to_str(first_key(row, "to", "destination", "target")).strip()
            if source and target:
                out[source] = target
    return out


def make_dnssec_key(flags, algorithm, public_key, protocol=3, key=None):
    return {
        "key": key,
        "flags": flags,
        "algorithm": algorithm,
        "protocol": protocol,
        "public_key": public_key,
        "key_tag": dnssec_key_tag(flags or 0, algorithm or 0, public_key, protocol or 3),
    }


def dnssec_identity(key):
    return (key["flags"], key["algorithm"], key["public_key"])


def normalize_dnssec_keys(body):
    """GET /domain/@id/dnssec: rows (a list, or a map keyed by the key reference) as key dicts.

    ``key`` is what DELETE /domain/@id/dnssec/@key takes: the row's id, else the map key, else
    the key tag.
    """
    value = first_key(body, "keys", "dnssec", "records", default=body) if isinstance(body, dict) else body
    items = list(value.items()) if isinstance(value, dict) else list(enumerate(as_list(value)))
    out = []
    for ref, row in items:
        if not isinstance(row, dict):
            continue
        public_key = "".join(to_str(first_key(row, "pubkey", "public_key", "publickey")).split())
        key = make_dnssec_key(
            to_int(first_key(row, "flags", "flag")),
            to_int(first_key(row, "alg", "algorithm")),
            public_key,
            to_int(row.get("protocol"), 3),
        )
        explicit = first_key(row, "id", "key_id", "keyid", "key")
        if explicit is None and isinstance(value, dict):
            explicit = ref
        if explicit is None:
            explicit = first_key(row, "keytag", "key_tag", default=key["key_tag"])
        key["key"] = to_str(explicit)
        out.append(key)
    return out


def normalize_dnssec_flags(body):
    """GET /domain/@id/dnssec/flags: [{"flags": int, "description": str}] from a map or a list."""
    value = first_key(body, "flags", "dnssec_flags", default=body) if isinstance(body, dict) else body
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if to_int(k) is not None:
                out.append({"flags": to_int(k), "description": to_str(v)})
            elif to_int(v) is not None:
                out.append({"flags": to_int(v), "description": to_str(k)})
    else:
        for row in as_list(value):
            if isinstance(row, dict):
                num = to_int(first_key(row, "flags", "value", "id", "flag"))
                if num is not None:
                    out.append({"flags": num, "description": to_str(first_key(row, "name", "description", "title"))})
            elif to_int(row) is not None:
                out.append({"flags": to_int(row), "description": ""})
    return sorted(out, key=lambda f: f["flags"])


def _periods(rows, tld_id=None):
    out = []
    for row in as_list(rows):
        if isinstance(row, dict):
            out.append({
                "tld_id": to_int(row.get("id"), tld_id),
                "years": to_int(row.get("period")),
                "register": to_str(row.get("register")),
                "transfer": to_str(row.get("transfer")),
                "renew": to_str(row.get("renew")),
                "redemption": to_str(row.get("redemption")),
            })
    return out


def normalize_lookup(body, name):
    body = body if isinstance(body, dict) else {}
    status = to_str(body.get("status")).lower()
    available = to_bool(body.get("available"))
    if available is None:
        available = status == "ok"
    return {
        "name": to_str(body.get("name")) or name,
        "available": available,
        "premium": bool(to_bool(body.get("premium"), False)),
        "periods": _periods(body.get("periods")),
    }


def normalize_tld(row):
    tld = to_str(row.get("tld")).lower()
    tld_id = to_int(row.get("id"))
    return {
        "id": tld_id,
        "tld": tld if tld.startswith(".") or not tld else "." + tld,
        "periods": _periods(row.get("periods"), tld_id),
    }


# ---------------------------------------------------------------------------------------------
# Reads

def get_nameservers(client, domain_id):
    return normalize_nameservers(client.get(client.path("/domain/%s/ns", domain_id)))


def domain_nameservers(client, domain):
    """The name servers of a resolved domain: from its details, else GET /domain/@id/ns."""
    if "nameservers" in domain:
        return list(domain["nameservers"])
    return get_nameservers(client, domain["id"])


def get_lock(client, domain_id):
    return to_bool(_body_value(client.get(client.path("/domain/%s/reglock", domain_id)),
                               "reglock", "lock", "locked", "switch", "status", "enabled"))


def get_autorenew(client, domain_id):
    return to_bool(_body_value(client.get(client.path("/domain/%s/autorenew", domain_id)),
                               "autorenew", "auto_renew", "switch", "status", "enabled"))


def get_contacts(client, domain_id):
    return normalize_contacts(client.get(client.path("/domain/%s/contact", domain_id)))


def get_email_forwarding(client, domain_id):
    return normalize_email_forwarding(client.get(client.path("/domain/%s/emforwarding", domain_id)))


def get_epp_code(client, domain_id):
    """The transfer (EPP / auth) code. A secret: never log it."""
    return to_str(_body_value(client.get(client.path("/domain/%s/epp", domain_id)),
                              "epp", "epp_code", "eppcode", "authcode", "auth_code", "code"))


def list_dnssec_keys(client, domain_id):
    return normalize_dnssec_keys(client.get(client.path("/domain/%s/dnssec", domain_id)))


def get_dnssec_flags(client, domain_id):
    return normalize_dnssec_flags(client.get(client.path("/domain/%s/dnssec/flags", domain_id)))


def lookup_domain(client, name):
    """POST /domain/lookup: availability and prices of a name."""
    return normalize_lookup(client.post("/domain/lookup", {"name": name}), name)


def list_tlds(client):
    """GET /domain/order: the TLDs offered, with prices per number of years."""
    body = client.get("/domain/order")
    return [normalize_tld(r) for r in as_list(first_key(body, "tlds", default=[])) if isinstance(r, dict)]


def get_tld_forms(client, tld_id):
    """GET /domain/order/@id/form: the extra order fields some TLDs need (raw rows)."""
    body = client.get(client.path("/domain/order/%s/form", tld_id))
    return [r for r in as_list(first_key(body, "forms", default=[])) if isinstance(r, dict)]


# ---------------------------------------------------------------------------------------------
# Writes (bodies the reference does not document are the ones seen in other HostBill portals,
# or our choice where none was seen: see the module documentation)

def set_nameservers(client, domain_id, names):
    """PUT /domain/@id/ns {"nameservers": [...]}; an empty list asks for the provider's defaults."""
    return client.put(client.path("/domain/%s/ns", domain_id), {"nameservers": list(names)})


def register_child_nameserver(client, domain_id, name, ip):
    """POST /domain/@id/reg {"nameserver": host, "ip": address} (body chosen by us, undocumented)."""
    return client.post(client.path("/domain/%s/reg", domain_id), {"nameserver": name, "ip": ip})


def sync_domain(client, domain_id):
    """GET /domain/@id/sync: the portal pulls the registrar's view of the domain."""
    return client.get(client.path("/domain/%s/sync", domain_id))


def set_lock(client, domain_id, value):
    return client.put(client.path("/domain/%s/reglock", domain_id), {"switch": bool(value)})


def set_id_protection(client, domain_id, value):
    return client.put(client.path("/domain/%s/idprotection", domain_id), {"switch": bool(value)})


def set_autorenew(client, domain_id, value):
    return client.put(client.path("/domain/%s/autorenew", domain_id), {"autorenew": bool(value)})


def set_contacts(client, domain_id, contacts):
    return client.put(client.path("/domain/%s/contact", domain_id), {"contact_info": contacts})


def set_email_forwarding(client, domain_id, source, target):
    """One forwarder: ``target`` empty removes it."""
    return client.put(client.path("/domain/%s/emforwarding", domain_id), {"from": source, "to": target or ""})


def set_forwarding(client, domain_id, url, kind):
    return client.put(client.path("/domain/%s/forwarding", domain_id), {"url": url or "", "type": kind})


def add_dnssec_key(client, domain_id, key):
    body = {"flags": key["flags"], "alg": key["algorithm"], "pubkey": key["public_key"], "protocol": key["protocol"]}
    return client.put(client.path("/domain/%s/dnssec", domain_id), body)


def delete_dnssec_key(client, domain_id, key):
    """DELETE /domain/@id/dnssec/@key; a key already gone (404, e.g. on a retry) counts as deleted."""
    try:
        return client.delete(client.path("/domain/%s/dnssec/%s", domain_id, key["key"]))
    except XtomApiError as exc:
        if exc.status != 404:
            raise
        return {}


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
    """[(local part, target or None)] to send, and the resulting map."""
    after = dict(current)
    changes = []
    for source, target in sorted(desired.items()):
        have = current.get(source)
        if target is None:
            if have is not None:
                changes.append((source, None))
                after.pop(source, None)
        elif have is None or have.lower() != target.lower():
            changes.append((source, target))
            after[source] = target
    return changes, after


def plan_dnssec(current, desired, state="present", purge=False):
    """(keys to add, keys to delete) so that the domain ends up as asked."""
    have = dict((dnssec_identity(k), k) for k in current)
    want = set(dnssec_identity(k) for k in desired)
    if state == "absent":
        return [], [k for k in current if dnssec_identity(k) in want]
    add = [k for k in desired if dnssec_identity(k) not in have]
    delete = [k for k in current if dnssec_identity(k) not in want] if purge else []
    return add, delete
