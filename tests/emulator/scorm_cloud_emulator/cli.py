"""Command line entry point: `scorm-cloud-emulator --port 8765 [--db PATH] ...`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

import uvicorn

from .app import create_app
from .context import DEFAULT_PAGE_SIZE, Settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scorm-cloud-emulator",
                                description="Local emulator of the SCORM Cloud REST API v2.")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="TCP port (default 8765; 0 = any free port)")
    p.add_argument("--db", default=None, help="SQLite file for persistent state (default: in-memory)")
    p.add_argument("--page-size", type=int, default=DEFAULT_PAGE_SIZE, help="items per list page")
    p.add_argument("--latency-ms", type=int, default=0, help="delay added to every /api/v2 response")
    p.add_argument("--tls-cert", default=None, help="PEM certificate; with --tls-key serves HTTPS")
    p.add_argument("--tls-key", default=None, help="PEM private key for --tls-cert")
    p.add_argument("--mgmt-app-id", default="scorm-mgmt", help="seeded App Management app id")
    p.add_argument("--mgmt-secret-key", default="scorm-mgmt-secret", help="its secret key")
    p.add_argument("--app-id", default="scorm-demo", help="seeded ordinary app id")
    p.add_argument("--secret-key", default="scorm-demo-secret", help="its secret key")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    args = p.parse_args(argv)
    if args.page_size < 1:
        p.error("--page-size must be at least 1")
    if args.latency_ms < 0:
        p.error("--latency-ms must not be negative")
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings(page_size=args.page_size, latency_ms=args.latency_ms,
                        mgmt_app_id=args.mgmt_app_id, mgmt_secret_key=args.mgmt_secret_key,
                        app_id=args.app_id, secret_key=args.secret_key)
    app = create_app(args.db, settings)
    # uvicorn turns SIGTERM/SIGINT into a graceful shutdown and afterwards re-raises the signal to the
    # handler that was installed before it; a no-op handler there makes the process exit with status 0.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level=args.log_level,
                ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key, lifespan="off")
    app.fastapi.state.emu.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
