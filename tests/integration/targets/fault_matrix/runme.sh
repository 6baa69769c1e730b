#!/usr/bin/env bash
# The fault matrix (issue 13): every module and the list path under the emulator's injected faults (vars/cells.yml:
# 503 twice with Retry-After, 429, a stall longer than the timeout with and without a late commit, an answer dropped
# after the commit), each cell asserted on the task's outcome, on the convergence of re-runs and on the emulator's
# objects (cell.yml); then OAuth and network faults (oauth_network.yml). Each cell is a host of matrix.yml, and the
# cells run side by side; each cell's fault filters on its own object, so it is met only by the cell's own request.
# It needs the emulator's /__emulator/faults, so against the real service (scorm_emulator_url empty) it is skipped.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
emulator_url=$("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get("scorm_emulator_url") or "")' \
  "${config}")
if [[ -z ${emulator_url} ]]; then
  echo "fault_matrix: skipped: it injects faults through the emulator's /__emulator/faults, which the real service" \
    "does not have (scorm_emulator_url is empty)."
  exit 0
fi

started=${SECONDS}
work=$(mktemp -d)
common=("$@" -e "@${config}" -e "work_dir=${work}" -e "fault_files=${work}")
cleanup() {
  local status=$?
  echo "== cleanup"
  ansible-playbook cleanup.yml "${common[@]}" >"${OUTPUT_DIR}/cleanup.log" 2>&1 || {
    cat "${OUTPUT_DIR}/cleanup.log"
    status=1
  }
  rm -rf "${work}"
  exit "${status}"
}
trap cleanup EXIT

# Two small SCORM 1.2 packages: the second is a new version of the first.
"${python}" - "${work}" <<'PY'
import sys, zipfile
manifest = ('<?xml version="1.0"?><manifest identifier="m1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">'
            '<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>'
            '<organizations default="o1"><organization identifier="o1"><title>Faults %s</title>'
            '<item identifier="i1" identifierref="r1"><title>Page</title></item></organization></organizations>'
            '<resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html" '
            'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><file href="index.html"/></resource></resources>'
            '</manifest>')
for name, body in (("a", "<p>one</p>"), ("b", "<p>two, longer</p>")):
    with zipfile.ZipFile("%s/tiny-%s.zip" % (sys.argv[1], name), "w") as package:
        package.writestr("imsmanifest.xml", manifest % name)
        package.writestr("index.html", body)
PY

echo "== cleanup of an earlier run, then setup"
ansible-playbook cleanup.yml "${common[@]}" >"${OUTPUT_DIR}/precleanup.log" 2>&1 || { cat "${OUTPUT_DIR}/precleanup.log"; exit 1; }
ansible-playbook setup.yml "${common[@]}"
common+=(-e "@${work}/connection.yml")

echo "== the matrix"
# FAULT_ONLY="dest-c course-u" runs only the cells of those subjects (while working on one of them).
only=$("${python}" -c 'import json, sys; print(json.dumps(sys.argv[1].split()))' "${FAULT_ONLY:-}")
if ! ANSIBLE_FORKS=${FAULT_FORKS:-12} ansible-playbook matrix.yml "${common[@]}" -e "{\"fault_only\": ${only}}" \
  >"${OUTPUT_DIR}/matrix.log" 2>&1; then
  grep -E '^(fatal|failed):|FAILED|ERROR' "${OUTPUT_DIR}/matrix.log" | head -n 40
  tail -n 30 "${OUTPUT_DIR}/matrix.log"
  exit 1
fi
grep -o '"msg": "CELL [^"]*' "${OUTPUT_DIR}/matrix.log" | sed 's/"msg": "//' | sort
cells=$(grep -c '"msg": "CELL ' "${OUTPUT_DIR}/matrix.log")
expected=$("${python}" -c 'import sys, yaml; d = yaml.safe_load(open("vars/cells.yml")); only = sys.argv[1].split()
print(len([s for s in d["subjects"] if not only or s["id"] in only]) * len(d["faults"]))' "${FAULT_ONLY:-}")
[[ ${cells} == "${expected}" ]] || { echo "${cells} cells passed, ${expected} expected" >&2; exit 1; }
echo "== ${cells} cells passed ($(grep -c '"msg": "CELL [^"]*: recovered' "${OUTPUT_DIR}/matrix.log") recovered, the others" \
  "failed with one sentence and converged on re-run) in $((SECONDS - started)) s"

echo "== OAuth and network faults"
ansible-playbook oauth_network.yml "${common[@]}"
echo "== fault matrix: ${cells} cells and the OAuth/network checks passed in $((SECONDS - started)) s"
