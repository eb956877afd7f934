"""Faults: a worker process killed (SIGKILL) in the middle of an import or a sync batch, then run again, applies
every person exactly once; the database going away gives a clear page and writes nothing.

The crash tests run real processes (kinerja/core/gangguan.py) against a database of their own: a fresh SQLite file,
or a fresh PostgreSQL database when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kinerja.core import gangguan
from kinerja.integrasi.emulator.server import Emulator

ROOT = Path(settings.BASE_DIR)
N_IMPOR = 40
N_SINKRON = 12


def _base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", gangguan.ENV)}
    env["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def db_sendiri(tmp_path):
    """Environment of a fresh, migrated database used only by this test's processes."""
    env = _base_env()
    url = settings.DATABASES["default"]
    name = None
    if connection.vendor == "postgresql":
        import psycopg

        name = f"ekinerja_gangguan_{uuid.uuid4().hex[:10]}"
        dsn = dict(
            host=url["HOST"] or "127.0.0.1", port=url["PORT"] or 5432, user=url["USER"], dbname="postgres"
        )
        with psycopg.connect(**dsn, password=url.get("PASSWORD") or None, autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://{url['USER']}@{dsn['host']}:{dsn['port']}/{name}"
    else:
        env["SQLITE_PATH"] = str(tmp_path / "gangguan.sqlite3")
    _run(env, [sys.executable, "manage.py", "migrate", "-v0", "--noinput"])
    yield env
    if name:
        with psycopg.connect(**dsn, password=url.get("PASSWORD") or None, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env, args, *, expect=0, fault: str | None = None) -> str:
    if fault:
        env = {**env, gangguan.ENV: fault}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == expect, (args, done.returncode, done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


def _skenario(env, *args, **kw) -> str:
    return _run(env, [sys.executable, "-m", "tests.security.skenario_gangguan", *args], **kw)


def test_every_crash_point_is_placed_in_the_code():
    sources = "".join(p.read_text() for p in (ROOT / "kinerja").rglob("*.py") if p.name != "gangguan.py")
    for name in gangguan.TITIK:
        assert f'gangguan.titik("{name}")' in sources, name


def test_import_killed_before_commit_leaves_nothing_and_the_rerun_applies_each_row_once(db_sendiri, tmp_path):
    env = db_sendiri
    berkas = str(tmp_path / "pegawai.csv")
    _skenario(env, "siapkan-impor", berkas, str(N_IMPOR))
    impor = [
        sys.executable,
        "manage.py",
        "impor_berkas",
        berkas,
        "--instansi",
        "GANGGUAN",
        "--jenis",
        "pegawai",
    ]
    impor += ["--admin", "admin-gangguan"]

    _run(env, impor, expect=-signal.SIGKILL, fault="impor.sebelum_commit")
    assert json.loads(_skenario(env, "periksa-impor")) == {
        "pegawai": 0, "nip_unik": 0, "audit_impor": 0, "history_per_pegawai": []
    }  # fmt: skip

    out = _run(env, impor)
    assert f"{N_IMPOR} ditambahkan" in out
    again = _run(env, impor)  # the same file once more: nothing to do
    assert "Tidak ada perubahan" in again
    assert json.loads(_skenario(env, "periksa-impor")) == {
        "pegawai": N_IMPOR,
        "nip_unik": N_IMPOR,
        "audit_impor": 1,
        "history_per_pegawai": [1] * N_IMPOR,
    }


@pytest.fixture
def emulator_proses():
    emu = Emulator().start()
    yield emu
    emu.stop()


@pytest.mark.parametrize(
    "fault",
    [
        "sinkron.tengah_batch@2",  # killed inside the 2nd batch's transaction: batch 1 is kept, batch 2 rolled back
        "sinkron.setelah_batch@1",  # killed between batches: batch 1 committed, its log written
    ],
)
def test_sync_worker_killed_mid_job_then_resumed_applies_each_person_once(db_sendiri, emulator_proses, fault):
    env = {**db_sendiri, **emulator_proses.settings(), "INTEGRASI_BATCH": "5", "INTEGRASI_TIMEOUT": "5"}
    job = _skenario(env, "siapkan-sinkron", emulator_proses.url, str(N_SINKRON)).strip()
    lanjut = [sys.executable, "manage.py", "sinkron_lanjutkan", job]

    _run(env, lanjut, expect=-signal.SIGKILL, fault=fault)
    mati = json.loads(_skenario(env, "periksa-sinkron", job))
    assert mati["status"] == "BERJALAN"  # the page shows it running: its worker is gone
    assert mati["diproses"] == 5 and mati["nama_siasn"] == 5  # exactly the first batch, whole
    assert mati["log_per_pegawai"] == [0] * 7 + [1] * 5

    out = _run(env, lanjut)
    assert "7 pegawai tersisa" in out
    akhir = json.loads(_skenario(env, "periksa-sinkron", job))
    assert akhir["status"] == "SELESAI"
    assert akhir["diproses"] == akhir["berhasil"] == akhir["total"] == N_SINKRON
    assert akhir["nama_siasn"] == N_SINKRON
    assert akhir["log_per_pegawai"] == [1] * N_SINKRON
    assert akhir["audit_per_pegawai"] == [1] * N_SINKRON
    assert akhir["history_per_pegawai"] == [2] * N_SINKRON  # created + one sync change, never two

    _run(env, lanjut, expect=1)  # a finished job is not run again
