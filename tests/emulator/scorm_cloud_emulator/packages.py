"""Course package parsing for imports: which learning standard a zip is, its title, activity tree and files.

Recognised, looked up at the root of the zip only (file names compared without regard to case):
  imsmanifest.xml  SCORM 1.1 / 1.2 / 2004 2nd, 3rd or 4th edition (from <schemaversion>, else the namespaces)
  cmi5.xml         CMI5
  tincan.xml       XAPI
  *.crs (+ .au, .des; .cst optional)  AICC (title from Course_Title)
The first of these that exists decides the standard.  Anything else, or a file that is not a zip, raises
PackageError with the message an import job reports.  Only the descriptor files are read; the rest of the
package is listed (path, size, date) and never loaded into memory.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import IO
from xml.etree import ElementTree

from .wire import format_dt

MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 100_000


class PackageError(Exception):
    """The package cannot be imported; str(exc) is the import job's message."""


@dataclass
class Package:
    standard: str
    title: str
    identifier: str                      # the package's own id: manifest identifier, activity/course IRI, Course_ID
    root_activity: dict
    single_sco: bool
    metadata: dict
    files: list[dict]
    warnings: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


# -- zip access ---------------------------------------------------------------------------------------
def _root_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    return {info.filename.lower(): info for info in archive.infolist()
            if "/" not in info.filename.rstrip("/") and not info.is_dir()}


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        raise PackageError(f"{info.filename} is larger than {MAX_DESCRIPTOR_BYTES // (1024 * 1024)} MB")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        raise PackageError(f"{info.filename} could not be read from the zip: {exc}")


def _file_list(archive: zipfile.ZipFile) -> list[dict]:
    files = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            stamp = datetime(*info.date_time, tzinfo=timezone.utc)
        except ValueError:
            stamp = datetime(1980, 1, 1, tzinfo=timezone.utc)
        files.append({"path": info.filename, "size": info.file_size, "modified": format_dt(stamp)})
    return files


def _xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> ElementTree.Element:
    data = _read(archive, info)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise PackageError(f"{info.filename}: DTDs and entity declarations are not accepted")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise PackageError(f"{info.filename} is not well-formed XML: {exc}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: ElementTree.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _attr(element: ElementTree.Element, name: str) -> str:
    """An attribute by local name, whatever its namespace (adlcp:scormtype vs adlcp:scormType)."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return ""


def _langstring(element: ElementTree.Element | None, languages: set[str]) -> str:
    """First <langstring> under element (cmi5), or the element's own text."""
    strings = [e for e in element.iter() if _local(e.tag) == "langstring"] if element is not None else []
    for item in strings:
        lang = _attr(item, "lang")
        if lang:
            languages.add(lang)
    return _text(strings[0]) if strings else _text(element)


def parse_package(source: IO[bytes] | bytes, course_id: str) -> Package:
    """Inspect a zip (a seekable binary file or bytes) and describe the course it imports as."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError("The uploaded file is not a valid zip archive")
    with archive:
        if len(archive.infolist()) > MAX_ENTRIES:
            raise PackageError(f"The package has more than {MAX_ENTRIES} entries")
        root = _root_entries(archive)
        files = _file_list(archive)
        if "imsmanifest.xml" in root:
            return _scorm(archive, root["imsmanifest.xml"], course_id, files)
        if "cmi5.xml" in root:
            return _cmi5(archive, root["cmi5.xml"], course_id, files)
        if "tincan.xml" in root:
            return _tincan(archive, root["tincan.xml"], course_id, files)
        crs = sorted(name for name in root if name.endswith(".crs"))
        if crs:
            return _aicc(archive, root, crs[0], course_id, files)
    raise PackageError("No course descriptor found: the zip has no imsmanifest.xml, cmi5.xml, tincan.xml or AICC "
                       ".crs file at its root")


# -- SCORM --------------------------------------------------------------------------------------------
SCHEMA_VERSIONS = {
    "1.1": "SCORM11",
    "1.2": "SCORM12",
    "cam 1.3": "SCORM20042NDEDITION",
    "2004 2nd edition": "SCORM20042NDEDITION",
    "2004 3rd edition": "SCORM20043RDEDITION",
    "2004 4th edition": "SCORM20044THEDITION",
}


def _scorm_standard(manifest: ElementTree.Element, warnings: list[str]) -> str:
    version = _text(_child(_child(manifest, "metadata"), "schemaversion"))
    if version.lower() in SCHEMA_VERSIONS:
        return SCHEMA_VERSIONS[version.lower()]
    namespaces = " ".join([manifest.tag] + [e.tag for e in manifest.iter()] + list(manifest.attrib.values()))
    is_2004 = "imscp_v1p1" in namespaces or "adlcp_v1p3" in namespaces
    guess = "SCORM20043RDEDITION" if is_2004 else "SCORM12"
    warnings.append(f"Unrecognised schemaversion '{version[:100]}'; imported as {guess} from the manifest's "
                    "namespaces" if version else f"The manifest has no schemaversion; imported as {guess} from "
                    "its namespaces")
    return guess


def _scorm_item(item: ElementTree.Element, resources: dict[str, ElementTree.Element]) -> dict:
    identifier = _attr(item, "identifier")
    children = [_scorm_item(c, resources) for c in _children(item, "item")]
    ref = _attr(item, "identifierref")
    node = {"externalIdentifier": identifier, "itemIdentifier": identifier, "title": _text(_child(item, "title")),
            "activityType": "AGGREGATION" if children else "ASSET", "children": children}
    if ref:
        node["resourceIdentifier"] = ref
        resource = resources.get(ref)
        if resource is not None:
            if _attr(resource, "scormtype").lower() == "sco":
                node["activityType"] = "SCO"
            node["href"] = _attr(resource, "href") + _attr(item, "parameters")
    return node


def _leaves(node: dict) -> list[dict]:
    return [leaf for child in node["children"] for leaf in _leaves(child)] if node["children"] else [node]


def _scorm(archive, info, course_id, files) -> Package:
    manifest = _xml(archive, info)
    if _local(manifest.tag) != "manifest":
        raise PackageError("imsmanifest.xml: the root element is not <manifest>")
    warnings: list[str] = []
    standard = _scorm_standard(manifest, warnings)
    organizations = _child(manifest, "organizations")
    orgs = _children(organizations, "organization")
    if not orgs:
        raise PackageError("imsmanifest.xml defines no <organization>, so the package has nothing to launch")
    default = _attr(organizations, "default")
    org = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0])
    if default and _attr(org, "identifier") != default:
        warnings.append(f"The default organization '{default[:100]}' does not exist; using the first one")
    resources = {_attr(r, "identifier"): r for r in _children(_child(manifest, "resources"), "resource")}
    manifest_id = _attr(manifest, "identifier")
    title = _text(_child(org, "title"))
    if not title:
        title = manifest_id or course_id
        warnings.append(f"The organization has no <title>; the course is titled '{title[:100]}' after the "
                        f"{'manifest identifier' if manifest_id else 'course id'}")
    org_id = _attr(org, "identifier")
    root = {"externalIdentifier": org_id, "itemIdentifier": org_id, "title": title, "activityType": "AGGREGATION",
            "children": [_scorm_item(item, resources) for item in _children(org, "item")]}
    launchable = [leaf for leaf in _leaves(root) if leaf.get("href")]
    if not launchable:
        warnings.append("No item of the organization refers to a launchable resource")
    paths = {f["path"] for f in files}
    for leaf in launchable:
        target = re.split(r"[?#]", leaf["href"], maxsplit=1)[0]
        if "://" not in target and target not in paths:
            warnings.append(f"Item '{leaf['itemIdentifier'][:100]}' launches '{target[:200]}', which is not in the "
                            "package")
    return Package(standard=standard, title=title, identifier=manifest_id or org_id, root_activity=root,
                   single_sco=len(launchable) <= 1, metadata={"title": title}, files=files, warnings=warnings)


# -- cmi5 and xAPI ------------------------------------------------------------------------------------
def _cmi5(archive, info, course_id, files) -> Package:
    structure = _xml(archive, info)
    course = _child(structure, "course")
    if course is None:
        raise PackageError("cmi5.xml has no <course> element")
    languages: set[str] = set()
    warnings: list[str] = []
    identifier = _attr(course, "id")
    title = _langstring(_child(course, "title"), languages)
    if not title:
        title = identifier or course_id
        warnings.append(f"The cmi5 course has no title; the course is titled '{title[:100]}'")
    aus = [e for e in structure.iter() if _local(e.tag) == "au"]
    if not aus:
        raise PackageError("cmi5.xml defines no assignable unit (<au>)")
    children = [{"externalIdentifier": _attr(au, "id"), "itemIdentifier": _attr(au, "id"), "activityType": "SCO",
                 "title": _langstring(_child(au, "title"), languages), "href": _text(_child(au, "url")),
                 "children": []} for au in aus]
    description = _langstring(_child(course, "description"), languages)
    root = {"externalIdentifier": identifier, "itemIdentifier": identifier, "title": title,
            "activityType": "AGGREGATION", "children": children}
    return Package(standard="CMI5", title=title, identifier=identifier, root_activity=root,
                   single_sco=len(aus) == 1, metadata=_metadata(title, description), files=files,
                   warnings=warnings, languages=sorted(languages))


def _tincan(archive, info, course_id, files) -> Package:
    document = _xml(archive, info)
    activities = [e for e in document.iter() if _local(e.tag) == "activity"]
    if not activities:
        raise PackageError("tincan.xml defines no <activity>")
    course = next((a for a in activities if _attr(a, "type").rstrip("/").endswith("/course")), activities[0])
    languages = {_attr(e, "lang") for e in course if _attr(e, "lang")}
    warnings: list[str] = []
    identifier = _attr(course, "id")
    title = _text(_child(course, "name"))
    if not title:
        title = identifier or course_id
        warnings.append(f"The xAPI activity has no name; the course is titled '{title[:100]}'")
    launch = _text(_child(course, "launch"))
    if not launch:
        warnings.append("The xAPI activity has no launch URL")
    root = {"externalIdentifier": identifier, "itemIdentifier": identifier, "title": title, "activityType": "SCO",
            "href": launch, "children": []}
    return Package(standard="XAPI", title=title, identifier=identifier, root_activity=root, single_sco=True,
                   metadata=_metadata(title, _text(_child(course, "description"))), files=files,
                   warnings=warnings, languages=sorted(languages))


def _metadata(title: str, description: str) -> dict:
    metadata = {"title": title}
    if description:
        metadata["description"] = description
    return metadata


# -- AICC ---------------------------------------------------------------------------------------------
_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _crs_fields(text: str) -> dict[str, str]:
    """The [Course] section of a .crs file as {lower-case key: value}."""
    section, fields = "", {}
    for line in text.splitlines():
        match = _SECTION.match(line)
        if match:
            section = match.group(1).strip().lower()
        elif section == "course" and "=" in line:
            key, value = line.split("=", 1)
            fields[key.strip().lower()] = value.strip()
    return fields


def _csv_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    return [dict(zip(header, (v.strip() for v in row))) for row in rows[1:] if any(v.strip() for v in row)]


def _aicc(archive, root, crs_name, course_id, files) -> Package:
    stem = crs_name[:-len(".crs")]
    missing = [ext for ext in (".au", ".des") if stem + ext not in root]
    if missing:
        raise PackageError(f"AICC package: {crs_name} has no matching {' and '.join(stem + m for m in missing)}")
    warnings = [] if stem + ".cst" in root else [f"AICC package: {stem}.cst is missing"]
    fields = _crs_fields(_decode(_read(archive, root[crs_name])))
    titles = {row.get("system_id", ""): row.get("title", "") for row in
              _csv_rows(_decode(_read(archive, root[stem + ".des"])))}
    units = _csv_rows(_decode(_read(archive, root[stem + ".au"])))
    if not units:
        raise PackageError(f"AICC package: {stem}.au lists no assignable unit")
    identifier = fields.get("course_id", "")
    title = fields.get("course_title", "")
    if not title:
        title = identifier or course_id
        warnings.append(f"AICC package: {crs_name} has no Course_Title; the course is titled '{title[:100]}'")
    children = [{"externalIdentifier": unit.get("system_id", ""), "itemIdentifier": unit.get("system_id", ""),
                 "activityType": "SCO", "title": titles.get(unit.get("system_id", ""), ""),
                 "href": unit.get("file_name", ""), "children": []} for unit in units]
    root_activity = {"externalIdentifier": identifier, "itemIdentifier": identifier, "title": title,
                     "activityType": "AGGREGATION", "children": children}
    return Package(standard="AICC", title=title, identifier=identifier, root_activity=root_activity,
                   single_sco=len(units) == 1, metadata={"title": title}, files=files, warnings=warnings)
