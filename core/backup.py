"""Database backup and restore: pg_dump/pg_restore for PostgreSQL, SQLite's online backup API.

Used by `manage.py backup_db` and `manage.py restore_db` (docs/security.md, "Backup and
restore"). Passwords go to pg_dump/pg_restore through PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.utils import timezone


class BackupError(RuntimeError):
    pass


def database_settings(url: str | None = None) -> dict:
    """The Django settings dict of `url`, or of the configured default database."""
    if url:
        return dj_database_url.parse(url)
    return settings.DATABASES["default"]


def is_postgres(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def default_path(db: dict) -> Path:
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():  # backups never end up in git
        ignore.write_text("*\n")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = Path(str(db["NAME"])).stem
    return folder / f"{name}-{stamp}.{'dump' if is_postgres(db) else 'sqlite3'}"


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def backup(path: Path | None = None, *, url: str | None = None) -> Path:
    """Dump the whole database to `path` (pg_dump custom format, or a SQLite file)."""
    db = database_settings(url)
    path = Path(path) if path else default_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                *args,
            ],
            env,
        )
    elif "sqlite" in db["ENGINE"]:
        with sqlite3.connect(str(db["NAME"])) as source, sqlite3.connect(str(path)) as target:
            source.backup(target)
    else:
        raise BackupError(f"Cannot back up a {db['ENGINE']} database.")
    path.chmod(0o600)
    return path


def restore(path: Path, *, url: str | None = None) -> None:
    """Restore `path` into the database (the configured one, or `url`), replacing its tables.

    PostgreSQL: pg_restore --clean --if-exists in one transaction, stopping at the first error,
    so a failed restore leaves the database as it was.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    db = database_settings(url)
    if is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],
            env,
        )
    elif "sqlite" in db["ENGINE"]:
        with sqlite3.connect(str(path)) as source, sqlite3.connect(str(db["NAME"])) as target:
            source.backup(target)
    else:
        raise BackupError(f"Cannot restore into a {db['ENGINE']} database.")
