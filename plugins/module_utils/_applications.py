# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Applications of the realm, through the App Management application; finding an application by id or by a name
the service does not keep unique."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils._engine import the_object
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    DesiredStateError,
    Field,
    concurrent_duplicates,
    pick_one,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import BOOL, ID, INT, STR, Obj

APPLICATIONS_PATH = "/appManagement/applications"
APPLICATION_LIST_PATH = "/appManagement/applicationList"
# ApplicationInfoSchema (a GET of one application, and the items of the application list).
APPLICATION_SHAPE = Obj({"id": ID, "name": STR, "allowDelete": BOOL, "createDate": STR, "updateDate": STR,
                         "courseCount": INT, "registrationCount": INT})
APPLICATION_ITEM = Obj(APPLICATION_SHAPE.keys, required=("id",))


def application_path(app_id):
    return "%s/%s" % (APPLICATIONS_PATH, quote(app_id, safe=""))


def applications_named(client, name):
    """Every application of the realm with exactly this name (names are not unique in SCORM Cloud).

    The whole list is read and matched here: the service's filterBy values for applications are undocumented,
    so a server-side name filter could not be relied on.
    """
    return [app for app in client.iter_list(APPLICATION_LIST_PATH, "applications", item_shape=APPLICATION_ITEM)
            if app.get("name") == name]


def resolve_application(client, reference):
    """The id of the application that ``reference`` names: an application id, or else a unique application name."""
    if the_object(application_path(reference), reference,
                  client.get_or_none(application_path(reference), shape=APPLICATION_SHAPE)) is not None:
        return reference
    app = pick_one(applications_named(client, reference), "application", reference, "application")
    if app is None:
        raise DesiredStateError("Application '%s' does not exist (no application has this id or name)." % reference)
    return app["id"]


def planned_application(task, reference):
    """The record of the application named ``reference`` that this account run creates (_account.py plans
    applications before credentials), or None."""
    for record in (task.planned or {}).get("applications", []):
        if record.action == CREATE and not record.error and (record.item or {}).get("name") == reference:
            return record
    return None


# -- applications ---------------------------------------------------------------------------------------------------
COUNT_PARAMS = {"includeCourseCount": True, "includeRegistrationCount": True}


class Applications(Kind):
    """Applications of the realm, through the App Management application's credentials."""

    name = "application"
    plural = "applications"
    modules = ("scorm_application", "scorm_applications")
    doc_fragment = "application"
    noun = "application"
    family = "appmgmt"
    uses_mgmt = True
    path = APPLICATIONS_PATH
    list_key = "applications"
    identity = ("id", "name")
    fields = (
        Field("name", api="name"),
        Field("allow_delete", type="bool", api="allowDelete", read=bool),
        Field("created", api="createDate", output=True),
        Field("updated", api="updateDate", output=True),
    )
    # GET by id; the list is read from APPLICATION_LIST_PATH (see pages).
    item_options = {"id": dict(type="str")}
    item_rules = {"required_one_of": [("name", "id")]}
    task_options = {"include_counts": dict(type="bool", default=False)}
    required_on_create = ("name",)
    shape = APPLICATION_SHAPE  # with the counts, which include_counts reads

    def pages(self, client, task, count=False):
        # The list's filterBy values for applications are undocumented: it is read whole and matched here.
        for items, more, total in client.pages(APPLICATION_LIST_PATH, self.list_key, count=count,
                                               item_shape=self.item_shape):
            yield [self.from_list_item(item) for item in items], more, total

    def read(self, client, key, task):
        if not task.options.include_counts:
            return Kind.read(self, client, key, task)
        info = self.get_object(client, key, COUNT_PARAMS)
        return dict(self.from_api(key, info), **self._counts(info)) if info is not None else None

    def reread(self, client, record, task):
        return self.read(client, record.key, task)

    def detail_names(self, record, task):
        # Fresh counts come only with a GET of one application (the list's are up to a day old).
        wanted = task.options.include_counts and "course_count" not in record.current
        return ["course_count", "registration_count"] if wanted else []

    def read_details(self, client, record, names, task):
        path = application_path(record.key)
        return self._counts(the_object(path, record.key, client.get(path, params=COUNT_PARAMS, shape=self.shape)))

    @staticmethod
    def _counts(info):
        return {"course_count": info.get("courseCount"), "registration_count": info.get("registrationCount")}

    def protected(self, obj, task):
        # Never the applications this run authenticates as, nor one whose deletion protection is on.
        return (Kind.protected(self, obj, task) or not obj.get("allow_delete")
                or obj.get("id") in (task.connection.mgmt_app_id, task.connection.app_id))

    def describe(self, record):
        current = record.current or {}
        name = current.get("name") or (record.item or {}).get("name")
        if record.key and name:
            return "Application '%s' (id %s)" % (name, record.key)
        return "Application '%s'" % (record.key or name)

    def refine(self, record, task):
        action = record.plan.action
        if action == CREATE and self.declared_id(record.item) is not None:
            raise DesiredStateError("Application '%s' does not exist. SCORM Cloud assigns application ids, so to create "
                                    "an application leave out id and give its name." % record.item["id"])
        if (action == DELETE and not record.current["allow_delete"]
                and (record.desired or {}).get("allow_delete") is not True):
            raise DesiredStateError("%s is protected from deletion (its allowDelete flag is false); set allow_delete: "
                                    "true in this task to lift the protection and delete it." % self.describe(record))

    def create(self, client, record, task):
        name = record.plan.changes["name"]

        def find_created():
            # No application had this name before the POST, so one that has it now is the one the POST created.
            return next(iter(applications_named(client, name)), None)

        created = client.create_verified("POST", APPLICATIONS_PATH, find_created, json={"name": name},
                                         shape=Obj({"id": ID}, required=("id",)))
        # A run that created the same application at the same moment made a second one with this name.
        concurrent_duplicates(applications_named(client, name), "application", name, (
            "delete the one you do not want (scorm_application with its id, state: absent and allow_delete: true) and "
            "set id to the one to keep"))
        if record.plan.changes.get("allow_delete"):
            self._put(client, created["id"], name, True)
        return {"id": created["id"]}

    def update(self, client, record, changes, task):
        current = record.current
        self._put(client, record.key, changes.get("name", current["name"]),
                  changes.get("allow_delete", current["allow_delete"]))

    def delete(self, client, record, task):
        if not record.current["allow_delete"]:
            self._put(client, record.key, record.current["name"], True)
        client.request("DELETE", application_path(record.key))

    @staticmethod
    def _put(client, app_id, name, allow_delete):
        # Both fields are always sent: what the service does with an omitted one is undocumented.
        client.request("PUT", application_path(app_id), json={"name": name, "allowDelete": allow_delete})


APPLICATIONS = Applications()
