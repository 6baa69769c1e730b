# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Configuration settings (application, course, ...): read, compare and write only the settings a task names.

The service answers a configuration GET with every setting (SettingListSchema); a setting set at this level has an
``explicitValue``. A task's ``settings`` dict is compared with those explicit values after both are normalised the
way the service stores them (strings; booleans as ``true``/``false``), so ``true``, ``True`` and ``"true"`` agree.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._engine import segment
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import REDACTED, DesiredStateError
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import SETTINGS_ANSWER

SENSITIVE_SETTING = re.compile(r"password|secret", re.IGNORECASE)
# Every setting the application has, with metadata (validValues...): the catalog declared settings are checked against.
SETTING_CATALOG_PATH = "/appManagement/configuration"
# Shown instead of a sensitive value that differs from the declared one, so a diff says "changes" without showing it.
OTHER_VALUE = REDACTED + " (another value)"


# The one /appManagement/ path that takes the application's own credentials, not the App Management app's.
APP_CONFIGURATION_PATH = "/appManagement/configuration"


def setting_value(value):
    """A setting value as the service stores it: a string, with booleans in lower case."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text.lower() if text.lower() in ("true", "false") else text


def normalize_settings(settings):
    """The ``settings`` option normalised for comparison; None (not set) stays None."""
    if settings is None:
        return None
    return dict((setting_id, setting_value(value)) for setting_id, value in settings.items())


def read_settings(client, path, names, params=None, owner="this object", wanted=None, others=False):
    """The explicit values of the named settings at ``path`` (None where a setting is inherited), and with ``others``
    those of every other setting set explicitly there (what a purge of the settings returns to their inherited values).

    Fails with one sentence naming the unknown ids when a name is not a setting the service knows, or, given the
    ``wanted`` values (normalised), the values outside a setting's validValues (read with the metadata).
    """
    if wanted:
        params = dict(params or {}, includeMetadata=True)
    answer = client.get(path, params=params, shape=SETTINGS_ANSWER)
    items = dict((item["id"], item) for item in answer["settingItems"])
    unknown = sorted(set(names) - set(items))
    if unknown:
        raise DesiredStateError("Unknown setting id(s) for %s: %s. Setting ids are case-sensitive; list the valid ones "
                                "with GET %s?includeMetadata=true." % (owner, ", ".join(unknown), path))
    problem = setting_problems(items, wanted, owner) if wanted else None
    if problem:
        raise DesiredStateError(problem)
    values = dict((name, setting_value(items[name].get("explicitValue"))) for name in names)
    if others:
        values.update((setting_id, setting_value(item["explicitValue"])) for setting_id, item in items.items()
                      if setting_id not in values and item.get("explicitValue") is not None)
    return values


def setting_problems(items, wanted, owner):
    """One sentence about the declared ``wanted`` settings ({id: value as stored}) that ``items`` (the settingItems of a
    configuration GET with metadata, by id) do not admit: unknown ids, or a value outside a setting's validValues.
    None when all are admitted."""
    unknown = sorted(set(wanted) - set(items))
    if unknown:
        return ("Unknown setting id(s) for %s: %s. Setting ids are case-sensitive; list the valid ones with GET "
                "%s?includeMetadata=true." % (owner, ", ".join(unknown), SETTING_CATALOG_PATH))
    problems = []
    for name in sorted(wanted):
        valid = [str(choice.get("value")) for choice in (items[name].get("metadata") or {}).get("validValues") or []
                 if isinstance(choice, dict) and choice.get("value") is not None]
        value = wanted[name]
        if valid and value is not None and value.lower() not in [choice.lower() for choice in valid]:
            problems.append("%s must be one of %s; got %r" % (
                name, ", ".join(valid), "(a secret value)" if SENSITIVE_SETTING.search(name) else value))
    if problems:
        return "Invalid setting value(s) for %s: %s." % (owner, "; ".join(problems))
    return None


def setting_catalog(client):
    """Every setting the service has ({id: settingItem with metadata}), to check declared settings against before
    anything is written (e.g. before a course that does not exist yet is uploaded). None without permission to read it
    (a token without its scope): the service then refuses a wrong setting when it is written."""
    try:
        answer = client.get(SETTING_CATALOG_PATH, params={"includeMetadata": True}, shape=SETTINGS_ANSWER)
    except ScormCloudError as exc:
        if exc.status in (403, 404) and getattr(exc, "from_service", True):
            return None
        raise
    return dict((item["id"], item) for item in answer["settingItems"])


def write_settings(client, path, changes, params=None):
    """Set the given settings explicitly at this level, in one request.

    The POST sets values (sending it twice leaves the same settings), so it is retried like a PUT: after a 503, a
    timeout or an answer lost after the service committed it.
    """
    if not changes:
        return
    body = {"settings": [{"settingId": setting_id, "value": value, "explicit": True}
                         for setting_id, value in sorted(changes.items())]}
    client.request("POST", path, params=params, json=body, idempotent=True)


def apply_settings(client, path, wanted, current, target, params=None):
    """Write the settings of a plan: ``target`` (the planned settings, masked) against ``current`` (as read, masked).
    The declared ones whose value differs are set (their real values from ``wanted``) in one request; then each one
    that ``current`` holds and ``target`` does not (a purge) is deleted at this level, so it falls back to the value it
    inherits. A DELETE of a setting that is not set there changes nothing, so it is retried like a PUT."""
    write_settings(client, path, dict((name, wanted[name]) for name, value in target.items()
                                      if current.get(name) != value and wanted.get(name) is not None), params=params)
    for name in sorted(set(current) - set(target)):
        client.request("DELETE", "%s/%s" % (path, segment(name)), params=params)


def sensitive_settings(names):
    """The setting ids whose values are secrets (post-back passwords and the like)."""
    return set(name for name in names if SENSITIVE_SETTING.search(name))


def mask_settings(wanted, current, client=None):
    """``(wanted, current)`` safe to compare and show: each sensitive setting's value is replaced by a mask.

    A current value is compared with the wanted one before it is masked (REDACTED when equal, OTHER_VALUE when not),
    so comparing the masked dicts still tells whether it changes. ``client`` learns the real current values, so they
    are scrubbed from error messages too.
    """
    shown_wanted, shown_current = dict(wanted), dict(current)
    for name in sensitive_settings(set(current) - set(wanted)):
        # Set on the service and not declared (read for a purge): shown as a mask, never by value.
        if client is not None:
            client.add_secret(current[name])
        if current[name] is not None:
            shown_current[name] = REDACTED
    for name in sensitive_settings(wanted):
        value = current.get(name)
        if client is not None:
            client.add_secret(value)
        if wanted[name] is not None:
            shown_wanted[name] = REDACTED
        if value is not None:
            shown_current[name] = REDACTED if value == wanted[name] else OTHER_VALUE
    return shown_wanted, shown_current


def explicit_settings(client, path, params=None):
    """Every setting set explicitly at ``path`` (not inherited): {id: value as stored}."""
    answer = client.get(path, params=params, shape=SETTINGS_ANSWER)
    return dict((item["id"], setting_value(item["explicitValue"])) for item in answer["settingItems"]
                if item.get("explicitValue") is not None)
