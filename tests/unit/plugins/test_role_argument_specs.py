# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account role takes each section in exactly the shape of its list module's config: its argument specs are
rendered from the kinds, and must not go stale."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.tests.utils import role_argument_specs

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "roles")


def specs_path(role):
    return os.path.join(ROLES, role, "meta", "argument_specs.yml")


@pytest.mark.parametrize("role", ["account", "drift"])
def test_the_committed_argument_specs_are_what_the_kinds_render(role):
    with open(specs_path(role)) as handle:
        committed = handle.read()
    assert committed == role_argument_specs.render(role), (
        "roles/%s/meta/argument_specs.yml is stale: run python tests/utils/role_argument_specs.py %s > "
        "roles/%s/meta/argument_specs.yml" % (role, role, role))


@pytest.mark.parametrize("role", ["account", "drift"])
def test_every_section_documents_the_items_of_its_list_module_and_leaves_their_check_to_it(role):
    # The module checks each item, naming the item and the option in one line; the role's check would print every
    # spec with its message. So the role's spec of a section documents the options without checking them.
    with open(specs_path(role)) as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    for section, kind in SECTIONS:
        spec = options["scorm_" + section]
        assert (spec["type"], spec["elements"], "options" in spec) == ("list", "dict", False), section
        for name in kind.item_spec():
            assert "C(%s)" % name in spec["description"][0], (section, name)


@pytest.mark.parametrize("role", ["account", "drift"])
def test_every_description_is_a_list_of_sentences(role):
    with open(specs_path(role)) as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]

    def descriptions(options, path=""):
        for name, option in options.items():
            yield path + name, option.get("description", [])
            yield from descriptions(option.get("options") or {}, path + name + ".")

    for name, description in descriptions(options):
        assert isinstance(description, list) and all(len(line) > 1 for line in description), name
