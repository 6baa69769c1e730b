#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_dispatches
short_description: Manage all dispatches of a SCORM Cloud application in one task
version_added: 0.1.0
description:
  - Reconciles a list of dispatches in one task, from one read of the application's dispatch list. It is the list
    module of M(scorm.cloud.scorm_dispatch), with the same options per item.
  - New dispatches are created with one request per 100 (the API takes a list), and added tags with one request per
    group of dispatches that gain the same tags.
  - SCORM Cloud allows one dispatch per course and destination. An item whose pair is taken by another dispatch (or
    by another item) fails with a sentence that names it, before anything is written.
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.dispatch.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_dispatch
    description: One dispatch per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Which course goes to which client, as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: The dispatches of every client
      scorm.cloud.scorm_dispatches:
        config:
          - id: globex-onboarding
            destination: globex-moodle
            course: onboarding-101
            registration_cap: 500
            tags: [globex]
          - id: acme-onboarding
            destination: acme-lms
            course: onboarding-101
            tags: [acme]
      register: dispatches

    - name: Read every dispatch, in the shape config takes
      scorm.cloud.scorm_dispatches:
        state: gathered
      register: live
"""

RETURN = r"""
dispatches:
  description:
    - The declared dispatches after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
    - Without the write-only postback.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "globex-onboarding", "destination": "globex-moodle", "course": "onboarding-101", "enabled": true,
            "allow_new_registrations": true, "instanced": true, "registration_cap": 500,
            "expiration_date": "2027-12-31T00:00:00.000Z", "tags": ["globex"], "email": null, "notes": null}]
actions:
  description:
    - One entry per dispatch the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The dispatch ID.
      type: str
      sample: globex-onboarding
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
      description: The dispatch before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The dispatch after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this dispatch could not be reconciled.
      type: str
      returned: when it failed
    package:
      description: The package file written for the item's O(config[].package_dest), as M(scorm.cloud.scorm_dispatch)
        returns it.
      type: dict
      returned: when the item sets O(config[].package_dest)
summary:
  description: How many dispatches were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every dispatch of the application, in the shape of O(config) (unset values left out; never the postback, which the service does not return).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "globex-onboarding", "destination": "globex-moodle", "course": "onboarding-101", "enabled": true,
            "allow_new_registrations": true, "instanced": true, "registration_cap": 500,
            "expiration_date": "2027-12-31T00:00:00.000Z", "tags": ["globex"]}]
diff:
  description: One before/after pair per dispatch that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import DISPATCHES


def main():
    run_list_module(DISPATCHES)


if __name__ == "__main__":
    main()
