# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import PURGE_TAGS, config_fragment, options_fragment, section_fragment

# The options of one course, written once: top-level options of scorm_course (DOCUMENTATION) and the items of
# the list module's config (CONFIG).
_OPTIONS = r"""
id:
  description:
    - The course ID. You choose it when the course is first imported; it is the course's identity.
  type: str
  required: true
src:
  description:
    - Path of the package zip on the host the module runs on (usually the controller, with C(delegate_to=localhost)).
    - Uploaded when the course does not exist, when the package differs from the course's current version, or with
      O(force).
    - A file that is not a readable zip, or a zip without any course descriptor (C(imsmanifest.xml), C(cmi5.xml),
      C(tincan.xml) or an AICC C(.crs) file) in any folder, fails the task before anything is sent. Where the descriptor must be is
      the service's to say.
  type: path
url:
  description:
    - A URL the service downloads the package zip from, instead of O(src).
    - Imported only when the course does not exist or with O(force), because the module cannot tell whether the
      content behind a URL changed.
  type: str
title:
  description:
    - The course title, instead of the title in the package.
    - Leave it out to keep the title the service took from the package. An import of a new version resets the
      title to the package's; the module then sets O(title) again.
  type: str
tags:
  description:
    - Tags of the course.
    - Leave it out to keep the current tags. See O(purge_tags).
  type: list
  elements: str
settings:
  description:
    - Course configuration settings, as a dict of setting id to value (for example V(PlayerScoLaunchType)).
    - Only the named settings are read, compared and written; every other setting keeps its value.
    - Values are compared as the service stores them, so V(true), V(True) and V('true') agree.
    - Setting ids are case-sensitive and unknown ids fail the task. For a course that does not exist yet, they can
      only be checked after its import.
    - Values of settings whose id contains C(Password) or C(Secret) are never shown in the diff or the result.
    - See O(purge_settings) for the settings set on the course and not named here.
  type: dict
purge_settings:
  description:
    - Whether settings set on the course itself and not named in O(settings) are deleted, so that each falls back to
      the value it inherits (from the application's configuration, or the service's default).
    - With V(false), only the named settings are read and written, and every other one keeps its value.
    - With V(true), every setting set on the course is read; check mode and diff mode show the ones that would be
      deleted (secret values as C(********)). With V(true) and no O(settings), all of them are deleted.
    - An exported course does not set it, because an export leaves out the course's secret settings.
  type: bool
  default: false
may_create_new_version:
  description:
    - Whether a changed package may be imported into an existing course as a new version.
    - With V(false), a changed package fails the task before anything is sent.
  type: bool
  default: true
force:
  description:
    - Import the package even when it looks unchanged (see the blind spot of M(scorm.cloud.scorm_course)), or when
      O(url) is used.
    - Every run with V(true) imports and creates a new version, so the task always reports a change.
  type: bool
  default: false
"""

_TASK_OPTIONS = r"""
wait:
  description:
    - Whether to wait for the import job to finish.
    - With V(false) the module starts the import and returns its job id in RV(import_job); O(title), O(tags) and
      O(settings) are then applied by a later run, once the import has finished.
    - A run that starts before that job has finished still sees the previous version, so it imports the package
      again. Wait for the job first, for example by polling C(GET /courses/importJobs/{id}).
  type: bool
  default: true
wait_timeout:
  description:
    - Seconds to wait for the import job, polling it at once, then with backoff (0.25 s, doubling up to 15 s between polls).
    - When it runs out the task fails; the job may still finish on the service, and the next run sees its result.
    - From 0 to 86400.
  type: int
  default: 300
"""

_CONFIG_DESCRIPTION = r"""- The courses, one item per course, with the options of M(scorm.cloud.scorm_course).
- An item without O(config[].src) or O(config[].url) manages the title, tags and settings of an existing
  course; when that course does not exist, the item is skipped with a warning."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("courses", "courses", _OPTIONS)
