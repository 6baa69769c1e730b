# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renders meta/argument_specs.yml of the account and drift roles: one list option per section, whose items take the
options of the section's list module (types from the kinds, descriptions from the doc fragments), plus each role's
own options. The drift role takes the same input as the account role.

    python tests/utils/role_argument_specs.py account > roles/account/meta/argument_specs.yml
    python tests/utils/role_argument_specs.py drift > roles/drift/meta/argument_specs.yml

Needs the collection importable as ansible_collections.scorm.cloud (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH).
tests/unit/plugins/test_role_argument_specs.py fails when the committed file differs from what this renders.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import re
import sys

import yaml

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS

# section -> (doc fragment of its kind, list module), from the registry
FRAGMENTS = dict((name, (kind.doc_fragment, kind.modules[1])) for name, kind in SECTIONS)
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
        "description": ["Ids or names of objects that O(scorm_purge) never deletes (and a drift check does not report)."],
        "type": "list",
        "elements": "str",
        "default": [],
    },
    "scorm_purge_refused": {
        "description": [
            "What O(scorm_purge) does about an object it would delete while a declared or kept object refers to it"
            " (a destination or course of a dispatch, an xAPI credential of a pipe, the application of a credential).",
            "V(fail) fails the play before anything is written, naming both objects, in check mode too.",
            "V(keep) keeps such objects (each reported with the reason) and reconciles the rest; the drift role uses it,"
            " so that they show as unmanaged.",
        ],
        "type": "str",
        "choices": ["fail", "keep"],
        "default": "fail",
    },
    "scorm_allow_empty": {
        "description": [
            "Whether a state that declares no section is fine. By default such a run fails before any request, as"
            " does a variable named like a section but misspelled (C(scorm_destination)), so that an empty or wrongly"
            " loaded state file never passes for an account that matches it.",
        ],
        "type": "bool",
        "default": False,
    },
    "scorm_concurrency": {
        "description": ["How many requests each section's task sends at once."],
        "type": "int",
        "default": 8,
    },
    "scorm_sections": {
        "description": ["Of the sections that are set, only these are reconciled."],
        "type": "list",
        "elements": "str",
        "choices": [name for name, kind in SECTIONS],
        "default": [name for name, kind in SECTIONS],
    },
}
# Each falls back to module_defaults for group/scorm.cloud.all, then to the SCORM_CLOUD_* environment variable.
CONNECTION_OPTIONS = dict((name, {"description": [description], "type": "str"}) for name, description in (
    ("scorm_api_url", "Base URL of the SCORM Cloud API v2; else module_defaults, SCORM_CLOUD_API_URL, the service's."),
    ("scorm_app_id", "The application whose sections are reconciled; else module_defaults or SCORM_CLOUD_APP_ID."),
    ("scorm_secret_key", "A secret key of O(scorm_app_id); else module_defaults or SCORM_CLOUD_SECRET_KEY."),
    ("scorm_mgmt_app_id", "The App Management application, for applications and credentials; else module_defaults"
                          " or SCORM_CLOUD_MGMT_APP_ID."),
    ("scorm_mgmt_secret_key", "A secret key of O(scorm_mgmt_app_id); else module_defaults or"
                              " SCORM_CLOUD_MGMT_SECRET_KEY."),
    ("scorm_access_token", "A bearer token, used where no application credentials are given; else module_defaults"
                           " or SCORM_CLOUD_ACCESS_TOKEN."),
))
for name in ("scorm_secret_key", "scorm_mgmt_secret_key", "scorm_access_token"):
    CONNECTION_OPTIONS[name]["no_log"] = True
CONNECTION_OPTIONS["scorm_auth_mode"] = {
    "description": ["V(oauth) trades the credentials for a short-lived token limited to what each section needs (read"
                    " only in check mode); V(basic) sends them with every request (the modules' C(auth_mode))."],
    "type": "str",
    "choices": ["basic", "oauth"],
}
DRIFT_OPTIONS = {
    "scorm_drift_report_dir": {
        "description": ["Where drift.json, drift.md and drift-junit.xml are written; the current directory by default."],
        "type": "path",
    },
    "scorm_drift_fail": {
        "description": ["Whether the play fails when there is drift (the message gives the counts and the reports)."],
        "type": "bool",
        "default": True,
    },
    "scorm_drift_read_only": {
        "description": [
            "Whether the run holds short-lived read-only tokens only, so that it cannot write even if something"
            " tried: each module trades the credentials it is given (the C(scorm_*) variables, C(module_defaults)"
            " for C(group/scorm.cloud.all), or SCORM_CLOUD_*) for a token that can only read (O(scorm_auth_mode=oauth)"
            " in check mode).",
            "With V(false) the modules use the credentials as given. Given only an O(scorm_access_token), the token is"
            " used as it is either way.",
        ],
        "type": "bool",
        "default": True,
    },
}
ROLES = {
    "account": {
        "short_description": "Make a SCORM Cloud account match its declared state",
        "version_added": "0.1.0",
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
        "options": ROLE_OPTIONS,
    },
    "drift": {
        "short_description": "Report what in a SCORM Cloud account no longer matches its declared state",
        "version_added": "0.1.0",
        "description": [
            "Takes the same input as the C(scorm.cloud.account) role and runs its reconciliation in check mode,"
            " with every declared section overridden, so that objects the code does not declare show too. Nothing"
            " is written to the account; by default the run holds read-only tokens only.",
            "Writes three reports into O(scorm_drift_report_dir): C(drift.json) (one record per object that is"
            " missing, changed or unmanaged, and a summary), C(drift.md) (to read, or paste into a pull request"
            " or a CI job summary) and C(drift-junit.xml) (one test case per declared and per unmanaged object,"
            " failed where it drifted).",
            "The play fails when there is drift, unless O(scorm_drift_fail=false). The role sets C(scorm_drift)"
            " to the report.",
        ],
        # A drift check keeps what a purge would refuse to delete (and reports it as unmanaged): not an option there.
        "options": dict(dict((name, option) for name, option in ROLE_OPTIONS.items() if name != "scorm_purge_refused"),
                        **DRIFT_OPTIONS),
        "connection": True,
    },
}


def plain(text):
    """Option references of a module, as plain code: they name options of another place here."""
    return MARKUP.sub(lambda match: "C(%s)" % match.group(1), text)


def item_options(spec, docs):
    options = {}
    for name in sorted(spec):
        description = docs.get(name, {}).get("description", [])
        # A description is a list of paragraphs, or one string.
        entry = {"description": [plain(line) for line in ([description] if isinstance(description, str) else description)]}
        for key in ("type", "elements", "choices", "required", "default"):
            if key in spec[name]:
                entry[key] = spec[name][key]
        if "options" in spec[name]:
            entry["options"] = item_options(spec[name]["options"], docs.get(name, {}).get("suboptions", {}))
        if not entry["description"]:
            del entry["description"]
        options[name] = entry
    return options


def render(role="account"):
    spec = ROLES[role]
    options = {}
    for section, kind in SECTIONS:
        fragment, module = FRAGMENTS[section]
        docs = importlib.import_module("ansible_collections.scorm.cloud.plugins.doc_fragments." + fragment)
        option_docs = yaml.safe_load(docs._OPTIONS)
        # The items are checked by the module, before any request, with a message that names the item and the
        # option (scorm_account); a role's own check of them would print every spec with its message. So the role
        # documents them by the options of the list module's items, which are the same.
        options["scorm_" + section] = {
            "description": [
                "The %s, each item with the options of the items of C(config) of M(scorm.cloud.%s): %s." % (
                    kind.plural_noun, module, ", ".join("C(%s)" % name for name in sorted(item_options(
                        kind.item_spec(), option_docs)))),
                "Or as M(scorm.cloud.scorm_account_info) returns them. Each item is checked before any request; a"
                " mistake fails the play with one line that names the item and the option.",
                "Leave it unset to leave the %s alone." % kind.plural_noun,
            ],
            "type": "list",
            "elements": "dict",
        }
    options.update(spec["options"])
    if spec.get("connection"):
        options.update(CONNECTION_OPTIONS)
    specs = {"argument_specs": {"main": {
        "short_description": spec["short_description"],
        "version_added": spec["version_added"],
        "description": spec["description"],
        "author": ["scorm.cloud contributors (@scorm-cloud)"],
        "options": options,
    }}}
    header = ("---\n# Rendered by tests/utils/role_argument_specs.py from the kinds (plugins/module_utils) and their doc\n"
              "# fragments; tests/unit/plugins/test_role_argument_specs.py fails when it is stale. Do not edit by hand.\n")
    return header + yaml.dump(specs, Dumper=IndentedDumper, default_flow_style=False, sort_keys=False, width=120)


class IndentedDumper(yaml.SafeDumper):
    """Indents the items of a list under its key, as yamllint (and so ansible-lint) wants them."""

    def increase_indent(self, flow=False, indentless=False):
        return super(IndentedDumper, self).increase_indent(flow, False)


if __name__ == "__main__":
    sys.stdout.write(render(sys.argv[1] if len(sys.argv) > 1 else "account"))
