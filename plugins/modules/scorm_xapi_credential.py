#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_xapi_credential
short_description: Manage the xAPI (LRS) credentials of a SCORM Cloud application
version_added: 0.1.0
description:
  - Creates, updates and deletes an xAPI credential of a SCORM Cloud application. Activity providers and xAPI
    statement pipes (M(scorm.cloud.scorm_xapi_pipe)) use it to read from or write to the application's LRS, with
    the credential's id as user name and its secret as password.
  - The credential is found by O(id) when given, else by O(name). Names are not unique, so when several
    credentials carry the name and O(id) is not given the task fails and lists their ids.
  - With O(id), a missing credential is created at that id. With only O(name), SCORM Cloud assigns the id; it is
    returned in RV(xapi_credential.id).
  - The secret is write-only for the module. It is never compared, and never shown in the diff, in messages or in
    the result unless O(return_secret=true).
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the credential exist with the given options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - SCORM Cloud returns the secret whenever the credential is read; the module keeps it out of its output and
    scrubs it from error messages.
  - Changing any option rewrites the whole credential (the service's update replaces it), with the current secret
    unless O(update_password=always).
extends_documentation_fragment:
  - scorm.cloud.xapi_credential
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_xapi_pipe
  - name: SCORM Cloud API v2 reference
    description: The xAPI credential endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: A read-only LRS key for the reporting team, with a generated secret
  scorm.cloud.scorm_xapi_credential:
    name: reporting-readonly
    info: Used by the BI dashboards
    permissions_level: READONLY
    return_secret: true
  no_log: true
  register: reporting_key

- name: A key at a chosen id with a secret from the vault
  scorm.cloud.scorm_xapi_credential:
    id: forwarder
    name: Statement forwarder
    secret: "{{ vault_forwarder_secret }}"

- name: Rotate that secret
  scorm.cloud.scorm_xapi_credential:
    id: forwarder
    secret: "{{ vault_forwarder_secret_2027 }}"
    update_password: always

- name: Disable a key without deleting it
  scorm.cloud.scorm_xapi_credential:
    name: reporting-readonly
    enabled: false

- name: Delete a key that is no longer used
  scorm.cloud.scorm_xapi_credential:
    name: legacy-dashboards
    state: absent
"""

RETURN = r"""
xapi_credential:
  description:
    - The credential after the task, in the shape of the module's options. In check mode, the predicted credential.
      V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: The credential's id (the LRS user name). V(null) in check mode for a credential SCORM Cloud has
        yet to create.
      type: str
      sample: Xk3b9cPZ0aQ
    name:
      description: Display name.
      type: str
      sample: reporting-readonly
    info:
      description: Description.
      type: str
      sample: Used by the BI dashboards
    enabled:
      description: Whether the credential can be used.
      type: bool
      sample: true
    auth:
      description: V(BASICAUTH) or V(OAUTH).
      type: str
      sample: BASICAUTH
    permissions_level:
      description: V(DEFAULT), V(USER), V(ROOT), V(READONLY) or V(WRITEONLY).
      type: str
      sample: READONLY
    secret:
      description:
        - The secret (the LRS password).
        - A secret given in O(secret) is a C(no_log) value, so Ansible shows it masked here; it is useful for a
          secret the module generated or one that was already set.
      type: str
      returned: when O(return_secret=true) and the secret is known (not in check mode for a generated secret)
diff:
  description: The credential before and after the task (diff mode only), never with its secret (a secret that will
    be sent shows as C(********)). V({}) stands for "does not exist".
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


from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_credentials import XAPI_CREDENTIALS


def main():
    run_single_module(XAPI_CREDENTIALS)


if __name__ == "__main__":
    main()
