# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
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


# Options a dispatch and a public invitation share (%(noun)s: the kind's noun; %(results)s: whose results are posted).
_LIMITS = r"""
registration_cap:
  description:
    - The most registrations the %(noun)s accepts; V(0) for no limit.
  type: int
expiration_date:
  description:
    - When the %(noun)s expires, as an ISO-8601 date or date and time (V(2027-12-31), V(2027-12-31T23:59:59Z)); a
      time without a zone is UTC.
    - An empty string means it never expires.
    - Compared as an instant, so V(2027-12-31) and V(2027-12-31T00:00:00.000Z) are the same.
  type: str
"""
_POSTBACK = r"""
postback:
  description:
    - Where %(results)s are posted back to.
    - SCORM Cloud does not return the whole postback of a %(noun)s (never its password), so all of it is
      write-only. It is sent when the %(noun)s is created, and with O(update_password=always) on every run (which
      then reports a change). It is not compared, and never shown in the result or the diff.
  type: dict
  suboptions:
    url:
      description: The URL results are posted to.
      type: str
    auth_type:
      description: How the post authenticates.
      type: str
      choices: [UNDEFINED, FORM, HTTPBASIC]
    user_name:
      description: The user name of the post.
      type: str
    password:
      description: The password of the post. Never shown.
      type: str
    results_format:
      description: How much of the results is posted.
      type: str
      choices: [UNDEFINED, COURSE, ACTIVITY, FULL]
"""


def limits_options(noun):
    """The docs of registration_cap and expiration_date of a kind (a dispatch, a public invitation)."""
    return _LIMITS % dict(noun=noun)


def postback_option(noun, results):
    """The docs of the write-only postback of a kind; ``results`` says whose results are posted."""
    return _POSTBACK % dict(noun=noun, results=results)


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


_LIST_RETURN = r"""
%(plural)s:
  description:
    - The declared %(nouns)s after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.%(result_notes)s
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: %(result_sample)s
actions:
  description:
    - One entry per %(noun)s the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:%(identity)s
    action:
      description: V(create), V(update), V(delete) or V(none).
      type: str
      sample: update
    fields:
      description: The options that change.
      type: list
      elements: str
      returned: when the action is not V(none)%(fields_sample)s
    before:
      description: The %(noun)s before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The %(noun)s after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this %(noun)s could not be reconciled.
      type: str
      returned: when it failed%(action_extras)s
summary:
  description: How many %(nouns)s were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every %(noun)s of %(owner)s, in the shape of O(config) (unset values left out%(gathered_note)s).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: %(gathered_sample)s
diff:
  description: One before/after pair per %(noun)s that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

_ID_ENTRY = r"""
    id:
      description: The %(id_noun)s ID%(id_note)s.
      type: str
      sample: %(id_sample)s"""

_NAME_ENTRY = r"""
    name:
      description: The name the %(id_noun)s was found by, when the item has no id.
      type: str
      returned: when the item has no O(config[].id)"""
# A kind whose identity is its name (SCORM Cloud assigns the ids, and the name is kept with the object).
_NAMED_ENTRY = r"""
    name:
      description: The %(id_noun)s's name, its identity.
      type: str"""


def list_return(plural, noun, owner, id_sample, result_sample, gathered_sample, nouns=None, id_noun=None, id_note="",
                by_name=False, before_id="", result_notes=(), gathered_note="", fields_sample=None, action_extras="",
                named=False):
    """The RETURN of a list module, the same for every kind but for the parts given here (each kind's doc fragment
    holds them as RETURN_PARTS). tests/utils/list_returns.py writes it into the module; a unit test fails when a
    module's RETURN is not what this renders."""
    id_noun = id_noun or noun
    identity = before_id + _ID_ENTRY % dict(id_noun=id_noun, id_note=id_note, id_sample=id_sample)
    if by_name or named:
        identity += (_NAMED_ENTRY if named else _NAME_ENTRY) % dict(id_noun=id_noun)
    return _LIST_RETURN % dict(
        plural=plural, noun=noun, nouns=nouns or noun + "s", owner=owner, identity=identity,
        result_notes="".join("\n    - " + note for note in result_notes), result_sample=result_sample,
        gathered_sample=gathered_sample, gathered_note=gathered_note,
        fields_sample="\n      sample: %s" % fields_sample if fields_sample else "", action_extras=action_extras)
