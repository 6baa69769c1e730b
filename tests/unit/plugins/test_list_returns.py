# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every list module's RETURN comes from one template (docs.list_return): the committed one must be what it renders,
and it must describe what the module returns (the kind's result key)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.tests.utils import list_returns


@pytest.mark.parametrize("module", sorted(list_returns.PARTS))
def test_the_committed_return_is_what_the_template_renders(module):
    assert list_returns.written(module) == list_returns.rendered(module), (
        "%s: RETURN is stale; run python tests/utils/list_returns.py --write" % module)


def test_every_section_has_a_list_module_whose_return_names_its_key():
    keys = set()
    for module in list_returns.PARTS:
        documented = yaml.safe_load(list_returns.rendered(module)[len('RETURN = r"""'):-len('"""\n')])
        assert set(documented) - {"actions", "summary", "gathered", "diff"} == {list_returns.PARTS[module]["plural"]}
        keys.add(list_returns.PARTS[module]["plural"])
    assert keys == set(name for name, _kind in SECTIONS)
