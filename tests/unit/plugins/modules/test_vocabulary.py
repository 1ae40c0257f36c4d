"""One word per concept (docs/docsite/rst/conventions.rst): every module's options and return values.

The options and return values are read from each module's DOCUMENTATION and RETURN (the sanity
test validate-modules keeps them equal to the argument spec). A concept spelled two ways fails.
"""

import ast
import os

import pytest
import yaml

MODULES_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")
MODULES = sorted(f[:-3] for f in os.listdir(MODULES_DIR) if f.endswith(".py") and not f.startswith("_"))

# A word that is not ours -> the word to use.
FORBIDDEN = {
    "purge": "prune",
    "remove_unlisted": "prune",
    "updated_fields": "changes",
    "actions": "changes",
    "recovered": "changes",
    "zone_name": "zone",
    "domain_name": "domain",
    "service_id": "service",
    "poll_interval": "wait_interval",
    "interval": "wait_interval",
    "privileges_catalog": "include",
    "departments": "include",
    "tlds": "include",
    "certificates": "include",
    "dest": "an _info module returns content (ansible.builtin.copy writes it)",
    "path": "an _info module returns content (ansible.builtin.copy writes it)",
}
# Return values named like a dict method are hidden by it in templates (result.keys is the method).
DICT_METHODS = {"keys", "items", "values", "update", "get", "pop", "copy", "clear", "setdefault"}
# Aliases a user would naturally type (conventions.rst): allowed beside the one word.
ALLOWED_ALIASES = {"keys"}
# Booleans an _info module may take: switches that are not an extra read.
INFO_BOOLEANS = {"strict", "new_only", "decode"}
LIST_FILTERS = {"status", "category", "categories", "statuses", "type", "types"}


def _docs(name):
    with open(os.path.join(MODULES_DIR, name + ".py")) as handle:
        tree = ast.parse(handle.read())
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("DOCUMENTATION", "RETURN", "EXAMPLES"):
                out[node.targets[0].id] = yaml.safe_load(node.value.value) or {}
    return out


def _option_names(options, prefix=""):
    for key, spec in (options or {}).items():
        yield prefix + key, spec
        for alias in spec.get("aliases") or ():
            yield prefix + alias, dict(spec, _alias_of=key)
        if spec.get("suboptions"):
            yield from _option_names(spec["suboptions"], prefix + key + ".")


def _return_names(returns, prefix=""):
    for key, spec in (returns or {}).items():
        yield prefix + key, spec
        if isinstance(spec, dict) and spec.get("contains"):
            yield from _return_names(spec["contains"], prefix + key + ".")


@pytest.fixture(scope="module", params=MODULES)
def module(request):
    return request.param, _docs(request.param)


def test_no_word_spelled_two_ways(module):
    name, docs = module
    bad = []
    for full, spec in _option_names(docs["DOCUMENTATION"].get("options")):
        word = full.split(".")[-1]
        if spec.get("_alias_of") and word in ALLOWED_ALIASES:
            continue
        if word in FORBIDDEN and not (word in ("path",) and "." in full):
            bad.append("option %s: use %s" % (full, FORBIDDEN[word]))
    for full, _spec in _return_names(docs.get("RETURN")):
        word = full.split(".")[-1]
        if "." not in full and word in FORBIDDEN and word not in ("path", "dest", "certificates", "departments", "tlds"):
            bad.append("return %s: use %s" % (full, FORBIDDEN[word]))
        if word in DICT_METHODS:
            bad.append("return %s: a dict method of that name hides it in templates (%s.%s)" % (full, name, word))
    assert not bad, "%s: %s" % (name, "; ".join(bad))


def test_info_modules_only_read_and_take_include_lists(module):
    name, docs = module
    if not name.endswith("_info"):
        return
    options = docs["DOCUMENTATION"].get("options") or {}
    bad = [o for o, s in options.items() if s.get("type") == "bool" and o not in INFO_BOOLEANS]
    assert not bad, "%s: optional extra reads go in include (a list), not boolean options: %s" % (name, bad)
    for word in ("dest", "path"):
        assert word not in options, "%s: an _info module never writes files (%s)" % (name, word)
    if "include" in options:
        assert options["include"].get("type") == "list", name
    attrs = docs["DOCUMENTATION"].get("attributes") or {}
    fragments = docs["DOCUMENTATION"].get("extends_documentation_fragment") or []
    assert (attrs.get("check_mode") or {}).get("support") == "full" or "xtom.console.attributes.info_module" in fragments, name
    assert "changes" not in (docs.get("RETURN") or {}), name


def test_writing_modules_return_changes_as_a_list(module):
    name, docs = module
    if name.endswith("_info") or name in ("api_check", "service_wait"):
        return
    returns = docs.get("RETURN") or {}
    assert "changes" in returns, "%s: a writing module returns changes" % name
    spec = returns["changes"]
    assert spec.get("type") == "list", "%s: changes is a list of {action, what, before, after}" % name
    contains = spec.get("contains") or {}
    assert {"action", "what", "before", "after"} <= set(contains), "%s: changes entries: %s" % (name, sorted(contains))
    attrs = docs["DOCUMENTATION"].get("attributes") or {}
    assert (attrs.get("diff_mode") or {}).get("support") in ("full", "partial"), "%s: a writing module has a diff" % name


def test_filters_are_lists_and_waits_come_together(module):
    name, docs = module
    options = docs["DOCUMENTATION"].get("options") or {}
    for key, spec in options.items():
        if key in LIST_FILTERS and name.endswith("_info"):
            assert spec.get("type") == "list", "%s: filter %s is a list" % (name, key)
    if "wait" in options:
        assert {"wait_timeout", "wait_interval"} <= set(options), "%s: wait, wait_timeout and wait_interval together" % name
    for key in ("wait_timeout", "wait_interval"):
        if key in options and name != "service_wait":
            assert "wait" in options, "%s: %s without wait" % (name, key)


def test_hosted_zones_and_registered_domains_have_one_name_each(module):
    name, docs = module
    options = docs["DOCUMENTATION"].get("options") or {}
    if name.startswith("dns_zone"):
        assert "zone" in options or "zone_id" in options, "%s: a hosted zone is zone / zone_id" % name
        assert "name" not in options, "%s: a hosted zone is zone, not name" % name
    hostname = options.get("hostname") or {}
    assert "domain" not in (hostname.get("aliases") or ()), "%s: hostname has no domain alias" % name
