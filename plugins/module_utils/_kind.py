# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""``Kind``: the declaration of one kind of SCORM Cloud object, which the engine (_engine.py) reconciles.

A kind is one file (``_<plural>.py``): a subclass of ``Kind`` that sets what its objects are (the attributes below,
its ``fields`` first) and overrides the hooks its API needs, and one instance of it, named in the registry
(_account.py, SECTIONS). The contract is checked when the subclass is defined (``contract_problem``), so a kind that
misses a declaration fails every import of it, with a sentence naming what to add.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    locate_in_list,
    segment,
    the_object,
)
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    SCALAR,
    SECRET,
    TAGS,
    UPDATE,
    DesiredStateError,
    Field,
    redact,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, ListOf, Obj

# What every kind declares for itself: it names its modules and its objects, and says where the API keeps them.
DECLARED = ("name", "plural", "noun", "family", "modules", "fields")


def contract_problem(cls):
    """One sentence about what the kind ``cls`` fails to declare, or None."""
    missing = [attribute for attribute in DECLARED if getattr(cls, attribute) == getattr(Kind, attribute)]
    if missing:
        return "declare %s." % ", ".join(missing)
    if len(cls.modules) > 1 and cls.doc_fragment is None:
        return "a kind with a single-object and a list module documents its options once: declare doc_fragment."
    if not all(isinstance(field, Field) for field in cls.fields):
        return "every item of fields must be a Field."
    options = Kind.item_spec(cls)
    undeclared = [option for option in tuple(cls.identity) + tuple(cls.id_references) + tuple(
        option.split(".")[0] for option in cls.bounds) if option not in options]
    if undeclared:
        return "%s must be options (fields or item_options)." % ", ".join(sorted(set(undeclared)))
    if cls.path is None and cls.locate is Kind.locate:
        return "declare path, or locate (objects whose paths are not under one collection)."
    if cls.list_key and not callable(getattr(cls, "create", None)):
        return "a kind with a list defines create(client, record, task)."
    if cls.wrapped and not cls.list_key:
        return "wrapped says how list items look: set list_key too."
    return None


class Kind:
    """The declaration of one kind of object. Subclasses set the attributes and override the hooks they need.

    ``fields`` are the compared options; ``identity`` the options that find an object, in lookup order (an id
    first; a name when the service assigns ids). Objects are option-shaped dicts with an ``id`` key.
    """

    name = "object"  # the single module's return key
    plural = "objects"  # the list module's return key and the account section
    modules = ()  # the modules of the kind: the single-object one, then the list one
    doc_fragment = None  # plugins/doc_fragments/NAME.py: its options, written once
    noun = "object"  # in messages
    nouns = None  # the plural in messages, when it is not noun + "s"
    family = None  # OAuth scope family
    fields = ()
    identity = ("id",)
    required_on_create = ()
    item_options = {}  # per-item options that are not compared fields (argument spec)
    task_options = {}  # options of the whole task (argument spec), in both the single and the list module
    item_rules = {}  # required_one_of, mutually_exclusive... of one item
    id_references = ()  # options that hold the id of another object (a dispatch's course), checked as ids
    path = None  # the collection's path
    list_key = None  # the key of a list answer that holds the items (None: the kind cannot be listed)
    paged = True  # whether the list follows ``more``
    tags_batch_path = None  # PUT {ids, tags} adds tags to many objects at once
    read_params = None  # query parameters of a list or GET read
    uses_mgmt = False  # the App Management credentials, not the application's
    reads_families = ()  # OAuth scope families the kind only reads (a dispatch reads its course)
    # What an object looks like in the API's answers, as far as from_api reads it (_shapes.py): a GET of one object
    # answers ``shape``; a list item is ``{"id", "data": shape}`` when ``wrapped``, else ``shape`` with its id.
    # By default, what the fields with an ``api`` key say (reconcile.Field); a kind that reads more sets its own.
    answer_required = ()  # keys an answer's object must hold (the ids of what it refers to)

    @property
    def shape(self):
        return Obj(dict((field.api, field.shape) for field in self.fields if field.api and field.readable),
                   required=self.answer_required)

    wrapped = False
    # Numbers of an item and the range the service stores, by option ("launch_auth.expiry" for a sub-option).
    bounds = {}
    # (option, section): an item's option that names an object of another section (a dispatch's course); a purge must
    # not delete what a kept object refers to (_account.py).
    references = ()
    # What an export of the kind cannot carry, in one sentence (a secret the service never returns), and what SCORM
    # Cloud deletes along with one of its objects (said when a purge of one is refused).
    left_out = None
    cascades = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        problem = contract_problem(cls)
        if problem:
            raise TypeError("Kind %s: %s" % (cls.__name__, problem))

    # -- identity ---------------------------------------------------------------------------------------------
    def item_path(self, key):
        return "%s/%s" % (self.path, segment(key))

    def declared_id(self, item):
        return item.get("id")

    def identity_of(self, record):
        """The keys that name the object in results and messages."""
        item = record.item or record.current or {}
        key = record.key if record.key is not None else self.declared_id(item)
        identity = {"id": key}
        if "name" in self.identity and (record.item is None or self.declared_id(record.item) is None):
            identity["name"] = item.get("name")
        return identity

    def describe(self, record):
        identity = self.identity_of(record)
        if (identity.get("id") is None or "id" not in self.identity) and identity.get("name") is not None:
            return "%s '%s'" % (self.noun, identity["name"])
        return "%s '%s'" % (self.noun, identity.get("id"))

    def protected(self, obj, task):
        """Whether overridden must keep this undeclared object; ``task.protect`` lists ids and names."""
        return obj.get("id") in task.protect or (obj.get("name") is not None and obj.get("name") in task.protect)

    # -- reading ----------------------------------------------------------------------------------------------
    def from_api(self, key, data):
        """The object option-shaped, from a GET answer or a list item's data: by default, every field with an ``api``
        key, read as the field says."""
        obj = {"id": key}
        for field in self.fields:
            if field.api and field.readable:
                obj[field.name] = field.from_api(data)
        return obj

    def body(self, values, create=False):
        """The request body of the fields in ``values`` (a plan's changes, or the values a create sends) that are
        set: by default, every field with an ``api`` key that is written with the object (not tags, which have their
        own requests, nor a detail field or an output; a create-only field only when ``create``)."""
        return dict((field.api, field.to_api(values[field.name])) for field in self.fields
                    if field.api and values.get(field.name) is not None and field.kind != TAGS and not field.detail
                    and not field.output and (create or not field.create_only))

    def from_list_item(self, item):
        if self.wrapped:
            return self.from_api(item["id"], item["data"])
        return self.from_api(item.get("id"), item)

    @property
    def item_shape(self):
        """The shape of one item of the kind's list."""
        if self.wrapped:
            return Obj({"id": ID, "data": self.shape}, required=("id", "data"))
        return Obj(dict(self.shape.keys, id=ID), required=("id",) + self.shape.required)

    def read(self, client, key, task):
        data = self.get_object(client, key, self.read_params)
        return self.learned(client, self.from_api(key, data)) if data is not None else None

    def get_object(self, client, key, params=None):
        """The API's answer for the object ``key`` (None: the service says it does not exist), checked: its shape,
        and that it is that object."""
        path = self.item_path(key)
        return the_object(path, key, client.get_or_none(path, params=params, shape=self.shape))

    def pages(self, client, task, count=False):
        """Pages of the list, each as (objects, more, total)."""
        if not self.paged:
            answer = client.get(self.path, params=self.read_params, shape=Obj(
                {self.list_key: ListOf(self.item_shape)}, required=(self.list_key,)))
            yield [self.learned(client, self.from_list_item(item)) for item in answer[self.list_key]], None, None
            return
        for items, more, total in client.pages(self.path, self.list_key, self.read_params, count=count,
                                               item_shape=self.item_shape):
            yield [self.learned(client, self.from_list_item(item)) for item in items], more, total

    def shown_tags(self, tags):
        """The tags of an object as its ``tags`` option shows them (a kind may keep some of its own out)."""
        return sorted(tags)

    def tags_path(self, key):
        return self.item_path(key) + "/tags"

    def refers_to(self, record):
        """(section, key) of every object this one refers to (see ``references``): what it declares, else what it is."""
        obj = record.item if record.item is not None else record.current or {}
        found = []
        for option, section in self.references:
            value = obj.get(option)
            if value is None and record.current is not None:
                value = record.current.get(option)
            if value is not None:
                found.append((section, value))
        return found

    def live_referrers(self, client, section, keys, task):
        """The live objects of this kind that refer to the objects ``keys`` of ``section``, for a purge that does
        not read this kind itself; None when this kind cannot refer to that section."""
        return None

    def learned(self, client, obj):
        """``obj``, after the client learned its secrets: a secret the service shows is scrubbed from every message."""
        for field in self.fields:
            if field.kind == SECRET and obj.get(field.name):
                client.add_secret(obj[field.name])
        return obj

    def detail_names(self, record, task):
        """The detail fields to read for one existing object: those its item declares."""
        return [field.name for field in self.fields if field.detail and record.desired.get(field.name) is not None]

    def read_details(self, client, record, names, task):
        """The detail fields ``names`` of one existing object, ``record.current`` (fields its list and GET do not
        carry)."""
        return {}

    def export_details(self, client, obj, task):
        """What an export adds to a gathered object: its detail fields where they hold more than the service's
        default. Keys starting with ``_`` list what was left out (a secret setting), and are never exported."""
        return {}

    def reread(self, client, record, task):
        """One object as stored after a write: what ``locate`` and the detail reads would find now."""
        current = self.read(client, record.key, task)
        names = self.detail_names(record, task)
        if current is not None and names:
            current = dict(current, **self.read_details(client, record, names, task))
        return current

    def locate(self, client, records, task):
        """Set ``current`` (and ``key``) of each declared record; return the live objects that no record declares
        when the whole list was read (overridden and gathered read it whole), else []."""
        return locate_in_list(self, client, records, task)

    def lookup_key(self, item):
        """What finds a declared item among live objects: its id, else (for kinds that allow it) its name."""
        for option in self.identity:
            if item.get(option) is not None:
                return (option, item[option])
        return (None, None)

    # -- planning ---------------------------------------------------------------------------------------------
    def prepare(self, record, task):
        """Set ``record.desired`` (and any working values in ``record.data``) from the declared item, offline."""
        record.desired = self.desired(record.item, task)

    def desired(self, item, task):
        """The desired value of every field (None: not set, leave alone); may raise DesiredStateError. An output is
        never desired: an export may carry it, for reading."""
        desired = {}
        for field in self.fields:
            value = None if field.output else item.get(field.name)
            # Normalized here too, so that a value the field refuses (a date) stops the run before any request.
            desired[field.name] = field.normalize(value) if value is not None and field.kind == SCALAR else value
        return desired

    def not_found(self, params):
        """The sentence for a 404 of what an object belongs to (a course's own path, a credential's application), or
        None."""
        return None

    def gone(self, obj):
        """Whether a live object counts as absent: one the service cannot delete, only disable (a closed public
        invitation). It is not purged, gathered or exported, and ``state: absent`` leaves it as it is."""
        return False

    def refuse_moves(self, record):
        """Refuse an update of a field the service fixes at creation (``create_only``: what the object belongs to)."""
        moved = [field.name for field in self.fields if field.create_only and field.name in record.plan.changes]
        if record.plan.action == UPDATE and moved:
            raise DesiredStateError("%s belongs to %s, and SCORM Cloud cannot change that; give the new one another "
                                    "identity, or delete this one first." % (self.describe(record), " and ".join(
                                        "%s %s" % (name, record.current.get(name)) for name in moved)))

    def refine(self, record, task):
        """Adjust ``record.plan`` with what fields cannot express, and refuse (DesiredStateError) or skip (SkipItem)
        what cannot be done. Called for every planned object, in check mode too, before anything is written."""

    # -- writing ----------------------------------------------------------------------------------------------
    # Every kind that can be created defines create(client, record, task): create one object from
    # ``record.plan.changes`` and return what the service assigned ({"id": ...}) or None. A kind that creates many
    # objects better together also sets create_batch(client, records, task); it may return one outcome per record
    # (what was stored, or the exception that failed that one). An exception from create_batch itself makes the
    # engine create that batch's objects one by one, so it must only raise when nothing of the batch took effect.
    # update(client, record, changes, task) applies ``changes`` (without tags, which the engine writes) to one
    # object and may return stored values.
    create_batch = None

    def finish_create(self, client, record, task):
        """The writes that follow a batch create for one object (what the batch request cannot carry)."""

    def settle(self, client, record, task):
        """After the writes (and in check mode, predicting without writing): what the object's declaration asks for
        beside the object itself, such as a file downloaded from it. Returns whether that changed something."""
        return False

    def delete(self, client, record, task):
        client.request("DELETE", self.item_path(record.key))

    def returned(self, record, after, task):
        """The object a module returns: ``after`` plus what must stay out of diffs (a secret asked for)."""
        return after

    def changed_fields(self, changes):
        """The options a change touches, as users read them (working keys such as ``_import`` say it their way)."""
        return [name for name in changes if not name.startswith("_")]

    def shown(self, obj):
        """How an object appears in the single module's result and diff (a kind may show one part of it)."""
        return obj

    def log_secrets(self, item):
        """Values of a declared item that are secrets without being no_log options: the password of a write-only
        dict (a postback's), which is not no_log itself so that its other parts can be shown."""
        return [(item.get(field.name) or {}).get("password") for field in self.fields
                if field.kind == SECRET and "password" in (field.spec.get("options") or {})]

    # -- derived ------------------------------------------------------------------------------------------------
    @property
    def plural_noun(self):
        return self.nouns or self.noun + "s"

    @property
    def has_tags(self):
        return any(field.kind == TAGS for field in self.fields)

    @property
    def has_secrets(self):
        return any(field.kind == SECRET for field in self.fields)

    def item_spec(self):
        """The argument spec of one declared object: identity options, fields, then the kind's other options."""
        spec = {}
        for field in self.fields:
            if field.option:
                spec[field.name] = dict(field.spec)
        spec.update(self.item_options)
        return spec

    def config_shape(self, obj):
        """``obj`` restricted to what the list module's ``config`` accepts, without unset values: fed back as input,
        it changes nothing."""
        if obj is None:
            return None
        allowed = set(self.item_spec())
        obj = redact(self.fields, obj)
        return dict((key, _without_none(value)) for key, value in obj.items() if key in allowed and value is not None)


def _without_none(value):
    if isinstance(value, dict):
        return dict((key, _without_none(item)) for key, item in value.items() if item is not None)
    return value
