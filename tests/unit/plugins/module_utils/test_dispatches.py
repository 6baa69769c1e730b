# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A dispatch's expiration date compares as an instant, whatever way it is written, and is refused in a sentence
when no date library would read it the same; what a dispatch checks before its first request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import expiration
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DesiredStateError
from ansible_collections.scorm.cloud.plugins.modules import scorm_dispatch
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response


@pytest.mark.parametrize("written, canonical", [
    ("2027-12-31", "2027-12-31T00:00:00.000Z"),
    ("2027-12-31T23:59:59Z", "2027-12-31T23:59:59.000Z"),
    ("2027-12-31T23:59:59.5", "2027-12-31T23:59:59.500Z"),
    ("2027-12-31T23:59:59.123456+00:00", "2027-12-31T23:59:59.123Z"),
    ("2028-01-01T01:00:00+01:00", "2028-01-01T00:00:00.000Z"),
    ("2027-12-31T19:00:00-0500", "2028-01-01T00:00:00.000Z"),
    ("2027-12-31 08:30", "2027-12-31T08:30:00.000Z"),
    ("", ""),
    (None, ""),
    ("none", ""),
])
def test_expiration_dates_compare_as_instants(written, canonical):
    assert expiration(written) == canonical


@pytest.mark.parametrize("written", ["next tuesday", "2027-13-01", "2027-02-30", "31/12/2027"])
def test_a_date_that_is_not_one_is_refused_with_a_sentence(written):
    with pytest.raises(DesiredStateError) as raised:
        expiration(written)
    assert "expiration_date" in str(raised.value)


@pytest.mark.parametrize("written", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:30:00+01:00"])
def test_a_date_beyond_what_dates_hold_is_refused_not_a_crash(written):
    with pytest.raises(DesiredStateError) as raised:
        expiration(written)
    assert str(raised.value).startswith("expiration_date %r is not a valid date: " % written)


@pytest.mark.parametrize("written", ["1969-12-31", "0100-01-01"])
def test_a_date_outside_the_years_the_service_takes_is_refused(written):
    with pytest.raises(DesiredStateError) as raised:
        expiration(written)
    assert str(raised.value) == "expiration_date must be in the years 1970 to 9999; got %r." % written


def test_a_package_dest_in_a_missing_directory_fails_before_any_request(http, run_module, tmp_path):
    # Checked after the create, it left a new dispatch behind a task that said changed=false.
    dest = str(tmp_path / "no-such-directory" / "package.zip")
    run = run_module(scorm_dispatch.main, dict(api_url=API_URL, app_id="app-1", secret_key="dispatch-secret-1",
                                               id="x1", course="c1", destination="d1", package_dest=dest))
    assert run.result["failed"] is True
    assert run.result["msg"] == "package_dest %s is in a directory that does not exist; create it first." % dest
    assert http.calls == []


def test_a_dispatch_with_oauth_asks_for_reading_courses_too(http, run_module):
    # It reads the course of a new dispatch: without read:course the token got a 403.
    http.queue(response(200, {"access_token": "dispatch-token-1", "expires_in": 600}), response(404, {"message": "no"}),
               response(200, {"dispatches": []}), response(200, {"id": "c1"}), response(200, {"name": "D1"}),
               response(204), response(200, {"destinationId": "d1", "courseId": "c1"}))
    run_module(scorm_dispatch.main, dict(api_url=API_URL, app_id="app-1", secret_key="dispatch-secret-1",
                                         auth_mode="oauth", id="x1", course="c1", destination="d1"))
    scopes = http.calls[0].data["scope"].split()
    assert sorted(scopes) == ["delete:dispatch", "read:course", "read:dispatch", "write:dispatch"]
