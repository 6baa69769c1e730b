# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of sections (account.SECTIONS) is the only list of kinds: every other list of them is a region that
tests/utils/sections.py writes, and each must be what it renders."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.tests.utils import sections


@pytest.mark.parametrize("path", sorted(sections.REGIONS))
def test_every_generated_region_is_what_the_registry_renders(path):
    text = sections.read(path)
    assert sections.render(path, text) == text, (
        "%s: its generated region is stale; run python tests/utils/sections.py --write" % path)


@pytest.mark.parametrize("name, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_every_kind_of_the_registry_names_its_modules_and_doc_fragment(name, kind):
    modules = os.path.join(sections.ROOT, "plugins", "modules")
    assert len(kind.modules) == 2 and all(os.path.isfile(os.path.join(modules, m + ".py")) for m in kind.modules)
    assert os.path.isfile(os.path.join(sections.ROOT, "plugins", "doc_fragments", kind.doc_fragment + ".py"))
