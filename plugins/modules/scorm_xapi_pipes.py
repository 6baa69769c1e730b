#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_xapi_pipes
short_description: Manage all xAPI statement pipes of a SCORM Cloud application in one task
version_added: 0.1.0
description:
  - Reconciles a list of xAPI statement pipes in one task, from one read of the application's pipes. It is the list
    module of M(scorm.cloud.scorm_xapi_pipe), with the same options per item.
  - Passwords are write-only. They are sent when a pipe is created, with O(update_password=always), and along with
    any other change to the pipe; a re-run with the same declaration changes nothing.
  - SCORM Cloud restarts a pipe from the beginning whenever it is updated, so keep O(update_password=always) out of
    plays that run on a schedule.
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.xapi_pipe.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_xapi_pipe
    description: One pipe per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Statement forwarding as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Forward the application's statements to the reporting LRS and to a backup LRS
      scorm.cloud.scorm_xapi_pipes:
        config:
          - id: to-reporting-lrs
            source:
              url: "https://cloud.scorm.com/lrs/{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}/statements"
              user_name: "{{ lrs_key.xapi_credential.id }}"
              password: "{{ lrs_key_secret }}"
            target:
              url: https://reporting.example.com/xapi/
              user_name: scorm-cloud
              password: "{{ company_lrs_password }}"
          - id: to-backup-lrs
            source:
              url: "https://cloud.scorm.com/lrs/{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}/statements"
              user_name: "{{ lrs_key.xapi_credential.id }}"
              password: "{{ lrs_key_secret }}"
            target:
              url: https://backup-lrs.example.com/xapi/
              user_name: scorm-cloud
              password: "{{ archive_lrs_password }}"

    - name: Remove a retired pipe (only its id is needed)
      scorm.cloud.scorm_xapi_pipes:
        config:
          - id: to-legacy-lrs
        state: deleted
"""

RETURN = r"""
xapi_pipes:
  description:
    - The declared pipes after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
    - Without passwords.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "to-company-lrs", "source": {"url": "https://cloud.scorm.com/lrs/APPID/statements", "user_name": "Xk3b9"},
            "target": {"url": "https://lrs.example.com/xapi/", "user_name": "scorm-cloud"}}]
actions:
  description:
    - One entry per pipe the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The pipe ID.
      type: str
      sample: to-company-lrs
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
      description: The pipe before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The pipe after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this pipe could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many pipes were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every pipe of the application, in the shape of O(config) (unset values left out; passwords are never returned).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "to-company-lrs", "source": {"url": "https://cloud.scorm.com/lrs/APPID/statements", "user_name": "Xk3b9"},
            "target": {"url": "https://lrs.example.com/xapi/", "user_name": "scorm-cloud"}}]
diff:
  description: One before/after pair per pipe that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_pipes import PIPES


def main():
    run_list_module(PIPES)


if __name__ == "__main__":
    main()
