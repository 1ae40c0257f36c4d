# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the client API, without a trailing slash.
      - Any HostBill client API portal works; the bundled simulator listens on C(http://127.0.0.1:<port>/api).
      - If not set, the value of the E(XTOM_API_URL) environment variable is used.
    type: str
    default: https://console.xtom.com/api
  api_token:
    description:
      - "A JSON Web Token obtained from C(POST /login), sent as C(Authorization: Bearer <token>)."
      - Takes precedence over O(api_username) and O(api_password).
      - If not set, the value of the E(XTOM_API_TOKEN) environment variable is used.
    type: str
  api_username:
    description:
      - The client-area user name (the account's email address).
      - If not set, the value of the E(XTOM_API_USERNAME) environment variable is used.
    type: str
  api_password:
    description:
      - The client-area password.
      - If not set, the value of the E(XTOM_API_PASSWORD) environment variable is used.
    type: str
  auth_mode:
    description:
      - How O(api_username) and O(api_password) are used.
      - V(basic) sends them with every request (HTTP Basic); no extra login request is made.
      - V(jwt) logs in once with C(POST /login), reuses the token until shortly before it expires,
        logs in once more if the server answers 401 to a token it had accepted, and logs out
        (C(POST /logout)) at the end of the task. A refused login is not repeated.
      - A token given in O(api_token) is never logged out.
    type: str
    choices: [basic, jwt]
    default: basic
  validate_certs:
    description:
      - Whether to verify the portal's TLS certificate. Only set to V(false) for a portal you trust.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: int
    default: 30
  retries:
    description:
      - How many times a request that failed in a way worth another try is sent again (HTTP 429,
        502, 503, 504, timeouts, connection errors), from V(0) to V(10).
      - If not set, the value of the E(XTOM_API_RETRIES) environment variable is used.
    type: int
    default: 4
  retry_timeout:
    description:
      - The most seconds spent waiting between retries of one request, from V(0) to V(600).
        C(Retry-After) answers (rate limits) are honoured within this bound.
      - If not set, the value of the E(XTOM_API_RETRY_TIMEOUT) environment variable is used.
    type: float
    default: 60
notes:
  - Requests that are safe to repeat (GET, PUT, DELETE) are retried with exponential backoff on
    HTTP 429, 502, 503, 504, timeouts and connection errors, honouring C(Retry-After).
    POST requests (orders, reinstalls, new tickets) are retried only when the server cannot have
    acted on them (HTTP 429, connection refused), so they are never sent twice. A POST answered
    with a gateway error, a server error (5xx) or a timeout may have been carried out, and the error
    says so. See the troubleshooting guide.
  - An answer whose shape the collection does not recognise is an error naming the route and the
    keys found (never their values); nothing is written on the strength of such an answer.
  - "A 2xx answer that says it failed (C({\"status\": false}), C({\"success\": false}), a non-empty
    C(error) list) is a failure."
requirements:
  - requests
"""
