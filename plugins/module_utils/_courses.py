# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Courses: reading a local package, the rule that decides when it must be imported again, and the course kind
(import as a new course or a new version, then title, tags and settings in place)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import zipfile
from xml.etree import ElementTree

from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._engine import SkipItem, parallel, segment
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    NOTHING,
    SETTINGS,
    TAGS,
    UPDATE,
    DesiredStateError,
    Field,
    Plan,
    plan,
    redact,
)
from ansible_collections.scorm.cloud.plugins.module_utils._settings import (
    apply_settings,
    explicit_settings,
    mask_settings,
    normalize_settings,
    read_settings,
    sensitive_settings,
    setting_catalog,
    setting_problems,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import (
    ID,
    INT,
    RESULT_ANSWER,
    STR,
    TAG_LIST,
    Enum,
    ListOf,
    Obj,
)
from ansible_collections.scorm.cloud.plugins.module_utils._tags import move_tags, write_tags

POLL_FIRST = 0.25
POLL_MAX = 15.0
# Every course imported from src is tagged with the fingerprint of its package: when the local package still has it,
# a run knows the course is up to date without reading the course's file list. The tag is the module's: it is left
# out of the course's tags, and purge_tags never removes it.
FINGERPRINT = "package-sha256-"
FINGERPRINT_HEX = 32
MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
# CourseSchema, as far as the module reads it; the root activity's identifier and title are compared with a package.
COURSE_SHAPE = Obj({"id": ID, "title": STR, "version": INT, "courseLearningStandard": STR, "tags": TAG_LIST,
                    "created": STR, "updated": STR, "rootActivity": Obj({"externalIdentifier": STR, "title": STR})})
FILES_ANSWER = Obj({"files": ListOf(Obj({"path": STR, "size": INT}))}, required=("files",))
IMPORT_JOB_ANSWER = Obj({"status": Enum(("RUNNING", "COMPLETE", "ERROR")), "message": STR,
                         "importResult": Obj({"course": COURSE_SHAPE, "parserWarnings": ListOf(STR)})},
                        required=("status",))
MAX_LISTED_PATHS = 5
SCHEMA_VERSIONS = {
    "1.1": "SCORM11",
    "1.2": "SCORM12",
    "cam 1.3": "SCORM20042NDEDITION",
    "2004 2nd edition": "SCORM20042NDEDITION",
    "2004 3rd edition": "SCORM20043RDEDITION",
    "2004 4th edition": "SCORM20044THEDITION",
}


# -- the local package ----------------------------------------------------------------------------------------
class PackageUnreadable(Exception):
    """The file is not a zip the module can read: it is refused before anything is sent."""


def _local_name(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find(element, name):
    """The first descendant (or self) whose local name is ``name``."""
    if element is None:
        return None
    for candidate in element.iter():
        if _local_name(candidate.tag) == name:
            return candidate
    return None


def _children(element, name):
    return [child for child in (element if element is not None else []) if _local_name(child.tag) == name]


def _text(element):
    return " ".join((element.text or "").split()) if element is not None else ""


def _scorm_root(manifest):
    version = _text(_find(_find(manifest, "metadata"), "schemaversion")).lower()
    organizations = _find(manifest, "organizations")
    orgs = _children(organizations, "organization")
    if not orgs:
        return None, None, SCHEMA_VERSIONS.get(version)
    default = organizations.get("default")
    org = next((o for o in orgs if o.get("identifier") == default), orgs[0])
    return org.get("identifier"), _text(next(iter(_children(org, "title")), None)), SCHEMA_VERSIONS.get(version)


def _cmi5_root(structure):
    course = _find(structure, "course")
    if course is None:
        return None, None, "CMI5"
    return course.get("id"), _text(_find(_find(course, "title"), "langstring")), "CMI5"


def _xapi_root(document):
    activities = [e for e in document.iter() if _local_name(e.tag) == "activity"]
    if not activities:
        return None, None, "XAPI"
    course = next((a for a in activities if (a.get("type") or "").rstrip("/").endswith("/course")), activities[0])
    return course.get("id"), _text(_find(course, "name")), "XAPI"


def _aicc_root(text):
    section, fields = "", {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip().lower()
        elif section == "course" and "=" in line:
            key, value = line.split("=", 1)
            fields[key.strip().lower()] = value.strip()
    return fields.get("course_id"), fields.get("course_title"), "AICC"


# XML descriptors in the order the service is assumed to look for them; AICC (.crs, plain text) comes last.
XML_DESCRIPTORS = (("imsmanifest.xml", _scorm_root), ("cmi5.xml", _cmi5_root), ("tincan.xml", _xapi_root))
ROOT_KEYS = ("identifier", "title", "learning_standard")


def read_package(path):
    """What the module compares of a local zip: its files (path -> size) and its root activity.

    Returns ``{"files", "identifier", "title", "learning_standard"}``; the last three are None when the package has no
    recognisable descriptor (the service then decides). Raises PackageUnreadable when it is not a readable zip.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipfile, OSError, ValueError) as exc:
        raise PackageUnreadable(str(exc) or exc.__class__.__name__)
    with archive:
        infos = archive.infolist()
        package = {"files": dict((i.filename, i.file_size) for i in infos if not i.filename.endswith("/")),
                   "identifier": None, "title": None, "learning_standard": None}
        root = dict((i.filename.lower(), i) for i in infos if "/" not in i.filename)
        try:
            for name, parse in XML_DESCRIPTORS:
                if name in root:
                    package.update(zip(ROOT_KEYS, parse(ElementTree.fromstring(_descriptor(archive, root[name])))))
                    break
            else:
                crs = sorted(name for name in root if name.endswith(".crs"))
                if crs:
                    text = _descriptor(archive, root[crs[0]]).decode("utf-8", "replace")
                    package.update(zip(ROOT_KEYS, _aicc_root(text)))
        except (ElementTree.ParseError, zipfile.BadZipfile, RuntimeError, NotImplementedError):
            pass  # a broken descriptor: the files still compare, and the service reports the problem on import
    package["title"] = package["title"] or None
    return package


def package_problem(package):
    """Why a readable zip (read_package) cannot be a course package, as the end of a sentence; None when it may be.
    Only a zip without files, or without any course descriptor in any folder, is refused: where the descriptor must
    be is the service's to say."""
    if not package["files"]:
        return "is an empty zip; SCORM Cloud imports a course from the zip of its package."
    names = set(path.rsplit("/", 1)[-1].lower() for path in package["files"])
    if not names & set(name for name, _parse in XML_DESCRIPTORS) and not any(n.endswith(".crs") for n in names):
        return ("holds no course descriptor (imsmanifest.xml, cmi5.xml, tincan.xml or an AICC .crs file), so it is not "
                "a SCORM, cmi5, xAPI or AICC package.")
    return None


def _descriptor(archive, info):
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        raise RuntimeError("descriptor too large")
    return archive.read(info)


# -- the change-detection rule ----------------------------------------------------------------------------------
def _some(paths):
    shown = ", ".join(paths[:MAX_LISTED_PATHS])
    return shown + (", ..." if len(paths) > MAX_LISTED_PATHS else "")


def package_changes(local, remote_files, remote_root, title_override=None):
    """Why the local package differs from the course's current version, as phrases; [] when it matches.

    ``local`` comes from read_package; ``remote_files`` is the course's asset list ([{path, size}]) and
    ``remote_root`` its rootActivity (or None). Signals the service does not report, or the package lacks, are
    skipped; so is the title when the service reports ``title_override`` (the user's title) as the root's title.
    """
    remote = dict((item.get("path"), item.get("size")) for item in remote_files or []
                  if item.get("path") and not item["path"].endswith("/"))
    mine = local["files"]
    reasons = []
    added = sorted(set(mine) - set(remote))
    removed = sorted(set(remote) - set(mine))
    resized = sorted(p for p in set(mine) & set(remote) if remote[p] is not None and mine[p] != remote[p])
    for paths, what in ((added, "added"), (removed, "removed"), (resized, "changed in size")):
        if paths:
            reasons.append("%d file(s) %s (%s)" % (len(paths), what, _some(paths)))
    root = remote_root or {}
    for key, remote_key in (("identifier", "externalIdentifier"), ("title", "title")):
        theirs = root.get(remote_key)
        if key == "title" and title_override is not None and theirs == title_override:
            continue
        if local[key] and theirs and local[key] != theirs:
            reasons.append("the package %s changed (%s -> %s)" % (key, theirs, local[key]))
    return reasons


def import_reason(course, force, url, local, local_error, read_remote_files, title_override=None):
    """Why the package must be imported, or None: the whole rule in one place.

    ``course`` is the course as read (None when absent); ``read_remote_files`` is called only when the file lists
    must be compared, so a missing course, ``force`` and ``url`` sources cost no extra request.
    """
    if course is None:
        return "the course does not exist"
    if force:
        return "force is set"
    if url:
        return None
    if local_error is not None:
        return "src is not a readable zip (%s); the service decides whether it imports" % local_error
    if local is None:
        return None
    changes = package_changes(local, read_remote_files(), course.get("rootActivity"), title_override)
    return ("the package differs: " + "; ".join(changes)) if changes else None


def fingerprint(path):
    """The tag that identifies a package file by its content."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return FINGERPRINT + digest.hexdigest()[:FINGERPRINT_HEX]


# -- the course kind ------------------------------------------------------------------------------------------------
def predict_import(before, course_id, local, wanted_settings):
    """The course as an import would leave it (check mode, and the base of the in-place plan): a new course at
    version 0, or the next version of ``before``, with the title and standard of its package. ``wanted_settings`` is
    None where the item declares no settings (and does not purge them)."""
    local = local or {}
    if before is None:
        predicted = {"id": course_id, "title": local.get("title"), "version": 0,
                     "learning_standard": local.get("learning_standard"), "tags": [], "created": None, "updated": None}
        if wanted_settings is not None:
            # A new course has no settings of its own.
            predicted["settings"] = dict((name, None) for name in wanted_settings)
        return predicted
    predicted = dict(before, version=(before.get("version") or 0) + 1, updated=None)
    predicted["title"] = local.get("title") or before.get("title")
    predicted["learning_standard"] = local.get("learning_standard") or before.get("learning_standard")
    return predicted


def job_summary(job_id, job):
    return {"id": job_id, "status": job.get("status"), "message": job.get("message"),
            "parser_warnings": (job.get("importResult") or {}).get("parserWarnings") or []}


class Courses(Kind):
    name = "course"
    plural = "courses"
    left_out = ("the package of every course (src or url; the service cannot give it back), so a course that does "
                "not exist is skipped, and so are the dispatches of it, until src or url is added")
    cascades = "SCORM Cloud deletes a course's dispatches, registrations and invitations with it"
    modules = ("scorm_course", "scorm_courses")
    doc_fragment = "course"
    noun = "course"
    family = "course"
    path = "/courses"
    list_key = "courses"
    tags_batch_path = "/courses/tags"
    read_params = {"includeCourseMetadata": True}
    fields = (
        Field("title"),
        Field("tags", kind=TAGS),
        # The course's configuration is not in its GET: read only for courses that declare (or purge) settings.
        Field("settings", kind=SETTINGS, detail=True),
    )
    item_options = {
        "id": dict(type="str", required=True),
        "src": dict(type="path"),
        "url": dict(type="str"),
        "may_create_new_version": dict(type="bool", default=True),
        "force": dict(type="bool", default=False),
        "purge_settings": dict(type="bool", default=False),
    }
    item_rules = {"mutually_exclusive": [("src", "url")]}
    task_options = {"wait": dict(type="bool", default=True), "wait_timeout": dict(type="int", default=300)}
    shape = COURSE_SHAPE
    reads_families = ("dispatch",)  # a purge reads the dispatches of the courses it would delete

    def not_found(self, params):
        return "Course %s does not exist." % params["id"]

    def from_api(self, key, data):
        tags = data.get("tags") or []
        return {
            "id": data.get("id") or key,
            "title": data.get("title"),
            "version": data.get("version"),
            "learning_standard": data.get("courseLearningStandard"),
            "tags": sorted(tag for tag in tags if not tag.startswith(FINGERPRINT)),
            "created": data.get("created"),
            "updated": data.get("updated"),
            # Working values, never shown: what the package is compared with.
            "_root": data.get("rootActivity"),
            "_fingerprint": next((tag for tag in tags if tag.startswith(FINGERPRINT)), None),
        }

    def shown_tags(self, tags):
        return sorted(tag for tag in tags if not tag.startswith(FINGERPRINT))

    # -- the declared item, offline -----------------------------------------------------------------------------
    def log_secrets(self, item):
        wanted = normalize_settings(item.get("settings")) or {}
        return [wanted[name] for name in sensitive_settings(wanted)]

    def prepare(self, record, task):
        item = record.item
        wanted = normalize_settings(item.get("settings")) or {}
        record.data["wanted_settings"] = wanted
        # Settings are read where the item declares some, or purges them (then every explicit one is read).
        record.data["purge_settings"] = bool(item.get("purge_settings"))
        record.data["reads_settings"] = bool(wanted) or record.data["purge_settings"]
        record.desired = {"title": item.get("title"), "tags": item.get("tags"),
                          "settings": mask_settings(wanted, {})[0] if record.data["reads_settings"] else None}
        record.data["package"], record.data["package_error"] = None, None
        src = item.get("src")
        if src is None or task.state == "deleted":
            return
        if not os.path.isfile(src):
            raise DesiredStateError("src %s is not a file on the host the module runs on." % src)
        try:
            record.data["package"] = read_package(src)
        except PackageUnreadable as exc:
            raise DesiredStateError("src %s is not a zip file (%s); SCORM Cloud imports a course from the zip of its "
                                    "package." % (src, exc))
        problem = package_problem(record.data["package"])
        if problem:
            raise DesiredStateError("src %s %s" % (src, problem))
        record.data["fingerprint"] = fingerprint(src)

    # -- reads --------------------------------------------------------------------------------------------------
    def locate(self, client, records, task):
        unlisted = Kind.locate(self, client, records, task)
        # A course that does not exist has no configuration to check its settings against: they are checked against
        # the catalog before its package is uploaded (an existing course's are checked by reading its configuration).
        new = [r for r in records if r.item is not None and r.current is None and not r.error
               and r.data.get("wanted_settings") and task.state != "deleted"]
        catalog = setting_catalog(client) if new else None
        for record in new if catalog is not None else []:
            record.error = setting_problems(catalog, record.data["wanted_settings"], "course %s" % record.key)
        return unlisted

    def detail_names(self, record, task):
        names = ["settings"] if record.data.get("reads_settings") else []
        item = record.item or {}
        if (item.get("src") and not item.get("force") and record.data.get("package") is not None
                and record.current.get("_fingerprint") != record.data.get("fingerprint")):
            names.append("_files")  # the asset list, to compare with the package's files
        return names

    def read_details(self, client, record, names, task):
        details = {}
        if "settings" in names:
            details["settings"] = self.read_settings(client, record)
        if "_files" in names:
            details["_files"] = client.get(self.item_path(record.key) + "/asset/list", shape=FILES_ANSWER)["files"]
        return details

    def reread(self, client, record, task):
        current = self.read(client, record.key, task)
        if current is not None and record.data["reads_settings"]:
            current = dict(current, settings=self.read_settings(client, record))
        return current

    def export_details(self, client, obj, task):
        # The settings set on the course itself; secret ones are left out of an export (and named as left out).
        explicit = explicit_settings(client, self.item_path(obj["id"]) + "/configuration")
        secret = sensitive_settings(explicit)
        details = {"_left_out": sorted(secret)}
        if set(explicit) - secret:
            details["settings"] = dict((name, value) for name, value in explicit.items() if name not in secret)
        return details

    def read_settings(self, client, record):
        wanted = record.data["wanted_settings"]
        current = read_settings(client, self.item_path(record.key) + "/configuration", sorted(wanted),
                                owner="course %s" % record.key, wanted=wanted, others=record.data["purge_settings"])
        # Sensitive values are compared with the declared ones and masked before anything can show them.
        return mask_settings(wanted, current, client)[1]

    # -- the plan -----------------------------------------------------------------------------------------------
    def refine(self, record, task):
        """Whether the package is imported (and what the course looks like then); the in-place changes are planned
        against that."""
        item, the_plan, current = record.item, record.plan, record.current
        record.extra["import_reason"] = None
        if item is None or task.state == "deleted" or the_plan.action not in (CREATE, UPDATE, NOTHING):
            return
        if current is None and not (item.get("src") or item.get("url")):
            message = "Course %s does not exist; set src or url to import it." % record.key
            if task.single:
                raise DesiredStateError(message)
            raise SkipItem(message[:-1] + " (an exported course carries no package), so it was left out.")
        if current is not None and current.get("_fingerprint") and current["_fingerprint"] == record.data.get(
                "fingerprint") and not item["force"]:
            reason = None  # the course was imported from exactly this package
        else:
            reason = import_reason({"rootActivity": current["_root"]} if current else None, item["force"],
                                   item.get("url"), record.data["package"], record.data["package_error"],
                                   lambda: current.get("_files") or [], item.get("title"))
        if reason is None and current is not None and current.get("_fingerprint") and record.data.get(
                "fingerprint") not in (None, current["_fingerprint"]) and not item.get("url"):
            # The files and the root activity look the same, but the bytes of the package differ from the ones the
            # course was imported from (a same-size edit): import it.
            reason = "the package differs: its content changed (sha256 %s, imported from %s)" % (
                record.data["fingerprint"][len(FINGERPRINT):], current["_fingerprint"][len(FINGERPRINT):])
        record.extra["import_reason"] = reason
        if not reason:
            return
        if current is not None and not item["may_create_new_version"]:
            raise DesiredStateError("Course %s must be imported again (%s), but may_create_new_version is false; set it "
                                    "to true to import the package as a new version." % (record.key, reason))
        predicted = predict_import(the_plan.before, record.key, record.data["package"],
                                   record.data["wanted_settings"] if record.data["reads_settings"] else None)
        action = CREATE if current is None else UPDATE
        if not task.options.wait:
            # The import finishes later; title, tags and settings are applied by a run that finds it done.
            record.plan = Plan(action, the_plan.before, predicted, {"_import": reason})
            return
        in_place = plan(self.fields, record.desired, predicted, purge_tags=task.purge_tags)
        record.plan = Plan(action, the_plan.before, in_place.after, dict(in_place.changes, _import=reason))

    def changed_fields(self, changes):
        # An import shows as the package changing.
        return Kind.changed_fields(self, changes) + (["package"] if "_import" in changes else [])

    # -- writes -------------------------------------------------------------------------------------------------
    def create(self, client, record, task):
        return _raised(self.import_many(client, [record], task)[0])

    def create_batch(self, client, records, task):
        return self.import_many(client, records, task)

    def update(self, client, record, changes, task):
        if "_import" in changes:
            return _raised(self.import_many(client, [record], task)[0])
        self.configure(client, record, record.current, changes)
        return None

    def import_many(self, client, records, task):
        """Import the packages of ``records`` together: every upload first (concurrently), then every job polled in
        the same rounds, then each course configured. Returns one outcome per record: the course afterwards (a
        dict), None (with wait=false), or the exception that stopped it. An upload is sent once, never blindly
        again."""
        outcomes = parallel([self._uploader(client, record, task) for record in records], task.concurrency)
        if not task.options.wait:
            return [outcome if isinstance(outcome, Exception) else None for outcome in outcomes]
        jobs = dict((index, outcome) for index, outcome in enumerate(outcomes) if isinstance(outcome, str))
        finished = self.wait_for_jobs(client, [records[index] for index in jobs], list(jobs.values()), task)
        for index, job in zip(jobs, finished):
            outcomes[index] = job
        configured = [index for index, outcome in enumerate(outcomes) if isinstance(outcome, dict)]
        results = parallel([self._configurer(client, records[index], outcomes[index], task) for index in configured],
                           task.concurrency)
        for index, result in zip(configured, results):
            outcomes[index] = result
        return outcomes

    def _uploader(self, client, record, task):
        return lambda: self.upload(client, record, task)

    def _configurer(self, client, record, course, task):
        return lambda: self.configure_imported(client, record, course, task)

    def upload(self, client, record, task):
        """POST the import. Returns the job id, or the course itself when an answer was lost and the new version was
        found by reading the course instead. A 502/503/504 answer is sent again (after Retry-After and the backoff,
        within the retry deadline) once a read shows no new version; after a timeout or a lost answer the import may be
        running, so it is only looked for until the retry deadline, never sent again."""
        item = record.item
        # A new course is created with mayCreateNewVersion=false: a run that creates the same course at the same
        # moment then gets a 409 (or a failed job) instead of version 1 of a course it believed missing.
        query = {"courseId": record.key,
                 "mayCreateNewVersion": item["may_create_new_version"] and record.current is not None}
        if record.current is None:
            # A new course takes its tags (and the package's fingerprint) with the import itself.
            query["tags"] = sorted(set(item.get("tags") or []) | set([record.data["fingerprint"]] if
                                                                     record.data.get("fingerprint") else []))
        old_version = record.current.get("version") if record.current is not None else None
        recovered = []

        def new_version():
            course = self.get_object(client, record.key, self.read_params)
            if course is not None and (record.current is None or course.get("version") != old_version):
                recovered.append(course)
                return course
            return None

        try:
            if item.get("src"):
                with open(item["src"], "rb") as package:
                    answer = client.create_verified("POST", "/courses/importJobs/upload", new_version,
                                                    synchronous=False, params=query, shape=RESULT_ANSWER, files={
                                                        "file": (os.path.basename(item["src"]), package,
                                                                 "application/zip")})
            else:
                answer = client.create_verified("POST", "/courses/importJobs", new_version, synchronous=False,
                                                params=query, shape=RESULT_ANSWER,
                                                json={"url": item["url"], "contentType": "application/zip"})
        except ScormCloudError as exc:
            course = self.created_meanwhile(client, record, task) if exc.status == 409 and record.current is None else None
            if course is None:
                raise
            return course
        if recovered and answer is recovered[-1]:
            task.warn("Course %s has a new version, so its upload was not sent again." % record.key)
            record.extra["import_job"] = {"id": None, "status": "COMPLETE", "message": None, "parser_warnings": []}
            return answer
        job_id = (answer or {}).get("result")
        if not job_id:
            raise DesiredStateError("The service accepted the import of course %s but answered without a job id; run "
                                    "the task again to see whether it was imported." % record.key)
        record.extra["import_job"] = {"id": job_id, "status": "RUNNING", "message": None, "parser_warnings": []}
        old = (record.current or {}).get("_fingerprint")
        if not task.options.wait and old and old != record.data.get("fingerprint"):
            # The job finishes after this run, so its fingerprint cannot be written; the old one would be stale.
            write_tags(client, self.tags_path(record.key), removed=[old])
        return job_id

    def wait_for_jobs(self, client, records, job_ids, task):
        """Poll the jobs together, in rounds: at once, then each job 0.25 s after its last poll, doubling up to 15 s,
        for at most wait_timeout. Returns per job the course it made, or the exception that says why it did not."""
        timeout = task.options.wait_timeout
        deadline = client.clock() + timeout
        results = [None] * len(job_ids)
        pending = list(range(len(job_ids)))
        delay = POLL_FIRST
        while pending:
            round_started = client.clock()
            answers = parallel([self._job_reader(client, job_ids[index]) for index in pending], task.concurrency)
            still = []
            for index, job in zip(pending, answers):
                if isinstance(job, Exception) or job.get("status") in ("COMPLETE", "ERROR"):
                    results[index] = self.job_outcome(client, records[index], job_ids[index], job, task)
                else:
                    still.append(index)
            pending = still
            remaining = deadline - client.clock()
            if pending and remaining <= 0:
                for index in pending:
                    results[index] = DesiredStateError(
                        "The import of course %s (job %s) did not finish within wait_timeout=%ss. It may still complete "
                        "on the service; run the task again to see its result, or raise wait_timeout." % (
                            records[index].key, job_ids[index], timeout))
                break
            if pending:
                # Each round polls the jobs in the same order, so a round of many jobs is itself part of the wait
                # between two polls of one job.
                wait = min(delay - (client.clock() - round_started), remaining)
                if wait > 0:
                    client.sleep(wait)
                delay = min(delay * 2, POLL_MAX)
        return results

    def _job_reader(self, client, job_id):
        return lambda: client.get("/courses/importJobs/%s" % segment(job_id), shape=IMPORT_JOB_ANSWER)

    def job_outcome(self, client, record, job_id, job, task):
        if isinstance(job, Exception):
            return job
        record.extra["import_job"] = job_summary(job_id, job)
        if job["status"] == "ERROR" and record.current is None:
            # A job refused because the course exists now: another run created it since this one read the account.
            course = self.created_meanwhile(client, record, task)
            if course is not None:
                return course
        if job["status"] == "ERROR":
            kept = ("No course was created." if record.current is None else
                    "The service created no new version, so course %s stays at version %s." % (
                        record.key, record.current.get("version")))
            return DesiredStateError("The import of course %s failed: %s. %s" % (
                record.key, job.get("message") or "the service gave no reason", kept))
        course = (job.get("importResult") or {}).get("course")
        if course and course.get("rootActivity") is not None:
            return course
        course = self.get_object(client, record.key, self.read_params)
        if course is None:
            return DesiredStateError("The import of course %s finished, but the course cannot be read back." % record.key)
        return course

    def configure_imported(self, client, record, raw, task):
        """After an import: title (an import resets it), settings and, for a new course, tags in place, against what
        the service holds now; the course carries the fingerprint of its package. Returns the course as it is."""
        stored = self.from_api(record.key, raw)
        new_course = record.current is None
        if record.data["reads_settings"]:
            # A new course has no settings of its own yet; a new version keeps the course's.
            stored["settings"] = (mask_settings(record.data["wanted_settings"], {})[1] if new_course
                                  else self.read_settings(client, record))
        in_place = plan(self.fields, record.desired, stored, purge_tags=task.purge_tags)
        # Tags of an existing course are the engine's to write after this, as for any update.
        changes = in_place.changes if new_course else dict((k, v) for k, v in in_place.changes.items() if k != "tags")
        self.configure(client, record, stored, changes)
        self.mark_package(client, record, stored)
        after = dict(stored)
        after.update(changes)
        if not new_course:
            after.pop("tags", None)  # the engine's tag writes set them; the prediction stands
        return redact(self.fields, after)

    def mark_package(self, client, record, stored):
        """Tag the course with its package's fingerprint, replacing an older one (see FINGERPRINT)."""
        fingerprint, old = record.data.get("fingerprint"), stored.get("_fingerprint")
        if not fingerprint or fingerprint == old:
            return
        write_tags(client, self.tags_path(record.key), [fingerprint], [old] if old else [])

    def configure(self, client, record, current, changes):
        """Title, tags (when given: the engine writes them for updates) and settings in place; only the settings whose
        (masked) value differs are written."""
        if "title" in changes:
            client.request("PUT", self.item_path(record.key) + "/title", json={"title": changes["title"]})
        if "tags" in changes:
            move_tags(client, self.tags_path(record.key), current.get("tags"), changes["tags"])
        if "settings" in changes:
            apply_settings(client, self.item_path(record.key) + "/configuration", record.data["wanted_settings"],
                           current.get("settings") or {}, changes["settings"])

    def created_meanwhile(self, client, record, task):
        """The course that another run created after this one found it missing (its import was then refused), or
        None. It is taken as existing, and configured as declared, only when it carries this run's package."""
        course = self.get_object(client, record.key, self.read_params)
        if course is None:
            return None
        found = self.from_api(record.key, course).get("_fingerprint")
        if record.data.get("fingerprint") and found != record.data["fingerprint"]:
            raise DesiredStateError("Course %s was created by another run while this one was importing it, from a "
                                    "different package; run the task again to import this package as a new version."
                                    % record.key)
        task.warn("Course %s was created by another run at the same time, so this run did not import it again and "
                  "configured it as declared." % record.key)
        return course


def _raised(outcome):
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


COURSES = Courses()
