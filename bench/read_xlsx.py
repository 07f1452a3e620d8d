"""Benchmark: reading an N-row .xlsx roster, and what the hostile-file check adds to it.

.venv/bin/python bench/read_xlsx.py [--rows 100000] [--inline]

Writes an N-row roster as Excel does (shared strings; with --inline, xlsxwriter's
constant-memory inline strings), then times, as CPU seconds (best of three), the check of
`payung.imports.xlsx_scan` alone and `open_roster` + every row (the check included), and the
check's share of the read.
"""

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--rows", type=int, default=100_000)
    cli.add_argument("--inline", action="store_true", help="inline strings, no shared strings")
    args = cli.parse_args()

    from django.conf import settings

    settings.configure(PAYUNG_IMPORT_MAX_ROWS=max(args.rows, 1_000_000))
    from payung.imports.reading import open_roster
    from payung.imports.xlsx_scan import check_xlsx

    path = Path(tempfile.mkdtemp(prefix="payung-bench-xlsx-")) / "roster.xlsx"
    _write(path, args.rows, inline=args.inline)

    def read() -> None:
        for _ in open_roster(path).rows():
            pass

    check = _best(lambda: check_xlsx(path))
    whole = _best(read)
    kind = "inline strings" if args.inline else "shared strings"
    print(f"reading an .xlsx roster: {args.rows:,} rows, {kind}, {path.stat().st_size:,} bytes")
    print(f"  check (xlsx_scan)        {check:6.3f} s CPU")
    print(f"  open_roster + every row  {whole:6.3f} s CPU (check included)")
    print(f"  check / read without it  {check / (whole - check):6.1%}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10
    print(f"  peak memory (ru_maxrss)  {peak:,} MiB")


def _best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return min(times)


def _write(path: Path, rows: int, *, inline: bool) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    sheet = workbook.add_worksheet("Sheet1")
    dated = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "upah", "unit_kerja"])
    base = date(1975, 1, 1)
    for i in range(rows):
        born = base + timedelta(days=i // 9_999)
        sex = "P" if i % 2 else "L"
        day = born.day + (40 if sex == "P" else 0)
        sheet.write_string(i + 1, 0, f"747101{day:02d}{born:%m%y}{i % 9_999 + 1:04d}")
        sheet.write_string(i + 1, 1, f"Pekerja Sintetis {i}")
        sheet.write_datetime(i + 1, 2, born, dated)
        sheet.write_string(i + 1, 3, sex)
        sheet.write_number(i + 1, 4, 2_000_000 + (i % 500) * 1_000)
        sheet.write_string(i + 1, 5, "DAMKAR")
    workbook.close()


if __name__ == "__main__":
    main()
