"""Dispatch packages: the zips behind GET /dispatch/dispatches/{id}/zip and …/destinations/{id}/dispatches/zip.

A dispatch package is a SCORM 1.2 stub that an LMS imports like any course; launching it opens the
dispatch on the service.  The emulator's stub holds two files:

    imsmanifest.xml   SCORM 1.2 (schemaversion 1.2): one organization titled like the course, with one
                      item whose SCO resource is index.html
    index.html        the launcher: redirects (meta refresh, plus a plain link) to the launch URL and, with
                      a cssUrl, links that stylesheet

The launch URL is `<base URL>dispatch/launch/<appId>/<dispatchId>` (both percent-encoded as one path
segment each), plus `?cssUrl=<cssUrl>` when one was asked for.  The emulator does not serve it: there is
no player.

The bytes are deterministic: entries in a fixed order, stored (not deflated, so no dependency on the zlib
build), with a fixed 1980-01-01 timestamp and fixed attributes.  An unchanged dispatch therefore downloads
as the same bytes every time; a change of the course title, of the cssUrl or of the server's base URL
changes them.  A destination's zip holds one such package per dispatch, named by `entry_name()`.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from html import escape
from urllib.parse import quote, urlencode

from .errors import bad_request

PACKAGE_TYPES = ("SCORM_12",)
DEFAULT_TYPE = "SCORM_12"
LAUNCHER = "index.html"
MANIFEST = "imsmanifest.xml"
# For the OpenAPI document of the zip routes.
ZIP_RESPONSES = {200: {"description": "A zip (Content-Type exactly application/zip, which the SDKs require)",
                       "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}}
_EPOCH = (1980, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_DOTS = re.compile(r"\.{2,}")
MAX_ENTRY_STEM = 100


def package_type(value: str | None) -> str:
    """The `type` query: absent or empty = SCORM_12; compared without regard to case; anything else is a 400."""
    if value is None or not value.strip():
        return DEFAULT_TYPE
    for allowed in PACKAGE_TYPES:
        if value.strip().upper() == allowed:
            return allowed
    raise bad_request(f"type must be {' or '.join(PACKAGE_TYPES)}: that is the only dispatch package type")


def launch_url(base_url: str, app_id: str, dispatch_id: str, css_url: str | None) -> str:
    url = f"{base_url.rstrip('/')}/dispatch/launch/{quote(app_id, safe='')}/{quote(dispatch_id, safe='')}"
    if css_url:
        url += "?" + urlencode({"cssUrl": css_url})
    return url


def manifest(dispatch_id: str, app_id: str, title: str) -> str:
    # xs:ID values must be NCNames, which arbitrary ids are not: the manifest identifier is derived instead.
    ident = "dispatch_" + hashlib.sha256(f"{app_id}\n{dispatch_id}".encode()).hexdigest()[:24]
    title = escape(title, quote=False)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                              http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                              http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="dispatch_org">
    <organization identifier="dispatch_org">
      <title>{title}</title>
      <item identifier="dispatch_item" identifierref="dispatch_sco" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="dispatch_sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCHER}">
      <file href="{LAUNCHER}"/>
    </resource>
  </resources>
</manifest>
"""


def launcher(dispatch_id: str, title: str, url: str, css_url: str | None) -> str:
    css = f'\n<link rel="stylesheet" href="{escape(css_url)}">' if css_url else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={escape(url)}">
<title>{escape(title)}</title>{css}
</head>
<body data-dispatch-id="{escape(dispatch_id)}">
<p><a href="{escape(url)}">Launch {escape(title)}</a></p>
</body>
</html>
"""


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3                  # Unix, whatever the host
            info.external_attr = 0o100644 << 16     # a regular file, rw-r--r--
            archive.writestr(info, data)
    return buffer.getvalue()


def dispatch_package(base_url: str, app_id: str, dispatch_id: str, course_title: str,
                     css_url: str | None) -> bytes:
    """The SCORM 1.2 stub of one dispatch."""
    url = launch_url(base_url, app_id, dispatch_id, css_url)
    return _zip([(MANIFEST, manifest(dispatch_id, app_id, course_title).encode()),
                 (LAUNCHER, launcher(dispatch_id, course_title, url, css_url).encode())])


def entry_name(dispatch_id: str) -> str:
    """`<dispatchId>.zip` when the id is a safe file name (letters, digits, '.', '_', '-'; not starting with a
    dot, no '..', at most 100 characters); otherwise unsafe characters and runs of dots become '_', the stem
    is cut to 100 characters and '-' plus 12 hex digits of the id's SHA-256 keep different ids apart."""
    stem = _DOTS.sub("_", _UNSAFE.sub("_", dispatch_id))
    if stem.startswith("."):
        stem = "_" + stem[1:]
    if stem != dispatch_id or len(stem) > MAX_ENTRY_STEM:
        stem = f"{stem[:MAX_ENTRY_STEM]}-{hashlib.sha256(dispatch_id.encode()).hexdigest()[:12]}"
    return stem + ".zip"


def bundle(packages: list[tuple[str, bytes]]) -> bytes:
    """A zip of dispatch packages: [(dispatch id, package bytes)] in the given order."""
    return _zip([(entry_name(dispatch_id), data) for dispatch_id, data in packages])
