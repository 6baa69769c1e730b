# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_application_settings' main() against an in-memory configuration endpoint: only the named settings are
written, values compare as the service stores them, unknown ids fail, and password settings never show."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.modules import scorm_application_settings
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

PATH = "/appManagement/configuration"
PASSWORD = "rollup-password-1"
CONNECTION = {"api_url": API_URL, "app_id": "app-1", "secret_key": "app-secret-1"}
KNOWN = ("PlayerCaptureHistory", "PlayerScoLaunchType", "ApiRollupRegistrationAuthPassword")


class ConfigurationService:
    """Explicit values per level (None = application, else "STANDARD:true|false"), as SettingListSchema."""

    def __init__(self):
        self.levels = {None: {"PlayerScoLaunchType": "NEW_WINDOW"}}

    def __call__(self, call):
        params = call.params or {}
        level = "%s:%s" % (params["learningStandard"], params["singleSco"]) if params.get("learningStandard") else None
        own = self.levels.setdefault(level, {})
        if call.method == "DELETE":
            assert call.path.startswith(PATH + "/"), call.path
            own.pop(call.path[len(PATH) + 1:], None)
            return response(204)
        assert call.path == PATH, call.path
        if call.method == "GET":
            items = [dict({"id": name, "effectiveValue": "x"}, **({"explicitValue": own[name]} if name in own else {}))
                     for name in KNOWN]
            return response(200, {"settingItems": items})
        assert call.method == "POST"
        for item in call.json["settings"]:
            own[item["settingId"]] = item["value"]
        return response(204)


@pytest.fixture
def service(http):
    configuration = ConfigurationService()
    http.handler = configuration
    return configuration


@pytest.fixture
def run(run_module):
    def run(check_mode=False, diff=False, **options):
        return run_module(scorm_application_settings.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run


def posts(http):
    return [call.json for call in http.calls if call.method == "POST"]


def test_only_the_changed_named_settings_are_written(service, http, run):
    result = run(settings={"PlayerCaptureHistory": True, "PlayerScoLaunchType": "NEW_WINDOW"}, diff=True).result
    assert result["changed"] is True
    assert result["settings"] == {"PlayerCaptureHistory": "true", "PlayerScoLaunchType": "NEW_WINDOW"}
    assert result["diff"]["before"] == {"PlayerCaptureHistory": None, "PlayerScoLaunchType": "NEW_WINDOW"}
    assert posts(http) == [{"settings": [{"settingId": "PlayerCaptureHistory", "value": "true", "explicit": True}]}]
    again = run(settings={"PlayerCaptureHistory": "True", "PlayerScoLaunchType": "NEW_WINDOW"}).result
    assert again["changed"] is False and len(posts(http)) == 1


def test_a_learning_standard_level_is_addressed_by_query(service, http, run):
    run(settings={"PlayerScoLaunchType": "FRAMESET"}, learning_standard="SCORM12", single_sco=True)
    assert service.levels["SCORM12:true"] == {"PlayerScoLaunchType": "FRAMESET"}
    assert service.levels[None] == {"PlayerScoLaunchType": "NEW_WINDOW"}


def test_learning_standard_needs_single_sco(service, http, run):
    result = run(settings={"PlayerScoLaunchType": "FRAMESET"}, learning_standard="SCORM12").result
    assert result["failed"] is True and "learning_standard, single_sco" in result["msg"]
    assert http.calls == []


def test_unknown_setting_ids_fail_before_writing(service, http, run):
    result = run(settings={"PlayerCaptureHistory": True, "NoSuchSetting": 1}).result
    assert result["failed"] is True
    assert result["msg"].startswith("Unknown setting id(s) for the application's own configuration: NoSuchSetting.")
    assert posts(http) == []


def test_check_mode_only_reads(service, http, run):
    result = run(settings={"PlayerCaptureHistory": False}, check_mode=True).result
    assert result["changed"] is True and result["settings"] == {"PlayerCaptureHistory": "false"}
    assert posts(http) == []


def test_password_settings_are_compared_but_never_shown(service, http, run):
    first = run(settings={"ApiRollupRegistrationAuthPassword": PASSWORD}, diff=True)
    assert first.result["changed"] is True
    assert service.levels[None]["ApiRollupRegistrationAuthPassword"] == PASSWORD
    second = run(settings={"ApiRollupRegistrationAuthPassword": PASSWORD}, diff=True)
    assert second.result["changed"] is False
    third = run(settings={"ApiRollupRegistrationAuthPassword": "another-password"}, diff=True)
    assert third.result["changed"] is True
    assert third.result["diff"]["before"]["ApiRollupRegistrationAuthPassword"] == "******** (another value)"
    for run_result in (first, second, third):
        assert PASSWORD not in run_result.stdout and "another-password" not in run_result.stdout


def test_refused_credentials_point_at_the_application_own_keys(service, http, run):
    http.handler = lambda call: response(403, {"message": "insufficient scope"})
    result = run(settings={"PlayerCaptureHistory": True}).result
    assert result["failed"] is True
    assert result["msg"].startswith("SCORM Cloud refused GET /appManagement/configuration (403)")
    # This endpoint takes the application's own credentials, so the App Management hint would mislead.
    assert "App Management app" not in result["msg"]


def deletes(http):
    return [(call.path, call.params) for call in http.calls if call.method == "DELETE"]


def test_purge_returns_undeclared_settings_to_their_inherited_values(service, http, run):
    service.levels[None].update({"PlayerCaptureHistory": "true", "ApiRollupRegistrationAuthPassword": PASSWORD})
    declared = {"settings": {"PlayerScoLaunchType": "FRAMESET"}, "purge_settings": True}
    predicted = run(check_mode=True, diff=True, **declared)
    assert predicted.result["changed"] is True and not posts(http) and not deletes(http)
    assert predicted.result["diff"]["before"] == {"PlayerScoLaunchType": "NEW_WINDOW", "PlayerCaptureHistory": "true",
                                                  "ApiRollupRegistrationAuthPassword": "********"}
    assert predicted.result["diff"]["after"] == {"PlayerScoLaunchType": "FRAMESET"}
    assert PASSWORD not in predicted.stdout
    done = run(diff=True, **declared)
    assert done.result["diff"] == predicted.result["diff"] and done.result["settings"] == {"PlayerScoLaunchType": "FRAMESET"}
    assert service.levels[None] == {"PlayerScoLaunchType": "FRAMESET"}
    assert sorted(path for path, _params in deletes(http)) == [
        PATH + "/ApiRollupRegistrationAuthPassword", PATH + "/PlayerCaptureHistory"]
    assert PASSWORD not in done.stdout
    calls = len(http.calls)
    assert run(**declared).result["changed"] is False
    assert not [call for call in http.calls[calls:] if call.method != "GET"]


def test_purge_with_no_settings_clears_one_level_only(service, http, run):
    service.levels["SCORM12:true"] = {"PlayerScoLaunchType": "FRAMESET"}
    result = run(settings={}, purge_settings=True, learning_standard="SCORM12", single_sco=True).result
    assert result["changed"] is True and service.levels["SCORM12:true"] == {}
    assert service.levels[None] == {"PlayerScoLaunchType": "NEW_WINDOW"}
    assert deletes(http) == [(PATH + "/PlayerScoLaunchType", {"learningStandard": "SCORM12", "singleSco": "true"})]


def test_without_purge_undeclared_settings_stay(service, http, run):
    service.levels[None]["PlayerCaptureHistory"] = "true"
    result = run(settings={"PlayerScoLaunchType": "FRAMESET"}).result
    assert result["changed"] is True and not deletes(http)
    assert service.levels[None] == {"PlayerScoLaunchType": "FRAMESET", "PlayerCaptureHistory": "true"}
