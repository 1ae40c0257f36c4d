# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ordering area, planner layer: the identity of what is ordered (what the account already has),
the quote, the one order POST, what an uncertain order did, and waiting for the new services.

Identity rules (what makes ``order`` idempotent):

- product: a service of the same product (name, and category when both are known) with the same
  hostname whose status is not inactive (``common.INACTIVE_STATUSES``);
- domain: a domain of the same name that is not inactive;
- certificate: a certificate of the same product that is not inactive, whose domain is the CSR's
  common name; or, as a portal lists a new certificate with an EMPTY domain until the authority
  has it, one of the same product with an empty domain whose details (``GET /certificate/@id``)
  hold a CSR for the same common name. One with neither domain nor CSR cannot be told apart:
  the order is refused (nothing bought) and the message names it.

Every list these rules read is parsed strictly (``orders_catalog``): an answer that was not
understood stops the run before any order POST, naming the route.
"""

import datetime
import time

from ansible_collections.xtom.console.plugins.module_utils.api import XtomApiError
from ansible_collections.xtom.console.plugins.module_utils.certificates import csr_common_name, live_certificates
from ansible_collections.xtom.console.plugins.module_utils.common import (
    check_text,
    is_inactive,
    option_error,
    XtomValidationError,
)
from ansible_collections.xtom.console.plugins.module_utils.orders_catalog import (
    CYCLES,
    Catalog,
    cycle_code,
    money,
    normalize_order,
    normalize_quote,
    norm_name,
)
from ansible_collections.xtom.console.plugins.module_utils.waiting import WaitTimeoutError, wait_for_service
from ansible_collections.xtom.console.plugins.module_utils.orders_items import (
    check_item_options,
    prepare_certificate,
    prepare_domain,
    prepare_product,
)


class OrderUncertainError(Exception):
    """An order POST got no clear answer; ``result`` says what the account shows afterwards."""

    def __init__(self, msg, result):
        super(OrderUncertainError, self).__init__(msg)
        self.result = result


class WaitError(Exception):
    """The ordered service did not become Active; the order itself was placed. ``progress``: what was seen."""

    def __init__(self, msg, progress=None):
        super(WaitError, self).__init__(msg)
        self.progress = progress


# ---------------------------------------------------------------------- what the account already has
def days_left(domain):
    if domain.get("daytoexpire") is not None:
        return domain["daytoexpire"]
    try:
        expires = datetime.datetime.strptime(domain.get("expires", "")[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
    return (expires - datetime.date.today()).days


def unpaid_renewal(cat, domain):
    """An Unpaid invoice that renews ``domain`` (paying a second renewal would renew it twice)."""
    for row in cat.invoices():
        if row["status"].lower() != "unpaid":
            continue
        detail = cat.invoice(row["id"])
        for item in detail["items"]:
            kind, text = item["type"].lower(), item["description"].lower()
            if ("renew" in kind and item["item_id"] == domain["id"]) or ("renew" in text and domain["name"] in text):
                return {"invoice_id": row["id"], "total": detail["total"] or row["total"]}
    return None


def matching_services(cat, summary, conf, services=None):
    return [r for r in (cat.services() if services is None else services)
            if norm_name(r["domain"]) == summary["hostname"] and not is_inactive(r["status"])
            and r["name"].lower() == conf["name"].lower()
            and (not r["category"] or not conf["category"] or r["category"].lower() == conf["category"].lower())]


def matching_certificates(cat, summary, certs=None):
    """Live certificates of the item's product for its domain, including new ones listed without a domain."""
    certs = cat.certificates() if certs is None else certs
    found = live_certificates(certs, summary["domain"], summary["product"])
    blank = [c for c in certs if not c["domain"] and not is_inactive(c["status"])
             and c["name"].lower() == summary["product"].lower()]
    for row in blank:
        detail = cat.certificate(row["id"])
        if detail["domain"] == summary["domain"] or csr_common_name(detail.get("csr")) == summary["domain"]:
            found.append(row)
        elif not detail["domain"] and csr_common_name(detail.get("csr")) is None:
            raise XtomValidationError(
                "certificate %s (%s, %s) has no domain and no readable CSR yet: it may be an earlier order of %s for "
                "%s, so nothing was ordered. Run again once the portal shows its domain, or cancel it"
                % (row["id"], row["name"], row["status"], summary["product"], summary["domain"]))
    return found


def _existing_product(cat, item):
    s, conf = item["summary"], item["conf"]
    rows = matching_services(cat, s, conf)
    if not rows:
        return
    item["existing"] = {"id": rows[0]["id"], "status": rows[0]["status"], "billingcycle": rows[0]["billingcycle"]}
    if len(rows) > 1:
        item["warning"] = "several services match %s for %s: %s; the first is returned" % (
            conf["name"], s["hostname"], ", ".join(str(r["id"]) for r in rows))
    if s["cycle"] and rows[0]["billingcycle"] and cycle_code(rows[0]["billingcycle"]) != s["cycle"]:
        item["warning"] = ("service %s exists with billing cycle %s, not %s; nothing was ordered or changed"
                           % (rows[0]["id"], rows[0]["billingcycle"], CYCLES.get(s["cycle"], s["cycle"])))


def _existing_domain(cat, item, live):
    s = item["summary"]
    if live:
        item["existing"] = {"id": live[0]["id"], "status": live[0]["status"]}
    elif s["action"] == "register" and not cat.domain_available(s["name"]):
        raise option_error("name", s["name"], "is not available for registration (POST /domain/lookup)")


def _existing_renewal(cat, item, live):
    s = item["summary"]
    if not live:
        raise option_error("name", s["name"], "is not a live domain of this account: it cannot be renewed")
    dom = live[0]
    s["domain_id"], s["expires"] = dom["id"], dom["expires"]
    days, within = days_left(dom), item.get("renew_within_days")
    known = {"id": dom["id"], "status": dom["status"], "expires": dom["expires"]}
    if within is not None and days is None:  # an unknown expiry is not "expires soon": renew nothing
        raise option_error("renew_within_days", within, "the expiry date of %s is not known (GET /domain gave no "
                                                        "readable expires or daytoexpire): nothing was ordered" % s["name"])
    if within is not None and days > within:
        item["existing"] = known
        item["skip_reason"] = "%s expires in %s days (%s), more than renew_within_days=%s" % (
            s["name"], days, dom["expires"], within)
        return
    pending = unpaid_renewal(cat, dom)
    if pending:
        item["existing"] = dict(known, **pending)
        item["skip_reason"] = "a renewal of %s already awaits payment (invoice %s)" % (s["name"], pending["invoice_id"])


def find_existing(cat, item):
    """Fill ``item['existing']`` (the row the account already has, or None); may add ``skip_reason``."""
    s = item["summary"]
    item["existing"] = None
    if item["kind"] == "product":
        _existing_product(cat, item)
    elif item["kind"] in ("domain", "renew"):
        live = [d for d in cat.domains() if d["name"] == s["name"] and not is_inactive(d["status"])]
        (_existing_domain if item["kind"] == "domain" else _existing_renewal)(cat, item, live)
    else:
        rows = matching_certificates(cat, s)
        if rows:
            item["existing"] = {"id": rows[0]["id"], "status": rows[0]["status"]}
    return item


def answer_row(item, rows, used=()):
    """Index of ``item``'s row in an order answer's ``items`` (by product id and name, not by position:
    nothing documents that a cart answer keeps the order of the request), or None."""
    s = item["summary"]
    is_domain = item["kind"] == "domain"
    name = s["name"] if is_domain else (s.get("hostname") or s.get("domain"))
    pid = s["tld_id"] if is_domain else s["product_id"]
    for n, row in enumerate(rows):
        if n in used or norm_name(row["name"]) != name:
            continue
        if row["product_id"] in (None, pid) and ("domain" in row["type"].lower()) == is_domain:
            return n
    return None


def describe(item):
    """What an item orders, for ``changes`` (``what``), warnings and errors."""
    if item is None:
        return "an item"
    s = item["summary"]
    if item["kind"] == "product":
        return "product %r for %s" % (s["product"], s["hostname"])
    if item["kind"] == "certificate":
        return "certificate %r for %s" % (s["product"], s["domain"])
    return "%s of domain %s" % (s["action"], s["name"])


# ---------------------------------------------------------------------- the plan
class OrderPlanner(object):
    """Validate and prepare every item of an order; then quote, place, recover or wait."""

    def __init__(self, client, specs, pay_method=None, cart=False):
        self.client = client
        self.cat = Catalog(client)
        self.specs = specs
        self.cart = cart
        self.pay_method_ref = pay_method
        self.pay_method = None
        self.items = []
        self.recovered = None

    def _where(self, n):
        return "items[%d]." % n if self.cart else ""

    def prepare(self):
        kinds = [check_item_options(spec, self._where(n)) for n, spec in enumerate(self.specs)]
        if self.cart and any((s.get("action") or "register") == "renew" for s, k in zip(self.specs, kinds) if k == "domain"):
            raise option_error("items", "action=renew", "a renewal cannot be part of a cart; renew with the top-level "
                                                        "options")
        for n, (spec, kind) in enumerate(zip(self.specs, kinds)):
            prep = {"product": prepare_product, "domain": prepare_domain, "certificate": prepare_certificate}[kind]
            item = prep(self.cat, spec, self._where(n))
            item["renew_within_days"] = spec.get("renew_within_days")
            self.items.append(item)
        keys = [self.identity(i) for i in self.items]
        dupes = sorted(set(k for k in keys if keys.count(k) > 1))
        if dupes:
            raise option_error("items", "", "the same thing is ordered twice: %s"
                               % ", ".join(" ".join(map(str, d)) for d in dupes))
        if self.pay_method_ref not in (None, ""):
            self.pay_method = self.cat.pay_method(check_text(self.pay_method_ref, "pay_method"))
        for item in self.items:
            find_existing(self.cat, item)
            # Options the order needs, but a service that already exists does not.
            if item["existing"] is None and item.get("missing"):
                raise item["missing"][0]
        return self

    @staticmethod
    def identity(item):
        s = item["summary"]
        if item["kind"] == "product":
            return ("product", s["product_id"], s["hostname"])
        if item["kind"] == "certificate":
            return ("certificate", s["product_id"], s["domain"])
        return ("domain", s["name"])

    @property
    def to_order(self):
        return [i for i in self.items if i["existing"] is None]

    def _pay(self, body):
        if self.pay_method:
            body = dict(body, pay_method=self.pay_method["id"])
        return body

    describe = staticmethod(describe)

    # -------------------------------------------------------------- check mode
    def quote(self):
        """POST /quote (a read-like POST) for the items still to order; renewals are priced from the TLD list.

        The quote carries no currency in the reference: it is read from the quote when the portal
        sends one, else from the account (``GET /balance``), in which orders are invoiced.
        """
        todo = self.to_order
        quotable = [i for i in todo if i["kind"] != "renew"]
        if not quotable:
            price = sum(float(i["summary"]["price"]) for i in todo)
            return {"subtotal": money(price), "discount": "0.00", "credit": "0.00", "tax": [], "total": None,
                    "recurring": [], "items": [], "source": "catalog", "currency": self.cat.currency(),
                    "currency_source": "account"}
        quote = self.client.post("/quote", self._pay({"items": [i["cart"] for i in quotable]}), parse=normalize_quote)
        quote["source"] = "quote"
        quote["currency_source"] = "quote" if quote["currency"] else "account"
        quote["currency"] = quote["currency"] or self.cat.currency()
        bad = ["%s: %s" % (describe(quotable[q["index"]] if 0 <= q["index"] < len(quotable) else None),
                           "; ".join(q["errors"]) or "not valid")
               for q in quote["items"] if not q["valid"]]
        if bad:
            raise XtomValidationError("the portal refuses this order (POST /quote): %s" % " | ".join(bad))
        return quote

    # -------------------------------------------------------------- ordering
    def _send(self, todo):
        if self.cart:
            return self.client.post("/order", self._pay({"items": [i["cart"] for i in todo]}))
        item = todo[0]
        if item["kind"] == "renew":
            path = self.client.path("/domain/%s/renew", item["summary"]["domain_id"])
        elif item["kind"] == "product":
            path = self.client.path("/order/%s", item["summary"]["product_id"])
        else:
            path = item["path"]
        return self.client.post(path, self._pay(item["body"]))

    def place(self):
        """Send the one order POST (never repeated). Returns the normalised order answer, or None."""
        todo = self.to_order
        before = self._snapshot(todo)
        try:
            body = self._send(todo)
        except XtomApiError as exc:
            if not exc.uncertain:
                raise
            self._recover(todo, before, exc)
            return None
        order = normalize_order(body)
        try:
            self._match_answer(todo, order["items"])
            missing = [i for i in todo if i["new_id"] is None]
            if missing:
                self._find_new(missing, before)
        except (XtomApiError, XtomValidationError) as exc:
            # The order WAS placed: never report this as "nothing applied" (changed=false).
            view = dict((k, v) for k, v in order.items() if k != "items")
            view["lines"] = order["items"]
            raise OrderUncertainError(
                "the order was placed (order %s, invoice %s), but looking up the new %s afterwards failed (%s). "
                "Check the account before running again; a later run finds it and orders nothing again"
                % (order["order_num"] or "?", order["invoice_id"] or "?",
                   ", ".join(describe(i) for i in todo if i.get("new_id") is None), exc), {"order": view})
        return order

    def _match_answer(self, todo, rows):
        used = set()
        for item in todo:
            if item["kind"] == "renew":
                item["new_id"] = item["summary"]["domain_id"]
                continue
            n = answer_row(item, rows, used)
            if n is not None:
                used.add(n)
            item["new_id"] = rows[n]["id"] if n is not None else None
        # Rows the portal named differently: paired in order when exactly one row is left per item.
        lost = [i for i in todo if i["kind"] != "renew" and i["new_id"] is None]
        left = [n for n in range(len(rows)) if n not in used]
        if lost and len(lost) == len(left):
            for item, n in zip(lost, left):
                item["new_id"] = rows[n]["id"]
                if item["kind"] == "product" and rows[n]["name"]:
                    host = item["summary"]["hostname"]
                    item["warning"] = ("the portal registered %s as %r, not %r: a run with hostname=%s would not find "
                                       "service %s and would order again" % (describe(item), rows[n]["name"], host,
                                                                             host, rows[n]["id"]))

    def _snapshot(self, todo):
        """Ids the account had before the order, per kind (to tell new rows from old ones)."""
        kinds = set(i["kind"] for i in todo)
        return {
            "product": set(r["id"] for r in self.cat.services()) if "product" in kinds else set(),
            "domain": set(r["id"] for r in self.cat.domains()) if "domain" in kinds else set(),
            "certificate": set(r["id"] for r in self.cat.certificates()) if "certificate" in kinds else set(),
        }

    def _new_rows(self, item, before, fresh):
        s = item["summary"]
        if item["kind"] == "product":
            return [r for r in matching_services(self.cat, s, item["conf"], fresh["product"])
                    if r["id"] not in before["product"]]
        if item["kind"] == "domain":
            return [r for r in fresh["domain"] if r["id"] not in before["domain"] and r["name"] == s["name"]]
        if item["kind"] == "certificate":
            return [r for r in matching_certificates(self.cat, s, fresh["certificate"])
                    if r["id"] not in before["certificate"]]
        pending = unpaid_renewal(self.cat, {"id": s["domain_id"], "name": s["name"]})
        return [{"id": s["domain_id"], "status": "renewal invoice %s" % pending["invoice_id"]}] if pending else []

    def _find_new(self, todo, before):
        """Look for each item's new row (same identity, id not seen before). Sets ``new_id``."""
        kinds = set(i["kind"] for i in todo)
        fresh = {
            "product": self.cat.services(fresh=True) if "product" in kinds else [],
            "domain": self.cat.domains(fresh=True) if "domain" in kinds else [],
            "certificate": self.cat.certificates(fresh=True) if "certificate" in kinds else [],
        }
        if "renew" in kinds:
            self.cat._cache.pop("invoices", None)
        for item in todo:
            rows = self._new_rows(item, before, fresh)
            item["new_id"] = rows[0]["id"] if rows else None
            item["new_status"] = rows[0].get("status") if rows else None

    def _recover(self, todo, before, exc):
        try:
            self._find_new(todo, before)
        except (XtomApiError, XtomValidationError) as exc2:
            raise OrderUncertainError(
                "%s. Looking for the new order afterwards failed too (%s): check the account before running again."
                % (exc, exc2), {})
        found = [i for i in todo if i.get("new_id") is not None]
        lost = [i for i in todo if i.get("new_id") is None]
        head = "the order request %s %s got no clear answer (%s) and was not sent again" % (
            exc.method, exc.path, "HTTP %s" % exc.status if exc.status else "; ".join(exc.messages) or "no response")
        if not lost:
            self.recovered = "%s; the account shows it was placed: %s" % (head, ", ".join(
                "%s → id %s (%s)" % (describe(i), i["new_id"], i.get("new_status") or "?") for i in found))
            return
        msg = "%s. Nothing was found for %s: the order was probably not placed, but a slow portal may still " \
              "create it; check the account (for example with xtom.console.service_info) before running again" % (
                  head, ", ".join(describe(i) for i in lost))
        if found:
            msg += ". Found: %s" % ", ".join("%s → id %s" % (describe(i), i["new_id"]) for i in found)
        raise OrderUncertainError(msg, {"found": [dict(i["summary"], id=i["new_id"]) for i in found]})

    # -------------------------------------------------------------- waiting
    def products_to_wait_for(self):
        """(item, service id) of every ordered or existing product service."""
        out = []
        for item in self.items:
            sid = item.get("new_id") or (item["existing"] or {}).get("id")
            if item["kind"] == "product" and sid is not None:
                out.append((item, sid))
        return out

    def wait_active(self, timeout, interval=5, sleep=time.sleep, clock=time.monotonic):
        """Wait until every ordered or existing product service is Active (``waiting.wait_for_service``:
        one GET /service/@id every ``interval`` seconds; only ``Active`` ends it, an inactive or suspended
        status fails it at once). The time of ``timeout`` is shared by all the services."""
        deadline = clock() + timeout
        for item, sid in self.products_to_wait_for():
            try:
                got = wait_for_service(self.client, sid, status="Active", wait_timeout=max(0, deadline - clock()),
                                       wait_interval=interval, sleep=sleep, clock=clock)
            except WaitTimeoutError as exc:  # also WaitFailedError (Cancelled, Suspended...)
                raise WaitError("%s: %s; it was ordered: run again to keep waiting, nothing will be ordered twice"
                                % (describe(item), exc), exc.progress)
            except XtomApiError as exc:
                # After the order: the failure must say it was placed, or a re-run looks like the fix.
                raise WaitError("service %s (%s): reading its status failed (%s); it was ordered: run again to keep "
                                "waiting, nothing will be ordered twice" % (sid, describe(item), exc))
            item["status"] = got["status"]

    # -------------------------------------------------------------- result
    def results(self):
        out = []
        for item in self.items:
            row = dict(item["summary"])
            existing = item["existing"]
            if existing is not None:
                row.update({"id": existing["id"], "status": item.get("status") or existing["status"],
                            "existing": True})
                if existing.get("invoice_id"):
                    row["invoice_id"] = existing["invoice_id"]
            else:
                row.update({"id": item.get("new_id"), "status": item.get("status") or item.get("new_status") or
                            ("Pending" if item.get("new_id") else ""), "existing": False})
            if item["kind"] == "renew":
                row["type"] = "domain_renewal"
            out.append(row)
        return out

    def warnings(self):
        out = [i["warning"] for i in self.items if i.get("warning")]
        out += ["nothing ordered for %s: %s" % (describe(i), i["skip_reason"]) for i in self.items if i.get("skip_reason")]
        if self.recovered:
            out.append(self.recovered)
        return out
