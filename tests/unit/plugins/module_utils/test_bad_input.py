# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input that a user can get wrong is refused offline, with one sentence: ids that would leave their path segment
(for every kind, and for the ids a dispatch refers to), and settings the service's catalog does not admit."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import zipfile

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS, reconcile_account
from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._courses import COURSES, package_problem, read_package
from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import DISPATCHES
from ansible_collections.scorm.cloud.plugins.module_utils._public_invitations import PUBLIC_INVITATIONS
from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    ItemsFailed,
    Task,
    identity_problem,
    reconcile_items,
)
from ansible_collections.scorm.cloud.plugins.module_utils._settings import setting_catalog, setting_problems

BAD_IDS = [".", "..", "", "  ", "a/b", "a?b", "a#b", "a b", "a\tb", "a\nb", "a\x7fb", "x" * 256]
GOOD_IDS = ["a", "A-b_c.d~e", "x" * 255, "a:b", "a+b", "é", "a%b", "...", ".a"]


class NoRequests:
    """A client that fails the test on any request."""

    def __getattr__(self, name):
        raise AssertionError("a request was made: %s" % name)


@pytest.mark.parametrize("value", BAD_IDS)
def test_a_bad_id_is_one_sentence(value):
    problem = identity_problem("id", value)
    assert problem and problem.startswith("id must ") and problem.endswith(".")


@pytest.mark.parametrize("value", GOOD_IDS)
def test_a_good_id_passes(value):
    assert identity_problem("id", value) is None


@pytest.mark.parametrize("value", ["Marketing LMS", "a/b?c#d", "x" * 300])
def test_names_keep_spaces_and_punctuation(value):
    assert identity_problem("name", value) is None
    assert identity_problem("application", value) is None


@pytest.mark.parametrize("value", [".", "..", "", "a\tb"])
def test_names_that_address_the_collection_are_refused(value):
    assert identity_problem("name", value).startswith("name must ")


@pytest.mark.parametrize("section, kind", SECTIONS)
@pytest.mark.parametrize("value", [".", "..", "a/b", "a b", "x" * 256])
def test_every_kind_refuses_a_bad_id_before_any_request(section, kind, value):
    # The kind's own id, or (a kind whose ids SCORM Cloud assigns, named otherwise) the id it refers to.
    option = "id" if "id" in kind.item_spec() else kind.id_references[0]
    item = {"id": "i", "name": "n", "application": "app", "course": "c", "destination": "d"}
    item = dict((key, item[key]) for key in kind.item_spec() if key in item)
    item[option] = value
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(kind, NoRequests(), [item], Task())
    assert failed.value.before_writes
    assert failed.value.records[0].error.startswith("%s must " % option)


@pytest.mark.parametrize("option", ["course", "destination"])
@pytest.mark.parametrize("value", [".", "..", "", "a/b", "a#b", "a b"])
def test_a_dispatch_refuses_bad_ids_of_its_course_and_destination(option, value):
    item = {"id": "d1", "course": "c1", "destination": "dest1"}
    item[option] = value
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(DISPATCHES, NoRequests(), [item], Task())
    assert failed.value.records[0].error.startswith("%s must " % option)


CATALOG = {
    "PlayerScoLaunchType": {"id": "PlayerScoLaunchType", "metadata": {"validValues": [{"value": "FRAMESET"},
                                                                                      {"value": "NEW_WINDOW"}]}},
    "PlayerCaptureHistory": {"id": "PlayerCaptureHistory", "metadata": {"dataType": "bool"}},
    "ApiRollupRegistrationAuthPassword": {"id": "ApiRollupRegistrationAuthPassword",
                                          "metadata": {"validValues": [{"value": "a"}]}},
    "NoMetadata": {"id": "NoMetadata"},
}


def test_known_settings_with_admitted_values_pass():
    assert setting_problems(CATALOG, {"PlayerScoLaunchType": "new_window", "PlayerCaptureHistory": "true",
                                      "NoMetadata": "anything"}, "course c1") is None


def test_unknown_settings_are_named():
    problem = setting_problems(CATALOG, {"Nope": "1", "PlayerCaptureHistory": "true", "Other": "2"}, "course c1")
    assert problem.startswith("Unknown setting id(s) for course c1: Nope, Other.")


def test_a_value_outside_the_valid_values_is_named_without_showing_a_secret():
    problem = setting_problems(CATALOG, {"PlayerScoLaunchType": "NOPE", "ApiRollupRegistrationAuthPassword": "hunter2"},
                               "course c1")
    assert problem.startswith("Invalid setting value(s) for course c1: ") and problem.endswith(".")
    assert "PlayerScoLaunchType must be one of FRAMESET, NEW_WINDOW; got 'NOPE'" in problem
    assert "hunter2" not in problem


class CatalogClient:
    def __init__(self, answer):
        self.answer = answer

    def get(self, path, params=None, shape=None):
        assert path == "/appManagement/configuration" and params == {"includeMetadata": True}
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_the_catalog_is_read_with_metadata():
    assert setting_catalog(CatalogClient({"settingItems": list(CATALOG.values())})) == CATALOG


@pytest.mark.parametrize("status", [403, 404])
def test_a_catalog_that_cannot_be_read_checks_nothing(status):
    assert setting_catalog(CatalogClient(ScormCloudError("refused", status=status))) is None


def test_other_catalog_errors_fail_the_task():
    with pytest.raises(ScormCloudError):
        setting_catalog(CatalogClient(ScormCloudError("down", status=500)))


def _zip(path, entries):
    with zipfile.ZipFile(str(path), "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return str(path)


@pytest.mark.parametrize("make, message", [
    (lambda tmp: str(tmp / "missing.zip"), "is not a file on the host the module runs on."),
    (lambda tmp: (tmp / "text.zip").write_text("not a zip") and str(tmp / "text.zip"), "is not a zip file ("),
    (lambda tmp: _zip(tmp / "empty.zip", {}), "is an empty zip;"),
    (lambda tmp: _zip(tmp / "readme.zip", {"readme.txt": "hi", "content/index.html": "<p>"}),
     "holds no course descriptor (imsmanifest.xml, cmi5.xml, tincan.xml or an AICC .crs file)"),
])
def test_a_src_that_is_no_package_is_refused_before_any_request(tmp_path, make, message):
    src = make(tmp_path)
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(COURSES, NoRequests(), [{"id": "c1", "src": src, "force": False,
                                                 "may_create_new_version": True}], Task())
    error = failed.value.records[0].error
    assert error.startswith("src %s " % src) and message in error and error.endswith(".")


@pytest.mark.parametrize("entries", [{"imsmanifest.xml": "<manifest/>"}, {"course/IMSMANIFEST.XML": "<m/>"},
                                     {"cmi5.xml": "<c/>"}, {"tincan.xml": "<t/>"}, {"course.crs": "[Course]"}])
def test_a_zip_with_a_descriptor_anywhere_is_left_to_the_service(tmp_path, entries):
    assert package_problem(read_package(_zip(tmp_path / "p.zip", entries))) is None


def test_a_bad_item_in_one_section_stops_every_section_before_any_request():
    declared = {"destinations": [{"id": "fine", "name": "Fine"}], "courses": [{"id": "c1", "state": None}],
                "xapi_pipes": [{"id": ".."}], "dispatches": [{"id": "d1", "course": "c1", "destination": "fine"}]}
    outcomes = reconcile_account({"app": NoRequests(), "mgmt": NoRequests()}, declared, lambda name: Task())
    assert set(outcomes) == {"xapi_pipes"}
    assert outcomes["xapi_pipes"].before_writes
    assert outcomes["xapi_pipes"].records[0].error.startswith("id must not be '..'")


@pytest.mark.parametrize("item, problem", [
    ({"name": " spaced ", "course": "c1"}, "name must be at most"),
    ({"name": "n" * 250, "course": "c1"}, "name must be at most"),
    ({"name": "n", "course": "c1", "tags": ["scorm.cloud/name=other"]}, "tags must not hold a tag that starts with"),
    ({"name": "n", "course": "c1", "expiration_date": "next week"}, "expiration_date must be an ISO-8601 date"),
])
def test_a_public_invitation_refuses_what_would_break_its_name_before_any_request(item, problem):
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(PUBLIC_INVITATIONS, NoRequests(), [item], Task())
    assert failed.value.before_writes and failed.value.records[0].error.startswith(problem)
