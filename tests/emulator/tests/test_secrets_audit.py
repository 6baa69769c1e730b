"""tests/utils/secrets_audit.py against a real emulator: it finds a planted secret (masked in its report), in
every form it claims, and it refuses to pass when it has nothing to look for or nothing to look in."""

from __future__ import annotations

import base64
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "utils" / "secrets_audit.py"
SECRET = 'planted "secret"/with spaces+signs=1'


def audit(emu, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "scan", "--emulator", emu.base_url, *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def planted(emu):
    resp = emu.raw("PUT", "/api/v2/xapi/credentials/audit", json={
        "name": "audit", "secret": SECRET, "isEnabled": True, "auth": "BASICAUTH", "permissionsLevel": "DEFAULT"})
    assert resp.status_code == 204, resp.text
    return emu


def output_file(tmp_path, text: str, name: str = "output.log") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_clean_run_passes_and_says_what_it_looked_for(planted, tmp_path):
    result = audit(planted, "--output", output_file(tmp_path, "PLAY RECAP\nok=3 changed=0\n"))
    assert result.returncode == 0, result.stderr
    assert "xapicredential.secret" in result.stderr and "no secret found" in result.stderr


def basic_header(user: str) -> str:
    return "Authorization: Basic " + base64.b64encode(f"{user}:{SECRET}".encode()).decode()


@pytest.mark.parametrize("form", [SECRET, '"planted \\"secret\\"/with spaces+signs=1"',
                                  "planted%20%22secret%22%2Fwith%20spaces%2Bsigns%3D1",
                                  "planted+%22secret%22%2Fwith+spaces%2Bsigns%3D1",
                                  basic_header("ab"), basic_header("abc"), basic_header("abcd")],
                         ids=["plain", "json", "url", "form", "base64-0", "base64-1", "base64-2"])
def test_a_planted_secret_is_reported_with_file_line_and_kind_but_masked(planted, tmp_path, form):
    output = output_file(tmp_path, f"TASK [x]\nok: [testhost]\n  \"msg\": {form}\n")
    result = audit(planted, "--output", output)
    assert result.returncode == 1
    assert f"LEAK {output}:3: xapicredential.secret" in result.stderr
    assert "<xapicredential.secret>" in result.stderr
    assert SECRET not in result.stdout + result.stderr and form not in result.stdout + result.stderr


def test_files_under_a_directory_and_zip_members_are_scanned(planted, tmp_path):
    reports = tmp_path / "reports" / "drift"
    reports.mkdir(parents=True)
    (reports / "drift.json").write_text('{"changed": []}')
    with zipfile.ZipFile(tmp_path / "reports" / "package.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", "<html>fine</html>")
        archive.writestr("conf/settings.txt", f"first line\npassword={SECRET}\n")
    result = audit(planted, "--output", output_file(tmp_path, "clean\n"), tmp_path / "reports")
    assert result.returncode == 1
    assert f"{tmp_path / 'reports' / 'package.zip'}!conf/settings.txt:2: xapicredential.secret" in result.stderr
    assert "drift.json" not in result.stderr


def test_the_runs_input_file_is_not_scanned(planted, tmp_path):
    config = tmp_path / "in" / "integration_config.yml"
    config.parent.mkdir()
    config.write_text(f"scorm_secret_key: {SECRET}\n")
    result = audit(planted, "--output", output_file(tmp_path, "clean\n"), config.parent)
    assert result.returncode == 0, result.stderr
    assert f"not scanned (the run's input): {config}" in result.stderr


def test_it_cannot_pass_without_output_to_scan(planted, tmp_path):
    for output in (output_file(tmp_path, ""), tmp_path / "missing.log"):
        result = audit(planted, "--output", output)
        assert result.returncode == 2
        assert f"cannot audit: the captured output {output} is missing or empty" in result.stderr


def test_it_cannot_pass_without_secrets_to_look_for(emu, tmp_path):
    assert emu.raw("DELETE", "/__emulator/secrets", auth=None).status_code == 204
    result = audit(emu, "--output", output_file(tmp_path, "scorm-demo-secret\n"))
    assert result.returncode == 2
    assert "lists no secret of at least 8 characters" in result.stderr
    emu.reset()      # the seeded keys are listed again
    assert audit(emu, "--output", output_file(tmp_path, "scorm-demo-secret\n")).returncode == 1


def test_keep_holds_files_that_were_deleted_and_replaced(tmp_path):
    src, dest = tmp_path / "output_dir", tmp_path / "kept"
    src.mkdir()
    keeper = subprocess.Popen([sys.executable, str(SCRIPT), "keep", str(src), str(dest), "--interval", "0.05"],
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not dest.is_dir() and time.monotonic() < deadline:
            time.sleep(0.05)
        (src / "sub").mkdir()
        (src / "sub" / "report.json").write_text("first")
        time.sleep(0.5)
        (src / "sub" / "report.json").unlink()        # as ansible-test empties OUTPUT_DIR between targets
        time.sleep(0.3)
        (src / "sub" / "report.json").write_text("second")
        time.sleep(0.5)
    finally:
        keeper.send_signal(signal.SIGTERM)
        _out, err = keeper.communicate(timeout=10)
    assert keeper.returncode == 0
    assert (dest / "sub" / "report.json").read_text() == "first"
    assert (dest / "sub" / "report.json~2").read_text() == "second"
    assert "kept 2 file(s)" in err
