"""`payung serve`: the production server (gunicorn) with the background task worker beside it."""

import os
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandParser

# gunicorn's default access line has the request line with its query string (%(r)s) and the
# referrer (%(f)s, also with one): a NIK searched for, or any other value passed in a URL, would
# be kept in the log. The path (%(U)s) is enough to see what was asked for.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'


class Command(BaseCommand):
    help = "Serve Payung with gunicorn on HOST:PORT (default 127.0.0.1:8000) and run the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) * 2))
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start the background task worker (run `payung worker` elsewhere).",
        )

    def handle(
        self,
        *args: object,
        host: str,
        port: int,
        workers: int,
        no_task_worker: bool,
        **options: object,
    ) -> None:
        self.stdout.write(f"Payung: http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        task_worker = None
        if not no_task_worker:
            task_worker = subprocess.Popen([sys.executable, "-m", "payung.cli", "worker"])
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "payung.wsgi:application",
                f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
                f"--access-logformat={ACCESS_LOG_FORMAT}",
                "--timeout=120",
            ]
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            server.wait()
        finally:
            if task_worker is not None:
                task_worker.terminate()
                task_worker.wait(timeout=30)
