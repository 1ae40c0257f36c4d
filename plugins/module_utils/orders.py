# -*- coding: utf-8 -*-
# Copyright (c) xtom.console contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ordering area (a facade): the catalog and its reads (``orders_catalog``), what is ordered
(``orders_items``) and the plan (``orders_planner``: identity, quote, the order, waiting).

An order is a list of *items* (dicts with the order module's item options). ``OrderPlanner``
turns each into a prepared item: the API body, a summary (what the item is, in the shape that
``items``/``changes`` return) and the existing resource when the account already has it.
"""

from ansible_collections.xtom.console.plugins.module_utils.orders_catalog import (  # noqa: F401 (re-exported)
    CYCLES,
    Catalog,
    cycle_code,
    money,
    normalize_form,
    normalize_order,
    normalize_product_config,
    normalize_quote,
    norm_name,
)
from ansible_collections.xtom.console.plugins.module_utils.orders_items import (  # noqa: F401 (re-exported)
    ITEM_OPTIONS,
    build_custom,
    check_item_options,
)
from ansible_collections.xtom.console.plugins.module_utils.orders_planner import (  # noqa: F401 (re-exported)
    OrderPlanner,
    OrderUncertainError,
    WaitError,
    describe,
    find_existing,
)

__all__ = [
    "CYCLES", "Catalog", "cycle_code", "money", "normalize_form", "normalize_order", "normalize_product_config",
    "normalize_quote", "norm_name", "ITEM_OPTIONS", "build_custom", "check_item_options", "OrderPlanner",
    "OrderUncertainError", "WaitError", "describe", "find_existing",
]
