# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils is private: every file is _-prefixed and says so, and one kind lives in one file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS

MODULE_UTILS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))), "plugins", "module_utils")
MARK = "# Private to this collection (scorm.cloud): not an interface for other collections"


def test_every_module_utils_file_is_private_and_says_so():
    files = [name for name in os.listdir(MODULE_UTILS) if name.endswith(".py") and name != "__init__.py"]
    assert files and all(name.startswith("_") for name in files), files
    for name in files:
        with open(os.path.join(MODULE_UTILS, name)) as handle:
            assert MARK in handle.read(), name


def test_one_kind_per_file():
    files = [sys.modules[type(kind).__module__].__file__ for _section, kind in SECTIONS]
    assert len(files) == len(set(files)), files
    for section, kind in SECTIONS:
        assert os.path.basename(sys.modules[type(kind).__module__].__file__) == "_%s.py" % section
