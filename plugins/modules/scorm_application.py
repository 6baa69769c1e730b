#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_application
short_description: Manage SCORM Cloud applications through App Management
version_added: 0.1.0
description:
  - Creates, renames, protects and deletes applications of a SCORM Cloud realm.
  - Uses only the App Management credentials (O(mgmt_app_id) and O(mgmt_secret_key), or an O(access_token) issued
    for them). O(app_id) and O(secret_key) are accepted, so one C(module_defaults) group can configure a play, but
    never sent.
  - An application is found by O(name), or by O(id) when given. SCORM Cloud does not keep application names unique,
    so when several applications carry the name and O(id) is not given the task fails and lists their ids.
  - SCORM Cloud assigns application ids; an application is created by name, and its id is returned.
  - To manage the configuration settings of an application use M(scorm.cloud.scorm_application_settings), and
    for its secret keys M(scorm.cloud.scorm_credential).
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the application exist with the given options.
      - V(absent) deletes it. SCORM Cloud deletes only empty applications (no courses, registrations or other
        content), and only when its O(allow_delete) flag is set.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.application
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
notes:
  - Creating an application is not idempotent on the service's side (a repeated POST creates a second application
    with the same name). When the answer to a creation is lost, the module re-reads the applications by name before
    it would send the creation again.
  - Course and registration counts may change between runs; they appear in the diff but never count as a change.
seealso:
  - module: scorm.cloud.scorm_credential
  - module: scorm.cloud.scorm_application_settings
  - name: SCORM Cloud API v2 reference
    description: The App Management endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Provision and retire applications
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      mgmt_app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_APP_ID') }}"
      mgmt_secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_SECRET_KEY') }}"
  tasks:
    - name: A staging application
      scorm.cloud.scorm_application:
        name: staging
        include_counts: true
      register: staging

    - name: Show its id and size
      ansible.builtin.debug:
        msg: "{{ staging.application.id }} holds {{ staging.application.course_count }} course(s)"

    - name: Rename an application, by id
      scorm.cloud.scorm_application:
        id: "{{ emea_application_id }}"  # the application.id returned when it was created
        name: staging-emea

    - name: Delete an old application, lifting its deletion protection
      scorm.cloud.scorm_application:
        name: staging-2019
        allow_delete: true
        state: absent
"""

RETURN = r"""
application:
  description:
    - The application after the task, option-shaped. In check mode, the prediction (a new application's id is then
      V(null)). V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: The application id, assigned by SCORM Cloud.
      type: str
      sample: 7K3QX9ZJ2B
    name:
      description: Name of the application.
      type: str
      sample: staging
    allow_delete:
      description: Whether the application may be deleted.
      type: bool
      sample: false
    created:
      description: When the application was created.
      type: str
      sample: "2026-01-02T03:04:05.000Z"
    updated:
      description: When the application was last changed.
      type: str
      sample: "2026-01-02T03:04:05.000Z"
    course_count:
      description: Number of courses in the application.
      type: int
      returned: when O(include_counts=true)
      sample: 12
    registration_count:
      description: Number of registrations in the application.
      type: int
      returned: when O(include_counts=true)
      sample: 340
diff:
  description: The application before and after the task (diff mode only). V({}) stands for "does not exist".
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The application before the task.
      type: dict
    after:
      description: The application after the task.
      type: dict
"""


from ansible_collections.scorm.cloud.plugins.module_utils._applications import APPLICATIONS
from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module


def main():
    run_single_module(APPLICATIONS)


if __name__ == "__main__":
    main()
