# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The one writer of tags, for every tagged object (its kind's ``tags_path``), and of many objects at once (its kind's
``tags_batch_path``).

The service has no request that sets an object's tags: its tag PUT adds and its DELETE removes. So a change of tags
is its additions first and its removals only once they succeeded: a refused tag never costs an object the tags it had.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def write_tags(client, tags_path, added=(), removed=()):
    """Add ``added`` to the object's tags, then remove ``removed``; each request only when it has something to do."""
    if added:
        client.request("PUT", tags_path, json={"tags": sorted(added)})
    if removed:
        client.request("DELETE", tags_path, json={"tags": sorted(removed)})


def move_tags(client, tags_path, current_tags, wanted_tags):
    """Move an object's tags from ``current_tags`` to ``wanted_tags``."""
    current, wanted = set(current_tags or []), set(wanted_tags)
    write_tags(client, tags_path, wanted - current, current - wanted)


def add_tags_to_many(client, batch_path, ids, tags):
    """Add ``tags`` to every object of ``ids`` with one request."""
    client.request("PUT", batch_path, json={"ids": list(ids), "tags": sorted(tags)})
