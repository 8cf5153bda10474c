"""backup_db then restore_db into a new empty PostgreSQL database keeps every row of every table.

Runs only when DATABASE_URL points at PostgreSQL (CI step 2); the SQLite round trip always runs.
"""

import os
import sqlite3
from io import StringIO

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _connect(db: dict, name: str):
    conn = psycopg2.connect(
        dbname=name,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
    )
    conn.autocommit = True
    return conn


def _row_counts(db: dict, name: str) -> dict[str, int]:
    conn = _connect(db, name)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            tables = sorted(row[0] for row in cursor.fetchall())
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL")
@pytest.mark.django_db
def test_backup_restores_into_a_new_database_with_every_row(tmp_path):
    db = connection.settings_dict
    target = f"{db['NAME']}_restore_{os.getpid()}"
    admin = _connect(db, "postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE template0')
    try:
        dump = tmp_path / "cbo.dump"
        out = StringIO()
        call_command("backup_db", output=str(dump), stdout=out)
        assert dump.stat().st_size > 0 and "Backed up to" in out.getvalue()
        assert oct(dump.stat().st_mode & 0o777) == "0o600"
        assert _row_counts(db, target) == {}  # the new database is empty

        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = (
            f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{target}"
        )
        call_command("restore_db", str(dump), database_url=url, yes=True, stdout=StringIO())

        source, restored = _row_counts(db, db["NAME"]), _row_counts(db, target)
        app_tables = [
            t
            for t in source
            if t.split("_")[0] in {"core", "outcomes", "strategies", "indicators", "scrutiny"}
        ]
        assert len(app_tables) >= 20
        assert source["indicators_indicator"] > 0 and source["auth_group"] > 0
        assert restored == source
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()


def test_sqlite_backup_and_restore_round_trip(tmp_path, settings):
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(50)])
    url = f"sqlite:///{source}"
    copy = tmp_path / "copy.sqlite3"
    call_command("backup_db", output=str(copy), database_url=url, stdout=StringIO())
    with sqlite3.connect(source) as conn:
        conn.execute("DELETE FROM t")
    call_command("restore_db", str(copy), database_url=url, yes=True, stdout=StringIO())
    with sqlite3.connect(source) as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 50


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command(
            "restore_db",
            str(tmp_path / "nope.dump"),
            yes=True,
            database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        )


def test_backup_defaults_to_a_git_ignored_folder(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "backups"
    source = tmp_path / "live.sqlite3"
    sqlite3.connect(source).close()
    out = StringIO()
    call_command("backup_db", database_url=f"sqlite:///{source}", stdout=out)
    written = list((tmp_path / "backups").glob("live-*.sqlite3"))
    assert len(written) == 1 and str(written[0]) in out.getvalue()
    assert (tmp_path / "backups" / ".gitignore").read_text() == "*\n"
