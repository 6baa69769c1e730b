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
  name:
    description:
      - Name of the application. Without O(id) it is the application's identity; with O(id) the application is
        renamed to it.
      - Required to create an application. One of O(name) and O(id) is required.
    type: str
  id:
    description:
      - Id of an existing application (SCORM Cloud assigns it on creation; see RV(application.id)).
      - Use it to rename an application, or to pick one of several applications with the same name.
      - The application must exist when O(state=present); the module does not create applications by id.
    type: str
  allow_delete:
    description:
      - Whether the application may be deleted (the service's C(allowDelete) flag). New applications start with
        V(false).
      - With O(state=absent), a protected application is only deleted when this is V(true) in the task; the module
        then lifts the protection and deletes the application. Otherwise the task fails and deletes nothing.
    type: bool
  include_counts:
    description:
      - Whether to return the numbers of courses and registrations of the application
        (RV(application.course_count) and RV(application.registration_count)).
    type: bool
    default: false
  state:
    description:
      - V(present) makes the application exist with the given options.
      - V(absent) deletes it. SCORM Cloud deletes only empty applications (no courses, registrations or other
        content), and only when its O(allow_delete) flag is set.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
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

from ansible_collections.scorm.cloud.plugins.module_utils.appmanagement import (
    APPLICATIONS_PATH,
    application_path,
    applications_named,
)
from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import CREATE, DELETE, DesiredStateError, Field, Resource, pick_one

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    id=dict(type="str"),
    allow_delete=dict(type="bool"),
    include_counts=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

COUNT_PARAMS = {"includeCourseCount": True, "includeRegistrationCount": True}


def application_from_api(info, include_counts):
    application = {
        "id": info.get("id"),
        "name": info.get("name"),
        "allow_delete": bool(info.get("allowDelete")),
        "created": info.get("createDate"),
        "updated": info.get("updateDate"),
    }
    if include_counts:
        application["course_count"] = info.get("courseCount")
        application["registration_count"] = info.get("registrationCount")
    return application


class Application(Resource):
    kind = "application"
    fields = (
        Field("name"),
        Field("allow_delete"),
    )
    required_on_create = ("name",)

    def __init__(self, client, name=None, app_id=None, include_counts=False):
        self.client = client
        self.name = name
        self.given_id = app_id
        self.app_id = app_id  # known once found by name or created
        self.include_counts = include_counts

    def identity(self):
        return {"id": self.app_id} if self.given_id else {"id": self.app_id, "name": self.name}

    def _describe(self, current=None):
        name = (current or {}).get("name") or self.name
        return "Application '%s' (id %s)" % (name, self.app_id) if name else "Application '%s'" % self.app_id

    def read(self):
        if self.app_id is None:
            found = pick_one(applications_named(self.client, self.name), "application", self.name, "id")
            if found is None:
                return None
            self.app_id = found["id"]
        info = self.client.get_or_none(application_path(self.app_id), params=COUNT_PARAMS if self.include_counts else None)
        return application_from_api(info, self.include_counts) if info is not None else None

    def check_plan(self, action, current, desired):
        if action == CREATE and self.given_id:
            raise DesiredStateError("Application '%s' does not exist. SCORM Cloud assigns application ids, so to create "
                                    "an application leave out id and give its name." % self.given_id)
        if action == DELETE and not current["allow_delete"] and desired.get("allow_delete") is not True:
            raise DesiredStateError("%s is protected from deletion (its allowDelete flag is false); set allow_delete: "
                                    "true in this task to lift the protection and delete it." % self._describe(current))

    def create(self, values):
        name = values["name"]

        def find_created():
            # No application had this name before the POST, so one that has it now is the one the POST created.
            return next(iter(applications_named(self.client, name)), None)

        created = self.client.create_verified("POST", APPLICATIONS_PATH, find_created, json={"name": name})
        self.app_id = created["id"]
        if values.get("allow_delete"):
            self._put(name, True)

    def update(self, current, changes, desired):
        self._put(changes.get("name", current["name"]), changes.get("allow_delete", current["allow_delete"]))

    def delete(self, current):
        if not current["allow_delete"]:
            self._put(current["name"], True)
        self.client.request("DELETE", application_path(self.app_id))

    def _put(self, name, allow_delete):
        # Both fields are always sent: what the service does with an omitted one is undocumented.
        self.client.request("PUT", application_path(self.app_id), json={"name": name, "allowDelete": allow_delete})


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("appmgmt",), required_one_of=[("name", "id")])
    module.reconcile_and_exit(Application(module.mgmt_client, module.params["name"], module.params["id"],
                                          module.params["include_counts"]))


if __name__ == "__main__":
    main()
