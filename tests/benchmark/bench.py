"""The benchmark of the scorm.cloud collection against the emulator.

    make bench          every contender, 100 / 1,000 / 10,000 destinations, 50 ms latency: table, JSON, PNGs
    make bench-smoke    the account role on a small account, no latency: asserts the call budgets (not times)

Run with the project venv's Python (the Makefile does), after `make tree` put the collection where
ANSIBLE_COLLECTIONS_PATH (--collection-root) points. Outputs go to --out (tests/benchmark/results/).

Contenders, all on the same emulator in one run:
  (a) uri            a playbook of ansible.builtin.uri tasks: a GET, then a PUT where needed, per destination
  (b) module_loop    a per-item loop of scorm.cloud.scorm_dispatch_destination
  (c) sdk            a Python script with the official SDK, one call per object
  (d) role_*         the account role (playbook scorm.cloud.apply), on the destinations only and on the whole account
  (e) floor_*        computed: (list pages + fewest writes) x latency + the start of a one-task playbook
(a)-(c) reconcile destinations (the kind that grows with an account); they are slow, so they run on a sample of
destinations and are extrapolated linearly (labelled so in every output). Each scenario (first apply into an empty
account, no-op re-run, 10 changes) is run --runs times; wall time is the median, API calls are counted in the
emulator's request log, and peak RSS is the largest ru_maxrss of the module processes (see rss_python.py).
"""

import argparse
import collections
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import signal
import sys
import threading
import time
import urllib.request

import workload
from workload import Shape

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CONTENDERS = os.path.join(HERE, "contenders")
BIN = os.path.dirname(os.path.abspath(sys.executable))  # the project venv: ansible-playbook, the emulator, the SDK
RUN_TIMEOUT = 1800  # seconds; a contender that hangs fails the benchmark instead of holding it forever
READY_TIMEOUT = 30.0

LABELS = collections.OrderedDict([
    ("uri", "(a) ansible.builtin.uri loop"),
    ("module_loop", "(b) scorm_dispatch_destination loop"),
    ("sdk", "(c) SDK script"),
    ("role_destinations", "(d) account role"),
    ("role_account", "(d) account role"),
    ("floor_destinations", "(e) floor"),
    ("floor_account", "(e) floor"),
])
SCOPE = {"role_account": "whole account", "floor_account": "whole account"}  # every other contender: destinations
SAMPLED = ("uri", "module_loop", "sdk")
SCENARIOS = ("first", "noop", "changes")
SCENARIO_TITLES = {"first": "First apply", "noop": "No-op re-run", "changes": "10 changes"}
CHANGES = 10


# -- the emulator process ----------------------------------------------------------------------------------------
class EmulatorProcess:
    """A private emulator on 127.0.0.1, started with bounded readiness polling and always stopped."""

    def __init__(self, port, latency_ms, page_size, log_path):
        self.port, self.latency_ms, self.page_size, self.log_path = port, latency_ms, page_size, log_path
        self.process = None
        self.base_url = "http://127.0.0.1:%d" % port

    def __enter__(self):
        command = [os.path.join(BIN, "scorm-cloud-emulator"), "--host", "127.0.0.1", "--port", str(self.port),
                   "--latency-ms", str(self.latency_ms), "--page-size", str(self.page_size), "--log-level", "warning"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the emulator exited early (code %s); see %s" % (self.process.returncode,
                                                                                    self.log_path))
            try:
                with urllib.request.urlopen(self.base_url + "/__emulator/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("the emulator did not answer on port %d within %ss; see %s" % (
            self.port, READY_TIMEOUT, self.log_path))

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def cpu_seconds(self):
        """CPU time the emulator has used so far: tells how much of a run's wall time the emulator itself cost."""
        with open("/proc/%d/stat" % self.process.pid) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))


# -- measuring ---------------------------------------------------------------------------------------------------
class Bench:
    def __init__(self, args, emulator_process):
        self.args = args
        self.proc = emulator_process
        self.emu = workload.Emulator(emulator_process.base_url)
        self.out = args.out
        self.work = os.path.join(self.out, "work")
        self.packages = os.path.join(self.work, "packages")
        self.logs = os.path.join(self.out, "logs")
        for directory in (self.work, self.logs, os.path.join(self.work, "tmp")):
            os.makedirs(directory, exist_ok=True)
        self.rss_log = os.path.join(self.work, "rss.log")
        self.interpreter = self._rss_wrapper()
        self.env = self._environment()
        self.run_number = 0

    def _rss_wrapper(self):
        """rss_python.py as an executable with the venv's Python in its shebang (see there why)."""
        path = os.path.join(self.work, "bin", "python-rss")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(os.path.join(HERE, "rss_python.py")) as source, open(path, "w") as wrapper:
            wrapper.write("#!%s -S\n" % sys.executable)
            wrapper.write(source.read())
        os.chmod(path, 0o755)
        return path

    def _environment(self):
        env = dict((key, value) for key, value in os.environ.items()
                   if not key.startswith(("SCORM_CLOUD_", "ANSIBLE_")))
        tmp = os.path.join(self.work, "tmp")
        env.update({
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": self.args.collection_root,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            # Our own temp dirs: other checkouts' Ansible runs on this machine must not see or clean ours.
            "ANSIBLE_LOCAL_TEMP": os.path.join(tmp, "local"),
            "ANSIBLE_REMOTE_TMP": os.path.join(tmp, "remote"),
            "SCORM_CLOUD_API_URL": self.emu.api_url,
            "SCORM_CLOUD_APP_ID": workload.APP_ID,
            "SCORM_CLOUD_SECRET_KEY": workload.SECRET_KEY,
            "BENCH_RSS_LOG": self.rss_log,
        })
        return env

    def run(self, label, command):
        """One timed run: wall time of the whole command, the API calls it made, its module processes' peak RSS,
        and the CPU time of its whole process tree (which, unlike wall time, other load on the machine barely moves)."""
        self.run_number += 1
        log_path = os.path.join(self.logs, "%03d-%s.log" % (self.run_number, re.sub(r"[^\w.-]+", "_", label)))
        open(self.rss_log, "w").close()
        self.emu.clear_log()
        cpu_before = self.proc.cpu_seconds()
        with open(log_path, "w") as log:
            log.write("$ %s\n" % " ".join(command))
            log.flush()
            started = time.monotonic()
            process = subprocess.Popen(command, env=self.env, cwd=self.work, stdout=log, stderr=subprocess.STDOUT)
            watchdog = threading.Timer(RUN_TIMEOUT, process.kill)
            watchdog.start()
            try:
                # wait4 gives the rusage of the command and of every descendant it waited for (Ansible's workers,
                # its module processes).
                _pid, status, usage = os.wait4(process.pid, 0)
            finally:
                watchdog.cancel()
            wall = time.monotonic() - started
            process.returncode = os.waitstatus_to_exitcode(status)
        cpu = self.proc.cpu_seconds() - cpu_before
        if process.returncode != 0:
            raise RuntimeError("%s failed (exit %d); see %s" % (label, process.returncode, log_path))
        requests_log = self.emu.requests_log()
        methods = collections.Counter(entry["method"] for entry in requests_log)
        with open(self.rss_log) as handle:
            rss = [int(line.split()[0]) for line in handle if line.strip()]
        with open(log_path) as handle:
            recap = re.findall(r"changed=(\d+)", handle.read())
        return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "calls": len(requests_log),
                "writes": len(requests_log) - methods.get("GET", 0), "by_method": dict(methods),
                "rss_mb": max(rss) / 1024.0 if rss else None, "module_processes": len(rss),
                "emulator_cpu_s": cpu, "changed_tasks": int(recap[-1]) if recap else None,
                "log": os.path.relpath(log_path, self.out)}

    def rounds(self, entries, runs):
        """Run every entry ``(key, label, command, before)`` ``runs`` times, in rounds (each entry once per round,
        ``before`` preparing each run), so that load from elsewhere on the machine falls on every contender alike.
        Returns {key: summary}: the median wall and CPU time, the calls of the median run, the largest RSS."""
        raw = collections.defaultdict(list)
        for index in range(runs):
            for key, label, command, before in entries:
                if before is not None:
                    before()
                raw[key].append(self.run("%s-%d" % (label, index + 1), command))
        summaries = {}
        for key, label, _command, _before in entries:
            results = raw[key]
            median = sorted(results, key=lambda result: result["wall_s"])[len(results) // 2]
            summary = dict(median)
            summary.update({
                "wall_s": statistics.median(result["wall_s"] for result in results),
                "walls_s": [round(result["wall_s"], 3) for result in results],
                "cpu_s": statistics.median(result["cpu_s"] for result in results),
                "calls_per_run": [result["calls"] for result in results],
                "rss_mb": max([result["rss_mb"] for result in results if result["rss_mb"] is not None] or [None]),
                "emulator_cpu_s": statistics.median(result["emulator_cpu_s"] for result in results),
                "runs": runs,
            })
            print("  %-40s %8.2f s  %6d calls  cpu %6.2f s  (runs: %s)" % (
                label, summary["wall_s"], summary["calls"], summary["cpu_s"],
                ", ".join("%.2f" % wall for wall in summary["walls_s"])), flush=True)
            summaries[key] = summary
        return summaries

    def repeat(self, label, command, runs, before=None):
        return self.rounds([(label, label, command, before)], runs)[label]

    # -- commands ------------------------------------------------------------------------------------------------
    def playbook(self, *args):
        return [os.path.join(BIN, "ansible-playbook")] + list(args) + [
            "-e", "ansible_python_interpreter=%s" % self.interpreter]

    def vars_file(self, name, numbers):
        data = {"bench_api_url": self.emu.api_url, "bench_app_id": workload.APP_ID,
                "bench_secret_key": workload.SECRET_KEY,
                "bench_destinations": [workload.destination(number) for number in numbers]}
        path = os.path.join(self.work, name + ".json")
        workload.write_json(path, data)
        return path

    def command(self, key, numbers=None, state_file=None, tags=None):
        if key in ("uri", "module_loop"):
            playbook = os.path.join(CONTENDERS, "uri_loop.yml" if key == "uri" else "module_loop.yml")
            extra = ["--tags", tags] if tags else []
            return self.playbook(playbook, "-e", "@" + self.vars_file(key, numbers), *extra)
        if key == "sdk":
            path = os.path.join(self.work, "sdk-destinations.json")
            workload.write_json(path, [workload.destination(number) for number in numbers])
            return [self.interpreter, os.path.join(CONTENDERS, "sdk_script.py"), self.emu.api_url, workload.APP_ID,
                    workload.SECRET_KEY, path]
        if key.startswith("role_"):
            return self.playbook("scorm.cloud.apply", "-e", "@" + state_file)
        if key == "one_task":
            return self.playbook(os.path.join(CONTENDERS, "one_task.yml"))
        raise ValueError(key)

    def state_files(self, shape):
        files = {}
        for key, state in (("role_destinations", {"scorm_destinations": workload.destinations(shape)}),
                           ("role_account", workload.account_state(shape, self.packages))):
            files[key] = os.path.join(self.work, "%s-%d.json" % (key, shape.destinations))
            workload.write_json(files[key], state)
        return files

    def seed(self, shape):
        started = time.monotonic()
        self.emu.reset()
        self.emu.seed(shape, self.packages)
        counts = self.emu.counts()
        expected = {"destinations": shape.destinations, "courses": shape.courses,
                    "xapi_credentials": shape.xapi_credentials, "pipes": shape.pipes}
        if counts != expected:
            raise RuntimeError("seeding left %s, not %s" % (counts, expected))
        print("  seeded %s in %.1f s" % (counts, time.monotonic() - started), flush=True)

    def reset(self):
        self.emu.reset()


def spread(total, count):
    """``count`` destination numbers spread over ``total`` (a sample that is not one page of the list)."""
    count = min(count, total)
    return sorted(set(int(index * total / float(count)) for index in range(count)))


def floor(shape, scope, scenario, page_size, latency_s, start_s):
    """(e): the list pages needed to read what exists plus the fewest writes, at the latency, plus one start."""
    if scope == "whole account":
        pages, writes = workload.list_pages(shape, page_size), workload.first_apply_writes(shape)
    else:
        pages = {"destinations": workload.list_pages(shape, page_size)["destinations"]}
        writes = {"destinations": workload.first_apply_writes(shape)["destinations"]}
    if scenario == "first":
        calls = len(pages) + sum(writes.values())  # an empty account still answers one page per kind
    else:
        calls = sum(pages.values()) + (CHANGES if scenario == "changes" else 0)
    return {"wall_s": calls * latency_s + start_s, "calls": calls, "writes": calls - (
        len(pages) if scenario == "first" else sum(pages.values())), "pages": sum(pages.values()),
        "computed": True}


def extrapolate(sample, n, total, start, per_item_noop=None):
    """A sampled figure for the whole account, linearly: the fixed start plus the per-item cost times the items.

    ``start`` is the contender's fixed cost {"wall_s", "cpu_s"} (its run with no item). For the changes scenario the
    sample is the changed items themselves, and the other ``total - n`` items cost what a no-op item costs
    (``per_item_noop``: {"wall_s", "cpu_s", "calls"} per item).
    """
    result = dict(sample)
    for field in ("wall_s", "cpu_s", "calls", "writes"):
        fixed = start.get(field, 0)
        if per_item_noop is None:
            result[field] = fixed + (sample[field] - fixed) * total / float(n)
        else:
            result[field] = sample[field] + (total - n) * per_item_noop.get(field, 0)
    result.update({"calls": int(round(result["calls"])), "writes": int(round(result["writes"])), "sample": n,
                   "sample_wall_s": sample["wall_s"], "sample_cpu_s": sample["cpu_s"],
                   "sample_calls": sample["calls"], "extrapolated": True})
    return result


def per_item(summary, n, start):
    """What one item of a sampled run cost: {"wall_s", "cpu_s", "calls"}."""
    measured = dict((field, summary.get("sample_" + field, summary[field])) for field in ("wall_s", "cpu_s", "calls"))
    return dict((field, (measured[field] - start.get(field, 0)) / float(n)) for field in measured)


# -- the full benchmark ------------------------------------------------------------------------------------------
def measure_size(bench, shape, main, starts):
    """Every contender at one account size. At the main size all three scenarios; at the other sizes the no-op
    (what the plots show), and at the largest also one first apply of the whole account by the role."""
    args, latency_s = bench.args, bench.args.latency_ms / 1000.0
    total = shape.destinations
    print("== %d destinations, %d courses, %d pipes, %d xAPI credentials" % (
        total, shape.courses, shape.pipes, shape.xapi_credentials), flush=True)
    state_files = bench.state_files(shape)
    sample = spread(total, args.sample if main else args.scan_sample)
    sampled = {"uri": sample, "module_loop": sample, "sdk": spread(total, args.sdk_sample)}
    changed = workload.changed_numbers(shape, CHANGES)
    start_of = {"uri": starts["ansible"], "module_loop": starts["ansible"], "sdk": starts["sdk"]}  # fixed costs
    results = collections.defaultdict(dict)

    def entries(scenario, before, keys, numbers_of):
        chosen = []
        for key in keys:
            if key.startswith("role_"):
                chosen.append((key, "%s %s" % (key, scenario), bench.command(key, state_file=state_files[key]),
                               before))
            else:
                numbers = numbers_of(key)
                chosen.append((key, "%s %s (sample %d)" % (key, scenario, len(numbers)),
                               bench.command(key, numbers), before))
        return chosen

    def extrapolated(key, scenario, summary, numbers):
        if len(numbers) == total and scenario != "changes":
            return summary  # the sample is the whole account: measured, not extrapolated
        if scenario == "changes":
            noop = results[key]["noop"]
            noop_item = per_item(noop, noop.get("sample", total), start_of[key])
            return extrapolate(summary, len(numbers), total, start_of[key], noop_item)
        return extrapolate(summary, len(numbers), total, start_of[key])

    def store(scenario, summaries, numbers_of):
        for key, summary in summaries.items():
            results[key][scenario] = (extrapolated(key, scenario, summary, numbers_of(key)) if key in SAMPLED
                                      else summary)

    roles = ("role_destinations", "role_account")
    if main:
        store("first", bench.rounds(entries("first", bench.reset, roles + SAMPLED, sampled.get), args.runs),
              sampled.get)
    elif total == max(args.sizes + [args.main_size]) and args.scan_first_runs:
        # The biggest module process (every create and its result) for the RSS target.
        store("first", bench.rounds(entries("first", bench.reset, ("role_account",), sampled.get),
                                    args.scan_first_runs), sampled.get)

    bench.seed(shape)
    noop = entries("noop", None, roles + SAMPLED, sampled.get)
    if main:
        # One uri GET task against one no-op task of the single-object module (loop items are tasks).
        noop.append(("uri_get", "uri GET only (sample %d)" % len(sample), bench.command("uri", sample, tags="read"),
                     None))
    summaries = bench.rounds(noop, args.runs)
    uri_get = summaries.pop("uri_get", None)
    store("noop", summaries, sampled.get)
    single = None
    if main:
        module_task = per_item(results["module_loop"]["noop"], len(sample), starts["ansible"])
        uri_task = per_item(uri_get, len(sample), starts["ansible"])
        single = {"uri_get_task_s": uri_task["wall_s"], "uri_get_task_cpu_s": uri_task["cpu_s"],
                  "uri_get_task_calls": uri_task["calls"], "uri_rss_mb": uri_get["rss_mb"],
                  "module_task_s": module_task["wall_s"], "module_task_cpu_s": module_task["cpu_s"],
                  "module_task_calls": module_task["calls"], "module_rss_mb": results["module_loop"]["noop"]["rss_mb"],
                  "sample": len(sample)}

        def drift():
            bench.emu.drift(changed)  # each run finds the same 10 destinations changed

        def changed_of(_key):
            return changed

        store("changes", bench.rounds(entries("changes", drift, roles + SAMPLED, changed_of), args.runs), changed_of)

    for scope, key in (("destinations", "floor_destinations"), ("whole account", "floor_account")):
        for scenario in SCENARIOS:
            results[key][scenario] = floor(shape, scope, scenario, args.page_size, latency_s,
                                           starts["ansible"]["wall_s"])
    errors = bench.emu.internal_errors()
    if errors:
        raise RuntimeError("the emulator recorded internal errors: %s" % errors[:5])
    return {"shape": shape.as_dict(), "pages": workload.list_pages(shape, args.page_size),
            "sample": len(sample), "sdk_sample": len(sampled["sdk"]), "changed": len(changed),
            "results": dict(results), "single_object": single}


def targets(report):
    """The issue's targets, each with the figure it is checked against and whether it holds."""
    main = report["sizes"][str(report["meta"]["main_size"])]
    big = report["sizes"].get(str(max(int(size) for size in report["sizes"])))
    r = main["results"]
    pages = sum(main["pages"].values())
    noop, first, changes = r["role_account"]["noop"], r["role_account"]["first"], r["role_account"]["changes"]
    rows = []

    def add(name, value, limit, holds):
        rows.append({"target": name, "value": value, "limit": limit, "holds": bool(holds)})

    add("no-op calls <= list pages + 5", noop["calls"], pages + 5, noop["calls"] <= pages + 5)
    add("no-op >= 50x faster than (a)", round(r["uri"]["noop"]["wall_s"] / noop["wall_s"], 1), 50,
        r["uri"]["noop"]["wall_s"] / noop["wall_s"] >= 50)
    add("no-op >= 10x faster than (c)", round(r["sdk"]["noop"]["wall_s"] / noop["wall_s"], 1), 10,
        r["sdk"]["noop"]["wall_s"] / noop["wall_s"] >= 10)
    floor_noop = r["floor_account"]["noop"]["wall_s"]
    add("no-op within 3x of the floor (e)", round(noop["wall_s"] / floor_noop, 2), 3, noop["wall_s"] <= 3 * floor_noop)
    add("first apply <= 5 s", round(first["wall_s"], 2), 5, first["wall_s"] <= 5)
    add("10 changes: calls <= list pages + 10", changes["calls"], pages + CHANGES, changes["calls"] <= pages + CHANGES)
    add("10 changes within 2 s of the no-op", round(changes["wall_s"] - noop["wall_s"], 2), 2,
        changes["wall_s"] - noop["wall_s"] <= 2)
    if big is not None and big is not main:
        big_noop = big["results"]["role_account"]["noop"]
        big_floor = big["results"]["floor_account"]["noop"]["wall_s"]
        add("%s destinations: no-op within 3x of the floor" % "{:,}".format(big["shape"]["destinations"]),
            round(big_noop["wall_s"] / big_floor, 2), 3, big_noop["wall_s"] <= 3 * big_floor)
        rss = max(result["rss_mb"] for result in big["results"]["role_account"].values() if result.get("rss_mb"))
        add("%s destinations: peak RSS of a module process < 200 MB" % "{:,}".format(big["shape"]["destinations"]),
            round(rss, 1), 200, rss < 200)
    single = main["single_object"]
    add("no-op single-object task <= one uri GET task (s per task)", round(single["module_task_s"], 3),
        round(single["uri_get_task_s"], 3), single["module_task_s"] <= single["uri_get_task_s"])
    add("no-op single-object task: calls <= one uri GET task's", single["module_task_calls"],
        single["uri_get_task_calls"], single["module_task_calls"] <= single["uri_get_task_calls"])
    return rows


# -- output ------------------------------------------------------------------------------------------------------
def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import ansible.release
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            check=False)
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "ansible_core": ansible.release.__version__, "platform": platform.platform(),
            "commit": commit.stdout.strip() or None}


def cell(result):
    if not result:
        return "—"
    mark = "*" if result.get("extrapolated") else ""
    return "%.1f s%s · %s" % (result["wall_s"], mark, "{:,}".format(result["calls"]))


def table(report):
    """The main size as a Markdown table (what the README shows), and the no-op against size."""
    meta = report["meta"]
    main = report["sizes"][str(meta["main_size"])]
    lines = ["| Contender | Scope | %s | Peak RSS |" % " | ".join(SCENARIO_TITLES[s] for s in SCENARIOS),
             "|---|---|---|---|---|---|"]
    for key, label in LABELS.items():
        r = main["results"].get(key, {})
        rss = max([x["rss_mb"] for x in r.values() if x.get("rss_mb")] or [0])
        cells = " | ".join(cell(r.get(scenario)) for scenario in SCENARIOS)
        lines.append("| %s | %s | %s | %s |" % (label, SCOPE.get(key, "destinations"), cells,
                                                "%.0f MB" % rss if rss else "—"))
    sizes = sorted(report["sizes"], key=int)
    lines += ["", "| No-op re-run | %s |" % " | ".join("{:,} destinations".format(int(s)) for s in sizes),
              "|---|%s" % ("---|" * len(sizes))]
    for key, label in LABELS.items():
        cells = [cell(report["sizes"][s]["results"].get(key, {}).get("noop")) for s in sizes]
        lines.append("| %s, %s | %s |" % (label, SCOPE.get(key, "destinations"), " | ".join(cells)))
    single = main["single_object"]
    lines += ["", "One no-op task: `scorm_dispatch_destination` %.2f s and %g call(s), `ansible.builtin.uri` GET %.2f s "
              "and %g call(s) (per loop item, sample of %d)." % (
                  single["module_task_s"], single["module_task_calls"], single["uri_get_task_s"],
                  single["uri_get_task_calls"], single["sample"])]
    lines += ["", "`*` extrapolated linearly from a sample of %d destinations (SDK script: %d); cells are the median "
              "wall time of %d runs · API calls. Measured %s on %s (%d cores), Python %s, ansible-core %s, emulator "
              "latency %d ms, page size %d, load average %s at the start." % (
                  main["sample"], main["sdk_sample"], meta["runs"], meta["date"], meta["machine"]["cpu"],
                  meta["machine"]["cores"], meta["machine"]["python"], meta["machine"]["ansible_core"],
                  meta["latency_ms"], meta["page_size"], meta["load_average_start"])]
    lines += ["", "| Target | Measured | Limit | Holds |", "|---|---|---|---|"]
    for row in report["targets"]:
        lines.append("| %s | %s | %s | %s |" % (row["target"], row["value"], row["limit"],
                                                "yes" if row["holds"] else "**no**"))
    return "\n".join(lines) + "\n"


def full(args):
    sizes = sorted(set(args.sizes + [args.main_size]))
    with EmulatorProcess(args.port, args.latency_ms, args.page_size, os.path.join(args.out, "emulator.log")) as proc:
        bench = Bench(args, proc)
        workload.write_packages(Shape(0, courses=args.courses), bench.packages)
        load_start = "%.2f" % os.getloadavg()[0]
        print("== fixed costs", flush=True)
        bench.reset()
        fixed = bench.rounds([("ansible", "one-task playbook", bench.command("one_task"), None),
                              ("sdk", "SDK script, no object", bench.command("sdk", []), None)], args.runs)
        starts = dict((key, {"wall_s": fixed[key]["wall_s"], "cpu_s": fixed[key]["cpu_s"]}) for key in fixed)
        report = {"meta": {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                           "machine": machine(), "latency_ms": args.latency_ms, "page_size": args.page_size,
                           "runs": args.runs, "main_size": args.main_size, "sizes": sizes,
                           "load_average_start": load_start, "starts_s": starts,
                           "rss": "ru_maxrss of each module process (SDK script: its process), via rss_python.py"},
                  "sizes": {}}
        for size in sizes:
            shape = Shape(size, courses=args.courses, pipes=args.pipes, xapi_credentials=args.xapi_credentials)
            report["sizes"][str(size)] = measure_size(bench, shape, size == args.main_size, starts)
        report["meta"]["load_average_end"] = "%.2f" % os.getloadavg()[0]
    report["targets"] = targets(report)
    workload.write_json(os.path.join(args.out, "benchmark.json"), report)
    text = table(report)
    with open(os.path.join(args.out, "table.md"), "w") as handle:
        handle.write(text)
    print()
    print(text)
    import plot  # matplotlib: only the full benchmark needs it
    for path in plot.draw(report, args.out):
        print("wrote %s" % path)
    if args.plot_copy:
        os.makedirs(os.path.dirname(args.plot_copy), exist_ok=True)
        shutil.copyfile(os.path.join(args.out, "benchmark.png"), args.plot_copy)
        print("wrote %s" % args.plot_copy)
    print("wrote %s" % os.path.join(args.out, "benchmark.json"))
    return 0


# -- the smoke variant -------------------------------------------------------------------------------------------
def smoke(args):
    """The call budgets on a small account without latency: seconds, not minutes; asserts calls, never times."""
    shape = Shape(args.smoke_destinations, courses=args.smoke_courses, pipes=2, xapi_credentials=2)
    pages = workload.list_pages(shape, args.page_size)
    checks = []

    def check(name, value, limit, holds):
        checks.append((name, value, limit, holds))
        print("  %-4s %-62s %s (limit %s)" % ("ok" if holds else "FAIL", name, value, limit), flush=True)

    with EmulatorProcess(args.port, 0, args.page_size, os.path.join(args.out, "emulator-smoke.log")) as proc:
        bench = Bench(args, proc)
        workload.write_packages(shape, bench.packages)
        state = bench.state_files(shape)["role_account"]
        print("== bench-smoke: %s, page size %d (%d list pages)" % (shape.as_dict(), args.page_size,
                                                                    sum(pages.values())), flush=True)
        bench.reset()
        first = bench.run("role_account first", bench.command("role_account", state_file=state))
        creates = [e for e in bench.emu.requests_log() if e["method"] != "GET" and "/dispatch/destinations" in e["path"]]
        batches = workload.first_apply_writes(shape)["destinations"]
        check("first apply: destinations created %d per request" % workload.BATCH, len(creates), batches,
              len(creates) <= batches)
        # The account's objects as the emulator holds them (counted there, not from Ansible's recap).
        counts = bench.emu.counts()
        check("first apply: every declared object exists", counts, shape.as_dict(),
              counts == shape.as_dict() and first["changed_tasks"] >= 1)
        noop = bench.run("role_account noop", bench.command("role_account", state_file=state))
        check("no-op: calls <= list pages + 5", noop["calls"], sum(pages.values()) + 5,
              noop["calls"] <= sum(pages.values()) + 5)
        check("no-op: no write", noop["writes"], 0, noop["writes"] == 0 and noop["changed_tasks"] == 0)
        changed = workload.changed_numbers(shape, CHANGES)
        bench.emu.drift(changed)
        changes = bench.run("role_account changes", bench.command("role_account", state_file=state))
        check("10 changes: calls <= list pages + 10", changes["calls"], sum(pages.values()) + CHANGES,
              changes["calls"] <= sum(pages.values()) + CHANGES)
        check("10 changes: writes <= 10", changes["writes"], CHANGES, 0 < changes["writes"] <= CHANGES)
        single = bench.run("module_loop noop", bench.command("module_loop", [0]))
        check("no-op single-object task: 1 call", single["calls"], 1, single["calls"] == 1)
        errors = bench.emu.internal_errors()
        check("emulator: no internal error", len(errors), 0, not errors)
    failed = [name for name, _value, _limit, holds in checks if not holds]
    print("bench-smoke: %d passed, %d failed" % (len(checks) - len(failed), len(failed)))
    return 1 if failed else 0


def main():
    # SIGTERM (make interrupted, a CI timeout) unwinds like Ctrl-C, so the emulator is stopped on the way out.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="the call budgets only (make bench-smoke)")
    parser.add_argument("--collection-root", required=True, help="ANSIBLE_COLLECTIONS_PATH holding scorm.cloud")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    parser.add_argument("--port", type=int, default=18851)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    parser.add_argument("--main-size", type=int, default=1000, help="destinations of the account in the table")
    parser.add_argument("--sizes", type=lambda text: [int(size) for size in text.split(",")],
                        default=[100, 1000, 10000], help="destinations per account for the plots")
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--pipes", type=int, default=20)
    parser.add_argument("--xapi-credentials", type=int, default=20)
    parser.add_argument("--sample", type=int, default=10, help="destinations (a) and (b) run on at the main size")
    parser.add_argument("--scan-sample", type=int, default=5, help="the same at the other sizes")
    parser.add_argument("--sdk-sample", type=int, default=100, help="destinations the SDK script runs on")
    parser.add_argument("--scan-first-runs", type=int, default=1,
                        help="first applies of the whole account by the role at the largest size (0: none)")
    parser.add_argument("--plot-copy", help="also copy benchmark.png here (the README's plot)")
    parser.add_argument("--smoke-destinations", type=int, default=250)
    parser.add_argument("--smoke-courses", type=int, default=10)
    args = parser.parse_args()
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    return smoke(args) if args.smoke else full(args)


if __name__ == "__main__":
    sys.exit(main())
