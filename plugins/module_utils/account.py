# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Account area: registration details (GET/PUT /details) and contacts with their privileges
(/contact...). Read answers (understood or refused), validate input, plan changes.

Billing (balance, payment methods, invoices) is in ``billing.py``, portal notifications in
``notifications.py``; ``answer_id`` and ``keyed_rows`` below are shared by the three and ``tickets.py``.
"""

import re

from ansible_collections.xtom.console.plugins.module_utils.common import (
    XtomAnswerError,
    answer_value,
    check_text,
    is_id,
    not_found_as,
    option_error,
    row_value,
    to_bool,
    to_int,
    to_str,
    validate_email,
)

# ---------------------------------------------------------------------- accepted answer shapes
# One place per route: the reference's key first, then the named variants seen or plausible.
DETAILS_KEYS = ("client", "details", "account")        # GET /details -> {"client": {...}}
CONTACTS_KEYS = ("contacts",)                          # GET /contact -> {"contacts": [...]} (or rows keyed by id)
CONTACT_KEYS = ("contact",)                            # GET /contact/@id -> {"contact": {...}}
NEW_CONTACT_KEYS = ("contact_id", "id", "contactId", "contact")  # POST /contact -> {"contact_id": "1"}
PRIVILEGES_KEYS = ("privileges",)                      # GET /contact/privileges -> {"privileges": {...}}
CONTACT_ID_KEYS = ("id", "contact_id", "contactId")    # the id field of a contact row

DETAIL_FIELDS = (
    "email", "type", "firstname", "lastname", "companyname", "vateu", "address1", "address2",
    "city", "state", "postcode", "country", "phonenumber",
)
# Fields the reference's examples do not return: when set they cannot be compared, so they are sent.
NOT_RETURNED = {"/details": ("type", "vateu"), "/contact/@id": ("vateu",)}

PROFILE_TYPES = ("Private", "Company")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
NO_DATE = ("0000-00-00", "0000-00-00 00:00:00")
CASE_INSENSITIVE_FIELDS = ("email", "country")
# The module option of each API profile field (the API's ``state`` is the option ``region``).
OPTION_OF = {"state": "region"}


# ---------------------------------------------------------------------- shared answer helpers

def answer_id(row, keys, body, what, default=None):
    """The id under the first of ``keys`` in ``row`` (ASCII digits or an integer), as an int; else refused."""
    value = row_value(row, keys, default=default)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and is_id(value):
        return int(value.strip())
    raise XtomAnswerError(body, "%s with an id (%s)" % (what, " or ".join('"%s"' % k for k in keys)))


def answer_text(row, keys, body, what, required=True):
    """A text field of a row (a string or a number, as text); missing: "" unless ``required``; other types refused."""
    value = row_value(row, keys)
    if value is None and not required:
        return ""
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return to_str(value)
    raise XtomAnswerError(body, "%s with %s as text" % (what, " or ".join('"%s"' % k for k in keys)))


def keyed_rows(body, keys, expected):
    """``[(key, row)]`` from a list of row objects (key None) or from rows keyed by id; anything else is refused.

    The bare list and a ``{"success": true, "data": ...}`` envelope are understood; an object whose
    keys are not ids (an unknown wrapper) is not, nor an empty answer (``{}``, also an empty body):
    "no rows" must be said, e.g. ``{"tickets": []}`` or ``[]``.
    """
    if body == {}:
        raise XtomAnswerError(body, expected)
    value = answer_value(body, keys, (list, dict), bare=True, expected=expected)
    if isinstance(value, dict):
        pairs = list(value.items())
        if not all(is_id(k) for k, _row in pairs):
            raise XtomAnswerError(body, expected)
    else:
        pairs = [(None, row) for row in value]
    if not all(isinstance(row, dict) for _key, row in pairs):
        raise XtomAnswerError(body, expected + " (each an object)")
    return pairs


def _plain(value):
    return value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------------- registration details (profile)

PROFILE_OPTIONS = tuple(k for k in DETAIL_FIELDS if k not in ("email", "state")) + ("region",)


def profile_argument_spec():
    """Argspec of the profile options (doc fragment xtom.console.profile); ``region`` is the API's ``state``."""
    spec = dict((key, dict(type="str")) for key in PROFILE_OPTIONS)
    spec["type"] = dict(type="str", choices=list(PROFILE_TYPES))
    return spec


def profile_values(params):
    """The API profile fields from module params (``region`` -> ``state``), for ``desired_profile``."""
    values = dict((k, params.get(k)) for k in DETAIL_FIELDS if k != "state")
    values["state"] = params.get("region")
    return values


def desired_profile(params):
    """The profile fields (DETAIL_FIELDS) set in ``params``, validated: ``{field: str}``. No request is sent."""
    desired = {}
    for key in DETAIL_FIELDS:
        if params.get(key) is not None:
            desired[key] = check_text(params[key], OPTION_OF.get(key, key)).strip()
    if "email" in desired:
        desired["email"] = validate_email(desired["email"])
    if "type" in desired and desired["type"] not in PROFILE_TYPES:
        raise option_error("type", desired["type"], "is not an account type", PROFILE_TYPES)
    if desired.get("country"):
        if not COUNTRY_RE.match(desired["country"]):
            raise option_error("country", desired["country"], "is not a two-letter ISO 3166 country code",
                               "for example US or DE")
        desired["country"] = desired["country"].upper()
    return desired


def profile_row(body, keys, route, compare):
    """The profile object of an answer; a field to ``compare`` that the answer should carry but does not,
    or any profile field that is not text, is refused (never read as empty)."""
    row = answer_value(body, keys, (dict,))
    missing = [k for k in compare if k not in row and k not in NOT_RETURNED.get(route, ())]
    if missing:
        raise XtomAnswerError(body, '"%s" holding the fields %s' % (keys[0], ", ".join(sorted(missing))))
    odd = [k for k in DETAIL_FIELDS if k in row and not _plain(row[k])]
    if odd:
        raise XtomAnswerError(body, '"%s" with text values for %s' % (keys[0], ", ".join(odd)))
    return row


def normalize_details(row):
    """A GET /details ``client`` object -> {id, email, firstname, ...} (strings; id as int; missing as "")."""
    out = {"id": to_int(row.get("id"))}
    for key in DETAIL_FIELDS + ("lastlogin", "ip", "host"):
        out[key] = to_str(row.get(key))
    return out


def returned_fields(row):
    """The profile fields an API answer really carries; the others cannot be compared."""
    return set(k for k in DETAIL_FIELDS if k in row)


def read_details(client, compare=()):
    """GET /details -> (normalised details, set of the profile fields the answer carries)."""
    compare = set(compare) | set(["email"])  # the account's identity, always
    row = client.get("/details", parse=lambda body: profile_row(body, DETAILS_KEYS, "/details", compare))
    return normalize_details(row), returned_fields(row)


def get_details(client):
    return read_details(client)[0]


def plan_profile(current, returned, desired):
    """``(changes, unknown)``: the fields of ``desired`` that differ from ``current``, plus the
    fields the API does not return (``unknown``; they cannot be compared, so they are sent)."""
    changes, unknown = {}, []
    for key in sorted(desired):
        wanted = desired[key]
        have = to_str(current.get(key))
        if key not in returned:
            unknown.append(key)
            changes[key] = wanted
        elif (have.lower() != wanted.lower()) if key in CASE_INSENSITIVE_FIELDS else (have != wanted):
            changes[key] = wanted
    return changes, unknown


def before_of(current, returned, fields):
    """The current values of ``fields`` for a change's ``before`` (None where the API does not say)."""
    return dict((k, current.get(k) if k in returned else None) for k in fields)


def unknown_fields_warning(route, unknown):
    names = ", ".join(OPTION_OF.get(k, k) for k in unknown)
    return (
        "%s does not return %s: %s cannot be compared, so %s sent on every run and the task reports a change"
        % (route, names, "this field" if len(unknown) == 1 else "these fields",
           "it is" if len(unknown) == 1 else "they are")
    )


def update_details(client, changes):
    """PUT /details with the changed fields only (a 2xx that says it failed raises in the client)."""
    return client.put("/details", changes)


# ---------------------------------------------------------------------- privileges

def _privilege_names(value):
    """Sorted privilege names from a list, a map of name -> flag, or one name."""
    if isinstance(value, dict):
        names = [k for k, v in value.items() if to_bool(v, True)]
    elif isinstance(value, list):
        names = [n for n in value if not isinstance(n, (dict, list))]
    else:
        names = [value] if value not in (None, "") else []
    return sorted(set(to_str(n).strip() for n in names if to_str(n).strip()))


def _is_flag_map(items):
    """``{"emails": "1", "orders": "0"}``: a list section written as name -> flag (no ids, no ``full``)."""
    return bool(items) and all(
        to_str(k) != "full" and not is_id(k) and not isinstance(v, (dict, list)) for k, v in items.items()
    )


def normalize_privileges(value):
    """Privileges in the GET /contact/privileges structure, normalised.

    Sections with a list (billing, support, misc) -> sorted list of names; sections with a map
    (services, domains) -> ``{"full": True, "<id>": [names]}`` (``full`` only when set). Empty
    parts are dropped, so an empty dict means "no privileges". Used for the catalogue too.
    """
    out = {}
    if not isinstance(value, dict):
        return out
    for section, items in value.items():
        section = to_str(section).strip()
        if isinstance(items, dict) and _is_flag_map(items):
            items = [k for k, v in items.items() if to_bool(v, True)]
        if isinstance(items, dict):
            sub = {}
            for key, privs in items.items():
                key = to_str(key).strip()
                if key == "full":
                    if to_bool(privs, bool(privs)):
                        sub["full"] = True
                    continue
                names = _privilege_names(privs)
                if names:
                    sub[key] = names
            if sub:
                out[section] = sub
        else:
            names = _privilege_names(items)
            if names:
                out[section] = names
    return out


def _privileges_understood(value):
    """True when an answer's privileges have the catalogue's structure (lists of names, or full/ids maps)."""
    if value == []:
        return True
    if not isinstance(value, dict):
        return False
    for items in value.values():
        if isinstance(items, list):
            if not all(isinstance(n, str) for n in items):
                return False
        elif isinstance(items, dict):
            for key, privs in items.items():
                if to_str(key) == "full" or (_is_flag_map(items) and _plain(privs)):
                    continue
                if not is_id(key) or not (isinstance(privs, list) and all(isinstance(n, str) for n in privs)):
                    return False
        elif items not in ("", None):
            return False
    return True


def _flags_known(value):
    """A contact's privileges written as name -> flag maps: every flag must read as on or off (``"N"`` is not
    read as granted). The catalogue's maps may carry descriptions instead; this is for a contact's own."""
    maps = [items for items in value.values() if isinstance(items, dict) and _is_flag_map(items)] if isinstance(value, dict) else []
    return all(to_bool(flag) is not None for items in maps for flag in items.values())


def parse_privileges(body):
    """GET /contact/privileges -> the catalogue, normalised; another structure is refused."""
    value = answer_value(body, PRIVILEGES_KEYS, (dict,))
    if not _privileges_understood(value):
        raise XtomAnswerError(body, '"privileges" holding sections of privilege names (lists, or maps of ids)')
    return normalize_privileges(value)


def get_privilege_catalog(client):
    """GET /contact/privileges, normalised."""
    return client.get("/contact/privileges", parse=parse_privileges)


def check_privileges_shape(value, option="privileges"):
    """Local check (no request): sections map to a list of names, or to ``full`` / ids -> lists."""
    if not isinstance(value, dict):
        raise option_error(option, value, "must be a dictionary like the output of GET /contact/privileges")
    for section, items in value.items():
        where = "%s.%s" % (option, section)
        if isinstance(items, dict):
            for key, privs in items.items():
                if to_str(key) == "full":
                    continue
                if not is_id(key):
                    raise option_error(where, key, "a key must be 'full' or a numeric id")
                if not isinstance(privs, (list, str)):
                    raise option_error("%s.%s" % (where, key), privs, "must be a list of privilege names")
        elif not isinstance(items, (list, str)):
            raise option_error(where, items, "must be a list of privilege names or a dictionary")


def _check_names(where, wanted, allowed):
    unknown = [n for n in wanted if n not in allowed]
    if unknown:
        raise option_error(where, ", ".join(unknown), "unknown privilege%s" % ("s" if len(unknown) > 1 else ""),
                           list(allowed) or "none")


def validate_privileges(desired, catalog, option="privileges"):
    """Every part of ``desired`` must be in ``catalog`` (both normalised); else an error listing valid ones."""
    for section in sorted(desired):
        if section not in catalog:
            raise option_error(option, section, "unknown section", sorted(catalog))
        wanted, allowed = desired[section], catalog[section]
        where = "%s.%s" % (option, section)
        if isinstance(allowed, dict) != isinstance(wanted, dict):
            raise option_error(where, wanted, "must be %s" % (
                "a dictionary of 'full' and ids to lists" if isinstance(allowed, dict) else "a list"))
        if not isinstance(allowed, dict):
            _check_names(where, wanted, allowed)
            continue
        for key in sorted(wanted):
            if key not in allowed:
                raise option_error(where, key, "is not in this account's privileges catalogue", sorted(allowed))
            if key != "full":
                _check_names("%s.%s" % (where, key), wanted[key], allowed[key])


def privileges_to_api(privileges):
    """Normalised privileges -> the request body's form (``full`` as 1)."""
    out = {}
    for section, items in privileges.items():
        if isinstance(items, dict):
            out[section] = dict((k, 1 if k == "full" else list(v)) for k, v in items.items())
        else:
            out[section] = list(items)
    return out


# ---------------------------------------------------------------------- contacts

def normalize_contact(row, body=None, contact_id=None):
    """A stable dict from a GET /contact row or a GET /contact/@id ``contact`` object.

    ``body`` given (an answer): the id and email must be understood (they identify the contact).
    """
    if body is not None:
        out = {"id": answer_id(row, CONTACT_ID_KEYS, body, "contacts", default=contact_id),
               "email": answer_text(row, ("email",), body, "contacts")}
    else:
        out = {"id": to_int(row_value(row, CONTACT_ID_KEYS)), "email": to_str(row.get("email"))}
    for key in DETAIL_FIELDS[1:]:
        out[key] = to_str(row.get(key))
    if not out["type"] and "company" in row:  # the list carries a company flag instead of the type
        out["type"] = "Company" if to_bool(row.get("company"), False) else "Private"
    if "lastlogin" in row:
        lastlogin = to_str(row.get("lastlogin"))
        out["lastlogin"] = "" if lastlogin in NO_DATE else lastlogin
    if "privileges" in row:
        out["privileges"] = normalize_privileges(row.get("privileges"))
    return out


def parse_contacts(body):
    """GET /contact -> normalised contacts; every row needs its id and email."""
    pairs = keyed_rows(body, CONTACTS_KEYS, '"contacts" holding a list of contacts (or contacts keyed by id)')
    return [normalize_contact(row, body, key) for key, row in pairs]


def list_contacts(client):
    return client.get("/contact", parse=parse_contacts)


def find_contact(contacts, email):
    email = to_str(email).strip().lower()
    for contact in contacts:
        if contact["email"].strip().lower() == email:
            return contact
    return None


def read_contact(client, contact_id, compare=(), option="id"):
    """GET /contact/@id -> (normalised contact, set of the fields the answer carries).

    ``compare``: the fields a write will compare (``privileges`` included): a field the reference
    returns but the answer lacks is refused. A 404 means "not a contact of this account".
    """
    def parse(body):
        row = profile_row(body, CONTACT_KEYS, "/contact/@id", compare)
        if "privileges" in row and not (_privileges_understood(row["privileges"]) and _flags_known(row["privileges"])):
            raise XtomAnswerError(body, '"contact" with "privileges" in the structure of GET /contact/privileges')
        return row, normalize_contact(row, body, contact_id)

    try:
        row, contact = client.get(client.path("/contact/%s", contact_id), parse=parse)
    except Exception as exc:
        raise not_found_as(exc, option, contact_id, "a contact")
    returned = returned_fields(row)
    if "privileges" in row:
        returned.add("privileges")
    return contact, returned


def plan_contact(current, returned, desired, privileges=None, password=None, update_password="on_create"):
    """``(changes, unknown)`` for PUT /contact/@id; ``privileges`` normalised (None: not managed)."""
    changes, unknown = plan_profile(current, returned, desired)
    if privileges is not None:
        if "privileges" not in returned:
            unknown.append("privileges")
            changes["privileges"] = privileges_to_api(privileges)
        elif privileges != current.get("privileges", {}):
            changes["privileges"] = privileges_to_api(privileges)
    if password and update_password == "always":
        changes["password"] = password
    return changes, unknown


def new_contact_id(answer):
    """The id in a POST /contact answer (``{"contact_id": "1"}`` and variants), or None when it says none."""
    try:
        value = answer_value(answer, NEW_CONTACT_KEYS, (str, int, dict))
    except XtomAnswerError:
        return None
    if isinstance(value, dict):
        value = row_value(value, CONTACT_ID_KEYS)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value.strip()) if isinstance(value, str) and is_id(value) else None


def create_contact(client, body):
    """POST /contact; the new contact's id (None when the answer does not say)."""
    return new_contact_id(client.post("/contact", body))


def update_contact(client, contact_id, changes):
    return client.put(client.path("/contact/%s", contact_id), changes)


def get_payment_methods(client, with_fees=False):
    """Kept here for orders.py, which imports it from this module; see ``billing.get_payment_methods``."""
    from ansible_collections.xtom.console.plugins.module_utils import billing

    return billing.get_payment_methods(client, with_fees=with_fees)
