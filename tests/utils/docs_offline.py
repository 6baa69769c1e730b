"""Make the Sphinx site that `antsibull-docs sphinx-init` wrote build offline (for `make docs`).

    docs_offline.py SITE_DIR

sphinx-init's conf.py lets intersphinx fetch the inventories of the Python, Jinja and Ansible docs. The pages that
antsibull-docs writes for this collection refer to the Ansible docs by a few labels only (every module's "common
return values" link, the environment variables index's link to the configuration settings, the note of a module
that has an action plugin, and the cache settings an inventory plugin's options name), so this writes a local
inventory of those into SITE_DIR/ansible_devel.inv and points conf.py's intersphinx_mapping at it alone: the links
still lead to the Ansible docs, nothing is fetched, and any other reference that cannot be resolved still fails the
build (Sphinx runs with -W).
"""
import os
import sys
import zlib

BASE_URL = "https://docs.ansible.com/projects/ansible/devel/"
# name, domain:role, priority, location (relative to BASE_URL), display name
LABELS = [
    ("common_return_values", "std:label", "-1", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
    ("ansible_configuration_settings", "std:label", "-1", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    ("action_plugins", "std:label", "-1", "plugins/action.html#action-plugins", "Action plugins"),
] + [
    # The inventory cache options of an inventory plugin (the inventory_cache doc fragment) name these settings.
    (name, "std:envvar", "1", "reference_appendices/config.html#envvar-" + name, "-")
    for name in ("ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
                 "ANSIBLE_CACHE_PLUGIN_TIMEOUT")
]


def main(site_dir):
    inventory = os.path.join(os.path.abspath(site_dir), "ansible_devel.inv")
    header = b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n" \
        b"# The remainder of this file is compressed using zlib.\n"
    body = "".join(" ".join(label) + "\n" for label in LABELS).encode("utf-8")
    with open(inventory, "wb") as handle:
        handle.write(header + zlib.compress(body))
    with open(os.path.join(site_dir, "conf.py"), "a", encoding="utf-8") as handle:
        handle.write("\n# make docs (tests/utils/docs_offline.py): offline, from a local inventory only.\n"
                     "intersphinx_mapping = {'ansible_devel': (%r, %r)}\n" % (BASE_URL, inventory))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
