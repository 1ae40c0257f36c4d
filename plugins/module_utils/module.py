# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AnsibleModule glue shared by every module: common options, the client, error reporting."""

import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.xtom.console.plugins.module_utils.api import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_TIMEOUT,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    XtomApiError,
    XtomClient,
    XtomConfigError,
    XtomValidationError,
)


def common_argument_spec():
    """The connection options every module and the inventory plugin accept."""
    return dict(
        api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["XTOM_API_URL"])),
        api_token=dict(type="str", no_log=True, fallback=(env_fallback, ["XTOM_API_TOKEN"])),
        api_username=dict(type="str", fallback=(env_fallback, ["XTOM_API_USERNAME"])),
        api_password=dict(type="str", no_log=True, fallback=(env_fallback, ["XTOM_API_PASSWORD"])),
        auth_mode=dict(type="str", default="basic", choices=["basic", "jwt"]),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="int", default=DEFAULT_TIMEOUT),
        retries=dict(type="int", default=DEFAULT_RETRIES, fallback=(env_fallback, ["XTOM_API_RETRIES"])),
        retry_timeout=dict(type="float", default=DEFAULT_RETRY_TIMEOUT, fallback=(env_fallback, ["XTOM_API_RETRY_TIMEOUT"])),
    )


class XtomModule(AnsibleModule):
    """An AnsibleModule with the common options and a lazily built API client.

    ``module.client`` is the shared ``XtomClient``; ``module.fail_from_error(exc)`` turns any
    collection error into a one-line ``fail_json`` without a traceback.
    """

    def __init__(self, argument_spec, read_only=False, **kwargs):
        spec = common_argument_spec()
        spec.update(argument_spec)
        super(XtomModule, self).__init__(argument_spec=spec, **kwargs)
        self.read_only = read_only
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self._client = None

    @property
    def client(self):
        if self._client is None:
            p = self.params
            if p["timeout"] is not None and p["timeout"] <= 0:
                self.fail_json(msg="timeout must be a positive number of seconds, got %s" % p["timeout"])
            try:
                self._client = XtomClient(
                    api_url=p["api_url"],
                    api_token=p["api_token"],
                    username=p["api_username"],
                    password=p["api_password"],
                    auth_mode=p["auth_mode"],
                    validate_certs=p["validate_certs"],
                    timeout=p["timeout"],
                    retries=p["retries"],
                    retry_timeout=p["retry_timeout"],
                    read_only=self.read_only,
                )
            except XtomConfigError as exc:
                self.fail_json(msg=str(exc))
        return self._client

    def fail_from_error(self, exc, **result):
        """Report an API, configuration or validation error in one line, never a traceback."""
        if isinstance(exc, XtomApiError):
            result["api_error"] = exc.to_dict()
        if getattr(exc, "partial", None) is not None:
            result["changes"] = exc.partial
            result["changed"] = bool(exc.partial)
        msg = str(exc)
        if self._client is not None:
            msg = self._client.scrub(msg)
        self.fail_json(msg=msg, **result)

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        # A module that fails (or exits) by itself inside ``run`` still logs out first (jwt mode).
        self.logout()
        super(XtomModule, self).fail_json(msg=msg, **kwargs)

    def exit_json(self, **kwargs):
        self.logout()
        super(XtomModule, self).exit_json(**kwargs)

    def logout(self):
        """In ``jwt`` mode, ``POST /logout`` the token this run logged in with (never a token the user passed)."""
        client = getattr(self, "_client", None)  # fail_json may be called by AnsibleModule.__init__
        if client is not None and client.logged_in:
            try:
                client.logout()
            except (XtomApiError, XtomConfigError) as exc:
                self.warn("logging out failed: %s" % client.scrub(str(exc)))

    def run(self, func):
        """Call ``func(self)`` and exit with what it returns; errors become fail_json (both log out first)."""
        try:
            result = func(self)
        except (XtomApiError, XtomConfigError, XtomValidationError) as exc:
            self.fail_from_error(exc)
        except Exception as exc:  # pylint: disable=broad-except
            self.fail_json(msg="unexpected error: %s: %s" % (type(exc).__name__, exc), exception=traceback.format_exc())
        self.exit_json(**result)
