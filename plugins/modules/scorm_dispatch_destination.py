#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_dispatch_destination
short_description: Manage SCORM Cloud dispatch destinations
version_added: 0.1.0
description:
  - Creates, updates and deletes a dispatch destination of a SCORM Cloud application.
    A destination is the LMS (or customer) that dispatched courses are delivered to.
  - Only the options you set are compared and changed; an option you leave out keeps its current value.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the destination exist with the given options; V(absent) deletes it and its dispatches.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.destination
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_dispatch_destinations
    description: Many destinations in one task, from one read of the list.
  - name: SCORM Cloud API v2 reference
    description: The dispatch destination endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Configure every scorm.cloud task of the play once
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: A destination for the ACME LMS
      scorm.cloud.scorm_dispatch_destination:
        id: acme-lms
        name: ACME Corporation LMS
        email: lms-admin@acme.example
        notes: Managed by Ansible
        tags: [customer, emea]
        launch_auth:
          type: vault
          expiry: 3600
        hash_user_info: true

    - name: Add a tag to another destination without removing its other tags
      scorm.cloud.scorm_dispatch_destination:
        id: globex-moodle
        tags: [renewal-2027]
        purge_tags: false

    - name: A destination whose learners launch from their LMS over LTI 1.3
      scorm.cloud.scorm_dispatch_destination:
        id: umbrella-canvas
        name: Umbrella Canvas
        lti13:
          client_id: "10000000000042"
          platform_issuer_identifier: https://canvas.instructure.com
          deployment_id: "7:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"
          oidc_authorization_endpoint: https://sso.canvaslms.com/api/lti/authorize_redirect
          json_web_key_set_url: https://sso.canvaslms.com/api/lti/security/jwks
          access_token_url: https://sso.canvaslms.com/login/oauth2/token

    - name: Remove a former customer's destination and its dispatches
      scorm.cloud.scorm_dispatch_destination:
        id: initech-lms
        state: absent
"""

RETURN = r"""
destination:
  description:
    - The destination after the task, in the shape of the module's options, so it can be fed back as input.
    - In check mode, the predicted destination. V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: The destination ID.
      type: str
      sample: acme-lms
    name:
      description: Display name.
      type: str
      sample: ACME Corporation LMS
    email:
      description: Contact e-mail address.
      type: str
      sample: lms-admin@acme.example
    notes:
      description: Notes.
      type: str
      sample: Managed by Ansible
    tags:
      description: Tags, sorted.
      type: list
      elements: str
      sample: [customer, emea]
    launch_auth:
      description: Launch authentication settings.
      type: dict
      sample: {"type": "vault", "ip_address": false, "fingerprint": false, "expiry": 3600, "sliding_expiry": 0}
    lti13:
      description: The LTI 1.3 platform of the destination (without the parts it does not have); V(null) when it has
        none.
      type: dict
      sample: {"client_id": "scorm-cloud", "platform_issuer_identifier": "https://lms.acme.example",
               "deployment_id": "1", "oidc_authorization_endpoint": "https://lms.acme.example/auth",
               "json_web_key_set_url": "https://lms.acme.example/jwks"}
    hash_user_info:
      description: Whether learner information is hashed; only when the task sets O(hash_user_info).
      type: bool
      sample: true
diff:
  description: The destination before and after the task (diff mode only). V({}) stands for "does not exist".
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The destination before the task.
      type: dict
    after:
      description: The destination after the task.
      type: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._destinations import DESTINATIONS


def main():
    run_single_module(DESTINATIONS)


if __name__ == "__main__":
    main()
