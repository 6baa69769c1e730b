"""Dispatch packages (GET …/dispatches/{id}/zip and …/destinations/{id}/dispatches/zip) through the official SDK.

The SDK writes a download to a temporary file and returns its path.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from xml.etree import ElementTree

import pytest
from conftest import APP_ID
from rustici_software_cloud_v2 import (CreateDispatchIdSchema, CreateDispatchListSchema, CreateDispatchSchema,
                                       DestinationSchema, UpdateDispatchSchema)
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.rest import ApiException

from scorm_cloud_emulator.packages import parse_package

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


@pytest.fixture
def api(emu):
    emu.put_course("c1", "Course One")
    emu.put_course("c2", "Course Two")
    dispatch = emu.app_api(DispatchApi)
    for dest in ("dest-a", "dest-b"):
        dispatch.set_destination(dest, DestinationSchema(name=dest.upper()))
    dispatch.create_dispatches(CreateDispatchListSchema(dispatches=[
        CreateDispatchIdSchema(id=dispatch_id, data=CreateDispatchSchema(destination_id=dest, course_id=course,
                                                                         tags=tags))
        for dispatch_id, course, dest, tags in (("p1", "c1", "dest-a", ["x"]), ("p2", "c2", "dest-a", ["y"]),
                                                ("p3", "c1", "dest-b", []), ("odd/../id ü", "c2", "dest-b", []))]))
    return dispatch


def read_download(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    finally:
        os.remove(path)


def download(api, dispatch_id: str, **kwargs) -> bytes:
    return read_download(api.get_dispatch_zip(dispatch_id, **kwargs))


def status_of(call, *args, **kwargs) -> int:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_dispatch_zip_is_a_scorm12_stub_that_launches_the_dispatch(emu, api):
    path, status, headers = api.get_dispatch_zip_with_http_info("p1")
    data = read_download(path)
    assert status == 200 and headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["imsmanifest.xml", "index.html"]

    manifest = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    assert manifest.find(f"{CP}metadata/{CP}schemaversion").text == "1.2"
    organizations = manifest.findall(f"{CP}organizations/{CP}organization")
    assert len(organizations) == 1 and organizations[0].find(f"{CP}title").text == "Course One"
    item = organizations[0].find(f"{CP}item")
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert len(resources) == 1 and resources[0].get("identifier") == item.get("identifierref")
    assert resources[0].get(f"{ADLCP}scormtype") == "sco" and resources[0].get("href") == "index.html"

    launcher = archive.read("index.html").decode()
    assert f"{emu.base_url}/dispatch/launch/{APP_ID}/p1" in launcher
    assert 'data-dispatch-id="p1"' in launcher and "stylesheet" not in launcher

    # the emulator's own importer takes it as a one-SCO SCORM 1.2 course, without warnings
    package = parse_package(data, "imported")
    assert (package.standard, package.title, package.single_sco, package.warnings) == ("SCORM12", "Course One",
                                                                                       True, [])


def test_dispatch_zip_is_deterministic_and_follows_course_and_css(emu, api):
    first = download(api, "p1")
    assert sha(download(api, "p1")) == sha(first)
    api.update_dispatch("p1", UpdateDispatchSchema(notes="launch-time settings are not part of the package"))
    assert sha(download(api, "p1")) == sha(first)
    assert sha(download(api, "p3")) != sha(first)                      # same course, another dispatch

    styled = download(api, "p1", css_url="https://cdn.example.com/a.css?v=1&x=2")
    assert sha(styled) != sha(first)
    assert sha(download(api, "p1", css_url="https://cdn.example.com/a.css?v=1&x=2")) == sha(styled)
    launcher = zipfile.ZipFile(io.BytesIO(styled)).read("index.html").decode()
    assert '<link rel="stylesheet" href="https://cdn.example.com/a.css?v=1&amp;x=2">' in launcher
    assert "cssUrl=https%3A%2F%2Fcdn.example.com%2Fa.css%3Fv%3D1%26x%3D2" in launcher

    emu.put_course("c1", "Course One, renamed")
    renamed = download(api, "p1")
    assert sha(renamed) != sha(first)
    assert b"<title>Course One, renamed</title>" in zipfile.ZipFile(io.BytesIO(renamed)).read("imsmanifest.xml")


def test_dispatch_zip_type_and_unknown_dispatch(api):
    assert zipfile.ZipFile(io.BytesIO(download(api, "p1", type="SCORM_12"))).namelist()
    assert zipfile.ZipFile(io.BytesIO(download(api, "p1", type="scorm_12"))).namelist()   # any case
    assert status_of(api.get_dispatch_zip, "p1", type="SCORM_2004") == 400
    assert status_of(api.get_dispatch_zip, "p1", type="AICC") == 400
    assert status_of(api.get_dispatch_zip, "missing") == 404


def test_destination_zip_holds_one_package_per_matching_dispatch(emu, api):
    path, status, headers = api.get_destination_dispatch_zip_with_http_info("dest-a")
    bundle = zipfile.ZipFile(io.BytesIO(read_download(path)))
    assert status == 200 and headers["Content-Type"] == "application/zip"
    assert bundle.namelist() == ["p1.zip", "p2.zip"]
    assert bundle.read("p1.zip") == download(api, "p1")                # the same bytes as the single download
    inner = zipfile.ZipFile(io.BytesIO(bundle.read("p2.zip")))
    assert f"/dispatch/launch/{APP_ID}/p2" in inner.read("index.html").decode()

    def names(destination: str, **kwargs) -> list[str]:
        return zipfile.ZipFile(io.BytesIO(read_download(api.get_destination_dispatch_zip(destination,
                                                                                         **kwargs)))).namelist()
    assert names("dest-a", tags=["y"]) == ["p2.zip"]
    assert names("dest-a", tags=["x", "y"]) == ["p1.zip", "p2.zip"]    # any of the tags
    assert names("dest-a", tags=["nothing"]) == []                      # still a valid (empty) zip
    odd = names("dest-b")
    assert odd[0] == "p3.zip" and len(odd) == 2
    assert "/" not in odd[1] and ".." not in odd[1] and odd[1].isascii() and odd[1].endswith(".zip")

    styled = read_download(api.get_destination_dispatch_zip("dest-a", css_url="https://cdn.example.com/a.css"))
    assert zipfile.ZipFile(io.BytesIO(styled)).read("p1.zip") == download(api, "p1",
                                                                          css_url="https://cdn.example.com/a.css")
    again = read_download(api.get_destination_dispatch_zip("dest-a", css_url="https://cdn.example.com/a.css"))
    assert sha(again) == sha(styled)

    assert status_of(api.get_destination_dispatch_zip, "missing") == 404
    assert status_of(api.get_destination_dispatch_zip, "dest-a", type="SCORM_2004") == 400


def test_zip_routes_need_read_dispatch(emu, api):
    reader = emu.token_api(DispatchApi, "read:dispatch")
    assert zipfile.ZipFile(io.BytesIO(read_download(reader.get_dispatch_zip("p1")))).namelist()
    assert zipfile.ZipFile(io.BytesIO(read_download(reader.get_destination_dispatch_zip("dest-a")))).namelist()
    other = emu.token_api(DispatchApi, "read:course write:dispatch")
    assert status_of(other.get_dispatch_zip, "p1") == 403
    assert status_of(other.get_destination_dispatch_zip, "dest-a") == 403
