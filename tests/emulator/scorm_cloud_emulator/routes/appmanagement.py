"""Application management (A1-A9, App Management credentials) and application configuration (A10-A12)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..auth import Principal, app_auth, mgmt_auth
from ..config import apply_posted, lookup, setting_list
from ..context import Emulator, get_emu
from ..errors import ApiError, bad_request, not_found
from ..models import Body, Name, SettingsPostSchema
from ..paging import ListQuery, ListSpec, dt_key, list_query, paginate, resolve, text_key
from ..resources import NO_CONTENT, ConfigLevel
from ..store import Store
from ..wire import parse_bool

router = APIRouter(tags=["appManagement"])
mgmt = mgmt_auth("appmgmt")
# The scope family for /appManagement/configuration is undocumented; we chose appmgmt (see README).
config_auth = app_auth("appmgmt")


class ApplicationRequestSchema(Body):
    name: Name | None = None


class UpdateApplicationSchema(Body):
    name: Name | None = None
    allowDelete: bool | None = None


class CredentialRequestSchema(Body):
    name: Name | None = None
    active: bool | None = None


def _child_app(store: Store, app_id: str) -> dict:
    """An application of the realm; the App Management app itself is not a child application."""
    app = store.get_app(app_id)
    if app is None or app["is_mgmt"]:
        raise not_found(f"Application '{app_id}' not found")
    return app


def _render_app_info(store: Store, app: dict, course_count: bool, registration_count: bool) -> dict:
    info = {"id": app["id"], "name": app["name"], "createDate": app["created"], "updateDate": app["updated"],
            "allowDelete": app["allow_delete"]}
    if course_count:
        info["courseCount"] = store.count(app["id"], "course")
    if registration_count:
        info["registrationCount"] = store.count(app["id"], "registration")
    return info


def _render_credential(cred: dict) -> dict:
    return {"id": cred["id"], "name": cred["name"], "credential": cred["secret"], "pensCredential": cred["pens"],
            "status": "Enabled" if cred["active"] else "Disabled", "created": cred["created"],
            "updated": cred["updated"]}


def _required_name(name: str | None, what: str) -> str:
    if name is None or not name.strip():
        raise bad_request(f"{what} name is required")
    return name


APP_SPEC = ListSpec("applications", {"app_id": "id", "name": "name"}, "app_id",
                    {"created": dt_key("created"), "updated": dt_key("updated"), "name": text_key("name")})


# -- applications -----------------------------------------------------------------------------------
@router.post("/appManagement/applications")
def create_application(body: ApplicationRequestSchema, _who: Principal = Depends(mgmt),
                       emu: Emulator = Depends(get_emu)):
    name = _required_name(body.name, "Application")
    with emu.store.transaction():
        app = emu.store.create_app(name)
        # A new application comes with one enabled secret key, as on the service's site.
        emu.store.create_credential(app["id"], "Default")
    return {"id": app["id"], "name": app["name"]}


@router.get("/appManagement/applicationList")
def get_applications(request: Request, q: ListQuery = Depends(list_query),
                     include_course_count: str | None = Query(None, alias="includeCourseCount"),
                     include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                     _who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    q = resolve(APP_SPEC, q, {"c": parse_bool(include_course_count, "includeCourseCount"),
                              "r": parse_bool(include_registration_count, "includeRegistrationCount")})

    def render(app):
        return _render_app_info(emu.store, app, bool(q.extras.get("c")), bool(q.extras.get("r")))
    return paginate(request, APP_SPEC, q, emu.store.list_apps(), render)


@router.get("/appManagement/applications")
def get_application_list(_who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    return {"applications": [{"id": a["id"], "name": a["name"]} for a in emu.store.list_apps()]}


@router.get("/appManagement/applications/{child_app_id:seg}")
def get_application_info(child_app_id: str,
                         include_course_count: str | None = Query(None, alias="includeCourseCount"),
                         include_registration_count: str | None = Query(None, alias="includeRegistrationCount"),
                         _who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    app = _child_app(emu.store, child_app_id)
    return _render_app_info(emu.store, app, bool(parse_bool(include_course_count, "includeCourseCount")),
                            bool(parse_bool(include_registration_count, "includeRegistrationCount")))


@router.put("/appManagement/applications/{child_app_id:seg}", status_code=NO_CONTENT)
def update_application(child_app_id: str, body: UpdateApplicationSchema, _who: Principal = Depends(mgmt),
                       emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _child_app(emu.store, child_app_id)
        name = None if body.name is None else _required_name(body.name, "Application")
        emu.store.update_app(child_app_id, name=name, allow_delete=body.allowDelete)
    return Response(status_code=NO_CONTENT)


@router.delete("/appManagement/applications/{child_app_id:seg}", status_code=NO_CONTENT)
def delete_application(child_app_id: str, _who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        app = _child_app(store, child_app_id)
        if not app["allow_delete"]:
            raise bad_request(f"Application '{child_app_id}' does not allow deletion; set allowDelete=true first")
        if store.content_count(child_app_id):
            raise ApiError(409, f"Application '{child_app_id}' is not empty; delete its content first")
        store.delete_app(child_app_id)
    return Response(status_code=NO_CONTENT)


# -- credentials ------------------------------------------------------------------------------------
@router.get("/appManagement/{child_app_id:seg}/credentials")
def get_credentials(child_app_id: str, _who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    _child_app(emu.store, child_app_id)
    return {"credentials": [_render_credential(c) for c in emu.store.list_credentials(child_app_id)]}


@router.post("/appManagement/{child_app_id:seg}/credentials")
def create_credential(child_app_id: str, body: CredentialRequestSchema, _who: Principal = Depends(mgmt),
                      emu: Emulator = Depends(get_emu)):
    name = _required_name(body.name, "Credential")
    with emu.store.transaction():
        _child_app(emu.store, child_app_id)
        cred = emu.store.create_credential(child_app_id, name, active=True if body.active is None else body.active)
    return _render_credential(cred)


def _credential(store: Store, app_id: str, cred_id: str) -> dict:
    _child_app(store, app_id)
    cred = store.get_credential(app_id, cred_id)
    if cred is None:
        raise not_found(f"Credential '{cred_id}' not found")
    return cred


@router.put("/appManagement/{child_app_id:seg}/credentials/{credential_id:seg}", status_code=NO_CONTENT)
def update_credential(child_app_id: str, credential_id: str, body: CredentialRequestSchema,
                      _who: Principal = Depends(mgmt), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _credential(emu.store, child_app_id, credential_id)
        name = None if body.name is None else _required_name(body.name, "Credential")
        emu.store.update_credential(child_app_id, credential_id, name=name, active=body.active)
    return Response(status_code=NO_CONTENT)


@router.delete("/appManagement/{child_app_id:seg}/credentials/{credential_id:seg}", status_code=NO_CONTENT)
def delete_credential(child_app_id: str, credential_id: str, _who: Principal = Depends(mgmt),
                      emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _credential(emu.store, child_app_id, credential_id)
        emu.store.delete_credential(child_app_id, credential_id)
    return Response(status_code=NO_CONTENT)


# -- configuration of the calling application --------------------------------------------------------
@router.get("/appManagement/configuration")
def get_application_configuration(level: ConfigLevel = Depends(),
                                  include_metadata: str | None = Query(None, alias="includeMetadata"),
                                  who: Principal = Depends(config_auth), emu: Emulator = Depends(get_emu)):
    return setting_list(level.chain(emu.store, who.app_id), bool(parse_bool(include_metadata, "includeMetadata")))


@router.post("/appManagement/configuration", status_code=NO_CONTENT)
def set_application_configuration(body: SettingsPostSchema, level: ConfigLevel = Depends(),
                                  who: Principal = Depends(config_auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        own = level.chain(emu.store, who.app_id)[-1][1]
        level.save(emu.store, who.app_id, apply_posted(own, body.settings))
    return Response(status_code=NO_CONTENT)


@router.delete("/appManagement/configuration/{setting_id:seg}", status_code=NO_CONTENT)
def delete_application_configuration_setting(setting_id: str, level: ConfigLevel = Depends(),
                                             who: Principal = Depends(config_auth),
                                             emu: Emulator = Depends(get_emu)):
    lookup(setting_id)
    with emu.store.transaction():
        own = dict(level.chain(emu.store, who.app_id)[-1][1])
        own.pop(setting_id, None)
        level.save(emu.store, who.app_id, own)
    return Response(status_code=NO_CONTENT)
