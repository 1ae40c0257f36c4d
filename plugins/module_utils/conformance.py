# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A read-only conformance check: does the portal answer as this collection expects?

Each read route is sent once (GET only, for the account's own objects: the first service of each
category, the first domain, zone, ticket, invoice, contact and certificate) and its answer goes
through the same reader the modules use. The report names routes by their template
(``GET /domain/@id/reglock``), never by the ids of the account, and shows answers only as keys and
value types: it can be pasted into a bug report.
"""

from ansible_collections.xtom.console.plugins.module_utils import (
    account,
    billing,
    certificates,
    domains,
    notifications,
    orders_catalog,
    services,
    services_reinstall,
    services_upgrade,
    tickets,
)
from ansible_collections.xtom.console.plugins.module_utils.api import (
    XtomAnswerError,
    XtomApiError,
    XtomConfigError,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.common import is_inactive
from ansible_collections.xtom.console.plugins.module_utils.dns_registrar_backend import RegistrarBackend
from ansible_collections.xtom.console.plugins.module_utils.dns_zone_backend import ZoneBackend, list_zones, zone_shape

# Read routes not sent, and why (they are GETs, but reading them has an effect or a secret).
SKIPPED = (
    ("GET /domain/@id/epp", "returns the domain's transfer (EPP) code, a secret; some registries notify the owner"),
    ("GET /domain/@id/sync", "asks the registrar to refresh the domain: an action, not a read"),
    ("GET /ticket/attachment/@file", "downloads a file"),
    ("GET /certificate/@id/crt", "downloads the issued certificate (with include=[crt] in certificate_info)"),
)

# Service routes per service, read for the first service of each category.
SERVICE_READS = (
    ("GET /service/@id", services.get_service),
    ("GET /service/@id/label", services.get_label),
    ("GET /service/@id/ip", services.get_ips),
    ("GET /service/@id/rdns", services.get_rdns),
    ("GET /service/@id/status", services.get_power),
    ("GET /service/@id/methods", services.get_methods),
    ("GET /service/@id/bandwidth", services.get_bandwidth),
    ("GET /service/@id/reinstall", services_reinstall.get_reinstall_options),
    ("GET /service/@id/upgrade", services_upgrade.get_upgrade_options),
)

DOMAIN_READS = (
    ("GET /domain/@id", domains.get_domain),
    ("GET /domain/@id/ns", domains.get_nameservers),
    ("GET /domain/@id/reglock", domains.get_lock),
    ("GET /domain/@id/autorenew", domains.get_autorenew),
    ("GET /domain/@id/contact", domains.get_contacts),
    ("GET /domain/@id/emforwarding", domains.get_email_forwarding),
    ("GET /domain/@id/dnssec", domains.list_dnssec_keys),
    ("GET /domain/@id/dnssec/flags", domains.get_dnssec_flags),
)


class Report(object):
    """The per-route outcome: understood, not understood (with the shape found) or refused (status)."""

    def __init__(self):
        self.routes = []

    def check(self, route, read):
        """Run ``read()`` (which sends the route's GET through a module reader); return its value or None."""
        entry = {"route": route}
        try:
            value = read()
        except XtomAnswerError as exc:
            entry.update(result="not understood", shape=exc.shape, expected=exc.expected)
            value = None
        except XtomApiError as exc:
            if exc.status is not None and 200 <= exc.status < 300:
                # a 2xx that is not JSON (an HTML page) or says it failed: answered, but not understood
                entry.update(result="not understood", shape="a 2xx answer that is not JSON or says it failed",
                             expected="a JSON object")
            else:
                entry.update(result="refused", status=exc.status)
            value = None
        except XtomValidationError:
            # a reader's mapping of a 404 ("not a ... of this account")
            entry.update(result="refused", status=404)
            value = None
        else:
            entry["result"] = "understood"
        self.routes.append(entry)
        return value

    def skip(self, route, reason):
        self.routes.append({"route": route, "result": "skipped", "reason": reason})

    def summary(self):
        out = {"understood": 0, "not understood": 0, "refused": 0, "skipped": 0}
        for entry in self.routes:
            out[entry["result"]] += 1
        return out


def _first(rows, key="id"):
    return next((r for r in rows or () if r.get(key) is not None), None)


def _check_services(report, client):
    rows = report.check("GET /service", lambda: services.list_services(client))
    by_category = {}
    for svc in rows or ():
        kind = svc.get("category_url") or svc.get("category") or svc.get("name") or "-"
        if not is_inactive(svc.get("status")) and kind not in by_category:
            by_category[kind] = svc
    if rows is not None and not by_category:
        for route, _read in SERVICE_READS:
            report.skip(route, "the account has no active service")
    for svc in by_category.values():
        for route, read in SERVICE_READS:
            report.check(route, lambda: read(client, svc["id"]))


def _check_zones(report, client):
    listing = report.check("GET /dns", lambda: list_zones(client))
    zone = _first((listing or {}).get("zones"))
    if zone is None:
        report.skip("GET /service/@service_id/dns/@zone_id", "the account has no DNS zone" if listing else "GET /dns was not understood")
        return
    report.check("GET /service/@service_id/dns/@zone_id", lambda: ZoneBackend(client, dict(zone)).read())


def _check_domains(report, client):
    rows = report.check("GET /domain", lambda: domains.list_domains(client))
    dom = _first(rows)
    if dom is None:
        for route, _read in DOMAIN_READS + (("GET /domain/name/@name", None), ("GET /domain/@id/dns", None),
                                            ("GET /domain/@id/dns/types", None)):
            report.skip(route, "the account has no domain" if rows is not None else "GET /domain was not understood")
        return
    report.check("GET /domain/name/@name", lambda: domains.resolve_domain(client, name=dom["name"]))
    for route, read in DOMAIN_READS:
        report.check(route, lambda: read(client, dom["id"]))
    backend = RegistrarBackend(client, zone_shape(None, dom["name"], None, dom["id"]))
    report.check("GET /domain/@id/dns", backend.read)
    report.check("GET /domain/@id/dns/types",
                 lambda: client.get(client.path("/domain/%s/dns/types", dom["id"]),
                                    parse=backend._parse_types))  # pylint: disable=protected-access


def _check_account(report, client):
    report.check("GET /details", lambda: account.read_details(client))
    report.check("GET /balance", lambda: billing.get_balance(client))
    report.check("GET /payment", lambda: billing.get_payment_methods(client))
    report.check("GET /payment/fees", lambda: billing.get_payment_methods(client, with_fees=True))
    contacts = report.check("GET /contact", lambda: account.list_contacts(client))
    contact = _first(contacts)
    if contact is not None:
        report.check("GET /contact/@id", lambda: account.read_contact(client, contact["id"]))
    else:
        report.skip("GET /contact/@id", "the account has no contact")
    report.check("GET /contact/privileges", lambda: account.get_privilege_catalog(client))
    report.check("GET /notifications", lambda: notifications.list_notifications(client))
    report.check("GET /notifications/new", lambda: notifications.list_notifications(client, new_only=True))
    invoices = report.check("GET /invoice", lambda: billing.list_invoices(client))
    invoice = _first(invoices)
    if invoice is not None:
        report.check("GET /invoice/@id", lambda: billing.get_invoice(client, invoice["id"]))
    else:
        report.skip("GET /invoice/@id", "the account has no invoice")


def _check_tickets(report, client):
    rows = report.check("GET /tickets", lambda: tickets.list_tickets(client))
    ticket = _first(rows, "number")
    if ticket is not None:
        report.check("GET /tickets/@number", lambda: tickets.get_ticket(client, ticket["number"]))
    else:
        report.skip("GET /tickets/@number", "the account has no ticket")
    report.check("GET /ticket/departments", lambda: tickets.list_departments(client))


def _known(value, path):
    """A catalog read that answers None for "the API does not know it" (a 404) is refused here."""
    if value is None:
        raise XtomApiError(404, "GET", path, [])
    return value


def _check_catalog(report, client):
    cat = orders_catalog.Catalog(client)
    categories = report.check("GET /category", cat.categories)
    category = _first(categories)
    products = report.check("GET /category/@category_id/product", lambda: cat.products(category["id"])) \
        if category else None
    product = _first(products)
    if product is not None:
        report.check("GET /order/@product_id", lambda: _known(cat.product_config(product["id"]), "/order/@product_id"))
    else:
        report.skip("GET /order/@product_id", "no product was listed")
    tlds = report.check("GET /domain/order", cat.tlds)
    tld = _first(tlds)
    if tld is not None:
        report.check("GET /domain/order/@id/form", lambda: cat.tld_forms(tld["id"]))
    cert_products = report.check("GET /certificate/order", cat.certificate_products)
    cert_product = _first(cert_products)
    if cert_product is not None:
        report.check("GET /certificate/order/@product_id/software", lambda: cat.certificate_software(cert_product["id"]))
    certs = report.check("GET /certificate", lambda: certificates.list_certificates(client))
    cert = _first(certs)
    if cert is not None:
        report.check("GET /certificate/@id", lambda: certificates.get_certificate(client, cert["id"]))
    else:
        report.skip("GET /certificate/@id", "the account has no certificate")


AREAS = (
    ("account", _check_account),
    ("services", _check_services),
    ("dns", _check_zones),
    ("domains", _check_domains),
    ("tickets", _check_tickets),
    ("catalog", _check_catalog),
)


def run_checks(client, areas=None):
    """Check the read routes of ``areas`` (all by default) with a read-only client; return the report."""
    if not client.read_only:
        raise XtomConfigError("the conformance check needs a read-only client")
    report = Report()
    for name, check in AREAS:
        if areas is None or name in areas:
            check(report, client)
    for route, reason in SKIPPED:
        report.skip(route, reason)
    return report
