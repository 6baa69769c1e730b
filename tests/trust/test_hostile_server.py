# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A hostile server: every read of every kind, answered with what the API never returns (another content type,
JSON of the wrong type, missing keys, null, a repeated or empty ``more``, a page that skips an object), must end the
task in one sentence with no write, and never in an exception. A misread planned from would overwrite what exists.

Each read is a module task that would write if it believed the answer (it declares objects that exist, so "nothing
there" would turn into creates over them); the emulator answers that one request with the malformed answer
(``answer`` and ``rewrite`` faults), every other request as usual.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from conftest import APP_ID, PACKAGE, connection, examples, run_module

LOGIN_PAGE = "<html><head><title>Sign in</title></head>\n<body><form>user / password</form></body></html>"
UNEXPECTED = "does not return"
API = "^/api/v2"


class Read:
    """One read of one kind: the task that makes it, the request it is, and what its answer looks like."""

    def __init__(self, name, module, args, seed, method, path, shape, key=None, field=None, required=None,
                 query=None, after_write=False, absent_on_404=False):
        self.name, self.module, self.args, self.seed = name, module, args, seed
        self.method, self.path, self.query = method, path, query
        self.shape = shape  # "object", "list" (paged) or "unpaged"
        self.key, self.field, self.required = key, field, required
        self.after_write = after_write  # the read comes after a write of the same task (an import's job poll)
        self.absent_on_404 = absent_on_404  # a 404 of the object's path means absent: a 404 page must not

    def fault(self, **spec):
        spec = dict(spec, method=self.method, path_regex=self.path, times=spec.get("times", 50))
        if self.query:
            spec["query_regex"] = self.query
        return spec


def seed_destinations(emu, count=3):
    for number in range(count):
        emu.seed_destination("d%d" % number, tags=["kept-%d" % number], notes="seeded")


def seed_dispatches(emu, count=3):
    emu.seed_course("c1")
    seed_destinations(emu, count)
    for number in range(count):
        emu.seed_dispatch("x%d" % number, "c1", "d%d" % number, tags=["kept"])


def seed_xapi(emu, count=3):
    for number in range(count):
        emu.seed_xapi_credential("k%d" % number, info="seeded")


def seed_pipes(emu):
    seed_xapi(emu, 1)
    emu.seed_pipe("p0", "k0")
    emu.seed_pipe("p1", "k0")


def seed_applications(emu):
    emu.app_ids = [emu.seed_application("hostile-app-%d" % number) for number in range(3)]


def seed_invitations(emu, count=2):
    emu.seed_course("c1")
    for number in range(count):
        emu.call("POST", "/invitations/public", json={"courseId": "c1", "creatingUserEmail": "lms-admin@example.com",
                                                      "tags": ["scorm.cloud/name=i%d" % number, "kept"]})


def destination_items(count=3):
    return [{"id": "d%d" % number, "name": "D%d" % number} for number in range(count)]


READS = [
    Read("destinations list", "scorm_dispatch_destinations",
         lambda emu: {"config": destination_items(), "state": "overridden"}, seed_destinations,
         "GET", API + "/dispatch/destinations$", "list", key="destinations", field="/destinations/0/data/tags",
         required="/destinations/0/data"),
    Read("one destination", "scorm_dispatch_destination", lambda emu: {"id": "d1", "name": "D1"}, seed_destinations,
         "GET", API + "/dispatch/destinations/d1$", "object", field="/tags", absent_on_404=True),
    Read("hashUserInfo", "scorm_dispatch_destination", lambda emu: {"id": "d1", "hash_user_info": True},
         seed_destinations, "GET", API + "/dispatch/destinations/d1/dispatches/hashUserInfo$", "object",
         field="/enabled", required="/enabled"),
    Read("dispatches list", "scorm_dispatches",
         lambda emu: {"config": [{"id": "x%d" % n, "course": "c1", "destination": "d%d" % n} for n in range(3)],
                      "state": "overridden"}, seed_dispatches,
         "GET", API + "/dispatch/dispatches$", "list", key="dispatches", field="/dispatches/0/data/tags",
         required="/dispatches/0/data/courseId", query="^(?!courseId)"),
    Read("one dispatch", "scorm_dispatch", lambda emu: {"id": "x1", "enabled": False}, seed_dispatches,
         "GET", API + "/dispatch/dispatches/x1$", "object", field="/enabled", required="/courseId",
         absent_on_404=True),
    Read("dispatches of a course", "scorm_dispatch",
         lambda emu: {"id": "x9", "course": "c1", "destination": "d0"}, seed_dispatches,
         "GET", API + "/dispatch/dispatches$", "list", key="dispatches", field="/dispatches/0/data/destinationId",
         required="/dispatches/0/data/destinationId", query="courseId=c1"),
    Read("a dispatch's course", "scorm_dispatch", lambda emu: {"id": "x9", "course": "c1", "destination": "d9"},
         seed_dispatches, "GET", API + "/courses/c1$", "object", field="/id", absent_on_404=True),
    Read("public invitations list", "scorm_public_invitations",
         lambda emu: {"config": [{"name": "i0", "registration_cap": 5}, {"name": "i1"}], "state": "overridden"},
         seed_invitations, "GET", API + "/invitations/public$", "list", key="invitations",
         field="/invitations/0/allowLaunch", required="/invitations/0/courseId"),
    Read("an invitation's tags", "scorm_public_invitation", lambda emu: {"name": "i1", "registration_cap": 5},
         seed_invitations, "GET", API + "/invitations/[^/]+/tags$", "object", field="/tags", required="/tags"),
    Read("courses list", "scorm_courses",
         lambda emu: {"config": [{"id": "c%d" % n, "title": "C%d" % n} for n in range(2)], "state": "overridden"},
         lambda emu: [emu.seed_course("c%d" % n, tags=["kept"]) for n in range(2)],
         "GET", API + "/courses$", "list", key="courses", field="/courses/0/tags", required="/courses/0/id"),
    Read("one course", "scorm_course", lambda emu: {"id": "c1", "title": "Renamed"},
         lambda emu: emu.seed_course("c1", tags=["kept"]), "GET", API + "/courses/c1$", "object", field="/version",
         absent_on_404=True),
    Read("a course's settings", "scorm_course", lambda emu: {"id": "c1", "settings": {"PlayerScoLaunchType": "NEW_WINDOW"}},
         lambda emu: emu.seed_course("c1"), "GET", API + "/courses/c1/configuration$", "object",
         field="/settingItems/0/id", required="/settingItems"),
    Read("the setting catalog", "scorm_course",
         lambda emu: {"id": "c9", "src": str(PACKAGE), "settings": {"PlayerScoLaunchType": "NEW_WINDOW"}},
         lambda emu: None, "GET", API + "/appManagement/configuration$", "object", field="/settingItems/0/id",
         required="/settingItems"),
    Read("xAPI credentials list", "scorm_xapi_credentials",
         lambda emu: {"config": [{"id": "k%d" % n, "name": "k%d" % n} for n in range(3)], "state": "overridden"},
         seed_xapi, "GET", API + "/xapi/credentials$", "list", key="xapiCredentials",
         field="/xapiCredentials/0/isEnabled", required="/xapiCredentials/0/id"),
    Read("one xAPI credential", "scorm_xapi_credential", lambda emu: {"id": "k1", "name": "k1"}, seed_xapi,
         "GET", API + "/xapi/credentials/k1$", "object", field="/isEnabled", absent_on_404=True),
    Read("pipes list", "scorm_xapi_pipes",
         lambda emu: {"config": [{"id": "p0", "target": {"url": "https://lrs.example.com/other/"}}],
                      "state": "overridden"}, seed_pipes,
         "GET", API + "/xapi/statementPipes$", "unpaged", key="xapiStatementPipes",
         field="/xapiStatementPipes/0/source", required="/xapiStatementPipes/0/id"),
    Read("one pipe", "scorm_xapi_pipe", lambda emu: {"id": "p1", "target": {"url": "https://lrs.example.com/other/"}},
         seed_pipes, "GET", API + "/xapi/statementPipes/p1$", "object", field="/source", absent_on_404=True),
    Read("applications list", "scorm_applications",
         lambda emu: {"config": [{"id": app_id, "name": "renamed"} for app_id in emu.app_ids], "state": "overridden"},
         seed_applications, "GET", API + "/appManagement/applicationList$", "list", key="applications",
         field="/applications/0/name", required="/applications/0/id"),
    Read("one application", "scorm_application", lambda emu: {"id": emu.app_ids[0], "name": "renamed"},
         seed_applications, "GET", API + "/appManagement/applications/[^/]+$", "object", field="/allowDelete",
         absent_on_404=True),
    Read("an application's credentials", "scorm_credential",
         lambda emu: {"application": emu.app_ids[0], "name": "Default", "active": False}, seed_applications,
         "GET", API + "/appManagement/[^/]+/credentials$", "object", field="/credentials/0/id",
         required="/credentials"),
    Read("application settings", "scorm_application_settings",
         lambda emu: {"settings": {"PlayerScoLaunchType": "NEW_WINDOW"}}, lambda emu: None,
         "GET", API + "/appManagement/configuration$", "object", field="/settingItems/0/id",
         required="/settingItems"),
    Read("an OAuth token", "scorm_dispatch_destination", lambda emu: {"id": "d1", "name": "D1", "auth_mode": "oauth"},
         seed_destinations, "POST", API + "/oauth/authenticate/application/token$", "object", field="/access_token",
         required="/access_token"),
    Read("an export's read", "scorm_account_info", lambda emu: {"include": ["destinations"]}, seed_destinations,
         "GET", API + "/dispatch/destinations$", "list", key="destinations", field="/destinations/0/data/name",
         required="/destinations/0/id"),
    Read("an import job", "scorm_course", lambda emu: {"id": "c9", "src": str(PACKAGE)}, lambda emu: None,
         "GET", API + "/courses/importJobs/[^/]+$", "object", field="/status", required="/status", after_write=True),
    Read("tags read back", "scorm_dispatch_destination", lambda emu: {"id": "d1", "tags": ["new"]}, seed_destinations,
         "GET", API + "/dispatch/destinations/d1/tags$", "object", field="/tags", required="/tags", after_write=True),
]


def malformations(read):
    """(name, fault spec) of every malformed answer that fits ``read``."""
    cases = [
        ("an HTML login page", read.fault(action="answer", content_type="text/html", body=LOGIN_PAGE)),
        ("a JSON string", read.fault(action="answer", body='"hello"')),
        ("JSON null", read.fault(action="answer", body="null")),
        ("an empty body", read.fault(action="answer", body="")),
        ("a JSON list", read.fault(action="answer", body="[]")),
        # A list where a string, number, flag or object belongs; a string where the tags belong.
        ("a field of the wrong type", read.fault(action="rewrite", patch=[
            {"op": "replace", "path": read.field, "value": "a,b" if read.field.endswith("/tags") else ["x", 1]}])),
    ]
    if read.required:
        cases.append(("a missing key", read.fault(action="rewrite", patch=[{"op": "remove", "path": read.required}])))
    if read.absent_on_404:
        cases.append(("a 404 page that is not the service's", read.fault(
            action="answer", status=404, content_type="text/html", body="<html><title>404</title>nginx</html>")))
        # The GET of one object answered with another object: its id says so.
        cases.append(("another object", read.fault(action="rewrite", patch=[
            {"op": "add", "path": "/id", "value": "another-object"}])))
        # ... or with an id that is null: no object of the service has one (a fuzz found it taken for the object).
        cases.append(("a null id", read.fault(action="rewrite", patch=[{"op": "add", "path": "/id", "value": None}])))
    if read.shape in ("list", "unpaged"):
        cases += [
            ("a list without its key", read.fault(action="rewrite", patch=[{"op": "remove", "path": "/" + read.key}])),
            ("an item without its id", read.fault(action="rewrite", patch=[
                {"op": "remove", "path": "/%s/0/id" % read.key}])),
            ("a null item", read.fault(action="rewrite", patch=[
                {"op": "replace", "path": "/%s/0" % read.key, "value": None}])),
        ]
    if read.shape == "list":
        cases += [
            # The follow-up request for the token gets a page with the same token again.
            ("a more token that repeats", [
                dict(read.fault(action="answer", body=json.dumps({read.key: [], "more": "same-token"})),
                     query_regex="more=same-token"),
                read.fault(action="rewrite", patch=[{"op": "add", "path": "/more", "value": "same-token"}])]),
            ("an empty more token", read.fault(action="rewrite", patch=[{"op": "add", "path": "/more", "value": ""}])),
            ("a page that skips an object", read.fault(action="rewrite", patch=[
                {"op": "remove", "path": "/%s/0" % read.key}])),
        ]
    return cases


CELLS = [pytest.param(read, name, spec, id="%s: %s" % (read.name, name)) for read in READS
         for name, spec in malformations(read)]


def prepare(emu, read):
    emu.reset()
    read.seed(emu)
    emu.clear_log()


@pytest.mark.parametrize("read, malformation, spec", CELLS)
def test_a_malformed_answer_ends_the_task_in_one_sentence_without_writing(emu, read, malformation, spec):
    prepare(emu, read)
    args = connection(emu, **read.args(emu))
    for fault in spec if isinstance(spec, list) else [spec]:
        emu.fault(**fault)
    result = run_module(read.module, args)
    assert result.get("failed") is True, "%s was believed: %s" % (malformation, json.dumps(result)[:600])
    message = result["msg"]
    assert "\n" not in message and "Traceback" not in message and "exception" not in result
    assert UNEXPECTED in message and ("%s %s" % (read.method, "/")) in message, message
    assert "<form>" not in message and "password" not in message.lower()
    if read.after_write:
        # The task wrote before this read: the next run, with an honest server, finishes the job and a second run
        # then changes nothing.
        emu.clear_faults()
        assert not run_module(read.module, args).get("failed")
        again = run_module(read.module, args)
        assert again["changed"] is False, json.dumps(again)[:600]
    else:
        assert emu.writes() == [], "%s led to writes" % malformation


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "data", "tags", "more", "name", "destinations", "dispatches", "enabled", "x"]),
        children, max_size=4),
    max_leaves=12)
FUZZED = [read for read in READS if read.name in (
    "destinations list", "one destination", "one dispatch", "xAPI credentials list", "pipes list", "one course")]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(read=st.sampled_from(FUZZED), body=JSON_VALUES)
def test_any_json_answer_ends_in_one_sentence_or_is_believed_only_when_it_has_the_shape(emu, read, body):
    """Random JSON in place of one read's answer never raises, and a failure says it in one sentence and writes
    nothing. (A body that happens to have the shape of the answer may be believed; these rarely do.)"""
    prepare(emu, read)
    emu.fault(**read.fault(action="answer", body=json.dumps(body)))
    result = run_module(read.module, connection(emu, **read.args(emu)))
    if result.get("failed"):
        assert "\n" not in result["msg"] and "exception" not in result
        assert emu.writes() == []
    emu.clear_faults()


def test_every_read_of_every_kind_is_covered():
    """The reads above cover every kind's list, its GET and its detail reads (a kind added later must add its own)."""
    modules = set(read.module for read in READS)
    registered = set(module for _section, kind in SECTIONS for module in kind.modules)
    # scorm_credentials reads what scorm_credential reads (an application's credentials).
    wanted = (registered | set(["scorm_application_settings", "scorm_account_info"])) - set(["scorm_credentials"])
    assert modules >= wanted, sorted(wanted - modules)
    assert len(CELLS) >= 200, len(CELLS)
    assert APP_ID  # the application every read runs as
