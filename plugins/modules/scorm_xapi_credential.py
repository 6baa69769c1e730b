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
  id:
    description:
      - The credential's id, which is also the user name the LRS expects. Its identity when given.
      - With O(id) and O(name), the credential is renamed to O(name).
      - One of O(id) and O(name) is required.
    type: str
  name:
    description:
      - Display name of the credential. Without O(id) it is the credential's identity.
      - Required to create a credential.
    type: str
  info:
    description:
      - Free-form description.
    type: str
  secret:
    description:
      - The credential's secret (the password the LRS expects).
      - Sent when the credential is created and, with O(update_password=always), on every run.
      - When it is left out on creation, the module generates a strong random secret; use O(return_secret=true)
        to get it.
    type: str
  update_password:
    description:
      - V(on_create) sets O(secret) only when the credential is created, so a re-run changes nothing.
      - V(always) sends O(secret) on every run, which reports a change every time. Use it to rotate the secret.
    type: str
    choices: [always, on_create]
    default: on_create
  return_secret:
    description:
      - Whether to return the secret in RV(xapi_credential.secret), for example to configure a pipe in a later task.
      - The result then contains a secret. Set C(no_log) on the task so it is not displayed or logged, and keep the
        registered variable out of files and messages.
    type: bool
    default: false
  enabled:
    description:
      - Whether the credential can be used. New credentials are enabled unless this is V(false).
    type: bool
  auth:
    description:
      - How clients authenticate with the credential. New credentials use V(BASICAUTH) unless set.
    type: str
    choices: [BASICAUTH, OAUTH]
  permissions_level:
    description:
      - What the credential may do in the LRS. New credentials use V(DEFAULT) unless set.
    type: str
    choices: [DEFAULT, USER, ROOT, READONLY, WRITEONLY]
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

import secrets

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils.client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import (
    CREATE,
    SECRET,
    UPDATE,
    DesiredStateError,
    Field,
    Resource,
    pick_one,
)

AUTH_TYPES = ["BASICAUTH", "OAUTH"]
PERMISSION_LEVELS = ["DEFAULT", "USER", "ROOT", "READONLY", "WRITEONLY"]

ARGUMENT_SPEC = dict(
    id=dict(type="str"),
    name=dict(type="str"),
    info=dict(type="str"),
    secret=dict(type="str", no_log=True),
    update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
    return_secret=dict(type="bool", default=False),
    enabled=dict(type="bool"),
    auth=dict(type="str", choices=AUTH_TYPES),
    permissions_level=dict(type="str", choices=PERMISSION_LEVELS),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

CREDENTIALS_PATH = "/xapi/credentials"
# The API models these enums as objects ({"xapiCredentialAuthType": "OAUTH"}) while its schema describes plain
# strings; the module sends plain strings and reads either form.
ENUM_KEYS = {"auth": "xapiCredentialAuthType", "permissionsLevel": "xapiCredentialPermissionsLevel"}
SECRET_BYTES = 32  # token_urlsafe(32): 43 characters, 256 bits


def enum_from_api(data, api_key):
    value = data.get(api_key)
    if isinstance(value, dict):
        value = value.get(ENUM_KEYS[api_key])
    return value.upper() if isinstance(value, str) else value


class XapiCredential(Resource):
    kind = "xapi_credential"
    fields = (
        Field("name"),
        Field("info"),
        Field("enabled"),
        Field("auth"),
        Field("permissions_level"),
        Field("secret", kind=SECRET),
    )
    required_on_create = ("name",)

    def __init__(self, client, credential_id=None, name=None, update_password="on_create", return_secret=False):
        self.client = client
        self.given_id = credential_id
        self.credential_id = credential_id  # known once found by name or created
        self.name = name
        self.update_password = update_password
        self.return_secret = return_secret
        self.secret = None  # the credential's secret after the task, as far as it is known

    def identity(self):
        return {"id": self.credential_id} if self.given_id else {"id": self.credential_id, "name": self.name}

    def _path(self):
        return "%s/%s" % (CREDENTIALS_PATH, quote(self.credential_id, safe=""))

    def _named(self, name):
        return [item for item in self.client.iter_list(CREDENTIALS_PATH, "xapiCredentials") if item.get("name") == name]

    def read(self):
        if self.credential_id is not None:
            data = self.client.get_or_none(self._path())
        else:
            named = self._named(self.name)
            for item in named:
                # Listing returns secrets too: scrub every one from any message this run may produce.
                self.client.add_secret(item.get("secret"))
            data = pick_one(named, "xAPI credential", self.name, "id")
        if data is None:
            return None
        self.credential_id = data["id"]
        self.client.add_secret(data.get("secret"))
        self.secret = data.get("secret")
        return {
            "id": data["id"],
            "name": data.get("name"),
            "info": data.get("info"),
            "enabled": data.get("isEnabled"),
            "auth": enum_from_api(data, "auth"),
            "permissions_level": enum_from_api(data, "permissionsLevel"),
        }

    def check_plan(self, action, current, desired):
        # Predict the secret for return_secret in check mode; a real write re-reads it.
        if action == CREATE or (action == UPDATE and self.update_password == "always" and desired.get("secret")):
            self.secret = desired.get("secret")

    def returned(self, after):
        if after is None or not (self.return_secret and self.secret):
            return after
        return dict(after, secret=self.secret)  # a copy: the diff shares ``after`` and must never hold the secret

    def create(self, values):
        body = self._body(values, values.get("secret") or secrets.token_urlsafe(SECRET_BYTES))
        self.client.add_secret(body["secret"])
        if self.credential_id is not None:
            self.client.request("PUT", self._path(), json=body)
            return
        name = values["name"]

        def find_created():
            # No credential had this name before the POST, so one that has it now is the one the POST created.
            found = pick_one(self._named(name), "xAPI credential", name, "id")
            return {"result": found["id"]} if found else None

        created = self.client.create_verified("POST", CREDENTIALS_PATH, find_created, json=body) or {}
        if not created.get("result"):
            raise ScormCloudError("POST %s answered without the new credential's id." % CREDENTIALS_PATH,
                                  method="POST", path=CREDENTIALS_PATH)
        self.credential_id = created["result"]

    def update(self, current, changes, desired):
        # The service's PUT takes the whole credential, so unchanged values (and the current secret) are sent too.
        secret = changes.get("secret") or self.secret
        if not secret:
            raise DesiredStateError("SCORM Cloud did not return the secret of xAPI credential %s, so it cannot be "
                                    "updated without changing it; set secret and update_password: always." % self.credential_id)
        self.client.request("PUT", self._path(), json=self._body(dict(current, **changes), secret))

    def delete(self, current):
        try:
            self.client.request("DELETE", self._path())
        except ScormCloudError as exc:
            if exc.status != 404:  # already gone: the desired state
                raise

    @staticmethod
    def _body(values, secret):
        body = {
            "name": values["name"],
            "secret": secret,
            "isEnabled": True if values.get("enabled") is None else values["enabled"],
            "auth": values.get("auth") or "BASICAUTH",
            "permissionsLevel": values.get("permissions_level") or "DEFAULT",
        }
        if values.get("info") is not None:
            body["info"] = values["info"]
        return body


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("xapicredential",),
                              required_one_of=[("id", "name")])
    params = module.params
    module.reconcile_and_exit(XapiCredential(module.client, params["id"], params["name"], params["update_password"],
                                             params["return_secret"]))


if __name__ == "__main__":
    main()
