# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import (
    PURGE_TAGS, config_fragment, limits_options, options_fragment, postback_option, section_fragment)

# The options of one dispatch, written once: top-level options of scorm_dispatch (DOCUMENTATION) and the items of
# scorm_dispatches' config (CONFIG).
_OPTIONS = r"""
id:
  description:
    - The dispatch ID. You choose it; it is the dispatch's identity.
  type: str
  required: true
destination:
  description:
    - The ID of the destination the course is dispatched to (see M(scorm.cloud.scorm_dispatch_destination)).
    - Required to create a dispatch. It cannot change afterwards; SCORM Cloud cannot move a dispatch.
  type: str
course:
  description:
    - The ID of the course that is dispatched (see M(scorm.cloud.scorm_course)).
    - Required to create a dispatch. It cannot change afterwards. SCORM Cloud allows one dispatch per course and
      destination; declaring a second one fails with a sentence that names the existing dispatch.
  type: str
enabled:
  description:
    - Whether learners can launch the dispatch. SCORM Cloud enables new dispatches.
  type: bool
allow_new_registrations:
  description:
    - Whether new learners may register. With V(false), only learners already registered can launch it.
  type: bool
instanced:
  description:
    - Whether a learner launching the dispatch again after completing it gets a new registration instance.
  type: bool
"""
_OPTIONS += limits_options("dispatch")
_OPTIONS += r"""
tags:
  description:
    - Tags of the dispatch.
    - Leave it out to keep the current tags. See O(purge_tags).
  type: list
  elements: str
email:
  description:
    - Contact e-mail address of the dispatch.
  type: str
notes:
  description:
    - Free-form notes.
  type: str
"""
_OPTIONS += postback_option("dispatch", "the client LMS's results")
_OPTIONS += r"""
package_dest:
  description:
    - A file path on the host the module runs on, where the dispatch's SCORM 1.2 package is written (the zip a
      client LMS imports).
    - It is downloaded when the file does not exist or the dispatch changed in this run, and written atomically (a
      temporary file beside it, then a rename), so it is never left half-written. Its directory must exist.
    - Not written in check mode; RV(package.changed) says whether it would be.
  type: path
"""

_TASK_OPTIONS = r"""
update_password:
  description:
    - V(on_create) sends O(postback) only when the dispatch is created, so a re-run changes nothing.
    - V(always) sends it on every run, which reports a change every time. Use it once to change the postback.
  type: str
  choices: [always, on_create]
  default: on_create
"""

_CONFIG_DESCRIPTION = r"""- The dispatches, one item per dispatch, with the options of M(scorm.cloud.scorm_dispatch)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("dispatches", "dispatches", _OPTIONS)
