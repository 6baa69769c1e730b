# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The trust suite (``make trust``): the collection's modules run in this process exactly as Ansible runs them
(``main()`` with module arguments, the JSON result read from what it prints), against an emulator of its own that
this file starts on a free port of 127.0.0.1, with small pages so that every list has several.

- ``emu``: the emulator, reset before each test: ``seed_*`` helpers write through the API as a person would,
  ``fault()`` injects a fault (``/__emulator/faults``), ``writes()`` lists the write requests in its log.
- ``run_module(name, args, check_mode=False)``: one module run; returns its result dict. A Python exception out of
  the module (a traceback, for a user) fails the test as it is.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from hypothesis import Phase, settings

# make test runs every property without shrinking a failure (it prints the example that failed, and shrinking an
# account can take minutes) and without an example database; TRUST_SHRINK=1 shrinks, for a look at a failure.
settings.register_profile("make-test", database=None, phases=[Phase.explicit, Phase.generate] + (
    [Phase.shrink] if os.environ.get("TRUST_SHRINK") else []), print_blob=True)
settings.load_profile("make-test")

REPO = Path(__file__).resolve().parents[2]
PAGE_SIZE = 5
READY_TIMEOUT = 30.0
APP_ID, SECRET_KEY = "scorm-demo", "scorm-demo-secret"
MGMT_APP_ID, MGMT_SECRET_KEY = "scorm-mgmt", "scorm-mgmt-secret"
PACKAGE = REPO / "tests" / "integration" / "targets" / "scorm_course" / "files" / "tiny-scorm12.zip"


def _importable_collection():
    """Make ``ansible_collections.scorm.cloud`` this checkout, through a link in a temporary directory; returns the
    directory (a PYTHONPATH for modules run as processes)."""
    root = Path(tempfile.mkdtemp(prefix="scorm-trust-collections-"))
    (root / "ansible_collections" / "scorm").mkdir(parents=True)
    (root / "ansible_collections" / "scorm" / "cloud").symlink_to(REPO)
    sys.path.insert(0, str(root))
    return root


COLLECTIONS_ROOT = _importable_collection()

# Imported once the collection is importable.
from ansible.module_utils.common import warnings as module_warnings  # noqa: E402

from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import module_args  # noqa: E402


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Emulator:
    """The emulator process and what tests do with it through HTTP."""

    def __init__(self, workdir):
        self.port = _free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.api = self.url + "/api/v2"
        self.log_path = workdir / "emulator.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scorm_cloud_emulator.cli", "--host", "127.0.0.1", "--port", str(self.port),
                 "--page-size", str(PAGE_SIZE), "--log-level", "warning"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.http = requests.Session()
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                if self.http.get(self.url + "/__emulator/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start; see %s" % self.log_path)
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    # -- hooks ------------------------------------------------------------------------------------------------
    def reset(self):
        self.http.post(self.url + "/__emulator/reset", timeout=30).raise_for_status()

    def fault(self, **spec):
        answer = self.http.post(self.url + "/__emulator/faults", json=spec, timeout=10)
        assert answer.status_code == 201, answer.text

    def clear_faults(self):
        self.http.delete(self.url + "/__emulator/faults", timeout=10).raise_for_status()

    def requests_log(self):
        return self.http.get(self.url + "/__emulator/requests", timeout=10).json()["requests"]

    def clear_log(self):
        self.http.delete(self.url + "/__emulator/requests", timeout=10).raise_for_status()

    def writes(self):
        """The write requests since the log was cleared, as "METHOD path"."""
        return ["%s %s" % (entry["method"], entry["path"]) for entry in self.requests_log()
                if entry["method"] not in ("GET", "HEAD") and not entry["path"].endswith("/token")]

    def internal_errors(self):
        return self.http.get(self.url + "/__emulator/errors", timeout=10).json()["errors"]

    # -- the API, as a person would use it -------------------------------------------------------------------
    def call(self, method, path, mgmt=False, **kwargs):
        auth = (MGMT_APP_ID, MGMT_SECRET_KEY) if mgmt else (APP_ID, SECRET_KEY)
        answer = self.http.request(method, self.api + path, auth=auth, timeout=30, **kwargs)
        assert answer.status_code < 400, "%s %s: %s %s" % (method, path, answer.status_code, answer.text)
        return answer.json() if answer.content else None

    def list_all(self, path, key, mgmt=False):
        """Every item of a paginated list."""
        items, params = [], None
        for _page in range(1000):
            page = self.call("GET", path, mgmt=mgmt, params=params)
            items.extend(page[key])
            if not page.get("more"):
                return items
            params = {"more": page["more"]}
        raise AssertionError("%s does not end" % path)

    def seed_destination(self, dest_id, **data):
        self.call("PUT", "/dispatch/destinations/%s" % dest_id, json=dict({"name": dest_id.title()}, **data))

    def seed_course(self, course_id, tags=()):
        with open(PACKAGE, "rb") as package:
            job = self.call("POST", "/courses/importJobs/upload", files={"file": ("p.zip", package, "application/zip")},
                            params={"courseId": course_id, "mayCreateNewVersion": "false", "tags": ",".join(tags)})
        deadline = time.monotonic() + 10
        while self.call("GET", "/courses/importJobs/%s" % job["result"])["status"] == "RUNNING":
            assert time.monotonic() < deadline, "the import of %s did not finish" % course_id
            time.sleep(0.05)

    def seed_dispatch(self, dispatch_id, course, destination, **data):
        self.call("POST", "/dispatch/dispatches", json={"dispatches": [{"id": dispatch_id, "data": dict(
            {"courseId": course, "destinationId": destination}, **data)}]})

    def seed_xapi_credential(self, credential_id, secret="seeded-xapi-secret-1", **data):
        self.call("PUT", "/xapi/credentials/%s" % credential_id, json=dict(
            {"name": credential_id, "secret": secret, "isEnabled": True, "auth": "BASICAUTH",
             "permissionsLevel": "DEFAULT"}, **data))

    def seed_pipe(self, pipe_id, credential, target_url="https://lrs.example.com/xapi/"):
        self.call("PUT", "/xapi/statementPipes/%s" % pipe_id, json={
            "source": {"url": "https://cloud.scorm.com/lrs/%s/statements" % APP_ID, "userName": credential,
                       "password": "seeded-xapi-secret-1"},
            "target": {"url": target_url, "userName": "lrs-user", "password": "seeded-target-password-1"}})
        deadline = time.monotonic() + 10
        while self.http.get(self.api + "/xapi/statementPipes/%s" % pipe_id, auth=(APP_ID, SECRET_KEY),
                            timeout=10).status_code == 404:
            assert time.monotonic() < deadline, "pipe %s did not appear" % pipe_id
            time.sleep(0.05)

    def seed_application(self, name):
        return self.call("POST", "/appManagement/applications", mgmt=True, json={"name": name})["id"]


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    server = Emulator(tmp_path_factory.mktemp("emulator"))
    yield server
    try:
        assert server.internal_errors() == [], "the emulator answered with 500s (its bugs); see its log"
    finally:
        server.stop()


@pytest.fixture
def emu(emulator):
    emulator.reset()
    yield emulator
    emulator.clear_faults()


def connection(emu, **extra):
    return dict({"api_url": emu.api, "app_id": APP_ID, "secret_key": SECRET_KEY, "mgmt_app_id": MGMT_APP_ID,
                 "mgmt_secret_key": MGMT_SECRET_KEY, "retry_deadline": 2, "timeout": 10}, **extra)


def run_module(name, args, check_mode=False, diff=False):
    """Run module ``name`` in this process with ``args``; its result (a dict)."""
    module = importlib.import_module("ansible_collections.scorm.cloud.plugins.modules.%s" % name)
    # A module run is a fresh process for Ansible: no warnings left over from an earlier run.
    module_warnings._global_warnings.clear()
    module_warnings._global_deprecations.clear()
    printed = io.StringIO()
    with module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)):
        with contextlib.redirect_stdout(printed):
            try:
                module.main()
            except SystemExit:
                pass
    return json.loads(printed.getvalue())


@pytest.fixture(name="run_module")
def run_module_fixture():
    return run_module


def examples(default):
    """How many examples a property runs: ``default``, or TRUST_EXAMPLES for a longer run."""
    return int(os.environ.get("TRUST_EXAMPLES") or default)
