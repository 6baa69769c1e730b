# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_account with applications and their credentials in one run: the credentials of an application the same run
creates are planned before it exists, and check mode shows what the run then does (the keys SCORM Cloud creates with
a new application included)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.modules import scorm_account
from ansible_collections.scorm.cloud.tests.unit.plugins.modules.appmanagement_service import (
    CONNECTION,
    AppManagementService,
)

KEYS_OF_NEW_APPLICATION = "(the keys SCORM Cloud creates with a new application)"


class RealmWithDefaultKeys(AppManagementService):
    """As the service (and the emulator) does: a new application comes with one key, named Default."""

    def _apps(self, call):
        answer = AppManagementService._apps(self, call)
        app_id = answer.json()["id"]
        self.counter += 1
        self.add_credential(app_id, "cred%d" % self.counter, "Default", "default-secret-%d" % self.counter)
        return answer


@pytest.fixture
def realm(http):
    service = RealmWithDefaultKeys()
    http.handler = service
    return service


def apply(run_module, check_mode=False, **sections):
    return run_module(scorm_account.main, dict(CONNECTION, **sections), check_mode=check_mode).result


def actions(result):
    return dict((name, sorted((entry.get("name"), entry["action"]) for entry in section["actions"]))
                for name, section in result["sections"].items())


@pytest.mark.parametrize("state, expected", [
    ("merged", {"applications": [("new-app", "create")], "credentials": [("ci", "create")]}),
    ("overridden", {"applications": [("new-app", "create")],
                    "credentials": [(KEYS_OF_NEW_APPLICATION, "delete"), ("ci", "create")]}),
])
def test_check_mode_shows_what_a_new_applications_keys_will_be(http, realm, run_module, state, expected):
    sections = dict(state=state, applications=[{"name": "new-app"}],
                    credentials=[{"application": "new-app", "name": "ci"}])
    predicted = apply(run_module, check_mode=True, **sections)
    assert actions(predicted) == expected and realm.writes(http) == []
    ran = apply(run_module, **sections)
    assert actions(ran) == expected
    app_id = next(app_id for app_id, app in realm.apps.items() if app["name"] == "new-app")
    kept = sorted(credential["name"] for credential in realm.credentials[app_id])
    assert kept == (["Default", "ci"] if state == "merged" else ["ci"])
    again = apply(run_module, **sections)
    assert again["changed"] is False, again


def test_a_declared_key_named_as_the_services_own_is_that_key(http, realm, run_module):
    # An export declares an application's Default key: applied to a realm without the application, the key SCORM
    # Cloud creates with it is the declared one, not a second key of the same name.
    sections = dict(state="overridden", applications=[{"name": "new-app"}],
                    credentials=[{"application": "new-app", "name": "Default", "active": False}])
    ran = apply(run_module, **sections)
    assert actions(ran)["credentials"] == [(KEYS_OF_NEW_APPLICATION, "delete"), ("Default", "create")]
    app_id = next(app_id for app_id, app in realm.apps.items() if app["name"] == "new-app")
    assert [(c["name"], c["status"]) for c in realm.credentials[app_id]] == [("Default", "Disabled")]
    assert ("POST", "/appManagement/%s/credentials" % app_id) not in realm.writes(http)
    assert apply(run_module, **sections)["changed"] is False


def test_a_purge_of_an_application_a_declared_key_names_is_refused(http, realm, run_module):
    realm.add_app("A1", "old-app", allow_delete=True)
    realm.add_credential("A1", "k1", "ci", "old-app-secret-1")
    result = apply(run_module, state="overridden", applications=[{"name": "other-app"}],
                   credentials=[{"application": "A1", "name": "ci"}])
    assert result["failed"] is True
    assert result["msg"].startswith("applications: 1 of 2 applications failed. Application 'old-app' (id A1): "
                                    "Application 'old-app' (id A1) is not declared, so the purge would delete it, but "
                                    "credential 'k1' of application A1 (declared) refers to it")
    assert realm.writes(http) == [] and "A1" in realm.apps
