"""Unit tests run modules in this process: each test starts with no warning left over from another."""

import pytest
from ansible.module_utils import _internal
from ansible.module_utils.common import warnings as _warnings


@pytest.fixture(autouse=True)
def _module_warnings_as_in_a_module_run(request, monkeypatch):
    # AnsibleModule keeps warnings in module-level, de-duplicated storage meant for one module run; once a
    # controller plugin (the inventory) was imported in this process, it would print them instead.
    _warnings._global_warnings.clear()
    _warnings._global_deprecations.clear()
    if "inventory" not in request.node.nodeid:
        monkeypatch.setattr(_internal, "is_controller", False)
    yield
