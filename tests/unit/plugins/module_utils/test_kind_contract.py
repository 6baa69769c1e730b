# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract every kind of the account's sections keeps, checked over the registry (account.SECTIONS):

- its options are documented, and its documentation names no option it does not have;
- every field it reads from the API has a shape, so a wrong answer stops the task before a write;
- an object read from an answer of that shape, fed back as the item of a declaration (``config_shape``, what an
  export writes), is a valid item and plans nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os

import pytest
import yaml

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.plugins.module_utils._engine import Task
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import NOTHING, SECRET, Field, plan
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import Anything, Enum, ListOf, Obj, OneOf, Scalar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))))


def documented_options(kind):
    fragment = importlib.import_module("ansible_collections.scorm.cloud.plugins.doc_fragments." + kind.doc_fragment)
    return yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)["options"]


# Answer values that must be more than any string of their shape.
SAMPLES = {"expirationDate": "2027-12-31T23:59:59.000Z", "url": "https://lrs.example.com/value-1"}
# Task options that every list and single module of a kind with tags or secrets shares (_common.py).
SHARED_OPTIONS = {"purge_tags", "update_password"}


def sample(shape):
    """A value of ``shape``, as the service could answer it."""
    if isinstance(shape, Obj):
        return dict((key, SAMPLES.get(key) or sample(inner)) for key, inner in shape.keys.items())
    if isinstance(shape, ListOf):
        return [sample(shape.element)]
    if isinstance(shape, OneOf):
        return sample(shape.shapes[0])
    if isinstance(shape, Enum):
        return shape.values[0]
    if isinstance(shape, Scalar):
        if bool in shape.types:
            return True
        if str in shape.types:
            return "value-1"
        return 7
    assert isinstance(shape, Anything), shape
    return "value-1"


def test_the_registry_holds_every_section_once():
    names = [name for name, _kind in SECTIONS]
    assert len(names) == len(set(names))
    assert all(isinstance(kind, Kind) and kind.plural == name for name, kind in SECTIONS)


@pytest.mark.parametrize("section, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_every_kind_names_its_modules_and_doc_fragment(section, kind):
    assert len(kind.modules) == 2, "%s: modules must be the single-object module, then the list module" % section
    for module in kind.modules:
        assert os.path.isfile(os.path.join(ROOT, "plugins", "modules", module + ".py")), module
    assert os.path.isfile(os.path.join(ROOT, "plugins", "doc_fragments", "%s.py" % kind.doc_fragment))


@pytest.mark.parametrize("section, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_options_and_their_documentation_agree(section, kind):
    docs = documented_options(kind)
    options = set(kind.item_spec()) | set(kind.task_options)
    documented = set(docs) - SHARED_OPTIONS
    assert options == documented, "options without docs: %s; docs without option: %s" % (
        sorted(options - documented), sorted(documented - options))
    for name, spec in kind.item_spec().items():
        assert docs[name].get("type", "str") == spec.get("type", "str"), name
        for sub, sub_spec in (spec.get("options") or {}).items():
            assert sub in docs[name]["suboptions"], "%s.%s is not documented" % (name, sub)
            assert docs[name]["suboptions"][sub].get("type", "str") == sub_spec.get("type", "str"), (name, sub)


@pytest.mark.parametrize("section, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_every_field_read_from_the_api_has_a_shape(section, kind):
    keys = kind.shape.keys
    for field in kind.fields:
        if field.api and field.readable:
            assert field.api in keys, "%s.%s is read from %s, which the answer's shape does not check" % (
                section, field.name, field.api)


@pytest.mark.parametrize("section, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_an_object_read_fed_back_as_its_declaration_plans_nothing(section, kind):
    answer = sample(kind.shape)
    answer["id"] = "object-1"
    current = kind.from_api("object-1", answer)
    declared = kind.config_shape(current)
    assert set(declared) <= set(kind.item_spec()), sorted(set(declared) - set(kind.item_spec()))
    desired = dict((name, value) for name, value in kind.desired(declared, Task()).items()
                   if name not in set(field.name for field in kind.fields if field.kind == SECRET))
    result = plan(kind.fields, desired, current, purge_tags=True)
    assert result.action == NOTHING, (section, result.changes)


@pytest.mark.parametrize("declaration, problem", [
    ({}, "declare name, plural, noun, family, modules, fields."),
    (dict(name="t", plural="ts", noun="t", family="f", modules=("a", "b"), fields=(Field("x"),)),
     "declare doc_fragment."),
    (dict(name="t", plural="ts", noun="t", family="f", modules=("a",), fields=(Field("x"),), identity=("x",)),
     "declare path, or locate"),
    (dict(name="t", plural="ts", noun="t", family="f", modules=("a",), fields=(Field("x"),), path="/t",
          identity=("id",)), "id must be options"),
    (dict(name="t", plural="ts", noun="t", family="f", modules=("a",), fields=(Field("x"),), path="/t",
          identity=("x",), list_key="ts"), "defines create("),
])
def test_a_kind_that_misses_a_declaration_fails_when_it_is_defined(declaration, problem):
    with pytest.raises(TypeError) as refused:
        type("Broken", (Kind,), declaration)
    assert str(refused.value).startswith("Kind Broken: ") and problem in str(refused.value)
