# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of scorm_account: its relative paths resolved on the controller (plugin_utils/local_paths.py), then the module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.plugin_utils.local_paths import LocalPathsAction


class ActionModule(LocalPathsAction):
    SOURCES = ("courses[].src",)
    DESTINATIONS = ("dispatches[].package_dest",)
