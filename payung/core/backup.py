"""Backup and restore: the database and the uploaded files in one archive, with a manifest.

The archive is a gzipped tar holding `manifest.json`, the database (`database.sqlite3`, a copy
made with SQLite's online backup API, or `database.pgdump`, `pg_dump`'s custom format) and
`media/`, the uploads (MEDIA_ROOT). The manifest names the engine, the migrations applied and
the row count of every table; a restore checks the database's digest before and the counts
after. It holds every NIK: it is written 0600 and must be kept like the server itself
(docs/security.md).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader

from .errors import DomainError, Refusal
from .files import PRIVATE_DIR, PRIVATE_FILE

FORMAT = "payung-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupRefused(DomainError):
    """A backup or restore was refused; nothing was changed."""


def _refuse(code: str, message_id: str, message_en: str) -> BackupRefused:
    return BackupRefused(Refusal(code, message_id, message_en))


@dataclass(frozen=True)
class Restored:
    """What a restore put back, and the migrations this code has that the backup lacks."""

    manifest: dict[str, Any]
    pending_migrations: list[str]


def _model_tables(existing: set[str]) -> list[str]:
    """The tables of the project's models (and their m2m tables) among `existing`."""
    models = apps.get_models(include_auto_created=True)
    return sorted({model._meta.db_table for model in models} & existing)


def _count_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations_in(cursor: Any) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows in each table of the project's models that exists in the database."""
    connection = connections[using]
    tables = _model_tables(set(connection.introspection.table_names()))
    with connection.cursor() as cursor:
        return _count_rows(cursor, tables, connection.ops.quote_name)


IGNORED_WHEN_EMPTY = {"django_migrations", "django_content_type", "auth_permission"}
"""Tables `migrate` fills by itself: rows there do not make a database hold data."""


def holds_data(using: str = "default") -> bool:
    """Whether the database holds anything beyond what `migrate` writes."""
    return any(
        count for table, count in table_counts(using).items() if table not in IGNORED_WHEN_EMPTY
    )


def _known_migrations(using: str = "default") -> set[tuple[str, str]]:
    return set(MigrationLoader(connections[using], load=True).disk_migrations)


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DUMPS:
        raise _refuse(
            "backup_engine_unsupported",
            f"Basis data {vendor} tidak didukung.",
            f"The {vendor} database is not supported.",
        )
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for the connection: the password never appears in a command line."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := (settings_dict.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run_tool(arguments: list[str], env: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; a missing tool or a failure is a refusal with its message."""
    if shutil.which(arguments[0]) is None:
        raise _refuse(
            "backup_tool_missing",
            f"{arguments[0]} tidak ditemukan: pasang klien PostgreSQL (postgresql-client).",
            f"{arguments[0]} not found: install the PostgreSQL client (postgresql-client).",
        )
    done = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:500]
        raise _refuse(
            "backup_tool_failed",
            f"{arguments[0]} gagal: {detail}",
            f"{arguments[0]} failed: {detail}",
        )


def _dump_database(engine: str, target: Path, using: str) -> dict[str, Any]:
    """Write the database to `target`; its migrations and row counts, read from the same
    snapshot the dump holds (a server may keep writing meanwhile)."""
    connection = connections[using]
    connection.ensure_connection()
    if engine == "sqlite":
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            reader = copy.cursor()
            reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = _model_tables({name for (name,) in reader.fetchall()})
            return {
                "migrations": _migrations_in(reader),
                "counts": _count_rows(reader, tables, connection.ops.quote_name),
            }
        finally:
            copy.close()
    tables = _model_tables(set(connection.introspection.table_names()))
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        facts = {
            "migrations": _migrations_in(cursor),
            "counts": _count_rows(cursor, tables, connection.ops.quote_name),
        }
        _run_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _postgres_env(connection.settings_dict),
        )
    return facts


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(path for path in root.rglob("*") if path.is_file())


def create_backup(target: Path, *, using: str = "default") -> dict[str, Any]:
    """Write the archive to `target` (which must not exist yet); return its manifest."""
    target = Path(target)
    if target.exists():
        raise _refuse(
            "backup_exists",
            f"Berkas {target} sudah ada; pilih nama lain.",
            f"{target} already exists; choose another name.",
        )
    engine = _engine(using)
    media_root = Path(settings.MEDIA_ROOT)
    with _private_folder(target.parent) as work:
        dump = work / DUMPS[engine]
        facts = _dump_database(engine, dump, using)
        files = list(_media_files(media_root))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": dump.name,
            "database_sha256": _sha256(dump),
            **facts,
            "media": {"files": len(files), "bytes": sum(f.stat().st_size for f in files)},
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = work / "archive.tar.gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        os.replace(partial, target)
    return manifest


@contextmanager
def _private_folder(near: Path) -> Iterator[Path]:
    """A 0700 scratch folder beside `near` (same file system: the archive is moved, not copied)."""
    folder = Path(tempfile.mkdtemp(prefix=".payung-backup-", dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_manifest(source: Path) -> dict[str, Any]:
    """The archive's manifest, refused when the file is not a Payung backup this code reads."""
    try:
        with tarfile.open(source, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            manifest: dict[str, Any] = json.load(member) if member else {}
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise _refuse(
            "backup_unreadable",
            f"{source} bukan arsip cadangan Payung yang dapat dibaca ({error}).",
            f"{source} is not a readable Payung backup ({error}).",
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise _refuse(
            "backup_unknown_format",
            f"{source} bukan arsip cadangan Payung versi {VERSION}.",
            f"{source} is not a version {VERSION} Payung backup.",
        )
    return manifest


def restore_backup(source: Path, *, force: bool = False, using: str = "default") -> Restored:
    """Replace the database and MEDIA_ROOT with the archive's.

    Refused when the database (or MEDIA_ROOT) already holds data, unless `force`; when the
    engines differ; when the backup has migrations this code does not know. A forced restore
    keeps the replaced uploads in `media.before-restore-<time>` beside MEDIA_ROOT.
    """
    source = Path(source)
    manifest = read_manifest(source)
    engine = _engine(using)
    if manifest["engine"] != engine:
        raise _refuse(
            "backup_engine_differs",
            f"Cadangan ini dari {manifest['engine']}, basis data ini {engine}.",
            f"This backup is from {manifest['engine']}, this database is {engine}.",
        )
    known = _known_migrations(using)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise _refuse(
            "backup_newer_than_code",
            f"Cadangan ini dari versi Payung yang lebih baru ({', '.join(unknown[:5])}).",
            f"This backup is from a newer Payung ({', '.join(unknown[:5])}).",
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force and (holds_data(using) or any(_media_files(media_root))):
        raise _refuse(
            "restore_target_not_empty",
            "Basis data atau folder unggahan sudah berisi data; gunakan --force untuk menimpa.",
            "The database or the uploads folder already holds data; use --force to replace it.",
        )
    with _private_folder(media_root.parent) as work:
        with tarfile.open(source, "r:*") as tar:
            tar.extractall(work, filter="data")
        dump = work / manifest["database"]
        if _sha256(dump) != manifest["database_sha256"]:
            raise _refuse(
                "backup_damaged",
                "Isi basis data dalam arsip tidak cocok dengan manifesnya (arsip rusak).",
                "The archive's database does not match its manifest (the archive is damaged).",
            )
        _load_database(engine, dump, using)
        ContentType.objects.clear_cache()  # the restored table may number them differently
        _replace_media(work / MEDIA, media_root)
    restored = table_counts(using)
    differs = {
        table: (count, restored.get(table))
        for table, count in manifest["counts"].items()
        if restored.get(table) != count
    }
    if differs:
        raise _refuse(
            "restore_counts_differ",
            f"Jumlah baris setelah pemulihan berbeda dari cadangan: {differs}",
            f"Row counts after the restore differ from the backup: {differs}",
        )
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    pending = sorted(f"{app}.{name}" for app, name in known - applied)
    return Restored(manifest=manifest, pending_migrations=pending)


def _load_database(engine: str, dump: Path, using: str) -> None:
    connection = connections[using]
    if engine == "sqlite":
        connection.ensure_connection()
        archived = sqlite3.connect(dump)
        try:
            archived.backup(connection.connection)
        finally:
            archived.close()
        return
    connection.close()
    _run_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        _postgres_env(connection.settings_dict),
    )


def _replace_media(extracted: Path, media_root: Path) -> None:
    """Put the archive's uploads in MEDIA_ROOT, private; keep what was there beside it."""
    if not extracted.exists():
        extracted.mkdir()
    for path in [extracted, *extracted.rglob("*")]:
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    if media_root.exists():
        if any(_media_files(media_root)):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
        else:
            shutil.rmtree(media_root)
    extracted.rename(media_root)
