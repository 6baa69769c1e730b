# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fakes shared by the unit tests (conftest.py turns them into fixtures; tests import the helpers from here).

- ``FakeHttp``: stands in for ``requests.Session.request``. Every request is recorded as a ``Call`` (path relative
  to ``API_URL``, params, json, form data, files, headers including the session's own) and answered from
  ``queue(...)`` or from ``handler(call)``. An answer is a ``response(...)`` or an exception to raise.
- ``FakeClock``: pass ``sleep=clock.sleep, clock=clock`` to ScormCloudClient; ``sleeps`` lists every wait.
- ``module_args(args)``: exposes module args to AnsibleModule on any ansible-core version.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import contextlib
import json

import requests
from requests.structures import CaseInsensitiveDict

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    patch_module_args = None

API_URL = "https://scorm.test/api/v2"

Call = collections.namedtuple("Call", "method path params json data files headers timeout verify")
ModuleRun = collections.namedtuple("ModuleRun", "result stdout")


def response(status=200, body=None, text=None, headers=None):
    """A real requests.Response: JSON ``body``, or raw ``text``, or empty."""
    answer = requests.Response()
    answer.status_code = status
    answer.headers = CaseInsensitiveDict(headers or {})
    if body is not None:
        answer._content = json.dumps(body).encode("utf-8")
        answer.headers.setdefault("Content-Type", "application/json")
    else:
        answer._content = (text or "").encode("utf-8")
    answer.encoding = "utf-8"
    return answer


class FakeHttp:
    """Stands in for the network: records each request and answers it from a queue or a handler."""

    def __init__(self):
        self.calls = []
        self.answers = collections.deque()
        self.handler = None

    def queue(self, *answers):
        self.answers.extend(answers)

    def sent(self):
        """(method, path) of every request sent, in order."""
        return [(call.method, call.path) for call in self.calls]

    def send(self, session, method, url, **kwargs):
        assert url.startswith(API_URL), url
        headers = dict(session.headers)
        headers.update(kwargs.get("headers") or {})
        call = Call(method, url[len(API_URL):], kwargs.get("params"), kwargs.get("json"), kwargs.get("data"),
                    kwargs.get("files"), headers, kwargs.get("timeout"), kwargs.get("verify"))
        self.calls.append(call)
        if self.handler is not None:
            answer = self.handler(call)
        elif self.answers:
            answer = self.answers.popleft()
        else:
            raise AssertionError("unexpected request %s %s" % (method, call.path))
        if isinstance(answer, BaseException):
            raise answer
        return answer


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        if len(self.sleeps) > 100:  # fail fast instead of hanging if a retry loop never ends
            raise AssertionError("more than 100 sleeps: the retry loop does not stop")


@contextlib.contextmanager
def module_args(args):
    """Expose ``args`` to AnsibleModule, with the testing helper of ansible-core >= 2.19 or the legacy global."""
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved
