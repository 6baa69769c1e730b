# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-memory App Management service (applications and their credentials) for the unit tests of
scorm_application and scorm_credential: answers FakeHttp calls the way the API reference describes, with a small
page size so name lookups must follow ``more``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import re

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

MGMT_ID = "mgmt-1"
MGMT_SECRET = "mgmt-secret-key-1"
APP_SECRET = "ordinary-app-secret-1"
# Ordinary app credentials are set too: the App Management modules must never send them.
CONNECTION = {"api_url": API_URL, "mgmt_app_id": MGMT_ID, "mgmt_secret_key": MGMT_SECRET,
              "app_id": "app-1", "secret_key": APP_SECRET}
STAMP = "2026-01-02T03:04:05.000Z"
WRITES = ("POST", "PUT", "DELETE")


class AppManagementService:
    """Applications and credentials of one realm, reachable only with the App Management credentials."""

    ROUTES = (
        ("list", re.compile(r"^/appManagement/applicationList$")),
        ("apps", re.compile(r"^/appManagement/applications$")),
        ("app", re.compile(r"^/appManagement/applications/([^/]+)$")),
        ("creds", re.compile(r"^/appManagement/([^/]+)/credentials$")),
        ("cred", re.compile(r"^/appManagement/([^/]+)/credentials/([^/]+)$")),
    )

    def __init__(self, page_size=2):
        self.page_size = page_size
        self.apps = {}  # id -> ApplicationInfoSchema-like dict, in creation order
        self.credentials = {}  # app id -> [CredentialSchema-like dict]
        self.counter = 0

    # -- set-up ---------------------------------------------------------------------------------------------------

    def add_app(self, app_id, name, allow_delete=False):
        self.apps[app_id] = {"id": app_id, "name": name, "createDate": STAMP, "updateDate": STAMP,
                             "allowDelete": allow_delete}
        self.credentials[app_id] = []
        return self.apps[app_id]

    def add_credential(self, app_id, credential_id, name, secret, status="Enabled"):
        credential = {"id": credential_id, "name": name, "credential": secret, "pensCredential": "pens-" + secret,
                      "status": status, "created": STAMP, "updated": STAMP}
        self.credentials[app_id].append(credential)
        return credential

    # -- what happened --------------------------------------------------------------------------------------------

    @staticmethod
    def writes(http):
        return [(call.method, call.path) for call in http.calls if call.method in WRITES]

    # -- the API --------------------------------------------------------------------------------------------------

    def __call__(self, call):
        expected = "Basic " + base64.b64encode(("%s:%s" % (MGMT_ID, MGMT_SECRET)).encode()).decode()
        if call.headers.get("Authorization") != expected:
            return response(403, {"message": "This operation requires App Management credentials"})
        for name, pattern in self.ROUTES:
            match = pattern.match(call.path)
            if match:
                return getattr(self, "_" + name)(call, *[unquote(group) for group in match.groups()])
        raise AssertionError("the module called an unexpected endpoint: %s %s" % (call.method, call.path))

    def _list(self, call):
        assert call.method == "GET"
        params = call.params or {}
        start = int(params.get("more") or 0)
        apps = list(self.apps.values())
        page = {"applications": [self._info(app, params) for app in apps[start:start + self.page_size]]}
        if start + self.page_size < len(apps):
            page["more"] = str(start + self.page_size)
        return response(200, page)

    def _apps(self, call):
        assert call.method == "POST"
        self.counter += 1
        app = self.add_app("NEWAPP%d" % self.counter, call.json["name"])
        return response(200, {"id": app["id"], "name": app["name"]})

    def _app(self, call, app_id):
        app = self.apps.get(app_id)
        if app is None:
            return response(404, {"message": "Application '%s' not found" % app_id})
        if call.method == "GET":
            return response(200, self._info(app, call.params or {}))
        if call.method == "PUT":
            for key in ("name", "allowDelete"):
                if call.json.get(key) is not None:
                    app[key] = call.json[key]
            return response(204)
        assert call.method == "DELETE"
        if not app["allowDelete"]:
            return response(400, {"message": "Application '%s' does not allow deletion" % app_id})
        del self.apps[app_id]
        return response(204)

    def _creds(self, call, app_id):
        if app_id not in self.apps:
            return response(404, {"message": "Application '%s' not found" % app_id})
        if call.method == "GET":
            return response(200, {"credentials": self.credentials[app_id]})
        assert call.method == "POST"
        self.counter += 1
        status = "Disabled" if call.json.get("active") is False else "Enabled"
        credential = self.add_credential(app_id, "cred%d" % self.counter, call.json["name"],
                                         "generated-secret-%d" % self.counter, status)
        return response(200, credential)

    def _cred(self, call, app_id, credential_id):
        credentials = self.credentials.get(app_id, [])
        credential = next((item for item in credentials if item["id"] == credential_id), None)
        if credential is None:
            return response(404, {"message": "Credential '%s' not found" % credential_id})
        if call.method == "PUT":
            if call.json.get("name") is not None:
                credential["name"] = call.json["name"]
            if call.json.get("active") is not None:
                credential["status"] = "Enabled" if call.json["active"] else "Disabled"
            return response(204)
        assert call.method == "DELETE"
        credentials.remove(credential)
        return response(204)

    def _info(self, app, params):
        info = dict(app)
        if params.get("includeCourseCount"):
            info["courseCount"] = 3
        if params.get("includeRegistrationCount"):
            info["registrationCount"] = 7
        return info
