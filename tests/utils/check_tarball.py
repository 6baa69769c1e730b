# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks a tarball built by `ansible-galaxy collection build`: it holds no dev clutter (tool caches such as
ansible-lint's .ansible/, venvs, editor folders, coverage, ansible-test output, the Makefile's work folder, the
emulator and the benchmark), and it holds the collection (every file of the source tree under plugins/, roles/,
playbooks/, meta/ and docs/, plus meta/runtime.yml, the README, the licence and the changelog), with a MANIFEST.json
that names the collection and version of galaxy.yml and a FILES.json that lists exactly what the tarball holds.

    python tests/utils/check_tarball.py scorm-cloud-0.1.0.tar.gz --source DIR

DIR is the tree the tarball was built from. Exit status 1 with one line per problem; 0 with a one-line summary.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import fnmatch
import json
import os
import sys
import tarfile

import yaml

# A path is clutter when one of its folders or its file name matches one of these (at any depth).
CLUTTER_NAMES = (
    ".ansible", ".git", ".venv*", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
    "__pycache__", ".idea", ".vscode", "htmlcov", "*.egg-info", "*.pyc", "*.pyo", ".coverage", ".coverage.*",
    "coverage.xml", "*.swp", "*~", "*.orig", "*.rej", ".DS_Store", "*.tar.gz",
)
# ... or when it is one of these top-level folders or files, or lies under one.
CLUTTER_TOP = (
    ".make", ".ci", ".cache", "venv", "env", "build", "Makefile", "requirements-dev.txt", ".gitignore",
    "tests/output", "tests/emulator", "tests/benchmark", "tests/integration/integration_config.yml",
)
# Content the collection cannot work without: files, and folders that must hold at least one file.
REQUIRED_FILES = ("MANIFEST.json", "FILES.json", "README.md", "LICENSE", "meta/runtime.yml",
                  "changelogs/changelog.yaml")
REQUIRED_DIRS = ("plugins/modules", "plugins/module_utils", "plugins/doc_fragments", "roles/account", "roles/drift",
                 "playbooks", "docs")
# Every file of the source tree under these folders must be in the tarball.
CONTENT_DIRS = ("plugins", "roles", "playbooks", "meta", "docs", "changelogs")


def is_clutter(path):
    parts = path.split("/")
    if any(fnmatch.fnmatchcase(part, pattern) for part in parts for pattern in CLUTTER_NAMES):
        return True
    return any(path == top or path.startswith(top + "/") for top in CLUTTER_TOP)


def relative(name):
    while name.startswith("./"):
        name = name[2:]
    return name.rstrip("/")


def tarball_files(tarball):
    """The regular files of the tarball, as paths relative to the collection root."""
    with tarfile.open(tarball, "r:gz") as archive:
        members = archive.getmembers()
        files = dict((relative(member.name), member) for member in members if member.isfile())
        manifest = json.load(archive.extractfile(files["MANIFEST.json"])) if "MANIFEST.json" in files else None
        listing = json.load(archive.extractfile(files["FILES.json"])) if "FILES.json" in files else None
        files = dict((name, member.size) for name, member in files.items())
        names = [relative(member.name) for member in members]
    return files, names, manifest, listing


def source_files(source):
    """The files of the source tree under CONTENT_DIRS that are not clutter themselves."""
    found = set()
    for top in CONTENT_DIRS:
        for root, _dirs, names in os.walk(os.path.join(source, top)):
            for name in names:
                path = os.path.relpath(os.path.join(root, name), source).replace(os.sep, "/")
                if not is_clutter(path):
                    found.add(path)
    return found


def problems(tarball, source):
    files, names, manifest, listing = tarball_files(tarball)
    found = []
    # One line per clutter folder or file: the shortest clutter prefix of each clutter path.
    clutter = set()
    for name in names:
        parts = name.split("/")
        prefixes = ["/".join(parts[:index]) for index in range(1, len(parts) + 1)]
        clutter.update([prefix for prefix in prefixes if is_clutter(prefix)][:1])
    found.extend("dev clutter in the tarball: %s" % name for name in sorted(clutter))
    found.extend("missing from the tarball: %s" % path for path in REQUIRED_FILES if path not in files)
    for folder in REQUIRED_DIRS:
        if not any(path.startswith(folder + "/") for path in files):
            found.append("missing from the tarball: %s/ (no file)" % folder)
    expected = source_files(source)
    if not expected:
        found.append("the source tree %s holds none of %s" % (source, ", ".join(CONTENT_DIRS)))
    found.extend("in the source tree but not in the tarball: %s" % path for path in sorted(expected - set(files)))
    with open(os.path.join(source, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    if manifest is not None:
        info = manifest.get("collection_info", {})
        for key in ("namespace", "name", "version"):
            if info.get(key) != galaxy.get(key):
                found.append("MANIFEST.json says %s=%r, galaxy.yml %r" % (key, info.get(key), galaxy.get(key)))
    if listing is not None:
        listed = set(entry["name"] for entry in listing.get("files", []) if entry.get("ftype") == "file")
        actual = set(files) - {"MANIFEST.json"}
        found.extend("FILES.json lists a file the tarball lacks: %s" % path for path in sorted(listed - actual))
        found.extend("the tarball holds a file FILES.json does not list: %s" % path
                     for path in sorted(actual - listed - {"FILES.json"}))
    return found, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tarball")
    parser.add_argument("--source", required=True, help="the tree the tarball was built from (holds galaxy.yml)")
    args = parser.parse_args()
    found, files = problems(args.tarball, args.source)
    if found:
        for line in found:
            print(line)
        print("%s: %d problem(s)" % (args.tarball, len(found)))
        return 1
    print("%s: %d files, %d KB unpacked, %d KB packed, no dev clutter, all of %s" % (
        os.path.basename(args.tarball), len(files), sum(files.values()) // 1024, os.path.getsize(args.tarball) // 1024,
        ", ".join(CONTENT_DIRS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
