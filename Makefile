# The project's commands. Each target installs what it needs into .venv from the project's own files.
#   make test   everything CI runs (TEST_STAGES, in turn; it prints each stage's time at the end)
#   make test-compat   unit tests and integration on the oldest ansible-core the collection claims, and the newest
#     (sanity too on the newest)
#   make demo   start the emulator and tour the main job: apply, re-apply (changed=0), drift, apply, export
#   make bench   the benchmark (tests/benchmark/): every contender, 100-10,000 destinations, 50 ms latency; ~15 min
#   make bench-smoke   the benchmark's call budgets on a small account, in seconds (for make test)
#   make trust   the hostile-server test and the plan-equals-run property (tests/trust); make trust-long runs the
#     properties with TRUST_EXAMPLES=500 examples each and shrinks a failure
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
WORK := $(CURDIR)/.make
# ansible-test only works inside .../ansible_collections/<namespace>/<name>/ and outside this git checkout
# (it would list files through git), so tests run on a copy in a temp dir named after this checkout.
COLLECTION_ROOT := $(or $(TMPDIR),/tmp)/scorm.cloud-$(shell echo "$(CURDIR)" | md5sum | cut -c1-8)
COLLECTION_DIR := $(COLLECTION_ROOT)/ansible_collections/scorm/cloud
TEST_PORT ?= 18765
DEMO_PORT ?= 8765
ANSIBLE_TEST := cd $(COLLECTION_DIR) && PATH=$(BIN):$$PATH $(BIN)/ansible-test
ANSIBLE_TEST_OPTS := --python $(PYTHON_VERSION) --requirements --color no
# Playbooks run on the implicit localhost (the venv's Python, which has requests); no inventory needed.
QUIET_LOCALHOST := ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# The oldest ansible-core that meta/runtime.yml admits (requires_ansible) and the newest, each with its own venv
# (.make/compat-CORE, from tests/requirements-compat-CORE.txt) on the Python given here, collection copy and emulator.
# The newest core needs Python >= 3.12: python3.13 from PATH, else pyenv's (also when pyenv itself is not on PATH).
COMPAT_CORES := 2.16 2.21
COMPAT_PYTHON_2.16 ?= $(PYTHON)
COMPAT_PYTHON_2.21 ?= $(or $(shell python3.13 -c 'import sys; print(sys.executable)' 2>/dev/null), \
  $(addsuffix /bin/python3.13,$(shell pyenv prefix 3.13 2>/dev/null)), \
  $(lastword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13)),python3.13)
COMPAT_PORT ?= 18766
# In the recipes of test-compat-CORE ($* is CORE):
COMPAT_VENV = $(WORK)/compat-$*
COMPAT_DIR = $(COLLECTION_ROOT)-compat-$*/ansible_collections/scorm/cloud
COMPAT_ANSIBLE_TEST = cd $(COMPAT_DIR) && PATH=$(COMPAT_VENV)/bin:$$PATH $(COMPAT_VENV)/bin/ansible-test
COMPAT_TEST_OPTS = --python $$($(COMPAT_VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])') --color no
DEMO_ENV := SCORM_CLOUD_API_URL=http://127.0.0.1:$(DEMO_PORT)/api/v2 \
  SCORM_CLOUD_APP_ID=scorm-demo SCORM_CLOUD_SECRET_KEY=scorm-demo-secret \
  SCORM_CLOUD_MGMT_APP_ID=scorm-mgmt SCORM_CLOUD_MGMT_SECRET_KEY=scorm-mgmt-secret

# $(call get_pip_standin,VENV): ansible-test's pip bootstrap script, which it would fetch from a host this machine
# cannot reach, stood in for (tests/utils/get_pip_standin.py) for the ansible-test of VENV.
get_pip_standin = mkdir -p $(HOME)/.ansible/test/cache && pip_version=$$(grep -oP "pip='\K[0-9.]+" \
  $(1)/lib/python*/site-packages/ansible_test/_internal/python_requirements.py) && \
  cp tests/utils/get_pip_standin.py $(HOME)/.ansible/test/cache/get_pip_$${pip_version//./_}.py
# $(call copy_checkout,DIR): the checkout's tracked and new (not ignored) files, laid out in DIR.
copy_checkout = mkdir -p $(1) && git ls-files --cached --others --exclude-standard -z \
  | xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"' | tar -cf - -T - | tar -xf - -C $(1)
# $(call integration_config,PORT,DIR): tests/integration/integration_config.yml in collection copy DIR, for an
# emulator on PORT.
integration_config = sed -e 's/@PORT@/$(1)/g' -e 's|@SHARED@|$(abspath $(CURDIR)/../shared)|g' -e 's|@EMULATOR_PYTHON@|$(BIN)/python|g' \
  tests/integration/integration_config.yml.template > $(2)/tests/integration/integration_config.yml

.PHONY: help venv tree test test-emulator units trust trust-long sanity integration test-compat \
  $(COMPAT_CORES:%=test-compat-%) demo demo-stop changelog-lint generate clean

help:
	@echo "make demo   start the emulator on 127.0.0.1:$(DEMO_PORT) and tour apply, re-apply, drift, apply, export"
	@echo "make test   what CI runs: $(TEST_STAGES)"
	@echo "make test-compat   unit tests and integration on ansible-core $(firstword $(COMPAT_CORES)) and $(lastword $(COMPAT_CORES)), sanity on $(COMPAT_SANITY)"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt tests/constraints.txt tests/emulator/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./tests/emulator
	touch $@

# A copy of the tracked and new (not ignored) files, laid out where ansible-test wants the collection.
tree: venv
	rm -rf $(COLLECTION_ROOT)
	$(call copy_checkout,$(COLLECTION_DIR))
	$(call get_pip_standin,$(VENV))

# What CI runs, one stage after the other; the first that fails ends the run. The time of each stage is printed at the
# end (and kept in .make/test-times.txt). A stage A+B runs its parts side by side, each into .make/stage-logs/PART.log,
# printed whole when both have ended: the default core's integration, whose fault matrix wants both CPUs, runs at normal
# priority, and the other cores' runs (test-compat) beside it at nice 10, on the CPU it leaves (about 20 minutes less
# than one after the other on two cores).
TEST_STAGES := test-emulator units trust sanity integration+test-compat bench-smoke changelog-lint lint docs-lint docs \
  build-install awx-test
test:
	@mkdir -p $(WORK); times=$(WORK)/test-times.txt; : > $$times; status=0; \
	  for stage in $(TEST_STAGES); do \
	    start=$$(date +%s); \
	    if [[ $$stage == *+* ]]; then \
	      logs=$(WORK)/stage-logs; mkdir -p $$logs; parts=($${stage//+/ }); pids=(); \
	      for index in $${!parts[@]}; do \
	        $$( (( index )) && echo nice -n 10 ) $(MAKE) --no-print-directory $${parts[index]} \
	          > $$logs/$${parts[index]}.log 2>&1 & pids+=($$!); \
	      done; \
	      for index in $${!parts[@]}; do \
	        part_status=0; wait $${pids[index]} || part_status=$$?; \
	        echo "==== make $${parts[index]} (beside the other parts of $$stage): exit $$part_status"; \
	        cat $$logs/$${parts[index]}.log; \
	        if (( part_status )); then status=$$part_status; fi; \
	      done; \
	    else \
	      $(MAKE) --no-print-directory $$stage || status=$$?; \
	    fi; \
	    printf '  %-26s %6ss%s\n' $$stage $$(( $$(date +%s) - start )) "$$(if (( status )); then echo '  FAILED'; fi)" \
	      >> $$times; \
	    if (( status )); then break; fi; \
	  done; \
	  echo "make test: the time of each stage"; cat $$times; \
	  if (( status )); then echo "make test: failed"; exit $$status; fi; echo "make test: all suites passed"

test-emulator: venv
	$(BIN)/python -m pytest -q tests/emulator/tests

units: tree
	$(ANSIBLE_TEST) units $(ANSIBLE_TEST_OPTS)

# The trust suite (tests/trust, see tests/README.md): every read of every kind against a hostile server, and the
# property that what check mode predicts is what runs. The modules run in pytest's process, from this checkout,
# against an emulator the suite starts itself on a free port. TRUST_EXAMPLES: examples per property.
TRUST_EXAMPLES ?=
trust: venv
	cd tests/trust && TRUST_EXAMPLES=$(TRUST_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider .

trust-long: venv
	cd tests/trust && TRUST_EXAMPLES=$(or $(TRUST_EXAMPLES),500) TRUST_SHRINK=1 $(BIN)/python -m pytest -q \
	  -p no:cacheprovider .

sanity: tree
	$(ANSIBLE_TEST) sanity $(ANSIBLE_TEST_OPTS)

# Integration targets run against a fresh emulator, described to them by tests/integration/integration_config.yml,
# with -vvv and every task in diff mode (tests/integration/integration.cfg, written into the copy), then the secrets
# audit (tests/utils/secrets_audit.py): no secret the emulator stored or issued may appear in the output (tee'd to
# AUDIT_DIR/output.log), ansible's log, the files the targets wrote under OUTPUT_DIR (kept across targets in
# AUDIT_DIR/files), anything else under tests/output, or the emulator's log. INTEGRATION_TARGETS: a subset.
AUDIT_DIR := $(COLLECTION_DIR)/tests/output/audit
INTEGRATION_TARGETS ?=
integration: tree
	$(BIN)/python tests/utils/emulator_ctl.py start --port $(TEST_PORT) --state-dir $(WORK)/integration
	$(call integration_config,$(TEST_PORT),$(COLLECTION_DIR))
	mkdir -p $(AUDIT_DIR)
	printf '[defaults]\nlog_path = %s\n\n[diff]\nalways = True\n' $(AUDIT_DIR)/ansible.log \
	  > $(COLLECTION_DIR)/tests/integration/integration.cfg
	status=0; audit=0; \
	  $(BIN)/python tests/utils/secrets_audit.py keep $(COLLECTION_DIR)/tests/output/.tmp/output_dir $(AUDIT_DIR)/files & \
	  keeper=$$!; ($(ANSIBLE_TEST) integration $(ANSIBLE_TEST_OPTS) -vvv $(INTEGRATION_TARGETS)) 2>&1 \
	  | tee $(AUDIT_DIR)/output.log || status=$$?; kill $$keeper; wait $$keeper || status=1; \
	  $(BIN)/python tests/utils/secrets_audit.py scan --emulator http://127.0.0.1:$(TEST_PORT) \
	    --output $(AUDIT_DIR)/output.log $(COLLECTION_DIR)/tests/output $(WORK)/integration/emulator.log || audit=$$?; \
	  $(BIN)/python tests/utils/emulator_ctl.py stop --state-dir $(WORK)/integration; exit $$(( status ? status : audit ))

# The unit tests and integration targets on each core of COMPAT_CORES in turn, and sanity on the cores of
# COMPAT_SANITY (the default core's sanity is `make sanity`); a copy whose tests fail stays for a look.
COMPAT_SANITY := 2.21
# Integration targets that run on the default core only, to keep make test well inside CI's time limit: the fault
# and bad-input matrices and the interrupted and concurrent runs drive the collection's own client and checks with
# hundreds of module runs, whose behaviour does not depend on the core, the shipped playbooks' check mode, every
# module's EXAMPLES run twice (YAML that sanity's validate-modules checks on every core), and the list modules, whose
# engine and client the single-object modules' targets and scorm_account's (role_account) run on every core (about 30
# minutes a core together).
COMPAT_EXCLUDE := fault_matrix bad_input interrupted_runs playbooks_check_mode module_examples list_modules
test-compat: $(COMPAT_CORES:%=test-compat-%)

# The venvs of the tools: .make/NAME from tests/requirements-NAME.txt (compat-CORE, lint, docs, awx), on
# COMPAT_PYTHON_CORE for compat-CORE and on PYTHON for the others.
$(WORK)/%/.installed: tests/requirements-%.txt requirements.txt tests/constraints.txt
	test -x $(@D)/bin/python || $(or $(COMPAT_PYTHON_$(patsubst compat-%,%,$*)),$(PYTHON)) -m venv $(@D)
	$(@D)/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	touch $@

$(COMPAT_CORES:%=test-compat-%): test-compat-%: venv $(WORK)/compat-%/.installed
	rm -rf $(COLLECTION_ROOT)-compat-$*
	$(call copy_checkout,$(COMPAT_DIR))
	$(call integration_config,$(COMPAT_PORT),$(COMPAT_DIR))
	$(if $(filter $*,$(COMPAT_SANITY)),$(call get_pip_standin,$(COMPAT_VENV)) && \
	  $(COMPAT_ANSIBLE_TEST) sanity $(COMPAT_TEST_OPTS) --requirements)
	$(COMPAT_ANSIBLE_TEST) units $(COMPAT_TEST_OPTS)
	$(BIN)/python tests/utils/emulator_ctl.py start --port $(COMPAT_PORT) --state-dir $(WORK)/test-compat
	status=0; $(COMPAT_ANSIBLE_TEST) integration $(COMPAT_TEST_OPTS) $(addprefix --exclude ,$(COMPAT_EXCLUDE)) \
	  || status=$$?; \
	  $(BIN)/python tests/utils/emulator_ctl.py stop --state-dir $(WORK)/test-compat; exit $$status
	rm -rf $(COLLECTION_ROOT)-compat-$*

# Every generated file and region, from the kinds and the registry of sections (README, Contributing); unit tests fail
# when one is stale.
generate: tree
	PYTHONPATH=$(COLLECTION_ROOT) $(BIN)/python tests/utils/sections.py --write
	PYTHONPATH=$(COLLECTION_ROOT) $(BIN)/python tests/utils/list_returns.py --write
	for role in account drift; do PYTHONPATH=$(COLLECTION_ROOT) $(BIN)/python tests/utils/role_argument_specs.py $$role \
	  > roles/$$role/meta/argument_specs.yml; done

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# The emulator stays up after the demo so you can run your own playbooks against it; `make demo-stop` ends it.
# The tour (tests/utils/demo_tour.sh) applies docs/examples/demo-account.yml, changes it behind the collection's back,
# shows the drift, applies it away and exports the account, into .make/demo/.
demo: venv tree
	$(BIN)/python tests/utils/emulator_ctl.py start --port $(DEMO_PORT) --state-dir $(WORK)/demo
	export PATH=$(BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTION_ROOT) $(QUIET_LOCALHOST) $(DEMO_ENV); \
	  tests/utils/demo_tour.sh $(WORK)/demo
	@echo
	@echo "The emulator is still running. To use the collection against it from this shell:"
	@echo "  export PATH=$(BIN):\$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTION_ROOT) $(QUIET_LOCALHOST) $(DEMO_ENV)"
	@echo "Stop it with: make demo-stop"

demo-stop:
	$(BIN)/python tests/utils/emulator_ctl.py stop --state-dir $(WORK)/demo

clean:
	rm -rf $(WORK) $(COLLECTION_ROOT) $(COLLECTION_ROOT)-* tests/output .ansible

# The benchmark (tests/benchmark/bench.py, see the README's Benchmark section) on its own copy of the collection and
# its own emulator port, so that it never shares a tree or a port with a test run. bench-smoke needs no matplotlib.
BENCH_PORT ?= 18851
BENCH_SMOKE_PORT ?= 18852
BENCH_ROOT := $(COLLECTION_ROOT)-bench
BENCH_OPTS ?=
.PHONY: bench bench-smoke

$(VENV)/.bench-installed: $(VENV)/.installed tests/benchmark/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/benchmark/requirements.txt
	touch $@

bench: venv $(VENV)/.bench-installed
	rm -rf $(BENCH_ROOT)
	$(call copy_checkout,$(BENCH_ROOT)/ansible_collections/scorm/cloud)
	cd tests/benchmark && $(BIN)/python bench.py --collection-root $(BENCH_ROOT) --port $(BENCH_PORT) \
	  --plot-copy plots/benchmark.png $(BENCH_OPTS)

bench-smoke: venv
	rm -rf $(BENCH_ROOT)-smoke
	$(call copy_checkout,$(BENCH_ROOT)-smoke/ansible_collections/scorm/cloud)
	cd tests/benchmark && $(BIN)/python bench.py --smoke --collection-root $(BENCH_ROOT)-smoke --port $(BENCH_SMOKE_PORT) \
	  --out results/smoke

# The docs, with the tools of tests/requirements-docs.txt in their own venv (.make/docs), on a copy of the checkout in
# a collections path of its own. docs-lint: antsibull-docs' linter on the extra docs (docs/docsite/) and on every
# plugin's and role's docs (schema, markup, references). docs: the HTML site in .make/docs/html. antsibull-docs
# writes the site's Sphinx setup (.make/docs/site) and the RST of the modules, plugins, roles and guides; Sphinx
# renders it offline (intersphinx reads a local inventory of the two Ansible docs labels the pages link to, see
# tests/utils/docs_offline.py) and fails on any warning.
DOCS_VENV := $(WORK)/docs
DOCS_ROOT := $(COLLECTION_ROOT)-docs
DOCS_DIR := $(DOCS_ROOT)/ansible_collections/scorm/cloud
DOCS_SITE := $(DOCS_VENV)/site
DOCS_ENV := PATH=$(DOCS_VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DOCS_ROOT) ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
.PHONY: docs docs-lint

docs-lint: $(DOCS_VENV)/.installed
	rm -rf $(DOCS_ROOT)
	$(call copy_checkout,$(DOCS_DIR))
	cd $(DOCS_DIR) && $(DOCS_ENV) antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
	  --validate-collection-refs all --disallow-unknown-collection-refs .

docs: $(DOCS_VENV)/.installed
	rm -rf $(DOCS_ROOT) $(DOCS_SITE) $(DOCS_VENV)/html $(DOCS_VENV)/doctrees
	$(call copy_checkout,$(DOCS_DIR))
	mkdir -p $(DOCS_SITE) && chmod 700 $(DOCS_SITE)
	$(DOCS_ENV) antsibull-docs sphinx-init --use-current --squash-hierarchy --dest-dir $(DOCS_SITE) \
	  --project scorm.cloud --copyright "scorm.cloud contributors" --title "scorm.cloud collection" scorm.cloud >/dev/null
	$(DOCS_VENV)/bin/python tests/utils/docs_offline.py $(DOCS_SITE)
	cd $(DOCS_SITE) && $(DOCS_ENV) antsibull-docs --config-file antsibull-docs.cfg collection --use-current \
	  --squash-hierarchy --fail-on-error --cleanup everything --dest-dir rst scorm.cloud
	$(DOCS_ENV) sphinx-build -b html -W --keep-going -q -d $(DOCS_VENV)/doctrees -c $(DOCS_SITE) $(DOCS_SITE)/rst \
	  $(DOCS_VENV)/html
	@echo "The docs site: $(DOCS_VENV)/html/index.html"

# AWX / Automation Platform (tests/awx, docs/examples/awx; see docs/docsite/rst/guide_awx.rst). ee-test: the sample
# execution environment's build context (ansible-builder create, no container engine), its galaxy stage and its
# introspection replayed. runner-test: apply and drift through ansible-runner as AWX runs a job, on an emulator of its
# own, with the credential injected as the shipped credential type does; no secret in the job artifacts. Both use the
# collection as built from a clean copy, and their own venv (.make/awx, from tests/requirements-awx.txt).
AWX_PORT ?= 18960
AWX_ROOT := $(COLLECTION_ROOT)-awx
AWX_BIN := $(WORK)/awx/bin
.PHONY: awx-test ee-test runner-test

# $(call awx_build,DIR): the collection's tarball in DIR/dist, built from a clean copy of the checkout in DIR/src.
awx_build = rm -rf $(1) && $(call copy_checkout,$(1)/src) && \
  $(AWX_BIN)/ansible-galaxy collection build $(1)/src --output-path $(1)/dist >/dev/null

awx-test: ee-test runner-test

ee-test: $(WORK)/awx/.installed
	$(call awx_build,$(AWX_ROOT)-ee)
	$(AWX_BIN)/python tests/awx/ee_test.py --tarball $(AWX_ROOT)-ee/dist/scorm-cloud-*.tar.gz --work $(AWX_ROOT)-ee/work
	rm -rf $(AWX_ROOT)-ee

# The private data dirs stay in $(AWX_ROOT)-runner/work when the test fails.
runner-test: venv $(WORK)/awx/.installed
	$(call awx_build,$(AWX_ROOT)-runner)
	$(AWX_BIN)/python tests/awx/runner_test.py --tarball $(AWX_ROOT)-runner/dist/scorm-cloud-*.tar.gz \
	  --work $(AWX_ROOT)-runner/work --port $(AWX_PORT) --emulator-python $(BIN)/python
	rm -rf $(AWX_ROOT)-runner

# make lint: ansible-lint with the production profile on the whole checkout, configured by .ansible-lint, from its own
# venv (.make/lint, tests/requirements-lint.txt). It runs offline; scorm.cloud.* resolves through a collections path
# in .make/lint whose scorm/cloud is a link to the checkout (no copy of the collection, no .ansible/ cache in it).
LINT_VENV := $(WORK)/lint
LINT_LINK := $(LINT_VENV)/collections/ansible_collections/scorm/cloud
.PHONY: lint build-install changelog-release changelog-release-check

lint: $(LINT_VENV)/.installed
	rm -rf $(LINT_LINK) && mkdir -p $(dir $(LINT_LINK)) && ln -s $(CURDIR) $(LINT_LINK)
	PATH=$(LINT_VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(LINT_VENV)/collections $(LINT_VENV)/bin/ansible-lint --strict

# make build-install: ansible-galaxy collection build from a copy of the checkout (with a developer's clutter added),
# tests/utils/check_tarball.py on the tarball, ansible-galaxy collection install into a clean collections path, then
# the apply and drift playbooks from there against an emulator of its own (tests/utils/build_install.sh). The work
# folder stays for a look when it fails.
BUILD_PORT ?= 18950
BUILD_ROOT := $(COLLECTION_ROOT)-build
build-install: venv
	rm -rf $(BUILD_ROOT)
	$(call copy_checkout,$(BUILD_ROOT)/src)
	PATH=$(BIN):$$PATH tests/utils/build_install.sh $(BUILD_ROOT) $(BUILD_PORT)
	rm -rf $(BUILD_ROOT)

# make changelog-release: cut the release of galaxy.yml's version (tests/utils/changelog_release.py): version_added
# checked, release summary and new playbooks as fragments, antsibull-changelog release (changelogs/changelog.yaml,
# CHANGELOG.md), antsibull-changelog lint. changelog-release-check: the same on a copy of the checkout, which is
# then thrown away (what the release would say, without cutting it).
changelog-release: venv
	PATH=$(BIN):$$PATH $(BIN)/python tests/utils/changelog_release.py

changelog-release-check: venv
	rm -rf $(COLLECTION_ROOT)-release
	$(call copy_checkout,$(COLLECTION_ROOT)-release/ansible_collections/scorm/cloud)
	PATH=$(BIN):$$PATH $(BIN)/python tests/utils/changelog_release.py \
	  --root $(COLLECTION_ROOT)-release/ansible_collections/scorm/cloud
	@sed -n '1,/^## /p' $(COLLECTION_ROOT)-release/ansible_collections/scorm/cloud/CHANGELOG.md | tail -3
	rm -rf $(COLLECTION_ROOT)-release
