"""Shared fixtures: a real emulator process per session, SDK client factories and hook helpers.

Fixtures other test modules can use:
  emulator         session-wide EmulatorServer (page size 5, SQLite file), state shared across tests
  emu              function-scoped: the same server after POST /__emulator/reset (clean tenants, empty
                   request log, no faults) — the usual choice
  start_emulator   factory starting extra servers: start_emulator(*cli_args, db=path) -> EmulatorServer
and a helper, asgi_request(app, method, path, ...), for driving an in-process app (create_app) without a server.
EmulatorServer offers api()/app_api()/mgmt_api()/token_api() (SDK API objects), token(), hooks
(requests_log, clear_log, add_fault, clear_faults, reset, internal_errors, clear_internal_errors),
put_doc() to insert store documents directly, and raw() for plain `requests` calls.

Every server these fixtures hand out is checked at teardown: an internal error (an emulator bug answered
with 500, see GET /__emulator/errors) fails the test that caused it.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from rustici_software_cloud_v2 import ApiClient, Configuration
from rustici_software_cloud_v2.api.authentication_api import AuthenticationApi

from scorm_cloud_emulator.store import Store

APP_ID, APP_SECRET = "scorm-demo", "scorm-demo-secret"
MGMT_ID, MGMT_SECRET = "scorm-mgmt", "scorm-mgmt-secret"
PAGE_SIZE = 5
READY_TIMEOUT = 20.0


def asgi_request(app, method: str, path: str, body: bytes = b"", *, query: str = "",
                 auth: bool = True) -> tuple[int, dict[str, str], bytes]:
    """One request through an ASGI app, in-process (as the demo app unless auth=False): (status, headers, body)."""
    messages: list[dict] = []
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)

    headers = [(b"host", b"emulator.test"), (b"content-type", b"application/json")]
    if auth:
        headers.append((b"authorization", b"Basic " + base64.b64encode(f"{APP_ID}:{APP_SECRET}".encode())))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 1), "server": ("emulator.test", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    data = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class EmulatorServer:
    base_url: str
    db: Path | None
    process: subprocess.Popen
    log_path: Path
    verify: bool | str = True
    _clients: list = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/v2"

    # -- SDK ------------------------------------------------------------------------------------------
    def config(self, username: str = "", password: str = "", token: str = "") -> Configuration:
        cfg = Configuration()
        cfg.host = self.api_url + "/"      # the SDK default ends in '/', so requests arrive as /api/v2//x
        cfg.username, cfg.password, cfg.access_token = username, password, token
        if isinstance(self.verify, str):
            cfg.ssl_ca_cert = self.verify
        return cfg

    def api(self, api_class, username: str = "", password: str = "", token: str = ""):
        return api_class(ApiClient(self.config(username, password, token)))

    def app_api(self, api_class, app_id: str = APP_ID, secret: str = APP_SECRET):
        return self.api(api_class, app_id, secret)

    def mgmt_api(self, api_class):
        return self.api(api_class, MGMT_ID, MGMT_SECRET)

    def token(self, scopes: str, app_id: str = APP_ID, secret: str = APP_SECRET, expiration: int = 300) -> str:
        return self.app_api(AuthenticationApi, app_id, secret).get_app_token(scopes, expiration=expiration).access_token

    def token_api(self, api_class, scopes: str, app_id: str = APP_ID, secret: str = APP_SECRET):
        return self.api(api_class, token=self.token(scopes, app_id, secret))

    # -- raw HTTP and hooks ---------------------------------------------------------------------------
    def raw(self, method: str, path: str, auth=(APP_ID, APP_SECRET), **kwargs) -> requests.Response:
        return requests.request(method, self.base_url + path, auth=auth, timeout=30, verify=self.verify, **kwargs)

    def requests_log(self) -> list[dict]:
        return self.raw("GET", "/__emulator/requests", auth=None).json()["requests"]

    def clear_log(self) -> None:
        assert self.raw("DELETE", "/__emulator/requests", auth=None).status_code == 204

    def add_fault(self, **spec) -> None:
        resp = self.raw("POST", "/__emulator/faults", auth=None, json=spec)
        assert resp.status_code == 201, resp.text

    def clear_faults(self) -> None:
        assert self.raw("DELETE", "/__emulator/faults", auth=None).status_code == 204

    def reset(self) -> None:
        assert self.raw("POST", "/__emulator/reset", auth=None).status_code == 204

    def internal_errors(self) -> list[dict]:
        return self.raw("GET", "/__emulator/errors", auth=None).json()["errors"]

    def clear_internal_errors(self) -> None:
        assert self.raw("DELETE", "/__emulator/errors", auth=None).status_code == 204

    def check_no_internal_errors(self) -> None:
        """Fail (once) if the server answered any request with an internal error since the last check."""
        if self.process.poll() is not None:
            return
        errors = self.internal_errors()
        if errors:
            self.clear_internal_errors()
            pytest.fail(f"the emulator had internal errors (500): {errors}; see {self.log_path}", pytrace=False)

    # -- direct store access (documents of kinds no route creates yet, e.g. courses) ------------------
    def put_doc(self, tenant: str, kind: str, doc_id: str, doc: dict) -> None:
        assert self.db is not None, "put_doc needs a server started with --db"
        store = Store(str(self.db))
        try:
            store.put(tenant, kind, doc_id, doc)
        finally:
            store.close()

    def delete_doc(self, tenant: str, kind: str, doc_id: str) -> None:
        store = Store(str(self.db))
        try:
            store.delete(tenant, kind, doc_id)
        finally:
            store.close()

    def put_course(self, course_id: str, title: str = "A course", tenant: str = APP_ID) -> None:
        self.put_doc(tenant, "course", course_id, {"id": course_id, "title": title, "version": 0,
                                                   "created": "2026-01-01T00:00:00.000Z",
                                                   "updated": "2026-01-01T00:00:00.000Z", "tags": []})

    # -- lifecycle ------------------------------------------------------------------------------------
    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"emulator exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if self.raw("GET", "/__emulator/health", auth=None).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"emulator not ready after {READY_TIMEOUT}s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode


def launch(workdir: Path, *args: str, db: Path | None = None, tls: tuple[str, str] | None = None) -> EmulatorServer:
    port = free_port()
    cmd = [sys.executable, "-m", "scorm_cloud_emulator.cli", "--host", "127.0.0.1", "--port", str(port), *args]
    if db is not None:
        cmd += ["--db", str(db)]
    scheme, verify = "http", True
    if tls:
        cmd += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        scheme, verify = "https", tls[0]
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"emulator-{port}.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    server = EmulatorServer(f"{scheme}://127.0.0.1:{port}", db, process, log_path, verify)
    server.wait_ready()
    return server


@pytest.fixture(scope="session")
def emulator(tmp_path_factory) -> EmulatorServer:
    workdir = tmp_path_factory.mktemp("emulator")
    server = launch(workdir, "--page-size", str(PAGE_SIZE), db=workdir / "state.db")
    yield server
    try:
        server.check_no_internal_errors()
    finally:
        server.stop()


@pytest.fixture
def emu(emulator) -> EmulatorServer:
    emulator.reset()
    yield emulator
    emulator.check_no_internal_errors()


@pytest.fixture
def start_emulator(tmp_path):
    started: list[EmulatorServer] = []

    def start(*args: str, db: Path | None = None, tls: tuple[str, str] | None = None) -> EmulatorServer:
        server = launch(tmp_path, *args, db=db, tls=tls)
        started.append(server)
        return server

    yield start
    try:
        for server in started:
            server.check_no_internal_errors()
    finally:
        for server in started:
            server.stop()
