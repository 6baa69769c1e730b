"""Secrets audit of an integration run: no secret the emulator stored or issued may appear in what the run left.

  secrets_audit.py keep SRC DEST
      Until SIGTERM or SIGINT, keeps every file that appears under SRC (ansible-test's OUTPUT_DIR, which it empties
      before each target) as a hard link (a copy across file systems) under DEST, so that the files all targets
      wrote can be scanned at the end. A file replaced by another at the same path keeps both (NAME, NAME~2, ...).

  secrets_audit.py scan --emulator URL --output FILE [--output FILE ...] [PATH ...]
      Fetches GET URL/__emulator/secrets (every secret key, credential and PENS secret, xAPI credential secret, pipe
      and postback password and OAuth token the emulator stored or issued during the run) and looks for each value,
      as sent, JSON- and URL-encoded, and inside base64 text (a Basic Authorization header, say), in the captured
      output (--output) and in every file under each PATH (members of zip files too). Prints FILE:LINE and the
      kind of secret of each hit, never the secret (the line is shown with every secret masked), and exits 1 on a
      hit. Exits 2 when there is nothing to look for or nothing to look in: no secret of at least --min-length
      characters, or an --output file missing or empty, or nothing scanned. Files named integration_config.yml (the
      run's input, holding its keys by design) are not scanned.

Values that a task returns with return_secret are secrets like any other: in output they must only ever appear
hidden by no_log, so any hit is a leak.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import shutil
import signal
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

SKIPPED_NAMES = frozenset({"integration_config.yml"})
MAX_LINE = 240


# -- keep ----------------------------------------------------------------------------------------------------------
class Keeper:
    def __init__(self, src: Path, dest: Path):
        self.src, self.dest = src, dest
        self.seen: dict[str, tuple[int, int]] = {}     # relative path -> (device, inode) last kept
        self.versions: dict[str, int] = {}
        self.kept = 0

    def sweep(self) -> None:
        if not self.src.is_dir():
            return
        for root, _dirs, files in os.walk(self.src):
            for name in files:
                path = Path(root, name)
                try:
                    info = path.lstat()
                except FileNotFoundError:
                    continue
                if not path.is_file() or path.is_symlink():
                    continue
                rel = str(path.relative_to(self.src))
                key = (info.st_dev, info.st_ino)
                if self.seen.get(rel) == key:
                    continue
                self.seen[rel] = key
                self.versions[rel] = self.versions.get(rel, 0) + 1
                target = self.dest / (rel if self.versions[rel] == 1 else f"{rel}~{self.versions[rel]}")
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, target)
                except FileExistsError:
                    continue
                except FileNotFoundError:
                    continue
                except OSError:
                    try:
                        shutil.copy2(path, target)
                    except FileNotFoundError:
                        continue
                self.kept += 1


def keep(src: Path, dest: Path, interval: float) -> int:
    keeper = Keeper(src, dest)
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))
    dest.mkdir(parents=True, exist_ok=True)     # after the handlers: DEST existing says that SIGTERM is safe
    while not stop:
        keeper.sweep()
        time.sleep(interval)
    keeper.sweep()
    print(f"secrets audit: kept {keeper.kept} file(s) written under {src} in {dest}", file=sys.stderr)
    return 0


# -- scan ----------------------------------------------------------------------------------------------------------
def fetch_secrets(emulator: str) -> list[dict]:
    with urllib.request.urlopen(emulator.rstrip("/") + "/__emulator/secrets", timeout=30) as resp:
        return json.load(resp)["secrets"]


def needles(secrets: list[dict], min_length: int) -> tuple[dict[bytes, str], dict[str, int], dict[str, int]]:
    """({searched bytes: kind}, {kind: count} of the secrets looked for, {kind: count} of those too short)."""
    found: dict[bytes, str] = {}
    counts: dict[str, int] = {}
    short: dict[str, int] = {}
    for item in secrets:
        value, kind = item["value"], item["kind"]
        if len(value) < min_length:
            short[kind] = short.get(kind, 0) + 1
            continue
        counts[kind] = counts.get(kind, 0) + 1
        for form in (value, json.dumps(value)[1:-1], urllib.parse.quote(value, safe=""),
                     urllib.parse.quote_plus(value)):
            found.setdefault(form.encode(), kind)
        for form in base64_forms(value.encode()):
            found.setdefault(form, kind)
    return found, counts, short


def base64_forms(value: bytes) -> list[bytes]:
    """What ``value`` looks like inside any base64 text (an Authorization: Basic header of ``app:secret``, say): the
    characters that encode only its bytes, at each of the three alignments it can start at."""
    forms = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + value)
        start, end = -(-8 * offset // 6), 8 * (offset + len(value)) // 6
        forms.append(encoded[start:end])
    return forms


def mask(line: bytes, secrets: dict[bytes, str]) -> str:
    for value, kind in sorted(secrets.items(), key=lambda item: -len(item[0])):
        line = line.replace(value, f"<{kind}>".encode())
    text = line.decode("utf-8", "replace").strip()
    return text if len(text) <= MAX_LINE else text[:MAX_LINE] + "..."


def scan_bytes(name: str, data: bytes, secrets: dict[bytes, str]) -> list[str]:
    hits = []
    for value, kind in secrets.items():
        start = data.find(value)
        while start >= 0:
            line_no = data.count(b"\n", 0, start) + 1
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", start)
            line = data[line_start:len(data) if line_end < 0 else line_end]
            hits.append(f"{name}:{line_no}: {kind} ({len(value)} characters): {mask(line, secrets)}")
            start = data.find(value, start + len(value))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    if not member.is_dir():
                        hits += scan_bytes(f"{name}!{member.filename}", archive.read(member), secrets)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError):
            pass
    return hits


def files_under(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        for root, _dirs, names in os.walk(path):
            for name in sorted(names):
                candidate = Path(root, name)
                if candidate.is_file() and not candidate.is_symlink():
                    yield candidate


def scan(args: argparse.Namespace) -> int:
    secrets, counts, short = needles(fetch_secrets(args.emulator), args.min_length)
    problems = []
    if not counts:
        problems.append(f"the emulator at {args.emulator} lists no secret of at least {args.min_length} characters")
    for output in args.output:
        if not output.is_file() or output.stat().st_size == 0:
            problems.append(f"the captured output {output} is missing or empty")
    if problems:
        for problem in problems:
            print(f"secrets audit: cannot audit: {problem}.", file=sys.stderr)
        return 2
    hits, scanned, size, skipped = [], 0, 0, []
    seen: set[tuple[int, int]] = set()
    for path in [*args.output, *args.paths]:
        for file in files_under(path):
            info = file.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue        # a hard link kept by `keep` is the same file
            seen.add((info.st_dev, info.st_ino))
            if file.name in SKIPPED_NAMES:
                skipped.append(str(file))
                continue
            data = file.read_bytes()
            scanned += 1
            size += len(data)
            hits += scan_bytes(str(file), data, secrets)
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    print(f"secrets audit: {sum(counts.values())} secret(s) ({kinds}) looked for in {scanned} file(s), "
          f"{size / 1e6:.1f} MB", file=sys.stderr)
    if short:
        print("secrets audit: too short to look for (under %d characters): %s" % (
            args.min_length, ", ".join(f"{count} {kind}" for kind, count in sorted(short.items()))), file=sys.stderr)
    if skipped:
        print(f"secrets audit: not scanned (the run's input): {', '.join(skipped)}", file=sys.stderr)
    if size == 0:
        print("secrets audit: cannot audit: nothing to scan.", file=sys.stderr)
        return 2
    for hit in hits:
        print(f"secrets audit: LEAK {hit}", file=sys.stderr)
    if hits:
        print(f"secrets audit: {len(hits)} secret(s) found where none may appear (listed above).", file=sys.stderr)
        return 1
    print("secrets audit: no secret found.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    keeper = commands.add_parser("keep", help="keep the files that appear under SRC in DEST until SIGTERM")
    keeper.add_argument("src", type=Path)
    keeper.add_argument("dest", type=Path)
    keeper.add_argument("--interval", type=float, default=0.2)
    scanner = commands.add_parser("scan", help="look for the emulator's secrets in output and files")
    scanner.add_argument("--emulator", required=True, help="the emulator's base URL, e.g. http://127.0.0.1:18765")
    scanner.add_argument("--output", type=Path, action="append", default=[], required=True,
                         help="captured output of the run (must exist and not be empty)")
    scanner.add_argument("--min-length", type=int, default=8,
                         help="shorter secrets are counted but not looked for (they would match anywhere)")
    scanner.add_argument("paths", type=Path, nargs="*", help="files or directories to scan as well")
    args = parser.parse_args(argv)
    if args.command == "keep":
        return keep(args.src, args.dest, args.interval)
    return scan(args)


if __name__ == "__main__":
    sys.exit(main())
