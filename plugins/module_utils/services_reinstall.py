# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Server reinstalls: the profiles (GET /service/@id/reinstall, no reference example) and the POST."""

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    XtomApiError,
    to_str,
    unwrap,
)
from ansible_collections.xtom.console.plugins.module_utils.services import add_check_hint, find_choice

# GET /service/@id/reinstall: an optional wrapper, the profiles (required) and the package sets (optional).
REINSTALL_WRAPPER_KEYS = ("reinstall", "options")
PROFILE_KEYS = ("profiles", "profile", "templates", "os", "ostemplates", "osTemplates")
PACKAGE_KEYS = ("packages", "packageselection", "packageSelection", "package")
ROW_ID_KEYS = ("id", "profile_id", "profileId", "template_id", "templateId")
ROW_NAME_KEYS = ("name", "title", "os", "label")
EXPECTED = '"profiles" (or %s) holding a list of rows with "id" and "name", or a map of id to name' % (
    ", ".join('"%s"' % k for k in PROFILE_KEYS[1:]))


def _scalar(value):
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _row(item, key, body):
    if _scalar(item):
        return {"id": to_str(key if key is not None else item), "name": to_str(item)}
    if not isinstance(item, dict):
        raise XtomAnswerError(body, EXPECTED)
    ident = next((item[k] for k in ROW_ID_KEYS if _scalar(item.get(k))), key)
    name = next((item[k] for k in ROW_NAME_KEYS if _scalar(item.get(k))), ident)
    if ident is None or to_str(ident) == "":
        raise XtomAnswerError(body, EXPECTED + " (a row has no id)")
    return {"id": to_str(ident), "name": to_str(name)}


def _option_rows(value, body):
    if value in (None, "", []):
        return []
    if isinstance(value, dict):
        if any(k in value for k in ROW_ID_KEYS):
            return [_row(value, None, body)]
        return [_row(item, key, body) for key, item in value.items()]
    if isinstance(value, list):
        return [_row(item, None, body) for item in value]
    raise XtomAnswerError(body, EXPECTED)


def parse_reinstall_options(body):
    """GET /service/@id/reinstall: ``{"profiles": [{id, name}], "packages": [{id, name}]}``.

    Profiles from a key of ``PROFILE_KEYS`` as a list of rows (or names) or an ``{id: name}`` map,
    optionally under ``reinstall``/``options`` or a bare list; packages likewise (absent: none).
    """
    payload = unwrap(body)
    if isinstance(payload, list):
        return {"profiles": _option_rows(payload, body), "packages": []}
    if not isinstance(payload, dict):
        raise XtomAnswerError(body, EXPECTED)
    inner = next((payload[k] for k in REINSTALL_WRAPPER_KEYS if isinstance(payload.get(k), dict)), None)
    if inner is not None:
        payload = inner
    key = next((k for k in PROFILE_KEYS if k in payload), None)
    if key is None:
        raise XtomAnswerError(body, EXPECTED)
    packages = next((payload[k] for k in PACKAGE_KEYS if k in payload), None)
    return {"profiles": _option_rows(payload[key], body), "packages": _option_rows(packages, body)}


def get_reinstall_options(client, service_id):
    return client.get(client.path("/service/%s/reinstall", service_id), parse=parse_reinstall_options)


def resolve_profile(options, ref):
    return find_choice(options["profiles"], ref, "a reinstall profile of this server", "profile")


def resolve_package_selection(options, ref):
    """The package set's id; when the portal lists none, the value is sent as given."""
    if ref is None or not options["packages"]:
        return ref
    return find_choice(options["packages"], ref, "a package set of this server", "package_selection")["id"]


def reinstall_server(client, service_id, data):
    try:
        return client.post(client.path("/service/%s/reinstall", service_id), data)
    except XtomApiError as exc:
        raise add_check_hint(
            exc,
            "the reinstall may have started: check the power status (xtom.console.service_info with "
            "include=[power]; it reads 'installing' while it runs) and do NOT run it again before you know",
        )
