# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The settings of the application that authenticates."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    SETTINGS,
    Field,
)
from ansible_collections.scorm.cloud.plugins.module_utils._settings import (
    APP_CONFIGURATION_PATH,
    apply_settings,
    mask_settings,
    normalize_settings,
    read_settings,
    sensitive_settings,
)


# -- the calling application's settings -----------------------------------------------------------------------------
class ApplicationSettings(Kind):
    """The named configuration settings of the application that authenticates, at one level (the application, or
    one learning standard). It always exists, so it is only read and updated; there is no list of it."""

    name = "settings"
    plural = "settings"
    modules = ("scorm_application_settings",)
    noun = "settings"
    family = "appmgmt"
    identity = ()
    fields = (Field("settings", kind=SETTINGS),)
    item_options = {"settings": dict(type="dict", required=True), "learning_standard": dict(type="str"),
                    "single_sco": dict(type="bool"), "purge_settings": dict(type="bool", default=False)}
    item_rules = {"required_together": [("learning_standard", "single_sco")]}

    @staticmethod
    def level(item):
        if not item.get("learning_standard"):
            return None, "the application's own configuration"
        return ({"learningStandard": item["learning_standard"], "singleSco": item["single_sco"]},
                "the application's %s %s-SCO configuration" % (
                    item["learning_standard"], "single" if item["single_sco"] else "multi"))

    def log_secrets(self, item):
        wanted = normalize_settings(item.get("settings")) or {}
        return [wanted[name] for name in sensitive_settings(wanted)]

    def desired(self, item, task):
        return {"settings": mask_settings(normalize_settings(item["settings"]), {})[0]}

    def locate(self, client, records, task):
        for record in records:
            record.current = self.read_item(client, record.item)
        return []

    def read_item(self, client, item):
        wanted = normalize_settings(item["settings"])
        query, owner = self.level(item)
        current = read_settings(client, APP_CONFIGURATION_PATH, sorted(wanted), params=query, owner=owner,
                                wanted=wanted, others=item["purge_settings"])
        # Sensitive values are compared with the declared ones and masked before anything can show them.
        return {"settings": mask_settings(wanted, current, client)[1]}

    def reread(self, client, record, task):
        return self.read_item(client, record.item)

    def shown(self, obj):
        return obj["settings"] if obj is not None else None

    def update(self, client, record, changes, task):
        apply_settings(client, APP_CONFIGURATION_PATH, normalize_settings(record.item["settings"]),
                       record.current["settings"], changes["settings"], params=self.level(record.item)[0])


APPLICATION_SETTINGS = ApplicationSettings()
