# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""state_files: the -e @file arguments of ansible-playbook, for the provenance of drift reports."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.lookup.state_files import state_files


@pytest.mark.parametrize("argv, files", [
    (["scorm.cloud.drift", "-e", "@state/prod.yml", "-e", "scorm_drift_fail=false"], ["/repo/state/prod.yml"]),
    (["-e@a.yml", "--extra-vars", "@/abs/b.yml", "--extra-vars=@c.yml"], ["/repo/a.yml", "/abs/b.yml", "/repo/c.yml"]),
    (["-e", "{\"x\": 1}", "--check", "-v"], []),
    (["-e"], []),
])
def test_the_extra_vars_files_are_found_and_made_absolute(argv, files):
    assert state_files(argv, "/repo") == files
