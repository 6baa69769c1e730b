# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cuts the release of galaxy.yml's version with antsibull-changelog (`make changelog-release`):

1. checks that every module, plugin and role says when it was added (version_added), and that this is the version
   being released or an earlier release, so that antsibull-changelog lists each one once, under its release;
2. writes two fragments: the release summary, and the playbooks that no earlier release listed (antsibull-changelog
   finds new modules, plugins and roles from version_added, but cannot see playbooks);
3. runs `antsibull-changelog lint`, `antsibull-changelog release` (changelogs/changelog.yaml, CHANGELOG.md; the
   fragments are then removed) and lints the result.

    python tests/utils/changelog_release.py [--summary TEXT] [--date YYYY-MM-DD] [--root DIR]

A version that is already released is left alone. Needs antsibull-changelog and ansible-doc on PATH.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import ast
import glob
import os
import subprocess
import sys

import yaml

FIRST_SUMMARY = (
    "First release of scorm.cloud: SCORM Cloud accounts as code through its REST API v2. Modules for applications,"
    " credentials, settings, dispatch destinations, courses, dispatches and xAPI, one object or many per task; the"
    " account role and the apply and export playbooks for a whole account; the drift role and playbook for CI."
    " Check mode, diff mode and idempotence throughout. While the version is 0.x, a minor release may still change"
    " an interface; each change is listed here."
)


def semver(text):
    return tuple(int(part) for part in text.split("+")[0].split("-")[0].split("."))


def fail(message):
    sys.exit("changelog-release: " + message)


def documentation(path):
    """The DOCUMENTATION of a plugin: a .py file's DOCUMENTATION string, or a .yml plugin doc's DOCUMENTATION."""
    with open(path) as handle:
        text = handle.read()
    if path.endswith(".py"):
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
                return yaml.safe_load(node.value.value)
        return None
    return (yaml.safe_load(text) or {}).get("DOCUMENTATION")


def added_versions(root):
    """{what: version_added} for every module, plugin (with docs) and role of the collection."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "plugins", "*", "*.py"))
                       + glob.glob(os.path.join(root, "plugins", "*", "*.yml"))):
        kind = os.path.basename(os.path.dirname(path))
        if kind in ("module_utils", "doc_fragments") or os.path.basename(path) == "__init__.py":
            continue
        docs = documentation(path)
        if docs is None:
            continue
        found["%s %s" % (kind, os.path.splitext(os.path.basename(path))[0])] = docs.get("version_added")
    for path in sorted(glob.glob(os.path.join(root, "roles", "*", "meta", "argument_specs.yml"))):
        with open(path) as handle:
            main = (yaml.safe_load(handle).get("argument_specs") or {}).get("main") or {}
        found["role %s" % path.split(os.sep)[-3]] = main.get("version_added")
    return found


def first_play_name(path):
    with open(path) as handle:
        plays = yaml.safe_load(handle) or []
    names = [play.get("name") for play in plays if isinstance(play, dict) and play.get("name")]
    return names[0] if names else None


def run(command, root):
    print("+ " + " ".join(command))
    status = subprocess.call(command, cwd=root)
    if status:
        fail("%s exited with status %d" % (command[0], status))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(here)), help="the collection's root")
    parser.add_argument("--summary", help="the release summary (default: one for the first release)")
    parser.add_argument("--date", help="the release date, YYYY-MM-DD (default: today)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)

    with open(os.path.join(root, "galaxy.yml")) as handle:
        version = str(yaml.safe_load(handle)["version"])
    changelog_path = os.path.join(root, "changelogs", "changelog.yaml")
    with open(changelog_path) as handle:
        changelog = yaml.safe_load(handle) or {}
    releases = changelog.get("releases") or {}
    if version in releases:
        print("changelog-release: %s is already released (changelogs/changelog.yaml); nothing to do. Raise version in"
              " galaxy.yml to cut the next release." % version)
        return 0
    newer = sorted(v for v in releases if semver(v) > semver(version))
    if newer:
        fail("galaxy.yml's version %s is older than the released %s; raise it." % (version, ", ".join(newer)))

    wrong = []
    for what, added in sorted(added_versions(root).items()):
        added = None if added is None else str(added)
        if added is None:
            wrong.append("%s has no version_added (set version_added: %s)" % (what, version))
        elif added != version and added not in releases:
            wrong.append("%s has version_added %s, which is neither this release (%s) nor an earlier one"
                         % (what, added, version))
    if wrong:
        fail("fix version_added first:\n  " + "\n  ".join(wrong))
    if not args.summary and releases:
        fail("write a --summary for %s (the default one is for the first release)." % version)

    listed = set()
    for release in releases.values():
        listed.update(item["name"] for item in (release.get("objects") or {}).get("playbook", []))
    playbooks = []
    for path in sorted(glob.glob(os.path.join(root, "playbooks", "*.yml"))):
        name = os.path.splitext(os.path.basename(path))[0]
        if name not in listed:
            description = first_play_name(path)
            if not description:
                fail("playbooks/%s.yml has no play with a name, which the changelog would list it by." % name)
            playbooks.append({"name": name, "description": description})

    fragments = os.path.join(root, "changelogs", "fragments")
    with open(os.path.join(fragments, "%s-release-summary.yml" % version), "w") as handle:
        handle.write("---\n")
        yaml.safe_dump({"release_summary": args.summary or FIRST_SUMMARY}, handle, width=110)
    if playbooks:
        with open(os.path.join(fragments, "%s-playbooks.yml" % version), "w") as handle:
            handle.write("---\n")
            yaml.safe_dump({"add object.playbook": playbooks}, handle, sort_keys=False, width=110,
                           default_flow_style=False)

    run(["antsibull-changelog", "lint"], root)
    run(["antsibull-changelog", "release", "--version", version] + (["--date", args.date] if args.date else []), root)
    run(["antsibull-changelog", "lint"], root)
    run(["antsibull-changelog", "lint-changelog-yaml", "--strict", "changelogs/changelog.yaml"], root)

    with open(changelog_path) as handle:
        release = (yaml.safe_load(handle).get("releases") or {}).get(version)
    if not release:
        fail("antsibull-changelog wrote no release %s into changelogs/changelog.yaml." % version)
    counts = ["%d modules" % len(release.get("modules") or [])]
    for group in ("plugins", "objects"):
        counts.extend("%d %ss" % (len(items), kind) for kind, items in sorted((release.get(group) or {}).items()))
    print("changelog-release: released %s (new: %s); see CHANGELOG.md" % (version, ", ".join(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
