"""Public invitations (InvitationsApi, /invitations/public...), the invitation summary list and invitation tags.

Store kind (tenant = app id): "invitation", keyed by a service-generated id (20 hex characters), with
`isPublic` true (private invitations are not emulated: their routes answer 404).  An invitation references an
existing "course" (routes/courses.py) by `courseId`; there is no delete of an invitation in the API, and course
deletion cascades through `resources.delete_course_invitations()`.

A public invitation's `postBack.password` is stored, so the secrets hook lists it ("invitation.postBack.password"),
and never returned.  Its `url` is computed from the base URL of the request (like the dispatch packages' launch
link) and is not served: `<base URL>invitation/launch/<appId>/<invitationId>`.  Registrations are not emulated,
so `registrationCount` is 0 and every user invitation list is empty.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from ..auth import Principal, app_auth
from ..context import Emulator, get_emu
from ..errors import bad_request, not_found
from ..models import Body, Ident, Name, PostBackSchema
from ..paging import Docs, ListQuery, ListSpec, dt_key, list_query, paginate, resolve
from ..resources import (COURSE, INVITATION, DispatchNames, expiration_value, postback_value, tag_routes, touch)
from ..store import Store
from ..wire import check_id, clean_tags, now_iso, parse_bool

router = APIRouter(tags=["invitation"])
auth = app_auth("invitation")
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


# -- request bodies -------------------------------------------------------------------------------
class CreatePublicInvitationSchema(Body):
    courseId: Ident | None = None
    creatingUserEmail: Name | None = None
    registrationCap: Count | None = None
    postBack: PostBackSchema | None = None
    expirationDate: Name | None = None
    tags: list[Ident] | None = Field(None, max_length=1000)


class PublicInvitationUpdateSchema(Body):
    allowLaunch: bool | None = None
    allowNewRegistrations: bool | None = None
    postBack: PostBackSchema | None = None
    expirationDate: Name | None = None
    registrationCap: Count | None = None


# -- helpers ----------------------------------------------------------------------------------------
def _public_invitation(store: Store, tenant: str, invitation_id: str) -> dict:
    """The public invitation, or a 404 (also for an invitation that is not public)."""
    doc = store.get(tenant, INVITATION, invitation_id)
    if doc is None or not doc.get("isPublic"):
        raise not_found(f"Public invitation '{invitation_id}' not found")
    return doc


def _new_id(store: Store, tenant: str) -> str:
    while True:
        candidate = secrets.token_hex(10)
        if not store.exists(tenant, INVITATION, candidate):
            return candidate


def invitation_url(request: Request, tenant: str, invitation_id: str) -> str:
    """The invitation's link on this server (not served: there is no player)."""
    base = str(request.base_url).rstrip("/")
    return f"{base}/invitation/launch/{quote(tenant, safe='')}/{quote(invitation_id, safe='')}"


def _render_postback(pb: dict) -> dict:
    """PostBackSchema without the password (write-only), enum values in the SDK's case."""
    data = {k: v for k, v in pb.items() if k != "password"}
    for key in ("authType", "resultsFormat"):
        if key in data:
            data[key] = data[key].upper()
    return data


def _render_public(request: Request, tenant: str, doc: dict, names: DispatchNames,
                   with_count: bool = False) -> dict:
    """PublicInvitationSchema of a stored invitation."""
    data = {"id": doc["id"], "courseId": doc["courseId"], "courseTitle": names.course_title(doc["courseId"]),
            "allowLaunch": doc["allowLaunch"], "allowNewRegistrations": doc["allowNewRegistrations"],
            "url": invitation_url(request, tenant, doc["id"]), "createDate": doc["created"],
            "updated": doc["updated"], "registrationCap": doc["registrationCap"]}
    if doc.get("postBack"):
        data["postBack"] = _render_postback(doc["postBack"])
    if doc.get("expirationDate") is not None:
        data["expirationDate"] = doc["expirationDate"]
    if with_count:
        data["registrationCount"] = doc.get("registrationCount", 0)
    return {k: v for k, v in data.items() if v is not None}


def _render_summary(doc: dict) -> dict:
    """InvitationSummarySchema of a stored invitation."""
    return {"id": doc["id"], "courseId": doc["courseId"], "isPublic": bool(doc.get("isPublic")),
            "createDate": doc["created"], "updated": doc["updated"]}


def _new_public(store: Store, tenant: str, body: CreatePublicInvitationSchema) -> dict:
    course_id = check_id(body.courseId, "courseId")
    if body.creatingUserEmail is None or not body.creatingUserEmail.strip():
        raise bad_request("creatingUserEmail is required")
    if not store.exists(tenant, COURSE, course_id):
        raise bad_request(f"Course '{course_id}' not found")
    ts = now_iso()
    return {"id": _new_id(store, tenant), "isPublic": True, "courseId": course_id,
            "creatingUserEmail": body.creatingUserEmail, "created": ts, "updated": ts,
            "allowLaunch": True, "allowNewRegistrations": True, "registrationCap": body.registrationCap or 0,
            "registrationCount": 0, "expirationDate": expiration_value(body.expirationDate),
            "postBack": postback_value(body.postBack), "tags": clean_tags(body.tags)}


def _apply_update(doc: dict, body: PublicInvitationUpdateSchema) -> dict:
    """Only the non-null fields change (the service's rule); a sent postBack replaces the stored one."""
    for key in ("allowLaunch", "allowNewRegistrations", "registrationCap"):
        value = getattr(body, key)
        if value is not None:
            doc[key] = value
    if body.expirationDate is not None:
        doc["expirationDate"] = expiration_value(body.expirationDate)
    if body.postBack is not None:
        doc["postBack"] = postback_value(body.postBack)
    return doc


INVITATION_FILTERS = {"invitation_id": "id", "course_id": "courseId"}
INVITATION_ORDERS = {"created": dt_key("created"), "updated": dt_key("updated")}
SUMMARY_SPEC = ListSpec("invitations", INVITATION_FILTERS, "invitation_id", INVITATION_ORDERS,
                        scope="invitationSummaries")
PUBLIC_SPEC = ListSpec("invitations", INVITATION_FILTERS, "invitation_id", INVITATION_ORDERS,
                       scope="publicInvitations")
USER_SPEC = ListSpec("userInvitations", {"registration_id": "registrationId", "email": "email"},
                     "registration_id", {"created": dt_key("created"), "updated": dt_key("updated")},
                     scope="publicUserInvitations")


# -- all invitations --------------------------------------------------------------------------------
@router.get("/invitations")
def get_all_invitations(request: Request, q: ListQuery = Depends(list_query),
                        course_id: Ident | None = Query(None, alias="courseId"),
                        who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    """InvitationSummaryList: every stored invitation (only public ones exist here)."""
    q = resolve(SUMMARY_SPEC, q, {"courseId": course_id})
    docs = Docs(emu.store, who.app_id, INVITATION, where={"courseId": q.extras.get("courseId")})
    return paginate(request, SUMMARY_SPEC, q, docs, _render_summary)


# PUT /invitations/tags (declared here, before /{invitation_id}) and …/{invitation_id}/tags; any invitation.
tag_routes(router, auth, collection="/invitations", param="invitation_id", kind=INVITATION, label="Invitation",
           name="invitation")


# -- public invitations -----------------------------------------------------------------------------
@router.post("/invitations/public")
def create_public_invitation(request: Request, body: CreatePublicInvitationSchema, who: Principal = Depends(auth),
                             emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        doc = _new_public(store, who.app_id, body)
        store.put(who.app_id, INVITATION, doc["id"], doc)
    return _render_public(request, who.app_id, doc, DispatchNames(store, who.app_id))


@router.get("/invitations/public")
def get_public_invitations(request: Request, q: ListQuery = Depends(list_query),
                           course_id: Ident | None = Query(None, alias="courseId"),
                           include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                           who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    q = resolve(PUBLIC_SPEC, q, {"courseId": course_id,
                                 "r": parse_bool(include_registration_count, "includeRegistrationCount") or None})
    store, tenant = emu.store, who.app_id
    names, with_count = DispatchNames(store, tenant), bool(q.extras.get("r"))
    docs = Docs(store, tenant, INVITATION, where={"isPublic": True, "courseId": q.extras.get("courseId")})
    return paginate(request, PUBLIC_SPEC, q, docs, lambda doc: _render_public(request, tenant, doc, names, with_count))


@router.get("/invitations/public/{invitation_id:seg}")
def get_public_invitation(request: Request, invitation_id: str,
                          include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                          who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    doc = _public_invitation(emu.store, who.app_id, invitation_id)
    return _render_public(request, who.app_id, doc, DispatchNames(emu.store, who.app_id),
                          bool(parse_bool(include_registration_count, "includeRegistrationCount")))


@router.put("/invitations/public/{invitation_id:seg}")
def update_public_invitation(request: Request, invitation_id: str, body: PublicInvitationUpdateSchema,
                             who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    """Answers the updated PublicInvitationSchema (200), as the SDK expects."""
    store = emu.store
    with store.transaction():
        doc = _apply_update(_public_invitation(store, who.app_id, invitation_id), body)
        touch(store, who.app_id, INVITATION, doc)
    return _render_public(request, who.app_id, doc, DispatchNames(store, who.app_id))


@router.get("/invitations/public/{invitation_id:seg}/userInvitations")
def get_public_user_invitations(request: Request, invitation_id: str, q: ListQuery = Depends(list_query),
                                include_registration_report: str | None = Query(
                                    None, alias="includeRegistrationReport"),
                                who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    """UserInvitationList: always empty (nobody visits the link here), after the usual validation."""
    _public_invitation(emu.store, who.app_id, invitation_id)
    q = resolve(USER_SPEC, q, {"includeRegistrationReport":
                               parse_bool(include_registration_report, "includeRegistrationReport")})
    return paginate(request, USER_SPEC, q, [], lambda doc: doc)
