#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_credential
short_description: Manage the secret keys (credentials) of a SCORM Cloud application
version_added: 0.1.0
description:
  - Creates, renames, enables, disables and deletes the credentials (secret keys) of an application, through App
    Management.
  - Uses only the App Management credentials (O(mgmt_app_id) and O(mgmt_secret_key), or an O(access_token) issued
    for them). O(app_id) and O(secret_key) are accepted, so one C(module_defaults) group can configure a play, but
    never sent.
  - A credential is found by O(application) and O(name), or by O(id) when given. Names are not unique, so when
    several credentials of the application carry the name and O(id) is not given the task fails and lists their ids.
  - SCORM Cloud generates the secret of a new credential. The secret is never shown in the diff, in messages or in
    the result unless O(return_secret=true).
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the credential exist with the given options; V(absent) deletes it.
      - Deleting or disabling the last active credential of an application locks that application out of the API;
        the module warns when a task does that.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.credential
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
notes:
  - Creating a credential is not idempotent on the service's side (a repeated POST creates a second credential).
    When the answer to a creation is lost, the module re-reads the credentials by name before it would send the
    creation again.
  - In check mode, a credential of an application that does not exist yet (for example one created earlier in the
    same check-mode run) cannot be predicted; the task fails saying the application does not exist.
seealso:
  - module: scorm.cloud.scorm_application
  - name: SCORM Cloud API v2 reference
    description: The App Management endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Give an application a credential and use it
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      mgmt_app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_APP_ID') }}"
      mgmt_secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_SECRET_KEY') }}"
  tasks:
    - name: A credential for the deployment pipeline, with its secret
      scorm.cloud.scorm_credential:
        application: staging
        name: ci-pipeline
        active: true
        return_secret: true
      no_log: true  # the result contains the secret
      register: ci_credential

    - name: Use it for the application's own API
      scorm.cloud.scorm_dispatch_destination:
        app_id: "{{ ci_credential.credential.application }}"
        secret_key: "{{ ci_credential.credential.secret }}"
        id: acme-lms
        name: ACME Corporation LMS

    - name: Disable an old key
      scorm.cloud.scorm_credential:
        application: staging
        name: legacy-integration
        active: false

    - name: Delete one of two keys with the same name
      scorm.cloud.scorm_credential:
        application: staging
        id: 9f2c4e1a7b3d5c60
        state: absent
"""

RETURN = r"""
credential:
  description:
    - The credential after the task, option-shaped. In check mode, the prediction (a new credential's id is then
      V(null)). V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    application:
      description: Id of the application the credential belongs to.
      type: str
      sample: 7K3QX9ZJ2B
    id:
      description: The credential id, assigned by SCORM Cloud.
      type: str
      sample: 9f2c4e1a7b3d5c60
    name:
      description: Name of the credential.
      type: str
      sample: ci-pipeline
    active:
      description: Whether the credential can be used.
      type: bool
      sample: true
    created:
      description: When the credential was created.
      type: str
      sample: "2026-01-02T03:04:05.000Z"
    updated:
      description: When the credential was last changed.
      type: str
      sample: "2026-01-02T03:04:05.000Z"
    secret:
      description: The secret key, to authenticate as the application with its id.
      type: str
      returned: when O(return_secret=true) and the credential exists (not in check mode for a new credential)
diff:
  description: The credential before and after the task (diff mode only), never with its secret. V({}) stands for
    "does not exist".
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The credential before the task.
      type: dict
    after:
      description: The credential after the task.
      type: dict
"""


from ansible_collections.scorm.cloud.plugins.module_utils._credentials import CREDENTIALS
from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module


def main():
    run_single_module(CREDENTIALS)


if __name__ == "__main__":
    main()
