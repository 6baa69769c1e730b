"""The benchmark's account: what is declared, how it is seeded through the API, and how it drifts.

An account of size N holds N destinations, and (whatever N) the same courses, xAPI statement pipes and xAPI
credentials. Everything is generated from the object's number, so the declared state (the state files the
contenders apply) and the seeded account (what a previous run would have left) are the same objects by
construction: a no-op is a no-op for every contender.

Seeding uses the API the way the collection would, but batched and concurrent (one POST per 100 destinations),
so that a 10,000-destination account is ready in seconds even at 50 ms latency.
"""

import hashlib
import io
import json
import math
import os
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import requests

APP_ID = "scorm-demo"
SECRET_KEY = "scorm-demo-secret"
BATCH = 100  # destinations per POST /dispatch/destinations, as the account engine sends them
SEED_WORKERS = 8
TEMPLATE_ZIP = os.path.join(os.path.dirname(__file__), "..", "integration", "targets", "scorm_course", "files",
                            "tiny-scorm12.zip")
DRIFTED_NOTES = "changed outside Ansible"

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench.course.{number:03d}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="page_item" identifierref="page_resource"><title>The only page</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="page_resource" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""


class Shape:
    """How many objects of each kind the account holds."""

    def __init__(self, destinations, courses=100, pipes=20, xapi_credentials=20):
        self.destinations = destinations
        self.courses = courses
        self.pipes = pipes
        self.xapi_credentials = xapi_credentials

    def as_dict(self):
        return dict(destinations=self.destinations, courses=self.courses, pipes=self.pipes,
                    xapi_credentials=self.xapi_credentials)


# -- the declared objects, in the account role's shape -----------------------------------------------------------
def destination(number, notes="managed by Ansible"):
    return {"id": "lms-%05d" % number, "name": "Client LMS %d" % number, "notes": notes,
            "tags": ["client-lms", "region-%d" % (number % 4)]}


def course(number, package_dir):
    return {"id": "course-%03d" % number, "src": os.path.join(package_dir, "course-%03d.zip" % number),
            "title": course_title(number), "tags": ["catalog"]}


def course_title(number):
    return "Benchmark course %d" % number


def pipe(number):
    return {"id": "pipe-%02d" % number,
            "source": {"url": "https://lrs-%02d.example.com/xapi/" % number, "user_name": "source-%02d" % number,
                       "password": "source-password-%02d" % number},
            "target": {"url": "https://warehouse.example.com/xapi/", "user_name": "target-%02d" % number,
                       "password": "target-password-%02d" % number}}


def xapi_credential(number):
    return {"id": "xapi-%02d" % number, "name": "Reporting key %d" % number, "auth": "BASICAUTH",
            "permissions_level": "READONLY", "enabled": True, "secret": "bench-secret-%02d-0123456789abcdef" % number}


def destinations(shape):
    return [destination(number) for number in range(shape.destinations)]


def changed_numbers(shape, count=10):
    """The destinations a 'changes' run finds drifted: spread over the whole account, not one page."""
    step = max(shape.destinations // count, 1)
    return [number * step for number in range(min(count, shape.destinations))]


def account_state(shape, package_dir):
    """The account role's variables for the whole account (the apply playbook's state file)."""
    return {
        "scorm_destinations": destinations(shape),
        "scorm_courses": [course(number, package_dir) for number in range(shape.courses)],
        "scorm_xapi_credentials": [xapi_credential(number) for number in range(shape.xapi_credentials)],
        "scorm_xapi_pipes": [pipe(number) for number in range(shape.pipes)],
    }


def list_pages(shape, page_size):
    """The list pages needed to read what exists (an empty list is still one page; pipes are not paged)."""
    def pages(count):
        return max(1, math.ceil(count / float(page_size)))
    return {"destinations": pages(shape.destinations), "courses": pages(shape.courses),
            "xapi_credentials": pages(shape.xapi_credentials), "xapi_pipes": 1}


def first_apply_writes(shape):
    """The fewest writes that create the account: destinations 100 per POST, one import per course, one PUT per
    pipe and per xAPI credential (those APIs have no batch create)."""
    return {"destinations": math.ceil(shape.destinations / float(BATCH)), "courses": shape.courses,
            "xapi_credentials": shape.xapi_credentials, "xapi_pipes": shape.pipes}


def write_packages(shape, package_dir):
    """One small, distinct SCORM 1.2 zip per course (own identifier and title), from the integration tests' zip."""
    os.makedirs(package_dir, exist_ok=True)
    with zipfile.ZipFile(TEMPLATE_ZIP) as template:
        page = template.read("index.html")
    for number in range(shape.courses):
        path = os.path.join(package_dir, "course-%03d.zip" % number)
        manifest = MANIFEST.format(number=number, title=course_title(number)).encode("utf-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in (("imsmanifest.xml", manifest), ("index.html", page)):
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                archive.writestr(info, data)
        data = buffer.getvalue()
        if not os.path.exists(path) or open(path, "rb").read() != data:
            with open(path, "wb") as handle:
                handle.write(data)


# -- talking to the emulator ---------------------------------------------------------------------------------------
class Emulator:
    """The emulator's API (as the seeded application) and its test hooks."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.api_url = self.base_url + "/api/v2"
        self.session = requests.Session()
        self.session.auth = (APP_ID, SECRET_KEY)
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=SEED_WORKERS * 2)
        self.session.mount("http://", adapter)

    def call(self, method, path, expect=(200, 204), **kwargs):
        response = self.session.request(method, self.api_url + path, timeout=60, **kwargs)
        if response.status_code not in expect:
            raise RuntimeError("%s %s answered %s: %s" % (method, path, response.status_code, response.text[:300]))
        return response.json() if response.content else None

    def hook(self, method, name):
        response = requests.request(method, "%s/__emulator/%s" % (self.base_url, name), timeout=60)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self):
        self.hook("POST", "reset")

    def clear_log(self):
        self.hook("DELETE", "requests")

    def requests_log(self):
        return self.hook("GET", "requests")["requests"]

    def internal_errors(self):
        return self.hook("GET", "errors")["errors"]

    def seed(self, shape, package_dir):
        """Create the whole declared account, as a previous apply would have left it."""
        batches = [range(start, min(start + BATCH, shape.destinations)) for start in range(0, shape.destinations, BATCH)]
        jobs = [lambda numbers=numbers: self.call("POST", "/dispatch/destinations", json={"destinations": [
            {"id": d["id"], "data": {"name": d["name"], "notes": d["notes"], "tags": d["tags"]}}
            for d in (destination(number) for number in numbers)]}) for numbers in batches]
        jobs += [lambda number=number: self.import_course(number, package_dir) for number in range(shape.courses)]
        jobs += [lambda number=number: self.put_pipe(pipe(number)) for number in range(shape.pipes)]
        jobs += [lambda number=number: self.put_xapi_credential(xapi_credential(number))
                 for number in range(shape.xapi_credentials)]
        with ThreadPoolExecutor(SEED_WORKERS) as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()
        if shape.courses:
            self.call("PUT", "/courses/tags", json={"ids": ["course-%03d" % n for n in range(shape.courses)],
                                                    "tags": ["catalog"]})

    def import_course(self, number, package_dir):
        wanted = course(number, package_dir)
        with open(wanted["src"], "rb") as package:
            # An apply leaves each course tagged with its package's fingerprint, so the seed does too.
            answer = self.call("POST", "/courses/importJobs/upload",
                               params={"courseId": wanted["id"], "mayCreateNewVersion": "true",
                                       "tags": package_fingerprint(wanted["src"])},
                               files={"file": (os.path.basename(wanted["src"]), package, "application/zip")})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job = self.call("GET", "/courses/importJobs/%s" % answer["result"])
            if job["status"] == "COMPLETE":
                return
            if job["status"] == "ERROR":
                raise RuntimeError("seeding course %s failed: %s" % (wanted["id"], job.get("message")))
            time.sleep(0.05)
        raise RuntimeError("seeding course %s did not finish within 30 s" % wanted["id"])

    def put_pipe(self, item):
        body = dict((name, {"url": item[name]["url"], "userName": item[name]["user_name"],
                            "password": item[name]["password"]}) for name in ("source", "target"))
        self.call("PUT", "/xapi/statementPipes/%s" % item["id"], json=body)

    def put_xapi_credential(self, item):
        self.call("PUT", "/xapi/credentials/%s" % item["id"], json={
            "name": item["name"], "secret": item["secret"], "isEnabled": item["enabled"], "auth": item["auth"],
            "permissionsLevel": item["permissions_level"]})

    def drift(self, numbers):
        """Change some destinations behind the declared state's back: a run then has exactly that many changes."""
        for number in numbers:
            wanted = destination(number)
            self.call("PUT", "/dispatch/destinations/%s" % wanted["id"],
                      json={"name": wanted["name"], "notes": DRIFTED_NOTES, "tags": wanted["tags"]})

    def counts(self):
        """How many objects of each kind exist (a check that seeding and first applies did what they should)."""
        def total(path):
            answer = self.session.get(self.api_url + path, params={"includeTotalCount": "true"}, timeout=60)
            answer.raise_for_status()
            return int(answer.headers.get("X-Total-Count", "-1"))
        pipes = self.call("GET", "/xapi/statementPipes")["xapiStatementPipes"]
        return {"destinations": total("/dispatch/destinations"), "courses": total("/courses"),
                "xapi_credentials": total("/xapi/credentials"), "pipes": len(pipes)}


def package_fingerprint(path):
    """The tag scorm.cloud gives a course imported from ``path`` (module_utils/_courses.py: FINGERPRINT)."""
    with open(path, "rb") as handle:
        return "package-sha256-" + hashlib.sha256(handle.read()).hexdigest()[:32]


def write_json(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
