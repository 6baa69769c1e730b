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
  id:
    description:
      - The destination ID. You choose it; it is the destination's identity.
    type: str
    required: true
  name:
    description:
      - Display name of the destination. Required to create one.
    type: str
  email:
    description:
      - Contact e-mail address of the destination.
    type: str
  notes:
    description:
      - Free-form notes.
    type: str
  tags:
    description:
      - Tags of the destination.
      - Leave it out to keep the current tags. See O(purge_tags).
    type: list
    elements: str
  purge_tags:
    description:
      - Whether to remove tags that O(tags) does not list. With V(false), O(tags) are only added.
    type: bool
    default: true
  launch_auth:
    description:
      - How launches of this destination's dispatches are authenticated.
      - Sub-options you leave out keep their current values.
    type: dict
    suboptions:
      type:
        description:
          - V(cookies) (the service default) or V(vault).
        type: str
        choices: [cookies, vault]
      ip_address:
        description: Bind a launch to the learner's IP address.
        type: bool
      fingerprint:
        description: Bind a launch to the learner's browser fingerprint.
        type: bool
      expiry:
        description: Seconds until a launch expires; V(0) for never.
        type: int
      sliding_expiry:
        description: Seconds of inactivity that end a launch; V(0) for never.
        type: int
  hash_user_info:
    description:
      - Whether learner information of this destination's dispatches is hashed before it reaches SCORM Cloud.
    type: bool
  state:
    description:
      - V(present) makes the destination exist with the given options; V(absent) deletes it and its dispatches.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
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
    hash_user_info:
      description: Whether learner information is hashed.
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

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import DICT, TAGS, Field, Resource
from ansible_collections.scorm.cloud.plugins.module_utils.tags import set_tags

ARGUMENT_SPEC = dict(
    id=dict(type="str", required=True),
    name=dict(type="str"),
    email=dict(type="str"),
    notes=dict(type="str"),
    tags=dict(type="list", elements="str"),
    purge_tags=dict(type="bool", default=True),
    launch_auth=dict(type="dict", options=dict(
        type=dict(type="str", choices=["cookies", "vault"]),
        ip_address=dict(type="bool"),
        fingerprint=dict(type="bool"),
        expiry=dict(type="int"),
        sliding_expiry=dict(type="int"),
    )),
    hash_user_info=dict(type="bool"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# launch_auth sub-option -> key under the API's launchAuth.options
LAUNCH_AUTH_OPTIONS = {"ip_address": "ipAddress", "fingerprint": "fingerprint", "expiry": "expiry",
                       "sliding_expiry": "slidingExpiry"}


def launch_auth_from_api(data):
    data = data or {}
    options = data.get("options") or {}
    launch_auth = {"type": data.get("type", "cookies")}
    for option, api_key in LAUNCH_AUTH_OPTIONS.items():
        launch_auth[option] = options.get(api_key)
    return launch_auth


def launch_auth_to_api(launch_auth):
    options = dict((api_key, launch_auth[option]) for option, api_key in LAUNCH_AUTH_OPTIONS.items()
                   if launch_auth.get(option) is not None)
    return {"type": launch_auth.get("type") or "cookies", "options": options}


class Destination(Resource):
    kind = "destination"
    fields = (
        Field("name"),
        Field("email"),
        Field("notes"),
        Field("tags", kind=TAGS),
        Field("launch_auth", kind=DICT),
        Field("hash_user_info"),
    )
    required_on_create = ("name",)

    def __init__(self, client, destination_id):
        self.client = client
        self.destination_id = destination_id
        self.path = "/dispatch/destinations/%s" % quote(destination_id, safe="")

    def identity(self):
        return {"id": self.destination_id}

    def read(self):
        data = self.client.get_or_none(self.path)
        if data is None:
            return None
        hashing = self.client.get(self.path + "/dispatches/hashUserInfo") or {}
        return {
            "id": self.destination_id,
            "name": data.get("name"),
            "email": data.get("email"),
            "notes": data.get("notes"),
            "tags": sorted(data.get("tags") or []),
            "launch_auth": launch_auth_from_api(data.get("launchAuth")),
            "hash_user_info": bool(hashing.get("enabled")),
        }

    def create(self, values):
        body = self._destination_body(values)
        body["tags"] = values.get("tags") or []
        self.client.request("PUT", self.path, json=body)
        if values.get("hash_user_info") is not None:
            self._set_hash_user_info(values["hash_user_info"])

    def update(self, current, changes, desired):
        body = self._destination_body(changes)
        if body:
            self.client.request("PUT", self.path, json=body)
        if "tags" in changes:
            set_tags(self.client, self.path + "/tags", current["tags"], changes["tags"])
        if "hash_user_info" in changes:
            self._set_hash_user_info(changes["hash_user_info"])

    def delete(self, current):
        self.client.request("DELETE", self.path)

    @staticmethod
    def _destination_body(values):
        body = dict((key, values[key]) for key in ("name", "email", "notes") if key in values)
        if "launch_auth" in values:
            body["launchAuth"] = launch_auth_to_api(values["launch_auth"])
        return body

    def _set_hash_user_info(self, enabled):
        self.client.request("PUT", self.path + "/dispatches/hashUserInfo", json={"enabled": enabled})


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("dispatch",))
    module.reconcile_and_exit(Destination(module.client, module.params["id"]))


if __name__ == "__main__":
    main()
