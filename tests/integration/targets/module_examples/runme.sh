#!/usr/bin/env bash
# Runs the EXAMPLES of every module (plugins/modules/*.py) against the service that integration_config.yml
# describes (ansible-test copies it two levels above this target's directory), so an example that breaks fails the
# tests. examples.py writes each module's EXAMPLES as a playbook; each runs twice, and the second run must change
# nothing (the few tasks that change on every run by design are listed in examples.py and skipped the second time).
# setup.yml creates what the examples expect to exist; cleanup.yml removes everything, whatever happened.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
common=(-e "@${config}" -e @example_vars.yml)
recap_unchanged='localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0'

# Holds the generated playbooks and a credential of the staging application; removed on exit.
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

# The examples read their connection from SCORM_CLOUD_* in the environment, as users' playbooks do.
connection=$("${python}" examples.py environment "${config}")
eval "${connection}"

echo "== preflight: nothing carries the names the examples use yet"
ansible-playbook cleanup.yml --check "$@" "${common[@]}" | tee "${OUTPUT_DIR}/preflight.log"
if ! grep -Eq "${recap_unchanged}" "${OUTPUT_DIR}/preflight.log"; then
  echo "Resources with the examples' names already exist (the check run above would delete them); the target" >&2
  echo "leaves them alone. Remove them with cleanup.yml (without --check), or use an account without them." >&2
  exit 1
fi

cleanup() {
  local status=$?
  echo "== cleanup"
  ansible-playbook cleanup.yml "$@" "${common[@]}" || status=1
  rm -rf "${work}"
  exit "${status}"
}
trap 'cleanup "$@"' EXIT

echo "== setup: what the examples expect to exist"
ansible-playbook setup.yml "$@" "${common[@]}" -e "work_dir=${work}"
# The scorm_course example imports files/onboarding-101.zip next to its playbook.
mkdir "${work}/files"
cp ../scorm_course/files/tiny-scorm12.zip "${work}/files/onboarding-101.zip"

run_example() {
  local module=$1
  shift
  local arguments=("$@" "${common[@]}" -e "@${work}/prerequisites.yml")
  echo "== ${module}: first run"
  ansible-playbook "${work}/${module}.yml" "${arguments[@]}" | tee "${OUTPUT_DIR}/${module}-first-run.log"
  echo "== ${module}: second run, nothing left to change"
  ansible-playbook "${work}/${module}.yml" --skip-tags example_not_idempotent "${arguments[@]}" \
    | tee "${OUTPUT_DIR}/${module}-second-run.log"
  grep -Eq "${recap_unchanged}" "${OUTPUT_DIR}/${module}-second-run.log" \
    || { echo "The second run of the EXAMPLES of ${module} changed something (see above)." >&2; return 1; }
}

listing=$("${python}" examples.py playbooks "${work}")
readarray -t modules <<<"${listing}"
for module in "${modules[@]}"; do
  if [[ ${module} == scorm_application_settings ]]; then
    # The module cannot return a setting to "inherited", so its example configures the staging application
    # (deleted by cleanup.yml) rather than the application of scorm_app_id.
    staging_connection=$("${python}" examples.py environment "${config}" "${work}/staging-credential.yml")
    (
      eval "${staging_connection}"
      run_example "${module}" "$@"
    )
  else
    run_example "${module}" "$@"
  fi
done

echo "== no secret of example_vars.yml reached the output"
if grep -l -- not-a-real-secret "${OUTPUT_DIR}"/*.log; then
  echo "The files above show a secret of example_vars.yml." >&2
  exit 1
fi
