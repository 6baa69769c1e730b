# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Relative paths of files on the controller, resolved before the module runs, the way Ansible users expect.

A file the module reads (a course's ``src``) is looked for as ``ansible.builtin.copy`` looks for its ``src``: in the
role's and the play's ``files/`` folders and beside the playbook; then in the directory ``ansible-playbook`` was
started in (where a user's state file names its packages, also when the collection's own playbooks run). A file the
module writes (a dispatch's ``package_dest``) is placed relative to the directory ``ansible-playbook`` was started in.
Absolute paths, and ``~``, are left as they are (``~`` expanded).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase


def started_in():
    """The directory ansible-playbook was started in (the shell's PWD, which Ansible does not change)."""
    return os.environ.get("PWD") or os.getcwd()


def destination(path):
    """``path`` as an absolute path on the controller, relative ones taken from started_in()."""
    path = os.path.expanduser(path)
    return path if os.path.isabs(path) else os.path.normpath(os.path.join(started_in(), path))


def locations(args, where):
    """(container, key) of every value the option path ``where`` names in ``args``: "src" for a top-level option,
    "config[].src" for an option of each item of a list option."""
    if "[]." not in where:
        return [(args, where)] if isinstance(args, dict) and isinstance(args.get(where), str) else []
    option, rest = where.split("[].", 1)
    items = args.get(option) if isinstance(args, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        found.extend(locations(item, rest))
    return found


class LocalPathsAction(ActionBase):
    """Runs the module with the paths of SOURCES (files it reads) and DESTINATIONS (files it writes) made absolute."""

    SOURCES = ()
    DESTINATIONS = ()

    def run(self, tmp=None, task_vars=None):
        result = super(LocalPathsAction, self).run(tmp, task_vars)
        args = self._copy_args(self._task.args)
        try:
            for where in self.SOURCES:
                for container, key in locations(args, where):
                    container[key] = self.source(container[key])
        except AnsibleError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        for where in self.DESTINATIONS:
            for container, key in locations(args, where):
                container[key] = destination(container[key])
        result.update(self._execute_module(module_args=args, task_vars=task_vars))
        return result

    def source(self, path):
        """The absolute path of a file the module reads (see the module docstring); one sentence when none is found."""
        expanded = os.path.expanduser(path)
        if os.path.isabs(expanded):
            return expanded
        try:
            return self._find_needle("files", expanded)
        except AnsibleError:
            pass
        beside = os.path.normpath(os.path.join(started_in(), expanded))
        if os.path.exists(beside):
            return beside
        searched = [os.path.join(folder, "files") for folder in self._search_folders()] + [started_in()]
        raise AnsibleError("src %s was not found: it was looked for in %s (a relative src is looked for as copy's "
                           "src is, then in the directory ansible-playbook was started in). Nothing was read or "
                           "written." % (path, ", ".join(dict.fromkeys(searched))))

    def _search_folders(self):
        """The role and play folders copy's src looks in (for the message)."""
        folders = []
        role = getattr(self._task, "_role", None)
        if role is not None and getattr(role, "_role_path", None):
            folders.append(role._role_path)
        basedir = self._loader.get_basedir()
        if basedir:
            folders.append(basedir)
        return folders

    @staticmethod
    def _copy_args(value):
        if isinstance(value, dict):
            return dict((key, LocalPathsAction._copy_args(item)) for key, item in value.items())
        if isinstance(value, list):
            return [LocalPathsAction._copy_args(item) for item in value]
        return value
