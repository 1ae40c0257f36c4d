# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Portal notifications: GET /notifications, GET /notifications/new, PUT /notifications/@id/ack.

The reference shows no answer for these routes. Accepted: the rows under ``notifications`` (or
``notification``), as a bare list, or keyed by id, also inside a ``{"success": true, "data": ...}``
envelope; HostBill-style snake_case fields or camelCase ones. Anything else is refused, naming the
route: an answer that was not understood is never read as "no notifications".
"""

from ansible_collections.xtom.console.plugins.module_utils.account import answer_id, answer_text, keyed_rows
from ansible_collections.xtom.console.plugins.module_utils.common import row_value, to_bool, to_int, to_str

# ---------------------------------------------------------------------- accepted answer shapes
NOTIFICATIONS_KEYS = ("notifications", "notification")
ID_KEYS = ("id", "notification_id", "notificationId")
REL_TYPE_KEYS = ("rel_type", "relType")
REL_ID_KEYS = ("rel_id", "relId")
SUBJECT_KEYS = ("subject", "title", "name")
MESSAGE_KEYS = ("message", "body", "content", "text")
DATE_KEYS = ("date", "date_added", "dateAdded", "created_at", "createdAt", "created")
NEW_KEYS = ("new", "is_new", "isNew", "unread")
SEEN_KEYS = ("seen", "read", "is_read", "isRead", "acknowledged", "ack", "confirmed")
EXPECTED = '"notifications" holding a list of notifications (or notifications keyed by id)'


def _new_flag(row):
    """True (new), False (acknowledged) or None (the row does not say)."""
    flag = to_bool(row_value(row, NEW_KEYS))
    if flag is not None:
        return flag
    seen = to_bool(row_value(row, SEEN_KEYS))
    return None if seen is None else not seen


def normalize_notification(row, body, key=None, new=None):
    """A stable dict from a notification row; ``new`` is the flag when the row does not carry one."""
    flag = _new_flag(row)
    return {
        "id": answer_id(row, ID_KEYS, body, "notifications", default=key),
        "rel_type": answer_text(row, REL_TYPE_KEYS, body, "notifications", required=False),
        "rel_id": to_int(row_value(row, REL_ID_KEYS)),
        "subject": answer_text(row, SUBJECT_KEYS, body, "notifications", required=False),
        "message": answer_text(row, MESSAGE_KEYS, body, "notifications", required=False),
        "date": answer_text(row, DATE_KEYS, body, "notifications", required=False),
        "new": new if flag is None else flag,
    }


def parse_notifications(new_only):
    """The parser of GET /notifications (``new_only=False``) or GET /notifications/new."""
    def parse(body):
        return [normalize_notification(row, body, key, new=True if new_only else None)
                for key, row in keyed_rows(body, NOTIFICATIONS_KEYS, EXPECTED)]
    return parse


def list_notifications(client, new_only=False, rel_type=None, rel_id=None):
    """GET /notifications or /notifications/new with the optional filters, normalised.

    The filters are also applied here, in case a portal ignores them.
    """
    params = {}
    if rel_type:
        params["rel_type"] = rel_type
    if rel_id is not None:
        params["rel_id"] = str(rel_id)
    path = "/notifications/new" if new_only else "/notifications"
    out = client.get(path, params=params or None, parse=parse_notifications(new_only))
    if rel_type:
        out = [n for n in out if not n["rel_type"] or n["rel_type"].lower() == rel_type.lower()]
    if rel_id is not None:
        out = [n for n in out if n["rel_id"] is None or n["rel_id"] == rel_id]
    return out


def ack_notification(client, notification_id):
    """PUT /notifications/@id/ack (an answer that says it failed raises in the client)."""
    return client.put(client.path("/notifications/%s/ack", notification_id))


def describe(note):
    """How a change names a notification: ``notification 7 (Scheduled maintenance)``."""
    subject = to_str(note.get("subject"))
    return "notification %s%s" % (note["id"], " (%s)" % subject if subject else "")
