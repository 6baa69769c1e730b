# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every condition of an assert or a when in the integration targets is a string: a plain YAML scalar holding ': '
becomes a mapping, which ansible-core refuses only when the task runs, late in make test."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import yaml

TARGETS = os.path.join(os.path.dirname(__file__), "..", "..", "integration", "targets")


class _Loader(yaml.SafeLoader):
    """Reads Ansible's tags (!unsafe, !vault) as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node)
                              if isinstance(node, yaml.ScalarNode) else None)


def conditions(node, where):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("that", "when", "failed_when", "changed_when", "until"):
                for condition in value if isinstance(value, list) else [value]:
                    yield where, condition
            yield from conditions(value, where)
    elif isinstance(node, list):
        for item in node:
            yield from conditions(item, where)


def test_every_condition_of_the_integration_targets_is_a_string():
    wrong = []
    paths = sorted(glob.glob(os.path.join(TARGETS, "**", "*.yml"), recursive=True))
    for path in paths:
        with open(path) as handle:
            document = yaml.load(handle, Loader=_Loader)  # a SafeLoader that reads Ansible tags as text
        for where, condition in conditions(document, os.path.relpath(path, TARGETS)):
            if not isinstance(condition, (str, bool)):
                wrong.append("%s: %r" % (where, condition))
    assert paths, "no integration target found under %s" % TARGETS
    assert wrong == []
