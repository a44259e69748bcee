"""The whole backend on throwaway services, for end-to-end tests: `python -m devtools.stack --api-port 8001`.

Starts throwaway PostgreSQL/Redis/S3, migrates, fills the spare schema pool, then runs the API
(gunicorn, production config), one Dramatiq worker per queue and the Klaviyo emulator (with its OAuth
consent page, Alva's redirect URI registered). Prints one JSON line when ready and stops everything on
SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from devtools.klaviyo_emulator import EmulatorConfig, start_emulator
from devtools.services import log, throwaway_services, wait_for_port

BACKEND = Path(__file__).resolve().parent.parent
QUEUES = ("ingest", "fraud", "klaviyo-events")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-port", type=int, default=8001)
    parser.add_argument("--public-port", default="8000", help="port in the URLs the API hands out (the SPA's)")
    parser.add_argument(
        "--staff-state", default=None, help="seed a support staff user here (seed_staff: its password, TOTP secret)"
    )
    args = parser.parse_args()

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    with throwaway_services() as services_env:
        app_domain = os.environ.get("APP_DOMAIN", "alva.localhost")
        # Klaviyo's side of OAuth as a browser meets it: a consent page to click through, and only
        # Alva's one registered redirect URI accepted (Klaviyo matches it exactly).
        emulator = start_emulator(
            config=EmulatorConfig(
                consent_page=True,
                oauth_redirect_uris=(f"http://app.{app_domain}:{args.public_port}/oauth/klaviyo/callback",),
            )
        )
        env = {
            **os.environ,
            **services_env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "APP_PUBLIC_PORT": args.public_port,
            "KLAVIYO_API_BASE": emulator.base_url,
            "KLAVIYO_OAUTH_BASE": emulator.base_url,
            "KLAVIYO_CLIENT_ID": emulator.config.oauth_client_id,
            "KLAVIYO_CLIENT_SECRET": emulator.config.oauth_client_secret,
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, "manage.py"]
        # stdout carries only the ready line; everything else goes to stderr.
        # CORS on the bucket, so that browsers can upload straight to it and read multipart ETags.
        setup = (["migrate_schemas", "-v", "0"], ["refill_spare_schemas", "--target", "5"], ["catalog_bucket_cors"])
        for command in setup:
            subprocess.run([*manage, *command], cwd=BACKEND, env=env, check=True, stdout=sys.stderr)
        if args.staff_state:
            seed = [*manage, "seed_staff", "--state", args.staff_state]
            subprocess.run(seed, cwd=BACKEND, env=env, check=True, stdout=sys.stderr)
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"],
                cwd=BACKEND,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{args.api_port}", "GUNICORN_WORKERS": "2"},
                stdout=sys.stderr,
            ),
            *(
                subprocess.Popen(
                    [*manage, "rundramatiq", "--queues", queue, "--threads", "2"],
                    cwd=BACKEND,
                    env=env,
                    stdout=sys.stderr,
                )
                for queue in QUEUES
            ),
        ]
        try:
            wait_for_port("127.0.0.1", args.api_port, "the API")
            print(
                json.dumps({"ready": True, "api": f"http://127.0.0.1:{args.api_port}", "klaviyo": emulator.base_url}),
                flush=True,
            )
            while not stop.wait(0.5):
                if any(process.poll() is not None for process in processes):
                    log("a stack process exited; stopping")
                    return 1
            return 0
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            emulator.stop()


if __name__ == "__main__":
    sys.exit(main())
