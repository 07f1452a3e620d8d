"""`payung serve`: the production server (gunicorn), not Django's development server."""

import os
import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Payung with gunicorn on HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) * 2))

    def handle(self, *args: object, host: str, port: int, workers: int, **options: object) -> None:
        self.stdout.write(f"Payung: http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "payung.wsgi:application",
                f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
                "--timeout=120",
            ],
        )
