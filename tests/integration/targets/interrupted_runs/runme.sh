#!/usr/bin/env bash
# Interrupted and concurrent runs, against an emulator of the target's own (its SQLite file is read to see what the
# service holds, passwords included, and its latency makes a kill land mid-run). Emulator-only: against the real
# service (scorm_emulator_url: "") it skips, saying why.
#   1. an apply of 300 destinations, 10 xAPI credentials and 10 pipes, killed mid-way by SIGINT, then by SIGKILL
#      (the whole process group, modules included): the re-run succeeds, a second re-run changes nothing, and the
#      service holds exactly the declared objects;
#   2. two applies of that state started together: no duplicate, and a third run changes nothing;
#   3. two provision_environment runs together (server-assigned application and credential ids): one application
#      and one credential, or a failed run that names the duplicates; never two of them silently;
#   4. two course.yml runs together: the course has version 0 only;
#   5. two xapi_forwarding.yml runs together: the pipe reads with its credential's secret.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
if [[ -z $("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get("scorm_emulator_url") or "")' \
    "${config}") ]]; then
  echo "SKIP interrupted_runs: it needs the emulator (its request log, latency and stored passwords); scorm_emulator_url is empty."
  exit 0
fi
# The emulator runs on a Python that has it installed (integration_config.yml says which), which need not be the
# Python that runs ansible-test.
emulator_python=$("${python}" -c \
  'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get("scorm_emulator_python") or sys.executable)' "${config}")
helper=("${python}" "${PWD}/emulator.py")
work=$(mktemp -d)
port=$("${helper[@]}" free-port)
export EMULATOR_URL="http://127.0.0.1:${port}" EMULATOR_DB="${work}/emulator.db"
"${emulator_python}" -m scorm_cloud_emulator.cli --port "${port}" --db "${EMULATOR_DB}" --latency-ms 30 --log-level warning \
  >"${OUTPUT_DIR}/emulator.log" 2>&1 &
emulator=$!
cleanup() {
  local status=$?
  kill "${emulator}" 2>/dev/null || true
  wait "${emulator}" 2>/dev/null || true
  rm -rf "${work}"
  exit "${status}"
}
trap cleanup EXIT
"${helper[@]}" wait-ready

export SCORM_CLOUD_API_URL="${EMULATOR_URL}/api/v2" SCORM_CLOUD_APP_ID=scorm-demo SCORM_CLOUD_SECRET_KEY=scorm-demo-secret
export SCORM_CLOUD_MGMT_APP_ID=scorm-mgmt SCORM_CLOUD_MGMT_SECRET_KEY=scorm-mgmt-secret
export XAPI_FORWARDER_SECRET=forwarder-secret-of-the-interrupted-runs
recap_unchanged='localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0'
recap_ok='localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0'
"${helper[@]}" state "${work}/state.yml" 300 10 10

# play NAME PLAYBOOK ARGS...: ansible-playbook scorm.cloud.PLAYBOOK in its own process group, in the background;
# its output goes to ${OUTPUT_DIR}/NAME.log and its pid to the variable played.
play() {
  local name=$1 playbook=$2
  shift 2
  setsid ansible-playbook "scorm.cloud.${playbook}" "$@" >"${OUTPUT_DIR}/${name}.log" 2>&1 &
  played=$!
}
# run NAME PLAYBOOK ARGS...: the same in the foreground; fails unless the recap matches ${expected} (set per call).
expected=${recap_ok}
run() {
  local name=$1
  echo "== ${name}"
  play "$@"
  wait "${played}" || true
  grep -Eq "${expected}" "${OUTPUT_DIR}/${name}.log" || { cat "${OUTPUT_DIR}/${name}.log"; echo "${name}: unexpected recap" >&2
    return 1; }
}

echo "=== 1. an apply of hundreds of changes, killed mid-way"
for signal in INT KILL; do
  "${helper[@]}" reset
  echo "== apply, killed by SIG${signal} after its first writes"
  # The pipes' creates stall for 3 s: the kill lands after the destinations (3 batches) and the xAPI credentials
  # (10) were written, while the pipes are under way.
  "${helper[@]}" stall PUT '^/api/v2/xapi/statementPipes/' 3 10
  play "killed-${signal}" apply -e "@${work}/state.yml"
  "${helper[@]}" wait-writes 13
  kill "-${signal}" -- "-${played}"
  pipes=$("${helper[@]}" count xapipipe)
  echo "   killed after $("${helper[@]}" writes) write requests, $("${helper[@]}" count destination) destinations and ${pipes} pipes held"
  ((pipes < 10)) || { echo "the kill did not land mid-run" >&2; exit 1; }
  wait "${played}" || true
  # What the kill left running (a module process ignores the SIGINT that stops ansible-playbook, and finishes its
  # task) ends, and the stalled requests with it, before the re-run reads the account.
  for _ in $(seq 100); do kill -0 -- "-${played}" 2>/dev/null || break; sleep 0.2; done
  sleep 3.5
  echo "   then $("${helper[@]}" writes) write requests, $("${helper[@]}" count xapipipe) pipes held"
  expected=${recap_ok} run "rerun-${signal}" apply -e "@${work}/state.yml"
  expected=${recap_unchanged} run "rerun-${signal}-again" apply -e "@${work}/state.yml"
  "${helper[@]}" expect-content "${work}/state.yml"
done

echo "=== 2. two applies of the same state at the same moment"
"${helper[@]}" reset
play concurrent-apply-1 apply -e "@${work}/state.yml"
first=${played}
play concurrent-apply-2 apply -e "@${work}/state.yml"
second=${played}
wait "${first}" || true
wait "${second}" || true
for log in concurrent-apply-1 concurrent-apply-2; do
  grep -Eq "${recap_ok}" "${OUTPUT_DIR}/${log}.log" || { cat "${OUTPUT_DIR}/${log}.log"; echo "${log} failed" >&2; exit 1; }
done
expected=${recap_unchanged} run concurrent-apply-after apply -e "@${work}/state.yml"
"${helper[@]}" expect-content "${work}/state.yml"

echo "=== 3. two provision_environment runs at the same moment (ids the server assigns)"
"${helper[@]}" reset
# Both runs' application creates are stalled together (as a slow service would): both find no application first.
"${helper[@]}" stall POST '^/api/v2/appManagement/applications$' 2 2
play concurrent-provision-1 provision_environment -e environment_name=twin
first=${played}
play concurrent-provision-2 provision_environment -e environment_name=twin
second=${played}
wait "${first}" || true
wait "${second}" || true
apps=$("${helper[@]}" count apps twin)
credentials=$("${helper[@]}" count credentials twin-automation)
echo "   applications named twin: ${apps}; credentials named twin-automation: ${credentials}"
for log in concurrent-provision-1 concurrent-provision-2; do
  if ! grep -Eq "${recap_ok}" "${OUTPUT_DIR}/${log}.log"; then
    # A failed run must say which objects are duplicates and what to do.
    grep -Eq "[0-9]+ (applications|credentials in application [^ ]+) are named '[^']+' \(ids: [^)]+\): another run created one at the same time as this run; delete the one you do not want" \
      "${OUTPUT_DIR}/${log}.log" || { cat "${OUTPUT_DIR}/${log}.log"; echo "${log} failed without naming the duplicates" >&2
      exit 1; }
    echo "   ${log} failed naming the duplicates"
  fi
done
if ((apps > 1 || credentials > 1)); then
  failed=$({ grep -LE "${recap_ok}" "${OUTPUT_DIR}/concurrent-provision-1.log" "${OUTPUT_DIR}/concurrent-provision-2.log" \
    || true; } | wc -l)
  ((failed >= 1)) || { echo "duplicates were created and no run failed" >&2; exit 1; }
  # And every later run refuses to guess, with the same sentence.
  expected='failed=1' run concurrent-provision-after provision_environment -e environment_name=twin
  grep -Eq "are named '[^']+' \(ids: " "${OUTPUT_DIR}/concurrent-provision-after.log"
else
  expected=${recap_unchanged} run concurrent-provision-after provision_environment -e environment_name=twin
fi

echo "=== 4. two course.yml runs at the same moment"
"${helper[@]}" reset
"${helper[@]}" stall POST '^/api/v2/courses/importJobs/upload$' 2 2
play concurrent-course-1 course
first=${played}
play concurrent-course-2 course
second=${played}
wait "${first}" || true
wait "${second}" || true
for log in concurrent-course-1 concurrent-course-2; do
  grep -Eq "${recap_ok}" "${OUTPUT_DIR}/${log}.log" || { cat "${OUTPUT_DIR}/${log}.log"; echo "${log} failed" >&2; exit 1; }
done
versions=$("${helper[@]}" course-versions tiny-course)
[[ ${versions} == 0 ]] || { echo "course tiny-course has versions '${versions}', expected 0 only" >&2; exit 1; }
expected=${recap_unchanged} run concurrent-course-after course

echo "=== 5. two xapi_forwarding.yml runs at the same moment"
"${helper[@]}" reset
"${helper[@]}" stall PUT '^/api/v2/xapi/(credentials|statementPipes)/' 2 4
play concurrent-xapi-1 xapi_forwarding
first=${played}
play concurrent-xapi-2 xapi_forwarding
second=${played}
wait "${first}" || true
wait "${second}" || true
for log in concurrent-xapi-1 concurrent-xapi-2; do
  grep -Eq "${recap_ok}" "${OUTPUT_DIR}/${log}.log" || { cat "${OUTPUT_DIR}/${log}.log"; echo "${log} failed" >&2; exit 1; }
done
"${helper[@]}" forwarder-consistent "${XAPI_FORWARDER_SECRET}"
expected=${recap_unchanged} run concurrent-xapi-after xapi_forwarding
echo "== all interrupted and concurrent runs converged"
