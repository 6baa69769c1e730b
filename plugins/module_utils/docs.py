# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Builds the doc fragments of a kind from its option docs, written once: the top-level options of its single-object
module, and the ``config`` option of its list module (the same options as suboptions of each item).

Used by plugins/doc_fragments only, at documentation time; no module imports it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from textwrap import indent

_OPTION_NAME = re.compile(r"^([a-z_][a-z0-9_]*):", re.MULTILINE)

# The task option of every kind with tags.
PURGE_TAGS = r"""
purge_tags:
  description:
    - Whether to remove tags that O(tags) does not list. With V(false), O(tags) are only added.
  type: bool
  default: true
"""


def options_fragment(options, task_options=""):
    """The single-object module's options: the item's options and the task options, side by side."""
    return "options:" + indent(options + task_options, "  ")


def _in_list(option, options, text):
    """``text`` with references to the item ``options`` as references into the list ``option`` (``config[].id``);
    references to the single module's return values (RV) become plain code, since a list module returns them under
    another key."""
    names = _OPTION_NAME.findall(options)
    in_items = re.compile(r"O\((%s)(?=[.=)\[])" % "|".join(names))
    return re.sub(r"RV\(([^)]*)\)", r"C(\1)", in_items.sub(r"O(%s[].\1" % option, text))


def config_fragment(description, options, task_options=""):
    """The list module's ``config`` (a list of items with ``options``) and its task options."""
    return ("\noptions:\n  config:\n    description:\n" + indent(description.strip("\n"), "      ")
            + "\n      - Required unless O(state=gathered).\n    type: list\n    elements: dict\n    suboptions:"
            + indent(_in_list("config", options, options), "      ")
            + indent(_in_list("config", options, task_options), "  "))


def section_fragment(section, noun, options):
    """One section of scorm_account: a list option named after it, whose items take ``options``. References to the
    list module's task options become plain code: scorm_account has only some of them."""
    return ("\noptions:\n  %s:\n    description:\n      - The %s, as the items of the C(config) of its list module, or as"
            " M(scorm.cloud.scorm_account_info) returns them.\n      - Leave it out to leave the %s alone; they are"
            " not even read.\n    type: list\n    elements: dict\n    suboptions:" % (section, noun, noun)
            + indent(re.sub(r"\bO\((?!%s\[\]\.)([^)]*)\)" % section, r"C(\1)", _in_list(section, options, options)),
                     "      "))
