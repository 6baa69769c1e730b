# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""to_state_yaml: what it writes, read back as Ansible reads a vars file (-e @file), is the data it was given, and
templating it changes nothing; to_nice_yaml, which the export used before, fails the same checks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import inspect

import pytest
import yaml

from ansible.errors import AnsibleError, AnsibleFilterError
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.plugins.filter.core import to_nice_yaml
from ansible.template import Templar

from ansible_collections.scorm.cloud.plugins.filter import to_state_yaml as plugin
from ansible_collections.scorm.cloud.plugins.filter.to_state_yaml import dump, make_dumper, to_state_yaml

try:
    from ansible.template import is_trusted_as_template, trust_as_template
except ImportError:  # ansible-core < 2.19: a string from a vars file is a template unless it is marked unsafe
    def is_trusted_as_template(value):
        return not getattr(value, "__UNSAFE__", False)

    def trust_as_template(value):
        return value

# Text that Ansible would template: each is renamed or fails when it is read without !unsafe.
TEMPLATES = [
    "{{ scorm_undefined_variable }}",
    "{{ 'renamed' }}",
    "{% if true %}block{% endif %}",
    "{# a comment #}",
    "{% raw %}{{ raw }}{% endraw %}",
    "{{ lookup('ansible.builtin.env', 'HOME') }}",
    "Acme {{ customer }} LMS",
    "a {{ b",
    "}} {{",
    "#jinja2:variable_start_string:'[[', variable_end_string:']]'\n[[ 'x' ]]",
    "#jinja2:x",
    "  {{ padded }}  ",
    "{{ x }}\n{% y %}\n",
    "it's {{ \"quoted\" }} \\ {%",
    "yes {{ x }}",
    "- {{ x }}",
    "@{{ x }}",
    "https://lrs.example.com/{{x}}/statements",
]
# Text that YAML (or a careless writer) would misread, but Ansible would not template.
PLAIN = [
    "yes", "no", "null", "on", "off", "true", "True", "~", "", " ", "1.0", "0x1F", "012", "1e3", ".inf", "2024-01-01",
    "=", "<<", "a: b", ": x", "# x", "a #b", "- x", "-", "? x", "@x", "!x", "%x", "*x", "&x", "|", ">", "[x]", "{x}",
    "{ x }", "'", '"', "it's \"quoted\"", "back\\slash \\n \\\\", "C:\\temp\\new", "Zürich – 東京 ✓", "😀 emoji",
    "  padded  ", "trailing ", " leading", "\ttab", "line one\nline two\n  indented: yes\n", "\n", "a\r\nb",
    "a\x85b", "a\u2028b", "\ufeffbom", "a\x00b", "a\x1bb", "x" * 300, "word " * 60,
]


def load_like_extra_vars(tmp_path, text):
    """``text`` read as ``-e @file`` reads a file: DataLoader.load_from_file (trusted as a template from 2.19 on)."""
    path = tmp_path / "state.yml"
    path.write_text(text, encoding="utf-8")
    loader = DataLoader()
    if "trusted_as_template" in inspect.signature(loader.load_from_file).parameters:
        return loader.load_from_file(str(path), cache="none", trusted_as_template=True)
    return loader.load_from_file(str(path), cache=False)


def load_with_ansible_loader(text):
    return AnsibleLoader(trust_as_template(text)).get_single_data()


def templated(data):
    """``data`` as a play would see it: templated, with no variables."""
    return Templar(loader=DataLoader(), variables={}).template(data)


def account(texts):
    """A state file with every text in every string field, and in a tag list and a settings value."""
    return {
        "scorm_destinations": [{"id": "d%d" % index, "name": text, "email": text, "notes": text, "tags": [text, "t"],
                                "hash_user_info": True, "launch_auth": {"type": "vault", "expiry": 3600}}
                               for index, text in enumerate(texts)],
        "scorm_courses": [{"id": "course", "title": texts[0], "tags": list(texts),
                           "settings": {"ApiRollupRegistrationAuthUser": texts[-1]}}],
        "scorm_xapi_credentials": [{"id": "x", "name": texts[0], "info": texts[1], "enabled": False}],
        "scorm_xapi_pipes": [{"id": "p", "source": {"url": "https://lrs.example.com/statements", "user_name": texts[2]}}],
        "scorm_dispatches": [],
        "registration_cap": 0,
        "nothing": None,
        "ratio": 0.5,
    }


@pytest.mark.parametrize("texts", [TEMPLATES, PLAIN], ids=["templates", "plain"])
def test_the_file_reads_back_as_the_data_it_was_written_from(tmp_path, texts):
    data = account(texts)
    loaded = load_like_extra_vars(tmp_path, "---\n# a header\n" + to_state_yaml(data))
    assert loaded == data
    assert templated(loaded) == data


def test_template_text_is_marked_unsafe_and_nothing_else_is(tmp_path):
    data = {"templates": TEMPLATES, "plain": PLAIN, "keys": {"{{ key }}": "{{ value }}", "key": "value"}}
    loaded = load_like_extra_vars(tmp_path, to_state_yaml(data))
    assert [is_trusted_as_template(text) for text in loaded["templates"]] == [False] * len(TEMPLATES)
    assert [is_trusted_as_template(text) for text in loaded["plain"]] == [True] * len(PLAIN)
    assert [is_trusted_as_template(key) for key in sorted(loaded["keys"])] == [True, False]
    assert (is_trusted_as_template(loaded["keys"]["{{ key }}"]), is_trusted_as_template(loaded["keys"]["key"])) \
        == (False, True)


def test_the_file_the_export_wrote_before_templates_the_text(tmp_path):
    """The regression: to_nice_yaml writes the text untagged, and Ansible templates it when it reads it: it fails on
    an undefined variable, or the text changes."""
    for text in TEMPLATES:
        loaded = load_like_extra_vars(tmp_path, to_nice_yaml({"name": text}, indent=2, width=120))
        try:
            result = templated(loaded)
        except AnsibleError:
            continue
        assert result != {"name": text}


def test_only_template_text_is_tagged_and_the_file_stays_readable():
    text = to_state_yaml({"b": [{"name": "{{ x }}", "notes": "yes", "email": "a@b"}], "a": "Zürich – 東京 ✓",
                          "c": "two\nlines", "{% k %}": 1})
    assert text == (
        "a: Zürich – 東京 ✓\n"
        "b:\n"
        "- email: a@b\n"
        "  name: !unsafe '{{ x }}'\n"
        "  notes: 'yes'\n"
        "c: \"two\\nlines\"\n"
        "!unsafe '{% k %}': 1\n")


def test_without_template_text_the_file_is_what_to_nice_yaml_wrote():
    data = account([text for text in PLAIN if "\n" not in text and "\r" not in text and "\x85" not in text
                    and "\u2028" not in text])
    assert to_state_yaml(data) == to_nice_yaml(data, indent=2, width=120)


def test_its_own_output_read_back_writes_the_same_file(tmp_path):
    """Ansible's own types (unsafe and tagged strings, its dicts and lists) are written like plain ones."""
    data = account(TEMPLATES + PLAIN)
    first = to_state_yaml(data)
    assert to_state_yaml(load_like_extra_vars(tmp_path, first)) == first


def test_every_character_reads_back_with_either_emitter():
    """Every code point below U+0800 (controls, Latin-1 with NEL, ...) and the odd ones above (line and paragraph
    separators, BOM, non-characters, private use, emoji), alone and inside text and templates, through PyYAML's
    pure-Python emitter and libyaml's (where PyYAML has it)."""
    points = list(range(0x800)) + [0x200B, 0x2028, 0x2029, 0x3000, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF,
                                   0x1F600, 0x10FFFF]
    texts = []
    for point in points:
        char = chr(point)
        texts.extend((char, "a%sb" % char, "{{ %s }}" % char, " %s" % char))
    bases = [yaml.SafeDumper] + ([yaml.CSafeDumper] if hasattr(yaml, "CSafeDumper") else [])
    for base in bases:
        loaded = load_with_ansible_loader(dump(texts, dumper=make_dumper(base)))
        wrong = [(text, back) for text, back in zip(texts, loaded) if text != back]
        assert not wrong[:5], base.__name__
        assert len(loaded) == len(texts)


def test_no_anchors_or_aliases():
    shared = ["a", "b"]
    text = to_state_yaml({"x": shared, "y": shared})
    assert "&" not in text and "*" not in text


def test_indent_and_width():
    text = to_state_yaml({"a": {"b": ["c"]}, "d": "word " * 10}, indent=4, width=20)
    assert "    b:\n" in text
    assert max(len(line) for line in text.splitlines()) <= 25


@pytest.mark.parametrize("data, where, what", [
    ({"a": [{"b": {1, 2}}]}, "a[0].b", "set"),
    ({"a": b"bytes"}, "a", "bytes"),
    (object(), "the top", "object"),
])
def test_values_a_state_file_cannot_hold_fail_naming_where(data, where, what):
    with pytest.raises(AnsibleFilterError, match=r"at %s is a %s" % (where.replace("[", r"\[").replace("]", r"\]"), what)):
        to_state_yaml(data)


def test_keys_that_are_not_strings_or_numbers_fail():
    with pytest.raises(AnsibleFilterError, match="keys must be strings or numbers"):
        to_state_yaml({"a": {(1, 2): "tuple key"}})


def test_the_filter_is_registered():
    assert plugin.FilterModule().filters() == {"to_state_yaml": to_state_yaml}
