# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of runme.sh for its own emulator (URL in EMULATOR_URL, SQLite file in EMULATOR_DB):
  free-port                        print a free TCP port
  wait-ready                       wait until /__emulator/health answers
  reset                            empty the emulator (POST /__emulator/reset)
  stall METHOD REGEX SECONDS TIMES delay the next TIMES matching requests by SECONDS (the emulator's delay fault)
  state FILE N_DEST N_XAPI N_PIPE  write an account-role state file (destinations, xAPI credentials with an id, pipes)
  wait-writes N                    wait until N write requests are in the request log
  writes                           print the number of write requests in the log
  expect-content FILE              the emulator holds exactly the destinations, xAPI credentials and pipes of FILE,
                                   and each pipe's source password is its xAPI credential's secret
  count KIND [NAME]                print how many objects of an emulator kind (apps, credentials, or a docs kind)
                                   the seeded application holds (apps: all non-seeded apps), with that name
  forwarder-consistent SECRET      the xAPI credential statement-forwarder and the pipe to-remote-lrs both hold SECRET
  course-versions ID               print the versions of the course
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket
import sqlite3
import sys
import time

from urllib.request import Request, urlopen  # a test helper for Python 3 controllers only

URL = os.environ.get("EMULATOR_URL", "")
DB = os.environ.get("EMULATOR_DB", "")
TENANT = "scorm-demo"
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = Request(URL + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def write_requests():
    return [r for r in call("GET", "/__emulator/requests")["requests"]
            if r["method"] in WRITES and not r["path"].endswith("/token")]


def docs(kind):
    with sqlite3.connect(DB) as db:
        rows = db.execute("SELECT id, json FROM docs WHERE tenant = ? AND kind = ?", (TENANT, kind)).fetchall()
    return dict((row[0], json.loads(row[1])) for row in rows)


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def state(path, destinations, xapi, pipes):
    lines = ["---", "scorm_destinations:"]
    lines += ["  - {id: 'dest-%03d', name: 'Destination %d', tags: [interrupted]}" % (n, n) for n in range(destinations)]
    lines.append("scorm_xapi_credentials:")
    lines += ["  - {id: 'lrs-key-%02d', name: 'LRS key %d', permissions_level: READONLY, secret: 'lrs-secret-%02d-'}"
              % (n, n, n) for n in range(xapi)]
    lines.append("scorm_xapi_pipes:")
    lines += ["  - {id: 'pipe-%02d', source: {url: 'https://cloud.scorm.com/lrs/scorm-demo/statements', user_name: "
              "'lrs-key-%02d', password: 'lrs-secret-%02d-'}, target: {url: 'https://lrs.example.com/xapi/', "
              "user_name: 'remote', password: 'remote-password'}}" % (n, n, n) for n in range(pipes)]
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def expect_content(path):
    import yaml
    with open(path) as source:
        declared = yaml.safe_load(source)
    problems = []
    for section, kind in (("scorm_destinations", "destination"), ("scorm_xapi_credentials", "xapicredential"),
                          ("scorm_xapi_pipes", "xapipipe")):
        wanted = set(item["id"] for item in declared.get(section) or [])
        held = docs(kind)
        if set(held) != wanted:
            problems.append("%s: %d held, %d declared; missing %s, extra %s" % (
                kind, len(held), len(wanted), sorted(wanted - set(held))[:5], sorted(set(held) - wanted)[:5]))
    credentials = docs("xapicredential")
    for pipe_id, pipe in docs("xapipipe").items():
        source = pipe.get("source") or {}
        key = credentials.get(source.get("userName"))
        if key is None or key.get("secret") != source.get("password"):
            problems.append("pipe %s does not read with its xAPI credential's secret" % pipe_id)
    if problems:
        fail("; ".join(problems))


def count(kind, name=None):
    with sqlite3.connect(DB) as db:
        if kind == "apps":
            rows = db.execute("SELECT name FROM apps WHERE seeded = 0").fetchall()
        elif kind == "credentials":
            rows = db.execute("SELECT c.name FROM credentials c JOIN apps a ON a.id = c.app_id WHERE a.seeded = 0"
                              ).fetchall()
        else:
            rows = [(json.loads(row[0]).get("name"),) for row in db.execute(
                "SELECT json FROM docs WHERE tenant = ? AND kind = ?", (TENANT, kind)).fetchall()]
    print(len([row for row in rows if name is None or row[0] == name]))


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "free-port":
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])
        sock.close()
    elif command == "wait-ready":
        deadline = time.time() + 30
        while True:
            try:
                call("GET", "/__emulator/health")
                return
            except Exception:  # not listening yet
                if time.time() > deadline:
                    fail("the emulator did not start within 30 s")
                time.sleep(0.2)
    elif command == "reset":
        call("POST", "/__emulator/reset")
    elif command == "stall":
        call("POST", "/__emulator/faults", {"method": args[0], "path_regex": args[1], "action": "delay",
                                            "seconds": float(args[2]), "times": int(args[3])})
    elif command == "state":
        state(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "wait-writes":
        deadline = time.time() + 120
        while len(write_requests()) < int(args[0]):
            if time.time() > deadline:
                fail("fewer than %s write requests within 120 s" % args[0])
            time.sleep(0.05)
    elif command == "writes":
        print(len(write_requests()))
    elif command == "expect-content":
        expect_content(args[0])
    elif command == "count":
        count(args[0], args[1] if len(args) > 1 else None)
    elif command == "forwarder-consistent":
        key = docs("xapicredential").get("statement-forwarder") or {}
        pipe = docs("xapipipe").get("to-remote-lrs") or {}
        if not (key.get("secret") == args[0] == (pipe.get("source") or {}).get("password")):
            fail("the pipe to-remote-lrs and the xAPI credential statement-forwarder hold different secrets")
    elif command == "course-versions":
        course = docs("course").get(args[0]) or {}
        print(" ".join(str(version.get("version")) for version in course.get("versions") or []))
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main(sys.argv)
