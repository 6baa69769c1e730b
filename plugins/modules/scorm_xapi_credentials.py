#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_xapi_credentials
short_description: Manage all xAPI credentials of a SCORM Cloud application in one task
version_added: 0.1.0
description:
  - Reconciles a list of xAPI (LRS) credentials in one task, from one read of the application's xAPI credentials.
    It is the list module of M(scorm.cloud.scorm_xapi_credential), with the same options per item.
  - An item is found by its O(config[].id) when it has one (a missing one is created at that id), else by a unique
    O(config[].name). Secrets are never returned unless O(return_secret=true).
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.xapi_credential.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_xapi_credential
    description: One xAPI credential per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: LRS keys as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Keys to the application's LRS (their secrets are generated)
      scorm.cloud.scorm_xapi_credentials:
        config:
          - id: dashboards-readonly
            name: Dashboards (read only)
            permissions_level: READONLY
          - id: statement-importer
            name: Statement importer
            permissions_level: WRITEONLY
            enabled: false

    - name: Read every xAPI credential, without secrets
      scorm.cloud.scorm_xapi_credentials:
        state: gathered
      register: xapi_keys
"""

RETURN = r"""
xapi_credentials:
  description:
    - The declared xAPI credentials after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
    - Without secrets, unless O(return_secret=true).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "dashboards-readonly", "name": "Dashboards (read only)", "info": null, "enabled": true, "auth": "BASICAUTH",
            "permissions_level": "READONLY"}]
actions:
  description:
    - One entry per xAPI credential the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The credential ID (V(null) for one that is still to be created by name).
      type: str
      sample: dashboards-readonly
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
      description: The xAPI credential before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The xAPI credential after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this xAPI credential could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many xAPI credentials were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every xAPI credential of the application, in the shape of O(config) (unset values left out; without secrets).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "dashboards-readonly", "name": "Dashboards (read only)", "enabled": true, "auth": "BASICAUTH",
            "permissions_level": "READONLY"}]
diff:
  description: One before/after pair per xAPI credential that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_credentials import XAPI_CREDENTIALS


def main():
    run_list_module(XAPI_CREDENTIALS)


if __name__ == "__main__":
    main()
