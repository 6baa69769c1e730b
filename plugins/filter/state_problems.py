# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a state file declares that the account and drift roles would otherwise ignore: a variable named like a
section but misspelled, or no section at all. One sentence each, before any request (see the .yml for docs)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS as REGISTRY

SECTIONS = tuple(name for name, _kind in REGISTRY)
PREFIX = "scorm_"
# A name this close to a section's (edits: a letter added, left out, changed or two swapped) is taken for it.
MAX_EDITS = 2


def edits(one, other):
    """The optimal-string-alignment distance: how many single-letter edits (adjacent swaps included) turn one into
    the other."""
    previous2, previous = None, list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def closest_section(name):
    """The section ``name`` (without the prefix) is a misspelling of, or None."""
    found = [(edits(name, section), section) for section in SECTIONS if name != section]
    distance, section = min(found)
    return section if distance <= MAX_EDITS and abs(len(name) - len(section)) <= MAX_EDITS else None


def state_problems(names, allow_empty=False):
    """Sentences about the variables ``names`` (as ``query('ansible.builtin.varnames', '^scorm_')`` lists them):
    one per variable that misspells a section, and one when no section is declared and ``allow_empty`` is false."""
    if not isinstance(names, (list, tuple)) or not all(isinstance(name, str) for name in names):
        raise AnsibleFilterError("state_problems expects the list of variable names; got %r." % (names,))
    sections = [PREFIX + section for section in SECTIONS]
    problems = []
    for name in sorted(set(names)):
        if not name.startswith(PREFIX) or name in sections:
            continue
        section = closest_section(name[len(PREFIX):])
        if section:
            problems.append("%s is not a section of the state; did you mean %s%s? Nothing was read or written." % (
                name, PREFIX, section))
    if not allow_empty and not any(name in sections for name in names):
        problems.append("The state declares no section (%s): check that the state file is loaded (-e @state.yml) "
                        "and its variable names, or set scorm_allow_empty: true to run with none. Nothing was read "
                        "or written." % ", ".join(sections))
    return problems


class FilterModule:
    def filters(self):
        return {"state_problems": state_problems}
