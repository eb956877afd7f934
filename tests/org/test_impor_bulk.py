"""The batched write path of the import (kinerja/org/services/impor_bulk.py and friends), on SQLite and on
PostgreSQL (COPY, UPDATE … FROM unnest): constant statements, and the same rows, history and audit as before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.import_ratio import JABATAN, pegawai_row
from kinerja.core import audit
from kinerja.core.models import AuditEvent
from kinerja.org import tree
from kinerja.org.models import Jabatan, Pegawai, UnitKerja, User
from kinerja.org.services import impor_catat
from kinerja.org.services.impor_bulk import any_of, unusable_passwords
from kinerja.org.services.impor_pegawai import PEGAWAI_FIELDS
from kinerja.org.services.impor_unit import UNIT_FIELDS
from tests.factories import PegawaiFactory, UnitKerjaFactory

from .test_import import csv_file, peg, pegawai_rows, run, unit_rows

KOLOM = list(pegawai_rows(peg("x", 1))[0])


def rows_for(units, start, n, **over):
    """`n` valid employee rows (bench generator) in `units`, numbers `start`…, with `over` applied."""
    result = []
    for i in range(start, start + n):
        row = dict(zip(KOLOM, pegawai_row(i, units[i % len(units)].id_unor), strict=True))
        row.update({k: (v(i) if callable(v) else v) for k, v in over.items()})
        result.append(row)
    return result


def import_rows(org, rows, **kw):
    return run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(*rows)), **kw)


def count_queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


# ---- constant statements -------------------------------------------------------------------------


def test_new_and_changed_employees_take_the_same_queries_for_200_and_2000_rows(org):
    for nama, jenis, jenjang in JABATAN:  # both files then find every position known
        Jabatan.objects.create(nama=nama, jenis=jenis, jenjang=jenjang)
    units = [org.bidang, org.subbidang]
    small, big = rows_for(units, 0, 200), rows_for(units, 1000, 2000)
    added = [count_queries(lambda r=r: import_rows(org, r)) for r in (small, big)]
    assert Pegawai.objects.filter(instansi=org.instansi).count() == 5 + 2200
    assert added[0] == added[1]

    def renamed(rows):
        return [{**r, "nama": r["nama"] + " BARU", "id_unor": org.root.id_unor} for r in rows]

    changed = [count_queries(lambda r=r: import_rows(org, renamed(r))) for r in (small, big)]
    assert changed[0] == changed[1]
    assert Pegawai.objects.filter(unit_kerja=org.root, nama__endswith=" BARU").count() == 2200
    assert AuditEvent.objects.filter(action="impor.pegawai_update").count() == 2200


def test_units_take_the_same_queries_for_20_and_200_rows(org):
    def tree_rows(prefix, n):  # a chain of dinas under root, each with a bidang, parents after children
        rows = []
        for i in range(n // 2):
            rows.append([f"{prefix}-B{i}", f"BIDANG {prefix} {i}", "32", f"{prefix}-D{i}", ""])
            rows.append([f"{prefix}-D{i}", f"DINAS {prefix} {i}", "22", org.root.id_unor, "JPT"])
        return rows

    counts = [
        count_queries(
            lambda p=p, n=n: run(org.admin, org.instansi, "unit", csv_file(*unit_rows(*tree_rows(p, n))))
        )
        for p, n in (("K", 20), ("B", 200))
    ]
    assert counts[0] == counts[1]
    assert UnitKerja.objects.filter(instansi=org.instansi).count() == 4 + 220
    assert tree.rebuild_paths(org.instansi.pk) == 0  # every path and depth written right


# ---- what is written -----------------------------------------------------------------------------


def test_new_employees_rows_history_and_audit_are_what_save_and_audit_record_write(org):
    rows = rows_for([org.bidang, org.subbidang], 0, 30, nomor_kartu_asn=lambda i: f"KA{i}")
    hasil = import_rows(org, rows)
    assert (hasil.ditambahkan, hasil.ditolak) == (30, 0), hasil.masalah[:3]
    fields = ["nip", *PEGAWAI_FIELDS, "user"]
    for row in rows:
        p = Pegawai.objects.select_related("user").get(nip=row["nip"])
        assert p.instansi == org.instansi and p.aktif and p.jenis_pegawai == "PEGAWAI"
        assert p.tanggal_lahir == datetime.date.fromisoformat(row["tanggal_lahir"])
        assert p.user.username == p.nip and p.user.peran == "PEGAWAI" and p.user.is_active
        assert not p.user.has_usable_password() and p.user.instansi_id is None
        event = AuditEvent.objects.get(action="impor.pegawai_create", object_id=str(p.pk))
        assert event.after == audit.snapshot(p, fields) and event.before is None
        assert event.object_type == "org.Pegawai" and event.object_label == str(p)[:300]
        assert (
            event.actor == org.admin and event.actor_label == "admin-uji" and event.instansi == org.instansi
        )
        (h,) = p.history.all()
        assert h.history_type == "+" and h.history_user == org.admin
        assert (h.nip, h.nama, h.unit_kerja_id, h.user_id) == (p.nip, p.nama, p.unit_kerja_id, p.user_id)


def test_changed_employees_in_bulk_keep_untouched_fields_and_record_only_changes(org):
    staf = org.staf
    login = staf.user
    staf.aktif, staf.diperbantukan_di, staf.user = False, "Dinas Lain", None
    staf.save()
    login.delete()  # an employee without a login gets a new one
    kabid = org.kabid  # a leader moved to another unit becomes a plain Pegawai
    same = {f: getattr(p, f) for p in [staf] for f in ("nama", "gelar_belakang", "tempat_lahir", "golongan")}
    dates = {f: getattr(staf, f).isoformat() for f in ("tanggal_lahir", "tmt_cpns", "tmt_pns")}
    jab = {"jabatan": staf.jabatan.nama, "jenjang": staf.jabatan.jenjang, "jenis_jabatan": staf.jabatan.jenis}
    row_staf = peg(
        org.bidang.id_unor, 0, nip=staf.nip, **same, **dates, **jab, tmt_jabatan="", tmt_golongan=""
    )
    row_staf.update(gelar_depan="Dr.", jenis_kelamin=staf.jenis_kelamin, jenis_asn=staf.jenis_asn)
    k = {f: getattr(kabid, f) for f in ("nip", "nama", "gelar_belakang", "tempat_lahir", "golongan")}
    kdates = {f: getattr(kabid, f).isoformat() for f in ("tanggal_lahir", "tmt_cpns", "tmt_pns")}
    kjab = {
        "jabatan": kabid.jabatan.nama,
        "jenjang": kabid.jabatan.jenjang,
        "jenis_jabatan": kabid.jabatan.jenis,
    }
    row_kabid = peg(org.subbidang.id_unor, 0, **k, **kdates, **kjab, tmt_jabatan="", tmt_golongan="")
    hasil = import_rows(org, [row_staf, row_kabid])
    assert (hasil.ditambahkan, hasil.diubah, hasil.ditolak) == (0, 2, 0), hasil.masalah
    staf.refresh_from_db()
    kabid.refresh_from_db()
    assert staf.gelar_depan == "Dr." and not staf.aktif and staf.diperbantukan_di == "Dinas Lain"
    assert staf.user.username == staf.nip and not staf.user.has_usable_password()
    e = AuditEvent.objects.get(action="impor.pegawai_update", object_id=str(staf.pk))
    assert e.before == {"gelar_depan": "", "user": None}
    assert e.after == {"gelar_depan": "Dr.", "user": staf.user_id}
    assert kabid.unit_kerja == org.subbidang and kabid.jenis_pegawai == "PEGAWAI"
    e = AuditEvent.objects.get(action="impor.pegawai_update", object_id=str(kabid.pk))
    assert e.before == {"unit_kerja": org.bidang.pk, "jenis_pegawai": "PIMPINAN"}
    assert e.after == {"unit_kerja": org.subbidang.pk, "jenis_pegawai": "PEGAWAI"}
    latest = staf.history.first()
    assert latest.history_type == "~" and latest.gelar_depan == "Dr." and latest.history_user == org.admin
    assert latest.aktif is False and latest.user_id == staf.user_id
    assert AuditEvent.objects.filter(action="impor.pegawai_update").count() == 2


def test_new_positions_are_created_once_with_their_audit(org):
    rows = rows_for(
        [org.bidang], 0, 6, jabatan="Pranata Impor", jenis_jabatan="JF", jenjang=lambda i: f"J{i % 2}"
    )
    assert import_rows(org, rows).ditambahkan == 6
    created = Jabatan.objects.filter(nama="Pranata Impor").order_by("jenjang")
    assert [(j.jenjang, j.jenis) for j in created] == [("J0", "JF"), ("J1", "JF")]
    events = AuditEvent.objects.filter(action="impor.jabatan_create")
    assert {e.object_id for e in events} == {str(j.pk) for j in created}
    assert {e.object_label for e in events} == {str(j) for j in created}
    assert all(
        p.jabatan.nama == "Pranata Impor" for p in Pegawai.objects.filter(nip__in=[r["nip"] for r in rows])
    )


def test_unit_move_rewrites_the_whole_subtree_and_records_only_saved_units(org):
    deep = UnitKerjaFactory(instansi=org.instansi, parent=org.subbidang, nama="SEKSI DALAM")
    deeper = UnitKerjaFactory(instansi=org.instansi, parent=deep, nama="SUBSEKSI DALAM")
    berkas = csv_file(
        *unit_rows(
            ["U-ANAK", "ANAK BARU", "42", "U-INDUK", ""],  # parent further down the file
            [org.bidang.id_unor, "BIDANG UJI", "32", org.root.id_unor, ""],  # moved under root
            ["U-INDUK", "INDUK BARU", "32", deep.id_unor, ""],  # new, under a unit that moves along
            [org.subbidang.id_unor, "SUBBIDANG UJI", "42", org.bidang.id_unor, ""],  # unchanged
        )
    )
    hasil = run(org.admin, org.instansi, "unit", berkas)
    assert (hasil.ditambahkan, hasil.diubah, hasil.tidak_berubah) == (2, 1, 1)
    assert tree.rebuild_paths(org.instansi.pk) == 0
    deeper.refresh_from_db()
    r, b, s, d = org.root.pk, org.bidang.pk, org.subbidang.pk, deep.pk
    assert deeper.path == f"/{r}/{b}/{s}/{d}/{deeper.pk}/" and deeper.depth == 4
    anak = UnitKerja.objects.get(id_unor="U-ANAK")
    induk = UnitKerja.objects.get(id_unor="U-INDUK")
    assert anak.path == f"/{r}/{b}/{s}/{d}/{induk.pk}/{anak.pk}/" and anak.depth == 5
    assert induk.instansi == org.instansi and induk.aktif and induk.jenis_induk == ""
    create = AuditEvent.objects.get(action="impor.unit_create", object_id=str(anak.pk))
    assert (
        create.after == audit.snapshot(anak, ["id_unor", *UNIT_FIELDS]) and create.object_label == "ANAK BARU"
    )
    update = AuditEvent.objects.get(action="impor.unit_update")
    assert update.before == {"parent": org.badan.pk} and update.after == {"parent": r}
    assert [h.history_type for h in anak.history.all()] == ["+"] and anak.history.get().path == anak.path
    org.bidang.refresh_from_db()
    assert (
        org.bidang.history.first().history_type == "~" and org.bidang.history.first().path == org.bidang.path
    )
    assert deep.history.count() == deeper.history.count() == 1  # path rewrite only: no history, no audit
    assert not AuditEvent.objects.filter(object_id__in=[str(deep.pk), str(deeper.pk)]).exists()


def test_an_error_while_writing_leaves_nothing_behind(org, monkeypatch):
    def boom(self):
        raise RuntimeError("gangguan")

    monkeypatch.setattr(impor_catat.Catatan, "write", boom)
    rows = rows_for([org.bidang], 0, 5)
    with pytest.raises(RuntimeError):
        import_rows(org, rows)
    assert not Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).exists()
    assert not User.objects.filter(username__in=[r["nip"] for r in rows]).exists()
    assert not AuditEvent.objects.exists()


def test_reimport_of_created_rows_changes_nothing(org):
    rows = rows_for([org.bidang, org.subbidang], 0, 50)
    import_rows(org, rows)
    jumlah = AuditEvent.objects.count(), Pegawai.history.count()
    again = import_rows(org, rows)
    assert (again.ditambahkan, again.diubah, again.tidak_berubah) == (0, 0, 50)
    assert (AuditEvent.objects.count(), Pegawai.history.count()) == jumlah


# ---- helpers -------------------------------------------------------------------------------------


def test_any_of_matches_exact_values_only(org):
    nip = org.staf.nip
    assert list(Pegawai.objects.filter(any_of(Pegawai, "nip", [nip, "x"])).values_list("nip", flat=True)) == [
        nip
    ]
    assert not Pegawai.objects.filter(any_of(Pegawai, "nip", [nip + "9"])).exists()  # never cut to 18


def test_unusable_passwords_look_like_set_unusable_password():
    values = unusable_passwords(1000)
    assert len(set(values)) == 1000
    assert all(v.startswith("!") and len(v) == 41 and "=" not in v for v in values)
    user = User(username="x")
    user.password = values[0]
    assert not user.has_usable_password()


def test_existing_employee_in_another_unit_of_the_file_is_moved_in_bulk(org):
    p = PegawaiFactory(unit_kerja=org.bidang, jabatan=None, tmt_pns=None, jenis_asn="PPPK", golongan="")
    row = peg(org.subbidang.id_unor, 0, nip=p.nip, nama=p.nama, tanggal_lahir=p.tanggal_lahir.isoformat(),
              jenis_kelamin=p.jenis_kelamin, jenis_asn="PPPK", tmt_cpns=p.tmt_cpns.isoformat(), tmt_pns="",
              jabatan="", jenis_jabatan="", jenjang="", tmt_jabatan="", golongan="", tmt_golongan="",
              gelar_belakang="", tempat_lahir="")  # fmt: skip
    hasil = import_rows(org, [row])
    assert hasil.diubah == 1, hasil.masalah
    p.refresh_from_db()
    assert p.unit_kerja == org.subbidang and p.tmt_pns is None and p.jabatan is None


def test_postgresql_writes_by_copy_and_one_update(org):
    rows = rows_for([org.bidang], 0, 20)
    import_rows(org, rows)
    with CaptureQueriesContext(connection) as ctx:
        import_rows(org, [{**r, "gelar_depan": "Ir."} for r in rows] + rows_for([org.bidang], 100, 5))
    sql = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "postgresql":
        assert sum(s.startswith("COPY ") for s in sql) == 4  # logins, pegawai, history, audit events
        assert sum(s.startswith('UPDATE "org_pegawai"') and "unnest(" in s for s in sql) == 1
    else:
        assert not any(s.startswith("COPY ") for s in sql)
    assert Pegawai.objects.filter(gelar_depan="Ir.").count() == 20
