#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_courses
short_description: Manage the courses of a SCORM Cloud application in one task
version_added: 0.1.0
description:
  - Reconciles a list of courses in one task, from one read of the application's course list. It is the list module
    of M(scorm.cloud.scorm_course), with the same options per item and the same rule for when a package is imported
    again.
  - Packages are imported with bounded concurrency (O(concurrency)); each import is waited for unless O(wait=false).
  - An item without O(config[].src) or O(config[].url) manages the title, tags and settings of an existing course.
    When that course does not exist, the item is skipped with a warning (an exported course carries no package).
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.course.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_course
    description: One course per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: The course catalogue as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Courses, each re-imported only when its package changed
      scorm.cloud.scorm_courses:
        config:
          - id: onboarding-101
            src: "{{ playbook_dir }}/files/onboarding-101.zip"
            title: Onboarding 101
            tags: [onboarding, hr]
          - id: safety-201
            tags: [safety, mandatory]
      register: catalogue

    - name: Show why packages were imported
      ansible.builtin.debug:
        msg: "{{ catalogue.actions | selectattr('import_reason') | map(attribute='import_reason') | list }}"
"""

RETURN = r"""
courses:
  description:
    - The declared courses after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "onboarding-101", "title": "Onboarding 101", "version": 2, "learning_standard": "SCORM12",
            "tags": ["hr", "onboarding"], "created": "2026-01-02T03:04:05.123Z", "updated": "2026-01-02T03:04:05.123Z"}]
actions:
  description:
    - One entry per course the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The course ID.
      type: str
      sample: onboarding-101
    action:
      description: V(create), V(update), V(delete) or V(none).
      type: str
      sample: update
    fields:
      description: The options that change.
      type: list
      elements: str
      returned: when the action is not V(none)
    before:
      description: The course before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The course after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this course could not be reconciled.
      type: str
      returned: when it failed
    import_reason:
      description: Why the package was (or would be) imported; V(null) when it was not.
      type: str
      returned: for declared courses
    import_job:
      description: The import job this run started, as M(scorm.cloud.scorm_course) returns it.
      type: dict
      returned: when an import ran
    skipped:
      description: Why the item was left out (a course that does not exist and has no package).
      type: str
      returned: when the item was skipped
summary:
  description: How many courses were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every course of the application, in the shape of O(config) (unset values left out; no O(config[].src), which the service cannot give back).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "onboarding-101", "title": "Onboarding 101", "tags": ["hr", "onboarding"]}]
diff:
  description: One before/after pair per course that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._courses import COURSES


def main():
    run_list_module(COURSES)


if __name__ == "__main__":
    main()
