#!/usr/bin/env bash
# The account role (roles/account) through the collection's playbooks scorm.cloud.apply and scorm.cloud.export,
# against the service that integration_config.yml describes (ansible-test copies it two levels above this target's
# directory). The "account" under test is the content of applications the target creates for itself
# (state/realm.yml: <prefix>-account-src, -empty, -spare and -text), so that nothing else is touched on a real service.
#   1. round trip: state/content.yml applied to src twice (the second run changes nothing), exported, and the
#      export applied back (nothing changes); the same for the target's applications and credentials; and for any
#      text (state/text.yml, in the text application, and the names in state/realm.yml: Jinja delimiters, quotes,
#      backslashes, non-ASCII and YAML-significant text): the export holds the text as declared, applied back it
#      changes nothing, and the drift check of the export finds no drift
#   2. empty account: the export of src applied to the empty application rebuilds it, except the course
#   3. call budget (budget.yml), 4. purge (purge.yml), 5. check mode (check_mode.yml), 6. per-item errors
#      (item_errors.yml), 7. argument specs (argument_specs.yml)
#   8. no secret the target uses appears in any output (checked on exit, after the cleanup)
# preflight.yml refuses to start when the target's names are taken; cleanup.yml removes everything, whatever happened.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# The scenario playbooks use the helper role setup_scorm_emulator (see aliases).
ANSIBLE_ROLES_PATH=$(cd .. && pwd)
export ANSIBLE_ROLES_PATH

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
# Every ansible-playbook run gets the script's arguments (ansible-test's -v...) and the service's configuration. Kept
# in an array: the EXIT trap may run inside a function, where "$@" is that function's arguments.
common=("$@" -e "@${config}")
recap_unchanged='localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0'
recap_changed='localhost +: ok=[0-9]+ +changed=[1-9][0-9]* +unreachable=0 +failed=0'
recap_ok='localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0'
content_sections='{"scorm_export_include": ["destinations", "courses", "public_invitations", "xapi_credentials", "xapi_pipes"]}'
text_sections='{"scorm_export_include": ["destinations", "courses", "dispatches", "xapi_credentials", "xapi_pipes"]}'
realm_sections='{"scorm_export_include": ["applications", "credentials"]}'

# Runs ansible-playbook with the given arguments; its output (warnings included) also goes to
# ${OUTPUT_DIR}/NAME.log, which cleanup() greps for secrets.
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

# No application carries the target's names yet (checked before the cleanup trap, which would delete them).
run preflight preflight.yml "${common[@]}"

# Holds the connection files (with the credentials' secrets), the exports and secrets.txt, the list of every secret
# the target uses (one a line); removed on exit.
work=$(mktemp -d)
# On exit, whatever happened: remove the target's applications, then check (8.) that no secret reached any output
# of the run (a failed run included: error messages are where a secret would most likely leak) nor an export.
cleanup() {
  local status=$?
  echo "== cleanup"
  ansible-playbook cleanup.yml "${common[@]}" 2>&1 | tee "${OUTPUT_DIR}/cleanup.log" || status=1
  echo "== no secret of the target reached the output"
  local outputs
  shopt -s nullglob
  outputs=("${OUTPUT_DIR}"/*.log "${work}"/*export*.yml "${work}"/own-*.yml)
  if [[ -s ${work}/secrets.txt ]] && grep -l -F -f "${work}/secrets.txt" "${outputs[@]}"; then
    echo "The files above show a secret the target used." >&2
    status=1
  fi
  rm -rf "${work}"
  exit "${status}"
}
trap cleanup EXIT

# Secrets of the content: the xAPI credential's secret (also the pipe's source password) and the pipe's target
# password. Random, so that finding one in a log means it leaked there.
secret() { "${python}" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
xapi_secret=$(secret)
lrs_password=$(secret)
printf "role_xapi_secret: '%s'\nrole_lrs_password: '%s'\n" "${xapi_secret}" "${lrs_password}" >"${work}/secrets.yml"
printf '%s\n%s\n' "${xapi_secret}" "${lrs_password}" >"${work}/secrets.txt"
content=(-e "@${work}/secrets.yml" -e "role_files_dir=${PWD}/files")
src=(-e "@${work}/src-connection.yml")
empty=(-e "@${work}/empty-connection.yml")
text=(-e "@${work}/text-connection.yml")

# ---- the target's applications and credentials ----------------------------------------------------------------
# One ansible-playbook run may hold several playbooks: each run costs seconds of start-up.
run realm-setup scorm.cloud.apply setup.yml "${common[@]}" -e @state/realm.yml -e "work_dir=${work}"

# ---- 1. round trip of the content ------------------------------------------------------------------------------
run content-first scorm.cloud.apply "${common[@]}" "${src[@]}" "${content[@]}" -e @state/content.yml
expect_recap content-first "${recap_changed}" "the first run did not create the content"
run content-second scorm.cloud.apply "${common[@]}" "${src[@]}" "${content[@]}" -e @state/content.yml
expect_recap content-second "${recap_unchanged}" "the second run of the same state changed something"

run content-export scorm.cloud.export "${common[@]}" "${src[@]}" -e "scorm_export_file=${work}/src-export.yml" \
  -e "${content_sections}"
# The header names what an export cannot carry.
grep -q '^# - scorm_courses: the package of every course' "${work}/src-export.yml"
grep -q '^# - scorm_xapi_pipes: source.password and target.password' "${work}/src-export.yml"
grep -q '^# - scorm_xapi_credentials: the secret of every xAPI credential' "${work}/src-export.yml"
# A public invitation is exported with its link (which applying the export neither compares nor writes).
grep -Eq '^ +url: .+/invitation/launch/.+' "${work}/src-export.yml"
run content-export-applied scorm.cloud.apply "${common[@]}" "${src[@]}" -e "@${work}/src-export.yml"
expect_recap content-export-applied "${recap_unchanged}" "the export applied back to its application changed something"

# ---- 1. round trip of any text, in the text application ----------------------------------------------------------
run text-first scorm.cloud.apply "${common[@]}" "${text[@]}" "${content[@]}" -e @state/text.yml
expect_recap text-first "${recap_changed}" "the first run did not create the text content"
run text-second scorm.cloud.apply "${common[@]}" "${text[@]}" "${content[@]}" -e @state/text.yml
expect_recap text-second "${recap_unchanged}" "the second run of state/text.yml changed something"
run text-export scorm.cloud.export "${common[@]}" "${text[@]}" -e "scorm_export_file=${work}/text-export.yml" \
  -e "${text_sections}"
run text-export-applied scorm.cloud.apply "${common[@]}" "${text[@]}" -e "@${work}/text-export.yml"
expect_recap text-export-applied "${recap_unchanged}" "the text application's export, applied back, changed something"
# The drift check takes the export as it is; it fails the play when it finds drift.
run text-drift scorm.cloud.drift "${common[@]}" "${text[@]}" -e "@${work}/text-export.yml" \
  -e "scorm_drift_report_dir=${OUTPUT_DIR}/text-drift"
expect_recap text-drift "${recap_ok}" "the drift check of the text application's export failed"
run text-compare compare_text.yml "${common[@]}" "${content[@]}" -e "export_file=${work}/text-export.yml" \
  -e "drift_dir=${OUTPUT_DIR}/text-drift"

# ---- 1. round trip of the applications and credentials, filtered to the target's own ------------------------------
run realm-export scorm.cloud.export filter_export.yml "${common[@]}" -e "${realm_sections}" -e @state/realm.yml \
  -e "scorm_export_file=${work}/realm-export.yml" -e "export_file=${work}/realm-export.yml" \
  -e "filtered_file=${work}/own-realm.yml"
grep -q '^# - scorm_credentials: the secret of every credential' "${work}/realm-export.yml"
run realm-export-applied scorm.cloud.apply "${common[@]}" -e "@${work}/own-realm.yml"
expect_recap realm-export-applied "${recap_unchanged}" "the export of the realm, applied back, changed something"
# The whole realm's export (the drift check only reads): the App Management application is protected, every other
# application and credential is declared.
run realm-drift scorm.cloud.drift "${common[@]}" -e "@${work}/realm-export.yml" \
  -e "scorm_drift_report_dir=${OUTPUT_DIR}/realm-drift"
expect_recap realm-drift "${recap_ok}" "the drift check of the realm's export failed"

# ---- 2. the content export applied to the empty application -----------------------------------------------------
run empty-apply scorm.cloud.apply "${common[@]}" "${empty[@]}" -e "@${work}/src-export.yml"
expect_recap empty-apply "${recap_changed}" "the export did not create anything in the empty application"
# The course cannot be created without its package: the task warns and goes on. (Older ansible-core wraps warnings
# over several lines, so the log is read as one line.)
tr -s '\n ' ' ' <"${OUTPUT_DIR}/empty-apply.log" \
  | grep -Eq 'WARNING.*Course .*-onboarding does not exist; .*an exported course carries no package' \
  || { echo "empty-apply: no warning about the skipped course." >&2; exit 1; }
run empty-apply-again scorm.cloud.apply "${common[@]}" "${empty[@]}" -e "@${work}/src-export.yml"
expect_recap empty-apply-again "${recap_unchanged}" "the export, applied to the empty application again, changed something"
run empty-export scorm.cloud.export compare_exports.yml "${common[@]}" "${empty[@]}" "${content[@]}" \
  -e "scorm_export_file=${work}/empty-export.yml" -e "${content_sections}" -e "work_dir=${work}"

# ---- 2. a lost application and credential are recreated from the export ------------------------------------------
run realm-recreate realm_loss.yml scorm.cloud.apply realm_recreated.yml "${common[@]}" \
  -e "@${work}/own-realm.yml" -e "filtered_file=${work}/own-realm.yml"

# ---- 3. to 7.: the role included by playbooks, in the src application --------------------------------------------
run scenarios budget.yml purge.yml check_mode.yml item_errors.yml argument_specs.yml "${common[@]}" "${src[@]}"

# ---- 8. is checked by cleanup() on exit ---------------------------------------------------------------------------
