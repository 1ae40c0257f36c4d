# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Zone files (RFC 1035) in and out, read and written with dnspython (an optional dependency).

In: ``zone_file_records(source, zone, caps)`` turns a zone file into the ``records`` items of
dns_records (one item per name and type), or refuses it naming the line of every record the
target cannot hold (a type it does not support, a TTL out of range, a class other than IN, a name
outside the zone, ``$INCLUDE`` / ``$GENERATE``). The SOA and the apex NS records are left out:
the DNS service (or the registrar) keeps them; they are never written nor pruned from a zone file.

Out: ``zone_file_text(zone, records, has_ttl)`` writes the records read from a backend as zone-file text
(``$ORIGIN``, one line per record with its own TTL, names relative to the origin). Records a zone
file cannot express (the registrar's URL, FRAME and MXE) are written as comments; a zone-file sync
never prunes them.
"""

import re

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.xtom.console.plugins.module_utils.api import XtomConfigError
from ansible_collections.xtom.console.plugins.module_utils.common import (
    CONTROL_RE,  # a comment ends at a CR too (dnspython): API text in a comment must not start a record
    XtomValidationError,
    option_error,
    to_str,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_names import (
    REGISTRAR_ONLY_TYPES,
    ZONE_TYPES,
    check_ttl,
    fqdn,
    parse_value,
    relative_name,
    txt_strings,
)
from ansible_collections.xtom.console.plugins.module_utils.dns_spec import build_spec

try:
    import dns.exception
    import dns.name
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    import dns.rdtypes.ANY.TXT
    import dns.tokenizer
    import dns.zone
    import dns.zonefile

    HAS_DNSPYTHON = True
    DNSPYTHON_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the environment
    HAS_DNSPYTHON = False
    DNSPYTHON_IMPORT_ERROR = exc

ZONE_FILE_OPTIONS = ("zone_file", "zone_file_content")
# Directives a zone file may use: $INCLUDE (another file) and $GENERATE (ranges) are refused.
DIRECTIVES = ("$ORIGIN", "$TTL")
# Types of a registered domain's DNS that are not DNS record types: never pruned by a zone-file sync.
NOT_IN_ZONE_FILES = REGISTRAR_ONLY_TYPES
HEX_TYPES = ("DS", "SSHFP", "TLSA")
HOST_TYPES = ("CNAME", "NS", "PTR")
MAX_PROBLEMS = 20
_WHERE = re.compile(r"^[^\n]*?:(\d+): (.*)$", re.S)
_RECORDS_AT = re.compile(r"records\[(\d+)\](?:\.(\w+)(?:\[\d+\])?)?")
# Anything a reader could take as the end of a comment line.
_LINE_BREAKING = re.compile(u"[\x00-\x1f\x7f\x85\u2028\u2029]")


def require_dnspython(option):
    """Refuse (before any request) a zone-file option when dnspython is not installed."""
    if not HAS_DNSPYTHON:
        raise XtomConfigError("%s: %s Install it with: pip install dnspython" % (
            option, missing_required_lib("dnspython", reason="to read and write zone files")))


# ------------------------------------------------------------------------------------- source
def zone_file_source(params):
    """``{"option", "label", "text"}`` of the zone-file option given (None without one).

    ``zone_file`` is read on the host the module runs on; a file that cannot be read is refused.
    """
    option = next((o for o in ZONE_FILE_OPTIONS if params.get(o) is not None), None)
    if option is None:
        return None
    require_dnspython(option)
    if option == "zone_file_content":
        return {"option": option, "label": option, "text": to_str(params[option])}
    path = params[option]
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except (IOError, OSError) as exc:
        raise option_error(option, path, "cannot be read on the host the module runs on (%s)" % (
            exc.strerror or exc.__class__.__name__))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise option_error(option, path, "is not UTF-8 text")
    return {"option": option, "label": "%s=%s" % (option, path), "text": text}


# -------------------------------------------------------------------------------------- parse
def _tokenizer(text, filename):
    """A dnspython tokenizer that remembers the line each record starts on (for messages)."""

    class LineTokenizer(dns.tokenizer.Tokenizer):
        fresh = True
        start = None
        starts = None

        def get(self, want_leading=False, want_comment=False):
            token = super(LineTokenizer, self).get(want_leading, want_comment)
            if token.is_eol_or_eof():
                self.fresh = True
            elif self.fresh and not token.is_whitespace() and not token.is_comment():
                self.fresh = False
                self.start = self.line_number
                if not token.value.startswith("$"):
                    self.starts.append((self.line_number, token.value))
            return token

    tok = LineTokenizer(text, filename)
    tok.starts = []
    return tok


def _syntax(exc, tok):
    """A dnspython error as ``(line, text)``."""
    text = str(exc) or "syntax error"
    found = _WHERE.match(text)
    if found:
        text = found.group(2)
    line = tok.start or (int(found.group(1)) if found else tok.line_number)  # where the record starts
    text = text.replace("RR class is not zone's class", "the class is not IN (only IN records can be held)")
    if "non-origin SOA" in text:
        text = "an SOA record is only possible at the zone apex"
    if "not allowed" in text and "$" in text:
        text += ": a zone file for this module is self-contained (no $INCLUDE, no $GENERATE; $ORIGIN and $TTL are fine)"
    if "unknown rdatatype" in text:
        text += " (URL, FRAME and MXE records of a registered domain's DNS cannot be written in a zone file)"
    if type(exc).__name__ == "CNAMEAndOtherData":
        text = "a CNAME cannot sit beside other records at the same name (%s)" % text
    return line, text


class NoOrigin(Exception):
    """The zone name is not known yet and the file has names relative to no $ORIGIN."""


def parse(text, origin, label="zone_file"):
    """``(records, origin)`` of zone-file ``text``: ``[{"line", "name" (absolute, no trailing dot), "ttl", "rdata"}]``.

    ``origin`` is the zone name (None: the file's first ``$ORIGIN``; ``NoOrigin`` is raised when a
    record comes before it). Syntax errors, classes other than IN, ``$INCLUDE`` / ``$GENERATE`` and
    names outside the zone are refused naming the line.
    """
    origin_name = dns.name.from_text(origin + ".") if origin else None
    zone = dns.zone.Zone(origin_name, dns.rdataclass.IN, relativize=False)
    tok = _tokenizer(text, label)
    records = []
    try:
        with zone.writer(True) as txn:
            add = txn.add

            def recording_add(name, ttl, rdata):
                records.append({"line": tok.start, "name": name.to_text().rstrip(".").lower() or ".",
                                "ttl": ttl, "rdata": rdata})
                return add(name, ttl, rdata)

            txn.add = recording_add
            dns.zonefile.Reader(tok, dns.rdataclass.IN, txn, allow_directives=DIRECTIVES).read()
    except (dns.zonefile.UnknownOrigin, dns.zone.UnknownOrigin):
        raise NoOrigin()
    except (dns.exception.DNSException, ValueError) as exc:
        line, problem = _syntax(exc, tok)
        raise XtomValidationError("%s: line %d: %s" % (label, line, problem))
    found = zone.origin.to_text().rstrip(".").lower() if zone.origin is not None else None
    seen = set(r["line"] for r in records)
    outside = [(line, first) for line, first in tok.starts if line not in seen]
    if outside:
        raise XtomValidationError("%s: %s; nothing was changed" % (label, "; ".join(
            "line %d: %s is not inside the zone %s" % (line, first, found) for line, first in outside[:MAX_PROBLEMS])))
    return records, found


def _quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def _value(rtype, rdata):
    """A record's data as a dns_records value (the forms dns_names.parse_value reads)."""
    if rtype == "TXT":
        return " ".join(_quoted(s.decode("utf-8")) for s in rdata.strings)
    if rtype == "CAA":
        return "%d %s %s" % (rdata.flags, rdata.tag.decode("ascii"), _quoted(rdata.value.decode("utf-8")))
    if rtype in HEX_TYPES:
        return rdata.to_text(chunksize=0)
    return rdata.to_text()


def _record_problem(rec, rtype, zone, caps, types):
    """What keeps one record out of the target (None when it fits)."""
    if rtype not in types:
        return "type %s cannot be held by %s (types: %s)" % (
            rtype, "a hosted DNS zone" if caps.HAS_TTL else "a registered domain's DNS", ", ".join(types))
    if caps.HAS_TTL:
        try:
            check_ttl(rec["ttl"])
        except XtomValidationError as exc:
            return "TTL %s %s" % (rec["ttl"], str(exc).split(": ", 1)[-1])
    try:
        rec["record"] = relative_name(rec["name"], zone, "record")
        rec["value"] = _value(rtype, rec["rdata"])
        parse_value(rtype, rec["value"], None, "value")
    except UnicodeError:
        return "the text is not UTF-8"
    except XtomValidationError as exc:
        return str(exc)
    return None


def zone_file_records(src, zone, caps):
    """The zone file of ``src`` (see ``zone_file_source``) as dns_records ``records`` items, or refused.

    ``zone`` is the zone name (None when not known yet: only what needs no name is checked).
    Each item carries ``line`` (its first line). All problems are reported together. Returns None
    when the zone name is not known and the file does not start with ``$ORIGIN`` (check again later).
    """
    try:
        records, origin = parse(src["text"], zone, src["label"])
    except NoOrigin:
        if zone is None:
            return None
        raise XtomValidationError("%s: the zone file has no origin" % src["label"])
    if not records:
        raise XtomValidationError("%s: holds no records (an empty file would remove every record with prune); to empty "
                                  "a zone, give records: [] instead" % src["label"])
    types = ZONE_TYPES
    items, problems = {}, []
    for rec in records:
        rtype = dns.rdatatype.to_text(rec["rdata"].rdtype).upper()
        if rec["name"] == origin and rtype in ("SOA", "NS"):
            continue  # the DNS service's: never written nor pruned
        if rtype == "SOA":
            problems.append((rec, "an SOA record is only possible at the zone apex"))
            continue
        problem = _record_problem(rec, rtype, origin, caps, types)
        if problem:
            problems.append((rec, problem))
            continue
        key = (rec["record"], rtype)
        item = items.get(key)
        if item is None:
            items[key] = item = {"record": rec["record"], "type": rtype, "value": [],
                                 "ttl": rec["ttl"] if caps.HAS_TTL else None, "line": rec["line"]}
        elif caps.HAS_TTL and item["ttl"] != rec["ttl"]:
            problems.append((rec, "TTL %d differs from the TTL %d of line %d: the records of one name and type share "
                                  "one TTL" % (rec["ttl"], item["ttl"], item["line"])))
            continue
        if rec["value"] not in item["value"]:
            item["value"].append(rec["value"])
    for item in items.values():
        try:
            build_spec(item, origin, caps)
        except XtomValidationError as exc:
            problems.append(({"line": item["line"], "name": fqdn(item["record"], origin)}, str(exc)))
    if problems:
        problems.sort(key=lambda p: p[0]["line"])
        shown = ["line %d: %s %s" % (rec["line"], rec["name"] + ".", problem) for rec, problem in problems[:MAX_PROBLEMS]]
        more = " (and %d more)" % (len(problems) - MAX_PROBLEMS) if len(problems) > MAX_PROBLEMS else ""
        raise XtomValidationError("%s: %d record%s cannot be held by %s%s: %s%s; nothing was changed" % (
            src["label"], len(problems), "" if len(problems) == 1 else "s",
            origin, " (a registered domain's DNS, no TTLs)" if not caps.HAS_TTL else "",
            "; ".join(shown), more))
    return sorted(items.values(), key=lambda i: i["line"])


def zone_file_ignore(caps):
    """``ignore`` items a zone-file sync adds: the types a zone file cannot express are never pruned."""
    return [{"record": None, "type": t} for t in NOT_IN_ZONE_FILES if t in caps.EXTRA_TYPES]


def zone_file_error(exc, src, items):
    """An error about ``records[i]`` (raised by the planner) told as the zone file's line."""
    def where(found):
        pos = int(found.group(1))
        if pos >= len(items):
            return found.group(0)
        item = items[pos]
        field = " " + found.group(2) if found.group(2) else ""
        return "%s line %d (%s %s)%s" % (src["label"], item["line"], item["record"], item["type"], field)

    return XtomValidationError(_RECORDS_AT.sub(where, str(exc)))


# ------------------------------------------------------------------------------------- export
def _absolute(host):
    return host if host.endswith(".") else host + "."


def _txt_chunks(text):
    """The text as character strings of at most 255 bytes (split between characters)."""
    out, cur = [], b""
    for char in text:
        data = char.encode("utf-8")
        if len(cur) + len(data) > 255:
            out.append(cur)
            cur = b""
        cur += data
    out.append(cur)
    return out


def _rdata(rec):
    rtype, value = rec["type"], rec["value"]
    if rtype == "TXT":
        strings = []
        for text in txt_strings(rec["content"], strict=False):
            strings.extend(_txt_chunks(text))
        return dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings)
    if rtype in HOST_TYPES:
        value = _absolute(value)
    elif rtype in ("MX", "SRV"):
        parts = value.split()
        parts[-1] = _absolute(parts[-1])
        value = " ".join(parts)
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), value, dns.name.root, relativize=False)


def _escaped(found):
    """A character that could end a comment line, written as an escape (API text shown in a comment)."""
    code = ord(found.group(0))
    return "\\x%02x" % code if code < 256 else "\\u%04x" % code


def _order(rec):
    name = rec["record"]
    first = 0 if rec["type"] == "SOA" else 1 if (name == "@" and rec["type"] == "NS") else 2
    labels = [] if name == "@" else list(reversed(name.split(".")))
    return (first, labels, rec["type"], rec["value"])


def zone_file_text(zone, records, has_ttl, default_ttl=3600):
    """``(text, problems)``: the records as zone-file text; ``problems`` names the records written as comments."""
    origin = dns.name.from_text(zone["name"] + ".")
    if zone.get("domain_id") is not None and zone.get("id") is None:
        what = "registrar DNS of the registered domain %s (domain_id %s): no SOA or NS records (the registrar " \
               "serves them), no TTLs" % (zone["name"], zone["domain_id"])
    else:
        what = "hosted zone %s (zone_id %s, service %s)" % (zone["name"], zone.get("id"), zone.get("service_id"))
    lines = ["; %s" % CONTROL_RE.sub(" ", what), "; exported by xtom.console.dns_zone_info", "$ORIGIN %s" % origin.to_text()]
    if not has_ttl:
        lines.append("$TTL %d" % default_ttl)
    rows, problems = [], []
    for rec in sorted(records, key=_order):
        shown = _LINE_BREAKING.sub(_escaped, "%s %s %s" % (rec["record"], rec["type"], rec["content"]))
        if rec["type"] in NOT_IN_ZONE_FILES:
            problems.append("%s %s: not a DNS record type (kept by a zone-file sync, never pruned)" % (
                fqdn(rec["record"], zone["name"]), rec["type"]))
            rows.append(("; %s" % shown, None, None, None))
            continue
        try:
            owner = dns.name.from_text(rec["record"], origin).relativize(origin).to_text()
            data = _rdata(rec).to_text(origin=origin, relativize=True)
        except (dns.exception.DNSException, ValueError, UnicodeError) as exc:
            problems.append("%s %s: not written (%s)" % (fqdn(rec["record"], zone["name"]), rec["type"], exc))
            rows.append(("; %s" % shown, None, None, None))
            continue
        rows.append((owner, rec["ttl"] if has_ttl else None, rec["type"], data))
    width = min(max([len(r[0]) for r in rows if r[2]] or [1]), 32)
    for owner, ttl, rtype, data in rows:
        if rtype is None:
            lines.append(owner + "  ; not a zone-file record")
        elif has_ttl:
            lines.append("%-*s %6s IN %-5s %s" % (width, owner, ttl if ttl is not None else default_ttl, rtype, data))
        else:
            lines.append("%-*s IN %-5s %s" % (width, owner, rtype, data))
    return "\n".join(lines) + "\n", problems
