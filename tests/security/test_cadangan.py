"""Backups (docs/backup.md): `manage.py cadangan buat` then `cadangan pulihkan --ke` into an empty database gives
back every SKP, every rating and every audit event, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import Penilaian
from kinerja.penilaian.services import evaluasi
from kinerja.skp.models import Skp
from tests.penilaian.conftest import nilai_org, skp_org  # noqa: F401

QUERIES = {
    "skp": "SELECT id, pegawai_id, status, periode_awal FROM skp_skp ORDER BY id",
    "rating": (
        "SELECT id, rating_hasil_kerja, rating_perilaku, predikat FROM penilaian_penilaian ORDER BY id"
    ),
    "audit": "SELECT id, action, object_type, object_id FROM core_auditevent ORDER BY id",
}


def _rows(cursor) -> dict:
    out = {}
    for key, sql in QUERIES.items():
        cursor.execute(sql)
        out[key] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return out


@pytest.fixture
def data_dinilai(nilai_org):  # noqa: F811
    o = nilai_org
    for penilaian in (o.tw1, o.final):
        for aspek, rating in (("hasil_kerja", "DIATAS"), ("perilaku", "SESUAI")):
            evaluasi.rating_ubah(actor=o.kabid.user, penilaian=penilaian, aspek=aspek, rating=rating)
    return o


@pytest.fixture
def target_kosong(tmp_path):
    """An empty database to restore into: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield str(tmp_path / "pulih.sqlite3"), None
        return
    import psycopg

    name = f"ekinerja_pulih_{uuid.uuid4().hex[:10]}"
    s = connection.settings_dict
    dsn = dict(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None
    )
    with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    yield name, dsn
    with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_finds_every_skp_rating_and_audit_event(data_dinilai, target_kosong, tmp_path):
    berkas = str(tmp_path / "kinerja.cadangan")
    with connection.cursor() as cursor:
        asli = _rows(cursor)
    assert len(asli["skp"]) == Skp.objects.count() >= 3
    assert sum(1 for r in asli["rating"] if r[3]) == 2  # two assessments with a predikat
    assert len(asli["audit"]) == AuditEvent.objects.count() > 10

    call_command("cadangan", "buat", berkas)
    AuditEvent.objects.create(actor=None, action="setelah.cadangan", object_type="x", object_id="1")

    target, dsn = target_kosong
    call_command("cadangan", "pulihkan", berkas, "--ke", target)
    if dsn is None:
        restored = sqlite3.connect(target)
        try:
            pulih = _rows(restored.cursor())
        finally:
            restored.close()
    else:
        import psycopg

        with psycopg.connect(**dsn, dbname=target) as pg, pg.cursor() as cursor:
            pulih = _rows(cursor)
    assert pulih == asli  # every row as it was at the backup, and nothing written after it
    assert Penilaian.objects.filter(predikat__gt="").count() == 2


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_missing_file_is_refused_with_a_message(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("cadangan", "pulihkan", str(tmp_path / "tidak-ada"), "--ke", str(tmp_path / "x.sqlite3"))
