#!/usr/bin/env bash
# make build-install: build the collection from a copy of the checkout, check the tarball, install it into a clean
# collections path and run its playbooks from there (never from the checkout) against a fresh emulator.
#   tests/utils/build_install.sh WORKDIR PORT      (WORKDIR/src holds the copy; ansible-galaxy etc. on PATH)
# The copy first gets the clutter a developer's checkout has (ansible-lint's .ansible/ with a whole copy of the
# collection, editor folders, caches, venvs, coverage, ansible-test output): none of it may reach the tarball.
set -euo pipefail

work=$(cd "$1" && pwd)
port=$2
src=$work/src
utils=$(cd "$(dirname "$0")" && pwd)
python=$(command -v python)
bounded() { timeout --kill-after=10 "$@"; }   # every step has a time limit

test -f "$src/galaxy.yml" || { echo "no collection copy in $src" >&2; exit 2; }
rm -rf "$work/dist" "$work/collections" "$work/run" "$work/emulator"
mkdir -p "$work/dist" "$work/collections" "$work/run"

echo "== clutter a developer's checkout has"
mkdir -p "$src/.ansible/collections/ansible_collections/scorm"
cp -r "$src/plugins" "$src/.ansible/collections/ansible_collections/scorm/"  # what ansible-lint leaves behind
for path in .idea/workspace.xml .vscode/settings.json .mypy_cache/3.11/cache.db tests/unit/.mypy_cache/x.json \
  htmlcov/index.html .coverage .coverage.host.1234 coverage.xml venv/pyvenv.cfg .venv/pyvenv.cfg \
  .venv-lint/pyvenv.cfg env/pyvenv.cfg .tox/py311/log .nox/x .cache/pip/x .pytest_cache/README.md \
  tests/unit/.pytest_cache/v/lastfailed .ruff_cache/x .hypothesis/examples/x tests/output/junit/units.xml \
  .make/lint/.installed plugins/modules/__pycache__/scorm_account.cpython-311.pyc plugins/module_utils/client.pyc \
  roles/account/tasks/.main.yml.swp playbooks/apply.yml~ .DS_Store docs/.DS_Store scorm-cloud-0.0.9.tar.gz \
  tests/integration/integration_config.yml plugins/modules/scorm_course.py.orig; do
  mkdir -p "$(dirname "$src/$path")" && echo clutter > "$src/$path"
done

echo "== ansible-galaxy collection build"
(cd "$src" && bounded 300 ansible-galaxy collection build --output-path "$work/dist")
tarball=$(ls "$work"/dist/scorm-cloud-*.tar.gz)

echo "== the tarball: no dev clutter, all the content"
"$python" "$utils/check_tarball.py" "$tarball" --source "$src"
# The check itself must catch clutter: the same tarball with a .ansible/ folder added fails it.
rm -rf "$work/dirty" && mkdir -p "$work/dirty/tree/.ansible/collections"
tar -xzf "$tarball" -C "$work/dirty/tree"
echo clutter > "$work/dirty/tree/.ansible/collections/x.py"
tar -czf "$work/dirty/$(basename "$tarball")" -C "$work/dirty/tree" .
if "$python" "$utils/check_tarball.py" "$work/dirty/$(basename "$tarball")" --source "$src" > "$work/dirty/check.txt"; then
  echo "check_tarball.py passed a tarball holding .ansible/" >&2; exit 1
fi
grep -q "dev clutter in the tarball: .ansible$" "$work/dirty/check.txt"
rm -rf "$work/dirty"

echo "== ansible-galaxy collection install into a clean collections path"
# From here on only the installed copy is visible: no other collections path, not the checkout, not site-packages.
export ANSIBLE_COLLECTIONS_PATH=$work/collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
bounded 300 ansible-galaxy collection install --offline -p "$work/collections" "$tarball"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=true
installed=$work/collections/ansible_collections/scorm/cloud
bounded 120 ansible-galaxy collection list scorm.cloud --format json > "$work/run/list.json"
"$python" - "$work/run/list.json" "$work/collections/ansible_collections" <<'EOF'
import json, sys
found = json.load(open(sys.argv[1]))
assert list(found) == [sys.argv[2]] and list(found[sys.argv[2]]) == ["scorm.cloud"], found
print("scorm.cloud %s is only in %s" % (found[sys.argv[2]]["scorm.cloud"]["version"], sys.argv[2]))
EOF
bounded 120 ansible-galaxy collection verify --offline scorm.cloud
test ! -e "$installed/.ansible" && test ! -e "$installed/Makefile"

echo "== its playbooks, run from the installed copy against a fresh emulator on port $port"
stop_emulator() { "$python" "$utils/emulator_ctl.py" stop --state-dir "$work/emulator" || true; }
trap stop_emulator EXIT
"$python" "$utils/emulator_ctl.py" start --port "$port" --state-dir "$work/emulator"
export SCORM_CLOUD_API_URL=http://127.0.0.1:$port/api/v2 SCORM_CLOUD_APP_ID=scorm-demo \
  SCORM_CLOUD_SECRET_KEY=scorm-demo-secret SCORM_CLOUD_MGMT_APP_ID=scorm-mgmt SCORM_CLOUD_MGMT_SECRET_KEY=scorm-mgmt-secret
cd "$work/run"
cat > state.yml <<'EOF'
---
scorm_destinations:
  - id: build-install-check
    name: Installed from the tarball
    tags: [build-install]
EOF
recap() { grep -E '^localhost +:' "$1" | sed -E 's/.*changed=([0-9]+).*failed=([0-9]+).*/changed=\1 failed=\2/'; }
bounded 300 ansible-playbook scorm.cloud.apply -e @state.yml | tee apply-1.txt
test "$(recap apply-1.txt)" = "changed=1 failed=0" || { echo "first apply: $(recap apply-1.txt), wanted changed=1" >&2; exit 1; }
bounded 300 ansible-playbook scorm.cloud.apply -e @state.yml | tee apply-2.txt
test "$(recap apply-2.txt)" = "changed=0 failed=0" || { echo "second apply: $(recap apply-2.txt), wanted changed=0" >&2; exit 1; }
"$python" - "$port" <<'EOF'
import base64, json, sys, urllib.request
request = urllib.request.Request("http://127.0.0.1:%s/api/v2/dispatch/destinations/build-install-check" % sys.argv[1])
request.add_header("Authorization", "Basic " + base64.b64encode(b"scorm-demo:scorm-demo-secret").decode())
with urllib.request.urlopen(request, timeout=10) as response:
    destination = json.load(response)
assert destination["name"] == "Installed from the tarball" and destination["tags"] == ["build-install"], destination
print("the emulator holds destination build-install-check, %r" % destination["name"])
EOF
# The drift role, its lookup (scorm.cloud.token), filter (drift_report) and templates, all from the tarball.
bounded 300 ansible-playbook scorm.cloud.drift -e @state.yml -e scorm_drift_report_dir="$work/run" | tee drift.txt
test -s drift.json && test -s drift.md && test -s drift-junit.xml
"$python" - <<'EOF'
import json
summary = json.load(open("drift.json"))["summary"]
assert summary["drifted"] == 0 and summary["kinds"]["destinations"]["matching"] == 1, summary
print("drift: none (%d live destination matches the state file)" % summary["kinds"]["destinations"]["matching"])
EOF
grep -F "$installed" -q <(bounded 120 ansible-doc -t module scorm.cloud.scorm_dispatch_destinations 2>&1 | head -5) \
  || { echo "ansible-doc does not read scorm.cloud from $installed" >&2; exit 1; }
echo "build-install: built, checked, installed and ran scorm.cloud from $installed"
