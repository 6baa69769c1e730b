# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the client's tests: ``make_client(...)`` builds a ScormCloudClient on the ``http`` and ``clock``
fakes (random jitter fixed at 0.5), whose warnings go to ``warned``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._client import BasicAuth, ScormCloudClient
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL

CLIENT_SECRET = "s3cret-key-value"


@pytest.fixture
def warned():
    return []


@pytest.fixture
def make_client(clock, warned):
    def make(api_url=API_URL, auth=None, **kwargs):
        kwargs.setdefault("rand", lambda: 0.5)
        return ScormCloudClient(api_url, auth or BasicAuth("app-1", CLIENT_SECRET, "app_id and secret_key"),
                                sleep=clock.sleep, clock=clock, warn=warned.append, **kwargs)

    return make
