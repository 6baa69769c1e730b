# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Public invitations: a course's open link, with a registration cap and an expiry date.

SCORM Cloud assigns their ids and cannot delete one, so an invitation is known by a ``name`` kept in one of its tags
(``KEY_TAG``), and ``state: absent`` closes it (no launch, no new registrations): a closed invitation counts as gone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import (
    EXPIRATION_DATE, POSTBACK, missing_references, planned_keys)
from ansible_collections.scorm.cloud.plugins.module_utils._engine import DELETED, MAX_INT, SkipItem, match_live
from ansible_collections.scorm.cloud.plugins.module_utils._engine import parallel, read_live, segment
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import CREATE, TAGS, UPDATE, Field
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DesiredStateError
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, TAGS_ANSWER, Obj
from ansible_collections.scorm.cloud.plugins.module_utils._tags import write_tags

KEY_TAG = "scorm.cloud/name="
# Sent after a create: CreatePublicInvitationSchema has no such keys, and a new invitation is open.
OPENED = (("allow_launch", "allowLaunch"), ("allow_new_registrations", "allowNewRegistrations"))


class PublicInvitations(Kind):
    name = "public_invitation"
    plural = "public_invitations"
    modules = ("scorm_public_invitation", "scorm_public_invitations")
    doc_fragment = "public_invitation"
    noun = "public invitation"
    family = "invitation"
    path = "/invitations/public"
    list_key = "invitations"
    tags_batch_path = "/invitations/tags"
    identity = ("name",)
    fields = (
        Field("name", required=True),
        Field("course", api="courseId", shape=ID, create_only=True),
        Field("allow_launch", type="bool", api="allowLaunch"),
        Field("allow_new_registrations", type="bool", api="allowNewRegistrations"),
        Field("registration_cap", type="int", api="registrationCap"),
        EXPIRATION_DATE,
        Field("tags", kind=TAGS),
        POSTBACK,
        Field("url", api="url", output=True),
    )
    # url: what an export carries for reading, never compared nor written.
    item_options = {"creating_user_email": dict(type="str"), "url": dict(type="str")}
    id_references = ("course",)
    answer_required = ("courseId",)
    bounds = {"registration_cap": (0, MAX_INT)}
    references = (("course", "courses"),)
    left_out = "the postback of every public invitation (its password is never returned)"

    def tags_path(self, key):
        return "/invitations/%s/tags" % segment(key)

    def shown_tags(self, tags):
        return sorted(tag for tag in tags if not tag.startswith(KEY_TAG))

    def gone(self, obj):
        return not obj.get("allow_launch") and not obj.get("allow_new_registrations")

    def prepare(self, record, task):
        Kind.prepare(self, record, task)
        if len(KEY_TAG + record.item["name"]) > 255 or record.item["name"] != record.item["name"].strip():
            raise DesiredStateError("name must be at most %d characters long, without spaces around it (it is kept "
                                    "in a tag); got %r." % (255 - len(KEY_TAG), record.item["name"]))
        if any(tag.startswith(KEY_TAG) for tag in record.item.get("tags") or []):
            raise DesiredStateError("tags must not hold a tag that starts with %s: that tag holds the invitation's "
                                    "name; set name instead." % KEY_TAG)

    def locate(self, client, records, task):
        """Every invitation with its tags (one request each, concurrently): its name is in one of them, or is its id
        when none. A name that matches none adopts its course's only unnamed open invitation."""
        live, complete = read_live(self, client, records, task)
        self.with_names(client, list(live.values()), task.concurrency)
        unlisted = match_live(self, records, live, complete)
        new = [r for r in records if r.current is None and not r.error and task.state != DELETED]
        for record in new:
            course = record.item.get("course")
            unnamed = [obj for obj in unlisted if obj["course"] == course and not obj["_named"] and not self.gone(obj)]
            if len(unnamed) == 1 and [r.item.get("course") for r in new].count(course) == 1:
                record.current, record.key = unnamed[0], unnamed[0]["id"]
                unlisted.remove(unnamed[0])
        missing = missing_references(client, task, [r for r in new if r.current is None], self.references)["course"]
        for record in new:
            record.data["course_missing"] = record.item.get("course") in missing
        return unlisted

    def with_names(self, client, objects, concurrency):
        """``objects`` with their tags and name, read concurrently."""
        for obj, found in zip(objects, parallel([self._tag_reader(client, obj["id"]) for obj in objects], concurrency)):
            if isinstance(found, Exception):
                raise found
            keys = [tag[len(KEY_TAG):] for tag in found if tag.startswith(KEY_TAG)]
            obj.update(tags=self.shown_tags(found), name=keys[0] if keys else obj["id"], _named=bool(keys))
        return objects

    def _tag_reader(self, client, key):
        return lambda: client.get(self.tags_path(key), shape=TAGS_ANSWER)["tags"]

    def reread(self, client, record, task):
        found = Kind.reread(self, client, record, task)
        return self.with_names(client, [found], 1)[0] if found is not None else None

    def refine(self, record, task):
        if record.item is None:
            return
        if record.plan.action == CREATE and record.data.get("course_missing"):
            if planned_keys(task, "courses").get(record.item["course"]) is False:
                # Declared in the same run without a package (an export carries none): skipped with it.
                raise SkipItem("Course %s does not exist and has no src or url, so %s was left out with it." % (
                    record.item["course"], self.describe(record)))
            raise DesiredStateError("Course %s does not exist, so %s cannot be created; import the course first, or "
                                    "declare it with src or url." % (record.item["course"], self.describe(record)))
        if record.plan.action == CREATE and not record.item.get("creating_user_email"):
            raise DesiredStateError("%s does not exist yet; set course and creating_user_email (the e-mail of a realm "
                                    "user) to create it." % self.describe(record))
        self.refuse_moves(record)
        # A new invitation is open; one declared again after it was closed opens again, unless declared closed.
        reopened = record.plan.after is not None and record.current is not None and self.gone(record.current)
        for option, _api_key in OPENED:
            if record.desired.get(option) is None and (reopened or record.plan.action == CREATE):
                record.plan.after[option] = True
                if reopened:
                    record.plan.changes[option], record.plan.action = True, UPDATE

    def create(self, client, record, task):
        changes = record.plan.changes
        body = dict(self.body(changes, create=True), tags=sorted(changes.get("tags") or []) + [self.key_tag(record)],
                    creatingUserEmail=record.item["creating_user_email"])
        for option, api_key in OPENED:
            body.pop(api_key, None)

        def find_created():
            items = client.read_all(self.path, self.list_key, self.item_shape, params={"courseId": body["courseId"]})
            named = self.with_names(client, items, task.concurrency)
            return next((obj for obj in named if obj["_named"] and obj["name"] == record.item["name"]), None)

        created = client.create_verified("POST", self.path, find_created, json=body,
                                         shape=Obj({"id": ID}, required=("id",)))
        record.key = created["id"]
        self.update(client, record, dict((o, changes[o]) for o, _k in OPENED if changes.get(o) is False), task)
        return {"id": created["id"], "url": created.get("url")}

    def key_tag(self, record):
        return KEY_TAG + record.item["name"]

    def update(self, client, record, changes, task):
        if "name" in changes:
            write_tags(client, self.tags_path(record.key), [self.key_tag(record)])
        body = self.body(changes)
        if body:
            client.request("PUT", self.item_path(record.key), json=body)

    def delete(self, client, record, task):
        client.request("PUT", self.item_path(record.key), json=dict((api_key, False) for _o, api_key in OPENED))


PUBLIC_INVITATIONS = PublicInvitations()
