"""Bulk jobs run eagerly (no broker): profile sync and Kirim ke SIASN per instansi, network error mid-batch,
retry, a second run, progress counters."""

from collections import Counter

import pytest

from kinerja.integrasi import jobs
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JobSinkronisasi, KirimSiasn, LogSinkronisasi
from kinerja.integrasi.services import kirim, siasn
from kinerja.org.models import Pegawai
from tests.factories import PegawaiFactory
from tests.penilaian.conftest import YEAR, nilai_org, skp_org  # noqa: F401

from .test_kirim_siasn import rate


@pytest.fixture
def banyak(emulator, org, settings):
    """Eight active employees in SIASN with a new name each; one inactive employee who is left alone."""
    settings.INTEGRASI_BATCH = 3
    PegawaiFactory(unit_kerja=org.bidang, nama="PEGAWAI TAMBAHAN")
    PegawaiFactory(unit_kerja=org.subbidang, nama="PEGAWAI NONAKTIF", aktif=False)
    aktif = list(Pegawai.objects.filter(instansi=org.instansi, aktif=True).order_by("pk"))
    for p in Pegawai.objects.filter(instansi=org.instansi):
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p, nama=f"{p.nama} SIASN")
    emulator.load()
    org.aktif = aktif
    return org


def _start(fn, django_capture_on_commit_callbacks, **kwargs) -> JobSinkronisasi:
    with django_capture_on_commit_callbacks(execute=True):
        job = fn(**kwargs)
    job.refresh_from_db()
    return job


def test_bulk_profile_sync_everyone_once(banyak, emulator, django_capture_on_commit_callbacks):
    o = banyak
    job = _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    n = len(o.aktif)
    assert (job.status, job.total, job.diproses, job.berhasil, job.gagal, job.persen) == (
        "SELESAI",
        n,
        n,
        n,
        0,
        100,
    )
    assert job.dimulai_oleh == o.admin and job.selesai_pada is not None
    names = dict(Pegawai.objects.filter(instansi=o.instansi).values_list("pk", "nama"))
    assert all(names[p.pk] == f"{p.nama} SIASN" for p in o.aktif)
    assert Counter(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True)) == {
        p.pk: 1 for p in o.aktif
    }
    inactive = Pegawai.objects.get(nama="PEGAWAI NONAKTIF")
    assert not LogSinkronisasi.objects.filter(pegawai=inactive).exists()


def test_network_error_mid_batch_then_retry_syncs_everyone_once(
    banyak, emulator, django_capture_on_commit_callbacks
):
    o = banyak
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "after": 4, "times": 2})
    job = _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    n = len(o.aktif)
    assert job.status == "SELESAI" and job.percobaan == 2
    assert "SIASN tidak dapat dihubungi" in job.pesan
    assert (job.diproses, job.berhasil, job.gagal) == (n, n, 0)
    per_person = Counter(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True))
    assert per_person == {p.pk: 1 for p in o.aktif}
    # each person fetched once, plus the two failed attempts
    assert len(emulator.calls("/pns/data-utama/")) == n + 2


def test_second_run_changes_nothing(banyak, emulator, django_capture_on_commit_callbacks):
    o = banyak
    _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    history = sum(p.history.count() for p in Pegawai.objects.filter(instansi=o.instansi))
    before = list(
        Pegawai.objects.filter(instansi=o.instansi).order_by("pk").values("nama", "jabatan_id", "golongan")
    )
    job = _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    assert job.berhasil == len(o.aktif)
    assert sum(p.history.count() for p in Pegawai.objects.filter(instansi=o.instansi)) == history
    after = list(
        Pegawai.objects.filter(instansi=o.instansi).order_by("pk").values("nama", "jabatan_id", "golongan")
    )
    assert after == before
    assert all(log.hasil["diubah"] == [] for log in LogSinkronisasi.objects.filter(job=job))
    assert LogSinkronisasi.objects.filter(jenis="PROFIL", terkini=True).count() == len(o.aktif)


def test_failures_are_counted(banyak, emulator, django_capture_on_commit_callbacks):
    o = banyak
    del emulator.data["siasn"]["pns"][o.staf.nip]
    emulator.load()
    job = _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    assert (job.berhasil, job.gagal, job.diproses) == (len(o.aktif) - 1, 1, len(o.aktif))
    failed = LogSinkronisasi.objects.get(job=job, status="GAGAL")
    assert failed.pegawai_id == o.staf.pk and failed.keterangan == "Error: 404 Data tidak ditemukan"


def test_network_down_for_good_marks_the_job_failed(banyak, emulator, django_capture_on_commit_callbacks):
    o = banyak
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "after": 1, "times": 100})
    job = _start(
        siasn.profil_sinkron_instansi, django_capture_on_commit_callbacks, actor=o.admin, instansi=o.instansi
    )
    assert job.status == "GAGAL" and job.diproses == 1
    assert "tidak dapat dihubungi" in job.pesan


def test_kirim_job_with_network_error_sends_each_once(
    emulator,
    nilai_org,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    o = nilai_org
    for p in Pegawai.objects.filter(instansi=o.instansi):
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p)
    emulator.load()
    rate(o, o.final)
    emulator.faults({"match": "/skp22/save", "mode": "timeout", "times": 1, "delay": 1.5})
    job = _start(
        kirim.kirim_siasn_instansi,
        django_capture_on_commit_callbacks,
        actor=o.admin,
        instansi=o.instansi,
        tahun=YEAR,
    )
    total = Pegawai.objects.filter(instansi=o.instansi, aktif=True).count()
    assert (job.status, job.total, job.diproses, job.berhasil, job.gagal) == (
        "SELESAI",
        total,
        total,
        1,
        total - 1,
    )
    assert len(emulator.calls("/skp22/save")) == 2  # the timed-out try and the one that counted
    assert len(emulator.remote()["siasn"]["rw_skp22"][o.staf.nip]) == 1
    assert KirimSiasn.objects.count() == 1
    gagal = LogSinkronisasi.objects.filter(job=job, status="GAGAL")
    assert all(log.perbaikan for log in gagal)
    second = _start(
        kirim.kirim_siasn_instansi,
        django_capture_on_commit_callbacks,
        actor=o.admin,
        instansi=o.instansi,
        tahun=YEAR,
    )
    assert second.berhasil == 1 and len(emulator.calls("/skp22/save")) == 2


def test_job_skips_people_already_logged(banyak, emulator):
    """A retry resumes: remaining() lists only those without a log row in this job."""
    o = banyak
    job = JobSinkronisasi.objects.create(
        instansi=o.instansi,
        jenis="PROFIL",
        pegawai_ids=[p.pk for p in o.aktif],
        total=len(o.aktif),
        dimulai_oleh=o.admin,
    )
    siasn.profil_sinkron_otomatis(actor=o.admin, pegawai=o.aktif[0], tahun=None, job=job)
    assert jobs.remaining(job) == [p.pk for p in o.aktif[1:]]
    jobs.run(job.pk)
    assert LogSinkronisasi.objects.filter(job=job).count() == len(o.aktif)
