# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import (
    PURGE_TAGS, config_fragment, limits_options, options_fragment, postback_option, section_fragment)

# The options of one public invitation, written once: top-level options of scorm_public_invitation (DOCUMENTATION),
# the items of scorm_public_invitations' config (CONFIG) and of scorm_account's section (SECTION).
_OPTIONS = r"""
name:
  description:
    - The invitation's name, which you choose; it is the invitation's identity. SCORM Cloud assigns invitation ids, so the name is kept
      in a tag of the invitation (C(scorm.cloud/name=) and the name), which O(tags) neither shows nor removes.
    - An invitation made elsewhere has no such tag; its name is its id (as O(state=gathered) and the export show
      it). A name that matches no invitation adopts the only open invitation of O(course) that has no name, if there
      is exactly one, by tagging it; otherwise a new invitation is created.
  type: str
  required: true
course:
  description:
    - The ID of the course the invitation opens (see M(scorm.cloud.scorm_course)).
    - Required to create an invitation. It cannot change afterwards.
  type: str
allow_launch:
  description:
    - Whether learners can launch the course through the invitation. SCORM Cloud opens new invitations.
  type: bool
allow_new_registrations:
  description:
    - Whether new learners can register through the invitation. With V(false), only learners already registered
      can launch it.
  type: bool
"""
_OPTIONS += limits_options("public invitation")
_OPTIONS += r"""
tags:
  description:
    - Tags of the invitation (the tag that holds its O(name) aside).
    - Leave it out to keep the current tags. See O(purge_tags).
  type: list
  elements: str
"""
_OPTIONS += postback_option("public invitation", "the results of the invitation's registrations")
_OPTIONS += r"""
creating_user_email:
  description:
    - The e-mail address of the realm user on whose behalf the invitation is created. SCORM Cloud requires it to
      create one; it is not compared afterwards.
  type: str
url:
  description:
    - The invitation's link, which SCORM Cloud chooses. It is returned and exported, so that an export says where each
      invitation leads; a value given here is neither compared nor written.
  type: str
"""

_TASK_OPTIONS = r"""
update_password:
  description:
    - V(on_create) sends O(postback) only when the invitation is created, so a re-run changes nothing.
    - V(always) sends it on every run, which reports a change every time. Use it once to change the postback.
  type: str
  choices: [always, on_create]
  default: on_create
"""

_CONFIG_DESCRIPTION = r"""- The public invitations, one item per invitation, with the options of
  M(scorm.cloud.scorm_public_invitation)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("public_invitations", "public invitations", _OPTIONS)
