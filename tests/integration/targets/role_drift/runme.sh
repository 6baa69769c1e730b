#!/usr/bin/env bash
# The drift role (roles/drift) through the collection playbook scorm.cloud.drift, against the service that
# integration_config.yml describes (ansible-test copies it two levels above this target's directory). The "account"
# under test is an application the target creates for itself (<prefix>-drift-account, state/realm.yml) and its
# content (state/content.yml), applied with scorm.cloud.apply (apply.yml); protect.yml keeps the realm's other
# applications out of every drift check. The numbers are the drift issue's "Done when":
#   - out_of_band.yml changes one object of each kind, deletes two declared objects and adds three undeclared ones;
#     then exactly those are reported, as changed with exactly the differing fields, missing and unmanaged (1., 2.),
#     in a JUnit file whose failures are the drifted objects (3.), by a run that sent no write (4.) and that fails,
#     naming the counts and the reports (6.); with scorm_drift_fail=false the same reports and a passing play (6.)
#   - after applying the state again, no drift and a passing play (6.)
#   - a token minted for the drift check's scopes cannot write (least_privilege.yml, 7.)
#   - the application and the credential the drift run authenticates with, undeclared, are protected as
#     scorm.cloud.apply protects them, not reported as unmanaged (state/own_connection.yml)
#   - no secret the target knows, and no token, is in any output (every run is logged, the drift runs with -vvv) or
#     any report (5.; checked on exit, after the cleanup)
# preflight.yml refuses to start when the target's names are taken; cleanup.yml removes everything, whatever happened.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# The playbooks use the helper role setup_scorm_emulator (see aliases).
ANSIBLE_ROLES_PATH=$(cd .. && pwd)
export ANSIBLE_ROLES_PATH

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
# Every ansible-playbook run gets the script's arguments (ansible-test's -v...) and the service's configuration. Kept
# in an array: the EXIT trap runs inside a function, where "$@" is that function's arguments.
common=("$@" -e "@${config}")

# Runs ansible-playbook with the given arguments; its output (warnings included) also goes to
# ${OUTPUT_DIR}/NAME.log, which cleanup() greps for secrets. Returns ansible-playbook's status.
run() {
  local name=$1
  shift
  echo "== ${name}"
  ansible-playbook "$@" 2>&1 | tee "${OUTPUT_DIR}/${name}.log"
}

# Fails unless the recap of ${OUTPUT_DIR}/NAME.log matches the pattern.
expect_recap() {
  local name=$1 pattern=$2 why=$3
  grep -Eq "${pattern}" "${OUTPUT_DIR}/${name}.log" || { echo "${name}: ${why} (see above)." >&2; return 1; }
}

# One drift check of the state given as the other arguments, with -vvv so that every value the modules receive and
# return is in its log: protect.yml (the realm's other applications) and the collection playbook in one
# ansible-playbook run, its reports in ${OUTPUT_DIR}/NAME (which the role creates). Returns the run's status.
drift() {
  local name=$1
  shift
  run "${name}" protect.yml scorm.cloud.drift -vvv "${common[@]}" "${connection[@]}" \
    -e "scorm_drift_report_dir=${OUTPUT_DIR}/${name}" "$@"
}

# A report FILE of the drift run NAME without what differs between two runs of the same check: the time and duration of
# the check, and where its reports are (NAME in them).
without_time() {
  sed -E -e 's/"(checked_at|duration_seconds)": [^,]*,?//' -e 's/^Checked .* in [0-9.]+ s: /Checked: /' -e "s|/$2/|/REPORTS/|g" "$1"
}

# Checks the drift run NAME with verify.yml: EXPECT is drifted or clean, FAILED whether its play was to fail; the
# other arguments are the state the run checked.
verify() {
  local name=$1 expect=$2 failed=$3
  shift 3
  run "verify-${name}" verify.yml "${common[@]}" "${connection[@]}" -e "report_dir=${OUTPUT_DIR}/${name}" \
    -e "expect=${expect}" -e "drift_failed=${failed}" -e "drift_log=${OUTPUT_DIR}/${name}.log" -e "@${work}/ids.yml" "$@"
}

# No application carries the target's names yet (checked before the cleanup trap, which would delete them).
run preflight preflight.yml "${common[@]}"

# Holds the connection file and secrets.yml (with secrets) and secrets.txt, the list of every secret the target
# knows (one a line); removed on exit.
work=$(mktemp -d)
# On exit, whatever happened: remove the target's application (listing its secrets first), then check (5.) that no
# secret and no token reached any output of the run (a failed run included: error messages are where a secret would
# most likely leak) nor any report.
cleanup() {
  local status=$?
  echo "== cleanup"
  ansible-playbook cleanup.yml "${common[@]}" -e "work_dir=${work}" 2>&1 | tee "${OUTPUT_DIR}/cleanup.log" || status=1
  echo "== no secret and no token reached the output or the reports"
  local outputs
  shopt -s nullglob
  outputs=("${OUTPUT_DIR}"/*.log "${OUTPUT_DIR}"/*/drift.json "${OUTPUT_DIR}"/*/drift.md "${OUTPUT_DIR}"/*/drift-junit.xml)
  if [[ -s ${work}/secrets.txt ]] && grep -l -F -f "${work}/secrets.txt" "${outputs[@]}"; then
    echo "The files above show a secret the target used." >&2
    status=1
  fi
  # The drift role's own tokens are never handed to the target: look for anything shaped like a token (the
  # emulator's "sce1.<payload>.<signature>", a JWT).
  if grep -l -E 'sce1\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}' "${outputs[@]}"; then
    echo "The files above show an OAuth token." >&2
    status=1
  fi
  rm -rf "${work}"
  exit "${status}"
}
trap cleanup EXIT

# The content's secrets: the xAPI credentials' secrets (the forwarder's is also the pipe's source password), the
# pipe's target password and the dispatch's postback password. Random, so that finding one in a log means it leaked.
secret() { "${python}" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
{
  echo '---'
  for name in drift_xapi_secret drift_reader_secret drift_lrs_password drift_postback_password; do
    value=$(secret)
    echo "${name}: '${value}'"
    echo "${value}" >>"${work}/secrets.txt"
  done
} >"${work}/secrets.yml"
# The service's credentials of the configuration are secrets too.
"${python}" -c 'import sys, yaml; c = yaml.safe_load(open(sys.argv[1])); print(c["scorm_secret_key"]); print(c["scorm_mgmt_secret_key"])' \
  "${config}" >>"${work}/secrets.txt"
state=(-e @state/realm.yml -e @state/content.yml -e "@${work}/secrets.yml" -e "drift_files_dir=${PWD}/files")
connection=(-e "@${work}/connection.yml")
recap_passed='localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0'
recap_failed='localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=1'

# ---- the account: the target's application, then its content --------------------------------------------------
# One ansible-playbook run may hold several playbooks: each run costs seconds of start-up.
run realm apply.yml setup.yml "${common[@]}" -e @state/realm.yml -e "work_dir=${work}"

# ---- 1. to 6.: drift behind the collection's back -------------------------------------------------------------
run apply apply.yml out_of_band.yml "${common[@]}" "${state[@]}" "${connection[@]}" -e "work_dir=${work}"
if drift drift-drifted "${state[@]}"; then
  echo "drift-drifted: the play passed although the account drifted." >&2
  exit 1
fi
expect_recap drift-drifted "${recap_failed}" "the play did not fail at the drift"
verify drift-drifted drifted true "${state[@]}"

# The same check, only reporting: the same three reports (the account did not change in between; only the time and
# the duration of the check differ), and a passing play that says how much drifted.
drift drift-report-only "${state[@]}" -e scorm_drift_fail=false
expect_recap drift-report-only "${recap_passed}" "with scorm_drift_fail=false the play failed"
for report in drift.json drift.md drift-junit.xml; do
  diff <(without_time "${OUTPUT_DIR}/drift-drifted/${report}" drift-drifted) \
    <(without_time "${OUTPUT_DIR}/drift-report-only/${report}" drift-report-only)
done
grep -Fq "SCORM Cloud drift: 13 object(s) differ from the code (2 missing, 8 changed, 3 unmanaged). Reports: ${OUTPUT_DIR}/drift-report-only/drift.md, ${OUTPUT_DIR}/drift-report-only/drift.json, ${OUTPUT_DIR}/drift-report-only/drift-junit.xml." \
  "${OUTPUT_DIR}/drift-report-only.log" || { echo "drift-report-only: the play did not report the drift." >&2; exit 1; }

# ---- 6. applied again: no drift -----------------------------------------------------------------------------------
run reapply apply.yml "${common[@]}" "${state[@]}" "${connection[@]}"
drift drift-reapplied "${state[@]}"
expect_recap drift-reapplied "${recap_passed}" "the drift check of the re-applied account failed"
verify drift-reapplied clean false "${state[@]}"

# ---- 7. least privilege; then the application loses its deletion protection, for the last check ----------------
run least-privilege least_privilege.yml own_connection.yml -vvv "${common[@]}" "${connection[@]}" -e "work_dir=${work}"

# ---- what the drift run authenticates with is not unmanaged ----------------------------------------------------
# The code declares neither the application nor the credential the tokens are minted from (only the App Management
# sections, state/own_connection.yml over state/realm.yml): scorm.cloud.apply never purges them, so the check must
# count them as protected and pass. verify.yml first: it says what was reported.
own=(-e @state/realm.yml -e @state/own_connection.yml -e own_connection=true)
drift drift-own-connection "${own[@]}" || true
verify drift-own-connection clean false "${own[@]}"
expect_recap drift-own-connection "${recap_passed}" "the drift check reported what it authenticates with"

# ---- 5. is checked by cleanup() on exit ---------------------------------------------------------------------------
