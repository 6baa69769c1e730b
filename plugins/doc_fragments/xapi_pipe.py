# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import config_fragment, options_fragment, section_fragment

# The options of one xapi pipe, written once: top-level options of scorm_xapi_pipe (DOCUMENTATION) and the items of
# the list module's config (CONFIG).
_OPTIONS = r"""
id:
  description:
    - The pipe ID. You choose it; it is the pipe's identity.
  type: str
  required: true
source:
  description:
    - The LRS the pipe reads statements from. Required to create a pipe.
    - Sub-options you leave out keep their current values.
  type: dict
  suboptions:
    url:
      description:
        - The source LRS endpoint. Required to create a pipe.
        - For SCORM Cloud's own LRS, the application's endpoint ending in C(/statements), for example
          V(https://cloud.scorm.com/lrs/APPID/statements).
      type: str
    user_name:
      description:
        - The user name (for SCORM Cloud's LRS, the id of an xAPI credential; see M(scorm.cloud.scorm_xapi_credential)).
      type: str
    password:
      description:
        - The password (for SCORM Cloud's LRS, the xAPI credential's secret). Write-only; see O(update_password).
      type: str
target:
  description:
    - The LRS the pipe writes statements to. Required to create a pipe.
    - Sub-options you leave out keep their current values.
  type: dict
  suboptions:
    url:
      description:
        - The target LRS endpoint, for example V(https://lrs.example.com/xapi/). Required to create a pipe.
      type: str
    user_name:
      description:
        - The user name to write to the target LRS with.
      type: str
    password:
      description:
        - The password to write to the target LRS with. Write-only; see O(update_password).
      type: str
"""

_TASK_OPTIONS = r"""
update_password:
  description:
    - V(on_create) sends the passwords only when the pipe is created (or changed for another reason), so a re-run
      with the same declaration changes nothing.
    - V(always) sends them on every run, which reports a change every time. Use it once to change a password.
  type: str
  choices: [always, on_create]
  default: on_create
"""

_CONFIG_DESCRIPTION = r"""- The pipes, one item per pipe, with the options of M(scorm.cloud.scorm_xapi_pipe)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("xapi_pipes", "xAPI statement pipes", _OPTIONS)
