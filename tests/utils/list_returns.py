# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renders the RETURN of every list module from one template (plugins/module_utils/_docs.py, list_return) and the
parts that differ by kind (PARTS below), and writes it into the modules:

    python tests/utils/list_returns.py --write

ansible-doc reads a module's RETURN as a literal, so it is written into each module rather than built at run time.
tests/unit/plugins/test_list_returns.py fails when a module's RETURN differs from what this renders.
Needs the collection importable as ansible_collections.scorm.cloud (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import sys

from ansible_collections.scorm.cloud.plugins.module_utils._docs import list_return

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WHEN_CREATED_LATER = " (V(null) for one that is still to be created)"
CREATED = '"created": "2026-01-02T03:04:05.000Z", "updated": "2026-01-02T03:04:05.000Z"'
LAUNCH_AUTH = ('"launch_auth": {"type": "cookies", "ip_address": false, "fingerprint": false, "expiry": 0,\n'
               '                            "sliding_expiry": 0}')
DISPATCH = ('{"id": "globex-onboarding", "destination": "globex-moodle", "course": "onboarding-101", "enabled": true,\n'
            '            "allow_new_registrations": true, "instanced": true, "registration_cap": 500,\n'
            '            "expiration_date": "2027-12-31T00:00:00.000Z", "tags": ["globex"]')
PIPE = ('[{"id": "to-company-lrs", "source": {"url": "https://cloud.scorm.com/lrs/APPID/statements", '
        '"user_name": "Xk3b9"},\n            "target": {"url": "https://lrs.example.com/xapi/", "user_name": "scorm-cloud"}}]')
XAPI_CREDENTIAL = ('"name": "Dashboards (read only)", %s"enabled": true, "auth": "BASICAUTH",\n'
                   '            "permissions_level": "READONLY"}]')
INVITATION = ('[{"name": "spring-campaign", "course": "onboarding-101", "allow_launch": true, '
              '"allow_new_registrations": true,\n            "registration_cap": 500, "expiration_date": "", "tags": '
              '["campaign"]%s,\n            "url": "https://cloud.scorm.com/invitation/launch/APPID/5c3a9e0d27b14f8e6a01"}]')

# module -> the parts of its RETURN that differ from the other list modules'.
PARTS = {
    "scorm_applications": dict(
        plural="applications", noun="application", owner="the realm", id_sample="2F3D8A6C1B",
        id_note=WHEN_CREATED_LATER, by_name=True,
        result_sample='[{"id": "2F3D8A6C1B", "name": "staging", "allow_delete": false,\n            %s}]' % CREATED,
        gathered_sample='[{"id": "2F3D8A6C1B", "name": "staging", "allow_delete": false}]'),
    "scorm_credentials": dict(
        plural="credentials", noun="credential", owner="the applications in O(config)", id_sample="d41e8b",
        id_note=WHEN_CREATED_LATER, by_name=True, result_notes=["Without secrets, unless O(return_secret=true)."],
        before_id="\n    application:\n      description: The ID of the credential's application.\n      type: str\n"
                  "      sample: 2F3D8A6C1B",
        gathered_note="; without secrets",
        result_sample='[{"application": "2F3D8A6C1B", "id": "d41e8b", "name": "ci-deploy", "active": true,\n'
                      '            %s}]' % CREATED,
        gathered_sample='[{"application": "2F3D8A6C1B", "id": "d41e8b", "name": "ci-deploy", "active": true}]'),
    "scorm_dispatch_destinations": dict(
        plural="destinations", noun="destination", owner="the application", id_sample="acme-lms",
        fields_sample="[name, tags]",
        result_sample='[{"id": "acme-lms", "name": "ACME Corporation LMS", "email": "lms-admin@acme.example", '
                      '"notes": null,\n            "tags": ["customer", "emea"],\n            %s}]' % LAUNCH_AUTH,
        gathered_sample='[{"id": "acme-lms", "name": "ACME Corporation LMS", "tags": ["customer"],\n            %s}]'
                        % LAUNCH_AUTH),
    "scorm_courses": dict(
        plural="courses", noun="course", owner="the application", id_sample="onboarding-101",
        gathered_note="; no O(config[].src), which the service cannot give back",
        action_extras="""
    import_reason:
      description: Why the package was (or would be) imported; V(null) when it was not.
      type: str
      returned: for declared courses
    import_job:
      description: The import job this run started, as M(scorm.cloud.scorm_course) returns it.
      type: dict
      returned: when an import ran
    skipped:
      description: Why the item was left out (a course that does not exist and has no package).
      type: str
      returned: when the item was skipped""",
        result_sample='[{"id": "onboarding-101", "title": "Onboarding 101", "version": 2, "learning_standard": '
                      '"SCORM12",\n            "tags": ["hr", "onboarding"], "created": "2026-01-02T03:04:05.123Z", '
                      '"updated": "2026-01-02T03:04:05.123Z"}]',
        gathered_sample='[{"id": "onboarding-101", "title": "Onboarding 101", "tags": ["hr", "onboarding"]}]'),
    "scorm_dispatches": dict(
        plural="dispatches", noun="dispatch", nouns="dispatches", owner="the application",
        id_sample="globex-onboarding", result_notes=["Without the write-only postback."],
        gathered_note="; never the postback, which the service does not return",
        action_extras="""
    package:
      description: The package file written for the item's O(config[].package_dest), as M(scorm.cloud.scorm_dispatch)
        returns it.
      type: dict
      returned: when the item sets O(config[].package_dest)""",
        result_sample="[%s, \"email\": null, \"notes\": null}]" % DISPATCH,
        gathered_sample="[%s}]" % DISPATCH),
    "scorm_public_invitations": dict(
        plural="public_invitations", noun="public invitation", owner="the application", id_sample="5c3a9e0d27b14f8e6a01",
        id_noun="invitation", id_note=WHEN_CREATED_LATER, named=True, result_notes=["Without the write-only postback."],
        gathered_note="; closed ones count as gone",
        result_sample=INVITATION % ', "creating_user_email": null', gathered_sample=INVITATION % ""),
    "scorm_xapi_credentials": dict(
        plural="xapi_credentials", noun="xAPI credential", id_noun="credential", owner="the application",
        id_sample="dashboards-readonly", id_note=" (V(null) for one that is still to be created by name)",
        by_name=True, result_notes=["Without secrets, unless O(return_secret=true)."], gathered_note="; without secrets",
        result_sample='[{"id": "dashboards-readonly", %s' % (XAPI_CREDENTIAL % '"info": null, '),
        gathered_sample='[{"id": "dashboards-readonly", %s' % (XAPI_CREDENTIAL % "")),
    "scorm_xapi_pipes": dict(
        plural="xapi_pipes", noun="pipe", owner="the application", id_sample="to-company-lrs",
        result_notes=["Without passwords."], gathered_note="; passwords are never returned",
        result_sample=PIPE, gathered_sample=PIPE),
}
_RETURN = re.compile(r'^RETURN = r"""\n.*?^"""\n', re.MULTILINE | re.DOTALL)


def module_path(module):
    return os.path.join(ROOT, "plugins", "modules", module + ".py")


def rendered(module):
    return 'RETURN = r"""' + list_return(**PARTS[module]) + '"""\n'


def written(module):
    with open(module_path(module)) as handle:
        return _RETURN.search(handle.read()).group(0)


def write(module):
    with open(module_path(module)) as handle:
        text = handle.read()
    with open(module_path(module), "w") as handle:
        handle.write(_RETURN.sub(lambda match: rendered(module), text, count=1))


if __name__ == "__main__":
    for name in sorted(PARTS):
        if "--write" in sys.argv[1:]:
            write(name)
        elif written(name) != rendered(name):
            sys.exit("%s: RETURN is stale; run python tests/utils/list_returns.py --write" % name)
