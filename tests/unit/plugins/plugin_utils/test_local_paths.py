# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""local_paths: which options hold controller paths, and where a relative one is taken from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.scorm.cloud.plugins.plugin_utils.local_paths import destination, locations


def test_locations_find_top_level_and_per_item_options():
    args = {"src": "a.zip", "config": [{"src": "b.zip"}, {"id": "no-src"}, {"src": None}], "other": {"src": "x"}}
    assert [(key, container[key]) for container, key in locations(args, "src")] == [("src", "a.zip")]
    assert [container[key] for container, key in locations(args, "config[].src")] == ["b.zip"]
    assert locations({"config": None}, "config[].src") == [] and locations({}, "src") == []


def test_a_relative_destination_is_taken_from_where_ansible_playbook_started(monkeypatch, tmp_path):
    monkeypatch.setenv("PWD", str(tmp_path))
    assert destination("packages/p.zip") == str(tmp_path / "packages" / "p.zip")
    assert destination("/abs/p.zip") == "/abs/p.zip"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert destination("~/p.zip") == os.path.join(str(tmp_path), "p.zip")
