#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_applications
short_description: Manage the applications of a SCORM Cloud realm in one task
version_added: 0.1.0
description:
  - Reconciles a list of applications in one task, from one read of the realm's application list. It is the list
    module of M(scorm.cloud.scorm_application), with the same options per item, and uses only the App Management
    credentials.
  - An item is found by O(config[].id) when given (then O(config[].name) renames it), else by a unique
    O(config[].name); SCORM Cloud assigns the ids of new applications.
  - O(state=overridden) never deletes the applications this task authenticates with (O(mgmt_app_id) and
    O(app_id)), nor an application whose deletion protection (C(allowDelete)) is on, nor one named in O(protect).
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.application.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_application
    description: One application per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Applications as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      mgmt_app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_APP_ID') }}"
      mgmt_secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_SECRET_KEY') }}"
  tasks:
    - name: One application per test environment
      scorm.cloud.scorm_applications:
        config:
          - name: qa
          - name: uat
            allow_delete: true

    - name: Every application of the realm
      scorm.cloud.scorm_applications:
        state: gathered
      register: realm
"""

RETURN = r"""
applications:
  description:
    - The declared applications after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "2F3D8A6C1B", "name": "staging", "allow_delete": false,
            "created": "2026-01-02T03:04:05.000Z", "updated": "2026-01-02T03:04:05.000Z"}]
actions:
  description:
    - One entry per application the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The application ID (V(null) for one that is still to be created).
      type: str
      sample: 2F3D8A6C1B
    name:
      description: The name the application was found by, when the item has no id.
      type: str
      returned: when the item has no O(config[].id)
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
      description: The application before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The application after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this application could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many applications were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every application of the realm, in the shape of O(config) (unset values left out).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "2F3D8A6C1B", "name": "staging", "allow_delete": false}]
diff:
  description: One before/after pair per application that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._applications import APPLICATIONS


def main():
    run_list_module(APPLICATIONS)


if __name__ == "__main__":
    main()
