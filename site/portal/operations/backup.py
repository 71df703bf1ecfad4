"""Backup and restore of everything the portal holds: the database (PostgreSQL with pg_dump's custom format,
SQLite with its online backup API), public media (MEDIA_ROOT) and private files (PRIVATE_MEDIA_ROOT), in one
tarball with a manifest of row counts per table, which the restore checks against what it restored.

Commands: `manage.py backup` and `manage.py restore` (make backup / make restore)."""

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
DUMP_NAMES = {POSTGRES: "database.dump", SQLITE: "database.sqlite3"}
FILE_TREES = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def _pg_args(db):
    """pg_dump/pg_restore connection options and environment for a Django database settings dict."""
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args, env=None):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")


def table_counts(cursor, tables):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from the database's own catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump(db, folder):
    """The database into folder/<dump name>; returns (path, rows per table of exactly what was dumped)."""
    target = Path(folder) / DUMP_NAMES[db["ENGINE"]]
    if db["ENGINE"] == POSTGRES:
        # Count inside the snapshot pg_dump reads, so the manifest matches the dump even while people write.
        with _pg_connect(db, autocommit=False) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            counts = table_counts(conn.cursor(), tables)
            args, env = _pg_args(db)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "--file", str(target), *args], env)
            conn.rollback()
        return target, counts
    connection.ensure_connection()  # the live connection: works for files and in-memory test databases alike
    destination = sqlite3.connect(target)
    with destination:
        connection.connection.backup(destination)  # one consistent copy
    destination.close()
    return target, counts_of({"ENGINE": SQLITE, "NAME": str(target)})


def create_backup(output=None):
    """Write the tarball; returns (path, manifest). Readable by its owner only: it holds personal data."""
    db = connection.settings_dict
    if db["ENGINE"] not in DUMP_NAMES:
        raise BackupError(f"unsupported database engine {db['ENGINE']}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    output = Path(output or Path(settings.VAR_DIR) / "backups" / f"khoinghiep-{stamp}.tar.gz")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        dump, counts = _dump(db, folder)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": db["ENGINE"].rsplit(".", 1)[-1],
            "tables": counts,
        }
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for arcname, setting in FILE_TREES.items():
                root = Path(getattr(settings, setting))
                if root.is_dir():
                    tar.add(root, arcname=arcname)
    return output, manifest


def _safe_members(tar, prefix):
    for member in tar.getmembers():
        name = member.name
        if not (name == prefix or name.startswith(prefix + "/")):
            continue
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"refusing suspicious entry {name!r} in the backup")
        yield member


def _extract_tree(tar, prefix, destination):
    """Files under prefix/ into destination (merged with what is there); returns how many files."""
    destination = Path(destination)
    count = 0
    for member in _safe_members(tar, prefix):
        relative = Path(member.name).relative_to(prefix)
        target = destination / relative
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, open(target, "wb") as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)
        count += 1
    return count


def database_settings(url=None):
    """Django-style settings for URL, or the configured default database."""
    return dj_database_url.parse(url) if url else dict(connection.settings_dict)


def _tables_of(db):
    if db["ENGINE"] == POSTGRES:
        with _pg_connect(db) as conn:
            rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return [row[0] for row in rows]
    if not Path(db["NAME"]).exists():
        return []
    with sqlite3.connect(db["NAME"]) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return [row[0] for row in rows]


def _pg_connect(db, dbname=None, autocommit=True):
    import psycopg

    return psycopg.connect(host=db.get("HOST") or None, port=db.get("PORT") or None, user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None, dbname=dbname or db["NAME"], autocommit=autocommit)


def _ensure_pg_database(db):
    from psycopg import sql

    with _pg_connect(db, dbname="postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def counts_of(db):
    """Rows per table of the database `db` (a settings dict), through its own connection."""
    tables = _tables_of(db)
    if db["ENGINE"] == POSTGRES:
        with _pg_connect(db) as conn, conn.cursor() as cursor:
            return table_counts(cursor, tables)
    with sqlite3.connect(db["NAME"]) as conn:
        return table_counts(conn.cursor(), tables)


def restore_backup(path, database_url=None, files=True):
    """Restore the tarball into an EMPTY database (the configured one, or database_url) and the file roots.
    Returns the manifest; raises BackupError when the database is not empty or the counts differ afterwards."""
    db = database_settings(database_url)
    with tarfile.open(path, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        engine = f"django.db.backends.{manifest['engine']}"
        if engine != db["ENGINE"]:
            raise BackupError(f"the backup is of {manifest['engine']}, the target database is {db['ENGINE']}")
        if db["ENGINE"] == POSTGRES:
            _ensure_pg_database(db)
        # The configured database is asked through Django's connection (it may be an in-memory test database).
        if connection.introspection.table_names() if database_url is None else _tables_of(db):
            raise BackupError(f"the database {db['NAME']} is not empty: restore into a new, empty database")
        if engine == SQLITE and (str(db["NAME"]).startswith("file:") or db["NAME"] == ":memory:"):
            raise BackupError("cannot restore into an in-memory SQLite database")
        with tempfile.TemporaryDirectory() as folder:
            dump_name = DUMP_NAMES[engine]
            dump = Path(folder) / dump_name
            with tar.extractfile(dump_name) as source, open(dump, "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            if engine == POSTGRES:
                args, env = _pg_args(db)
                _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                      *args, str(dump)], env)
            else:
                Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
                source, destination = sqlite3.connect(dump), sqlite3.connect(db["NAME"])
                with destination:
                    source.backup(destination)
                source.close()
                destination.close()
        if files:
            manifest["files"] = {
                arcname: _extract_tree(tar, arcname, getattr(settings, setting))
                for arcname, setting in FILE_TREES.items()
            }
    restored = counts_of(db)
    if restored != manifest["tables"]:
        differing = sorted(t for t in set(restored) | set(manifest["tables"])
                           if restored.get(t) != manifest["tables"].get(t))
        raise BackupError("restored row counts differ from the backup's: " + ", ".join(differing))
    return manifest
