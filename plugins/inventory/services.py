# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: services
short_description: Every service of an xTom account as an inventory host
version_added: 0.1.0
author:
  - xtom.console contributors (@xtom)
description:
  - Reads the services of an xTom (HostBill) client account and adds each one as a host.
  - Uses a YAML configuration file whose name ends with C(xtom.yml) or C(xtom.yaml).
  - One request lists the services (C(GET /service)). Each service kept by O(status), O(category) and
    O(product) then costs one request per entry of O(include), C(GET /service/@id) for V(details) and
    C(GET /service/@id/ip) for V(ips), sent in parallel by O(max_workers) threads. By default only the
    reads the configuration needs are made (see O(include)).
  - Host variables (names start with O(hostvars_prefix)) are V(id) (an integer), V(domain), V(status),
    V(product), V(category), V(category_url), V(billingcycle), V(total) and V(next_due) (from the list);
    V(label), V(firstpayment), V(next_invoice) and V(date_created) (when V(details) is read); V(ipv4) and
    V(ipv6) (lists, main address first, when V(ips) is read). Variables of a read that was not made are
    not set.
  - By default only services with at least one IP address (servers you can connect to) are hosts;
    O(keep_without_ip) keeps the others.
    The service's control-panel password, which C(GET /service/@id) returns, is dropped; it never
    reaches the inventory or the cache.
  - All values from the API are marked unsafe, so a label such as C({{ 6 * 7 }}) is never templated.
  - An answer of C(GET /service) whose shape the plugin does not recognise is an error naming the route
    (never an empty inventory). A service whose details or addresses cannot be read or understood is left
    out with a warning naming the route (an error with O(strict)); the cache is then not updated, so the
    next run reads everything again.
  - A value of O(status), O(category) or O(product) that matches nothing (a typo such as V(vsp)) is
    reported with the known values, close matches first. It is a warning, or an error with O(strict).
notes:
  - O(api_url), O(api_token), O(api_username) and O(api_password) can be templates,
    for example a vaulted variable given with C(--extra-vars) or a lookup.
  - With O(auth_mode=jwt) the plugin logs in once per run and logs out (C(POST /logout)) at the end of
    the run; a token given in O(api_token) is never logged out.
  - With O(cache) enabled, a cache hit makes no request at all. The cache holds the service data only,
    never a credential. It is used only when O(api_url), the account (O(api_username) or O(api_token)),
    the O(status), O(category) and O(product) filters and the reads (O(include)) are the same as when it
    was written. Use C(ansible-inventory --flush-cache) to read the account again.
extends_documentation_fragment:
  - xtom.console.api
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: Marks this file as a source for this plugin.
    type: str
    required: true
    choices: [xtom.console.services]
  api_url:
    env:
      - name: XTOM_API_URL
  api_token:
    env:
      - name: XTOM_API_TOKEN
  api_username:
    env:
      - name: XTOM_API_USERNAME
  api_password:
    env:
      - name: XTOM_API_PASSWORD
  retries:
    env:
      - name: XTOM_API_RETRIES
  retry_timeout:
    env:
      - name: XTOM_API_RETRY_TIMEOUT
  max_workers:
    description:
      - How many per-service requests run at the same time.
      - The default reads 1,000 services in seconds without tripping a portal's rate limit;
        answers HTTP 429 are retried after the time the server asks for (see O(retries) and O(retry_timeout)).
    type: int
    default: 16
  include:
    description:
      - The per-service reads to make, one request per service kept by the filters and per entry.
      - V(details) reads C(GET /service/@id) for the host variables C(label), C(firstpayment),
        C(next_invoice) and C(date_created).
      - V(ips) reads C(GET /service/@id/ip) for C(ipv4) and C(ipv6).
      - When not set, the plugin makes the reads its configuration needs. V(ips) for
        O(connect_with=ipv4) or O(connect_with=ipv6) (the default), for V(ipv4) or V(ipv6) in O(hostnames),
        and for O(keep_without_ip=false) (the default). V(details) for O(connect_with=label) and for V(label)
        in O(hostnames). Either one when O(hostname), O(compose), O(groups), O(keyed_groups) or O(filters)
        names one of its variables (for example C(xtom_label) or C(xtom_ipv4)); both when they use C(vars)
        or C(hostvars).
      - Set it to read more than the configuration needs, for example when your plays use C(xtom_label).
        A list that leaves out a read the configuration needs is an error (before any request).
      - "Cost of a run, for N services kept by O(status), O(category) and O(product): V([]) 1 request
        for the whole account; V([ips]) or V([details]) N + 1; V([details, ips]) 2N + 1. For 1,000 services
        at 50 ms per request and the default O(max_workers): about 0.25 s, 3.7 s and 7.3 s."
    type: list
    elements: str
    choices: [details, ips]
  keep_without_ip:
    description:
      - Also make hosts of the services that have no IP address (DNS hosting, shared hosting, licences;
        services you do not connect to). By default only services with at least one address are hosts.
      - Knowing the addresses needs the V(ips) read; with V(true) and nothing else that needs it, the
        addresses are not read (see O(include)).
      - A service whose C(GET /service/@id/ip) the portal refuses with HTTP 400 (it is not a server) has no
        address. That is not a failure, not even with O(strict).
    type: bool
    default: false
  status:
    description:
      - Only services whose status is one of these (case-insensitive), for example V(Active),
        V(Suspended), V(Pending), V(Cancelled), V(Terminated).
      - An empty list keeps services of every status.
    type: list
    elements: str
    default: [Active]
  category:
    description:
      - Only services in one of these product categories, by name (V(Virtual Servers)) or URL slug
        (V(vps)), case-insensitive. An empty list keeps every category.
    type: list
    elements: str
    default: []
    aliases: [categories]
  product:
    description:
      - Only services of one of these products, by name (V(KVM VPS Starter)), case-insensitive.
        An empty list keeps every product.
    type: list
    elements: str
    default: []
    aliases: [products]
  filters:
    description:
      - Conditions over the host variables (and C(inventory_hostname)) that include or exclude hosts.
      - Each entry has one key, V(include) or V(exclude), whose value is a Jinja2 condition or a boolean.
        The first condition that is true decides; a host that matches none is included.
      - These run after the services are read; O(status), O(category) and O(product) run before
        and also save the requests for the services they leave out.
    type: list
    elements: dict
    default: []
  hostname:
    description:
      - A template for the host name, over the host variables, for example
        V({{ xtom_label }}.{{ xtom_category_url }}).
      - When it is not set or renders empty, O(hostnames) decides.
    type: str
  hostnames:
    description:
      - Host name preferences; the first one a service has is used.
      - V(label) is the custom label, V(domain) the hostname given at order time, V(id) gives
        C(service-<id>), V(ipv4) and V(ipv6) the main address.
      - When two services get the same name, a warning is shown and the later one (in API order)
        gets C(-<id>) appended.
    type: list
    elements: str
    choices: [label, domain, id, ipv4, ipv6]
    default: [label, domain, id]
  connect_with:
    description:
      - What C(ansible_host) is set to.
      - V(ipv4) and V(ipv6) use the main address of that family and fall back to the other family.
        A service without an address gets no C(ansible_host) (it is not a server; see O(keep_without_ip)).
      - V(domain) falls back to IPv4, then IPv6 (when the addresses are read). V(label) falls back to the
        domain, then to the addresses.
    type: str
    choices: [ipv4, ipv6, domain, label]
    default: ipv4
  hostvars_prefix:
    description: The prefix of the host variables that come from the API.
    type: str
    default: xtom_
  group:
    description: The group every host is added to.
    type: str
    default: xtom
  strict:
    description:
      - Make problems fatal instead of warnings. A service whose details or addresses could not be read or
        were not understood (left out with a warning by default); a value of O(status), O(category) or
        O(product) that matches nothing (a warning by default); an entry of O(compose), O(groups) or
        O(keyed_groups) that fails (skipped by default).
      - Refused credentials are always fatal. A refused address read (HTTP 400, not a server) is never a failure.
    type: bool
    default: false
"""

EXAMPLES = r"""
# xtom.yml: every active service that has an IP address, named by label; credentials from
# XTOM_API_URL, XTOM_API_USERNAME, XTOM_API_PASSWORD. Costs 2 requests per service plus one.
plugin: xtom.console.services

---
# Credentials as templates: the password from a vaulted variable given with
# ansible-inventory -i portal.xtom.yml -e @vault.yml --ask-vault-pass --graph
# (jwt: one login for the run, logged out at its end).
plugin: xtom.console.services
api_username: "{{ lookup('ansible.builtin.env', 'XTOM_API_USERNAME') }}"
api_password: "{{ vault_xtom_password }}"
auth_mode: jwt
retries: 6
retry_timeout: 120

---
# Virtual servers only, named by label, grouped by product and billing cycle.
plugin: xtom.console.services
category: [vps]
hostnames: [label, domain]
connect_with: ipv4
keyed_groups:
  - key: xtom_product
    prefix: product
  - key: xtom_billingcycle | lower
    prefix: billed
groups:
  dual_stack: xtom_ipv4 | length > 0 and xtom_ipv6 | length > 0
compose:
  ansible_user: "'root'"

---
# Every status except cancelled ones, servers reached over IPv6, a hostname template,
# and conditions over the host variables.
plugin: xtom.console.services
status: [Active, Suspended, Pending]
connect_with: ipv6
hostname: "{{ xtom_domain | default('') | regex_replace('\\.example\\.com$', '') }}"
filters:
  - exclude: xtom_label is match('old')
  - include: xtom_product is search('VPS|Dedicated')
  - exclude: true
strict: false

---
# Lighter: addresses only (no labels), N + 1 requests. Hosts named by their hostname.
plugin: xtom.console.services
hostnames: [domain, id]

---
# Lightest: one request for the whole account, every service (servers or not),
# named by and reached at its hostname; no label and no address variables.
plugin: xtom.console.services
include: []
keep_without_ip: true
hostnames: [domain, id]
connect_with: domain
keyed_groups:
  - key: xtom_category_url
    prefix: category

---
# Large account: more parallel requests, and a cache kept on disk for an hour.
plugin: xtom.console.services
max_workers: 32
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/xtom-inventory
cache_timeout: 3600
"""

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var
from ansible.utils.vars import combine_vars

from ansible_collections.xtom.console.plugins.module_utils.api import (
    XtomAnswerError,
    XtomApiError,
    XtomAuthError,
    XtomClient,
    XtomConfigError,
)
from ansible_collections.xtom.console.plugins.module_utils.common import close_matches, option_error, to_str
from ansible_collections.xtom.console.plugins.module_utils.services import (
    SERVICE_STATUSES,
    get_ips,
    get_service,
    list_services,
)

try:
    # ansible-core 2.19+ never trusts variables set by an inventory plugin as templates.
    from ansible.template import trust_as_template  # noqa: F401 pylint: disable=unused-import

    def make_unsafe(value):
        return value

except ImportError:  # ansible-core 2.17, 2.18
    make_unsafe = wrap_var

display = Display()

# Host variables, in this order (each prefixed with hostvars_prefix).
HOSTVAR_KEYS = (
    "id", "label", "domain", "status", "product", "category", "category_url", "billingcycle", "total",
    "firstpayment", "next_due", "next_invoice", "date_created", "ipv4", "ipv6",
)
# The per-service reads (option include), the route each one costs and the host variables it gives.
READS = ("details", "ips")
READ_ROUTES = {"details": "/service/%s", "ips": "/service/%s/ip"}
READ_KEYS = {
    "details": ("label", "firstpayment", "next_invoice", "date_created"),  # only GET /service/@id has them
    "ips": ("ipv4", "ipv6"),
}
NOT_LISTED = READ_KEYS["details"] + READ_KEYS["ips"]
# connect_with / hostnames choices that need a read (fallbacks use only what was read).
CHOICE_READS = {"ipv4": "ips", "ipv6": "ips", "label": "details"}
CONNECT_ORDER = {
    "ipv4": ("ipv4", "ipv6"),
    "ipv6": ("ipv6", "ipv4"),
    "domain": ("domain", "ipv4", "ipv6"),
    "label": ("label", "domain", "ipv4", "ipv6"),
}
# A template that reaches variables by name at run time may use any of them.
DYNAMIC_RE = re.compile(r"(?<![\w])(vars|hostvars)(?![\w])")
ROW_FILTERS = ("status", "category", "product")
TEMPLATED_OPTIONS = ("api_url", "api_token", "api_username", "api_password")
CACHE_FORMAT = 2
MAX_WARNINGS = 10


def service_record(row, detail=None, ips=None):
    """The cached form of a service: plain values, no credential (the API's password is dropped).

    The variables of a read that was not made (``detail`` or ``ips`` None) are left out, not empty.
    """
    rec = dict((key, row.get(key, "")) for key in HOSTVAR_KEYS if key not in NOT_LISTED)
    rec["product"] = row.get("name", "")
    if detail is not None:
        for key in READ_KEYS["details"]:
            rec[key] = detail.get(key) if detail.get(key) is not None else ""
        for key, value in detail.items():
            if key in rec and value not in ("", None):
                rec[key] = value
        if detail.get("name"):
            rec["product"] = detail["name"]
    if ips is not None:
        rec["ipv4"] = list(ips.get("ipv4") or [])
        rec["ipv6"] = list(ips.get("ipv6") or [])
    return rec


def _read(client, read, service_id, func):
    """One per-service read; an answer that was not understood names its route."""
    try:
        return func(client, service_id)
    except XtomAnswerError as exc:
        if not exc.method:
            exc.method, exc.path = "GET", client.path(READ_ROUTES[read], service_id)
        raise


def read_service(client, row, reads=READS):
    """The reads of ``reads`` for one listed service (one GET each).

    ``GET /service/@id/ip`` refused with HTTP 400 (a service that is not a server) means no address.
    """
    detail = ips = None
    if "details" in reads:
        detail = _read(client, "details", row["id"], get_service)
    if "ips" in reads:
        try:
            ips = _read(client, "ips", row["id"], get_ips)
        except XtomApiError as exc:
            if exc.status != 400 or isinstance(exc, (XtomAnswerError, XtomAuthError)):
                raise
            ips = {"ipv4": [], "ipv6": []}
    return service_record(row, detail, ips)


def _main_value(rec, key):
    """The value of ``key``; for an address list the first single address (not a subnet)."""
    value = rec.get(key)
    if isinstance(value, list):
        value = next((v for v in value if "/" not in to_str(v)), "")
    return to_str(value).strip()


def _distinct(values):
    seen, out = set(), []
    for value in values:
        text = to_str(value).strip()
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "xtom.console.services"

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        if not path.endswith(("xtom.yml", "xtom.yaml")):
            display.vvv("xtom.console.services: skipping %s: the file name must end with xtom.yml or xtom.yaml" % path)
            return False
        return True

    # ------------------------------------------------------------------ options
    def _option(self, name):
        """An option's value; strings of TEMPLATED_OPTIONS are rendered (extra vars available)."""
        value = self.get_option(name)
        if name in TEMPLATED_OPTIONS and value is not None:
            self.templar.available_variables = self._vars
            value = self.templar.template(value)
            value = to_native(value) if value is not None else None
        return value

    def _connection(self):
        conn = dict((name, self._option(name)) for name in TEMPLATED_OPTIONS)
        conn["auth_mode"] = self.get_option("auth_mode")
        return conn

    def _row_filters(self):
        """O(status), O(category), O(product), lower case: they run before any per-service request."""
        return dict((name, sorted(to_str(v).strip().lower() for v in self.get_option(name) or []))
                    for name in ROW_FILTERS)

    def _templates(self):
        """(where, text) of every template of the configuration, to see which variables it uses."""
        if self.get_option("hostname"):
            yield "hostname", to_text(self.get_option("hostname"))
        for option in ("compose", "groups"):
            for name, expr in (self.get_option(option) or {}).items():
                yield "%s.%s" % (option, name), to_text(expr)
        for index, entry in enumerate(self.get_option("keyed_groups") or []):
            if isinstance(entry, dict):
                for field in ("key", "parent_group"):
                    if entry.get(field):
                        yield "keyed_groups[%d].%s" % (index, field), to_text(entry[field])
        for index, entry in enumerate(self.get_option("filters") or []):
            if isinstance(entry, dict):
                for kind, expr in entry.items():
                    if isinstance(expr, str):
                        yield "filters[%d].%s" % (index, kind), to_text(expr)

    def _needs(self):
        """{read: [what in the configuration needs it]}."""
        prefix = self.get_option("hostvars_prefix") or ""
        needs = dict((read, []) for read in READS)
        connect = self.get_option("connect_with")
        if connect in CHOICE_READS:
            needs[CHOICE_READS[connect]].append("connect_with=%s" % connect)
        for choice in self.get_option("hostnames") or []:
            if choice == "id":  # always has a value: later choices are never used
                break
            if choice in CHOICE_READS:
                needs[CHOICE_READS[choice]].append("hostnames: %s" % choice)
        if not self.get_option("keep_without_ip"):
            needs["ips"].append("keep_without_ip=false")
        for where, text in self._templates():
            dynamic = DYNAMIC_RE.search(text)
            for read, keys in READ_KEYS.items():
                if dynamic or any(re.search(r"(?<![\w])%s(?![\w])" % re.escape(prefix + key), text) for key in keys):
                    needs[read].append(where)
        return needs

    def _reads(self):
        """The per-service reads to make: O(include), or what the configuration needs when it is not set."""
        needs = self._needs()
        include = self.get_option("include")
        if include is None:
            return tuple(read for read in READS if needs[read])
        for read in include:
            if read not in READS:
                raise AnsibleParserError("xtom.console.services: %s" % option_error(
                    "include", read, "is not a per-service read", valid=READS))
        missing = [read for read in READS if needs[read] and read not in include]
        if missing:
            raise AnsibleParserError("xtom.console.services: %s; add %s to include or change those options" % (
                option_error("include", list(include), "leaves out %s" % "; ".join(
                    "%s, which %s need%s" % (read, " and ".join(needs[read]), "" if len(needs[read]) > 1 else "s")
                    for read in missing)),
                " and ".join(missing)))
        return tuple(read for read in READS if read in include)

    def _cache_query(self, conn, reads=None):
        """What the cached data depends on. No credential: the user name (or token) is hashed, so that
        another account (another token too) on the same API URL never reads this cache."""
        account = conn["api_username"] if not conn["api_token"] else "token:" + to_str(conn["api_token"])
        query = self._row_filters()
        query.update(format=CACHE_FORMAT, api_url=to_str(conn["api_url"]).rstrip("/"),
                     account=hashlib.sha256(to_bytes(account or "")).hexdigest()[:16],
                     reads=list(self._reads() if reads is None else reads))
        return query

    # ------------------------------------------------------------------ reading
    @staticmethod
    def _wanted(row, filters):
        status, categories, products = filters["status"], filters["category"], filters["product"]
        if status and row["status"].lower() not in status:
            return False
        if categories and row["category"].lower() not in categories and row["category_url"].lower() not in categories:
            return False
        if products and row["name"].lower() not in products:
            return False
        return True

    def _filter_problems(self, rows):
        """Values of O(status), O(category), O(product) that can match nothing, as messages (close matches first)."""
        # HostBill's service statuses are never a typo, even when no service has one of them.
        known = {
            "status": list(SERVICE_STATUSES) + [row["status"] for row in rows],
            "category": [row["category"] for row in rows] + [row["category_url"] for row in rows],
            "product": [row["name"] for row in rows],
        }
        problems = []
        for option in ROW_FILTERS:
            values = _distinct(known[option])
            by_lower = dict((value.lower(), value) for value in values)
            for value in self.get_option(option) or []:
                text = to_str(value).strip()
                if text.lower() in by_lower:
                    continue
                close = [by_lower[v] for v in close_matches(text.lower(), list(by_lower))]
                valid = close + [v for v in values if v not in close]
                problem = "is not a service status" if option == "status" else "matches no service of this account"
                problems.append(to_native(option_error(option, value, problem, valid=valid or "none (no service)")))
        return problems

    def _make_client(self, conn):
        workers = self.get_option("max_workers")
        if workers is None or workers < 1:
            raise AnsibleParserError("xtom.console.services: max_workers must be 1 or more, got %s" % workers)
        timeout = self.get_option("timeout")
        if timeout is None or timeout <= 0:
            raise AnsibleParserError("xtom.console.services: timeout must be a positive number of seconds, got %s" % timeout)
        try:
            return XtomClient(
                api_url=conn["api_url"],
                api_token=conn["api_token"] or None,
                username=conn["api_username"] or None,
                password=conn["api_password"] or None,
                auth_mode=conn["auth_mode"],
                validate_certs=self.get_option("validate_certs"),
                timeout=timeout,
                retries=self.get_option("retries"),
                retry_timeout=self.get_option("retry_timeout"),
                pool_size=workers,
            )
        except (XtomConfigError, ValueError, TypeError) as exc:
            raise AnsibleParserError("xtom.console.services: %s" % to_native(exc))

    def _fetch(self, conn, reads=None):
        """Read the services; returns (records, complete). Errors become AnsibleParserError.

        In ``jwt`` mode the token this run logged in with is logged out at the end (never a token
        given in api_token).
        """
        reads = self._reads() if reads is None else reads
        client = self._make_client(conn)
        self.client = client
        try:
            return self._read_all(client, reads)
        finally:
            self._logout(client)

    def _list(self, client):
        """GET /service, understood or refused (never an empty inventory for an answer not understood)."""
        try:
            rows = list_services(client)
        except XtomAnswerError as exc:
            if not exc.method:
                exc.method, exc.path = "GET", "/service"
            raise AnsibleParserError("xtom.console.services: %s" % client.scrub(to_native(exc)))
        except XtomApiError as exc:
            raise AnsibleParserError("xtom.console.services: %s" % client.scrub(to_native(exc)))
        if not isinstance(rows, list) or any(not isinstance(row, dict) or not isinstance(row.get("id"), int) for row in rows):
            raise AnsibleParserError("xtom.console.services: GET /service: unexpected answer: a service without an id; "
                                     "nothing was read. Please report this shape")
        return rows

    def _read_all(self, client, reads):
        listed = self._list(client)
        self._filter_warnings = self._filter_problems(listed)
        self._warn_filters()
        filters = self._row_filters()
        rows = [row for row in listed if self._wanted(row, filters)]
        display.vvv("xtom.console.services: GET /service listed %d services, %d kept by status, category and product; "
                    "per-service reads: %s (%d requests)"
                    % (len(listed), len(rows), ", ".join(reads) or "none", len(rows) * len(reads)))
        if not reads or not rows:
            return [service_record(row) for row in rows], True
        records, failures = [], []
        pool = ThreadPoolExecutor(max_workers=max(1, min(self.get_option("max_workers"), len(rows))))
        try:
            futures = [(row, pool.submit(read_service, client, row, reads)) for row in rows]
            for row, future in futures:
                try:
                    records.append(future.result())
                except XtomAuthError as exc:
                    failures.append((row, exc, True))
                except XtomApiError as exc:
                    failures.append((row, exc, False))
        finally:
            # On Ctrl-C (or any error) do not wait for the queued services.
            pool.shutdown(wait=False, cancel_futures=True)
        self._report(client, failures)
        return records, not failures

    def _warn_filters(self):
        """Report the filter values that match nothing: warnings, or one error with O(strict)."""
        if self._filter_warnings and self.get_option("strict"):
            raise AnsibleParserError("xtom.console.services: %s" % "; ".join(self._filter_warnings))
        for text in self._filter_warnings:
            display.warning("xtom.console.services: %s" % text)

    @staticmethod
    def _logout(client):
        if client is not None and client.logged_in:
            try:
                client.logout()
            except XtomApiError as exc:
                display.warning("xtom.console.services: logging out failed: %s" % client.scrub(to_native(exc)))

    def _report(self, client, failures):
        if not failures:
            return
        texts = ["service %s (%s): %s" % (row["id"], row["domain"] or "no domain", client.scrub(to_native(exc)))
                 for row, exc, _auth in failures]
        if self.get_option("strict") or any(auth for _row, _exc, auth in failures):
            more = " (and %d more)" % (len(texts) - 1) if len(texts) > 1 else ""
            raise AnsibleParserError("xtom.console.services: could not read %s%s" % (texts[0], more))
        for text in texts[:MAX_WARNINGS]:
            display.warning("xtom.console.services: left out %s" % text)
        if len(texts) > MAX_WARNINGS:
            display.warning("xtom.console.services: left out %d more services that could not be read" % (len(texts) - MAX_WARNINGS))

    def _services(self, path, cache, conn):
        """Records from the cache when it is usable, else from the API (then cached when complete)."""
        reads = self._reads()
        use_cache = self.get_option("cache")
        key = self.get_cache_key(path) if use_cache else None
        query = self._cache_query(conn, reads) if use_cache else None
        if use_cache and cache:
            try:
                cached = self._cache[key]
            except KeyError:
                cached = None
            if isinstance(cached, dict) and cached.get("query") == query and isinstance(cached.get("services"), list):
                self._filter_warnings = list(cached.get("warnings") or [])
                self._warn_filters()
                return cached["services"]
        self._filter_warnings = []
        records, complete = self._fetch(conn, reads)
        if use_cache and complete:
            self._cache[key] = {"query": query, "services": records, "warnings": list(self._filter_warnings)}
        return records

    # ------------------------------------------------------------------ building hosts
    def _ansible_host(self, rec):
        for key in CONNECT_ORDER[self.get_option("connect_with")]:
            value = _main_value(rec, key)
            if value:
                return value
        return None

    def _hostname(self, rec, hostvars):
        template = self.get_option("hostname")
        if template:
            self.templar.available_variables = combine_vars(self._vars, hostvars)
            try:
                name = to_text(self.templar.template(template)).strip()
            except Exception as exc:  # pylint: disable=broad-except
                raise AnsibleParserError("xtom.console.services: could not render hostname for service %s: %s"
                                         % (rec.get("id"), to_native(exc)))
            if name:
                return name
        for choice in self.get_option("hostnames"):
            if choice == "id":
                return "service-%s" % rec.get("id")
            value = _main_value(rec, choice)
            if value:
                return value
        return "service-%s" % rec.get("id")

    def _condition(self, expr, variables):
        if isinstance(expr, bool):
            return expr
        result = self._compose(expr, variables)
        if isinstance(result, str):
            return boolean(result, strict=False)
        return bool(result)

    def _included(self, host, hostvars, filters):
        variables = combine_vars(hostvars, {"inventory_hostname": host})
        for index, entry in enumerate(filters):
            (kind, expr), = entry.items()
            try:
                matched = self._condition(expr, variables)
            except Exception as exc:  # pylint: disable=broad-except
                raise AnsibleParserError("xtom.console.services: could not evaluate filters[%d].%s %r for host %s: %s"
                                         % (index, kind, expr, host, to_native(exc)))
            if matched:
                return kind == "include"
        return True

    def _check_filters(self):
        filters = self.get_option("filters") or []
        for index, entry in enumerate(filters):
            if not isinstance(entry, dict) or len(entry) != 1 or list(entry)[0] not in ("include", "exclude"):
                raise AnsibleParserError("xtom.console.services: filters[%d] must be a dict with one key, include or exclude, got %r"
                                         % (index, entry))
            value = list(entry.values())[0]
            if not isinstance(value, (str, bool)):
                raise AnsibleParserError("xtom.console.services: filters[%d].%s must be a condition or a boolean, got %r"
                                         % (index, list(entry)[0], value))
        return filters

    def _populate(self, records):
        prefix = self.get_option("hostvars_prefix")
        group = self.get_option("group")
        strict = self.get_option("strict")
        keep_without_ip = self.get_option("keep_without_ip")
        filters = self._check_filters()
        if group:
            group = self.inventory.add_group(group)
        owners, without_ip = {}, []
        for rec in records:
            if not keep_without_ip and "ipv4" in rec and not rec["ipv4"] and not rec.get("ipv6"):
                without_ip.append(rec.get("id"))
                continue
            hostvars = dict((prefix + key, rec[key]) for key in HOSTVAR_KEYS if key in rec)
            ansible_host = self._ansible_host(rec)
            if ansible_host:
                hostvars["ansible_host"] = ansible_host
            hostvars = make_unsafe(hostvars)
            host = self._hostname(rec, hostvars)
            if not self._included(host, hostvars, filters):
                continue
            if host in owners:
                unique = "%s-%s" % (host, rec.get("id"))
                n = 2
                while unique in owners:
                    unique = "%s-%s-%d" % (host, rec.get("id"), n)
                    n += 1
                display.warning("xtom.console.services: services %s and %s are both named %r; the second one is named %r"
                                % (owners[host], rec.get("id"), host, unique))
                host = unique
            owners[host] = rec.get("id")
            self.inventory.add_host(host, group=group or None)
            for key, value in hostvars.items():
                self.inventory.set_variable(host, key, value)
            variables = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), {}, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), {}, host, strict=strict)
        if without_ip:
            text = ("%d services have no IP address and are not hosts (keep_without_ip: true keeps them): %s"
                    % (len(without_ip), ", ".join(str(i) for i in without_ip)))
            # Every service left out (for example GET /service/@id/ip refused for all): never a silent empty inventory.
            (display.vvv if owners else display.warning)("xtom.console.services: " + text)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        self.client = None
        self._filter_warnings = []
        conn = self._connection()
        self._populate(self._services(path, cache, conn))
