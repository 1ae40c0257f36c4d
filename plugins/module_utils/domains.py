# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Domains area: read the registrar routes (understood or refused), resolve ``domain`` / ``domain_id``.

Each route's accepted answer keys are kept together below (the reference's key first, then the
named variants seen or expected on other portals), so adding a variant is a one-line change.
An answer in any other shape raises ``XtomAnswerError`` naming the route: it is never read as
empty, false or unknown, and nothing is written after it. User input is validated in
``domains_input.py``.
"""

import base64
import binascii
import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomApiError,
    XtomValidationError,
    answer_rows,
    answer_value,
    close_matches,
    is_id,
    is_inactive,
    not_found_as,
    option_error,
    parse_id,
    row_value,
    to_int,
    to_str,
    unwrap,
    validate_hostname,
)

# ---------------------------------------------------------------------------------------------
# Accepted answer keys, one place per route.

# GET /domain -> {"domains": [row, ...]} (reference); a dict of rows keyed by id or an envelope too.
LIST_KEYS = ("domains",)
# GET /domain/@id -> {"details": {row}} (reference).
DETAILS_KEYS = ("details", "domain")
# GET /domain/name/@name -> {"details": [row, ...]} (reference, not valid JSON there); one row as an object too.
BY_NAME_KEYS = ("details", "domains", "domain")
# Fields of a domain row (GET /domain, /domain/@id, /domain/name/@name): snake_case, then camelCase variants.
DOMAIN_FIELDS = {
    "id": ("id", "domain_id", "domainId"),
    "name": ("name", "domain", "domain_name", "domainName"),
    "status": ("status",),
    "expires": ("expires", "expiry_date", "expiryDate"),
    "date_created": ("date_created", "dateCreated"),
    "period": ("period",),
    "recurring_amount": ("recurring_amount", "recurringAmount"),
    "autorenew": ("autorenew", "auto_renew", "autoRenew"),
    "idprotection": ("idprotection", "id_protection", "idProtection"),
    "nameservers": ("nameservers", "name_servers", "nameServers"),
    "daytoexpire": ("daytoexpire", "days_to_expire", "daysToExpire", "dayToExpire"),
    "next_due": ("next_due", "nextDue"),
    "next_invoice": ("next_invoice", "nextInvoice"),
    "firstpayment": ("firstpayment", "first_payment", "firstPayment"),
}
# GET /domain/@id/ns -> {"nameservers": [...]} (no reference answer); a map, ns1..ns13 keys or a bare list too.
NS_KEYS = ("nameservers", "ns", "name_servers", "nameServers")
NS_NUMBERED = re.compile(r"^ns(\d{1,2})$")
# GET /domain/@id/reglock -> {"reglock": "1"} (no reference answer).
LOCK_KEYS = ("reglock", "lock", "locked", "reg_lock", "regLock", "switch")
# GET /domain/@id/autorenew -> {"autorenew": "1"} (no reference answer).
AUTORENEW_KEYS = ("autorenew", "auto_renew", "autoRenew", "switch")
# GET /domain/@id/contact -> {"contact_info": {type: {field: value}}} (no reference answer).
CONTACT_KEYS = ("contact_info", "contacts", "contact", "contactInfo")
# GET /domain/@id/emforwarding -> {"emforwarding": [{"from", "to"}]} (no reference answer); a map local -> target too.
FORWARDING_KEYS = ("emforwarding", "email_forwarding", "emailForwarding", "forwarding", "forwarders")
FORWARD_FROM_KEYS = ("from", "source", "alias")
FORWARD_TO_KEYS = ("to", "destination", "target")
# GET /domain/@id/epp -> {"epp": "<code>"} (no reference answer).
EPP_KEYS = ("epp", "epp_code", "eppCode", "eppcode", "authcode", "auth_code", "authCode")
# GET /domain/@id/dnssec -> {"keys": [row]} (no reference answer); rows as a map keyed by the key reference too.
DNSSEC_KEYS = ("keys", "dnssec", "dnssec_keys", "dnssecKeys", "records")
DNSSEC_FIELDS = {
    "flags": ("flags", "flag"),
    "algorithm": ("alg", "algorithm"),
    "public_key": ("pubkey", "public_key", "publickey", "publicKey", "pubKey"),
    "protocol": ("protocol",),
    "ref": ("id", "key_id", "keyid", "keyId"),
    "key_tag": ("keytag", "key_tag", "keyTag"),
}
# GET /domain/@id/dnssec/flags -> {"flags": {"256": "ZSK ...", "257": "KSK ..."}} (no reference answer).
DNSSEC_FLAG_KEYS = ("flags", "dnssec_flags", "dnssecFlags")
DNSSEC_FLAG_ROW_KEYS = ("flags", "value", "flag", "id")
DNSSEC_FLAG_NAME_KEYS = ("name", "description", "title")
# POST /domain/lookup -> {"available", "name", "premium", "periods"}; {"status": "ok"} or {} (reference text).
LOOKUP_AVAILABLE_KEYS = ("available", "isAvailable", "is_available")
PERIOD_KEYS = ("periods", "prices")
# GET /domain/order -> {"tlds": [...]}; GET /domain/order/@id/form -> {"forms": [...]}.
TLD_KEYS = ("tlds",)
FORM_KEYS = ("forms",)

# Switch values (lock, autorenew, ID protection): anything else is not understood.
TRUE_WORDS = frozenset(["1", "true", "yes", "on", "enabled", "locked", "active"])
FALSE_WORDS = frozenset(["0", "false", "no", "off", "disabled", "unlocked", "inactive"])


# ---------------------------------------------------------------------------------------------
# Values

def switch_value(value):
    """True/False from a HostBill switch (bool, 1/0, "1"/"0", "on", "locked", ...), None when not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = value.strip().lower() if isinstance(value, str) else None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def ascii_name(name):
    """An internationalised name in its ASCII (punycode) form; other names unchanged (never raises)."""
    try:
        name.encode("ascii")
        return name
    except UnicodeError:
        try:
            return name.encode("idna").decode("ascii")
        except UnicodeError:
            return name


def _host(value):
    """A host name read from the API, canonical (lower case, punycode, no final dot); None when not a string."""
    if not isinstance(value, str):
        return None
    return ascii_name(value.strip().lower().rstrip("."))


def _int_field(value):
    """An integer that came as a number or a string of ASCII digits; None otherwise (``true`` is not 1)."""
    return int(to_str(value).strip()) if is_id(value) else None


def _text(value):
    """A display string from a scalar; None for objects (not understood)."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


# ---------------------------------------------------------------------------------------------
# Domain rows

class Domain(dict):
    """A normalised domain (a domain_info row); ``source`` is where it was read: (method, path, row)."""

    source = (None, None, None)


def _field(row, name):
    return row_value(row, DOMAIN_FIELDS[name])


def _nameserver_list(value):
    """A list of host names from a list, a map or None; None when the value is not one of these."""
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value, key=lambda k: (to_int(k, 99), str(k)))]
    if not isinstance(value, list):
        return None
    names = [_host(v) for v in value if v not in (None, "")]
    return None if None in names else names


def normalize_domain(row, body=None):
    """A domain_info row from a domain row; ``XtomAnswerError`` when its id or name did not parse.

    Display-only fields that did not parse are left empty; the switches (autorenew, idprotection)
    are ``None`` then, and ``domain_flag`` refuses to compare against them.
    """
    did = _field(row, "id")
    name = _field(row, "name")
    if _int_field(did) is None or not isinstance(name, str) or not name.strip():
        raise XtomAnswerError(body if body is not None else row, 'domain rows with an "id" (digits) and a "name"')
    out = Domain(
        id=_int_field(did),
        name=_host(name),
        status=_text(_field(row, "status")) or "",
        expires=_text(_field(row, "expires")) or "",
        date_created=_text(_field(row, "date_created")) or "",
        period=to_int(_field(row, "period")),
        recurring_amount=_text(_field(row, "recurring_amount")) or "",
        autorenew=switch_value(_field(row, "autorenew")),
    )
    if _field(row, "idprotection") is not None:
        out["idprotection"] = switch_value(_field(row, "idprotection"))
    nameservers = _nameserver_list(_field(row, "nameservers"))
    if nameservers is not None:
        out["nameservers"] = nameservers
    if _field(row, "daytoexpire") is not None:
        out["daytoexpire"] = to_int(_field(row, "daytoexpire"))
    for key in ("next_due", "next_invoice", "firstpayment"):
        if _field(row, key) is not None:
            out[key] = _text(_field(row, key)) or ""
    return out


def domain_flag(domain, key):
    """The switch ``key`` of a resolved domain, read from its details; an error naming the route when not understood."""
    value = domain.get(key)
    if isinstance(value, bool):
        return value
    method, path, row = getattr(domain, "source", (None, None, None))
    raise XtomAnswerError(row if row is not None else {}, 'a "%s" switch (true/false, 1/0) in the domain\'s details'
                          % DOMAIN_FIELDS[key][0], method=method, path=path)


def parse_domain_list(body):
    """GET /domain: every domain of the account."""
    return [normalize_domain(r, body) for r in answer_rows(body, LIST_KEYS)]


def parse_details(body):
    """GET /domain/@id: one domain (a list of one is accepted too)."""
    value = answer_value(body, DETAILS_KEYS, (dict, list))
    if isinstance(value, list):
        if len(value) != 1 or not isinstance(value[0], dict):
            raise XtomAnswerError(body, '"details" holding one domain object')
        value = value[0]
    return normalize_domain(value, body)


def parse_by_name(body):
    """GET /domain/name/@name: the registrations of a name (a list, a dict of rows keyed by id, or one object)."""
    value = answer_value(body, BY_NAME_KEYS, (dict, list))
    if isinstance(value, dict) and any(k in value for k in DOMAIN_FIELDS["name"]):
        value = [value]
    if isinstance(value, dict):
        value = list(value.values())
    if not all(isinstance(r, dict) for r in value):
        raise XtomAnswerError(body, '"details" holding a list of domain objects')
    return [normalize_domain(r, body) for r in value]


def _read(client, path, parse):
    """GET ``path`` and parse it: (parsed, body); a shape not understood names the route.

    (The same as ``client.get(path, parse=...)``, also with the small fake clients of other areas' tests.)
    """
    body = client.get(path)
    try:
        return parse(body), body
    except XtomAnswerError as exc:
        exc.method, exc.path = "GET", path
        raise


def _sourced(domain, method, path, row):
    domain.source = (method, path, row)
    return domain


def list_domains(client):
    """GET /domain, normalised."""
    return client.get("/domain", parse=parse_domain_list)


def get_domain(client, domain_id):
    """GET /domain/@id, normalised (a ``Domain`` that knows its route)."""
    path = client.path("/domain/%s", domain_id)
    dom, body = _read(client, path, parse_details)
    return _sourced(dom, "GET", path, body)


def _by_id(client, domain_id, option):
    did = parse_id(domain_id, option)
    try:
        return get_domain(client, did)
    except XtomApiError as exc:
        raise not_found_as(exc, option, domain_id, "a domain")


def resolve_domain(client, name=None, domain_id=None, option="domain"):
    """One domain of the account, by id (GET /domain/@id) or by name (GET /domain/name/@name).

    A name may match several registrations (an expired one and its active successor): the one
    live registration wins; several live ones, or only inactive ones, give an error listing them.
    """
    if domain_id is not None:
        return _by_id(client, domain_id, option + "_id" if option == "domain" else option)
    name = validate_hostname(name, option)
    path = client.path("/domain/name/%s", name)
    try:
        rows, body = _read(client, path, parse_by_name)
    except XtomApiError as exc:
        err = not_found_as(exc, option, name, "a domain")
        if err is exc:
            raise
        # Only on this error path: one more request to suggest the names the account has.
        hint = close_matches(name, sorted(set(d["name"] for d in list_domains(client))))
        raise XtomValidationError(str(err) + (": did you mean %s?" % ", ".join(hint) if hint else ""))
    return _sourced(_pick(rows, name, option), "GET", path, body)


def _pick(rows, name, option):
    rows = [r for r in rows if r["name"] == name]
    if not rows:
        raise option_error(option, name, "is not a domain of this account")
    live = [r for r in rows if not is_inactive(r["status"])]
    if len(rows) == 1:
        return rows[0]
    if len(live) == 1:
        return live[0]
    raise option_error(option, name, "is ambiguous: %s. Use domain_id to pick one" % "; ".join(
        "id %s (%s, expires %s)" % (r["id"], r["status"] or "?", r["expires"] or "?") for r in rows))


# ---------------------------------------------------------------------------------------------
# Parsers of the registrar routes (pass them as ``parse=``: an error then names the route)

def parse_nameservers(body):
    """GET /domain/@id/ns: host names, in the order given."""
    payload = unwrap(body)
    if isinstance(payload, dict) and not any(k in payload for k in NS_KEYS):
        if isinstance(payload.get("details"), dict):
            return parse_nameservers(payload["details"])
        numbered = sorted((int(NS_NUMBERED.match(k).group(1)), k) for k in payload if NS_NUMBERED.match(str(k)))
        if numbered:
            names = [_host(payload[k]) for _n, k in numbered if payload[k] not in (None, "")]
            if None not in names:
                return names
    value = payload if isinstance(payload, list) else answer_value(body, NS_KEYS, (list, dict))
    names = _nameserver_list(value)
    if names is None:
        raise XtomAnswerError(body, '"nameservers" holding a list of host names')
    return names


def _switch_parser(keys, what):
    expected = " or ".join('"%s"' % k for k in keys) + " holding a %s switch (true/false, 1/0, on/off)" % what

    def parse(body):
        payload = unwrap(body)
        if isinstance(payload, dict) and not any(k in payload for k in keys) and isinstance(payload.get("details"), dict):
            payload = payload["details"]
        if isinstance(payload, dict):
            value = next((payload[k] for k in keys if k in payload), None)
        else:
            value = payload
        flag = switch_value(value)
        if flag is None:
            raise XtomAnswerError(body, expected)
        return flag

    return parse


parse_lock = _switch_parser(LOCK_KEYS, "lock")
parse_autorenew = _switch_parser(AUTORENEW_KEYS, "renewal")


def _rows_or_map(body, keys, expected):
    """The value under one of ``keys``, or the payload itself (a list, or a non-empty map): ``{}`` is not understood."""
    if unwrap(body) in ({}, None, ""):
        raise XtomAnswerError(body, expected)
    return answer_value(body, keys, (list, dict), bare=True, expected=expected)


def _contact_field(name):
    """Contact field names as the API spells them: ``firstName`` / ``first_name`` -> ``firstname``."""
    return to_str(name).lower().replace("_", "")


def parse_contacts(body):
    """GET /domain/@id/contact: {type: {field: str}} with lower-case contact types and field names."""
    info = answer_value(body, CONTACT_KEYS, (dict,))
    out = {}
    for ctype, fields in info.items():
        if not isinstance(fields, dict) and fields != []:
            raise XtomAnswerError(body, '"contact_info" holding an object of contact objects by type')
        clean = {}
        for key, value in (fields or {}).items():
            text = _text(value)
            if text is None:
                raise XtomAnswerError(body, '"contact_info" holding contact fields with text values')
            clean[_contact_field(key)] = text
        out[to_str(ctype).lower()] = clean
    return out


def parse_email_forwarding(body):
    """GET /domain/@id/emforwarding: {local part: target}, from a list of rows, one row, or a map."""
    expected = '"emforwarding" holding a list of {"from", "to"} objects or a map of mailbox to address'
    value = _rows_or_map(body, FORWARDING_KEYS, expected)
    if isinstance(value, dict):
        if any(k in value for k in FORWARD_FROM_KEYS):
            value = [value]
        else:
            value = [{"from": k, "to": v} for k, v in value.items()]
    out = {}
    for row in value:
        source = row_value(row, FORWARD_FROM_KEYS) if isinstance(row, dict) else None
        target = row_value(row, FORWARD_TO_KEYS) if isinstance(row, dict) else None
        if not isinstance(source, str) or not isinstance(target, str) or not source.strip() or not target.strip():
            raise XtomAnswerError(body, expected)
        out[source.strip().lower().split("@", 1)[0]] = target.strip()
    return out


def parse_epp_code(body):
    """GET /domain/@id/epp: the transfer code (a secret)."""
    value = answer_value(body, EPP_KEYS, (str, int), bare=True)
    if isinstance(value, bool) or not to_str(value).strip():
        raise XtomAnswerError(body, '"epp" holding the code')
    return to_str(value).strip()


# ---------------------------------------------------------------------------------------------
# DNSSEC

def dnssec_key_tag(flags, algorithm, public_key, protocol=3):
    """RFC 4034 appendix B key tag of a DNSKEY, or None when the key is not base64."""
    try:
        data = bytearray([(flags >> 8) & 0xFF, flags & 0xFF, protocol & 0xFF, algorithm & 0xFF])
        data += bytearray(base64.b64decode(public_key.encode("ascii"), validate=True))
    except (TypeError, ValueError, binascii.Error, UnicodeError):
        return None
    acc = 0
    for i, byte in enumerate(data):
        acc += byte << 8 if i % 2 == 0 else byte
    return (acc + ((acc >> 16) & 0xFFFF)) & 0xFFFF


def make_dnssec_key(flags, algorithm, public_key, protocol=3, key=None):
    return {
        "key": key,
        "flags": flags,
        "algorithm": algorithm,
        "protocol": protocol,
        "public_key": public_key,
        "key_tag": dnssec_key_tag(flags, algorithm, public_key, protocol),
    }


def dnssec_identity(key):
    return (key["flags"], key["algorithm"], key["public_key"])


def _dnssec_row(row, map_key):
    """One key row, or None when an identity field (flags, algorithm, public key, reference) did not parse."""
    fields = dict((name, row_value(row, keys)) for name, keys in DNSSEC_FIELDS.items())
    flags, algorithm = _int_field(fields["flags"]), _int_field(fields["algorithm"])
    public_key = "".join(fields["public_key"].split()) if isinstance(fields["public_key"], str) else ""
    protocol = _int_field(fields["protocol"]) if fields["protocol"] is not None else 3
    if flags is None or algorithm is None or protocol is None or not public_key:
        return None
    key = make_dnssec_key(flags, algorithm, public_key, protocol)
    if key["key_tag"] is None:
        return None
    # The reference DELETE takes: the row's id, else the map key, else a key tag the portal gives. Never a
    # key tag computed here (a guess that could address another key): without one the key is listed
    # with ``key`` null and cannot be removed.
    ref = fields["ref"] if fields["ref"] is not None else map_key
    if ref is None:
        ref = fields["key_tag"]
    if ref is not None and _text(ref) in (None, ""):
        return None  # a reference of a type not understood
    key["key"] = _text(ref) if ref is not None else None
    return key


def parse_dnssec_keys(body):
    """GET /domain/@id/dnssec: key dicts. ``key`` is what DELETE /domain/@id/dnssec/@key takes (the row's
    id, else the map key, else the key tag). A row whose identity did not parse refuses the whole answer."""
    expected = '"keys" holding key objects with "flags", "alg", "pubkey" (base64) and "id"'
    value = _rows_or_map(body, DNSSEC_KEYS, expected)
    items = list(value.items()) if isinstance(value, dict) else [(None, r) for r in value]
    out = []
    for map_key, row in items:
        key = _dnssec_row(row, map_key) if isinstance(row, dict) else None
        if key is None:
            raise XtomAnswerError(body, expected)
        out.append(key)
    return out


def parse_dnssec_flags(body):
    """GET /domain/@id/dnssec/flags: [{"flags": int, "description": str}] from a map or a list."""
    expected = '"flags" holding a map of flag number to description, or a list of flags'
    value = _rows_or_map(body, DNSSEC_FLAG_KEYS, expected)
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            num, name = (_int_field(k), v) if _int_field(k) is not None else (_int_field(v), k)
            out.append((num, _text(name)))
    else:
        for row in value:
            if isinstance(row, dict):
                out.append((_int_field(row_value(row, DNSSEC_FLAG_ROW_KEYS)), _text(row_value(row, DNSSEC_FLAG_NAME_KEYS))))
            else:
                out.append((_int_field(row), ""))
    if any(num is None or name is None for num, name in out):
        raise XtomAnswerError(body, expected)
    return sorted(({"flags": num, "description": name} for num, name in out), key=lambda f: f["flags"])


# ---------------------------------------------------------------------------------------------
# Lookup and TLDs (display only)

def _periods(rows, tld_id=None):
    out = []
    for row in rows if isinstance(rows, list) else []:
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
    """POST /domain/lookup: ``available`` from "available", else {"status": "ok"}; an empty answer means taken."""
    payload = unwrap(body)
    if payload in ({}, [], None, ""):
        return {"name": name, "available": False, "premium": False, "periods": []}
    if not isinstance(payload, dict):
        raise XtomAnswerError(body, '"available" (true/false) or "status": "ok"')
    available = switch_value(row_value(payload, LOOKUP_AVAILABLE_KEYS))
    if available is None:
        if to_str(payload.get("status")).lower() != "ok":
            raise XtomAnswerError(body, '"available" (true/false) or "status": "ok"')
        available = True
    return {
        "name": _host(payload.get("name")) or name,
        "available": available,
        "premium": bool(switch_value(payload.get("premium"))),
        "periods": _periods(row_value(payload, PERIOD_KEYS)),
    }


def normalize_tld(row, body=None):
    tld = row.get("tld")
    tld_id = _int_field(row.get("id"))
    if not isinstance(tld, str) or not tld.strip() or tld_id is None:
        raise XtomAnswerError(body if body is not None else row, 'TLD rows with an "id" and a "tld"')
    tld = tld.strip().lower()
    return {"id": tld_id, "tld": tld if tld.startswith(".") else "." + tld, "periods": _periods(row.get("periods"), tld_id)}


def parse_tlds(body):
    return [normalize_tld(r, body) for r in answer_rows(body, TLD_KEYS)]


def parse_forms(body):
    return answer_rows(body, FORM_KEYS)


# ---------------------------------------------------------------------------------------------
# Reads

def _get(client, template, domain_id, parse):
    return client.get(client.path(template, domain_id), parse=parse)


def get_nameservers(client, domain_id):
    return _get(client, "/domain/%s/ns", domain_id, parse_nameservers)


def domain_nameservers(client, domain):
    """The name servers of a resolved domain: from its details, else GET /domain/@id/ns."""
    if "nameservers" in domain:
        return list(domain["nameservers"])
    return get_nameservers(client, domain["id"])


def get_lock(client, domain_id):
    return _get(client, "/domain/%s/reglock", domain_id, parse_lock)


def get_autorenew(client, domain_id):
    return _get(client, "/domain/%s/autorenew", domain_id, parse_autorenew)


def get_contacts(client, domain_id):
    return _get(client, "/domain/%s/contact", domain_id, parse_contacts)


def get_email_forwarding(client, domain_id):
    return _get(client, "/domain/%s/emforwarding", domain_id, parse_email_forwarding)


def get_epp_code(client, domain_id):
    """The transfer (EPP / auth) code. A secret: never log it."""
    return _get(client, "/domain/%s/epp", domain_id, parse_epp_code)


def list_dnssec_keys(client, domain_id):
    return _get(client, "/domain/%s/dnssec", domain_id, parse_dnssec_keys)


def get_dnssec_flags(client, domain_id):
    return _get(client, "/domain/%s/dnssec/flags", domain_id, parse_dnssec_flags)


def lookup_domain(client, name):
    """POST /domain/lookup (a read-like POST: nothing is ordered): availability and prices of a name."""
    return client.post("/domain/lookup", {"name": name}, parse=lambda body: normalize_lookup(body, name))


def list_tlds(client):
    """GET /domain/order: the TLDs offered, with prices per number of years."""
    return client.get("/domain/order", parse=parse_tlds)


def get_tld_forms(client, tld_id):
    """GET /domain/order/@id/form: the extra order fields some TLDs need (raw rows)."""
    return client.get(client.path("/domain/order/%s/form", tld_id), parse=parse_forms)


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


# On some portals these PUTs toggle the switch whatever the body says: never resent after a gateway error
# (a resent toggle would undo the first one while the task reports success); the next run reads and decides.
def set_lock(client, domain_id, value):
    return client.put(client.path("/domain/%s/reglock", domain_id), {"switch": bool(value)}, retry=False)


def set_id_protection(client, domain_id, value):
    return client.put(client.path("/domain/%s/idprotection", domain_id), {"switch": bool(value)}, retry=False)


def set_autorenew(client, domain_id, value):
    return client.put(client.path("/domain/%s/autorenew", domain_id), {"autorenew": bool(value)}, retry=False)


def set_contacts(client, domain_id, contacts):
    return client.put(client.path("/domain/%s/contact", domain_id), {"contact_info": contacts})


def set_email_forwarding(client, domain_id, source, target):
    """One forwarder: ``target`` empty removes it."""
    return client.put(client.path("/domain/%s/emforwarding", domain_id), {"from": source, "to": target or ""})


def set_forwarding(client, domain_id, url, kind):
    return client.put(client.path("/domain/%s/forwarding", domain_id), {"url": url or "", "type": kind})


def add_dnssec_key(client, domain_id, key):
    """PUT /domain/@id/dnssec adds a key: not idempotent, so never resent after a gateway error (like a POST)."""
    body = {"flags": key["flags"], "alg": key["algorithm"], "pubkey": key["public_key"], "protocol": key["protocol"]}
    return client.put(client.path("/domain/%s/dnssec", domain_id), body, retry=False)


def delete_dnssec_key(client, domain_id, key):
    """DELETE /domain/@id/dnssec/@key; a key already gone (404, e.g. on a retry) counts as deleted.

    A 404 counts as done only when the list, read again, no longer holds the key: the reference may be
    a guess (the key tag, when the rows carry no id) that this portal does not delete by."""
    try:
        return client.delete(client.path("/domain/%s/dnssec/%s", domain_id, key["key"]))
    except XtomApiError as exc:
        if exc.status != 404 or isinstance(exc, XtomAnswerError):
            raise
        if any(dnssec_identity(k) == dnssec_identity(key) for k in list_dnssec_keys(client, domain_id)):
            exc.messages.append("the key is still listed: this portal does not delete it by the reference %s" % key["key"])
            raise
        return {}
