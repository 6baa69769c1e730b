#!/usr/bin/env bash
# The tour `make demo` gives of the main job, on the emulator it started: apply an account, apply it again, change it
# behind the collection's back, see the drift, apply it away, export the account. Each step says what it shows.
# Needs: PATH with the project's ansible, ANSIBLE_COLLECTIONS_PATH, SCORM_CLOUD_* (make demo sets them), and $1, a
# directory for the reports and the export.
set -eu -o pipefail
out=$1
state=docs/examples/demo-account.yml
api="${SCORM_CLOUD_API_URL}"
mkdir -p "${out}"
# Only what changes or fails is shown, and the recap.
export ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false ANSIBLE_FORCE_COLOR=0

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. Apply the example account ($state): three destinations, a course, two dispatches, an xAPI credential and the pipe that uses it"
ansible-playbook scorm.cloud.apply -e "@${state}"

step "2. Apply it again: nothing is left to change (changed=0), and only the lists were read"
ansible-playbook scorm.cloud.apply -e "@${state}" | tee "${out}/second-apply.log"
grep -Eq 'changed=0 .*failed=0' "${out}/second-apply.log"

step "3. Behind the collection's back, through the API: rename acme-lms, and add a destination the code does not declare"
python3 - "${api}" <<'PY'
import base64, json, os, sys, urllib.request
auth = base64.b64encode(("%s:%s" % (os.environ["SCORM_CLOUD_APP_ID"], os.environ["SCORM_CLOUD_SECRET_KEY"])).encode()).decode()
for path, body in (("/dispatch/destinations/acme-lms", {"name": "ACME (renamed by hand)"}),
                   ("/dispatch/destinations/shadow-lms", {"name": "A destination nobody declared"})):
    request = urllib.request.Request(sys.argv[1] + path, data=json.dumps(body).encode(), method="PUT",
                                     headers={"Authorization": "Basic " + auth, "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()
    print("PUT %s %s" % (path, json.dumps(body)))
PY

step "4. Drift check (read-only tokens): the reports show exactly those two objects, and the play fails"
if ansible-playbook scorm.cloud.drift -e "@${state}" -e "scorm_drift_report_dir=${out}/drift-found"; then
  echo "The drift check should have failed." >&2
  exit 1
fi
cat "${out}/drift-found/drift.md"

step "5. Apply again, with scorm_purge=true: acme-lms is renamed back and shadow-lms deleted; the drift check passes"
ansible-playbook scorm.cloud.apply -e "@${state}" -e scorm_purge=true
ansible-playbook scorm.cloud.drift -e "@${state}" -e "scorm_drift_report_dir=${out}/drift-clean"

step "6. Export the live account as a state file (no secrets; its header says what it leaves out)"
ansible-playbook scorm.cloud.export -e "scorm_export_file=${out}/exported-account.yml"
head -n 12 "${out}/exported-account.yml"

step "The tour is over. The drift it found (${out}/drift-found/drift.json; drift.md and drift-junit.xml beside it):"
python3 - "${out}/drift-found/drift.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for record in report["records"]:
    print("  %-13s %-12s %s%s" % (record["kind"], record["class"], record["label"],
                                  (" (" + ", ".join(record["fields"]) + ")") if record.get("fields") else ""))
print("  checked %s at %s" % (report["run"]["checked_at"], report["run"]["api_url"]))
PY
echo "The clean check after step 5: ${out}/drift-clean/drift.md. The export: ${out}/exported-account.yml"
