# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SSL certificates area: normalise certificate rows, read the issued certificate, read a CSR."""

import base64
import binascii
import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    answer_rows,
    answer_value,
    is_id,
    is_inactive,
    not_found_as,
    option_error,
    row_value,
    to_int,
    to_str,
    unwrap,
    XtomAnswerError,
    XtomApiError,
)

CSR_RE = re.compile(r"-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----(.+?)-----END (?:NEW )?CERTIFICATE REQUEST-----", re.S)
CRT_RE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)
KEY_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----", re.S)

# Accepted keys, one place per route (the reference's first, then the named variants).
LIST_KEYS = ("sslservices", "certificates", "services")       # GET /certificate
DETAIL_KEYS = ("service", "certificate")                      # GET /certificate/@id
CRT_KEYS = ("crt", "certificate", "cert", "x509", "data")     # GET /certificate/@id/crt (no example)
CHAIN_KEYS = ("chain", "ca_bundle", "cabundle", "caBundle", "intermediate", "ca")
PRIVATE_KEY_KEYS = ("key", "private_key", "privateKey", "privatekey")
ROW_FIELDS = (("domain",), ("name", "product"), ("status",))


def normalize_certificate(row):
    """A stable dict from a GET /certificate row or a GET /certificate/@id ``service`` object."""
    row = row or {}
    out = {
        "id": to_int(row.get("id")),
        "domain": to_str(row.get("domain")).lower().rstrip("."),
        "name": to_str(row_value(row, ("name", "product"), "")),
        "status": to_str(row.get("status")),
    }
    for key, keys in (("billingcycle", ("billingcycle", "billingCycle")), ("total", ("total",)),
                      ("next_due", ("next_due", "nextDue")), ("cert_email", ("cert_email", "certEmail")),
                      ("cert_status", ("cert_status", "certStatus")), ("cert_expires", ("cert_expires", "certExpires"))):
        out[key] = to_str(row_value(row, keys, ""))
    for key, keys in (("category", ("category",)), ("date_created", ("date_created", "dateCreated")),
                      ("firstpayment", ("firstpayment", "firstPayment")), ("next_invoice", ("next_invoice", "nextInvoice")),
                      ("label", ("label",)), ("csr", ("csr",))):
        if row_value(row, keys) is not None:
            out[key] = to_str(row_value(row, keys))
    if row.get("software") not in (None, ""):
        out["software"] = to_int(row.get("software"))
    for key in ("contacts", "organization"):
        if isinstance(row.get(key), dict):
            out[key] = row[key]
    return out


def _checked(body, row, what):
    """A row whose identity fields (id, domain, product, status) all parsed; else the answer is refused."""
    for keys in ROW_FIELDS:
        if not isinstance(row_value(row, keys), str):
            raise XtomAnswerError(body, "%s with %s (text)" % (what, " or ".join('"%s"' % k for k in keys)))
    cert = normalize_certificate(row)
    if not is_id(row.get("id")):
        raise XtomAnswerError(body, '%s with "id" (digits)' % what)
    return cert


def parse_certificate_list(body):
    """GET /certificate: rows with id, domain, product and status (the identity of a certificate order)."""
    return [_checked(body, r, "certificate rows") for r in answer_rows(body, LIST_KEYS)]


def parse_certificate_detail(body):
    """GET /certificate/@id: one certificate with its details (``csr`` identifies an order whose domain is empty)."""
    return _checked(body, answer_value(body, DETAIL_KEYS, (dict,)), "a certificate")


def list_certificates(client):
    return client.get("/certificate", parse=parse_certificate_list)


def get_certificate(client, cert_id):
    return client.get(client.path("/certificate/%s", cert_id), parse=parse_certificate_detail)


def _pem(value, regex):
    text = to_str(value).replace("\r\n", "\n").strip()
    return "\n".join(m.group(0) for m in regex.finditer(text))


def parse_crt(body):
    """GET /certificate/@id/crt (the reference shows no answer): ``{"crt": PEM}`` or a named variant,
    a bare PEM string, in an envelope too; the chain and private key when the answer carries them."""
    payload = unwrap(body)
    value = payload if isinstance(payload, str) else answer_value(body, CRT_KEYS, (str, dict))
    if isinstance(value, dict):
        payload, value = value, row_value(value, CRT_KEYS)
    crt = _pem(value, CRT_RE)
    if not crt:
        raise XtomAnswerError(body, " or ".join('"%s"' % k for k in CRT_KEYS) + " holding a PEM certificate")
    out = {"crt": crt + "\n", "chain": None, "key": None}
    if isinstance(payload, dict):
        chain = row_value(payload, CHAIN_KEYS)
        if isinstance(chain, list):
            chain = "\n".join(to_str(c) for c in chain)
        if chain not in (None, ""):
            if not _pem(chain, CRT_RE):
                raise XtomAnswerError(body, "a chain holding PEM certificates")
            out["chain"] = _pem(chain, CRT_RE) + "\n"
        key = row_value(payload, PRIVATE_KEY_KEYS)
        if key not in (None, ""):
            if not _pem(key, KEY_RE):
                raise XtomAnswerError(body, "a private key in PEM")
            out["key"] = _pem(key, KEY_RE) + "\n"
    return out


def get_crt(client, cert_id):
    """The issued certificate: ``{"crt": PEM, "chain": PEM or None, "key": PEM or None}``."""
    return client.get(client.path("/certificate/%s/crt", cert_id), parse=parse_crt)


def live_certificates(certs, domain, product_name=None):
    """Certificates of ``domain`` (and product) that are not cancelled, terminated or expired."""
    domain = to_str(domain).lower().rstrip(".")
    return [
        c for c in certs
        if c["domain"] == domain and not is_inactive(c["status"])
        and (product_name is None or c["name"].lower() == to_str(product_name).lower())
    ]


def resolve_certificate(client, cert_id=None, domain=None, certs=None):
    """One certificate by id, or by domain among the live ones (error if none or several)."""
    if cert_id is not None:
        try:
            return get_certificate(client, cert_id)
        except XtomApiError as exc:
            raise not_found_as(exc, "id", cert_id, "a certificate")
    if certs is None:
        certs = list_certificates(client)
    name = to_str(domain).lower().rstrip(".")
    found = live_certificates(certs, name) or [c for c in certs if c["domain"] == name]
    if len(found) == 1:
        return get_certificate(client, found[0]["id"])
    if not found:
        raise option_error("domain", domain, "matches no certificate of this account",
                           ["%s (id %s)" % (c["domain"] or "(no domain yet)", c["id"]) for c in certs] or "none")
    raise option_error("domain", domain, "is ambiguous: %s. Use id to pick one"
                       % "; ".join("id %s (%s, %s)" % (c["id"], c["name"], c["status"]) for c in found))


def _der(data, pos):
    """(tag, content, next position) of the DER element starting at ``pos``."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = 0
        for byte in bytearray(data[pos:pos + count]):
            length = (length << 8) | byte
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return tag, data[pos:pos + length], pos + length


def csr_common_name(csr):
    """The subject common name of a PEM certificate request (lower case), or None if unreadable."""
    match = CSR_RE.search(to_str(csr))
    if not match:
        return None
    try:
        der = bytearray(base64.b64decode("".join(match.group(1).split())))
        request = _der(der, 0)[1]
        info = _der(request, 0)[1]
        pos = _der(info, 0)[2]  # skip the version
        subject = _der(info, pos)[1]
        pos = 0
        while pos < len(subject):
            _tag, rdn, pos = _der(subject, pos)
            attr = _der(rdn, 0)[1]
            _tag, oid, vpos = _der(attr, 0)
            if bytes(oid) == b"\x55\x04\x03":  # 2.5.4.3 commonName
                return bytes(_der(attr, vpos)[1]).decode("utf-8").strip().lower()
    except (IndexError, ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    return None
