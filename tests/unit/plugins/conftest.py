# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the unit tests; the fakes themselves live in fakes.py.

- ``http``: a FakeHttp patched over ``requests.Session.request`` (no network).
- ``clock``: a FakeClock (no sleeping).
- ``run_module(entry, args, check_mode=False, diff=False)``: runs ``entry()`` (usually a module's ``main``) with
  the module args and returns a ModuleRun with the parsed JSON result and the raw stdout.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible.module_utils.common import warnings as module_warnings

from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import FakeClock, FakeHttp, ModuleRun, module_args


@pytest.fixture
def http(monkeypatch):
    fake = FakeHttp()

    def fake_request(session, method, url, **kwargs):
        return fake.send(session, method, url, **kwargs)

    # Patched on the class, so the sessions the code under test creates itself are faked too.
    monkeypatch.setattr(requests.Session, "request", fake_request)
    return fake


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def run_module(capsys):
    def run(entry, args, check_mode=False, diff=False):
        # A real module run is a fresh process: drop warnings and deprecations that earlier runs left behind.
        module_warnings._global_warnings.clear()
        module_warnings._global_deprecations.clear()
        with module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)):
            with pytest.raises(SystemExit):
                entry()
        stdout = capsys.readouterr().out
        return ModuleRun(json.loads(stdout), stdout)

    return run
