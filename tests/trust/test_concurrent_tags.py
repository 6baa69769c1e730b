# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two applies at once, of the same objects with different tags: each object ends with the tags one of them
declares, or a run fails naming the object and the conflict; never a mix that no file declares, silently.

The service has no request that sets an object's tags (PUT adds, DELETE removes), so the collection adds, then
removes, then reads the tags back and sets them right when another run wrote others meanwhile (see _engine.py).
The two runs are separate processes, as two CI jobs would be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import COLLECTIONS_ROOT, REPO, connection

OBJECTS = 100
MODULE = REPO / "plugins" / "modules" / "scorm_dispatch_destinations.py"


def apply_in_background(emu, tags, workdir, name):
    args = connection(emu, config=[{"id": "t%03d" % n, "name": "Tagged %d" % n, "tags": tags} for n in range(OBJECTS)],
                      concurrency=8, retry_deadline=30)
    path = workdir / ("%s.json" % name)
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    env = dict(os.environ, PYTHONPATH=str(COLLECTIONS_ROOT))
    return subprocess.Popen([sys.executable, str(MODULE), str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)


def outcome(process):
    stdout, stderr = process.communicate(timeout=300)
    assert stdout, stderr.decode()
    return json.loads(stdout)


@pytest.mark.parametrize("round_number", [1, 2, 3])
def test_two_applies_with_different_tags_never_leave_a_silent_mix(emu, tmp_path, round_number):
    for number in range(OBJECTS):
        emu.seed_destination("t%03d" % number, name="Tagged %d" % number, tags=["old", "shared"])
    blue, green = ["blue", "shared"], ["green"]
    runs = [apply_in_background(emu, blue, tmp_path, "blue"), apply_in_background(emu, green, tmp_path, "green")]
    results = [outcome(run) for run in runs]
    named = set()
    for result in results:
        if result.get("failed"):
            # A run may also fail before its first write (its list read did not add up while the other run wrote):
            # then it names no object, and wrote none.
            assert "\n" not in result["msg"]
            for action in result.get("actions", []):
                if action.get("error"):
                    assert "changed while this run wrote them" in action["error"], action["error"]
                    named.add(action["id"])
    live = dict((entry["id"], sorted(entry["data"]["tags"])) for entry in emu.list_all("/dispatch/destinations",
                                                                                       "destinations"))
    mixed = sorted(key for key, tags in live.items() if tags not in (sorted(blue), sorted(green)))
    assert set(mixed) <= named, "objects with tags no run declares, and no run said so: %s" % [
        (key, live[key]) for key in mixed if key not in named]
