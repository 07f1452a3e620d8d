"""The move of the wage from the worker to the employers that report it keeps today's values.

Migrations run for real, in a child process on a throwaway SQLite file: the schema before the
move, a worker with a wage employed by two governments, then the migrations after it.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _payung(data_dir: Path, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
        "PAYUNG_DATA_DIR": str(data_dir),
    }
    subprocess.run(
        [sys.executable, "-m", "payung.cli", *args], env=env, check=True, capture_output=True
    )


def test_each_employer_of_a_worker_reports_the_wage_the_worker_had(tmp_path: Path) -> None:
    _payung(tmp_path, "migrate", "workers", "0002", "--no-input")
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    db.executescript(
        """
        INSERT INTO regions_region (code, parent_id, level, name) VALUES
            ('74', NULL, 'province', 'Sulawesi Tenggara'),
            ('74.71', '74', 'city', 'Kota Kendari');
        INSERT INTO employers_employer (id, kind, region_id, name, npp, risk_class, is_synthetic)
        VALUES (1, 'provincial_government', '74', 'Pemprov', '74000001', 'very_low', 0),
               (2, 'city_government', '74.71', 'Pemkot', '74710001', 'very_low', 0);
        INSERT INTO workers_worker (id, nik, name, birth_date, sex, category, wage, is_synthetic)
        VALUES (1, '7471011705900001', 'A', '1990-05-17', 'L', 'non_asn', 2500000, 0),
               (2, '7471011705900002', 'B', '1990-05-17', 'L', 'non_asn', NULL, 0);
        INSERT INTO workers_employment (worker_id, employer_id, unit_id, start_date, end_date)
        VALUES (1, 1, NULL, '2018-02-05', '2019-12-31'),
               (1, 1, NULL, '2020-01-01', NULL),
               (1, 2, NULL, '2021-07-01', NULL),
               (2, 2, NULL, '2018-01-01', NULL);
        """
    )
    db.commit()
    _payung(tmp_path, "migrate", "--no-input")
    wages = db.execute(
        "SELECT employer_id, worker_id, start_date, amount FROM workers_wage ORDER BY employer_id"
    ).fetchall()
    assert wages == [(1, 1, "2018-02-05", 2500000), (2, 1, "2021-07-01", 2500000)]
    history = db.execute("SELECT history_type, amount FROM workers_historicalwage").fetchall()
    assert history == [("+", 2500000), ("+", 2500000)]
    columns = {row[1] for row in db.execute("PRAGMA table_info(workers_worker)")}
    assert "wage" not in columns
