# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``--check`` predicts is what runs, for random declared states applied to random live accounts.

Each example seeds a live account through the API (destinations, courses, dispatches joining them, public invitations
of the courses, open or closed, xAPI credentials and pipes that use them), declares a random state of it (sections
left out or declared, objects kept, changed, added or missing, merged or overridden, some protected), and runs
``scorm_account`` as the account role does:

1. in check mode: no write request reaches the emulator;
2. for real: its ``actions`` equal the check run's (identity, action, fields and whether it was skipped), or both fail
   with the same sentence and the real run wrote nothing;
3. again: nothing changes;
4. then someone changes the account behind its back and the network or the service misbehaves once (a 503, an
   answer lost after the service acted, a refused tag, an answer of the wrong shape), and it runs once more: it
   succeeds, or fails in one sentence; a clean run after it converges, and the one after that changes nothing.

After every run: nothing declared is lost (an object the code declares and that existed still exists), and no field
an object does not declare changes (tags, notes or names that the code leaves to others stay as they were).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import APP_ID, PACKAGE, connection, examples, run_module

DESTINATIONS = ["d1", "d2", "d3"]
COURSES = ["c1", "c2"]
CREDENTIALS = ["k1", "k2"]
PIPES = ["p1", "p2"]
INVITATIONS = ["i1", "i2"]
KEY_TAG = "scorm.cloud/name="
TAGS = st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)
# Text as users write it, the awkward kinds included: it must round-trip untouched.
TEXT = st.sampled_from(["one", "Two words", "{{ not_a_variable }}", 'quote " and \\ backslash', "Zürich – 東京"])
LRS = "https://cloud.scorm.com/lrs/%s/statements" % APP_ID
TARGET = "https://lrs.example.com/xapi/"


def subset(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)) if values else st.just([])


# Course settings, each with two values the emulator admits: some set on the live course, some declared.
SETTING_VALUES = {"PlayerCaptureHistory": ["true", "false"], "PlayerScoLaunchType": ["FRAMESET", "NEW_WINDOW"]}


@st.composite
def course_settings(draw):
    return dict((name, draw(st.sampled_from(SETTING_VALUES[name]))) for name in draw(subset(sorted(SETTING_VALUES))))


def dispatch_id(course, destination):
    return "x-%s-%s" % (course, destination)


@st.composite
def live_accounts(draw):
    destinations = dict((d, {"name": draw(TEXT), "notes": draw(TEXT), "tags": draw(TAGS)}) for d in draw(subset(DESTINATIONS)))
    courses = dict((c, {"tags": draw(TAGS), "settings": draw(course_settings())}) for c in draw(subset(COURSES)))
    pairs = [(c, d) for c in sorted(courses) for d in sorted(destinations)]
    dispatches = dict((dispatch_id(c, d), {"course": c, "destination": d, "tags": draw(TAGS), "enabled": draw(st.booleans())})
                      for c, d in draw(subset(pairs)))
    credentials = dict((k, {"info": draw(TEXT)}) for k in draw(subset(CREDENTIALS)))
    pipes = dict((p, {"credential": draw(st.sampled_from(sorted(credentials)))}) for p in draw(subset(PIPES))) \
        if credentials else {}
    invitations = dict((i, {"course": draw(st.sampled_from(sorted(courses))), "cap": draw(st.integers(0, 3)),
                            "open": draw(st.booleans()), "tags": draw(TAGS)}) for i in draw(subset(INVITATIONS))) \
        if courses else {}
    return {"destinations": destinations, "courses": courses, "dispatches": dispatches,
            "xapi_credentials": credentials, "xapi_pipes": pipes, "public_invitations": invitations}


def maybe(draw, strategy):
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def declarations(draw, live):
    declared = {}
    if draw(st.booleans()):
        items = []
        for d in draw(subset(DESTINATIONS)):
            item = {"id": d, "name": draw(TEXT) if d not in live["destinations"] or draw(st.booleans()) else None,
                    "tags": maybe(draw, TAGS), "notes": maybe(draw, TEXT)}
            items.append(item)
        declared["destinations"] = items
    if draw(st.booleans()):
        declared["courses"] = [{"id": c, "src": str(PACKAGE) if draw(st.integers(0, 3)) else None,
                                "tags": maybe(draw, TAGS), "settings": maybe(draw, course_settings()),
                                "purge_settings": maybe(draw, st.booleans())} for c in draw(subset(COURSES))]
    if draw(st.booleans()):
        pairs = [(c, d) for c in COURSES for d in DESTINATIONS]
        declared["dispatches"] = [{"id": dispatch_id(c, d), "course": c, "destination": d, "tags": maybe(draw, TAGS),
                                   "enabled": maybe(draw, st.booleans())}
                                  for c, d in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3))]
    if draw(st.booleans()):
        declared["xapi_credentials"] = [{"id": k, "name": k, "secret": "declared-secret-of-%s" % k,
                                         "info": maybe(draw, TEXT)} for k in draw(subset(CREDENTIALS))]
    if draw(st.booleans()):
        declared["xapi_pipes"] = [{"id": p, "source": {"url": LRS, "user_name": draw(st.sampled_from(CREDENTIALS)),
                                                       "password": "declared-pipe-password-1"},
                                   "target": {"url": TARGET, "user_name": "lrs-user", "password": "target-password-1"}}
                                  for p in draw(subset(PIPES))]
    if draw(st.booleans()):
        declared["public_invitations"] = [{"name": i, "course": draw(st.sampled_from(COURSES)),
                                           "creating_user_email": "lms-admin@example.com",
                                           "registration_cap": maybe(draw, st.integers(0, 3)),
                                           "allow_new_registrations": maybe(draw, st.booleans()),
                                           "tags": maybe(draw, TAGS)} for i in draw(subset(INVITATIONS))]
    for items in declared.values():
        for item in items:
            for key in [key for key, value in item.items() if value is None]:
                del item[key]
    everything = DESTINATIONS + COURSES + CREDENTIALS + PIPES + INVITATIONS + [
        dispatch_id(c, d) for c in COURSES for d in DESTINATIONS]
    return {"sections": declared, "state": draw(st.sampled_from(["merged", "overridden"])),
            "protect": draw(st.lists(st.sampled_from(everything), unique=True, max_size=2))}


# -- the account, through the API ---------------------------------------------------------------------------------

def seed(emu, live):
    for d, data in live["destinations"].items():
        emu.seed_destination(d, **data)
    for c, data in live["courses"].items():
        emu.seed_course(c, tags=data["tags"])
        if data["settings"]:
            emu.call("POST", "/courses/%s/configuration" % c, json={"settings": [
                {"settingId": name, "value": value, "explicit": True} for name, value in sorted(data["settings"].items())]})
    for x, data in live["dispatches"].items():
        emu.seed_dispatch(x, data["course"], data["destination"], tags=data["tags"], enabled=data["enabled"])
    for k, data in live["xapi_credentials"].items():
        emu.seed_xapi_credential(k, info=data["info"])
    for p, data in live["xapi_pipes"].items():
        emu.seed_pipe(p, data["credential"])
    for i, data in live["public_invitations"].items():
        made = emu.call("POST", "/invitations/public", json={
            "courseId": data["course"], "creatingUserEmail": "lms-admin@example.com", "registrationCap": data["cap"],
            "tags": data["tags"] + [KEY_TAG + i]})
        if not data["open"]:
            closed = {"allowLaunch": False, "allowNewRegistrations": False}
            emu.call("PUT", "/invitations/public/%s" % made["id"], json=closed)


def snapshot(emu):
    """{(section, id): {field: value}} of every live object, as the API shows it."""
    objects = {}
    for entry in emu.list_all("/dispatch/destinations", "destinations"):
        data = entry["data"]
        objects[("destinations", entry["id"])] = {"name": data.get("name"), "notes": data.get("notes"),
                                                  "tags": sorted(data.get("tags") or [])}
    for course in emu.list_all("/courses", "courses"):
        configuration = emu.call("GET", "/courses/%s/configuration" % course["id"])["settingItems"]
        objects[("courses", course["id"])] = {"tags": sorted(t for t in course.get("tags") or []
                                                             if not t.startswith("package-sha256-")),
                                              "settings": dict((item["id"], item["explicitValue"]) for item in configuration
                                                               if item.get("explicitValue") is not None)}
    for entry in emu.list_all("/dispatch/dispatches", "dispatches"):
        data = entry["data"]
        objects[("dispatches", entry["id"])] = {"course": data["courseId"], "destination": data["destinationId"],
                                                "tags": sorted(data.get("tags") or []), "enabled": data.get("enabled")}
    for credential in emu.list_all("/xapi/credentials", "xapiCredentials"):
        objects[("xapi_credentials", credential["id"])] = {"name": credential.get("name"), "info": credential.get("info")}
    for invitation in emu.list_all("/invitations/public", "invitations"):
        tags = emu.call("GET", "/invitations/%s/tags" % invitation["id"])["tags"]
        names = [tag[len(KEY_TAG):] for tag in tags if tag.startswith(KEY_TAG)]
        objects[("public_invitations", names[0] if names else invitation["id"])] = {
            "course": invitation["courseId"], "registration_cap": invitation.get("registrationCap"),
            "allow_launch": invitation["allowLaunch"], "allow_new_registrations": invitation["allowNewRegistrations"],
            "tags": sorted(tag for tag in tags if not tag.startswith(KEY_TAG))}
    for pipe in emu.call("GET", "/xapi/statementPipes")["xapiStatementPipes"]:
        objects[("xapi_pipes", pipe["id"])] = {"source": (pipe.get("source") or {}).get("userName"),
                                               "target": (pipe.get("target") or {}).get("url")}
    return objects


def apply(emu, declaration, check_mode=False):
    args = connection(emu, state=declaration["state"], protect=declaration["protect"], **declaration["sections"])
    emu.clear_log()
    result = run_module("scorm_account", args, check_mode=check_mode)
    return result, emu.writes()


def actions(result):
    """What a run did, comparably: per section, each object's identity, action, changed fields and skip."""
    # A public invitation is known by its name (SCORM Cloud assigns its id when the real run creates it).
    return sorted((section, str(entry.get("name") if section == "public_invitations" else entry.get("id") or entry.get(
                   "name")), entry["action"], tuple(entry.get("fields") or ()),
                   bool(entry.get("skipped")))
                  for section, outcome in (result.get("sections") or {}).items() for entry in outcome["actions"])


# -- the invariants -------------------------------------------------------------------------------------------------

DECLARABLE = {"destinations": ("name", "notes", "tags"), "courses": ("tags", "settings"), "dispatches": ("tags", "enabled"),
              "xapi_credentials": ("name", "info"), "xapi_pipes": (),
              "public_invitations": ("tags", "registration_cap", "allow_new_registrations")}
# A closed invitation counts as gone: declared again, it opens again, which its declaration need not say.
REOPENED = ("allow_launch", "allow_new_registrations")


def check_invariants(declaration, before, after, result):
    """Nothing declared is lost; no field a declared object leaves out changes; a failure is one sentence."""
    if result.get("failed"):
        assert "\n" not in result["msg"] and "exception" not in result, result["msg"]
    for section, items in declaration["sections"].items():
        for item in items:
            key = (section, item.get("id", item.get("name")))
            if key in before:
                assert key in after, "%s %s was declared and is gone: %s" % (section, key[1], result.get("msg"))
                closed = section == "public_invitations" and not before[key]["allow_launch"] and not before[key][
                    "allow_new_registrations"]
                for field in DECLARABLE[section]:
                    # purge_settings declares the course's settings: those it does not name go.
                    if field not in item and not (field == "settings" and item.get("purge_settings")) and not (
                            closed and field in REOPENED):
                        assert after[key][field] == before[key][field], (
                            "%s %s: %s changed from %r to %r though it is not declared" % (
                                section, key[1], field, before[key][field], after[key][field]))
    if declaration["state"] == "merged":
        declared = set((section, item.get("id", item.get("name"))) for section, items in declaration["sections"].items()
                       for item in items)
        for key in before:
            if key not in declared:
                # Undeclared objects are left alone: a course's dispatches go only with a declared course.
                assert key in after or key[0] == "dispatches", "%s %s was not declared and is gone" % key


# -- what goes wrong between runs -----------------------------------------------------------------------------------

@st.composite
def mishaps(draw):
    change = draw(st.sampled_from(["none", "retag", "rename", "delete", "add"]))
    target = draw(st.sampled_from(DESTINATIONS))
    fault = draw(st.sampled_from([
        None,
        {"status": 503, "retry_after": 0, "times": 1, "method": "PUT", "path_regex": "^/api/v2/dispatch/destinations/"},
        {"action": "drop_after_commit", "times": 1, "method": "PUT", "path_regex": "^/api/v2/(dispatch|xapi)/"},
        {"action": "drop_after_commit", "times": 1, "method": "POST", "path_regex": "^/api/v2/dispatch/dispatches$"},
        {"status": 400, "times": 1, "method": "PUT", "path_regex": "/tags$"},
        {"action": "rewrite", "times": 1, "method": "GET", "path_regex": "^/api/v2/dispatch/destinations$",
         "patch": [{"op": "remove", "path": "/destinations/0"}]},
        {"action": "answer", "times": 1, "method": "GET", "path_regex": "^/api/v2/courses$", "content_type": "text/html",
         "body": "<html><title>Login</title></html>"},
    ]))
    return change, target, fault


def misbehave(emu, change, target, declaration):
    """Someone changes the account behind the collection's back. Only a destination the code declares with a name is
    deleted: one it does not declare, or declares without the name a create needs, cannot come back, and a dispatch
    that needs it could not either."""
    exists = ("destinations", target) in snapshot(emu)
    declared = target in [item["id"] for item in declaration["sections"].get("destinations", []) if item.get("name")]
    if change == "delete" and not declared:
        return
    if change == "retag" and exists:
        emu.call("PUT", "/dispatch/destinations/%s/tags" % target, json={"tags": ["someone-else"]})
    elif change == "rename" and exists:
        emu.call("PUT", "/dispatch/destinations/%s" % target, json={"name": "Renamed by hand"})
    elif change == "delete" and exists:
        emu.call("DELETE", "/dispatch/destinations/%s" % target)
    elif change == "add" and not exists:
        emu.seed_destination(target, tags=["by-hand"])


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
@given(data=st.data())
def test_what_check_mode_predicts_is_what_runs(emu, data):
    live = data.draw(live_accounts(), label="live account")
    declaration = data.draw(declarations(live), label="declared state")
    emu.reset()
    seed(emu, live)
    before = snapshot(emu)

    predicted, written = apply(emu, declaration, check_mode=True)
    assert written == [], "check mode wrote: %s" % written
    assert snapshot(emu) == before

    ran, written = apply(emu, declaration)
    assert bool(predicted.get("failed")) == bool(ran.get("failed")), (predicted.get("msg"), ran.get("msg"))
    if predicted.get("failed"):
        assert ran["msg"] == predicted["msg"]
        assert written == [], "a run whose plan failed wrote: %s" % written
    assert actions(ran) == actions(predicted), json.dumps([predicted.get("msg"), ran.get("msg")])
    after = snapshot(emu)
    check_invariants(declaration, before, after, ran)
    if ran.get("failed"):
        return  # the plan itself is refused (a purge of what a kept object needs, a course without a package...)

    again, written = apply(emu, declaration)
    assert again["changed"] is False and written == [], (actions(again), written)

    change, target, fault = data.draw(mishaps(), label="mishap")
    misbehave(emu, change, target, declaration)
    before = snapshot(emu)
    if fault:
        emu.fault(**fault)
    troubled, _written = apply(emu, declaration)
    emu.clear_faults()
    check_invariants(declaration, before, snapshot(emu), troubled)

    settled, _written = apply(emu, declaration)
    assert not settled.get("failed"), settled.get("msg")
    check_invariants(declaration, before, snapshot(emu), settled)
    final, written = apply(emu, declaration)
    assert final["changed"] is False and written == [], (actions(final), written)
