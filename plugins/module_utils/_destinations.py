# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Dispatch destinations: the LMSs (or customers) that dispatched courses are delivered to."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._engine import MAX_INT
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DICT, TAGS, Field, mapped
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import BOOL, ENABLED_ANSWER, INT, STR, Obj

LAUNCH_AUTH_OPTIONS = dict(
    type=dict(type="str", choices=["cookies", "vault"]),
    ip_address=dict(type="bool"),
    fingerprint=dict(type="bool"),
    expiry=dict(type="int"),
    sliding_expiry=dict(type="int"),
)
# launch_auth sub-option -> key under the API's launchAuth.options
LAUNCH_AUTH_API_KEYS = {"ip_address": "ipAddress", "fingerprint": "fingerprint", "expiry": "expiry",
                        "sliding_expiry": "slidingExpiry"}
LAUNCH_AUTH_SHAPE = Obj({"type": STR, "options": Obj({"ipAddress": BOOL, "fingerprint": BOOL, "expiry": INT,
                                                      "slidingExpiry": INT})})
# lti13 sub-option -> key of the API's lti13Data (Lti13PlatformConfigurationSchema): the LMS (platform) a destination
# delivers to over LTI 1.3. The SDK refuses the schema without the first five, so a declaration names them all.
LTI13_API_KEYS = {"client_id": "clientId", "platform_issuer_identifier": "platformIssuerIdentifier",
                  "deployment_id": "deploymentId", "oidc_authorization_endpoint": "oidcAuthorizationEndpoint",
                  "json_web_key_set_url": "jsonWebKeySetUrl", "access_token_url": "accessTokenUrl"}
# URLs and identifiers, no secrets (their names only look like it to ansible-test's no-log check).
LTI13_OPTIONS = dict((option, dict(type="str", required=option != "access_token_url", no_log=False))
                     for option in LTI13_API_KEYS)


def launch_auth_from_api(data):
    data = data or {}
    options = data.get("options") or {}
    launch_auth = {"type": data.get("type", "cookies")}
    for option, api_key in LAUNCH_AUTH_API_KEYS.items():
        launch_auth[option] = options.get(api_key)
    return launch_auth


def launch_auth_to_api(launch_auth):
    options = dict((api_key, launch_auth[option]) for option, api_key in LAUNCH_AUTH_API_KEYS.items()
                   if launch_auth.get(option) is not None)
    return {"type": launch_auth.get("type") or "cookies", "options": options}


class Destinations(Kind):
    name = "destination"
    plural = "destinations"
    modules = ("scorm_dispatch_destination", "scorm_dispatch_destinations")
    doc_fragment = "destination"
    noun = "destination"
    family = "dispatch"
    path = "/dispatch/destinations"
    list_key = "destinations"
    tags_batch_path = "/dispatch/destinations/tags"
    fields = (
        Field("name", api="name"),
        Field("email", api="email"),
        Field("notes", api="notes"),
        Field("tags", kind=TAGS, api="tags"),
        Field("launch_auth", kind=DICT, options=LAUNCH_AUTH_OPTIONS, api="launchAuth", read=launch_auth_from_api,
              write=launch_auth_to_api, shape=LAUNCH_AUTH_SHAPE),
        # The service returns lti13Data only when it is set.
        Field("lti13", kind=DICT, options=LTI13_OPTIONS, api="lti13Data", **mapped(LTI13_API_KEYS)),
        # Not in the list or the GET: a request of its own per destination, so read only where declared.
        Field("hash_user_info", detail=True, type="bool"),
    )
    item_options = {"id": dict(type="str", required=True)}
    required_on_create = ("name",)
    # DestinationSchema; the list wraps it as {id, data}.
    wrapped = True
    cascades = "SCORM Cloud deletes a destination's dispatches with it"
    bounds = {"launch_auth.expiry": (0, MAX_INT), "launch_auth.sliding_expiry": (0, MAX_INT)}

    def read_details(self, client, record, names, task):
        return {"hash_user_info": self._hash_user_info(client, record.key)}

    def export_details(self, client, obj, task):
        # Off is the service's default: exported only where it is on, so applying an export reads it only there.
        return {"hash_user_info": True} if self._hash_user_info(client, obj["id"]) else {}

    def _hash_user_info(self, client, key):
        return client.get(self.item_path(key) + "/dispatches/hashUserInfo", shape=ENABLED_ANSWER)["enabled"]

    def create(self, client, record, task):
        body = self.body(record.plan.changes)
        body["tags"] = record.plan.changes.get("tags") or []
        client.request("PUT", self.item_path(record.key), json=body)
        self.finish_create(client, record, task)

    def create_batch(self, client, records, task):
        body = [{"id": r.key, "data": dict(self.body(r.plan.changes), tags=r.plan.changes.get("tags") or [])}
                for r in records]
        client.request("POST", self.path, json={"destinations": body})

    def finish_create(self, client, record, task):
        if record.plan.changes.get("hash_user_info") is not None:
            self._set_hash_user_info(client, record.key, record.plan.changes["hash_user_info"])

    def update(self, client, record, changes, task):
        body = self.body(changes)
        if body:
            client.request("PUT", self.item_path(record.key), json=body)
        if "hash_user_info" in changes:
            self._set_hash_user_info(client, record.key, changes["hash_user_info"])

    def _set_hash_user_info(self, client, key, enabled):
        client.request("PUT", self.item_path(key) + "/dispatches/hashUserInfo", json={"enabled": enabled})


DESTINATIONS = Destinations()
