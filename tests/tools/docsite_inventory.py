"""Write an intersphinx inventory of the Ansible docs labels the collection docs site links to.

``python tests/tools/docsite_inventory.py <out.inv>``

The docs site build (``tests/ci.sh docsite``) runs without network, so Sphinx cannot fetch
``objects.inv`` from docs.ansible.com. The generated pages link to a few general labels, to
``ansible.builtin`` plugins and to ansible-core's configuration environment variables; this writes
those (with their real docs.ansible.com paths) into a local inventory. Any other unresolved
reference still fails the build (``-W``).
"""

import os
import sys
import zlib

import ansible

# Labels of the Ansible documentation that antsibull-docs pages refer to, with their pages.
GENERAL = {
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "module_defaults": ("playbook_guide/playbooks_module_defaults.html", "Module defaults"),
    "intro_inventory": ("inventory_guide/intro_inventory.html", "How to build your inventory"),
    "vault": ("vault_guide/index.html", "Protecting sensitive data with Ansible vault"),
}

PLUGIN_TYPES = ("become", "cache", "callback", "cliconf", "connection", "filter", "httpapi", "inventory",
                "lookup", "netconf", "shell", "strategy", "test", "vars")


def builtin_plugins():
    """(name, type) of every ansible.builtin plugin of the installed ansible-core."""
    base = os.path.dirname(ansible.__file__)
    found = set()
    for fname in os.listdir(os.path.join(base, "modules")):
        if fname.endswith(".py") and not fname.startswith("_"):
            found.add((fname[:-3], "module"))
    for ptype in PLUGIN_TYPES:
        folder = os.path.join(base, "plugins", ptype)
        if not os.path.isdir(folder):
            continue
        for fname in os.listdir(folder):
            stem, ext = os.path.splitext(fname)
            if ext in (".py", ".yml") and not stem.startswith("_") and stem != "__init__":
                found.add((stem, ptype))
    return sorted(found)


def core_env_vars():
    """Every environment variable of ansible-core's configuration (the docs list them on the config page)."""
    import yaml

    with open(os.path.join(os.path.dirname(ansible.__file__), "config", "base.yml")) as handle:
        settings = yaml.safe_load(handle)
    found = set()
    for setting in settings.values():
        for env in setting.get("env") or []:
            found.add(env["name"])
    return sorted(found)


def main(out):
    lines = []
    for name in core_env_vars():
        lines.append("%s std:envvar -1 reference_appendices/config.html#envvar-%s -" % (name, name))
    for label, (uri, title) in sorted(GENERAL.items()):
        lines.append("%s std:label -1 %s#%s %s" % (label, uri, label.replace("_", "-"), title))
    for name, ptype in builtin_plugins():
        label = "ansible_collections.ansible.builtin.%s_%s" % (name, ptype)
        anchor = label.replace(".", "-").replace("_", "-")
        lines.append("%s std:label -1 collections/ansible/builtin/%s_%s.html#%s ansible.builtin.%s %s" % (
            label, name, ptype, anchor, name, ptype))
    header = b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n"
    with open(out, "wb") as handle:
        handle.write(header + zlib.compress(("\n".join(lines) + "\n").encode("utf-8")))
    print("%s: %d labels" % (out, len(lines)))


if __name__ == "__main__":
    main(sys.argv[1])
