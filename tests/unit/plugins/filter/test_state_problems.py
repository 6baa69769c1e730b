# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""state_problems: a misspelled section or a state that declares none, in one sentence each."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.scorm.cloud.plugins.filter.state_problems import edits, state_problems

ROLE_VARIABLES = ["scorm_purge", "scorm_protect", "scorm_concurrency", "scorm_sections", "scorm_allow_empty",
                  "scorm_app_id", "scorm_secret_key", "scorm_drift_report_dir", "scorm_account_results"]


@pytest.mark.parametrize("name, section", [
    ("scorm_destination", "scorm_destinations"),
    ("scorm_dispatch", "scorm_dispatches"),
    ("scorm_destinatoins", "scorm_destinations"),
    ("scorm_course", "scorm_courses"),
    ("scorm_xapi_credential", "scorm_xapi_credentials"),
    ("scorm_xapi_pipe", "scorm_xapi_pipes"),
    ("scorm_applicaitons", "scorm_applications"),
    ("scorm_credential", "scorm_credentials"),
])
def test_a_misspelled_section_is_named_with_the_section_meant(name, section):
    problems = state_problems(ROLE_VARIABLES + [name, "scorm_courses"])
    assert problems == ["%s is not a section of the state; did you mean %s? Nothing was read or written." % (
        name, section)]


def test_the_roles_own_variables_and_far_names_are_not_taken_for_sections():
    assert state_problems(ROLE_VARIABLES + ["scorm_courses_dir", "scorm_resource_prefix", "scorm_destinations"]) == []


def test_a_state_that_declares_no_section_fails_unless_allowed():
    problems = state_problems(ROLE_VARIABLES)
    assert len(problems) == 1 and problems[0].startswith(
        "The state declares no section (scorm_applications, scorm_credentials, scorm_destinations, scorm_courses, "
        "scorm_dispatches, scorm_public_invitations, scorm_xapi_credentials, scorm_xapi_pipes): check that the state "
        "file is loaded")
    assert state_problems(ROLE_VARIABLES, allow_empty=True) == []


def test_a_typo_of_the_only_section_is_both_problems():
    assert len(state_problems(["scorm_destination"])) == 2


@pytest.mark.parametrize("one, other, distance", [
    ("destination", "destinations", 1), ("destinatoins", "destinations", 1), ("dispatch", "dispatches", 2),
    ("courses_dir", "courses", 4), ("", "abc", 3), ("same", "same", 0)])
def test_edits_count_letters_added_left_out_changed_or_swapped(one, other, distance):
    assert edits(one, other) == distance


def test_anything_but_names_is_refused():
    with pytest.raises(AnsibleFilterError):
        state_problems({"scorm_destinations": []})
