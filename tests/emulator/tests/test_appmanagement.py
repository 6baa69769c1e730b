"""Application management (A1-A12) through the official SDK."""

from __future__ import annotations

import json

import pytest
from conftest import APP_ID, MGMT_ID, PAGE_SIZE
from rustici_software_cloud_v2 import (ApplicationRequestSchema, CredentialRequestSchema, DestinationSchema,
                                       SettingsIndividualSchema, SettingsPostSchema, UpdateApplicationSchema)
from rustici_software_cloud_v2.api.application_management_api import ApplicationManagementApi
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.rest import ApiException


@pytest.fixture
def mgmt(emu):
    return emu.mgmt_api(ApplicationManagementApi)


def status_of(call, *args, **kwargs) -> int:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # A3 is deprecated in the SDK but still served
def test_create_info_update_and_list_applications(emu, mgmt):
    app = mgmt.create_application(ApplicationRequestSchema(name="Sales"))
    assert app.id and app.name == "Sales"
    info = mgmt.get_application_info(app.id, include_course_count=True, include_registration_count=True)
    assert (info.name, info.allow_delete, info.course_count, info.registration_count) == ("Sales", False, 0, 0)
    assert info.create_date is not None and info.update_date is not None

    mgmt.update_application(app.id, UpdateApplicationSchema(name="Sales EU"))
    mgmt.update_application(app.id, UpdateApplicationSchema(allow_delete=True))
    info = mgmt.get_application_info(app.id)
    assert (info.name, info.allow_delete) == ("Sales EU", True)

    assert {a.id for a in mgmt.get_application_list().applications} == {APP_ID, app.id}
    listed = mgmt.get_applications(filter="sales", filter_by="name")
    assert [a.id for a in listed.applications] == [app.id] and listed.more is None
    assert status_of(mgmt.get_application_info, "no-such-app") == 404
    assert status_of(mgmt.get_application_info, MGMT_ID) == 404   # the App Management app is not a child


def test_counts_only_when_requested(emu, mgmt):
    raw = mgmt.get_application_info(APP_ID, _preload_content=False)
    body = json.loads(raw.data)
    assert "courseCount" not in body and body["allowDelete"] is False
    emu.put_course("c1")
    assert mgmt.get_application_info(APP_ID, include_course_count=True).course_count == 1


def test_application_list_pages_with_total_count(emu, mgmt):
    ids = {mgmt.create_application(ApplicationRequestSchema(name=f"App {i:02d}")).id for i in range(2 * PAGE_SIZE + 1)}
    _data, status, headers = mgmt.get_applications_with_http_info(include_total_count=True)
    assert status == 200 and headers["X-Total-Count"] == str(len(ids) + 1)
    seen, pages, more = [], 0, None
    while True:
        page = mgmt.get_applications(more=more) if more else mgmt.get_applications(order_by="name_desc")
        seen += [a.id for a in page.applications]
        pages += 1
        more = page.more
        if more is None:
            break
    assert pages == 3 and set(seen) == ids | {APP_ID} and len(seen) == len(set(seen))


def test_delete_application_rules(emu, mgmt):
    app = mgmt.create_application(ApplicationRequestSchema(name="Temp"))
    # allowDelete defaults to false
    assert status_of(mgmt.delete_application, app.id) == 400
    mgmt.update_application(app.id, UpdateApplicationSchema(allow_delete=True))
    # a non-empty application cannot be deleted
    emu.put_course("c1", tenant=app.id)
    assert status_of(mgmt.delete_application, app.id) == 409
    emu.delete_doc(app.id, "course", "c1")
    mgmt.delete_application(app.id)
    assert status_of(mgmt.get_application_info, app.id) == 404
    assert status_of(mgmt.delete_application, app.id) == 404


def test_credentials_lifecycle_and_authentication(emu, mgmt):
    app = mgmt.create_application(ApplicationRequestSchema(name="Keys"))
    creds = mgmt.get_credentials(app.id).credentials
    assert len(creds) == 1 and creds[0].status == "Enabled"   # a new app comes with one key

    cred = mgmt.create_credential(app.id, CredentialRequestSchema(name="ci", active=True))
    assert cred.id and cred.credential and cred.status == "Enabled" and cred.name == "ci"
    as_app = emu.app_api(DispatchApi, app.id, cred.credential)
    as_app.set_destination("mine", DestinationSchema(name="Mine"))
    assert [d.id for d in as_app.get_destinations().destinations] == ["mine"]

    mgmt.update_credential(app.id, cred.id, CredentialRequestSchema(active=False))
    updated = [c for c in mgmt.get_credentials(app.id).credentials if c.id == cred.id][0]
    assert (updated.status, updated.name) == ("Disabled", "ci")
    assert status_of(as_app.get_destinations) == 401
    mgmt.update_credential(app.id, cred.id, CredentialRequestSchema(name="ci2", active=True))
    assert as_app.get_destinations().destinations

    mgmt.delete_credential(app.id, cred.id)
    assert status_of(as_app.get_destinations) == 401
    assert cred.id not in {c.id for c in mgmt.get_credentials(app.id).credentials}
    assert status_of(mgmt.delete_credential, app.id, cred.id) == 404
    assert status_of(mgmt.get_credentials, "no-such-app") == 404
    assert status_of(mgmt.create_credential, app.id, CredentialRequestSchema(active=True)) == 400


def test_tenant_isolation(emu, mgmt):
    app = mgmt.create_application(ApplicationRequestSchema(name="Other"))
    secret = mgmt.create_credential(app.id, CredentialRequestSchema(name="k")).credential
    other = emu.app_api(DispatchApi, app.id, secret)
    demo = emu.app_api(DispatchApi)
    demo.set_destination("shared-id", DestinationSchema(name="Demo's"))
    assert other.get_destinations().destinations == []
    assert status_of(other.get_destination, "shared-id") == 404
    other.set_destination("shared-id", DestinationSchema(name="Other's"))
    assert demo.get_destination("shared-id").name == "Demo's"
    assert other.get_destination("shared-id").name == "Other's"
    other.delete_destination("shared-id")
    assert demo.get_destination("shared-id").name == "Demo's"


def test_application_configuration(emu):
    api = emu.app_api(ApplicationManagementApi)
    items = {i.id: i for i in api.get_application_configuration(include_metadata=True).setting_items}
    launch = items["PlayerScoLaunchType"]
    assert launch.effective_value_source == "default" and launch.explicit_value is None
    assert "NEW_WINDOW" in [v.value for v in launch.metadata.valid_values]
    assert items["PlayerCaptureHistory"].metadata.data_type == "bool"

    api.set_application_configuration(SettingsPostSchema(settings=[
        SettingsIndividualSchema(setting_id="PlayerScoLaunchType", value="new_window"),
        SettingsIndividualSchema(setting_id="PlayerCaptureHistory", value="False"),
        SettingsIndividualSchema(setting_id="PlayerDesiredWidth", value="0800")]))
    raw = json.loads(api.get_application_configuration(_preload_content=False).data)
    values = {i["id"]: i for i in raw["settingItems"]}
    assert values["PlayerScoLaunchType"]["explicitValue"] == "NEW_WINDOW"
    assert values["PlayerCaptureHistory"]["explicitValue"] == "false"
    assert values["PlayerDesiredWidth"]["effectiveValue"] == "800"
    assert values["PlayerDesiredWidth"]["effectiveValueSource"] == "application"
    assert "metadata" not in values["PlayerDesiredWidth"]

    # learning-standard level inherits from the application level
    ls = {i.id: i for i in api.get_application_configuration(learning_standard="SCORM12", single_sco=True)
          .setting_items}
    assert ls["PlayerScoLaunchType"].effective_value == "NEW_WINDOW"
    assert ls["PlayerScoLaunchType"].effective_value_source == "application"
    assert ls["PlayerScoLaunchType"].explicit_value is None

    api.delete_application_configuration_setting("PlayerScoLaunchType")
    after = {i.id: i for i in api.get_application_configuration().setting_items}
    assert after["PlayerScoLaunchType"].explicit_value is None
    assert after["PlayerScoLaunchType"].effective_value == "FRAMESET"

    bad = [SettingsPostSchema(settings=[SettingsIndividualSchema(setting_id="NoSuchSetting", value="1")]),
           SettingsPostSchema(settings=[SettingsIndividualSchema(setting_id="PlayerCaptureHistory", value="maybe")]),
           SettingsPostSchema(settings=[SettingsIndividualSchema(setting_id="PlayerDesiredWidth", value="wide")])]
    for body in bad:
        assert status_of(api.set_application_configuration, body) == 400
    assert status_of(api.delete_application_configuration_setting, "NoSuchSetting") == 400
    assert status_of(api.get_application_configuration, learning_standard="SCORM12") == 400
    # configuration acts on the calling app only; App Management credentials are refused
    assert status_of(emu.mgmt_api(ApplicationManagementApi).get_application_configuration) == 403
