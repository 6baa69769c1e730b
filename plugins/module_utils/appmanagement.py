# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""App Management helpers shared by scorm_application and scorm_credential: paths, and finding an application
or a credential by id or by name when the service does not keep names unique.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import DesiredStateError, pick_one

APPLICATIONS_PATH = "/appManagement/applications"
APPLICATION_LIST_PATH = "/appManagement/applicationList"


def application_path(app_id):
    return "%s/%s" % (APPLICATIONS_PATH, quote(app_id, safe=""))


def credentials_path(app_id, credential_id=None):
    path = "/appManagement/%s/credentials" % quote(app_id, safe="")
    if credential_id is not None:
        path += "/" + quote(credential_id, safe="")
    return path


def applications_named(client, name):
    """Every application of the realm with exactly this name (names are not unique in SCORM Cloud).

    The whole list is read and matched here: the service's filterBy values for applications are undocumented,
    so a server-side name filter could not be relied on.
    """
    return [app for app in client.iter_list(APPLICATION_LIST_PATH, "applications") if app.get("name") == name]


def resolve_application(client, reference):
    """The id of the application that ``reference`` names: an application id, or else a unique application name."""
    if client.get_or_none(application_path(reference)) is not None:
        return reference
    app = pick_one(applications_named(client, reference), "application", reference, "application")
    if app is None:
        raise DesiredStateError("Application '%s' does not exist (no application has this id or name)." % reference)
    return app["id"]


def credential_is_active(credential):
    """CredentialSchema reports ``status`` as a free string (the emulator: Enabled/Disabled); updates use a bool."""
    return str(credential.get("status") or "").strip().lower() in ("enabled", "active", "true")
