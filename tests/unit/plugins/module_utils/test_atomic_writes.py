# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A downloaded file (scorm_dispatch's package_dest) is never left half-written: it is written to a temporary file
in the same directory and renamed over the destination only once complete; an interrupted download leaves the old
file as it was and no temporary file behind."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os

import pytest
import requests

from ansible_collections.scorm.cloud.plugins.module_utils import _client as client_module
from ansible_collections.scorm.cloud.plugins.module_utils._client import BasicAuth, ScormCloudClient, ScormCloudError
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

OLD = b"the package written by an earlier run"
NEW = b"PK" + b"x" * 200000


class Streamed(object):
    """A zip answer streamed in chunks; with ``fail_after`` the connection breaks after that many chunks."""

    def __init__(self, content, fail_after=None):
        self.content, self.fail_after = content, fail_after

    def __call__(self, call):
        answer = response(200, text="")
        answer.headers["Content-Type"] = "application/zip"
        chunks = [self.content[start:start + 65536] for start in range(0, len(self.content), 65536)]
        fail_after = self.fail_after

        def iter_content(chunk_size=1):
            for index, chunk in enumerate(chunks):
                if fail_after is not None and index == fail_after:
                    raise requests.exceptions.ChunkedEncodingError("connection broken mid-download")
                yield chunk

        answer.iter_content = iter_content
        answer.close = lambda: None  # nothing to release: no socket behind it
        return answer


@pytest.fixture
def api(http, clock):
    return ScormCloudClient(API_URL, BasicAuth("app-1", "download-secret-1", "app_id and secret_key"),
                            sleep=clock.sleep, clock=clock)


@pytest.fixture
def dest(tmp_path):
    path = tmp_path / "handover" / "acme.zip"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


def test_a_complete_download_replaces_the_file_by_a_rename_in_its_directory(http, api, dest, monkeypatch):
    renames = []
    real_replace = os.replace

    def replace(source, target):
        renames.append((os.path.dirname(source), os.path.basename(source), target))
        assert dest.read_bytes() == OLD  # until the rename, the old file is whole
        real_replace(source, target)

    monkeypatch.setattr(client_module.os, "replace", replace)
    http.handler = Streamed(NEW)
    digest = api.download("/dispatch/dispatches/d1/zip", str(dest))
    assert dest.read_bytes() == NEW and digest == hashlib.sha256(NEW).hexdigest()
    assert len(renames) == 1
    directory, temporary, target = renames[0]
    assert directory == str(dest.parent) and temporary.startswith(".acme.zip.") and target == str(dest)
    assert sorted(os.listdir(str(dest.parent))) == ["acme.zip"]


def test_an_interrupted_download_keeps_the_old_file_and_leaves_no_temporary_file(http, api, dest):
    http.handler = Streamed(NEW, fail_after=2)
    with pytest.raises(ScormCloudError):
        api.download("/dispatch/dispatches/d1/zip", str(dest))
    assert dest.read_bytes() == OLD
    assert sorted(os.listdir(str(dest.parent))) == ["acme.zip"]


def test_an_interrupted_first_download_leaves_no_file_at_all(http, api, tmp_path):
    target = tmp_path / "new.zip"
    http.handler = Streamed(NEW, fail_after=1)
    with pytest.raises(ScormCloudError):
        api.download("/dispatch/dispatches/d1/zip", str(target))
    assert os.listdir(str(tmp_path)) == []


def test_a_kill_during_the_download_removes_the_temporary_file(http, api, dest):
    def interrupted(call):
        raise KeyboardInterrupt()  # SIGINT while the request is under way

    http.handler = interrupted
    with pytest.raises(KeyboardInterrupt):
        api.download("/dispatch/dispatches/d1/zip", str(dest))
    assert dest.read_bytes() == OLD
    assert sorted(os.listdir(str(dest.parent))) == ["acme.zip"]
