"""Courses through the official SDK: imports (upload, fetch, noUpload) of every shared test package, jobs,
versions, title, tags, configuration and file lists."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from conftest import PAGE_SIZE
from rustici_software_cloud_v2 import (BatchTagsSchema, CreateDispatchIdSchema, CreateDispatchListSchema,
                                       CreateDispatchSchema, DestinationIdSchema, DestinationListSchema,
                                       DestinationSchema, ImportFetchRequestSchema, ImportRequestSchema,
                                       SettingsIndividualSchema, SettingsPostSchema, TagListSchema, TitleSchema)
from rustici_software_cloud_v2.api.application_management_api import ApplicationManagementApi
from rustici_software_cloud_v2.api.course_api import CourseApi
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.rest import ApiException

REPO = Path(__file__).resolve().parents[3]
SHARED_PACKAGES = REPO / ".." / "shared" / "test-packages"

# file -> (title, learning standard), as /work/shared/test-packages/README.md states them.
SHARED_EXPECTED = {
    "golf-cp-single-sco-scorm12.zip": ("Golf Explained - CP Single SCO", "SCORM12"),
    "golf-runtime-basic-scorm12.zip": ("Golf Explained - Run-time Basic Calls", "SCORM12"),
    "golf-cp-one-file-per-sco-scorm2004-3rd.zip": ("Golf Explained - CP One File Per SCO", "SCORM20043RDEDITION"),
    "golf-cp-single-sco-scorm2004-2nd.zip": ("Golf Explained - CP Single SCO", "SCORM20042NDEDITION"),
    "cmi5-single-au-responsive.zip": ("Introduction to Geology - Responsive Style", "CMI5"),
    "xapi-basic-course.zip": ("Basic xAPI Course", "XAPI"),
    "aicc-package.zip": ("UniversitySite AICC Testing Tool", "AICC"),
}

MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="{identifier}" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>{title}</title>
    <item identifier="i1" identifierref="r1"><title>Page</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"""

MANIFEST_2004_4TH = MANIFEST_12.replace("imscp_rootv1p1p2", "imscp_v1p1").replace(
    "<schemaversion>1.2</schemaversion>", "<schemaversion>2004 4th Edition</schemaversion>")


def make_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def scorm_zip(tmp_path: Path, name: str = "course.zip", title: str = "Tiny Course", page: str = "<p>hi</p>",
              manifest: str = MANIFEST_12, identifier: str = "com.example.tiny") -> Path:
    return make_zip(tmp_path / name, {"imsmanifest.xml": manifest.format(title=title, identifier=identifier),
                                      "index.html": page})


@pytest.fixture
def api(emu):
    return emu.app_api(CourseApi)


def status_of(call, *args, **kwargs) -> int:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status


def wait_job(api, job_id: str, timeout: float = 15.0):
    """Poll like a client would; returns (final job, statuses seen)."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = api.get_import_job_status(job_id)
        seen.append(job.status)
        if job.status != "RUNNING":
            return job, seen
        time.sleep(0.2)
    raise AssertionError(f"import job {job_id} still RUNNING after {timeout}s: {seen}")


def upload(api, course_id: str, path: Path, **kwargs):
    """Upload and wait; returns (final job, statuses seen)."""
    job_id = api.create_upload_and_import_course_job(course_id, file=str(path), **kwargs).result
    return wait_job(api, job_id)


# -- import jobs ---------------------------------------------------------------------------------------
def test_upload_import_is_running_then_complete(api, tmp_path):
    job_id = api.create_upload_and_import_course_job("c1", file=str(scorm_zip(tmp_path))).result
    assert job_id
    assert status_of(api.get_course, "c1") == 404          # nothing is written while the job runs
    job, seen = wait_job(api, job_id)
    assert seen[0] == "RUNNING" and seen[-1] == "COMPLETE"
    course = job.import_result.course
    assert (course.id, course.title, course.version, course.course_learning_standard) == (
        "c1", "Tiny Course", 0, "SCORM12")
    assert job.import_result.parser_warnings == []
    assert api.get_course("c1").title == "Tiny Course"


def test_job_finishes_by_itself_without_polling(api, tmp_path):
    job_id = api.create_upload_and_import_course_job("c-timer", file=str(scorm_zip(tmp_path))).result
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            api.get_course("c-timer")
            break
        except ApiException:
            time.sleep(0.2)
    assert api.get_course("c-timer").version == 0
    assert api.get_import_job_status(job_id).status == "COMPLETE"


def test_unknown_job_is_404(api):
    assert status_of(api.get_import_job_status, "no-such-job") == 404


def test_upload_with_tags_metadata_and_postback(api, tmp_path):
    job = upload(api, "c-tags", scorm_zip(tmp_path), tags=["a", "b"], postback_url="http://127.0.0.1:1/pb",
                 content_metadata=json.dumps({"title": "ignored for zips"}))[0]
    assert job.status == "COMPLETE"
    assert sorted(api.get_course_tags("c-tags").tags) == ["a", "b"]


def test_upload_without_file_is_400(api):
    assert status_of(api.create_upload_and_import_course_job, "c-nofile") == 400


@pytest.mark.parametrize("files, message", [
    (None, "not a valid zip"),
    ({"readme.txt": "no manifest here"}, "No course descriptor"),
    ({"imsmanifest.xml": "<manifest><organizations>"}, "not well-formed"),
])
def test_unusable_package_ends_in_error(api, tmp_path, files, message):
    path = tmp_path / "broken.zip"
    if files is None:
        path.write_bytes(b"this is not a zip file")
    else:
        make_zip(path, files)
    job, seen = upload(api, "c-broken", path)
    assert seen[0] == "RUNNING"
    assert job.status == "ERROR" and message in job.message
    assert status_of(api.get_course, "c-broken") == 404


def test_failed_new_version_leaves_course_and_versions_untouched(api, tmp_path):
    upload(api, "c-keep", scorm_zip(tmp_path, title="Original"))
    broken = make_zip(tmp_path / "broken.zip", {"readme.txt": "x"})
    job = upload(api, "c-keep", broken, may_create_new_version=True)[0]
    assert job.status == "ERROR"
    course = api.get_course("c-keep")
    assert (course.title, course.version) == ("Original", 0)
    assert [v.version for v in api.get_course_versions("c-keep").courses] == [0]
    assert [f.path for f in api.get_course_file_list("c-keep").files] == ["imsmanifest.xml", "index.html"]


def test_existing_course_without_may_create_new_version_is_409(api, tmp_path):
    upload(api, "c-dup", scorm_zip(tmp_path))
    assert status_of(api.create_upload_and_import_course_job, "c-dup", file=str(scorm_zip(tmp_path))) == 409
    assert status_of(api.create_upload_and_import_course_job, "c-dup", file=str(scorm_zip(tmp_path)),
                     may_create_new_version=False) == 409
    assert [v.version for v in api.get_course_versions("c-dup").courses] == [0]


def test_new_version_with_may_create_new_version(api, tmp_path):
    upload(api, "c-v", scorm_zip(tmp_path, title="First"))
    changed = scorm_zip(tmp_path, "v2.zip", title="Second", page="<p>changed page</p>",
                        manifest=MANIFEST_2004_4TH)
    job = upload(api, "c-v", changed, may_create_new_version=True)[0]
    assert job.status == "COMPLETE" and job.import_result.course.version == 1
    course = api.get_course("c-v")
    assert (course.title, course.version, course.course_learning_standard) == ("Second", 1, "SCORM20044THEDITION")
    versions = api.get_course_versions("c-v").courses
    assert [(v.version, v.course_learning_standard) for v in versions] == [(0, "SCORM12"), (1, "SCORM20044THEDITION")]
    assert api.get_course_version_info("c-v", 0).course_learning_standard == "SCORM12"
    sizes = {f.path: f.size for f in api.get_course_version_file_list("c-v", 1).files}
    assert sizes["index.html"] == len("<p>changed page</p>")
    assert {f.path: f.size for f in api.get_course_version_file_list("c-v", 0).files}["index.html"] == len(
        "<p>hi</p>")


def test_fetch_import_from_file_and_http_urls(api, emu, tmp_path):
    path = scorm_zip(tmp_path, title="Fetched")
    job_id = api.create_fetch_and_import_course_job("c-fetch", ImportFetchRequestSchema(url=path.as_uri())).result
    job = wait_job(api, job_id)[0]
    assert job.status == "COMPLETE" and job.import_result.course.title == "Fetched"
    # An http URL on this host: the emulator's own health hook is not a zip, so the job must end in ERROR.
    job_id = api.create_fetch_and_import_course_job(
        "c-fetch-http", ImportFetchRequestSchema(url=emu.base_url + "/__emulator/health")).result
    job = wait_job(api, job_id)[0]
    assert job.status == "ERROR" and "not a valid zip" in job.message
    job_id = api.create_fetch_and_import_course_job(
        "c-remote", ImportFetchRequestSchema(url="https://example.com/course.zip")).result
    job = wait_job(api, job_id)[0]
    assert job.status == "ERROR" and "127.0.0.1" in job.message


def test_no_upload_import_with_fetch_request(api, tmp_path):
    path = scorm_zip(tmp_path, title="No upload")
    job_id = api.create_no_upload_and_import_course_job(
        "c-noupload", ImportRequestSchema(fetch_request=ImportFetchRequestSchema(url=path.as_uri()))).result
    job = wait_job(api, job_id)[0]
    assert job.status == "COMPLETE" and api.get_course("c-noupload").title == "No upload"
    assert status_of(api.create_no_upload_and_import_course_job, "c-noupload2", ImportRequestSchema()) == 400


def test_media_upload_is_not_emulated_and_says_so(api, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")
    job = upload(api, "c-pdf", path, uploaded_content_type="application/pdf")[0]
    assert job.status == "ERROR" and "zip packages only" in job.message


# -- every shared real package ---------------------------------------------------------------------------
def shared_packages() -> list[Path]:
    return sorted(SHARED_PACKAGES.glob("*.zip")) if SHARED_PACKAGES.is_dir() else []


@pytest.mark.skipif(not SHARED_PACKAGES.is_dir(), reason=f"{SHARED_PACKAGES} is absent (shared test packages)")
def test_every_shared_package_is_covered_by_this_test():
    names = {p.name for p in shared_packages()}
    assert names == set(SHARED_EXPECTED) | {"scorm12-missing-required-fields.zip"}


@pytest.mark.skipif(not SHARED_PACKAGES.is_dir(), reason=f"{SHARED_PACKAGES} is absent (shared test packages)")
@pytest.mark.parametrize("name", sorted(SHARED_EXPECTED))
def test_shared_package_imports_with_its_title_and_standard(api, name):
    path = SHARED_PACKAGES / name
    job = upload(api, "shared", path)[0]
    assert job.status == "COMPLETE", job.message
    title, standard = SHARED_EXPECTED[name]
    course = api.get_course("shared")
    assert (course.title, course.course_learning_standard) == (title, standard)
    assert course.root_activity.title == title
    with zipfile.ZipFile(path) as archive:
        expected = {i.filename: i.file_size for i in archive.infolist() if not i.is_dir()}
    assert {f.path: f.size for f in api.get_course_file_list("shared").files} == expected


@pytest.mark.skipif(not SHARED_PACKAGES.is_dir(), reason=f"{SHARED_PACKAGES} is absent (shared test packages)")
def test_shared_package_without_organization_title_gets_fallback_and_warning(api):
    job = upload(api, "shared-notitle", SHARED_PACKAGES / "scorm12-missing-required-fields.zip")[0]
    assert job.status == "COMPLETE"
    assert job.import_result.course.title == "com.example.missing_title"
    warnings = " ".join(job.import_result.parser_warnings)
    assert "no <title>" in warnings and "content/index.html" in warnings


# -- courses: list, get, title, tags, delete ---------------------------------------------------------------
def test_course_list_pages_filters_and_orders(api, tmp_path):
    ids = [f"list-{i}" for i in range(PAGE_SIZE + 2)]
    for i, course_id in enumerate(ids):
        upload(api, course_id, scorm_zip(tmp_path, title=f"Title {i}"), tags=["even" if i % 2 == 0 else "odd"])
    page = api.get_courses(include_total_count=True, _preload_content=False)
    assert page.headers["X-Total-Count"] == str(len(ids))
    first = api.get_courses()
    assert len(first.courses) == PAGE_SIZE and first.more
    assert [c.id for c in first.courses] == list(reversed(ids))[:PAGE_SIZE]     # created_desc by default
    rest = api.get_courses(more=first.more)
    assert rest.more is None
    assert {c.id for c in first.courses + rest.courses} == set(ids)
    assert {c.id for c in api.get_courses(tags=["odd"]).courses} == set(ids[1::2])
    assert [c.id for c in api.get_courses(filter="title 3", filter_by="title").courses] == ["list-3"]
    titles = [c.title for c in api.get_courses(order_by="title_asc").courses]
    assert titles == sorted(titles)
    assert status_of(api.get_courses, order_by="bogus_asc") == 400
    with_meta = api.get_courses(include_course_metadata=True, include_registration_count=True).courses[0]
    assert with_meta.metadata.title.startswith("Title") and with_meta.registration_count == 0


def test_get_course_flags_title_and_delete(api, tmp_path):
    upload(api, "c/slash", scorm_zip(tmp_path))
    course = api.get_course("c/slash", include_course_metadata=True, include_registration_count=True)
    assert course.metadata.title == "Tiny Course" and course.registration_count == 0
    assert course.root_activity.children[0].activity_type == "SCO"
    raw = json.loads(api.get_course("c/slash", _preload_content=False).data)
    assert "metadata" not in raw and raw["created"].endswith("Z")
    api.set_course_title("c/slash", TitleSchema(title="Renamed"))
    renamed = api.get_course("c/slash")
    assert renamed.title == "Renamed" and renamed.root_activity.title == "Tiny Course"
    assert status_of(api.set_course_title, "c/slash", TitleSchema(title=" ")) == 400
    assert status_of(api.set_course_title, "missing", TitleSchema(title="x")) == 404
    api.delete_course("c/slash")
    assert status_of(api.get_course, "c/slash") == 404
    assert status_of(api.delete_course, "c/slash") == 404


def test_tags_add_remove_and_batch(api, tmp_path):
    upload(api, "t1", scorm_zip(tmp_path))
    upload(api, "t2", scorm_zip(tmp_path))
    api.put_course_tags("t1", TagListSchema(tags=["x", "y"]))
    api.put_course_tags("t1", TagListSchema(tags=["y", "z"]))
    assert api.get_course_tags("t1").tags == ["x", "y", "z"]
    api.delete_course_tags("t1", TagListSchema(tags=["x", "absent"]))
    assert api.get_course_tags("t1").tags == ["y", "z"]
    api.put_course_tags_batch(BatchTagsSchema(ids=["t1", "t2"], tags=["batch"]))
    assert api.get_course_tags("t2").tags == ["batch"] and "batch" in api.get_course("t1").tags
    assert status_of(api.put_course_tags_batch, BatchTagsSchema(ids=["t1", "missing"], tags=["b2"])) == 404
    assert "b2" not in api.get_course_tags("t1").tags
    assert status_of(api.get_course_tags, "missing") == 404


def test_delete_course_cascades_to_dispatches(emu, api, tmp_path):
    upload(api, "c-disp", scorm_zip(tmp_path))
    dispatch = emu.app_api(DispatchApi)
    dispatch.create_destinations(DestinationListSchema(destinations=[
        DestinationIdSchema(id="d", data=DestinationSchema(name="D"))]))
    dispatch.create_dispatches(CreateDispatchListSchema(dispatches=[
        CreateDispatchIdSchema(id="dsp", data=CreateDispatchSchema(destination_id="d", course_id="c-disp"))]))
    assert api.get_course("c-disp").dispatched is True
    assert dispatch.get_dispatch("dsp").course_title == "Tiny Course"
    api.delete_course("c-disp")
    assert dispatch.get_dispatches().dispatches == []


# -- versions ----------------------------------------------------------------------------------------------
def test_versions_list_info_and_delete(api, tmp_path):
    for i in range(3):
        upload(api, "cv", scorm_zip(tmp_path, title=f"V{i}", page="x" * (i + 1)), may_create_new_version=True)
    assert [v.version for v in api.get_course_versions("cv").courses] == [0, 1, 2]
    future = "2999-01-01T00:00:00"
    assert api.get_course_versions("cv", since=future).courses == []
    assert len(api.get_course_versions("cv", until=future, include_course_metadata=True).courses) == 3
    assert api.get_course_version_info("cv", 1).version == 1
    assert status_of(api.get_course_version_info, "cv", 7) == 404
    api.delete_course_version("cv", 2)
    assert api.get_course("cv").version == 1
    upload(api, "cv", scorm_zip(tmp_path), may_create_new_version=True)
    assert [v.version for v in api.get_course_versions("cv").courses] == [0, 1, 3]   # numbers are not reused
    for version in (0, 1):
        api.delete_course_version("cv", version)
    api.delete_course_version("cv", 3)                                              # the last one
    assert status_of(api.get_course, "cv") == 404


# -- configuration -----------------------------------------------------------------------------------------
def explicit(listing) -> dict:
    return {item.id: item.explicit_value for item in listing.setting_items if item.explicit_value is not None}


def test_course_configuration_set_read_inherit_and_delete(emu, api, tmp_path):
    upload(api, "cfg", scorm_zip(tmp_path))
    listing = api.get_course_configuration("cfg", include_metadata=True)
    ids = {item.id for item in listing.setting_items}
    assert "PlayerScoLaunchType" in ids and "WebPathToContentRoot" not in ids      # application-only omitted
    assert all(item.metadata is not None for item in listing.setting_items)
    assert explicit(listing) == {}
    api.set_course_configuration("cfg", SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerScoLaunchType", value="new_window"),
        SettingsIndividualSchema(setting_id="PlayerCaptureHistory", value="False")]))
    listing = api.get_course_configuration("cfg")
    assert explicit(listing) == {"PlayerScoLaunchType": "NEW_WINDOW", "PlayerCaptureHistory": "false"}
    source = {i.id: i.effective_value_source for i in listing.setting_items}
    assert source["PlayerScoLaunchType"] == "course" and source["PlayerDesiredWidth"] == "default"
    # The application level is inherited by the course.
    emu.app_api(ApplicationManagementApi).set_application_configuration(SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerDesiredWidth", value="800")]))
    item = {i.id: i for i in api.get_course_configuration("cfg").setting_items}["PlayerDesiredWidth"]
    assert (item.effective_value, item.effective_value_source, item.explicit_value) == ("800", "application", None)
    api.delete_course_configuration_setting("cfg", "PlayerScoLaunchType")
    assert explicit(api.get_course_configuration("cfg")) == {"PlayerCaptureHistory": "false"}
    assert status_of(api.set_course_configuration, "cfg", SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="NoSuchSetting", value="1")])) == 400
    assert status_of(api.set_course_configuration, "cfg", SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="WebPathToContentRoot", value="/x")])) == 400
    assert status_of(api.set_course_configuration, "cfg", SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerDesiredWidth", value="wide")])) == 400
    assert status_of(api.delete_course_configuration_setting, "cfg", "NoSuchSetting") == 400
    assert status_of(api.get_course_configuration, "missing") == 404


def test_course_version_configuration(api, tmp_path):
    upload(api, "vcfg", scorm_zip(tmp_path))
    api.set_course_configuration("vcfg", SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerDesiredHeight", value="600")]))
    api.set_course_version_configuration("vcfg", 0, SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerDesiredWidth", value="1024")]))
    items = {i.id: i for i in api.get_course_version_configuration("vcfg", 0, include_metadata=True).setting_items}
    assert (items["PlayerDesiredWidth"].explicit_value, items["PlayerDesiredWidth"].effective_value_source) == (
        "1024", "courseVersion")
    assert (items["PlayerDesiredHeight"].effective_value, items["PlayerDesiredHeight"].explicit_value) == ("600", None)
    assert "PlayerDesiredWidth" not in explicit(api.get_course_configuration("vcfg"))
    api.delete_course_version_configuration_setting("vcfg", 0, "PlayerDesiredWidth")
    assert explicit(api.get_course_version_configuration("vcfg", 0)) == {}
    assert status_of(api.get_course_version_configuration, "vcfg", 5) == 404


def test_file_list_excludes_directories(api, tmp_path):
    path = tmp_path / "dirs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12.format(title="Dirs", identifier="d"))
        archive.writestr("assets/", "")
        archive.writestr("assets/a.css", "body{}")
        archive.writestr("index.html", "<p/>")
    upload(api, "dirs", path)
    files = api.get_course_file_list("dirs").files
    assert sorted((f.path, f.size) for f in files) == [("assets/a.css", 6), ("imsmanifest.xml", len(
        MANIFEST_12.format(title="Dirs", identifier="d"))), ("index.html", 4)]
    assert all(f.modified is not None for f in files)
    assert status_of(api.get_course_file_list, "missing") == 404


def test_course_scopes_with_oauth(emu, tmp_path):
    reader = emu.token_api(CourseApi, "read:course")
    writer = emu.token_api(CourseApi, "write:course read:course")
    job_id = writer.create_upload_and_import_course_job("scoped", file=str(scorm_zip(tmp_path))).result
    wait_job(reader, job_id)
    assert reader.get_course("scoped").id == "scoped"
    assert status_of(reader.set_course_title, "scoped", TitleSchema(title="x")) == 403
    assert status_of(writer.delete_course, "scoped") == 403


def test_bad_inputs_are_400_not_500(emu, api):
    assert status_of(api.get_course_version_info, "x", "notanumber") in (400, 404)
    resp = emu.raw("POST", "/api/v2/courses/importJobs/upload", files={"file": ("a.zip", io.BytesIO(b"zz"))})
    assert resp.status_code == 400 and "courseId" in resp.json()["message"]
    resp = emu.raw("POST", "/api/v2/courses/importJobs?courseId=x", json={"contentType": "application/zip"})
    assert resp.status_code == 400 and "url" in resp.json()["message"]
