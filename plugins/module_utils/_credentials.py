# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The credentials (secret keys) of applications, through the App Management application."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils._applications import (
    APPLICATION_ITEM,
    APPLICATION_LIST_PATH,
    planned_application,
    resolve_application,
)
from ansible_collections.scorm.cloud.plugins.module_utils._engine import GATHERED, OVERRIDDEN, Record, parallel
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    UPDATE,
    DesiredStateError,
    Field,
    concurrent_duplicates,
    pick_one,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, STR, ListOf, Obj


# CredentialListSchema, and the CredentialSchema of a new credential.
CREDENTIAL_SHAPE = Obj({"id": ID, "name": STR, "credential": STR, "status": STR, "created": STR, "updated": STR},
                       required=("id",))
CREDENTIALS_ANSWER = Obj({"credentials": ListOf(CREDENTIAL_SHAPE)}, required=("credentials",))


def credentials_path(app_id, credential_id=None):
    path = "/appManagement/%s/credentials" % quote(app_id, safe="")
    if credential_id is not None:
        path += "/" + quote(credential_id, safe="")
    return path


def credential_is_active(credential):
    """CredentialSchema reports ``status`` as a free string (the emulator: Enabled/Disabled); updates use a bool."""
    return str(credential.get("status") or "").strip().lower() in ("enabled", "active", "true")


# -- credentials ----------------------------------------------------------------------------------------------------
class Credentials(Kind):
    """The secret keys of applications. Each item names its application (id or unique name); credentials are found
    within it by id, else by name. The secret comes back only with ``return_secret``."""

    name = "credential"
    plural = "credentials"
    modules = ("scorm_credential", "scorm_credentials")
    doc_fragment = "credential"
    noun = "credential"
    family = "appmgmt"
    uses_mgmt = True
    identity = ("id", "name")
    fields = (
        Field("name"),
        Field("active", type="bool"),
    )
    item_options = {"application": dict(type="str", required=True), "id": dict(type="str")}
    item_rules = {"required_one_of": [("name", "id")]}
    task_options = {"return_secret": dict(type="bool", default=False)}
    required_on_create = ("name",)
    shape = CREDENTIAL_SHAPE
    references = (("application", "applications"),)
    left_out = "the secret of every credential (SCORM Cloud generates a new one when a credential is created)"
    # What an account run shows for the keys SCORM Cloud creates with an application this run creates (see locate).
    KEYS_OF_NEW_APPLICATION = "(the keys SCORM Cloud creates with a new application)"

    def not_found(self, params):
        return "Application '%s' does not exist." % params["application"]

    def lookup_key(self, item):
        return (item.get("application"),) + Kind.lookup_key(self, item)

    def identity_of(self, record):
        identity = {"application": self.application_of(record), "id": record.key}
        if record.item is None or record.item.get("id") is None:
            identity["name"] = (record.item or record.current or {}).get("name")
        return identity

    def describe(self, record):
        return "credential '%s' of application %s" % (
            record.key or (record.item or record.current or {}).get("name"), self.application_of(record))

    @staticmethod
    def application_of(record):
        """The id of the credential's application; before an application this run creates has one, its name."""
        return record.data.get("app_id") or (record.item or record.current or {}).get("application")

    def refers_to(self, record):
        return [("applications", record.data["app_id"])] if record.data.get("app_id") else []

    def from_api(self, key, data):
        """``key`` is the id of the credential's application (a credential is read from its application's list)."""
        return {
            "application": key,
            "id": data["id"],
            "name": data.get("name"),
            "active": credential_is_active(data),
            "created": data.get("created"),
            "updated": data.get("updated"),
            "_secret": data.get("credential"),
        }

    def listed(self, client, app_id):
        credentials = client.get(credentials_path(app_id), shape=CREDENTIALS_ANSWER)["credentials"]
        for credential in credentials:
            # Every secret read is scrubbed from any message this run may produce.
            client.add_secret(credential.get("credential"))
        return [self.from_api(app_id, credential) for credential in credentials]

    def locate(self, client, records, task):
        """Each item's application (an id, else a unique name), then that application's credentials: one request
        per application. Overridden deletes the undeclared credentials of the applications that items name."""
        app_ids, new_apps = {}, {}
        for reference in sorted(set(r.item["application"] for r in records)):
            created = planned_application(task, reference)
            if created is not None:
                new_apps[reference] = created
            else:
                app_ids[reference] = resolve_application(client, reference)
        if new_apps:
            records[:] = self.for_new_applications(records, new_apps, task)
        existing = [r for r in records if "app_record" not in r.data]
        unique_names = {}
        if task.state == GATHERED:
            # Without config, gathered reads the credentials of every application of the realm; an export names
            # each one's application by its name where that name is unique.
            apps = client.iter_list(APPLICATION_LIST_PATH, "applications", item_shape=APPLICATION_ITEM)
            names = [app.get("name") for app in apps]
            app_ids = dict((app["id"], app["id"]) for app in apps)
            unique_names = dict((app["id"], app["name"]) for app in apps if names.count(app.get("name")) == 1)
        app_list = sorted(set(app_ids.values()))
        outcomes = parallel([self._lister(client, app_id) for app_id in app_list], task.concurrency)
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
        live = dict(zip(app_list, outcomes))
        for app_id, credentials in live.items():
            for credential in credentials:
                credential["_application_name"] = unique_names.get(app_id)
        matched = set()
        for record in existing:
            app_id = record.data["app_id"] = app_ids[record.item["application"]]
            credentials = live[app_id]
            if record.item.get("id") is not None:
                found = next((item for item in credentials if item["id"] == record.item["id"]), None)
            else:
                try:
                    found = pick_one([item for item in credentials if item["name"] == record.item["name"]],
                                     self.noun, record.item["name"], "id")
                except DesiredStateError as exc:
                    record.error = str(exc)
                    continue
            record.current = found
            record.key = found["id"] if found else record.item.get("id")
            record.data["others_active"] = any(item["active"] for item in credentials if item["id"] != record.key)
            if found:
                matched.add((app_id, found["id"]))
        unlisted = []
        for app_id, credentials in live.items():
            for credential in credentials:
                if (app_id, credential["id"]) not in matched:
                    unlisted.append(credential)
        return unlisted

    def for_new_applications(self, records, new_apps, task):
        """The records, with those of applications this run creates (``new_apps``: reference -> its record) made
        ready: each is a credential to create once the application has its id. With overridden, one more record
        deletes the keys SCORM Cloud creates with a new application, after this run's own keys exist."""
        result = list(records)
        for reference, app_record in sorted(new_apps.items()):
            mine = [r for r in records if r.item["application"] == reference]
            for record in mine:
                record.data.update(app_id=None, app_record=app_record, others_active=False)
                record.current, record.key = None, record.item.get("id")
            if task.state == OVERRIDDEN:
                keys = Record(current={"application": reference, "id": None, "name": self.KEYS_OF_NEW_APPLICATION,
                                       "active": True, "_secret": None})
                keys.data.update(app_id=None, app_record=app_record, declared_keys=mine)
                result.append(keys)
        return result

    def _lister(self, client, app_id):
        return lambda: self.listed(client, app_id)

    def protected(self, obj, task):
        # Never the key this run authenticates with.
        return Kind.protected(self, obj, task) or obj.get("_secret") in (
            task.connection.mgmt_secret_key, task.connection.secret_key)

    def refine(self, record, task):
        if record.item is None:
            record.data.setdefault("app_id", record.current["application"])
            return
        action, current = record.plan.action, record.current
        record.data["secret"] = (current or {}).get("_secret")
        if action == CREATE and record.item.get("id") is not None:
            raise DesiredStateError("Credential '%s' does not exist in application %s. SCORM Cloud assigns credential ids, "
                                    "so to create a credential leave out id and give its name." % (
                                        record.item["id"], record.data["app_id"]))
        disabling = action == UPDATE and record.desired.get("active") is False
        if (action == DELETE or disabling) and current["active"] and not record.data["others_active"]:
            task.warn("Credential '%s' is the last active secret key of application %s; without it the application "
                      "cannot call the API until another key is activated." % (current["name"], record.data["app_id"]))

    def reread(self, client, record, task):
        return next((item for item in self.listed(client, record.data["app_id"]) if item["id"] == record.key), None)

    def returned(self, record, after, task):
        if after is not None and task.options.return_secret and record.data.get("secret"):
            return dict(after, secret=record.data["secret"])
        return after

    def create(self, client, record, task):
        if record.data.get("app_id") is None:
            record.data["app_id"] = record.data["app_record"].key  # the application this run created before
            adopted = self.adopt_key_of_new_application(client, record)
            if adopted is not None:
                return adopted
        app_id, name = record.data["app_id"], record.plan.changes["name"]
        body = {"name": name}
        if record.plan.changes.get("active") is not None:
            body["active"] = record.plan.changes["active"]

        def find_created():
            # No credential had this name before the POST, so one that has it now is the one the POST created.
            return next((item for item in client.get(credentials_path(app_id), shape=CREDENTIALS_ANSWER)["credentials"]
                         if item.get("name") == name), None)

        created = client.create_verified("POST", credentials_path(app_id), find_created, json=body,
                                         shape=CREDENTIAL_SHAPE)
        client.add_secret(created.get("credential"))
        concurrent_duplicates([item for item in self.listed(client, app_id) if item["name"] == name], "credential",
                              name, "delete the one you do not want (scorm_credential with its id and state: absent) "
                              "and set id to the one to keep", "in application %s " % app_id)
        record.data["secret"] = created.get("credential")
        return {"id": created.get("id")}

    def adopt_key_of_new_application(self, client, record):
        """A key SCORM Cloud created with the new application under the declared name (an export declares an
        application's "Default" key) is the declared credential: it came into being with the application in this
        run, so it is taken as created (and set active as declared) rather than created a second time."""
        app_id, name = record.data["app_id"], record.plan.changes["name"]
        found = pick_one([item for item in self.listed(client, app_id) if item["name"] == name], self.noun, name, "id")
        if found is None:
            return None
        active = record.plan.changes.get("active")
        if active is not None and active != found["active"]:
            client.request("PUT", credentials_path(app_id, found["id"]), json={"name": name, "active": active})
        record.data["secret"] = found["_secret"]
        return {"id": found["id"]}

    def update(self, client, record, changes, task):
        # Both fields are always sent: what the service does with an omitted one is undocumented.
        current = record.current
        client.request("PUT", credentials_path(record.data["app_id"], record.key), json={
            "name": changes.get("name", current["name"]), "active": changes.get("active", current["active"])})

    def delete(self, client, record, task):
        if "declared_keys" in record.data:
            self.delete_keys_of_new_application(client, record)
            return
        client.request("DELETE", credentials_path(record.data["app_id"], record.key))

    def delete_keys_of_new_application(self, client, record):
        """Delete the keys SCORM Cloud created with an application this run created, except this run's own."""
        app_id = record.data["app_id"] = record.data["app_record"].key
        own = set(declared.key for declared in record.data["declared_keys"])
        for credential in self.listed(client, app_id):
            if credential["id"] not in own:
                client.request("DELETE", credentials_path(app_id, credential["id"]))


CREDENTIALS = Credentials()
