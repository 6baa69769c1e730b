# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes every list of the account's sections outside the registry (plugins/module_utils/_account.py, SECTIONS) from
it: the regions of the files below between a line "# BEGIN generated from the sections (tests/utils/sections.py)"
and a line "# END generated", each at the indentation of its BEGIN line.

    python tests/utils/sections.py --write

A new kind is named in the registry (and given its doc fragment, modules and list RETURN parts); this writes the
rest. tests/unit/plugins/test_sections.py fails when a region is stale. Needs the collection importable as
ansible_collections.scorm.cloud (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import sys
import textwrap

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.plugins.module_utils._application_settings import APPLICATION_SETTINGS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from list_returns import PARTS  # noqa: E402 (a sibling script)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BEGIN = "# BEGIN generated from the sections (tests/utils/sections.py)"
END = "# END generated"
NAMES = [name for name, _kind in SECTIONS]
# The modules that are not one kind's: the whole account, and the settings of the application that authenticates.
ACCOUNT_MODULES = ["scorm_account", "scorm_account_info"]


def flow(names):
    return "[%s]" % ", ".join(names)


def runtime_modules():
    modules = ACCOUNT_MODULES + list(APPLICATION_SETTINGS.modules)
    for _name, kind in SECTIONS:
        modules.extend(kind.modules)
    return ["- %s" % module for module in sorted(modules)]


def role_task_sections():
    return ['%s: "{{ scorm_%s if \'%s\' in scorm_account_sections else omit }}"' % (name, name, name)
            for name in NAMES]


def info_returns():
    """The RETURN entry of each section of scorm_account_info, its sample that of the list module's gathered."""
    lines = []
    for name, kind in SECTIONS:
        needs = " (with App Management credentials)" if kind.uses_mgmt else ""
        sample = PARTS[kind.modules[1]]["gathered_sample"].replace("\n            ", "\n    ")
        if kind.uses_mgmt:
            sample = re.sub(r'"id": "[^"]*", ', "", sample)  # read_account names them (SCORM Cloud assigns ids)
        lines += ["%s:" % name, "  description:"]
        for sentence in ["The %s, as the role's C(scorm_%s) takes them (the C(config) of M(scorm.cloud.%s))." % (
                kind.plural_noun, name, kind.modules[1])] + (["Without %s." % kind.left_out] if kind.left_out else []):
            lines += textwrap.wrap(sentence, 116, initial_indent="    - ", subsequent_indent="      ")
        lines += ["  returned: when read%s and O(query) is not set" % needs, "  type: list", "  elements: dict",
                  "  sample: %s" % sample.replace("\n", "\n  ")]
    return "\n".join(lines).split("\n")


def doc_fragments():
    return ["- scorm.cloud.%s.section" % kind.doc_fragment for _name, kind in SECTIONS]


# path -> the lines of its generated region.
REGIONS = {
    "meta/runtime.yml": runtime_modules,
    "roles/account/defaults/main.yml": lambda: ["scorm_sections: %s" % flow(NAMES)],
    "roles/account/vars/main.yml": lambda: ["scorm_account_section_names: %s" % flow(NAMES)],
    "roles/account/tasks/main.yml": role_task_sections,
    "playbooks/export.yml": lambda: ["scorm_export_all_sections: %s" % flow(NAMES)],
    "plugins/modules/scorm_account.py": doc_fragments,
    "plugins/modules/scorm_account_info.py": [lambda: ["choices: %s" % flow(NAMES)], info_returns],
}
_REGION = re.compile(r"^([ \t]*)%s\n.*?^[ \t]*%s\n" % (re.escape(BEGIN), re.escape(END)), re.MULTILINE | re.DOTALL)


def render(path, text):
    """``text`` (of the file at ``path``) with its region rendered anew."""
    renderers = REGIONS[path] if isinstance(REGIONS[path], list) else [REGIONS[path]]
    pending = list(renderers)

    def region(match):
        indent = match.group(1)
        lines = pending.pop(0)() if pending else []
        return "".join((indent + line).rstrip() + "\n" for line in [BEGIN] + lines + [END])

    rendered, count = _REGION.subn(region, text)
    if count != len(renderers):
        raise ValueError("%s has %d generated regions, not %d" % (path, count, len(renderers)))
    return rendered


def read(path):
    with open(os.path.join(ROOT, path)) as handle:
        return handle.read()


if __name__ == "__main__":
    for relative in sorted(REGIONS):
        text = read(relative)
        if "--write" in sys.argv[1:]:
            with open(os.path.join(ROOT, relative), "w") as handle:
                handle.write(render(relative, text))
        elif render(relative, text) != text:
            sys.exit("%s: its generated region is stale; run python tests/utils/sections.py --write" % relative)
