"""Back up the database to one file, and restore such a file (docs/backup.md).

    manage.py cadangan buat BERKAS                 # while the service runs
    manage.py cadangan pulihkan BERKAS [--ke T]    # T: another SQLite file / PostgreSQL database; default: ours

SQLite: SQLite's online backup API (the same as `sqlite3 db.sqlite3 ".backup BERKAS"`): a consistent copy while
the server writes (WAL). PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, the service keeps running)
and `pg_restore --clean --if-exists --single-transaction` (all or nothing). Restoring over our own database is
done with the service stopped.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _pg_env(settings: dict, dbname: str | None = None) -> tuple[list[str], dict]:
    args = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return [*args, "-d", dbname or settings["NAME"]], env


def _run(cmd: list[str], env: dict) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{cmd[0]} gagal (kode {done.returncode}): {done.stderr.strip()[-2000:]}")


class Command(BaseCommand):
    help = "Buat cadangan basis data ke satu berkas, atau pulihkan dari berkas cadangan."

    def add_arguments(self, parser):
        parser.add_argument("aksi", choices=["buat", "pulihkan"])
        parser.add_argument("berkas")
        parser.add_argument(
            "--ke",
            default="",
            help="pulihkan ke berkas SQLite / basis data PostgreSQL lain (harus sudah ada)",
        )

    def handle(self, *args, aksi, berkas, ke, **options):
        vendor = connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Basis data {vendor} tidak didukung.")
        if aksi == "pulihkan" and not os.path.isfile(berkas):
            raise CommandError(f"Berkas cadangan {berkas} tidak ada.")
        getattr(self, f"_{aksi}_{vendor}")(berkas, ke)
        self.stdout.write(f"Cadangan {'dibuat' if aksi == 'buat' else 'dipulihkan'}: {berkas}")

    def _buat_sqlite(self, berkas: str, ke: str) -> None:
        connection.ensure_connection()
        target = sqlite3.connect(berkas)
        try:
            connection.connection.backup(target)  # works for the file and for an in-memory (test) database
        finally:
            target.close()

    def _pulihkan_sqlite(self, berkas: str, ke: str) -> None:
        source = sqlite3.connect(f"file:{berkas}?mode=ro", uri=True)
        try:
            if ke:
                target = sqlite3.connect(ke)
                try:
                    source.backup(target)
                finally:
                    target.close()
            else:
                connection.ensure_connection()
                source.backup(connection.connection)
        finally:
            source.close()

    def _buat_postgresql(self, berkas: str, ke: str) -> None:
        args, env = _pg_env(connection.settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", berkas, *args], env)

    def _pulihkan_postgresql(self, berkas: str, ke: str) -> None:
        args, env = _pg_env(connection.settings_dict, ke or None)
        restore = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
        ]
        _run([*restore, *args, berkas], env)
