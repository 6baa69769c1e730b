# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_credential's main() against an in-memory App Management service: resolving the application by id or
name, picking a credential by name or id, creation, and keeping the secret out of everything but an explicit ask."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
import requests

from ansible_collections.scorm.cloud.plugins.modules import scorm_credential
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import response
from ansible_collections.scorm.cloud.tests.unit.plugins.modules.appmanagement_service import (
    CONNECTION,
    AppManagementService,
)

SECRET = "existing-secret-value-1"
OTHER_SECRET = "other-secret-value-2"
CREDENTIALS = "/appManagement/A1/credentials"


@pytest.fixture
def service(http):
    realm = AppManagementService(page_size=2)
    realm.add_app("A1", "staging")
    realm.add_credential("A1", "c1", "ci", SECRET)
    realm.add_credential("A1", "c2", "twin", OTHER_SECRET)
    realm.add_credential("A1", "c3", "twin", "third-secret-value-3", status="Disabled")
    realm.add_app("A2", "production")
    realm.add_app("A3", "dup")
    realm.add_app("A4", "dup")
    http.handler = realm
    return realm


@pytest.fixture
def run(run_module):
    def run(check_mode=False, diff=False, **options):
        return run_module(scorm_credential.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run


# ---- which application ---------------------------------------------------------------------------------------------

def test_the_application_is_taken_as_an_id_first(service, http, run):
    result = run(application="A1", name="ci").result
    assert result["changed"] is False and result["credential"]["application"] == "A1"
    assert "/appManagement/applicationList" not in [call.path for call in http.calls]


def test_the_application_can_be_named(service, http, run):
    result = run(application="staging", name="ci").result
    assert result["changed"] is False
    assert result["credential"] == {"application": "A1", "id": "c1", "name": "ci", "active": True,
                                    "created": "2026-01-02T03:04:05.000Z", "updated": "2026-01-02T03:04:05.000Z"}


def test_an_ambiguous_application_name_fails_listing_the_ids(service, http, run):
    result = run(application="dup", name="ci").result
    assert result["failed"] is True
    assert result["msg"] == "2 applications are named 'dup' (ids: A3, A4); set application to the id of the one to manage."
    assert service.writes(http) == []


@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_missing_application_fails_with_one_sentence(service, http, run, state):
    result = run(application="nowhere", name="ci", state=state).result
    assert result["failed"] is True
    assert result["msg"] == "Application 'nowhere' does not exist (no application has this id or name)."
    assert service.writes(http) == []


def test_a_parent_that_vanishes_is_reported_as_missing(service, http, run):
    def credentials_gone(call):
        if call.path == CREDENTIALS:
            return response(404, {"message": "Application 'A1' not found"})
        return service(call)

    http.handler = credentials_gone
    result = run(application="A1", name="ci").result
    assert result["failed"] is True and result["msg"].startswith("Application 'A1' does not exist.")


# ---- which credential ----------------------------------------------------------------------------------------------

def test_duplicate_credential_names_fail_listing_the_ids(service, http, run):
    result = run(application="A1", name="twin", active=False).result
    assert result["failed"] is True
    assert result["msg"] == "2 credentials are named 'twin' (ids: c2, c3); set id to the id of the one to manage."
    assert service.writes(http) == []


def test_a_credential_created_by_a_concurrent_run_at_the_same_time_is_reported(service, http, run):
    def concurrent_create(call):
        answer = service(call)
        if call.method == "POST":
            service.add_credential("A1", "other-1", "deploy", "other-secret-1")  # the other run's POST
        return answer

    http.handler = concurrent_create
    result = run(application="A1", name="deploy").result
    assert result["failed"] is True
    assert re.match(r"^2 credentials in application A1 are named 'deploy' \(ids: cred\d+, other-1\): another run created one "
                    r"at the same time as this run; delete the one you do not want \(scorm_credential with its id and "
                    r"state: absent\) and set id to the one to keep\.$", result["msg"]), result["msg"]
    assert [method for method, _path in service.writes(http)] == ["POST"]


def test_id_picks_one_and_name_renames_it(service, http, run):
    result = run(application="A1", id="c3", name="twin-old", active=True, diff=True).result
    assert result["changed"] is True
    assert result["credential"]["name"] == "twin-old" and result["credential"]["active"] is True
    puts = [(call.path, call.json) for call in http.calls if call.method == "PUT"]
    assert puts == [(CREDENTIALS + "/c3", {"name": "twin-old", "active": True})]
    assert [item["name"] for item in service.credentials["A1"]] == ["ci", "twin", "twin-old"]


def test_an_unknown_credential_id_is_not_created(service, http, run):
    result = run(application="A1", id="nope", name="x").result
    assert result["failed"] is True
    assert result["msg"].startswith("Credential 'nope' does not exist in application A1.")
    assert service.writes(http) == []


def test_create_posts_once_then_is_idempotent(service, http, run):
    result = run(application="A1", name="deploy", active=False, diff=True).result
    assert result["changed"] is True
    assert result["credential"]["id"] is not None and result["credential"]["active"] is False
    posts = [call for call in http.calls if call.method == "POST"]
    assert [(call.path, call.json) for call in posts] == [(CREDENTIALS, {"name": "deploy", "active": False})]
    assert run(application="A1", name="deploy", active=False).result["changed"] is False


def test_a_lost_answer_to_the_creation_is_not_sent_twice(service, http, run):
    def post_lost_after_taking_effect(call):
        answer = service(call)
        if call.method == "POST":
            raise requests.exceptions.ReadTimeout("read timed out")
        return answer

    http.handler = post_lost_after_taking_effect
    result = run(application="A1", name="deploy", return_secret=True).result
    assert [item["name"] for item in service.credentials["A1"]].count("deploy") == 1
    assert result["credential"]["secret"] == service.credentials["A1"][-1]["credential"]


def test_check_mode_only_reads(service, http, run):
    created = run(application="A1", name="deploy", check_mode=True, diff=True).result
    disabled = run(application="A1", name="ci", active=False, check_mode=True).result
    deleted = run(application="A1", name="ci", state="absent", check_mode=True).result
    assert created["changed"] and disabled["changed"] and deleted["changed"]
    assert created["credential"]["id"] is None and "secret" not in created["credential"]
    assert disabled["credential"]["active"] is False
    assert service.writes(http) == []


def test_absent_deletes_once(service, http, run):
    assert run(application="A1", name="ci", state="absent").result["changed"] is True
    assert run(application="A1", name="ci", state="absent").result["changed"] is False
    assert service.writes(http) == [("DELETE", CREDENTIALS + "/c1")]


def test_removing_the_last_active_key_warns(service, http, run):
    run(application="A1", id="c2", state="absent")
    result = run(application="A1", name="ci", state="absent").result
    assert result["changed"] is True
    assert "last active secret key of application A1" in str(result["warnings"])


# ---- the secret ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("options", [
    dict(name="ci"),
    dict(name="ci", active=False),
    dict(name="ci", state="absent"),
    dict(name="fresh"),
])
def test_the_secret_is_never_shown_unless_asked(service, http, run, options):
    fresh_secret = "generated-secret-1"
    run_result = run(application="A1", diff=True, **options)
    assert run_result.result.get("failed") is not True
    for secret in (SECRET, OTHER_SECRET, fresh_secret, "pens-" + SECRET):
        assert secret not in run_result.stdout
    if run_result.result["credential"] is not None:
        assert "secret" not in run_result.result["credential"]


def test_return_secret_puts_it_in_the_result_only(service, http, run):
    result = run(application="A1", name="ci", active=False, return_secret=True, diff=True).result
    assert result["credential"]["secret"] == SECRET
    assert SECRET not in str(result["diff"])


def test_a_new_credential_returns_its_generated_secret_when_asked(service, http, run):
    result = run(application="A1", name="fresh", return_secret=True).result
    assert result["credential"]["secret"] == service.credentials["A1"][-1]["credential"]


def test_a_secret_echoed_in_an_error_is_scrubbed(service, http, run):
    def echo_on_put(call):
        if call.method == "PUT":
            return response(400, {"message": "cannot update credential %s / %s" % (SECRET, OTHER_SECRET)})
        return service(call)

    http.handler = echo_on_put
    run_result = run(application="A1", name="ci", active=False)
    assert run_result.result["failed"] is True
    assert "cannot update credential ********" in run_result.result["msg"]
    assert SECRET not in run_result.stdout and OTHER_SECRET not in run_result.stdout
