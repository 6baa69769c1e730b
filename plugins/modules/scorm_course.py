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
  - B(The package fingerprint.) A course imported from O(src) is tagged C(package-sha256-<digest>), the first 32 hex
    digits of the SHA-256 of the zip. While the local zip has that fingerprint, the course is up to date and nothing
    else is read. When it differs, the package changed, and the signals below say how. The tag belongs to the module;
    it is never part of O(tags), RV(course.tags) or a diff, and O(purge_tags) never removes it.
  - B(How a changed package is detected) without downloading the course, for a course without a fingerprint (imported
    otherwise) and to explain a change. The local zip (O(src)) is compared with the
    course's current version through two cheap signals. (1) Its files, that is the set of file paths with their sizes, directories
    left out, must equal the course's asset file list. (2) Its root activity, that is the identifier and title in the package's
    descriptor must equal the course's root activity. For SCORM these are the default organization's identifier and
    title in C(imsmanifest.xml). For cmi5 they are the course id and title in C(cmi5.xml), for xAPI the activity id
    and name in C(tincan.xml), and for AICC C(Course_ID) and C(Course_Title) in the C(.crs) file. A signal that the
    service does not report, or that the package lacks, is not compared. The title is not compared either when the
    service reports O(title) itself as the root activity's title.
  - B(Blind spot), only for a course without a fingerprint. A file whose content changes but whose size stays the
    same, with no file added or removed, is not seen as a change. Use O(force) to import such a package once; from then
    on its fingerprint is known.
  - B(URL sources.) With O(url) the service fetches the package, and the API gives nothing to compare it with (no
    content hash or ETag). An O(url) package is therefore imported only when the course does not exist or with O(force).
    Publish changed packages under a new URL and set O(force) for the run that imports it.
  - A failed import fails the task with the service's message. When the import job ends in C(ERROR) (not a zip, no
    manifest, ...) the service creates no version, so the existing course and its versions stay as they were.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the course exist as declared; V(absent) deletes it with all its versions, and the service
        also deletes its registrations and dispatches.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.course
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
      - With O(src), a package is re-imported only when its fingerprint differs from the course's, or, for a course
        without one, when its files (paths and sizes) or its root activity differ from the course's current version.
        A same-size content edit of a course without a fingerprint is not detected; use O(force) for it once.
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


from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._courses import COURSES


def main():
    run_single_module(COURSES)


if __name__ == "__main__":
    main()
