# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: services
short_description: Every service of an xTom account as an inventory host
version_added: 0.1.0
author:
  - xtom.console contributors (@xtom)
description:
  - Reads the services of an xTom (HostBill) client account and adds each one as a host.
  - Uses a YAML configuration file whose name ends with C(xtom.yml) or C(xtom.yaml).
  - One request lists the services (C(GET /service)); the services kept by O(status), O(categories)
    and O(products) then cost two requests each, C(GET /service/@id) (for the label and dates) and
    C(GET /service/@id/ip) (for the addresses), sent in parallel by O(max_workers) threads.
  - Host variables (names start with O(hostvars_prefix)) are V(id) (an integer), V(label), V(domain),
    V(status), V(product), V(category), V(category_url), V(billingcycle), V(total), V(firstpayment),
    V(next_due), V(next_invoice), V(date_created), V(ipv4) and V(ipv6) (lists, in API order).
    Services without addresses get empty lists.
    The service's control-panel password, which C(GET /service/@id) returns, is dropped; it never
    reaches the inventory or the cache.
  - All values from the API are marked unsafe, so a label such as C({{ 6 * 7 }}) is never templated.
  - A service whose details cannot be read is left out with a warning (see O(strict)); the cache is
    then not updated, so the next run reads everything again.
notes:
  - O(api_url), O(api_token), O(api_username) and O(api_password) can be templates,
    for example a vaulted variable given with C(--extra-vars) or a lookup.
  - With O(cache) enabled, a cache hit makes no request at all. The cache holds the service data only,
    never a credential. It is used only when O(api_url), the account (O(api_username) or O(api_token)) and the
    O(status), O(categories) and O(products) filters are the same as when it was written.
    Use C(ansible-inventory --flush-cache) to read the account again.
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
  max_workers:
    description:
      - How many requests for service details run at the same time.
      - The default reads 1,000 services in seconds without tripping a portal's rate limit;
        answers HTTP 429 are retried after the time the server asks for.
    type: int
    default: 16
  status:
    description:
      - Only services whose status is one of these (case-insensitive), for example V(Active),
        V(Suspended), V(Pending), V(Cancelled), V(Terminated).
      - An empty list keeps services of every status.
    type: list
    elements: str
    default: [Active]
  categories:
    description:
      - Only services in one of these product categories, by name (V(Virtual Servers)) or URL slug
        (V(vps)), case-insensitive. An empty list keeps every category.
    type: list
    elements: str
    default: []
  products:
    description:
      - Only services of one of these products, by name (V(KVM VPS Starter)), case-insensitive.
        An empty list keeps every product.
    type: list
    elements: str
    default: []
  filters:
    description:
      - Conditions over the host variables (and C(inventory_hostname)) that include or exclude hosts.
      - Each entry has one key, V(include) or V(exclude), whose value is a Jinja2 condition or a boolean.
        The first condition that is true decides; a host that matches none is included.
      - These run after the services are read; O(status), O(categories) and O(products) run before
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
      - V(ipv4) and V(ipv6) use the main address of that family and fall back to the other family,
        then to the domain. V(domain) falls back to IPv4, then IPv6. V(label) falls back to the domain,
        then to the addresses. A service with none of these gets no C(ansible_host).
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
"""

EXAMPLES = r"""
# xtom.yml: every active service; credentials from XTOM_API_URL, XTOM_API_USERNAME, XTOM_API_PASSWORD.
plugin: xtom.console.services

---
# Credentials as templates: the password from a vaulted variable given with
# ansible-inventory -i portal.xtom.yml -e @vault.yml --ask-vault-pass --graph
plugin: xtom.console.services
api_username: "{{ lookup('ansible.builtin.env', 'XTOM_API_USERNAME') }}"
api_password: "{{ vault_xtom_password }}"
auth_mode: jwt

---
# Virtual servers only, named by label, grouped by product and billing cycle.
plugin: xtom.console.services
categories: [vps]
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
# Large account: more parallel requests, and a cache kept on disk for an hour.
plugin: xtom.console.services
max_workers: 32
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/xtom-inventory
cache_timeout: 3600
"""

import hashlib
from concurrent.futures import ThreadPoolExecutor

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var
from ansible.utils.vars import combine_vars

from ansible_collections.xtom.console.plugins.module_utils.api import (
    XtomApiError,
    XtomAuthError,
    XtomClient,
    XtomConfigError,
)
from ansible_collections.xtom.console.plugins.module_utils.common import to_str
from ansible_collections.xtom.console.plugins.module_utils.services import (
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
CONNECT_ORDER = {
    "ipv4": ("ipv4", "ipv6", "domain"),
    "ipv6": ("ipv6", "ipv4", "domain"),
    "domain": ("domain", "ipv4", "ipv6"),
    "label": ("label", "domain", "ipv4", "ipv6"),
}
TEMPLATED_OPTIONS = ("api_url", "api_token", "api_username", "api_password")
CACHE_FORMAT = 1
MAX_WARNINGS = 10


def service_record(row, detail=None, ips=None):
    """The cached form of a service: plain values, no credential (the API's password is dropped)."""
    rec = {key: row.get(key, "") for key in HOSTVAR_KEYS}
    rec["product"] = row.get("name", "")
    for key, value in (detail or {}).items():
        if key in rec and value not in ("", None):
            rec[key] = value
    if detail and detail.get("name"):
        rec["product"] = detail["name"]
    ips = ips or {}
    rec["ipv4"] = list(ips.get("ipv4") or [])
    rec["ipv6"] = list(ips.get("ipv6") or [])
    return rec


def read_service(client, row):
    """Details and addresses of one listed service (two GETs)."""
    detail = get_service(client, row["id"])
    return service_record(row, detail, get_ips(client, row["id"]))


def _main_value(rec, key):
    """The value of ``key``; for an address list the first single address (not a subnet)."""
    value = rec.get(key)
    if isinstance(value, list):
        value = next((v for v in value if "/" not in to_str(v)), "")
    return to_str(value).strip()


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
        """O(status), O(categories), O(products), lower case: they run before any per-service request."""
        return dict((name, sorted(v.lower() for v in self.get_option(name) or []))
                    for name in ("status", "categories", "products"))

    def _cache_query(self, conn):
        """What the cached data depends on. No credential: the user name (or token) is hashed, so that
        another account (another token too) on the same API URL never reads this cache."""
        account = conn["api_username"] if not conn["api_token"] else "token:" + to_str(conn["api_token"])
        query = self._row_filters()
        query.update(format=CACHE_FORMAT, api_url=to_str(conn["api_url"]).rstrip("/"),
                     account=hashlib.sha256(to_bytes(account or "")).hexdigest()[:16])
        return query

    # ------------------------------------------------------------------ reading
    @staticmethod
    def _wanted(row, filters):
        status, categories, products = filters["status"], filters["categories"], filters["products"]
        if status and row["status"].lower() not in status:
            return False
        if categories and row["category"].lower() not in categories and row["category_url"].lower() not in categories:
            return False
        if products and row["name"].lower() not in products:
            return False
        return True

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
                pool_size=workers,
            )
        except XtomConfigError as exc:
            raise AnsibleParserError("xtom.console.services: %s" % to_native(exc))

    def _fetch(self, conn):
        """Read the services; returns (records, complete). Errors become AnsibleParserError."""
        client = self._make_client(conn)
        self.client = client
        try:
            filters = self._row_filters()
            rows = [row for row in list_services(client) if row["id"] is not None and self._wanted(row, filters)]
        except XtomApiError as exc:
            raise AnsibleParserError("xtom.console.services: %s" % client.scrub(to_native(exc)))
        records, failures = [], []
        pool = ThreadPoolExecutor(max_workers=max(1, min(self.get_option("max_workers"), len(rows))))
        try:
            futures = [(row, pool.submit(read_service, client, row)) for row in rows]
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
        use_cache = self.get_option("cache")
        key = self.get_cache_key(path) if use_cache else None
        query = self._cache_query(conn) if use_cache else None
        if use_cache and cache:
            try:
                cached = self._cache[key]
            except KeyError:
                cached = None
            if isinstance(cached, dict) and cached.get("query") == query and isinstance(cached.get("services"), list):
                return cached["services"]
        records, complete = self._fetch(conn)
        if use_cache and complete:
            self._cache[key] = {"query": query, "services": records}
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
        filters = self._check_filters()
        if group:
            group = self.inventory.add_group(group)
        owners = {}
        for rec in records:
            hostvars = dict((prefix + key, rec.get(key)) for key in HOSTVAR_KEYS)
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

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        self.client = None
        conn = self._connection()
        self._populate(self._services(path, cache, conn))
