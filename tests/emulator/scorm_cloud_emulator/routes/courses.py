"""Courses (CourseApi): import jobs, courses and their versions, titles, tags, configuration and file lists.

Store layout (tenant = app id unless noted):
  "course"      keyed by course id: {id, title, created, updated, tags, settings, nextVersion, versions: [...]}.
                Each version holds what its package said (standard, activity tree, metadata) and its own
                settings; the course-level fields describe the latest version.
  "coursefiles" keyed by "<version>:<course id>": {"files": [{path, size, modified}]} of that version's zip.
  "importjob"   under the tenant "importjobs:<app id>", so that jobs never make an application look non-empty.

Import jobs: the POST parses the package at once (an unusable one still gets a job, which ends in ERROR) and
answers 409 when the course exists and mayCreateNewVersion is not true.  A job is RUNNING until it finishes at
its second status poll, or JOB_SECONDS after the POST (a timer), whichever comes first, so a client that polls
right away sees RUNNING once.  Finishing writes the new course or version; a failed job writes nothing.
Version numbers start at 0 and are never reused, even after a version is deleted.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import time
import uuid
import urllib.error
import urllib.parse
import urllib.request
from typing import IO

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile
from fastapi.responses import Response

from ..auth import Principal, app_auth
from ..config import apply_posted, lookup, setting_list
from ..context import Emulator, get_emu
from ..errors import ApiError, bad_request, not_found
from ..models import Body, Name, SettingsPostSchema, Text, TitleSchema
from ..packages import Package, PackageError, parse_package
from ..paging import Docs, ListQuery, ListSpec, dt_key, list_query, paginate, resolve, text_key
from ..resources import (COURSE, DISPATCH, NO_CONTENT, ConfigLevel, delete_course_dispatches,
                         delete_course_invitations, require_doc, tag_routes)
from ..store import Store
from ..wire import (ZIP_TYPE, check_id, clean_tags, merge_tags, now_iso, parse_bool, parse_dt, split_list,
                    to_dt)

log = logging.getLogger("scorm_cloud_emulator")
router = APIRouter(tags=["course"])
auth = app_auth("course")
FILES, JOB = "coursefiles", "importjob"
JOB_SECONDS = 2.0
MAX_FETCH_BYTES = 512 * 1024 * 1024
FETCH_TIMEOUT = 30
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class MediaFileMetadataSchema(Body):
    title: Name | None = None
    description: Text | None = None
    contentLanguage: Name | None = None
    estimatedDuration: int | None = None


class ImportFetchRequestSchema(Body):
    url: Text | None = None
    contentType: Name | None = None
    mediaFileMetadata: MediaFileMetadataSchema | None = None


class ImportRequestSchema(Body):
    fetchRequest: ImportFetchRequestSchema | None = None
    mediaFileReferenceRequest: dict | None = None
    connectorReferenceRequest: dict | None = None


class _ImportParams:
    """The import query (IQ) shared by the three import POSTs."""

    def __init__(self, course_id: str | None = Query(None, alias="courseId", max_length=1000),
                 may_create_new_version: str | None = Query(None, alias="mayCreateNewVersion"),
                 postback_url: str | None = Query(None, alias="postbackUrl", max_length=10000),
                 tags: str | None = Query(None, max_length=100000)):
        self.course_id = check_id(course_id, "courseId")
        self.may_create_new_version = bool(parse_bool(may_create_new_version, "mayCreateNewVersion"))
        self.postback_url = postback_url
        self.tags = clean_tags(split_list(tags))


# -- import jobs ----------------------------------------------------------------------------------------
def _jobs_tenant(app_id: str) -> str:
    return f"importjobs:{app_id}"


def _start_job(emu: Emulator, who: Principal, params: _ImportParams, package: Package | None,
               error: str | None) -> dict:
    """Record a RUNNING job for a parsed package (or for the error that stops it) and arm its timer."""
    store = emu.store
    if store.exists(who.app_id, COURSE, params.course_id) and not params.may_create_new_version:
        raise ApiError(409, f"Course '{params.course_id}' already exists; set mayCreateNewVersion=true to import "
                            "a new version")
    job_id = uuid.uuid4().hex
    pending = None if package is None else {
        "standard": package.standard, "title": package.title, "identifier": package.identifier,
        "rootActivity": package.root_activity, "singleSco": package.single_sco, "metadata": package.metadata,
        "files": package.files, "warnings": package.warnings, "languages": package.languages}
    store.put(_jobs_tenant(who.app_id), JOB, job_id, {
        "id": job_id, "status": "RUNNING", "courseId": params.course_id, "created": now_iso(),
        "mayCreateNewVersion": params.may_create_new_version, "tags": params.tags,
        "postbackUrl": params.postback_url, "finishAt": time.time() + JOB_SECONDS, "polls": 0,
        "pending": pending, "error": error})
    timer = threading.Timer(JOB_SECONDS, _finish_quietly, args=(emu, who.app_id, job_id))
    timer.daemon = True
    timer.start()
    return {"result": job_id}


def _finish_quietly(emu: Emulator, tenant: str, job_id: str) -> None:
    try:
        _finish_job(emu.store, tenant, job_id)
    except Exception as exc:  # noqa: BLE001 - a timer firing during shutdown must not print a traceback
        log.debug("import job %s not finished by its timer: %s", job_id, exc)


def _finish_job(store: Store, tenant: str, job_id: str) -> dict | None:
    """Apply a RUNNING job's outcome exactly once; returns the job document (None if it vanished)."""
    with store.transaction():
        job = store.get(_jobs_tenant(tenant), JOB, job_id)
        if job is None or job["status"] != "RUNNING":
            return job
        course = store.get(tenant, COURSE, job["courseId"])
        if job["error"]:
            job.update(status="ERROR", message=job["error"])
        elif course is not None and not job["mayCreateNewVersion"]:
            job.update(status="ERROR", message=f"Course '{job['courseId']}' already exists")
        else:
            course = _add_version(store, tenant, job["courseId"], course, job["pending"], job["tags"])
            job.update(status="COMPLETE", importResult={
                "webPathToCourse": course["versions"][-1]["webPathToCourse"],
                "parserWarnings": job["pending"]["warnings"], "courseLanguages": job["pending"]["languages"],
                "course": _render_course(store, tenant, course, None, False, False)})
        job["pending"] = None   # the package description is not needed any more
        store.put(_jobs_tenant(tenant), JOB, job_id, job)
        return job


def _add_version(store: Store, tenant: str, course_id: str, course: dict | None, pending: dict,
                 tags: list[str]) -> dict:
    ts = now_iso()
    if course is None:
        course = {"id": course_id, "created": ts, "tags": [], "settings": {}, "nextVersion": 0, "versions": []}
    version = course["nextVersion"]
    identifier = pending["identifier"]
    xapi_id = identifier if pending["standard"] in ("XAPI", "CMI5") and identifier else \
        f"urn:scorm-cloud-emulator:{tenant}:course:{urllib.parse.quote(course_id, safe='')}"
    course["versions"].append({
        "version": version, "created": ts, "updated": ts, "courseLearningStandard": pending["standard"],
        "activityId": identifier, "xapiActivityId": xapi_id, "metadata": pending["metadata"],
        "rootActivity": pending["rootActivity"], "singleSco": pending["singleSco"], "settings": {},
        "webPathToCourse": f"/courses/{tenant}/{course_id}/{version}/"})
    course.update(nextVersion=version + 1, title=pending["title"], updated=ts,
                  tags=merge_tags(course["tags"], tags))
    store.put(tenant, COURSE, course_id, course)
    store.put(tenant, FILES, f"{version}:{course_id}", {"files": pending["files"]})
    return course


def _render_job(job: dict) -> dict:
    body = {"jobId": job["id"], "status": job["status"]}
    if job.get("message"):
        body["message"] = job["message"]
    if job.get("importResult"):
        body["importResult"] = job["importResult"]
    return body


def _import_file(emu: Emulator, who: Principal, params: _ImportParams, source: IO[bytes],
                 content_type: str | None) -> dict:
    if content_type and content_type.split(";")[0].strip().lower() != ZIP_TYPE:
        return _start_job(emu, who, params, None, f"The emulator imports zip packages only, not {content_type[:100]}")
    try:
        package = parse_package(source, params.course_id)
    except PackageError as exc:
        return _start_job(emu, who, params, None, str(exc))
    return _start_job(emu, who, params, package, None)


def _fetch(url: str) -> IO[bytes]:
    """Open a file:// URL or download an http(s) URL on this host into a temporary file."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        return open(urllib.parse.unquote(parts.path), "rb")
    if parts.scheme not in ("http", "https") or parts.hostname not in LOCAL_HOSTS:
        raise PackageError("The emulator fetches only file:// URLs and http(s) URLs on 127.0.0.1")
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310 - local URLs only
        copied = 0
        while chunk := answer.read(1024 * 1024):
            copied += len(chunk)
            if copied > MAX_FETCH_BYTES:
                raise PackageError(f"{url[:200]} is larger than {MAX_FETCH_BYTES // (1024 * 1024)} MB")
            spool.write(chunk)
    spool.seek(0)
    return spool


def _import_fetch(emu: Emulator, who: Principal, params: _ImportParams, body: ImportFetchRequestSchema) -> dict:
    if not body.url:
        raise bad_request("url is required")
    try:
        source = _fetch(body.url)
    except PackageError as exc:
        return _start_job(emu, who, params, None, str(exc))
    except (OSError, ValueError, urllib.error.URLError) as exc:
        return _start_job(emu, who, params, None, f"Could not fetch {body.url[:200]}: {exc}")
    with source:
        return _import_file(emu, who, params, source, body.contentType or ZIP_TYPE)


@router.post("/courses/importJobs/upload")
def create_upload_and_import_course_job(params: _ImportParams = Depends(), file: UploadFile | None = File(None),
                                        content_metadata: str | None = Form(None, alias="contentMetadata",
                                                                            max_length=100000),
                                        uploaded_content_type: str | None = Header(None, alias="uploadedContentType"),
                                        who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    if file is None:
        raise bad_request("file is required (a multipart part named 'file')")
    if content_metadata:
        try:
            MediaFileMetadataSchema.model_validate(json.loads(content_metadata))
        except ValueError:
            raise bad_request("contentMetadata must be a JSON MediaFileMetadataSchema")
    return _import_file(emu, who, params, file.file, uploaded_content_type)


@router.post("/courses/importJobs")
def create_fetch_and_import_course_job(body: ImportFetchRequestSchema, params: _ImportParams = Depends(),
                                       who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    return _import_fetch(emu, who, params, body)


@router.post("/courses/importJobs/noUpload")
def create_no_upload_and_import_course_job(body: ImportRequestSchema, params: _ImportParams = Depends(),
                                           who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    if body.fetchRequest is not None:
        return _import_fetch(emu, who, params, body.fetchRequest)
    if body.mediaFileReferenceRequest is not None or body.connectorReferenceRequest is not None:
        return _start_job(emu, who, params, None, "The emulator does not import media file or connector references")
    raise bad_request("One of fetchRequest, mediaFileReferenceRequest or connectorReferenceRequest is required")


@router.get("/courses/importJobs/{import_job_id:seg}")
def get_import_job_status(import_job_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    store, jobs = emu.store, _jobs_tenant(who.app_id)
    with store.transaction():
        job = store.get(jobs, JOB, import_job_id)
        if job is None:
            raise not_found(f"Import job '{import_job_id}' not found")
        if job["status"] == "RUNNING" and (job["polls"] >= 1 or time.time() >= job["finishAt"]):
            job = _finish_job(store, who.app_id, import_job_id)
        elif job["status"] == "RUNNING":
            job["polls"] += 1
            store.put(jobs, JOB, import_job_id, job)
    return _render_job(job)


# -- rendering --------------------------------------------------------------------------------------------
class _DispatchedCourses:
    """The ids of the courses that have a dispatch, read (once, when first needed) for one request."""

    def __init__(self, store: Store, tenant: str):
        self.store, self.tenant, self.ids = store, tenant, None

    def __contains__(self, course_id: str) -> bool:
        if self.ids is None:
            self.ids = {d["courseId"] for d in self.store.list(self.tenant, DISPATCH)}
        return course_id in self.ids


def _render_course(store: Store, tenant: str, course: dict, version: dict | None, registration_count: bool,
                   metadata: bool, dispatched: _DispatchedCourses | None = None) -> dict:
    """CourseSchema of the course (its latest version), or of one version when `version` is given.
    Pass one `dispatched` for all the courses of a response, so that dispatches are read only once."""
    entry = version or course["versions"][-1]
    dispatched = dispatched if dispatched is not None else _DispatchedCourses(store, tenant)
    data = {"id": course["id"], "title": course["title"], "xapiActivityId": entry["xapiActivityId"],
            "created": (version or course)["created"], "updated": (version or course)["updated"],
            "version": entry["version"], "activityId": entry["activityId"],
            "courseLearningStandard": entry["courseLearningStandard"], "tags": course["tags"],
            "dispatched": course["id"] in dispatched,
            "rootActivity": entry["rootActivity"]}
    if registration_count:
        data["registrationCount"] = sum(1 for r in store.list(tenant, "registration")
                                        if r.get("courseId") == course["id"]
                                        and r.get("courseVersion", entry["version"]) == entry["version"])
    if metadata:
        data["metadata"] = entry["metadata"]
    return data


def _course(store: Store, tenant: str, course_id: str) -> dict:
    return require_doc(store, tenant, COURSE, course_id, "Course")


def _version(course: dict, version_id: int) -> dict:
    for entry in course["versions"]:
        if entry["version"] == version_id:
            return entry
    raise not_found(f"Version {version_id} of course '{course['id']}' not found")


def _flags(include_registration_count: str | None, include_course_metadata: str | None) -> tuple[bool, bool]:
    return (bool(parse_bool(include_registration_count, "includeRegistrationCount")),
            bool(parse_bool(include_course_metadata, "includeCourseMetadata")))


COURSE_SPEC = ListSpec("courses", {"course_id": "id", "title": "title", "tags": "tags"},
                       "course_id", {"created": dt_key("created"), "updated": dt_key("updated"),
                                     "title": text_key("title")}, default_order_by="created_desc")


# -- courses ----------------------------------------------------------------------------------------------
# PUT /courses/tags (declared here, after the import job routes and before /courses/{course_id}) and
# …/{course_id}/tags.
tag_routes(router, auth, collection="/courses", param="course_id", kind=COURSE, label="Course", name="course")


@router.get("/courses")
def get_courses(request: Request, q: ListQuery = Depends(list_query),
                include_course_metadata: str | None = Query(None, alias="includeCourseMetadata"),
                include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    registrations, metadata = _flags(include_registration_count, include_course_metadata)
    q = resolve(COURSE_SPEC, q, {"r": registrations or None, "m": metadata or None})
    dispatched = _DispatchedCourses(emu.store, who.app_id)

    def render(course: dict) -> dict:
        return _render_course(emu.store, who.app_id, course, None, bool(q.extras.get("r")), bool(q.extras.get("m")),
                              dispatched)

    return paginate(request, COURSE_SPEC, q, Docs(emu.store, who.app_id, COURSE), render)


@router.get("/courses/{course_id:seg}")
def get_course(course_id: str, include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
               include_course_metadata: str | None = Query(None, alias="includeCourseMetadata"),
               who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    return _render_course(emu.store, who.app_id, course, None,
                          *_flags(include_registration_count, include_course_metadata))


def _delete_course(store: Store, tenant: str, course: dict) -> None:
    """Remove a course with its file lists, its dispatches and its invitations (the service cascades too)."""
    store.delete(tenant, COURSE, course["id"])
    store.delete_many(tenant, FILES, [f"{v['version']}:{course['id']}" for v in course["versions"]])
    delete_course_dispatches(store, tenant, course["id"])
    delete_course_invitations(store, tenant, course["id"])


@router.delete("/courses/{course_id:seg}", status_code=NO_CONTENT)
def delete_course(course_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _delete_course(emu.store, who.app_id, _course(emu.store, who.app_id, course_id))
    return Response(status_code=NO_CONTENT)


@router.put("/courses/{course_id:seg}/title", status_code=NO_CONTENT)
def set_course_title(course_id: str, body: TitleSchema, who: Principal = Depends(auth),
                     emu: Emulator = Depends(get_emu)):
    if body.title is None or not body.title.strip():
        raise bad_request("title is required and must not be empty")
    with emu.store.transaction():
        course = _course(emu.store, who.app_id, course_id)
        course.update(title=body.title, updated=now_iso())
        emu.store.put(who.app_id, COURSE, course_id, course)
    return Response(status_code=NO_CONTENT)


def _file_list(store: Store, tenant: str, course_id: str, version: int) -> dict:
    doc = store.get(tenant, FILES, f"{version}:{course_id}") or {"files": []}
    return {"files": doc["files"]}


@router.get("/courses/{course_id:seg}/asset/list")
def get_course_file_list(course_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    return _file_list(emu.store, who.app_id, course_id, course["versions"][-1]["version"])


# -- versions ---------------------------------------------------------------------------------------------
@router.get("/courses/{course_id:seg}/versions")
def get_course_versions(course_id: str, since: str | None = Query(None), until: str | None = Query(None),
                        include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                        include_course_metadata: str | None = Query(None, alias="includeCourseMetadata"),
                        who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    start, end = parse_dt(since, "since"), parse_dt(until, "until")
    flags = _flags(include_registration_count, include_course_metadata)
    versions = [v for v in course["versions"]
                if (start is None or to_dt(v["updated"]) >= start) and (end is None or to_dt(v["updated"]) <= end)]
    dispatched = _DispatchedCourses(emu.store, who.app_id)
    return {"courses": [_render_course(emu.store, who.app_id, course, v, *flags, dispatched) for v in versions]}


@router.get("/courses/{course_id:seg}/versions/{version_id}")
def get_course_version_info(course_id: str, version_id: int,
                            include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                            include_course_metadata: str | None = Query(None, alias="includeCourseMetadata"),
                            who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    return _render_course(emu.store, who.app_id, course, _version(course, version_id),
                          *_flags(include_registration_count, include_course_metadata))


@router.delete("/courses/{course_id:seg}/versions/{version_id}", status_code=NO_CONTENT)
def delete_course_version(course_id: str, version_id: int, who: Principal = Depends(auth),
                          emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        course = _course(store, who.app_id, course_id)
        entry = _version(course, version_id)
        if len(course["versions"]) == 1:
            _delete_course(store, who.app_id, course)   # deleting the last version deletes the course
        else:
            course["versions"].remove(entry)
            course["updated"] = now_iso()
            store.put(who.app_id, COURSE, course_id, course)
            store.delete(who.app_id, FILES, f"{version_id}:{course_id}")
    return Response(status_code=NO_CONTENT)


@router.get("/courses/{course_id:seg}/versions/{version_id}/asset/list")
def get_course_version_file_list(course_id: str, version_id: int, who: Principal = Depends(auth),
                                 emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    return _file_list(emu.store, who.app_id, course_id, _version(course, version_id)["version"])


# -- configuration ----------------------------------------------------------------------------------------
def _config_chain(store: Store, tenant: str, course: dict, version: dict | None) -> list[tuple[str, dict]]:
    """default < application < learningStandardForApplication < course < (courseVersion)."""
    entry = version or course["versions"][-1]
    level = ConfigLevel(learning_standard=entry["courseLearningStandard"],
                        single_sco=str(entry.get("singleSco", True)))
    chain = level.chain(store, tenant) + [("course", course.get("settings", {}))]
    if version is not None:
        chain.append(("courseVersion", version.get("settings", {})))
    return chain


def _course_level_settings(listing: dict) -> dict:
    """Only settings that can be set at course level or below (application-only ones are left out)."""
    return {"settingItems": [item for item in listing["settingItems"] if lookup(item["id"]).level != "application"]}


def _posted(explicit: dict, body: SettingsPostSchema) -> dict:
    for item in body.settings or []:
        if lookup(item.settingId).level == "application":
            raise bad_request(f"Setting {item.settingId} can only be set for the application")
    return apply_posted(explicit, body.settings)


def _delete_setting(values: dict, setting_id: str) -> dict:
    lookup(setting_id)
    return {key: value for key, value in values.items() if key != setting_id}


@router.get("/courses/{course_id:seg}/configuration")
def get_course_configuration(course_id: str, include_metadata: str | None = Query(None, alias="includeMetadata"),
                             who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    listing = setting_list(_config_chain(emu.store, who.app_id, course, None),
                           bool(parse_bool(include_metadata, "includeMetadata")))
    return _course_level_settings(listing)


@router.post("/courses/{course_id:seg}/configuration", status_code=NO_CONTENT)
def set_course_configuration(course_id: str, body: SettingsPostSchema, who: Principal = Depends(auth),
                             emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        course = _course(emu.store, who.app_id, course_id)
        course["settings"] = _posted(course.get("settings", {}), body)
        emu.store.put(who.app_id, COURSE, course_id, course)
    return Response(status_code=NO_CONTENT)


@router.delete("/courses/{course_id:seg}/configuration/{setting_id:seg}", status_code=NO_CONTENT)
def delete_course_configuration_setting(course_id: str, setting_id: str, who: Principal = Depends(auth),
                                        emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        course = _course(emu.store, who.app_id, course_id)
        course["settings"] = _delete_setting(course.get("settings", {}), setting_id)
        emu.store.put(who.app_id, COURSE, course_id, course)
    return Response(status_code=NO_CONTENT)


@router.get("/courses/{course_id:seg}/versions/{version_id}/configuration")
def get_course_version_configuration(course_id: str, version_id: int,
                                     include_metadata: str | None = Query(None, alias="includeMetadata"),
                                     who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    course = _course(emu.store, who.app_id, course_id)
    listing = setting_list(_config_chain(emu.store, who.app_id, course, _version(course, version_id)),
                           bool(parse_bool(include_metadata, "includeMetadata")))
    return _course_level_settings(listing)


@router.post("/courses/{course_id:seg}/versions/{version_id}/configuration", status_code=NO_CONTENT)
def set_course_version_configuration(course_id: str, version_id: int, body: SettingsPostSchema,
                                     who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        course = _course(emu.store, who.app_id, course_id)
        entry = _version(course, version_id)
        entry["settings"] = _posted(entry.get("settings", {}), body)
        emu.store.put(who.app_id, COURSE, course_id, course)
    return Response(status_code=NO_CONTENT)


@router.delete("/courses/{course_id:seg}/versions/{version_id}/configuration/{setting_id:seg}",
               status_code=NO_CONTENT)
def delete_course_version_configuration_setting(course_id: str, version_id: int, setting_id: str,
                                                who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        course = _course(emu.store, who.app_id, course_id)
        entry = _version(course, version_id)
        entry["settings"] = _delete_setting(entry.get("settings", {}), setting_id)
        emu.store.put(who.app_id, COURSE, course_id, course)
    return Response(status_code=NO_CONTENT)
