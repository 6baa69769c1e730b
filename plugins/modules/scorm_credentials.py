#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_credentials
short_description: Manage the secret keys of SCORM Cloud applications in one task
version_added: 0.1.0
description:
  - Reconciles a list of credentials (secret keys) in one task, with one read of the credentials of each application
    the items name. It is the list module of M(scorm.cloud.scorm_credential), with the same options per item, and
    uses only the App Management credentials.
  - A credential is found within its O(config[].application) by O(config[].id) when given, else by a unique
    O(config[].name). SCORM Cloud generates the secrets of new credentials; they are returned only with
    O(return_secret=true).
  - O(state=overridden) deletes the undeclared credentials of the applications the items name (never those of
    other applications), except the key this task authenticates with and those named in O(protect).
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.credential.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_credential
    description: One credential per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Application keys as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      mgmt_app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_APP_ID') }}"
      mgmt_secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_SECRET_KEY') }}"
  tasks:
    - name: The keys of the staging application
      scorm.cloud.scorm_credentials:
        config:
          - application: staging
            name: ci-deploy
          - application: staging
            name: reporting
            active: false
"""

RETURN = r"""
credentials:
  description:
    - The declared credentials after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
    - Without secrets, unless O(return_secret=true).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"application": "2F3D8A6C1B", "id": "d41e8b", "name": "ci-deploy", "active": true,
            "created": "2026-01-02T03:04:05.000Z", "updated": "2026-01-02T03:04:05.000Z"}]
actions:
  description:
    - One entry per credential the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    application:
      description: The ID of the credential's application.
      type: str
      sample: 2F3D8A6C1B
    id:
      description: The credential ID (V(null) for one that is still to be created).
      type: str
      sample: d41e8b
    name:
      description: The name the credential was found by, when the item has no id.
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
      description: The credential before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The credential after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this credential could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many credentials were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every credential of the applications in O(config), in the shape of O(config) (unset values left out; without secrets).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"application": "2F3D8A6C1B", "id": "d41e8b", "name": "ci-deploy", "active": true}]
diff:
  description: One before/after pair per credential that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._credentials import CREDENTIALS


def main():
    run_list_module(CREDENTIALS)


if __name__ == "__main__":
    main()
