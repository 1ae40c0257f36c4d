# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SSL certificates area: normalise certificate rows, read the issued certificate, read a CSR."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    as_list,
    first_key,
    to_int,
    to_str,
    XtomValidationError,
)

# Statuses of a certificate order that no longer counts as the account's certificate.
INACTIVE_STATUSES = ("cancelled", "terminated", "fraud", "expired")
CSR_RE = re.compile(r"-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----(.+?)-----END (?:NEW )?CERTIFICATE REQUEST-----", re.S)
CRT_RE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def normalize_certificate(row):
    """A stable dict from a GET /certificate row or a GET /certificate/@id ``service`` object."""
    row = row or {}
    out = {
        "id": to_int(row.get("id")),
        "domain": to_str(row.get("domain")).lower().rstrip("."),
        "name": to_str(first_key(row, "name", "product", default="")),
        "status": to_str(row.get("status")),
        "billingcycle": to_str(row.get("billingcycle")),
        "total": to_str(row.get("total")),
        "next_due": to_str(row.get("next_due")),
        "cert_email": to_str(row.get("cert_email")),
        "cert_status": to_str(row.get("cert_status")),
        "cert_expires": to_str(row.get("cert_expires")),
    }
    for key in ("category", "date_created", "firstpayment", "next_invoice", "label", "csr"):
        if key in row:
            out[key] = to_str(row.get(key))
    if "software" in row:
        out["software"] = to_int(row.get("software"))
    for key in ("contacts", "organization"):
        if isinstance(row.get(key), dict):
            out[key] = row[key]
    return out


def list_certificates(client):
    body = client.get("/certificate")
    rows = first_key(body, "sslservices", "certificates", "services", default=[])
    return [normalize_certificate(r) for r in as_list(rows) if isinstance(r, dict)]


def get_certificate(client, cert_id):
    body = client.get(client.path("/certificate/%s", cert_id))
    cert = normalize_certificate(first_key(body, "service", "certificate", default=body))
    if cert["id"] is None:
        cert["id"] = to_int(cert_id)
    return cert


def get_crt(client, cert_id):
    """The issued certificate as PEM text (GET /certificate/@id/crt), or "" when the answer has none.

    The reference shows no answer: a bare PEM string, ``{"crt": ...}`` and similar keys, or a
    PEM anywhere in the answer are all accepted.
    """
    body = client.get(client.path("/certificate/%s/crt", cert_id))
    if isinstance(body, dict):
        value = first_key(body, "crt", "certificate", "cert", "data", "x509", default=None)
        if isinstance(value, dict):
            value = first_key(value, "crt", "certificate", "cert", default="")
        if value is None:
            value = "\n".join(str(v) for v in body.values() if isinstance(v, str) and CRT_RE.search(v))
        body = value
    text = to_str(body).replace("\r\n", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    return text if text.strip() else ""


def live_certificates(certs, domain, product_name=None):
    """Certificates of ``domain`` (and product) that are not cancelled, terminated or expired."""
    domain = to_str(domain).lower().rstrip(".")
    return [
        c for c in certs
        if c["domain"] == domain
        and c["status"].lower() not in INACTIVE_STATUSES
        and (product_name is None or c["name"].lower() == to_str(product_name).lower())
    ]


def resolve_certificate(client, cert_id=None, domain=None, certs=None):
    """One certificate by id, or by domain among the live ones (error if none or several)."""
    if cert_id is not None:
        return get_certificate(client, cert_id)
    if certs is None:
        certs = list_certificates(client)
    found = live_certificates(certs, domain) or [c for c in certs if c["domain"] == to_str(domain).lower().rstrip(".")]
    if len(found) == 1:
        return get_certificate(client, found[0]["id"])
    if not found:
        raise XtomValidationError(
            "domain=%r matches no certificate of this account (certificates: %s)"
            % (domain, ", ".join("%s (id %s)" % (c["domain"], c["id"]) for c in certs) or "none")
        )
    raise XtomValidationError(
        "domain=%r is ambiguous: %s. Use id to pick one."
        % (domain, "; ".join("id %s (%s, %s)" % (c["id"], c["name"], c["status"]) for c in found))
    )


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
