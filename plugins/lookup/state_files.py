# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: state_files
short_description: The variable files given to ansible-playbook with -e @file
version_added: 0.2.0
description:
  - Returns the files the running C(ansible-playbook) was given as extra variables (C(-e @state.yml),
    C(--extra-vars=@state.yml)), as absolute paths, in the order given; empty when there are none.
  - The P(scorm.cloud.drift#role) role names them in its reports, so that a report says which state it checked.
author:
  - scorm.cloud contributors (@scorm-cloud)
options: {}
"""

EXAMPLES = r"""
- name: Which state files this run was given
  ansible.builtin.debug:
    msg: "{{ query('scorm.cloud.state_files') }}"
"""

RETURN = r"""
_list:
  description: Absolute paths of the extra-vars files, in the order given.
  type: list
  elements: str
"""

import os
import sys

from ansible.plugins.lookup import LookupBase

EXTRA_VARS = ("-e", "--extra-vars")


def state_files(argv, base):
    """The @files among the extra-vars arguments of ``argv`` (a command line), made absolute against ``base``."""
    found = []
    for index, argument in enumerate(argv):
        value = None
        if argument in EXTRA_VARS and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--extra-vars="):
            value = argument[len("--extra-vars="):]
        elif argument.startswith("-e") and not argument.startswith("--") and len(argument) > 2:
            value = argument[2:]
        if value and value.startswith("@"):
            path = os.path.expanduser(value[1:])
            found.append(os.path.normpath(os.path.join(base, path)))
    return found


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        # ansible-playbook reads an @file relative to its own working directory.
        return state_files(sys.argv[1:], os.getcwd())
