"""`payung serve`: the production server (gunicorn) with the background task worker beside it."""

import logging
import os
import sys

from django.core.management.base import BaseCommand, CommandParser

from payung.core.supervisor import Supervisor

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
        parser.add_argument(
            "--grace",
            type=float,
            default=10.0,
            help="Seconds a stop (SIGTERM, Ctrl+C) leaves requests and the task to finish.",
        )

    def handle(
        self,
        *args: object,
        host: str,
        port: int,
        workers: int,
        no_task_worker: bool,
        grace: float,
        **options: object,
    ) -> None:
        _log_to_stderr()
        self.stdout.write(f"Payung: http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        server = [
            sys.executable,
            "-m",
            "gunicorn",
            "payung.wsgi:application",
            f"--bind={host}:{port}",
            f"--workers={workers}",
            "--access-logfile=-",
            f"--access-logformat={ACCESS_LOG_FORMAT}",
            "--timeout=120",
            f"--graceful-timeout={grace:g}",
            # Signals are the control interface; gunicorn's socket would be one path in $HOME
            # that every instance on the machine takes over from the one before.
            "--no-control-socket",
        ]
        worker = None if no_task_worker else [sys.executable, "-m", "payung.cli", "worker"]
        sys.exit(Supervisor(server=server, worker=worker, grace=grace).run())


def _log_to_stderr() -> None:
    """The supervisor's lines on standard error, in gunicorn's format, whatever LOGGING says."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter(
            "[%(asctime)s] [%(process)d] [%(levelname)s] payung serve: %(message)s",
            datefmt="%Y-%m-%d %H:%M:%S %z",
        )
    )
    served = logging.getLogger("payung.serve")
    served.handlers = [handler]
    served.setLevel(logging.INFO)
    served.propagate = False
