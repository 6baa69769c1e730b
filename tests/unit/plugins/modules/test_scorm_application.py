# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_application's main() against an in-memory App Management service: finding an application by name or id,
duplicate names, creation (also when its answer is lost), renames, deletion protection and check mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.scorm.cloud.plugins.modules import scorm_application
from ansible_collections.scorm.cloud.tests.unit.plugins.modules.appmanagement_service import (
    APP_SECRET,
    CONNECTION,
    MGMT_SECRET,
    AppManagementService,
)

LIST = "/appManagement/applicationList"


@pytest.fixture
def service(http):
    realm = AppManagementService(page_size=2)
    http.handler = realm
    return realm


@pytest.fixture
def run(run_module):
    def run(check_mode=False, diff=False, **options):
        return run_module(scorm_application.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run


@pytest.fixture
def realm(service):
    """Five applications, so a name lookup spans three pages; two of them are named 'twin'."""
    service.add_app("A1", "alpha")
    service.add_app("A2", "twin")
    service.add_app("A3", "beta", allow_delete=True)
    service.add_app("A4", "twin")
    service.add_app("A5", "staging")
    return service


def test_a_name_is_found_on_a_later_page(realm, http, run):
    result = run(name="staging").result
    assert result["changed"] is False
    assert result["application"] == {"id": "A5", "name": "staging", "allow_delete": False,
                                     "created": "2026-01-02T03:04:05.000Z", "updated": "2026-01-02T03:04:05.000Z"}
    listed = [call for call in http.calls if call.path == LIST]
    # The first request carries no filter (the service's filterBy values are unknown), only the count the pages must
    # add up to; follow-ups only `more`.
    assert [call.params for call in listed] == [{"includeTotalCount": "true"}, {"more": "2"}, {"more": "4"}]
    assert realm.writes(http) == []


def test_duplicate_names_without_id_fail_listing_the_ids(realm, http, run):
    result = run(name="twin", allow_delete=True).result
    assert result["failed"] is True
    assert result["msg"] == "2 applications are named 'twin' (ids: A2, A4); set id to the id of the one to manage."
    assert realm.writes(http) == []


def test_duplicate_names_also_block_deletion(realm, http, run):
    result = run(name="twin", state="absent", allow_delete=True).result
    assert result["failed"] is True and "A2, A4" in result["msg"]
    assert realm.writes(http) == []


def test_id_picks_one_of_the_duplicates_and_renames_it(realm, http, run):
    result = run(id="A4", name="twin-emea", diff=True).result
    assert result["changed"] is True
    assert result["application"]["name"] == "twin-emea"
    assert result["diff"]["before"]["name"] == "twin" and result["diff"]["after"]["name"] == "twin-emea"
    # No list read is needed with an id, and both fields are sent so nothing is left to the service's defaults.
    assert LIST not in [call.path for call in http.calls]
    put = [call for call in http.calls if call.method == "PUT"]
    assert [(call.path, call.json) for call in put] == [("/appManagement/applications/A4",
                                                         {"name": "twin-emea", "allowDelete": False})]
    assert realm.apps["A2"]["name"] == "twin"


def test_an_unknown_id_is_not_created(realm, http, run):
    result = run(id="NOPE", name="new").result
    assert result["failed"] is True
    assert result["msg"].startswith("Application 'NOPE' does not exist.") and "leave out id" in result["msg"]
    assert realm.writes(http) == []


def test_an_unknown_id_is_already_absent(realm, http, run):
    result = run(id="NOPE", state="absent").result
    assert result["changed"] is False and result["application"] is None
    assert realm.writes(http) == []


def test_create_posts_the_name_once_and_returns_the_new_id(service, http, run):
    result = run(name="staging", allow_delete=True, diff=True).result
    assert result["changed"] is True
    assert result["application"]["id"] == "NEWAPP1"
    assert result["application"]["allow_delete"] is True
    assert result["diff"]["before"] == {}
    assert service.writes(http) == [("POST", "/appManagement/applications"), ("PUT", "/appManagement/applications/NEWAPP1")]
    assert [call.json for call in http.calls if call.method == "POST"] == [{"name": "staging"}]
    assert run(name="staging", allow_delete=True).result["changed"] is False


def test_an_application_created_by_a_concurrent_run_at_the_same_time_is_reported(service, http, run):
    def concurrent_create(call):
        answer = service(call)
        if call.method == "POST":
            service.add_app("OTHER1", "staging")  # the other run's POST, committed at the same moment
        return answer

    http.handler = concurrent_create
    result = run(name="staging").result
    assert result["failed"] is True
    assert result["msg"] == (
        "2 applications are named 'staging' (ids: NEWAPP1, OTHER1): another run created one at the same time as this "
        "run; delete the one you do not want (scorm_application with its id, state: absent and allow_delete: true) "
        "and set id to the one to keep.")
    assert service.writes(http) == [("POST", "/appManagement/applications")]
    again = run(name="staging").result
    assert again["failed"] is True and "(ids: NEWAPP1, OTHER1)" in again["msg"]
    assert service.writes(http) == [("POST", "/appManagement/applications")]


def test_check_mode_create_only_reads_and_predicts(service, http, run):
    result = run(name="staging", check_mode=True, diff=True).result
    assert result["changed"] is True
    assert result["application"]["name"] == "staging" and result["application"]["id"] is None
    assert service.writes(http) == [] and service.apps == {}


def test_a_lost_answer_to_the_creation_is_not_sent_twice(service, http, run):
    def post_lost_after_taking_effect(call):
        answer = service(call)
        if call.method == "POST":
            raise requests.exceptions.ReadTimeout("read timed out")
        return answer

    http.handler = post_lost_after_taking_effect
    result = run(name="staging").result
    assert result["changed"] is True
    assert [app["name"] for app in service.apps.values()] == ["staging"]
    assert result["application"]["id"] == "NEWAPP1"
    # Warnings are structured since ansible-core 2.19, plain strings before.
    assert "the account shows it took effect, so it was not sent again" in str(result["warnings"])


def test_include_counts_asks_for_fresh_counts(realm, http, run):
    result = run(name="alpha", include_counts=True).result
    assert result["application"]["course_count"] == 3
    assert result["application"]["registration_count"] == 7
    info = [call for call in http.calls if call.path == "/appManagement/applications/A1"]
    assert info[0].params == {"includeCourseCount": "true", "includeRegistrationCount": "true"}


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_protected_application_is_not_deleted(realm, http, run, check_mode):
    result = run(name="alpha", state="absent", check_mode=check_mode).result
    assert result["failed"] is True
    assert result["msg"] == ("Application 'alpha' (id A1) is protected from deletion (its allowDelete flag is false); "
                             "set allow_delete: true in this task to lift the protection and delete it.")
    assert realm.writes(http) == [] and "A1" in realm.apps


def test_allow_delete_lifts_the_protection_then_deletes(realm, http, run):
    result = run(name="alpha", state="absent", allow_delete=True, diff=True).result
    assert result["changed"] is True and result["application"] is None
    assert result["diff"]["after"] == {}
    assert realm.writes(http) == [("PUT", "/appManagement/applications/A1"), ("DELETE", "/appManagement/applications/A1")]
    assert "A1" not in realm.apps
    assert run(name="alpha", state="absent", allow_delete=True).result["changed"] is False


def test_an_unprotected_application_is_deleted_directly(realm, http, run):
    assert run(name="beta", state="absent").result["changed"] is True
    assert realm.writes(http) == [("DELETE", "/appManagement/applications/A3")]


def test_only_the_app_management_credentials_are_sent(realm, http, run):
    run_result = run(name="alpha")
    assert run_result.result["changed"] is False
    # The fake answers 403 to anything but the App Management credentials; neither secret is echoed.
    assert MGMT_SECRET not in run_result.stdout and APP_SECRET not in run_result.stdout


def test_ordinary_credentials_as_mgmt_are_refused_with_one_sentence(realm, http, run):
    result = run(name="alpha", mgmt_app_id="app-1", mgmt_secret_key=APP_SECRET).result
    assert result["failed"] is True
    assert result["msg"].startswith("SCORM Cloud refused GET /appManagement/applicationList (403)")
    assert "App Management app's credentials" in result["msg"]
    assert APP_SECRET not in str(result)


def test_name_or_id_is_required(service, http, run):
    result = run(allow_delete=True).result
    assert result["failed"] is True and "name, id" in result["msg"]
    assert http.calls == []
