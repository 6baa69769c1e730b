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
  application:
    description:
      - The application the credential belongs to, as its id or its name. A name must be unique in the realm.
    type: str
    required: true
  name:
    description:
      - Name of the credential. Without O(id) it is the credential's identity within O(application); with O(id) the
        credential is renamed to it.
      - Required to create a credential. One of O(name) and O(id) is required.
    type: str
  id:
    description:
      - Id of an existing credential (SCORM Cloud assigns it on creation; see RV(credential.id)).
      - Use it to rename a credential, or to pick one of several credentials with the same name.
      - The credential must exist when O(state=present); the module does not create credentials by id.
    type: str
  active:
    description:
      - Whether the credential can be used to call the API. SCORM Cloud enables new credentials by default.
    type: bool
  return_secret:
    description:
      - Whether to return the secret in RV(credential.secret), for example to use the new credential in later tasks.
      - The result then contains a secret. Set C(no_log) on the task so it is not displayed or logged, and keep the
        registered variable out of files and messages.
    type: bool
    default: false
  state:
    description:
      - V(present) makes the credential exist with the given options; V(absent) deletes it.
      - Deleting or disabling the last active credential of an application locks that application out of the API;
        the module warns when a task does that.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
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

from ansible_collections.scorm.cloud.plugins.module_utils.appmanagement import (
    credential_is_active,
    credentials_path,
    resolve_application,
)
from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import (
    CREATE,
    DELETE,
    UPDATE,
    DesiredStateError,
    Field,
    Resource,
    pick_one,
)

ARGUMENT_SPEC = dict(
    application=dict(type="str", required=True),
    name=dict(type="str"),
    id=dict(type="str"),
    active=dict(type="bool"),
    return_secret=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


class Credential(Resource):
    kind = "credential"
    fields = (
        Field("name"),
        Field("active"),
    )
    required_on_create = ("name",)

    def __init__(self, client, application, name=None, credential_id=None, return_secret=False):
        self.client = client
        self.application = application
        self.name = name
        self.given_id = credential_id
        self.credential_id = credential_id  # known once found by name or created
        self.return_secret = return_secret
        self.app_id = None
        self.secret = None
        self.others_active = False  # whether another active credential remains if this one goes

    def identity(self):
        identity = {"application": self.app_id, "id": self.credential_id}
        if not self.given_id:
            identity["name"] = self.name
        return identity

    def read(self):
        if self.app_id is None:
            self.app_id = resolve_application(self.client, self.application)
        credentials = (self.client.get(credentials_path(self.app_id)) or {}).get("credentials") or []
        for credential in credentials:
            # Every secret read is scrubbed from any message this run may produce.
            self.client.add_secret(credential.get("credential"))
        if self.credential_id is not None:
            found = next((item for item in credentials if item.get("id") == self.credential_id), None)
        else:
            found = pick_one([item for item in credentials if item.get("name") == self.name], "credential",
                             self.name, "id")
        if found is None:
            return None
        self.credential_id = found["id"]
        self.secret = self.secret or found.get("credential")
        self.others_active = any(credential_is_active(item) for item in credentials if item.get("id") != found["id"])
        return {
            "application": self.app_id,
            "id": found["id"],
            "name": found.get("name"),
            "active": credential_is_active(found),
            "created": found.get("created"),
            "updated": found.get("updated"),
        }

    def check_plan(self, action, current, desired):
        if action == CREATE and self.given_id:
            raise DesiredStateError("Credential '%s' does not exist in application %s. SCORM Cloud assigns credential ids, "
                                    "so to create a credential leave out id and give its name." % (self.given_id, self.app_id))
        disabling = action == UPDATE and desired.get("active") is False
        if (action == DELETE or disabling) and current["active"] and not self.others_active:
            self.client.warn("Credential '%s' is the last active secret key of application %s; without it the "
                             "application cannot call the API until another key is activated." % (current["name"], self.app_id))

    def returned(self, after):
        if after is not None and self.return_secret and self.secret:
            return dict(after, secret=self.secret)
        return after

    def create(self, values):
        name = values["name"]
        body = {"name": name}
        if values.get("active") is not None:
            body["active"] = values["active"]

        def find_created():
            # No credential had this name before the POST, so one that has it now is the one the POST created.
            return next((item for item in (self.client.get(credentials_path(self.app_id)) or {}).get("credentials") or []
                         if item.get("name") == name), None)

        created = self.client.create_verified("POST", credentials_path(self.app_id), find_created, json=body) or {}
        self.client.add_secret(created.get("credential"))
        self.credential_id = created.get("id")
        self.secret = created.get("credential")

    def update(self, current, changes, desired):
        # Both fields are always sent: what the service does with an omitted one is undocumented.
        self.client.request("PUT", credentials_path(self.app_id, self.credential_id), json={
            "name": changes.get("name", current["name"]), "active": changes.get("active", current["active"])})

    def delete(self, current):
        self.client.request("DELETE", credentials_path(self.app_id, self.credential_id))


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("appmgmt",), required_one_of=[("name", "id")])
    params = module.params
    credential = Credential(module.mgmt_client, params["application"], params["name"], params["id"], params["return_secret"])
    module.reconcile_and_exit(credential, not_found="Application '%s' does not exist." % params["application"])


if __name__ == "__main__":
    main()
