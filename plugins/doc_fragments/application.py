# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import config_fragment, options_fragment, section_fragment

# The options of one application, written once: top-level options of scorm_application (DOCUMENTATION) and the items of
# the list module's config (CONFIG).
_OPTIONS = r"""
name:
  description:
    - Name of the application. Without O(id) it is the application's identity; with O(id) the application is
      renamed to it.
    - Required to create an application. One of O(name) and O(id) is required.
  type: str
id:
  description:
    - Id of an existing application (SCORM Cloud assigns it on creation; see RV(application.id)).
    - Use it to rename an application, or to pick one of several applications with the same name.
    - The application must exist when O(state=present); the module does not create applications by id.
  type: str
allow_delete:
  description:
    - Whether the application may be deleted (the service's C(allowDelete) flag). New applications start with
      V(false).
    - With O(state=absent), a protected application is only deleted when this is V(true) in the task; the module
      then lifts the protection and deletes the application. Otherwise the task fails and deletes nothing.
  type: bool
"""

_TASK_OPTIONS = r"""
include_counts:
  description:
    - Whether to return the numbers of courses and registrations of the application
      (RV(application.course_count) and RV(application.registration_count)).
  type: bool
  default: false
"""

_CONFIG_DESCRIPTION = r"""- The applications, one item per application, with the options of M(scorm.cloud.scorm_application)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("applications", "applications", _OPTIONS)
