#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_course
short_description: Import, version and configure SCORM Cloud courses
version_added: 0.1.0
description:
  - Makes a course of a SCORM Cloud application carry a given package (SCORM 1.2/2004, AICC, xAPI or cmi5 zip),
    with the given title, tags and course configuration settings, or deletes it.
  - A package is imported only when the course does not exist, when the package changed (see below), or with
    O(force). An import of an existing course creates a new version of it; older versions stay on the service.
  - Title, tags and settings are changed in place, without importing anything.
  - B(How a changed package is detected) without downloading the course. The local zip (O(src)) is compared with the
    course's current version through two cheap signals. (1) Its files, that is the set of file paths with their sizes, directories
    left out, must equal the course's asset file list. (2) Its root activity, that is the identifier and title in the package's
    descriptor must equal the course's root activity. For SCORM these are the default organization's identifier and
    title in C(imsmanifest.xml). For cmi5 they are the course id and title in C(cmi5.xml), for xAPI the activity id
    and name in C(tincan.xml), and for AICC C(Course_ID) and C(Course_Title) in the C(.crs) file. A signal that the
    service does not report, or that the package lacks, is not compared. The title is not compared either when the
    service reports O(title) itself as the root activity's title.
  - B(Blind spot.) A file whose content changes but whose size stays the same, with no file added or removed, is not
    seen as a change. Use O(force) to import such a package.
  - B(URL sources.) With O(url) the service fetches the package, and the API gives nothing to compare it with (no
    content hash or ETag). An O(url) package is therefore imported only when the course does not exist or with O(force).
    Publish changed packages under a new URL and set O(force) for the run that imports it.
  - A failed import fails the task with the service's message. When the import job ends in C(ERROR) (not a zip, no
    manifest, ...) the service creates no version, so the existing course and its versions stay as they were.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  id:
    description:
      - The course ID. You choose it when the course is first imported; it is the course's identity.
    type: str
    required: true
  src:
    description:
      - Path of the package zip on the host the module runs on (usually the controller, with C(delegate_to=localhost)).
      - Uploaded when the course does not exist, when the package differs from the course's current version, or with
        O(force).
      - A file that is not a readable zip is still uploaded, so that the service's own message explains what is wrong.
    type: path
  url:
    description:
      - A URL the service downloads the package zip from, instead of O(src).
      - Imported only when the course does not exist or with O(force), because the module cannot tell whether the
        content behind a URL changed.
    type: str
  title:
    description:
      - The course title, instead of the title in the package.
      - Leave it out to keep the title the service took from the package. An import of a new version resets the
        title to the package's; the module then sets O(title) again.
    type: str
  tags:
    description:
      - Tags of the course.
      - Leave it out to keep the current tags. See O(purge_tags).
    type: list
    elements: str
  purge_tags:
    description:
      - Whether to remove tags that O(tags) does not list. With V(false), O(tags) are only added.
    type: bool
    default: true
  settings:
    description:
      - Course configuration settings, as a dict of setting id to value (for example V(PlayerScoLaunchType)).
      - Only the named settings are read, compared and written; every other setting keeps its value.
      - Values are compared as the service stores them, so V(true), V(True) and V('true') agree.
      - Setting ids are case-sensitive and unknown ids fail the task. For a course that does not exist yet, they can
        only be checked after its import.
      - Values of settings whose id contains C(Password) or C(Secret) are never shown in the diff or the result.
    type: dict
  may_create_new_version:
    description:
      - Whether a changed package may be imported into an existing course as a new version.
      - With V(false), a changed package fails the task before anything is sent.
    type: bool
    default: true
  force:
    description:
      - Import the package even when it looks unchanged (see the blind spot above), or when O(url) is used.
      - Every run with V(true) imports and creates a new version, so the task always reports a change.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait for the import job to finish.
      - With V(false) the module starts the import and returns its job id in RV(import_job); O(title), O(tags) and
        O(settings) are then applied by a later run, once the import has finished.
      - A run that starts before that job has finished still sees the previous version, so it imports the package
        again. Wait for the job first, for example by polling C(GET /courses/importJobs/{id}).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the import job, polling with backoff (1 s, doubling up to 15 s between polls).
      - When it runs out the task fails; the job may still finish on the service, and the next run sees its result.
    type: int
    default: 300
  state:
    description:
      - V(present) makes the course exist as declared; V(absent) deletes it with all its versions, and the service
        also deletes its registrations and dispatches.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.action_group
attributes:
  check_mode:
    description: Can run in check mode and predict the change without sending any write request.
    support: full
    details:
      - Predicts whether the package would be imported (as a new course or a new version) or not, and the title,
        tags and settings afterwards. The returned RV(import_reason) says why an import would happen.
  diff_mode:
    description: Returns the course before and after the change, without secret setting values, in diff mode.
    support: full
  idempotent:
    description: A second run with the same options changes nothing and reports C(changed=false).
    support: partial
    details:
      - With O(src), a package is re-imported only when its files (paths and sizes) or its root activity differ from
        the course's current version. A same-size content edit is not detected; use O(force) for it.
      - With O(url), a package is imported only when the course does not exist, so content changed behind the same
        URL is not detected; use O(force) or a new URL with O(force).
      - O(force=true) imports on every run.
seealso:
  - name: SCORM Cloud API v2 reference
    description: The course endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Keep the onboarding course in line with the package in the repository
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Import the package (again only when it changed), with a title, tags and player settings
      scorm.cloud.scorm_course:
        id: onboarding-101
        src: "{{ playbook_dir }}/files/onboarding-101.zip"
        title: Onboarding 101
        tags: [onboarding, hr]
        settings:
          PlayerScoLaunchType: NEW_WINDOW
          PlayerCaptureHistory: true
      register: onboarding

    - name: Show what happened
      ansible.builtin.debug:
        msg: "Course {{ onboarding.course.id }} is at version {{ onboarding.course.version }}"

    - name: Import from a URL the service fetches (only when the course is missing)
      scorm.cloud.scorm_course:
        id: safety-201
        url: https://artifacts.example.com/courses/safety-201-v3.zip
      when: false  # illustration: the URL is not real

    - name: Change only the tags of an existing course, without its package
      scorm.cloud.scorm_course:
        id: safety-201
        tags: [mandatory]
        purge_tags: false

    - name: Remove a retired course with all its versions
      scorm.cloud.scorm_course:
        id: onboarding-100
        state: absent
"""

RETURN = r"""
course:
  description:
    - The course after the task; in check mode, the predicted course. V(null) when it does not exist.
    - With O(wait=false), the course as it was before the import, which finishes later.
  returned: always
  type: dict
  contains:
    id:
      description: The course ID.
      type: str
      sample: onboarding-101
    title:
      description: The course title.
      type: str
      sample: Onboarding 101
    version:
      description: The number of the course's current (latest) version. In check mode a new version is predicted as
        the current one plus one, and a new course as V(0).
      type: int
      sample: 2
    learning_standard:
      description: The learning standard the service detected, for example V(SCORM12), V(SCORM20043RDEDITION),
        V(CMI5), V(XAPI) or V(AICC).
      type: str
      sample: SCORM12
    tags:
      description: Tags, sorted.
      type: list
      elements: str
      sample: [hr, onboarding]
    created:
      description: When the course was created (V(null) in check mode for a course not created yet).
      type: str
      sample: "2026-01-02T03:04:05.123Z"
    updated:
      description: When the course was last updated.
      type: str
      sample: "2026-01-02T03:04:05.123Z"
    settings:
      description:
        - The settings named in O(settings), with their explicit values on the course (V(null) when inherited).
        - Password and secret settings show C(********) instead of their value.
      type: dict
      sample: {"PlayerScoLaunchType": "NEW_WINDOW", "PlayerCaptureHistory": "true"}
import_job:
  description: The import job this run started, when it started one (not in check mode).
  returned: when an import ran
  type: dict
  contains:
    id:
      description: The import job ID (V(null) when the upload's answer was lost and the module found the new version
        by reading the course instead).
      type: str
      sample: 9f1c2e4d5b6a
    status:
      description: V(COMPLETE), or V(RUNNING) with O(wait=false).
      type: str
      sample: COMPLETE
    message:
      description: The service's message about the job, if any.
      type: str
    parser_warnings:
      description: Warnings the service's package parser reported.
      type: list
      elements: str
      sample: []
import_reason:
  description: Why the package was (or, in check mode, would be) imported; V(null) when it was not.
  returned: always
  type: str
  sample: "the package differs: 1 file(s) changed in size (index.html)"
diff:
  description: The course before and after the task (diff mode only). V({}) stands for "does not exist".
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The course before the task.
      type: dict
    after:
      description: The course after the task.
      type: dict
"""

import os
import zipfile
from xml.etree import ElementTree

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils.client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import DICT, TAGS, DesiredStateError, Field, plan
from ansible_collections.scorm.cloud.plugins.module_utils.settings import (
    mask_settings,
    normalize_settings,
    read_settings,
    sensitive_settings,
    write_settings,
)
from ansible_collections.scorm.cloud.plugins.module_utils.tags import set_tags

ARGUMENT_SPEC = dict(
    id=dict(type="str", required=True),
    src=dict(type="path"),
    url=dict(type="str"),
    title=dict(type="str"),
    tags=dict(type="list", elements="str"),
    purge_tags=dict(type="bool", default=True),
    settings=dict(type="dict"),
    may_create_new_version=dict(type="bool", default=True),
    force=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# The parts of a course that change in place, without an import.
FIELDS = (Field("title"), Field("tags", kind=TAGS), Field("settings", kind=DICT))

POLL_FIRST = 1.0
POLL_MAX = 15.0
MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
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
    """The file is not a zip the module can read; the service is left to say what is wrong with it."""


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


# -- the course on the service ----------------------------------------------------------------------------------
def course_state(raw, settings):
    """The course option-shaped, as this module returns it."""
    return {
        "id": raw.get("id"),
        "title": raw.get("title"),
        "version": raw.get("version"),
        "learning_standard": raw.get("courseLearningStandard"),
        "tags": sorted(raw.get("tags") or []),
        "created": raw.get("created"),
        "updated": raw.get("updated"),
        "settings": settings,
    }


class CourseTask:
    """One run of scorm_course: read, decide, import if needed, then change title, tags and settings in place."""

    def __init__(self, module):
        self.module = module
        self.client = module.client
        self.params = module.params
        self.course_id = module.params["id"]
        self.path = "/courses/%s" % quote(self.course_id, safe="")
        self.wanted_settings = normalize_settings(module.params["settings"]) or {}
        # Declared passwords are scrubbed like no_log options, from the echoed module arguments too.
        module.no_log_values.update(self.wanted_settings[name] for name in sensitive_settings(self.wanted_settings)
                                    if self.wanted_settings[name])

    # -- reads --------------------------------------------------------------------------------------------------
    def read(self):
        return self.client.get_or_none(self.path, params={"includeCourseMetadata": True})

    def read_settings(self):
        """(wanted, current) named settings, masked for comparison and display."""
        if not self.wanted_settings:
            return {}, {}
        current = read_settings(self.client, self.path + "/configuration", sorted(self.wanted_settings),
                                owner="course %s" % self.course_id)
        return mask_settings(self.wanted_settings, current, self.client)

    def remote_files(self):
        return (self.client.get(self.path + "/asset/list") or {}).get("files") or []

    def local_package(self):
        src = self.params["src"]
        if src is None:
            return None, None
        if not os.path.isfile(src):
            raise DesiredStateError("src %s is not a file on the host the module runs on." % src)
        try:
            return read_package(src), None
        except PackageUnreadable as exc:
            return None, str(exc)

    # -- the run ------------------------------------------------------------------------------------------------
    def run(self):
        raw = self.read()
        if self.params["state"] == "absent":
            return self.absent(raw)
        shown_wanted, current_settings = self.read_settings() if raw is not None else ({}, {})
        before = course_state(raw, current_settings) if raw is not None else None
        local, local_error = self.local_package()
        if raw is None and not (self.params["src"] or self.params["url"]):
            raise DesiredStateError("Course %s does not exist; set src or url to import it." % self.course_id)
        reason = import_reason(raw, self.params["force"], self.params["url"], local, local_error, self.remote_files,
                               self.params["title"])
        if reason and raw is not None and not self.params["may_create_new_version"]:
            raise DesiredStateError("Course %s must be imported again (%s), but may_create_new_version is false; set it "
                                    "to true to import the package as a new version." % (self.course_id, reason))
        result = {"import_reason": reason}
        current = before
        if reason and self.module.check_mode:
            current = self.predict_import(before, local)
        elif reason:
            result["import_job"] = self.import_package(raw)
            if not self.params["wait"]:
                # The import finishes later; title, tags and settings are applied by a run that finds it done.
                return self.result(True, before, before, result)
            raw = self.read()
            if raw is None:
                raise DesiredStateError("The import of course %s finished, but the course cannot be read back." %
                                        self.course_id)
            shown_wanted, current_settings = self.read_settings()
            current = course_state(raw, current_settings)
        if self.wanted_settings and not shown_wanted:
            shown_wanted = mask_settings(self.wanted_settings, {})[0]
        changed_in_place, after = self.apply_in_place(raw, current, shown_wanted)
        return self.result(bool(reason) or changed_in_place, before, after, result)

    def absent(self, raw):
        if raw is not None and not self.module.check_mode:
            self.client.request("DELETE", self.path)
        before = course_state(raw, {}) if raw is not None else None
        return self.result(raw is not None, before, None, {"import_reason": None})

    def result(self, changed, before, after, extra):
        result = dict(changed=changed, course=after, **extra)
        if self.module._diff:
            result["diff"] = {"before": before or {}, "after": after or {}}
        return result

    def predict_import(self, before, local):
        """The course as an import would leave it (check mode): a new course, or the next version."""
        local = local or {}
        if before is None:
            settings = dict((name, None) for name in self.wanted_settings)
            return {"id": self.course_id, "title": local.get("title"), "version": 0,
                    "learning_standard": local.get("learning_standard"), "tags": [], "created": None, "updated": None,
                    "settings": settings}
        predicted = dict(before, version=(before["version"] or 0) + 1, updated=None)
        # A new version takes its title and standard from its package.
        predicted["title"] = local.get("title") or before["title"]
        predicted["learning_standard"] = local.get("learning_standard") or before["learning_standard"]
        return predicted

    def apply_in_place(self, raw, current, shown_wanted):
        """Reconcile title, tags and settings with plan(): (changed, the course after; predicted in check mode)."""
        desired = {"title": self.params["title"], "tags": self.params["tags"],
                   "settings": shown_wanted if self.wanted_settings else None}
        the_plan = plan(FIELDS, desired, current, purge_tags=self.params["purge_tags"])
        if not the_plan.changed or self.module.check_mode:
            return the_plan.changed, the_plan.after
        changes = the_plan.changes
        if "title" in changes:
            self.client.request("PUT", self.path + "/title", json={"title": changes["title"]})
        if "tags" in changes:
            set_tags(self.client, self.path + "/tags", current["tags"], changes["tags"])
        if "settings" in changes:
            changed = [name for name, value in changes["settings"].items() if current["settings"].get(name) != value]
            write_settings(self.client, self.path + "/configuration",
                           dict((name, self.wanted_settings[name]) for name in changed))
        return True, course_state(self.read() or raw, self.read_settings()[1])

    # -- import -------------------------------------------------------------------------------------------------
    def import_package(self, raw_before):
        """POST the import once (never blindly resent), then wait for its job unless wait=false."""
        query = {"courseId": self.course_id, "mayCreateNewVersion": self.params["may_create_new_version"]}
        try:
            if self.params["src"]:
                with open(self.params["src"], "rb") as package:
                    answer = self.client.request("POST", "/courses/importJobs/upload", params=query, files={
                        "file": (os.path.basename(self.params["src"]), package, "application/zip")})
            else:
                answer = self.client.request("POST", "/courses/importJobs", params=query,
                                             json={"url": self.params["url"], "contentType": "application/zip"})
        except ScormCloudError as exc:
            if not exc.maybe_applied:
                raise
            return self.recover_lost_answer(raw_before, exc)
        job_id = (answer or {}).get("result")
        if not job_id:
            self.module.fail_json(msg="The service accepted the import of course %s but answered without a job id; run "
                                      "the task again to see whether it was imported." % self.course_id)
        if not self.params["wait"]:
            return {"id": job_id, "status": "RUNNING", "message": None, "parser_warnings": []}
        return self.wait_for_job(job_id, raw_before)

    def poll(self, check):
        """Call ``check()`` until it returns something, with backoff, within wait_timeout; None when time runs out."""
        if not self.params["wait"]:
            return check()
        return self.client.wait_for(check, self.params["wait_timeout"], POLL_FIRST, POLL_MAX)

    def wait_for_job(self, job_id, raw_before):
        path = "/courses/importJobs/%s" % quote(job_id, safe="")

        def finished():
            job = self.client.get(path) or {}
            return job if job.get("status") in ("COMPLETE", "ERROR") else None

        job = self.poll(finished)
        if job is None:
            self.module.fail_json(msg="The import of course %s (job %s) did not finish within wait_timeout=%ss. It may "
                                      "still complete on the service; run the task again to see its result, or raise "
                                      "wait_timeout." % (self.course_id, job_id, self.params["wait_timeout"]),
                                  import_job={"id": job_id, "status": "RUNNING", "message": None, "parser_warnings": []})
        summary = {"id": job_id, "status": job["status"], "message": job.get("message"),
                   "parser_warnings": (job.get("importResult") or {}).get("parserWarnings") or []}
        if job["status"] == "ERROR":
            kept = ("No course was created." if raw_before is None else
                    "The service created no new version, so course %s stays at version %s." % (
                        self.course_id, raw_before.get("version")))
            self.module.fail_json(msg="The import of course %s failed: %s. %s" % (
                self.course_id, job.get("message") or "the service gave no reason", kept), import_job=summary)
        return summary

    def recover_lost_answer(self, raw_before, exc):
        """The upload was sent but its answer was lost: look for its result instead of sending it again."""
        old_version = raw_before.get("version") if raw_before is not None else None

        def new_version():
            course = self.read()
            if course is not None and (raw_before is None or course.get("version") != old_version):
                return course
            return None

        course = self.poll(new_version)
        if course is None:
            raise ScormCloudError("%s. The upload may or may not have reached the service and no new version of course "
                                  "%s appeared; it was not sent again. Run the task again: it imports only if the "
                                  "course still differs." % (exc.message, self.course_id), method=exc.method,
                                  path=exc.path)
        self.module.warn("%s; course %s has a new version, so the upload was not sent again." % (
            exc.message, self.course_id))
        return {"id": None, "status": "COMPLETE", "message": None, "parser_warnings": []}


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("course",),
                              mutually_exclusive=[("src", "url")])
    if module.params["wait_timeout"] < 0:
        module.fail_json(msg="wait_timeout must be 0 or more seconds; got %d." % module.params["wait_timeout"])
    with module.api_errors(not_found="Course %s does not exist." % module.params["id"]):
        result = CourseTask(module).run()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
