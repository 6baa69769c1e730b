"""Start or stop a background emulator for make targets, with bounded waits.

    emulator_ctl.py start --port 8765 --state-dir DIR [--tls] [-- extra emulator args]
    emulator_ctl.py stop --state-dir DIR

With --tls the emulator serves HTTPS with a certificate made for this start: a throw-away certificate authority
(DIR/tls-ca.pem, what a client gives as its CA bundle) and a server certificate for 127.0.0.1 and localhost that it
signed (DIR/tls-cert.pem, DIR/tls-key.pem). Nothing is trusted system-wide, so a client that verifies certificates
against the system's authorities refuses it.
"""
import argparse
import datetime
import ipaddress
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def make_certificates(state_dir):
    """A new CA and a server certificate for 127.0.0.1/localhost signed by it, as PEM files in ``state_dir``; returns
    (ca, cert, key) paths. The keys are made here, for this start only (cryptography comes with ansible-core)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "scorm-cloud-emulator test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = tuple(os.path.join(state_dir, name) for name in ("tls-ca.pem", "tls-cert.pem", "tls-key.pem"))
    for path, data in zip(paths, (ca.public_bytes(serialization.Encoding.PEM),
                                  cert.public_bytes(serialization.Encoding.PEM),
                                  key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
    return paths


def start(args):
    os.makedirs(args.state_dir, exist_ok=True)
    pid_file = os.path.join(args.state_dir, "emulator.pid")
    log_path = os.path.join(args.state_dir, "emulator.log")
    if os.path.exists(pid_file):
        stop(args)
    command = [os.path.join(os.path.dirname(sys.executable), "scorm-cloud-emulator"), "--host", "127.0.0.1",
               "--port", str(args.port)] + args.extra
    scheme, context = "http", None
    if args.tls:
        ca, cert, key = make_certificates(args.state_dir)
        command += ["--tls-cert", cert, "--tls-key", key]
        scheme, context = "https", ssl.create_default_context(cafile=ca)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    with open(pid_file, "w") as handle:
        handle.write(str(process.pid))
    url = "%s://127.0.0.1:%d/__emulator/health" % (scheme, args.port)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("emulator exited early (code %s); see %s" % (process.returncode, log_path))
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    print("emulator ready on %s://127.0.0.1:%d (pid %d, log %s)" % (
                        scheme, args.port, process.pid, log_path))
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
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a certificate made for this start")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()
    start(args) if args.action == "start" else stop(args)


if __name__ == "__main__":
    main()
