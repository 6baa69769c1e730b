# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_course under faults: an upload answered 503 or timed out ends within the retry deadline (not wait_timeout),
honours Retry-After, and is sent again only when the service answered and a read shows no new version; a settings
write is retried like a PUT."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudClient
from ansible_collections.scorm.cloud.plugins.modules import scorm_course
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import response
from ansible_collections.scorm.cloud.tests.unit.plugins.modules.test_scorm_course import (
    CONNECTION,
    CourseService,
    make_zip,
    manifest,
)

UPLOAD = ("POST", "/courses/importJobs/upload")


@pytest.fixture
def slow_clock(monkeypatch, clock):
    """Every client the module builds sleeps on the fake clock."""
    original = ScormCloudClient.__init__

    def init(self, *args, **kwargs):
        kwargs.update(sleep=clock.sleep, clock=clock)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ScormCloudClient, "__init__", init)
    return clock


@pytest.fixture
def zip_package(tmp_path):
    return make_zip(tmp_path, {"imsmanifest.xml": manifest(), "index.html": "<p>hello</p>"})


def failing_uploads(service, failures):
    """A handler: the first uploads get ``failures`` (answers or exceptions), the rest reach ``service``."""
    pending = list(failures)

    def handler(call):
        if (call.method, call.path) == UPLOAD and pending:
            failure = pending.pop(0)
            if isinstance(failure, BaseException):
                raise failure
            return failure
        return service(call)

    return handler


def uploads(http):
    return [sent for sent in http.sent() if sent == UPLOAD]


def test_an_upload_answered_503_twice_is_sent_again_after_retry_after(http, slow_clock, run_module, zip_package):
    service = CourseService()
    busy = response(503, {"message": "busy"}, headers={"Retry-After": "3"})
    http.handler = failing_uploads(service, [busy, response(503, {"message": "busy"}, headers={"Retry-After": "3"})])
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=zip_package, retry_deadline=30)).result
    assert result["changed"] is True and result["course"]["version"] == 0
    assert len(uploads(http)) == 3 and len(service.uploads) == 1
    assert slow_clock.sleeps[:2] == [3.0, 3.0]


def test_an_upload_that_stays_503_fails_within_the_retry_deadline(http, slow_clock, run_module, zip_package):
    service = CourseService()
    http.handler = failing_uploads(service, [response(503, {"message": "busy"}, headers={"Retry-After": "4"})] * 50)
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=zip_package, retry_deadline=10,
                                                wait_timeout=300)).result
    assert result["failed"] is True
    assert sum(slow_clock.sleeps) <= 10  # the retry deadline, not wait_timeout
    assert "retry deadline of 10.0s was reached" in result["msg"] and "Check api_url" not in result["msg"]
    assert "Traceback" not in result["msg"] and service.course is None


def test_a_timed_out_upload_is_looked_for_until_the_retry_deadline_never_resent(
        http, slow_clock, run_module, zip_package):
    service = CourseService()
    http.handler = failing_uploads(service, [requests.exceptions.ReadTimeout("slow")])
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=zip_package, retry_deadline=15,
                                                wait_timeout=300)).result
    assert result["failed"] is True and len(uploads(http)) == 1
    assert sum(slow_clock.sleeps) == 15
    assert "it was not sent again. Run the task again" in result["msg"] and "Check api_url" not in result["msg"]


def test_a_timed_out_upload_that_commits_late_is_found_not_resent(http, slow_clock, run_module, zip_package):
    service = CourseService()
    reads = []

    def handler(call):
        if (call.method, call.path) == UPLOAD:
            raise requests.exceptions.ReadTimeout("slow")
        if call.path == "/courses/c1" and call.method == "GET":
            reads.append(1)
            if len(reads) == 4 and service.course is None:  # the late commit shows on a later re-read
                service.add_course()
        return service(call)

    http.handler = handler
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=zip_package, retry_deadline=30)).result
    assert result["changed"] is True and result["import_job"]["id"] is None
    assert len(uploads(http)) == 1


def test_a_course_settings_write_answered_503_is_retried(http, slow_clock, run_module, zip_package):
    service = CourseService()
    service.add_course()
    failed = []

    def handler(call):
        if (call.method, call.path) == ("POST", "/courses/c1/configuration") and not failed:
            failed.append(1)
            return response(503, {"message": "busy"}, headers={"Retry-After": "2"})
        return service(call)

    http.handler = handler
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", settings={"PlayerCaptureHistory": True})).result
    assert result["changed"] is True and service.settings == {"PlayerCaptureHistory": "true"}
    assert [sent for sent in http.sent() if sent[0] == "POST"] == [("POST", "/courses/c1/configuration")] * 2
    assert slow_clock.sleeps == [2.0]
