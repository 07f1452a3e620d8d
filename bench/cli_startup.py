"""Benchmark: how long read-only `payung` commands take as whole processes, start-up included.

.venv/bin/python bench/cli_startup.py [--database URL] [--runs 5] [--existing]

Without --existing it makes a fresh database (a temporary SQLite file, or the PostgreSQL database
named by --database, whose tables it flushes) and loads the Sultra demo; with --existing it uses
DATABASE_URL as it is (already migrated, with the demo). Each command runs once to warm the file
cache, then --runs times; it prints the median and the minimum wall time in ms and the median CPU
time (user + system, from the operating system's accounting of the finished child), and the
floor: Python starting Django with no apps.
"""

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYUNG = [sys.executable, "-m", "payung.cli"]
COMMANDS = {
    "payung help": ["help"],
    "payung coverage --region 74 --json": ["coverage", "--region", "74", "--json"],
    "payung arrears --region 74 --json": ["arrears", "--region", "74", "--json"],
    "payung benefit jkm --death-date 2025-06-30": [
        "benefit",
        "jkm",
        "--death-date",
        "2025-06-30",
        "--contribution-years",
        "4",
    ],
}
FLOOR = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python: django.setup(), no apps": [
        sys.executable,
        "-c",
        "import django; from django.conf import settings; settings.configure(); django.setup()",
    ],
    "python: django.setup(), Payung's settings": [
        sys.executable,
        "-c",
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'payung.settings'; "
        "django.setup()",
    ],
}


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run: (wall ms, CPU ms of the child); a failing command stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def measure(name: str, argv: list[str], env: dict[str, str], runs: int) -> None:
    timed(argv, env)  # warm the file cache
    walls, cpus = zip(*(timed(argv, env) for _ in range(runs)), strict=True)
    print(
        f"{name:<48} median {statistics.median(walls):6.0f} ms   min {min(walls):6.0f} ms"
        f"   CPU {statistics.median(cpus):6.0f} ms"
    )


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """A migrated database with the Sultra demo, unless --existing."""
    if args.database:
        env["DATABASE_URL"] = args.database
    elif not args.existing:
        env["DATABASE_URL"] = ""
        env["PAYUNG_DATA_DIR"] = tempfile.mkdtemp(prefix="payung-bench-")
    if args.existing:
        return
    if args.database:
        subprocess.run([*PAYUNG, "flush", "--no-input"], env=env, cwd=ROOT, check=True)
    for step in (["migrate", "--no-input", "-v", "0"], ["demo"]):
        subprocess.run([*PAYUNG, *step], env=env, cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--database", default="", help="a PostgreSQL DATABASE_URL (flushed)")
    cli.add_argument("--existing", action="store_true", help="use DATABASE_URL as it is")
    cli.add_argument("--runs", type=int, default=5)
    args = cli.parse_args()
    env = dict(os.environ)
    prepare(args, env)
    engine = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    bytecode = "off" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(
        f"{engine}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"bytecode cache writing {bytecode}, load average {os.getloadavg()[0]:.1f}, "
        f"{args.runs} runs each"
    )
    for name, argv in FLOOR.items():
        measure(name, argv, env, args.runs)
    for name, argv in COMMANDS.items():
        measure(name, [*PAYUNG, *argv], env, args.runs)


if __name__ == "__main__":
    main()
