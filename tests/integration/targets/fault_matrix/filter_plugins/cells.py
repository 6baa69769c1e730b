# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What cell.yml checks of the emulator's objects, as filters (a Jinja loop would need a namespace and a page)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def matching(objects, match):
    """The objects whose keys hold every value of ``match``."""
    return [obj for obj in objects if all(obj.get(key) == want for key, want in (match or {}).items())]


def mismatches(objects, expect):
    """``key=value`` for every expected field (``a`` or ``a.b``) that one of ``objects`` holds otherwise."""
    found = []
    for key, want in expect.items():
        for obj in objects:
            parts = key.split(".")
            got = obj.get(parts[0]) if len(parts) == 1 else (obj.get(parts[0]) or {}).get(parts[1])
            if got != want:
                found.append("%s=%s" % (key, got))
    return found


class FilterModule:
    def filters(self):
        return {"matching": matching, "mismatches": mismatches}
