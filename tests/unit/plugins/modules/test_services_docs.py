"""Docs of the services area that a newcomer copies (issue 14 item 7)."""

import ast
import os
import re

import yaml

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")
MODULES = ("service", "service_info", "service_power", "service_reinstall", "service_upgrade", "service_wait", "rdns")


def _docs(name):
    with open(os.path.join(ROOT, "plugins", "modules", name + ".py")) as handle:
        tree = ast.parse(handle.read())
    return dict((n.targets[0].id, n.value.value) for n in tree.body
                if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                and n.targets[0].id in ("DOCUMENTATION", "EXAMPLES", "RETURN"))


def test_no_example_falls_back_to_a_fixed_password():
    for name in MODULES:
        for task in yaml.safe_load(_docs(name)["EXAMPLES"]):
            args = next((v for k, v in task.items() if k.startswith("xtom.console.")), None) or {}
            for key in ("root_password", "user_password"):
                value = str(args.get(key, ""))
                # a vault variable, or nothing at all: never default('some-password')
                assert not re.search(r"default\(\s*['\"]", value), "%s example %r: %s" % (name, task["name"], value)


def test_destructive_examples_are_guarded_by_an_extra_variable():
    for name, option in (("service_reinstall", "confirm_hostname"), ("service", "confirm_hostname")):
        for task in yaml.safe_load(_docs(name)["EXAMPLES"]):
            args = next((v for k, v in task.items() if k.startswith("xtom.console.")), None) or {}
            if option in args:
                assert "{{" in args[option] and " is defined" in task.get("when", ""), task


def test_docs_do_not_say_service_power_starts_or_stops_servers():
    with open(os.path.join(ROOT, "docs", "docsite", "rst", "provisioning.rst")) as handle:
        text = handle.read()
    assert not re.search(r"service_power#module`\s+starts", text)
    assert "resets (hard reboots)" in text
    doc = yaml.safe_load(_docs("service_power")["DOCUMENTATION"])
    assert doc["short_description"] == "Reset an xTom server"
