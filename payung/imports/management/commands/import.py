"""`payung import FILE --employer NPP_OR_REGION_CODE [--unit CODE] [--mode add|replace]
[--on DATE] [--programs jkk,jkm] [--dry-run] [--all-or-nothing] [--errors-out FILE.xlsx] [--json]`

Exit status: 0 every row accepted; 1 some rows refused (the others applied, unless
--all-or-nothing or --dry-run); 2 the whole file or the arguments refused.
"""

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.core.commands import ActingCommand, parse_date
from payung.core.errors import DomainError
from payung.employers.models import WorkUnit
from payung.imports.runs import RunRequest, run_from_command
from payung.imports.services import (
    ImportRefused,
    ImportResult,
    RowIssue,
    resolve_employer,
    write_error_report,
)

SHOWN_ISSUES = 20


class Command(ActingCommand):
    help = "Impor daftar pekerja / Import a roster (.csv, .xlsx, SIPP template) for an employer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Roster file: .csv, .xlsx or SIPP data_tk_baru")
        parser.add_argument("--employer", required=True, help="NPP or region code, e.g. 74.71")
        parser.add_argument("--unit", default=None, help="Work unit code (default unit of rows)")
        parser.add_argument("--mode", choices=["add", "replace"], default="add")
        parser.add_argument("--on", default=None, help="Effective date YYYY-MM-DD (default today)")
        parser.add_argument("--programs", default="jkk,jkm", help="Comma-separated: jkk,jkm")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="Save nothing if any row is refused"
        )
        parser.add_argument("--errors-out", default=None, help="Write an .xlsx error report")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json: bool = options["json"]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ada / no such file: {path}", returncode=2)
        day = parse_date(options["on"]) if options["on"] else date.today()
        programs = [p.strip().lower() for p in options["programs"].split(",") if p.strip()]
        bar = _ProgressBar() if not as_json and sys.stdout.isatty() else None
        try:
            employer = resolve_employer(options["employer"])
            unit_code = options["unit"]
            unit = (
                WorkUnit.objects.filter(employer=employer, code=unit_code.strip()).first()
                if unit_code
                else None
            )
            request = RunRequest(
                employer=employer,
                on=day,
                unit=unit,
                mode=options["mode"],
                programs=tuple(programs),
                all_or_nothing=options["all_or_nothing"],
            )
            _run, result = run_from_command(
                actor=self.actor.user,
                source=self.actor.source,
                request=request,
                path=path,
                dry_run=options["dry_run"],
                unit_code=unit_code,
                progress=bar,
            )
        except ImportRefused as error:
            if bar:
                bar.done()
            refused: ImportResult | None = getattr(error, "result", None)
            if refused is None:
                refused = ImportResult(dry_run=options["dry_run"])
                refused.errors = [
                    RowIssue.of(0, r.field, r.code, r.message_id, r.message_en)
                    for r in error.refusals
                ]
            self._finish(refused, options, path, as_json, headline=error)
            raise SystemExit(2) from None
        except DomainError as error:
            if bar:
                bar.done()
            if as_json:
                self.stdout.write(_dumps({"error": [r.as_dict() for r in error.refusals]}))
                raise SystemExit(2) from None
            raise CommandError(str(error), returncode=2) from None
        if bar:
            bar.done()
        self._finish(result, options, path, as_json)
        if result.rejected:
            raise SystemExit(1)

    def _finish(
        self,
        result: ImportResult,
        options: dict[str, Any],
        path: Path,
        as_json: bool,
        headline: DomainError | None = None,
    ) -> None:
        if options["errors_out"] and result.rows:
            write_error_report(path=path, result=result, out=Path(options["errors_out"]))
        if as_json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        if headline is not None:
            self.stderr.write("; ".join(r.message for r in headline.refusals))
        prefix = "[uji coba / dry run] " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}baris / rows {result.rows:,}: diterima / accepted {result.accepted:,}, "
            f"ditolak / rejected {result.rejected:,}"
        )
        self.stdout.write(
            f"baru / created {result.created:,}, diubah / updated {result.updated:,}, "
            f"tetap / unchanged {result.unchanged:,}, diakhiri / ended {result.ended:,}"
        )
        for title, issues in (
            ("Ditolak / refused", result.errors),
            ("Peringatan", result.warnings),
        ):
            if not issues:
                continue
            self.stdout.write(f"{title} ({len(issues):,}):")
            for issue in issues[:SHOWN_ISSUES]:
                self.stdout.write(
                    f"  baris/row {issue.row} [{issue.column}] {issue.code}: {issue.message}"
                )
            if len(issues) > SHOWN_ISSUES:
                self.stdout.write(f"  … +{len(issues) - SHOWN_ISSUES:,}")
        if options["errors_out"] and result.rows:
            self.stdout.write(f"Laporan / report: {options['errors_out']}")


class _ProgressBar:
    """A one-line progress bar on stderr."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, done: int, total: int | None) -> None:
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if total:
            filled = int(30 * min(done / total, 1))
            line = f"[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}"
        else:
            line = f"{done:,}"
        sys.stderr.write(f"\r{line} baris/rows ({rate:,.0f}/s)")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
