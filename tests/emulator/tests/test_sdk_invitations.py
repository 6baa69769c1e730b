"""Public invitations through the official SDK (InvitationsApi): create, get, list (paging and filters), update,
tags, the summary list, user invitations, 404s, scopes, the course delete cascade, the write-only postBack
password, and the request log."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from conftest import APP_ID, PAGE_SIZE
from rustici_software_cloud_v2 import (BatchTagsSchema, CreatePublicInvitationSchema, InvitationSummaryList,
                                       PostBackSchema, PublicInvitationList, PublicInvitationSchema,
                                       PublicInvitationUpdateSchema, TagListSchema, UserInvitationList)
from rustici_software_cloud_v2.api.course_api import CourseApi
from rustici_software_cloud_v2.api.invitations_api import InvitationsApi
from rustici_software_cloud_v2.rest import ApiException

PASSWORD = "invitation-postback-password-1"
MANIFEST = """<?xml version="1.0"?>
<manifest identifier="com.example.inv" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Invited Course</title>
    <item identifier="i1" identifierref="r1"><title>Page</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"""


@pytest.fixture
def api(emu):
    emu.put_course("c1", "Course One")
    emu.put_course("c2", "Course Two")
    return emu.app_api(InvitationsApi)


def status_of(call, *args, **kwargs) -> int:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status


def error_of(call, *args, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status, json.loads(err.value.body)


def create(api, course_id: str = "c1", **fields) -> PublicInvitationSchema:
    return api.create_public_invitation(CreatePublicInvitationSchema(
        course_id=course_id, creating_user_email="author@example.com", **fields))


def all_pages(call, **filters) -> tuple[list, int]:
    """Follow `more` like a client does; returns (items, pages)."""
    items, pages, page = [], 0, call(**filters)
    while True:
        pages += 1
        items += page.invitations
        if page.more is None:
            return items, pages
        page = call(more=page.more)


def raw_json(response) -> dict:
    return json.loads(response.data)


# -- create and read back ------------------------------------------------------------------------------
def test_create_answers_a_public_invitation_the_sdk_reads_back(emu, api):
    expires = datetime(2031, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    created = create(api, registration_cap=25, expiration_date=expires, tags=["onboarding"],
                     post_back=PostBackSchema(url="https://lms.example.com/pb", auth_type="httpbasic",
                                              user_name="pbuser", password=PASSWORD, results_format="course"))
    assert isinstance(created, PublicInvitationSchema)
    assert len(created.id) == 20 and int(created.id, 16) >= 0
    assert (created.course_id, created.course_title, created.allow_launch, created.allow_new_registrations,
            created.registration_cap, created.expiration_date) == ("c1", "Course One", True, True, 25, expires)
    assert created.url == f"{emu.base_url}/invitation/launch/{APP_ID}/{created.id}"
    assert created.create_date == created.updated and created.create_date.tzinfo is not None
    assert (created.post_back.url, created.post_back.auth_type, created.post_back.user_name,
            created.post_back.results_format, created.post_back.password) == (
        "https://lms.example.com/pb", "HTTPBASIC", "pbuser", "COURSE", None)
    assert created.registration_count is None   # only with includeRegistrationCount

    got = api.get_public_invitation(created.id)
    assert got.to_dict() == created.to_dict()
    assert api.get_public_invitation(created.id, include_registration_count=True).registration_count == 0
    assert api.get_invitation_tags(created.id).tags == ["onboarding"]


def test_create_defaults_when_only_the_required_fields_are_sent(emu, api):
    # The JavaScript SDK sends no model defaults: only what the caller set.
    resp = emu.raw("POST", "/api/v2/invitations/public", json={"courseId": "c2", "creatingUserEmail": "a@example.com"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["allowLaunch"], body["allowNewRegistrations"], body["registrationCap"]) == (True, True, 0)
    assert "expirationDate" not in body and "postBack" not in body and "registrationCount" not in body
    assert api.get_invitation_tags(body["id"]).tags == []
    assert create(api).id != body["id"]   # service-assigned ids


@pytest.mark.parametrize("body, message", [
    ({"creatingUserEmail": "a@example.com"}, "courseId is required"),
    ({"courseId": "", "creatingUserEmail": "a@example.com"}, "courseId is required"),
    ({"courseId": "c1"}, "creatingUserEmail is required"),
    ({"courseId": "c1", "creatingUserEmail": " "}, "creatingUserEmail is required"),
    ({"courseId": "missing", "creatingUserEmail": "a@example.com"}, "Course 'missing' not found"),
    ({"courseId": "c1", "creatingUserEmail": "a@example.com", "expirationDate": "next tuesday"},
     "Invalid datetime for expirationDate"),
    ({"courseId": "c1", "creatingUserEmail": "a@example.com", "postBack": {"authType": "digest"}},
     "postBack.authType must be one of UNDEFINED, FORM, HTTPBASIC"),
    ({"courseId": "c1", "creatingUserEmail": "a@example.com", "registrationCap": -1}, None),
    ({"courseId": "c1", "creatingUserEmail": "a@example.com", "tags": ["ok", " "]}, "tags must not contain empty tags"),
], ids=["no-course", "empty-course", "no-email", "blank-email", "unknown-course", "bad-date", "bad-auth-type",
        "negative-cap", "empty-tag"])
def test_create_validation_is_400_in_the_service_shape(emu, api, body, message):
    resp = emu.raw("POST", "/api/v2/invitations/public", json=body)
    assert resp.status_code == 400
    error = resp.json()
    assert set(error) == {"message", "error"} and error["message"] == error["error"]
    if message:
        assert error["message"] == message
    assert api.get_public_invitations().invitations == []   # nothing was stored


# -- lists ---------------------------------------------------------------------------------------------
def test_list_pages_with_more_and_every_page_deserializes(api):
    ids = [create(api).id for _count in range(2 * PAGE_SIZE + 1)]
    first = api.get_public_invitations()
    assert isinstance(first, PublicInvitationList) and len(first.invitations) == PAGE_SIZE and first.more
    items, pages = all_pages(api.get_public_invitations)
    assert pages == 3 and [i.id for i in items] == ids   # default order updated_asc = creation order here
    assert all(isinstance(i, PublicInvitationSchema) and i.url.endswith(i.id) for i in items)
    _data, _status, headers = api.get_public_invitations_with_http_info(include_total_count=True)
    assert headers["X-Total-Count"] == str(len(ids))
    _data, _status, headers = api.get_public_invitations_with_http_info(more=first.more)
    assert "X-Total-Count" not in headers
    with_count, _pages = all_pages(api.get_public_invitations, include_registration_count=True)
    assert {i.registration_count for i in with_count} == {0}   # the flag travels in the `more` token


def test_list_filters(api):
    one = [create(api, "c1", tags=["red"]).id for _count in range(3)]
    time.sleep(0.005)   # timestamps have millisecond precision: keep the two groups apart
    two = [create(api, "c2", tags=["blue"]).id for _count in range(2)]

    def ids(**filters):
        return [i.id for i in all_pages(api.get_public_invitations, **filters)[0]]
    assert ids(course_id="c2") == two
    assert ids(tags=["blue"]) == two and ids(tags=["red", "blue"]) == one + two and ids(tags=["none"]) == []
    assert ids(filter="c2", filter_by="course_id") == two
    assert ids(filter=one[1][:12]) == [one[1]]   # default filterBy invitation_id, substring
    assert ids(order_by="created_desc") == list(reversed(one + two))
    api.update_public_invitation(one[0], PublicInvitationUpdateSchema(registration_cap=5))
    assert ids(order_by="updated_desc")[0] == one[0]

    created = api.get_public_invitation(two[0]).create_date
    assert ids(since=created, datetime_filter="created") == two
    assert ids(until=created - timedelta(microseconds=1), datetime_filter="created", order_by="created_asc") == one
    assert ids(since=datetime.now(timezone.utc) + timedelta(days=1)) == []
    for bad in ({"order_by": "title_asc"}, {"filter_by": "email", "filter": "x"}, {"datetime_filter": "expiry"},
                {"since": "yesterday"}, {"more": "not-a-token"}, {"include_registration_count": "maybe"}):
        assert status_of(api.get_public_invitations, **bad) == 400, bad


def test_summary_list_covers_public_invitations_with_its_own_token(api):
    ids = [create(api, "c1" if i % 2 else "c2").id for i in range(PAGE_SIZE + 2)]
    first = api.get_all_invitations()
    assert isinstance(first, InvitationSummaryList) and first.more
    items, pages = all_pages(api.get_all_invitations)
    assert pages == 2 and [i.id for i in items] == ids
    assert all(i.is_public is True and i.course_id in ("c1", "c2") and i.create_date and i.updated for i in items)
    by_course, _pages = all_pages(api.get_all_invitations, course_id="c1")
    assert [i.id for i in by_course] == ids[1::2]
    _data, _status, headers = api.get_all_invitations_with_http_info(include_total_count=True, course_id="c2")
    assert headers["X-Total-Count"] == str(len(ids[0::2]))
    # A `more` token is only good for the list that issued it, although both answer under "invitations".
    assert status_of(api.get_public_invitations, more=first.more) == 400
    assert status_of(api.get_all_invitations, more=api.get_public_invitations().more) == 400


# -- update --------------------------------------------------------------------------------------------
def test_update_changes_only_what_is_sent_and_answers_the_invitation(emu, api):
    created = create(api, registration_cap=10, tags=["keep"],
                     post_back=PostBackSchema(url="https://a.example.com/pb", user_name="u", password=PASSWORD))
    time.sleep(0.002)
    expires = datetime(2030, 1, 1, tzinfo=timezone.utc)
    updated = api.update_public_invitation(created.id, PublicInvitationUpdateSchema(
        allow_launch=False, registration_cap=3, expiration_date=expires))
    assert isinstance(updated, PublicInvitationSchema)
    assert (updated.allow_launch, updated.allow_new_registrations, updated.registration_cap,
            updated.expiration_date) == (False, True, 3, expires)
    assert updated.post_back.url == "https://a.example.com/pb" and updated.updated > created.updated
    assert updated.create_date == created.create_date
    assert api.get_public_invitation(created.id).to_dict() == updated.to_dict()

    updated = api.update_public_invitation(created.id, PublicInvitationUpdateSchema(
        allow_new_registrations=False, post_back=PostBackSchema(url="https://b.example.com/pb")))
    assert (updated.allow_launch, updated.allow_new_registrations, updated.registration_cap) == (False, False, 3)
    assert updated.post_back.url == "https://b.example.com/pb" and updated.post_back.user_name is None
    assert api.get_invitation_tags(created.id).tags == ["keep"]

    # An empty expirationDate clears it (the dispatch convention).
    resp = emu.raw("PUT", f"/api/v2/invitations/public/{created.id}", json={"expirationDate": ""})
    assert resp.status_code == 200 and "expirationDate" not in resp.json()
    resp = emu.raw("PUT", f"/api/v2/invitations/public/{created.id}", json={"registrationCap": "many"})
    assert resp.status_code == 400
    assert status_of(api.update_public_invitation, "missing", PublicInvitationUpdateSchema(allow_launch=True)) == 404


# -- tags ----------------------------------------------------------------------------------------------
def test_tags_single_and_batch(api):
    a, b, c = (create(api, tags=["first"]).id for _count in range(3))
    api.put_invitation_tags(a, TagListSchema(tags=["x", "y"]))
    api.put_invitation_tags(a, TagListSchema(tags=["y", "z"]))
    assert api.get_invitation_tags(a).tags == ["first", "x", "y", "z"]
    api.delete_invitation_tags(a, TagListSchema(tags=["x", "absent"]))
    assert api.get_invitation_tags(a).tags == ["first", "y", "z"]

    api.put_invitation_tags_batch(BatchTagsSchema(ids=[a, b], tags=["batch", "first"]))
    assert api.get_invitation_tags(b).tags == ["first", "batch"] and api.get_invitation_tags(c).tags == ["first"]
    assert status_of(api.put_invitation_tags_batch, BatchTagsSchema(ids=[c, "missing"], tags=["b2"])) == 404
    assert api.get_invitation_tags(c).tags == ["first"]   # the batch is all or nothing
    assert [i.id for i in api.get_public_invitations(tags=["batch"]).invitations] == [a, b]
    assert [i.id for i in api.get_all_invitations(tags=["z"]).invitations] == [a]
    for call, args in ((api.get_invitation_tags, ()), (api.put_invitation_tags, (TagListSchema(tags=["t"]),)),
                       (api.delete_invitation_tags, (TagListSchema(tags=["t"]),))):
        assert status_of(call, "missing", *args) == 404


# -- 404s, user invitations, private invitations --------------------------------------------------------
def test_unknown_invitations_are_404_in_the_service_shape(emu, api):
    status, body = error_of(api.get_public_invitation, "missing")
    assert status == 404 and body == {"message": "Public invitation 'missing' not found",
                                      "error": "Public invitation 'missing' not found"}
    assert status_of(api.get_public_user_invitations, "missing") == 404
    status, body = error_of(api.get_invitation_tags, "a/b")
    assert status == 404 and body["message"] == "Invitation 'a/b' not found"
    # Private invitations are not emulated; there is no DELETE of a public invitation in the API.
    assert emu.raw("GET", "/api/v2/invitations/private").status_code == 404
    assert emu.raw("POST", "/api/v2/invitations/private", json={}).status_code == 404
    invitation = create(api).id
    assert emu.raw("DELETE", f"/api/v2/invitations/public/{invitation}").status_code == 405
    assert api.get_public_invitation(invitation).id == invitation


def test_user_invitations_are_an_empty_list(api):
    invitation = create(api).id
    users = api.get_public_user_invitations(invitation, include_registration_report=True)
    assert isinstance(users, UserInvitationList) and users.user_invitations == [] and users.more is None
    _data, _status, headers = api.get_public_user_invitations_with_http_info(invitation, include_total_count=True)
    assert headers["X-Total-Count"] == "0"
    assert status_of(api.get_public_user_invitations, invitation, filter_by="nonsense", filter="x") == 400


# -- auth ----------------------------------------------------------------------------------------------
def test_scopes_of_the_invitation_family(emu, api):
    invitation = create(api).id
    reader = emu.token_api(InvitationsApi, "read:invitation")
    assert reader.get_public_invitation(invitation).id == invitation
    assert [i.id for i in reader.get_all_invitations().invitations] == [invitation]
    status, body = error_of(reader.create_public_invitation, CreatePublicInvitationSchema(
        course_id="c1", creating_user_email="a@example.com"))
    assert status == 403 and body["message"] == "The access token lacks the scope write:invitation"
    assert status_of(reader.put_invitation_tags, invitation, TagListSchema(tags=["t"])) == 403

    other = emu.token_api(InvitationsApi, "read:course read:dispatch write:course")
    status, body = error_of(other.get_public_invitations)
    assert status == 403 and body["message"] == "The access token lacks the scope read:invitation"
    assert status_of(other.get_invitation_tags, invitation) == 403

    writer = emu.token_api(InvitationsApi, "write:invitation")
    assert writer.create_public_invitation(CreatePublicInvitationSchema(
        course_id="c1", creating_user_email="a@example.com")).course_id == "c1"
    writer.update_public_invitation(invitation, PublicInvitationUpdateSchema(allow_launch=False))
    assert status_of(writer.delete_invitation_tags, invitation, TagListSchema(tags=["t"])) == 403
    emu.token_api(InvitationsApi, "delete:invitation").delete_invitation_tags(invitation, TagListSchema(tags=["t"]))
    assert emu.token_api(InvitationsApi, "read").get_public_invitation(invitation).allow_launch is False

    assert status_of(emu.mgmt_api(InvitationsApi).get_public_invitations) == 403
    assert status_of(emu.api(InvitationsApi, "scorm-demo", "wrong").get_public_invitations) == 401


# -- cascade, secrets, request log, faults ---------------------------------------------------------------
def test_deleting_the_course_deletes_its_invitations(emu, api, tmp_path):
    course = emu.app_api(CourseApi)
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST)
        archive.writestr("index.html", "<p>hi</p>")
    path = tmp_path / "invitation-course.zip"
    path.write_bytes(package.getvalue())
    job_id = course.create_upload_and_import_course_job("real", file=str(path)).result
    deadline = time.monotonic() + 15
    while course.get_import_job_status(job_id).status == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
    doomed = [create(api, "real", tags=["t"]).id for _count in range(2)]
    kept = create(api, "c1").id
    assert api.get_public_invitation(doomed[0]).course_title == "Invited Course"

    course.delete_course("real")
    assert [i.id for i in api.get_public_invitations().invitations] == [kept]
    assert [i.id for i in api.get_all_invitations().invitations] == [kept]
    assert status_of(api.get_public_invitation, doomed[0]) == 404
    assert status_of(api.get_invitation_tags, doomed[1]) == 404


def test_the_postback_password_is_never_returned_but_is_audited(emu, api):
    created = create(api, post_back=PostBackSchema(url="https://lms.example.com/pb", auth_type="FORM",
                                                   user_name="pbuser", password=PASSWORD))
    second = "invitation-postback-password-2"
    answers = [
        api.create_public_invitation(CreatePublicInvitationSchema(
            course_id="c2", creating_user_email="a@example.com", post_back=PostBackSchema(password=second)),
            _preload_content=False).data,
        api.get_public_invitation(created.id, _preload_content=False).data,
        api.get_public_invitations(_preload_content=False).data,
        api.get_all_invitations(_preload_content=False).data,
        api.update_public_invitation(created.id, PublicInvitationUpdateSchema(allow_launch=True),
                                     _preload_content=False).data,
    ]
    for answer in answers:
        assert PASSWORD.encode() not in answer and second.encode() not in answer and b"password" not in answer
    assert raw_json(api.get_public_invitation(created.id, _preload_content=False))["postBack"] == {
        "url": "https://lms.example.com/pb", "authType": "FORM", "userName": "pbuser", "resultsFormat": "UNDEFINED"}
    listed = {s["value"]: s["kind"] for s in emu.raw("GET", "/__emulator/secrets", auth=None).json()["secrets"]}
    assert listed[PASSWORD] == listed[second] == "invitation.postBack.password"
    assert "pbuser" not in listed


def test_the_request_log_records_invitation_calls(emu, api):
    emu.clear_log()
    invitation = create(api).id
    api.get_public_invitation(invitation)
    api.put_invitation_tags(invitation, TagListSchema(tags=["t"]))
    status_of(api.get_public_invitation, "missing")
    emu.token_api(InvitationsApi, "read:invitation").get_public_invitations(course_id="c1")
    log = [(e["method"], e["path"], e["status"], e["auth"]) for e in emu.requests_log()]
    assert log == [
        ("POST", "/api/v2/invitations/public", 200, "APP_NORMAL"),
        ("GET", f"/api/v2/invitations/public/{invitation}", 200, "APP_NORMAL"),
        ("PUT", f"/api/v2/invitations/{invitation}/tags", 204, "APP_NORMAL"),
        ("GET", "/api/v2/invitations/public/missing", 404, "APP_NORMAL"),
        ("POST", "/api/v2/oauth/authenticate/application/token", 200, "APP_NORMAL"),
        ("GET", "/api/v2/invitations/public", 200, "OAUTH"),
    ]
    assert emu.requests_log()[-1]["query"] == "courseId=c1"


def test_faults_apply_to_invitation_routes(emu, api):
    emu.add_fault(method="POST", path_regex="^/api/v2/invitations/public$", status=503)
    assert status_of(create, api) == 503
    assert api.get_public_invitations().invitations == []   # the fault answered; nothing was stored
    emu.add_fault(method="GET", path_regex="^/api/v2/invitations/public$", action="rewrite",
                  patch=[{"op": "remove", "path": "/invitations/0"}])
    first, second = create(api).id, create(api).id
    assert [i.id for i in api.get_public_invitations().invitations] == [second]
    assert [i.id for i in api.get_public_invitations().invitations] == [first, second]
    assert emu.internal_errors() == []
