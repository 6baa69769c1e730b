"""tests/utils/emulator_ctl.py: a background emulator for make targets and integration targets, plain or over TLS."""
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CTL = Path(__file__).resolve().parents[2] / "utils" / "emulator_ctl.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CTL), *args], capture_output=True, text=True, timeout=60, check=False)


def test_tls_start_serves_https_with_a_certificate_of_its_own(tmp_path):
    port, state = free_port(), tmp_path / "state"
    started = ctl("start", "--tls", "--port", str(port), "--state-dir", str(state))
    try:
        assert started.returncode == 0, started.stderr
        assert "ready on https://127.0.0.1:%d" % port in started.stdout
        assert sorted(p.name for p in state.glob("tls-*.pem")) == ["tls-ca.pem", "tls-cert.pem", "tls-key.pem"]
        assert (state / "tls-key.pem").stat().st_mode & 0o077 == 0
        url = "https://127.0.0.1:%d/__emulator/health" % port
        trusted = ssl.create_default_context(cafile=str(state / "tls-ca.pem"))
        with urllib.request.urlopen(url, timeout=5, context=trusted) as answer:
            assert answer.status == 200
        # Nothing trusts the certificate but its own CA file.
        with pytest.raises(urllib.error.URLError) as refused:
            urllib.request.urlopen(url, timeout=5, context=ssl.create_default_context())
        assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
        with pytest.raises(OSError):  # plain HTTP: the connection is dropped
            urllib.request.urlopen("http://127.0.0.1:%d/__emulator/health" % port, timeout=5)
    finally:
        assert ctl("stop", "--state-dir", str(state)).returncode == 0
    assert not (state / "emulator.pid").exists()


def test_each_tls_start_makes_new_certificates(tmp_path):
    port, state = free_port(), tmp_path / "state"
    certificates = []
    for start in range(2):
        assert ctl("start", "--tls", "--port", str(port), "--state-dir", str(state)).returncode == 0
        certificates.append((start, (state / "tls-ca.pem").read_bytes()))
        assert ctl("stop", "--state-dir", str(state)).returncode == 0
    assert certificates[0][1] != certificates[1][1]
