"""Start or stop a background emulator for make targets, with bounded waits.

    emulator_ctl.py start --port 8765 --state-dir DIR [-- extra emulator args]
    emulator_ctl.py stop --state-dir DIR
"""
import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def start(args):
    os.makedirs(args.state_dir, exist_ok=True)
    pid_file = os.path.join(args.state_dir, "emulator.pid")
    log_path = os.path.join(args.state_dir, "emulator.log")
    if os.path.exists(pid_file):
        stop(args)
    command = [os.path.join(os.path.dirname(sys.executable), "scorm-cloud-emulator"), "--host", "127.0.0.1",
               "--port", str(args.port)] + args.extra
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    with open(pid_file, "w") as handle:
        handle.write(str(process.pid))
    url = "http://127.0.0.1:%d/__emulator/health" % args.port
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("emulator exited early (code %s); see %s" % (process.returncode, log_path))
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    print("emulator ready on http://127.0.0.1:%d (pid %d, log %s)" % (args.port, process.pid, log_path))
                    return
        except OSError:
            time.sleep(0.2)
    stop(args)
    sys.exit("emulator did not become ready within %ss; see %s" % (READY_TIMEOUT, log_path))


def stop(args):
    pid_file = os.path.join(args.state_dir, "emulator.pid")
    try:
        with open(pid_file) as handle:
            pid = int(handle.read().strip())
    except (OSError, ValueError):
        return
    os.remove(pid_file)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()
    start(args) if args.action == "start" else stop(args)


if __name__ == "__main__":
    main()
