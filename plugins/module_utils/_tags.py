# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags of any tagged object (destinations, dispatches, courses) through its ``.../tags`` endpoint."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def set_tags(client, tags_path, current_tags, wanted_tags):
    """Move an object's tags from ``current_tags`` to ``wanted_tags``.

    The service's tag PUT adds and its DELETE removes, so tags change through those two calls only, each sent only
    when it has something to do.
    """
    added = sorted(set(wanted_tags) - set(current_tags or []))
    removed = sorted(set(current_tags or []) - set(wanted_tags))
    if added:
        client.request("PUT", tags_path, json={"tags": added})
    if removed:
        client.request("DELETE", tags_path, json={"tags": removed})
