# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""to_state_yaml: data as the YAML of a vars file that Ansible reads back unchanged, whatever its text holds
(see to_state_yaml.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError

try:
    from yaml import CSafeDumper as _SafeDumper
except ImportError:  # PyYAML without libyaml
    from yaml import SafeDumper as _SafeDumper

UNSAFE_TAG = "!unsafe"
# What makes ansible-core (2.16 to 2.21) take a string for a template: a Jinja start string anywhere in it, or a
# "#jinja2:" header line, which sets other delimiters (and Jinja options) for the rest of the string.
TEMPLATE_STARTS = ("{{", "{%", "{#")
OVERRIDE_HEADER = "#jinja2:"


def is_template_text(text):
    """Whether Ansible would template ``text`` if it were read from a vars file without ``!unsafe``."""
    return text.startswith(OVERRIDE_HEADER) or any(start in text for start in TEMPLATE_STARTS)


class _UnsafeText(str):
    """A string to write with the !unsafe tag."""


# Line breaks other than "\n": PyYAML's pure-Python emitter writes them raw inside quotes, where its reader folds
# them ("a\x85b" came back as "a b"); in double quotes they are escaped.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _style(text, tagged):
    """The quoting to ask the emitter for; it may still pick a stricter one (double quotes) when the text needs it."""
    if "\n" in text or any(brk in text for brk in _OTHER_BREAKS):
        return '"'  # one line with \n escapes, rather than a quoted scalar folded over several lines
    # A tagged scalar is quoted, so that the file reads the same whichever emitter wrote it (libyaml would write it
    # plain where it can). ansible-core 2.19 and later resolve the text of an !unsafe scalar as if it were plain,
    # whatever its quotes ("!unsafe 'yes'" loads as true), but text that holds a Jinja start string, or starts with
    # "#jinja2:", can only resolve to a string, and only such text is tagged.
    return "'" if tagged else None


def _represent_text(dumper, data):
    text = str.__str__(data)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=_style(text, False))


def _represent_unsafe(dumper, data):
    text = str.__str__(data)
    return dumper.represent_scalar(UNSAFE_TAG, text, style=_style(text, True))


def make_dumper(base):
    """A dumper class on ``base`` (PyYAML's SafeDumper or CSafeDumper) that writes strings as _style says, _UnsafeText
    with the !unsafe tag, and never writes anchors and aliases."""

    class StateDumper(base):  # pylint: disable=too-many-ancestors
        def ignore_aliases(self, data):
            return True

    StateDumper.add_representer(str, _represent_text)
    StateDumper.add_representer(_UnsafeText, _represent_unsafe)
    return StateDumper


STATE_DUMPER = make_dumper(_SafeDumper)


def _where(path):
    return "".join("[%d]" % part if isinstance(part, int) else ".%s" % part for part in path).lstrip(".") or "the top"


def _plain(value, path):
    """``value`` as plain Python data (Ansible's own str, dict and list types included, which SafeDumper does not
    know), every string that Ansible would template as _UnsafeText."""
    if value is None:
        return None
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        text = str.__str__(value)  # a plain str, without Ansible's subclass or tags
        return _UnsafeText(text) if is_template_text(text) else text
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, (str, int, float)):
                raise AnsibleFilterError("to_state_yaml: the key %r at %s is a %s; keys must be strings or numbers."
                                         % (key, _where(path), type(key).__name__))
            result[_plain(key, path)] = _plain(item, path + [key])
        return result
    if isinstance(value, (list, tuple)):
        return [_plain(item, path + [index]) for index, item in enumerate(value)]
    raise AnsibleFilterError("to_state_yaml: the value at %s is a %s, which a state file cannot hold (only strings,"
                             " numbers, booleans, null, lists and dicts)." % (_where(path), type(value).__name__))


def dump(data, indent=2, width=120, dumper=STATE_DUMPER):
    """``data`` as block-style YAML, keys sorted, non-ASCII text as it is, and every string that Ansible would take
    for a template tagged ``!unsafe``, so that reading the text back as a vars file gives ``data`` again."""
    plain = _plain(data, [])
    try:
        return yaml.dump(plain, Dumper=dumper, indent=indent, width=width, allow_unicode=True,
                         default_flow_style=False, sort_keys=True)
    except (yaml.YAMLError, TypeError, ValueError) as error:
        raise AnsibleFilterError("to_state_yaml: cannot write the data as YAML: %s" % error)


def to_state_yaml(data, indent=2, width=120):
    return dump(data, indent=indent, width=width)


class FilterModule:
    def filters(self):
        return {"to_state_yaml": to_state_yaml}
