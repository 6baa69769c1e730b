# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""xAPI credentials: the keys of the application's LRS."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import secrets


from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    SECRET,
    UPDATE,
    DesiredStateError,
    Field,
    concurrent_duplicates,
    pick_one,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import RESULT_ANSWER, STR, Obj, OneOf

AUTH_TYPES = ["BASICAUTH", "OAUTH"]
PERMISSION_LEVELS = ["DEFAULT", "USER", "ROOT", "READONLY", "WRITEONLY"]
# The API models these enums as objects ({"xapiCredentialAuthType": "OAUTH"}) while its schema describes plain
# strings; the module sends plain strings and reads either form.
ENUM_KEYS = {"auth": "xapiCredentialAuthType", "permissionsLevel": "xapiCredentialPermissionsLevel"}
SECRET_BYTES = 32  # token_urlsafe(32): 43 characters, 256 bits


def enum_field(name, api_key, choices):
    """An enum of the credential: the service writes it as a string, or as an object that holds it."""
    def read(value):
        if isinstance(value, dict):
            value = value.get(ENUM_KEYS[api_key])
        return value.upper() if isinstance(value, str) else value

    return Field(name, choices=choices, api=api_key, read=read, shape=OneOf(STR, Obj({ENUM_KEYS[api_key]: STR})))


class XapiCredentials(Kind):
    name = "xapi_credential"
    plural = "xapi_credentials"
    left_out = ("the secret of every xAPI credential (a new one is generated when one is created; set secret to "
                "choose it)")
    cascades = "the pipe could no longer authenticate"
    modules = ("scorm_xapi_credential", "scorm_xapi_credentials")
    doc_fragment = "xapi_credential"
    noun = "xAPI credential"
    family = "xapicredential"
    path = "/xapi/credentials"
    list_key = "xapiCredentials"
    identity = ("id", "name")
    fields = (
        Field("name", api="name"),
        Field("info", api="info"),
        Field("enabled", type="bool", api="isEnabled"),
        enum_field("auth", "auth", AUTH_TYPES),
        enum_field("permissions_level", "permissionsLevel", PERMISSION_LEVELS),
        # The service shows the secret, but it is kept out of results, diffs and messages unless asked for.
        Field("secret", kind=SECRET, api="secret", shape=STR),
    )
    item_options = {"id": dict(type="str")}
    item_rules = {"required_one_of": [("id", "name")]}
    task_options = {"return_secret": dict(type="bool", default=False)}
    required_on_create = ("name",)
    reads_families = ("xapipipe",)  # a purge reads the pipes that may use the credentials it would delete

    def desired(self, item, task):
        if item.get("secret") == "":
            raise DesiredStateError("secret must not be empty; leave it out to have SCORM Cloud's credential get a "
                                    "generated one.")
        return Kind.desired(self, item, task)

    def refine(self, record, task):
        # The secret the object will have, for return_secret: the declared one when it is sent, else the current.
        sent = record.plan.action == CREATE or (record.plan.action == UPDATE and "secret" in record.plan.changes)
        record.data["secret"] = record.desired.get("secret") if sent else (record.current or {}).get("secret")

    def returned(self, record, after, task):
        if after is None or not (task.options.return_secret and record.data.get("secret")):
            return after
        return dict(after, secret=record.data["secret"])  # a copy: the diff shares ``after`` and must never hold it

    def create(self, client, record, task):
        values = record.plan.changes
        secret = values.get("secret") or secrets.token_urlsafe(SECRET_BYTES)
        record.data["secret"] = secret
        client.add_secret(secret)
        body = self._body(values, secret)
        if record.key is not None:
            client.request("PUT", self.item_path(record.key), json=body)
            return None
        name = values["name"]

        def find_created():
            # No credential had this name before the POST, so one that has it now is the one the POST created.
            found = pick_one(self.named(client, name), self.noun, name, "id")
            return {"result": found["id"]} if found else None

        created = client.create_verified("POST", self.path, find_created, json=body, shape=RESULT_ANSWER)
        # Created without an id at the same moment by another run: the service assigned two ids.
        concurrent_duplicates([item for item in client.iter_list(self.path, self.list_key, item_shape=self.item_shape)
                               if item.get("name") == name],
                              "xAPI credential", name, "delete the one you do not want (scorm_xapi_credential with its "
                              "id and state: absent) and set id to the one to keep")
        return {"id": created["result"]}

    def named(self, client, name):
        return [self.learned(client, self.from_list_item(item))
                for item in client.iter_list(self.path, self.list_key, item_shape=self.item_shape)
                if item.get("name") == name]

    def update(self, client, record, changes, task):
        # The service's PUT takes the whole credential, so unchanged values (and the current secret) are sent too.
        secret = changes.get("secret") or record.current.get("secret")
        if not secret:
            raise DesiredStateError("SCORM Cloud did not return the secret of xAPI credential %s, so it cannot be "
                                    "updated without changing it; set secret and update_password: always." % record.key)
        client.request("PUT", self.item_path(record.key), json=self._body(dict(record.current, **changes), secret))

    def delete(self, client, record, task):
        try:
            client.request("DELETE", self.item_path(record.key))
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


XAPI_CREDENTIALS = XapiCredentials()
