"""An interpreter wrapper that records the peak RSS of the process it runs.

Ansible wants one executable path as ``ansible_python_interpreter``, so the runner copies this file to
results/bin/python-rss with the shebang ``#!PYTHON -S`` (PYTHON: the project venv's). Ansible then starts every
module as ``python-rss AnsiballZ_x.py``; this forks, runs the real interpreter (the same PYTHON, with its normal
start-up) on the same arguments and stdio, waits for it and appends its ``ru_maxrss`` (KiB on Linux) to the file
named by BENCH_RSS_LOG. The runner starts the SDK script through it too. Its own cost is one bare interpreter start
(-S: no site import), some 10-20 ms per module process, paid alike by every contender.
"""
import os
import sys


def main():
    child = os.fork()
    if child == 0:
        os.execv(sys.executable, [sys.executable] + sys.argv[1:])
    _pid, status, usage = os.wait4(child, 0)
    log = os.environ.get("BENCH_RSS_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write("%d %s\n" % (usage.ru_maxrss, " ".join(os.path.basename(arg) for arg in sys.argv[1:2])))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
