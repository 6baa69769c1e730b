# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_course: the change-detection rule (table-driven), reading local packages, and main() against an in-memory
course service: what is sent for an import, check mode, a failed job, a lost upload answer, in-place changes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import zipfile

import pytest
import requests

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudClient
from ansible_collections.scorm.cloud.plugins.modules import scorm_course
from ansible_collections.scorm.cloud.plugins.module_utils import _courses as courses
from ansible_collections.scorm.cloud.plugins.module_utils._courses import import_reason, package_changes, read_package
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

CONNECTION = {"api_url": API_URL, "app_id": "app-1", "secret_key": "course-app-secret"}

MANIFEST = """<?xml version="1.0"?>
<manifest identifier="m1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>%(version)s</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org0"><title>Not the default</title></organization>
    <organization identifier="org1">%(title)s<item identifier="i1" identifierref="r1"><title>Page</title></item>
    </organization>
  </organizations>
  <resources><resource identifier="r1" href="index.html"/></resources>
</manifest>"""


def manifest(version="1.2", title="Tiny"):
    return MANIFEST % {"version": version, "title": "<title>%s</title>" % title if title else ""}


def make_zip(tmp_path, entries, name="package.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(str(path), "w") as archive:
        for entry, text in entries.items():
            archive.writestr(entry, text)
    return str(path)


def local(files, identifier="org1", title="Tiny"):
    return {"files": files, "identifier": identifier, "title": title, "learning_standard": "SCORM12"}


def remote(files):
    return [{"path": path, "size": size, "modified": "2026-01-01T00:00:00.000Z"} for path, size in files.items()]


ROOT = {"externalIdentifier": "org1", "title": "Tiny"}
FILES = {"imsmanifest.xml": 500, "index.html": 120, "css/site.css": 40}


# -- the change-detection rule ------------------------------------------------------------------------------------

@pytest.mark.parametrize("local_files, remote_files, root, override, expected", [
    # identical: nothing to import
    (FILES, FILES, ROOT, None, []),
    # same files, listed in another order and with directory entries on the service: still identical
    (FILES, dict([("css/", 0)] + sorted(FILES.items(), reverse=True)), ROOT, None, []),
    # a file added, removed, or changed in size
    (dict(FILES, **{"new.js": 5}), FILES, ROOT, None, ["1 file(s) added (new.js)"]),
    (dict((k, v) for k, v in FILES.items() if k != "css/site.css"), FILES, ROOT, None,
     ["1 file(s) removed (css/site.css)"]),
    (dict(FILES, **{"index.html": 121}), FILES, ROOT, None, ["1 file(s) changed in size (index.html)"]),
    # a renamed file counts as one added and one removed
    (dict((k if k != "index.html" else "start.html", v) for k, v in FILES.items()), FILES, ROOT, None,
     ["1 file(s) added (start.html)", "1 file(s) removed (index.html)"]),
    # the blind spot: same paths and sizes, other content -> unchanged (force covers it)
    (dict(FILES), dict(FILES), ROOT, None, []),
    # the root activity's identifier or title changed, files identical
    (FILES, FILES, {"externalIdentifier": "org0", "title": "Tiny"}, None, ["the package identifier changed (org0 -> org1)"]),
    (FILES, FILES, {"externalIdentifier": "org1", "title": "Old"}, None, ["the package title changed (Old -> Tiny)"]),
    # signals the service does not report are skipped
    (FILES, FILES, None, None, []),
    (FILES, FILES, {}, None, []),
    # the service shows the user's own title as the root's title: not a package change
    (FILES, FILES, {"externalIdentifier": "org1", "title": "My title"}, "My title", []),
    # ... but a different root title with a title override is still a change
    (FILES, FILES, {"externalIdentifier": "org1", "title": "Old"}, "My title", ["the package title changed (Old -> Tiny)"]),
    # a size the service does not report is not compared
    (FILES, [{"path": p} for p in FILES], ROOT, None, []),
])
def test_package_changes(local_files, remote_files, root, override, expected):
    remote_list = remote(remote_files) if isinstance(remote_files, dict) else remote_files
    assert package_changes(local(local_files), remote_list, root, override) == expected


def test_package_changes_lists_only_a_few_paths():
    many = dict(("page%02d.html" % i, 1) for i in range(12))
    reasons = package_changes(local(many), [], None)
    assert reasons == ["12 file(s) added (page00.html, page01.html, page02.html, page03.html, page04.html, ...)"]


def test_package_without_descriptor_signals_compares_files_only():
    package = {"files": FILES, "identifier": None, "title": None, "learning_standard": None}
    assert package_changes(package, remote(FILES), {"externalIdentifier": "x", "title": "y"}) == []


COURSE = {"id": "c1", "version": 3, "rootActivity": ROOT}


@pytest.mark.parametrize("course, force, url, package, error, remote_files, expected, reads_files", [
    (None, False, None, local(FILES), None, FILES, "the course does not exist", False),
    (None, False, "https://x.example/c.zip", None, None, FILES, "the course does not exist", False),
    (COURSE, True, None, local(FILES), None, FILES, "force is set", False),
    (COURSE, True, "https://x.example/c.zip", None, None, FILES, "force is set", False),
    # url sources cannot be compared: never re-imported without force
    (COURSE, False, "https://x.example/c.zip", None, None, FILES, None, False),
    # an unreadable src is left to the service
    (COURSE, False, None, None, "File is not a zip file", FILES,
     "src is not a readable zip (File is not a zip file); the service decides whether it imports", False),
    # no package at all: only in-place changes
    (COURSE, False, None, None, None, FILES, None, False),
    (COURSE, False, None, local(FILES), None, FILES, None, True),
    (COURSE, False, None, local(dict(FILES, **{"index.html": 1})), None, FILES,
     "the package differs: 1 file(s) changed in size (index.html)", True),
])
def test_import_reason(course, force, url, package, error, remote_files, expected, reads_files):
    reads = []

    def read_remote_files():
        reads.append(1)
        return remote(remote_files)

    assert import_reason(course, force, url, package, error, read_remote_files) == expected
    assert bool(reads) is reads_files


# -- reading local packages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("entries, identifier, title, standard", [
    ({"imsmanifest.xml": manifest("1.2")}, "org1", "Tiny", "SCORM12"),
    ({"imsmanifest.xml": manifest("CAM 1.3")}, "org1", "Tiny", "SCORM20042NDEDITION"),
    ({"imsmanifest.xml": manifest("2004 3rd Edition")}, "org1", "Tiny", "SCORM20043RDEDITION"),
    ({"imsmanifest.xml": manifest("2004 4th Edition")}, "org1", "Tiny", "SCORM20044THEDITION"),
    ({"IMSManifest.xml": manifest("1.2", title=None)}, "org1", None, "SCORM12"),
    ({"cmi5.xml": '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
                  '<course id="urn:c"><title><langstring lang="en">Geology</langstring></title></course>'
                  '<au id="urn:c/1"><url>i.html</url></au></courseStructure>'}, "urn:c", "Geology", "CMI5"),
    ({"tincan.xml": '<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>'
                    '<activity id="urn:obj" type="http://adlnet.gov/expapi/activities/objective"><name>Obj</name></activity>'
                    '<activity id="urn:course" type="http://adlnet.gov/expapi/activities/course"><name>Basic</name>'
                    '</activity></activities></tincan>'}, "urn:course", "Basic", "XAPI"),
    ({"course.crs": "[Course]\r\nCourse_ID=42\r\nCourse_Title=AICC Title\r\n[Course_Behavior]\r\nMax_Normal=1\r\n",
      "course.au": "x", "course.des": "y"}, "42", "AICC Title", "AICC"),
    # a broken descriptor: files still compare, signals are unknown
    ({"imsmanifest.xml": "<manifest><organizations>"}, None, None, None),
    # no descriptor at all
    ({"readme.txt": "hello"}, None, None, None),
    # a manifest in a sub-folder is not at the root
    ({"course/imsmanifest.xml": manifest()}, None, None, None),
])
def test_read_package(tmp_path, entries, identifier, title, standard):
    path = make_zip(tmp_path, dict(entries, **{"assets/": "", "assets/a.css": "body{}"}))
    package = read_package(path)
    assert (package["identifier"], package["title"], package["learning_standard"]) == (identifier, title, standard)
    expected_files = dict((name, len(text)) for name, text in entries.items())
    expected_files["assets/a.css"] = 6
    assert package["files"] == expected_files


def test_read_package_rejects_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"plain text, not a zip")
    with pytest.raises(courses.PackageUnreadable):
        read_package(str(path))


# -- main() against an in-memory course service ---------------------------------------------------------------------

class CourseService:
    """Just enough of the course endpoints: one course, import jobs that finish on their second poll."""

    def __init__(self, job_outcome="COMPLETE", files=None, title="Tiny", root=None):
        self.course = None
        self.files = files or {}
        self.settings = {}
        self.jobs = {}
        self.job_outcome = job_outcome
        self.package_title = title
        self.root = root or dict(ROOT)
        self.uploads = []
        self.import_tags = []

    def add_course(self, version=0, tags=()):
        self.course = {"id": "c1", "title": self.package_title, "version": version, "courseLearningStandard": "SCORM12",
                       "tags": list(tags), "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-01T00:00:00.000Z",
                       "rootActivity": self.root}

    def __call__(self, call):
        path = unquote(call.path)
        key = (call.method, path)
        if path.startswith("/courses/importJobs/") and call.method == "GET":
            return self.poll(path.rsplit("/", 1)[1])
        if key == ("POST", "/courses/importJobs/upload"):
            name, fileobj, content_type = call.files["file"]
            self.uploads.append((name, content_type, dict(call.params)))
            self.jobs["job-%d" % len(self.jobs)] = 0
            self.import_tags = [tag for tag in (call.params.get("tags") or "").split(",") if tag]
            return response(200, {"result": "job-%d" % (len(self.jobs) - 1)})
        if key == ("GET", "/appManagement/configuration"):
            # The catalog that a new course's settings are checked against before its package is uploaded.
            return response(200, {"settingItems": [
                {"id": "PlayerScoLaunchType", "metadata": {"validValues": [{"value": "FRAMESET"}, {"value": "NEW_WINDOW"}]}},
                {"id": "PlayerCaptureHistory", "metadata": {"dataType": "bool"}},
                {"id": "ApiRollupRegistrationAuthPassword", "metadata": {"dataType": "string"}}]})
        if self.course is None and path.startswith("/courses/c1"):
            return response(404, {"message": "Course c1 not found"})
        if key == ("GET", "/courses/c1"):
            return response(200, copy.deepcopy(self.course))
        if key == ("GET", "/courses/c1/asset/list"):
            return response(200, {"files": remote(self.files)})
        if key == ("GET", "/courses/c1/configuration"):
            items = [{"id": name, "effectiveValue": "x"} for name in ("PlayerScoLaunchType", "PlayerCaptureHistory",
                                                                      "ApiRollupRegistrationAuthPassword")]
            for item in items:
                if item["id"] in self.settings:
                    item["explicitValue"] = self.settings[item["id"]]
            if (call.params or {}).get("includeMetadata") in (True, "true", "True"):
                items[0]["metadata"] = {"validValues": [{"value": "FRAMESET"}, {"value": "NEW_WINDOW"}]}
            return response(200, {"settingItems": items})
        if key == ("POST", "/courses/c1/configuration"):
            self.settings.update((s["settingId"], s["value"]) for s in call.json["settings"])
            return response(204)
        if call.method == "DELETE" and path.startswith("/courses/c1/configuration/"):
            self.settings.pop(path.rsplit("/", 1)[1], None)
            return response(204)
        if key == ("PUT", "/courses/c1/title"):
            self.course["title"] = call.json["title"]
            return response(204)
        if key == ("GET", "/courses/c1/tags"):
            return response(200, {"tags": self.course["tags"]})
        if key == ("PUT", "/courses/c1/tags"):
            self.course["tags"] = sorted(set(self.course["tags"]) | set(call.json["tags"]))
            return response(204)
        if key == ("DELETE", "/courses/c1/tags"):
            self.course["tags"] = sorted(set(self.course["tags"]) - set(call.json["tags"]))
            return response(204)
        if key == ("DELETE", "/courses/c1"):
            self.course = None
            return response(204)
        raise AssertionError("unexpected request %s %s" % key)

    def poll(self, job_id):
        self.jobs[job_id] += 1
        if self.jobs[job_id] < 2:
            return response(200, {"jobId": job_id, "status": "RUNNING"})
        if self.job_outcome == "ERROR":
            return response(200, {"jobId": job_id, "status": "ERROR", "message": "No imsmanifest.xml found"})
        if self.course is None:
            self.add_course(tags=self.import_tags)
        else:
            self.course["version"] += 1
            self.course["title"] = self.package_title
        return response(200, {"jobId": job_id, "status": "COMPLETE", "importResult": {"parserWarnings": ["w1"]}})


@pytest.fixture
def fake_time(monkeypatch, clock):
    """Every client the module builds sleeps on the fake clock."""
    original = ScormCloudClient.__init__

    def init(self, *args, **kwargs):
        kwargs.update(sleep=clock.sleep, clock=clock)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ScormCloudClient, "__init__", init)
    return clock


@pytest.fixture
def package(tmp_path):
    return make_zip(tmp_path, {"imsmanifest.xml": manifest(), "index.html": "<p>hello</p>"})


def package_files(path):
    return read_package(path)["files"]


def writes(http):
    return [sent for sent in http.sent() if sent[0] != "GET"]


def test_first_import_uploads_once_waits_and_applies_title_tags_settings(http, fake_time, run_module, package):
    service = CourseService()
    http.handler = service
    run = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, title="Mine", tags=["b", "a"],
                                             settings={"PlayerCaptureHistory": True}), diff=True)
    result = run.result
    assert result["changed"] is True and result["import_reason"] == "the course does not exist"
    assert result["import_job"] == {"id": "job-0", "status": "COMPLETE", "message": None, "parser_warnings": ["w1"]}
    # A new course gets its tags with the import, and the package's fingerprint, which the result does not show.
    fingerprint = courses.fingerprint(package)
    assert service.uploads == [("package.zip", "application/zip", {
        "courseId": "c1", "mayCreateNewVersion": "false", "tags": "a,b," + fingerprint})]
    assert fake_time.sleeps == [0.25]                                  # polled: RUNNING, then (0.25 s later) COMPLETE
    assert result["course"]["title"] == "Mine" and result["course"]["tags"] == ["a", "b"]
    assert result["course"]["settings"] == {"PlayerCaptureHistory": "true"}
    assert result["diff"]["before"] == {} and result["diff"]["after"] == result["course"]
    assert writes(http) == [("POST", "/courses/importJobs/upload"), ("PUT", "/courses/c1/title"),
                            ("POST", "/courses/c1/configuration")]
    assert service.course["tags"] == ["a", "b", fingerprint]


def test_a_course_created_by_a_concurrent_run_is_configured_not_imported_again(http, fake_time, run_module, package):
    service = CourseService()

    def other_run_won(call):
        if call.method == "POST" and call.path == "/courses/importJobs/upload":
            # The other run's import finished first; with mayCreateNewVersion=false this one is refused.
            assert call.params["mayCreateNewVersion"] == "false"
            service.add_course(tags=["a", courses.fingerprint(package)])
            return response(409, {"message": "Course 'c1' already exists"})
        return service(call)

    http.handler = other_run_won
    run = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, title="Mine", tags=["a"]))
    result = run.result
    assert result["changed"] is True and result["course"]["version"] == 0 and result["course"]["title"] == "Mine"
    assert "created by another run at the same time" in str(result.get("warnings"))
    assert writes(http) == [("POST", "/courses/importJobs/upload"), ("PUT", "/courses/c1/title")]
    assert service.course["version"] == 0


def test_a_job_refused_because_a_concurrent_run_created_the_course_takes_it(http, fake_time, run_module, package):
    service = CourseService(job_outcome="ERROR")

    def other_run_won(call):
        answer = service(call)
        if call.method == "GET" and call.path.startswith("/courses/importJobs/") and service.course is None:
            service.add_course(tags=[courses.fingerprint(package)])  # the other run's job finished first
        return answer

    http.handler = other_run_won
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert result["changed"] is True and result["course"]["version"] == 0
    assert [sent for sent in writes(http) if sent[0] == "POST"] == [("POST", "/courses/importJobs/upload")]


def test_a_concurrent_create_from_another_package_fails(http, fake_time, run_module, package):
    service = CourseService()

    def other_run_won(call):
        if call.method == "POST" and call.path == "/courses/importJobs/upload":
            service.add_course(tags=["package-sha256-" + "0" * 64])
            return response(409, {"message": "Course 'c1' already exists"})
        return service(call)

    http.handler = other_run_won
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert result["failed"] is True
    assert result["msg"] == ("Course c1 was created by another run while this one was importing it, from a different "
                             "package; run the task again to import this package as a new version.")
    assert writes(http) == [("POST", "/courses/importJobs/upload")]


def test_unchanged_package_is_not_imported(http, fake_time, run_module, package):
    service = CourseService(files=package_files(package))
    service.add_course(version=2, tags=["a"])
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, tags=["a"])).result
    assert result["changed"] is False and result["import_reason"] is None and "import_job" not in result
    assert writes(http) == []
    assert result["course"]["version"] == 2


def test_check_mode_predicts_a_new_version_without_writing(http, fake_time, run_module, package):
    service = CourseService(files=dict(package_files(package), **{"index.html": 1}))
    service.add_course(version=2)
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, title="Renamed"),
                        check_mode=True, diff=True).result
    assert result["changed"] is True
    assert result["import_reason"] == "the package differs: 1 file(s) changed in size (index.html)"
    assert result["course"]["version"] == 3 and result["course"]["title"] == "Renamed"
    assert result["diff"]["before"]["version"] == 2
    assert writes(http) == [] and service.uploads == []


def test_changed_package_with_may_create_new_version_false_fails_before_writing(http, fake_time, run_module, package):
    service = CourseService(files={})
    service.add_course()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, may_create_new_version=False)).result
    assert result["failed"] is True and "may_create_new_version is false" in result["msg"]
    assert writes(http) == []


def test_failed_job_fails_with_the_service_message_and_changes_nothing_else(http, fake_time, run_module, package):
    service = CourseService(job_outcome="ERROR", files={})
    service.add_course(version=4)
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, title="Other")).result
    assert result["failed"] is True
    assert "No imsmanifest.xml found" in result["msg"] and "stays at version 4" in result["msg"]
    assert result["import_job"]["status"] == "ERROR"
    assert writes(http) == [("POST", "/courses/importJobs/upload")]      # the title was not touched afterwards


def test_job_that_never_finishes_times_out(http, fake_time, run_module, package):
    service = CourseService()
    service.poll = lambda job_id: response(200, {"jobId": job_id, "status": "RUNNING"})
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, wait_timeout=20)).result
    assert result["failed"] is True and "did not finish within wait_timeout=20s" in result["msg"]
    assert sum(fake_time.sleeps) == 20 and fake_time.sleeps[:4] == [0.25, 0.5, 1.0, 2.0]


def test_time_a_round_of_polls_takes_counts_as_waiting(http, fake_time, run_module, package):
    # Each poll answers after 0.2 s: the wait between two polls of the job is 0.25 s, then 0.5 s, 1 s, ... from poll to
    # poll, so only the rest of it is slept.
    service = CourseService()
    polls = []
    running = {"jobId": "job-0", "status": "RUNNING"}

    def slow_poll(job_id):
        fake_time.now += 0.2
        polls.append(fake_time.now)
        # The service's own poll answers RUNNING once more, then COMPLETE: four polls in all.
        return response(200, running) if len(polls) < 3 else CourseService.poll(service, job_id)

    service.poll = slow_poll
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert result["changed"] is True and result["import_job"]["status"] == "COMPLETE"
    assert [round(wait, 3) for wait in fake_time.sleeps] == [0.05, 0.3, 0.8]
    assert [round(later - earlier, 3) for earlier, later in zip(polls, polls[1:])] == [0.25, 0.5, 1.0]


def test_wait_false_returns_the_running_job(http, fake_time, run_module, package):
    service = CourseService()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, wait=False, title="T")).result
    assert result["changed"] is True and result["import_job"]["status"] == "RUNNING"
    assert result["course"] is None
    assert writes(http) == [("POST", "/courses/importJobs/upload")] and fake_time.sleeps == []


def test_lost_upload_answer_is_not_resent(http, fake_time, run_module, package):
    service = CourseService()
    upload_calls = []

    def handler(call):
        if call.method == "POST":
            upload_calls.append(call)
            raise requests.exceptions.ConnectionError("connection reset after sending")
        return service(call)

    http.handler = handler
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, wait_timeout=5)).result
    assert result["failed"] is True and "was not sent again" in result["msg"]
    assert len(upload_calls) == 1


def test_lost_upload_answer_then_new_version_found(http, fake_time, run_module, package):
    service = CourseService(files={})
    service.add_course(version=1)
    reads = []

    def handler(call):
        if call.method == "POST":
            raise requests.exceptions.ConnectionError("connection reset after sending")
        if call.path == "/courses/c1":
            reads.append(1)
            if len(reads) == 3:                    # the import shows up on the second re-read
                service.course["version"] = 2
        return service(call)

    http.handler = handler
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert result["changed"] is True and result["course"]["version"] == 2
    assert result["import_job"]["id"] is None
    assert "not sent again" in json.dumps(result["warnings"])


def test_in_place_changes_and_secret_settings_stay_hidden(http, fake_time, run_module, package):
    service = CourseService(files=package_files(package))
    service.add_course(tags=["old", "keep"])
    service.settings = {"ApiRollupRegistrationAuthPassword": "previous-pw-1"}
    http.handler = service
    args = dict(CONNECTION, id="c1", src=package, tags=["keep", "new"], title="Renamed",
                settings={"ApiRollupRegistrationAuthPassword": "new-password-2", "PlayerScoLaunchType": "NEW_WINDOW"})
    run = run_module(scorm_course.main, args, diff=True)
    result = run.result
    assert result["changed"] is True and result["import_reason"] is None
    assert result["course"]["tags"] == ["keep", "new"] and result["course"]["title"] == "Renamed"
    assert result["course"]["settings"]["ApiRollupRegistrationAuthPassword"] == "********"
    assert result["diff"]["before"]["settings"]["ApiRollupRegistrationAuthPassword"] == "******** (another value)"
    assert "new-password-2" not in run.stdout and "previous-pw-1" not in run.stdout
    assert service.settings["ApiRollupRegistrationAuthPassword"] == "new-password-2"
    # Tags move last, once the course's other writes succeeded (the engine batches them across courses).
    assert writes(http) == [("PUT", "/courses/c1/title"), ("POST", "/courses/c1/configuration"),
                            ("PUT", "/courses/c1/tags"), ("DELETE", "/courses/c1/tags")]
    # the same declaration again: nothing to do, and the password compares equal without being shown
    http.calls[:] = []
    again = run_module(scorm_course.main, args).result
    assert again["changed"] is False and writes(http) == []


def test_unknown_setting_of_existing_course_fails_before_any_write(http, fake_time, run_module, package):
    service = CourseService(files={})
    service.add_course()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, settings={"NoSuch": 1})).result
    assert result["failed"] is True and "Unknown setting id(s) for course c1: NoSuch" in result["msg"]
    assert writes(http) == []


def test_missing_course_without_source_fails(http, fake_time, run_module):
    http.handler = CourseService()
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", title="x")).result
    assert result["failed"] is True and result["msg"] == "Course c1 does not exist; set src or url to import it."


def test_url_source_is_fetched_by_the_service_only_when_missing(http, fake_time, run_module):
    service = CourseService()
    service.add_course()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", url="https://files.example/c.zip")).result
    assert result["changed"] is False and writes(http) == []


def test_absent_twice(http, fake_time, run_module):
    service = CourseService()
    service.add_course()
    http.handler = service
    first = run_module(scorm_course.main, dict(CONNECTION, id="c1", state="absent"), diff=True).result

    assert first["changed"] is True and first["course"] is None and first["diff"]["after"] == {}
    second = run_module(scorm_course.main, dict(CONNECTION, id="c1", state="absent")).result
    assert second["changed"] is False
    assert writes(http) == [("DELETE", "/courses/c1")]


def test_secret_key_never_in_output(http, fake_time, run_module, package):
    http.handler = CourseService()
    run = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package))
    assert CONNECTION["secret_key"] not in run.stdout
    assert json.loads(run.stdout)["changed"] is True


def test_a_course_imported_from_the_same_package_is_not_read_again(http, fake_time, run_module, package):
    """The fingerprint tag says the course holds exactly this package: no file list is read, nothing is imported."""
    service = CourseService(files={})  # a file list that would differ, were it read
    service.add_course(version=1, tags=["a", courses.fingerprint(package)])
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, tags=["a"])).result
    assert result["changed"] is False and result["import_reason"] is None
    assert "/courses/c1/asset/list" not in [call.path for call in http.calls]
    assert result["course"]["tags"] == ["a"]


def test_a_same_size_edit_is_seen_through_the_fingerprint(http, fake_time, run_module, package):
    service = CourseService(files=package_files(package))  # same files, same sizes
    service.add_course(version=1, tags=[courses.FINGERPRINT + "0" * courses.FINGERPRINT_HEX])
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert result["changed"] is True and result["import_reason"].startswith("the package differs: its content changed")
    # The new version carries the new fingerprint in place of the old one, and user tags stay as they were.
    assert service.course["tags"] == [courses.fingerprint(package)]
    assert writes(http)[-2:] == [("PUT", "/courses/c1/tags"), ("DELETE", "/courses/c1/tags")]


# -- settings are checked before anything is written --------------------------------------------------------------

@pytest.mark.parametrize("settings, message", [
    ({"NoSuchSetting": "x"}, "Unknown setting id(s) for course c1: NoSuchSetting."),
    ({"PlayerScoLaunchType": "NOPE"}, "Invalid setting value(s) for course c1: PlayerScoLaunchType must be one of "
                                      "FRAMESET, NEW_WINDOW; got 'NOPE'."),
])
def test_a_new_course_with_a_wrong_setting_is_not_uploaded(http, fake_time, run_module, package, settings, message):
    service = CourseService()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, settings=settings)).result
    assert result["failed"] is True and result["msg"].startswith(message)
    assert service.uploads == [] and writes(http) == []


def test_an_existing_course_with_a_wrong_setting_value_is_not_imported_again(http, fake_time, run_module, package):
    service = CourseService()
    service.add_course()
    http.handler = service
    result = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, force=True,
                                                settings={"PlayerScoLaunchType": "nope"})).result
    assert result["failed"] is True and "PlayerScoLaunchType must be one of FRAMESET, NEW_WINDOW" in result["msg"]
    assert writes(http) == []


def test_purge_settings_deletes_the_course_settings_not_declared(http, fake_time, run_module, package):
    service = CourseService(files=package_files(package))
    service.add_course()
    service.settings = {"ApiRollupRegistrationAuthPassword": "previous-pw-1", "PlayerCaptureHistory": "true",
                        "PlayerScoLaunchType": "FRAMESET"}
    http.handler = service
    args = dict(CONNECTION, id="c1", src=package, settings={"PlayerScoLaunchType": "FRAMESET"}, purge_settings=True)
    predicted = run_module(scorm_course.main, args, check_mode=True, diff=True)
    assert predicted.result["changed"] is True and writes(http) == []
    assert predicted.result["diff"]["before"]["settings"] == {
        "ApiRollupRegistrationAuthPassword": "********", "PlayerCaptureHistory": "true", "PlayerScoLaunchType": "FRAMESET"}
    assert predicted.result["diff"]["after"]["settings"] == {"PlayerScoLaunchType": "FRAMESET"}
    done = run_module(scorm_course.main, args, diff=True)
    assert done.result["diff"] == predicted.result["diff"]
    assert service.settings == {"PlayerScoLaunchType": "FRAMESET"}
    assert writes(http) == [("DELETE", "/courses/c1/configuration/ApiRollupRegistrationAuthPassword"),
                            ("DELETE", "/courses/c1/configuration/PlayerCaptureHistory")]
    assert "previous-pw-1" not in predicted.stdout + done.stdout
    http.calls[:] = []
    assert run_module(scorm_course.main, args).result["changed"] is False and writes(http) == []


def test_purge_settings_without_settings_clears_the_course_and_without_purge_nothing_is_read(
        http, fake_time, run_module, package):
    service = CourseService(files=package_files(package))
    service.add_course()
    service.settings = {"PlayerCaptureHistory": "true"}
    http.handler = service
    kept = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package)).result
    assert kept["changed"] is False and not [c for c in http.calls if c.path.endswith("/configuration")]
    cleared = run_module(scorm_course.main, dict(CONNECTION, id="c1", src=package, purge_settings=True)).result
    assert cleared["changed"] is True and service.settings == {}
