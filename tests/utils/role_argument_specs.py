# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renders roles/account/meta/argument_specs.yml: one list option per section, whose items take the options of the
section's list module (types from the kinds, descriptions from the doc fragments), plus the role's own options.

    python tests/utils/role_argument_specs.py > roles/account/meta/argument_specs.yml

Needs the collection importable as ansible_collections.scorm.cloud (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH).
tests/unit/plugins/test_role_argument_specs.py fails when the committed file differs from what this renders.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import re
import sys

import yaml

from ansible_collections.scorm.cloud.plugins.module_utils.account import SECTIONS

# section -> (doc fragment of its kind, list module)
FRAGMENTS = {
    "applications": ("application", "scorm_applications"),
    "credentials": ("credential", "scorm_credentials"),
    "destinations": ("destination", "scorm_dispatch_destinations"),
    "courses": ("course", "scorm_courses"),
    "dispatches": ("dispatch", "scorm_dispatches"),
    "xapi_credentials": ("xapi_credential", "scorm_xapi_credentials"),
    "xapi_pipes": ("xapi_pipe", "scorm_xapi_pipes"),
}
MARKUP = re.compile(r"\b(?:O|RV)\(([^)]*)\)")

ROLE_OPTIONS = {
    "scorm_purge": {
        "description": [
            "Whether to delete the objects of each declared section that the section does not list"
            " (the list modules' C(state=overridden)).",
            "Sections whose variable is not set are never read or written, so they are not purged either.",
            "Applications and credentials this play authenticates with, and applications whose deletion"
            " protection is on, are never deleted.",
        ],
        "type": "bool",
        "default": False,
    },
    "scorm_protect": {
        "description": ["Ids or names of objects that O(scorm_purge) never deletes."],
        "type": "list",
        "elements": "str",
        "default": [],
    },
    "scorm_concurrency": {
        "description": ["How many requests each section's task sends at once."],
        "type": "int",
        "default": 8,
    },
}


def plain(text):
    """Option references of a module, as plain code: they name options of another place here."""
    return MARKUP.sub(lambda match: "C(%s)" % match.group(1), text)


def item_options(spec, docs):
    options = {}
    for name in sorted(spec):
        entry = {"description": [plain(line) for line in docs.get(name, {}).get("description", [])]}
        for key in ("type", "elements", "choices", "required", "default"):
            if key in spec[name]:
                entry[key] = spec[name][key]
        if "options" in spec[name]:
            entry["options"] = item_options(spec[name]["options"], docs.get(name, {}).get("suboptions", {}))
        if not entry["description"]:
            del entry["description"]
        options[name] = entry
    return options


def render():
    options = {}
    for section, kind in SECTIONS:
        fragment, module = FRAGMENTS[section]
        docs = importlib.import_module("ansible_collections.scorm.cloud.plugins.doc_fragments." + fragment)
        option_docs = yaml.safe_load(docs._OPTIONS)
        options["scorm_" + section] = {
            "description": [
                "The %s, as the items of C(config) of M(scorm.cloud.%s) (see there), or as"
                " M(scorm.cloud.scorm_account_info) returns them." % (kind.noun + "s", module),
                "Leave it unset to leave the %s alone." % (kind.noun + "s"),
            ],
            "type": "list",
            "elements": "dict",
            "options": item_options(kind.item_spec(), option_docs),
        }
        rules = dict((key, [list(group) for group in value]) for key, value in kind.item_rules.items())
        options["scorm_" + section].update(rules)
    options.update(ROLE_OPTIONS)
    specs = {"argument_specs": {"main": {
        "short_description": "Make a SCORM Cloud account match its declared state",
        "description": [
            "Reconciles each declared section of an account in one task, dependencies first: applications, their"
            " credentials, then the application's destinations, courses, dispatches, xAPI credentials and xAPI"
            " pipes.",
            "Each section is read once (its list), and only real changes are written; a second run changes"
            " nothing. Check mode and diff mode work as in the modules.",
            "Applications and credentials use the App Management credentials; the other sections the"
            " application's. Set them with C(module_defaults) for C(group/scorm.cloud.all) or the SCORM_CLOUD_*"
            " environment variables.",
        ],
        "author": ["scorm.cloud contributors (@scorm-cloud)"],
        "options": options,
    }}}
    header = ("---\n# Rendered by tests/utils/role_argument_specs.py from the kinds (plugins/module_utils) and their doc\n"
              "# fragments; tests/unit/plugins/test_role_argument_specs.py fails when it is stale. Do not edit by hand.\n")
    return header + yaml.safe_dump(specs, default_flow_style=False, sort_keys=False, width=120)


if __name__ == "__main__":
    sys.stdout.write(render())
