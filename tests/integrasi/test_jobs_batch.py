"""Batch paths of the two bulk SIASN jobs (Sinkro Profil, Kirim ke SIASN): the same outcomes as one person at a
time, exactly once across a network error in the middle of a batch and its retries, and a constant number of
queries per batch."""

from collections import Counter

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kinerja.core.models import AuditEvent
from kinerja.integrasi import jobs
from kinerja.integrasi.clients import NetworkError
from kinerja.integrasi.clients.siasn import SiasnClient
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JobSinkronisasi, KirimSiasn, LogSinkronisasi
from kinerja.integrasi.services import kirim
from kinerja.org.models import Jabatan, Pegawai
from kinerja.penilaian.models import Penilaian
from kinerja.skp.models import Skp
from tests.factories import PegawaiFactory
from tests.penilaian.conftest import YEAR, nilai_org, skp_org  # noqa: F401

from .test_kirim_siasn import rate

PESAN_UNOR = "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja"
PEGAWAI_FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "nomor_kartu_asn",
    "jenis_asn", "tmt_cpns", "tmt_pns", "jabatan__nama", "jabatan__jenjang", "jabatan__jenis", "tmt_jabatan",
    "golongan", "tmt_golongan", "unit_kerja_id", "jenis_pegawai", "siasn_id",
]  # fmt: skip


def _job(o, jenis: str, people, tahun=None) -> JobSinkronisasi:
    ids = [p.pk for p in people]
    return JobSinkronisasi.objects.create(
        instansi=o.instansi, jenis=jenis, tahun=tahun, pegawai_ids=ids, total=len(ids), dimulai_oleh=o.admin
    )


def _audit_mark() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def _jabatan_names(value):
    """Audit values with jabatan ids replaced by the jabatan's name (ids differ between two runs)."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    if out.get("jabatan"):
        out["jabatan"] = str(Jabatan.objects.get(pk=out["jabatan"]))
    return out


def _outcomes(job: JobSinkronisasi, mark: int) -> dict:
    """What a job did, comparable between two runs of the same data (no ids of new rows)."""
    job.refresh_from_db()
    logs = [
        (
            r.pegawai_id,
            r.nip,
            r.nama,
            r.status,
            r.tahun,
            r.keterangan,
            r.catatan,
            r.perbaikan,
            r.hasil,
            r.terkini,
        )
        for r in LogSinkronisasi.objects.filter(job=job).order_by("pegawai_id")
    ]
    events = sorted(
        (
            e.action,
            e.object_type,
            e.object_label,
            e.instansi_id,
            e.actor_id,
            repr(_jabatan_names(e.before)),
            repr(_jabatan_names(e.after)),
        )
        for e in AuditEvent.objects.filter(pk__gt=mark)
    )
    return {
        "logs": logs,
        "audit": events,
        "pegawai": list(
            Pegawai.objects.filter(pk__in=job.pegawai_ids).order_by("pk").values(*PEGAWAI_FIELDS)
        ),
        "history": Counter(Pegawai.history.filter(id__in=job.pegawai_ids).values_list("id", flat=True)),
        "jabatan": sorted(map(str, Jabatan.objects.all())),
        "kirim": sorted(
            KirimSiasn.objects.filter(pegawai_id__in=job.pegawai_ids).values_list(
                "pegawai_id", "tahun", "penilaian_id", "payload_hash", "predikat"
            )
        ),
        "terkini": sorted(
            LogSinkronisasi.objects.filter(pegawai_id__in=job.pegawai_ids, terkini=True).values_list(
                "pegawai_id", "jenis"
            )
        ),
        "counters": (job.status, job.total, job.diproses, job.berhasil, job.gagal),
    }


def _per_person_then_batch(o, emulator, monkeypatch, jenis, people, tahun=None):
    """Run the job one person at a time (SYNC_FUNCS; rolled back), then as one batch: both outcomes."""
    with transaction.atomic():
        monkeypatch.setattr(jobs, "SYNC_BATCH_FUNCS", {})
        mark = _audit_mark()
        job = _job(o, jenis, people, tahun)
        jobs.run(job.pk)
        per_person = _outcomes(job, mark)
        per_person["calls"] = sorted(c[1] for c in emulator.calls("/apisiasn/"))
        transaction.set_rollback(True)
    monkeypatch.undo()
    emulator.load()  # SIASN as it was (Kirim ke SIASN wrote riwayat there); its tokens are new
    SiasnClient.forget_tokens()
    mark = _audit_mark()
    job = _job(o, jenis, people, tahun)
    jobs.run(job.pk)
    batch = _outcomes(job, mark)
    batch["calls"] = sorted(c[1] for c in emulator.calls("/apisiasn/"))
    return per_person, batch


# --- Sinkro Profil SIASN ---------------------------------------------------------------------------------------


def _profil_orang(o, emulator, n: int, tag: str) -> list[Pegawai]:
    """n new employees of the instansi; by position: not in SIASN, renamed with an existing jabatan written in
    capitals, unchanged but with another unor, a jabatan we do not have (shared), a PPPK grade on a PNS."""
    Jabatan.objects.get_or_create(nama="Analis Kepegawaian", jenjang="Ahli Muda", defaults={"jenis": "JF"})
    people = []
    for i in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang, nama=f"PEGAWAI {tag} {i}")
        p.siasn_id = ds.siasn_id(p.nip)
        p.save()
        kind = i % 5
        if kind == 1:
            data = ds.data_utama(
                p, nama=f"PEGAWAI {tag} {i} SIASN", jabatanNama="ANALIS KEPEGAWAIAN", jenjang="AHLI MUDA"
            )
        elif kind == 2:
            data = ds.data_utama(p, unorId=o.badan.id_unor, unorNama=o.badan.nama)
        elif kind == 3:
            data = ds.data_utama(
                p,
                jabatanNama=f"PRANATA KOMPUTER {tag}",
                jenjang="Ahli Pertama",
                jenisJabatan="JF",
                gelarDepan="Ir.",
            )
        elif kind == 4:
            data = ds.data_utama(p, golRuangAkhir="IX", nama="TIDAK BOLEH DITERAPKAN")
        if kind:
            emulator.data["siasn"]["pns"][p.nip] = data
        people.append(p)
    emulator.load()
    return people


def test_profile_batch_same_outcomes_as_per_person(emulator, org, monkeypatch, settings):
    settings.INTEGRASI_BATCH = 50
    people = _profil_orang(org, emulator, 10, "A")
    per_person, batch = _per_person_then_batch(org, emulator, monkeypatch, "PROFIL", people)
    assert batch == per_person

    by_pk = {log[0]: log for log in batch["logs"]}
    assert batch["counters"] == ("SELESAI", 10, 10, 6, 4)
    missing, renamed, other_unor, new_jabatan, bad = (by_pk[people[i].pk] for i in range(5))
    assert missing[3] == "GAGAL" and missing[5] == "Error: 404 Data tidak ditemukan"
    assert missing[6].startswith('Gagal Sinkro: "Data pegawai tidak dapat diambil dari SIASN')
    assert renamed[3] == "BERHASIL" and renamed[2] == "PEGAWAI A 1 SIASN"
    assert set(renamed[8]["diubah"]) == {"nama", "jabatan"}
    assert other_unor[8] == {"diubah": [], "unit_beda": True} and PESAN_UNOR in other_unor[6]
    assert set(new_jabatan[8]["diubah"]) == {"gelar_depan", "jabatan"}
    assert bad[3] == "GAGAL" and bad[6].startswith(
        'Gagal Sinkro: "Golongan ruang IX dari SIASN tidak berlaku'
    )
    assert bad[2] == "PEGAWAI A 4" and bad[7]  # the log keeps our name; who fixes it is said
    # the new jabatan is created once for the two people naming it, with one audit event
    assert Jabatan.objects.filter(nama="PRANATA KOMPUTER A").count() == 1
    assert AuditEvent.objects.filter(action="siasn.jabatan_buat").count() == 1
    # one history row more for each changed person (2 before: created, SIASN id set), none for the others
    assert batch["history"] == Counter({p.pk: 3 if i % 5 in (1, 3) else 2 for i, p in enumerate(people)})
    assert Pegawai.objects.get(pk=people[4].pk).golongan == "III/b"
    assert len(batch["calls"]) == 10  # one data-utama per person (+ nothing else)


def test_profile_network_error_mid_batch_then_retry_applies_each_once(emulator, org, settings):
    settings.INTEGRASI_BATCH = 50
    people = [PegawaiFactory(unit_kerja=org.bidang, nama=f"PEGAWAI JARINGAN {i}") for i in range(8)]
    for p in people:
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p, nama=f"{p.nama} SIASN")
    emulator.load()
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "after": 4, "times": 2})
    job = _job(org, "PROFIL", people)
    with pytest.raises(NetworkError):
        jobs.run(job.pk)
    # the four fetched before the failure are applied and logged; the failing one and the rest untouched
    logged = set(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True))
    assert logged == {p.pk for p in people[:4]}
    assert Pegawai.objects.get(pk=people[4].pk).nama == "PEGAWAI JARINGAN 4"
    job.refresh_from_db()
    assert (job.diproses, job.berhasil) == (4, 4)
    with pytest.raises(NetworkError):  # the second fault: the same person again
        jobs.run(job.pk)
    assert LogSinkronisasi.objects.filter(job=job).count() == 4
    job = jobs.run(job.pk)
    assert (job.status, job.diproses, job.berhasil, job.gagal) == ("SELESAI", 8, 8, 0)
    assert Counter(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True)) == {
        p.pk: 1 for p in people
    }
    names = dict(Pegawai.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "nama"))
    assert all(names[p.pk] == f"{p.nama} SIASN" for p in people)
    history = Counter(Pegawai.history.filter(id__in=[p.pk for p in people]).values_list("id", flat=True))
    assert history == {p.pk: 2 for p in people}  # created + applied once
    assert len(emulator.calls("/pns/data-utama/")) == len(people) + 2  # one per person + the two failures


def test_profile_batch_through_the_task_counts_the_retries(
    emulator, org, settings, django_capture_on_commit_callbacks
):
    from kinerja.integrasi.services import siasn

    settings.INTEGRASI_BATCH = 50
    people = list(Pegawai.objects.filter(instansi=org.instansi, aktif=True))
    for p in people:
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p, nama=f"{p.nama} SIASN")
    emulator.load()
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "after": 2, "times": 1})
    with django_capture_on_commit_callbacks(execute=True):
        job = siasn.profil_sinkron_instansi(actor=org.admin, instansi=org.instansi)
    job.refresh_from_db()
    assert (job.status, job.percobaan, job.diproses, job.berhasil) == ("SELESAI", 1, len(people), len(people))
    assert LogSinkronisasi.objects.filter(job=job).count() == len(people)
    assert LogSinkronisasi.objects.filter(jenis="PROFIL", terkini=True).count() == len(people)


def _queries_of_one_batch(o, jenis, people, tahun=None) -> int:
    job = _job(o, jenis, people, tahun)
    with CaptureQueriesContext(connection) as ctx:
        jobs.run(job.pk)
    job.refresh_from_db()
    assert job.diproses == len(people)
    return len(ctx)


def test_profile_batch_query_count_is_constant(emulator, org, settings):
    settings.INTEGRASI_BATCH = 50
    small = _profil_orang(org, emulator, 5, "KECIL")
    big_people = _profil_orang(org, emulator, 20, "BESAR")
    five = _queries_of_one_batch(org, "PROFIL", small)
    twenty = _queries_of_one_batch(org, "PROFIL", big_people)
    assert five == twenty
    assert five <= 25


# --- Kirim ke SIASN ---------------------------------------------------------------------------------------------


def _dengan_final(o, pegawai) -> Penilaian:
    """A copy of staf's definitive SKP of the year and its rated Final assessment, for another employee."""
    skp = Skp.objects.get(pk=o.skp_staf.pk)
    skp.pk = None
    skp._state.adding = True
    skp.pegawai, skp.pegawai_nama, skp.pegawai_nip = pegawai, pegawai.nama, pegawai.nip
    skp.save()
    final = Penilaian.objects.get(pk=o.final.pk)
    final.pk = None
    final._state.adding = True
    final.skp = skp
    final.save()
    return final


def _kirim_orang(o, emulator, n: int, tag: str) -> list[Pegawai]:
    """n employees, by position: no SKP; a Final and no SIASN id here yet; already sent and unchanged; an id SIASN
    does not know (refused); sent before with another payload (updated)."""
    people = []
    for i in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang, nama=f"PEGAWAI KIRIM {tag} {i}")
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p)
        kind = i % 5
        if kind:
            final = _dengan_final(o, p)
            p.siasn_id = "" if kind == 1 else ds.siasn_id(p.nip)
            if kind == 3:
                p.siasn_id = f"id-yang-tidak-dikenal-{p.nip}"
            p.save()
            if kind == 2:
                digest = kirim.payload_hash(kirim.payload_of(final, p.siasn_id, YEAR, f"rw-ada-{p.pk}"))
                KirimSiasn.objects.create(
                    pegawai=p, tahun=YEAR, penilaian=final, rw_skp_id=f"rw-ada-{p.pk}", payload_hash=digest,
                    predikat=final.predikat,
                )  # fmt: skip
            if kind == 4:
                KirimSiasn.objects.create(
                    pegawai=p, tahun=YEAR, penilaian=final, rw_skp_id=f"rw-lama-{p.pk}", payload_hash="lama",
                    predikat="KURANG",
                )  # fmt: skip
        people.append(p)
    emulator.load()
    return people


@pytest.fixture
def dinilai(emulator, nilai_org):  # noqa: F811
    rate(nilai_org, nilai_org.final)
    return nilai_org


def test_kirim_batch_same_outcomes_as_per_person(dinilai, emulator, monkeypatch, settings):
    o = dinilai
    settings.INTEGRASI_BATCH = 50
    people = _kirim_orang(o, emulator, 10, "A")
    per_person, batch = _per_person_then_batch(o, emulator, monkeypatch, "KIRIM_SKP", people, tahun=YEAR)
    assert batch == per_person

    assert batch["counters"] == ("SELESAI", 10, 10, 6, 4)
    by_pk = {log[0]: log for log in batch["logs"]}
    none, first, same, refused, changed = (by_pk[people[i].pk] for i in range(5))
    assert none[3] == "GAGAL" and f"belum memiliki SKP tahun {YEAR}" in none[6]
    assert none[7] == kirim.PERBAIKAN_PENILAI
    assert (
        first[3] == "BERHASIL" and first[8]["dikirim"] and first[8]["baru"] and "dikirim ke SIASN" in first[6]
    )
    assert same[3] == "BERHASIL" and not same[8]["dikirim"] and same[6].startswith("Tidak ada perubahan")
    assert refused[3] == "GAGAL" and refused[5] == "Error: 200 Data PNS tidak ditemukan"
    assert changed[3] == "BERHASIL" and changed[8]["dikirim"] and not changed[8]["baru"]
    assert "diperbarui" in changed[6]
    # the SIASN id fetched for the person who had none is kept; the riwayat stored for everyone sent
    assert Pegawai.objects.get(pk=people[1].pk).siasn_id == ds.siasn_id(people[1].nip)
    stored = dict(KirimSiasn.objects.filter(pegawai__in=people).values_list("pegawai_id", "predikat"))
    assert stored == {p.pk: "BAIK" for i, p in enumerate(people) if i % 5 in (1, 2, 4)}
    saves = [c for c in batch["calls"] if c.endswith("/skp22/save")]
    assert len(saves) == 6  # new (2), refused (2), changed (2); the unchanged ones are not resent


def test_kirim_network_error_mid_batch_then_retry_sends_each_once(dinilai, emulator, settings):
    o = dinilai
    settings.INTEGRASI_BATCH = 50
    people = [PegawaiFactory(unit_kerja=o.bidang, nama=f"PEGAWAI KIRIM {i}") for i in range(6)]
    for p in people:
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p)
        _dengan_final(o, p)
    emulator.load()
    emulator.faults({"match": "/skp22/save", "mode": "500", "after": 2, "times": 1})
    job = _job(o, "KIRIM_SKP", people, YEAR)
    with pytest.raises(NetworkError):
        jobs.run(job.pk)
    # the two saved at SIASN before the failure are recorded (their save is not repeated); nothing of the third
    assert set(KirimSiasn.objects.values_list("pegawai_id", flat=True)) == {p.pk for p in people[:2]}
    assert set(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True)) == {
        p.pk for p in people[:2]
    }
    job = jobs.run(job.pk)
    assert (job.status, job.diproses, job.berhasil, job.gagal) == ("SELESAI", 6, 6, 0)
    assert Counter(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True)) == {
        p.pk: 1 for p in people
    }
    remote = emulator.remote()["siasn"]["rw_skp22"]
    assert all(len(remote[p.nip]) == 1 for p in people)
    assert KirimSiasn.objects.filter(pegawai__in=people).count() == 6
    assert len(emulator.calls("/skp22/save")) == len(people) + 1  # one per person + the failed one
    # one per person, and once more for the person whose save failed (nothing of them had been written)
    assert len(emulator.calls("/pns/data-utama/")) == len(people) + 1


def test_kirim_batch_query_count_is_constant(dinilai, emulator, settings):
    o = dinilai
    settings.INTEGRASI_BATCH = 50
    small = _kirim_orang(o, emulator, 5, "KECIL")
    big_people = _kirim_orang(o, emulator, 20, "BESAR")
    five = _queries_of_one_batch(o, "KIRIM_SKP", small, YEAR)
    twenty = _queries_of_one_batch(o, "KIRIM_SKP", big_people, YEAR)
    assert five == twenty
    assert five <= 20


def test_single_person_services_use_the_batch_path(dinilai, emulator):
    """kirim_skp (the interactive button) writes exactly what the job writes for one person."""
    o = dinilai
    emulator.data["siasn"]["pns"][o.staf.nip] = ds.data_utama(o.staf)
    emulator.load()
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert log.status == "BERHASIL" and log.terkini and log.job_id is None
    again = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    log.refresh_from_db()
    assert not log.terkini and again.terkini and not again.hasil["dikirim"]
    assert AuditEvent.objects.filter(action="sinkron.kirim_skp").count() == 2
