"""Admin pages Manajemen User PMM and Log Sinkronisasi: lists, filters, Excel, Tambah / Hapus, retry per row and for
every failed person against the emulator, rights, and constant query counts."""

import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from openpyxl import load_workbook

from kinerja.integrasi import jobs, logsync
from kinerja.integrasi.clients.base import RemoteError
from kinerja.integrasi.clients.pmm import PmmClient
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JenisSinkron, JobSinkronisasi, LogSinkronisasi, PenggunaPmm, StatusLog
from kinerja.integrasi.services.pmm_pengguna import MASIH_TERDAFTAR

from ..factories import PegawaiFactory

TAHUN = 2026


def _job_page(request, pk):  # stands in for the job page of the SIASN part
    raise NotImplementedError


urlpatterns = [
    path("", include("config.urls")),
    path("", include("kinerja.integrasi.urls_pmm_admin")),
]
urlpatterns_job = [path("uji/job/<int:pk>/", _job_page, name="sinkron_job"), *urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class UrlsDenganJob:
    urlpatterns = urlpatterns_job


def sinkron_uji(*, actor, pegawai, tahun, job=None):
    """A per-person PMM sync of the jobs contract: fetch first, then log inside one transaction."""
    try:
        data = PmmClient().skp(pegawai.nip, tahun)
    except RemoteError as exc:
        with transaction.atomic():
            return logsync.catat(
                actor=actor, pegawai=pegawai, jenis=JenisSinkron.SKP, berhasil=False, keterangan=exc.keterangan,
                perbaikan=logsync.PERBAIKAN_PMM, tahun=tahun, tipe_skp="guru", job=job,
            )  # fmt: skip
    with transaction.atomic():
        return logsync.catat(
            actor=actor, pegawai=pegawai, jenis=JenisSinkron.SKP, berhasil=True, tahun=tahun, tipe_skp="guru",
            catatan=f"Berhasil Melakukan Sinkro dengan data: {len(data)} SKP", job=job,
        )  # fmt: skip


@pytest.fixture
def pmm_sync(monkeypatch):
    monkeypatch.setitem(jobs.SYNC_FUNCS, JenisSinkron.SKP, f"{__name__}:sinkron_uji")


def gagal(
    admin, pegawai, jenis=JenisSinkron.SKP, keterangan="Error: 200 Data SKP pegawai tidak ditemukan", **kw
):
    return logsync.catat(
        actor=admin, pegawai=pegawai, jenis=jenis, berhasil=False, keterangan=keterangan, tahun=TAHUN,
        tipe_skp="guru", perbaikan=logsync.PERBAIKAN_PMM, **kw,
    )  # fmt: skip


def berhasil(admin, pegawai, jenis=JenisSinkron.SKP):
    return logsync.catat(
        actor=admin, pegawai=pegawai, jenis=jenis, berhasil=True, tahun=TAHUN, tipe_skp="guru"
    )


def xlsx_rows(response):
    ws = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


# --- Manajemen User PMM ----------------------------------------------------------------------------------------


def test_pengguna_list_of_my_instansi_with_seed_texts(client, org, other_org):
    PenggunaPmm.objects.create(pegawai=org.staf, instansi=org.instansi)
    PenggunaPmm.objects.create(pegawai=other_org.pegawai, instansi=other_org.instansi)
    client.force_login(org.admin)
    page = client.get(reverse("pmm_pengguna_list")).content.decode()
    assert "Modul ini digunakan untuk menambah dan menghapus User PKG/PKKS/PKPS" in page
    for label in (
        "No",
        "NIP",
        "Nama",
        "Jabatan",
        "Unit Kerja",
        "Aksi",
        "Hapus",
        "Jumlah Baris",
        "Unduh Excel",
    ):
        assert label in page
    assert org.staf.nip in page and other_org.pegawai.nip not in page
    assert "Tambahkan" in page  # the Tambah User PMM dialog


def test_pengguna_filters_and_jumlah_baris(client, org):
    for p in (org.staf, org.staf2, org.kabid):
        PenggunaPmm.objects.create(pegawai=p, instansi=org.instansi)
    client.force_login(org.admin)
    url = reverse("pmm_pengguna_list")
    page = client.get(url, {"nama": "kedua"}).content.decode()
    assert org.staf2.nip in page and org.staf.nip not in page
    page = client.get(url, {"nip": org.kabid.nip[-6:]}).content.decode()
    assert org.kabid.nip in page and org.staf2.nip not in page
    response = client.get(url, {"baris": "10"})
    assert response.context["page"].paginator.per_page == 10
    response = client.get(url, {"baris": "999"})  # a bad value falls back to the default
    assert response.status_code == 200 and response.context["page"].paginator.per_page == 25


def test_pengguna_list_query_count_is_constant(client, org):
    client.force_login(org.admin)
    url = reverse("pmm_pengguna_list")

    def count():
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    PenggunaPmm.objects.create(pegawai=org.staf, instansi=org.instansi)
    small = count()
    for _ in range(6):
        PenggunaPmm.objects.create(pegawai=PegawaiFactory(unit_kerja=org.bidang), instansi=org.instansi)
    assert count() == small


def test_tambah_through_the_page(client, org, emulator):
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf, jenis_ptk="Guru Kelas")
    emulator.load()
    client.force_login(org.admin)
    response = client.post(reverse("pmm_pengguna_tambah"), {"nip": org.staf.nip})
    assert response.status_code == 302 and response["Location"] == reverse("pmm_pengguna_list")
    assert PenggunaPmm.objects.get().jenis_ptk == "Guru Kelas"


def test_tambah_bad_input_stays_on_the_form(client, org, emulator):
    client.force_login(org.admin)
    response = client.post(reverse("pmm_pengguna_tambah"), {"nip": "12345abc"})
    page = response.content.decode()
    assert response.status_code == 200 and "NIP tidak valid" in page and 'value="12345abc"' in page
    response = client.post(reverse("pmm_pengguna_tambah"), {"nip": org.staf.nip})  # PMM does not list staf
    assert "tidak terdaftar sebagai pengguna PMM" in response.content.decode()
    emulator.faults({"match": "/pmm/v1/pengguna/", "mode": "500", "times": 1})
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf)
    response = client.post(reverse("pmm_pengguna_tambah"), {"nip": org.staf.nip})
    assert response.status_code == 200 and "PMM tidak dapat dihubungi" in response.content.decode()
    assert not PenggunaPmm.objects.exists()


def test_hapus_page_refusal_then_removal(client, org, emulator):
    pengguna = PenggunaPmm.objects.create(pegawai=org.staf, instansi=org.instansi)
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf, terdaftar=True)
    emulator.load()
    client.force_login(org.admin)
    url = reverse("pmm_pengguna_hapus", args=[pengguna.pk])
    page = client.get(url).content.decode()
    for text in ("Apakah Anda yakin ingin menghapus User PMM ini", "ALASAN", "NAMA PEGAWAI", "NIP PEGAWAI",
                 "Sedang Tugas Belajar", org.staf.nama, org.staf.nip):  # fmt: skip
        assert text in page
    response = client.post(url, {"alasan": "BUKAN_GURU"})
    assert response.status_code == 200 and MASIH_TERDAFTAR in response.content.decode()
    assert PenggunaPmm.objects.filter(pk=pengguna.pk).exists()
    response = client.post(url, {"alasan": ""})
    assert "Pilih alasan menghapus User PMM." in response.content.decode()
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf, terdaftar=False)
    emulator.load()
    response = client.post(url, {"alasan": "BUKAN_GURU"})
    assert response.status_code == 302
    assert not PenggunaPmm.objects.exists()


def test_pengguna_excel(client, org, other_org):
    PenggunaPmm.objects.create(pegawai=org.staf, instansi=org.instansi, jenis_ptk="Guru Mapel")
    PenggunaPmm.objects.create(pegawai=org.staf2, instansi=org.instansi)
    PenggunaPmm.objects.create(pegawai=other_org.pegawai, instansi=other_org.instansi)
    client.force_login(org.admin)
    response = client.get(reverse("pmm_pengguna_excel"), {"nama": "staf"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0][:5] == ["No", "NIP", "Nama", "Jabatan", "Unit Kerja"]
    assert {r[1] for r in rows[1:]} == {org.staf.nip, org.staf2.nip}
    assert [r[0] for r in rows[1:]] == [1, 2]


def test_pengguna_rights(client, org, other_org, admin_nasional):
    pengguna = PenggunaPmm.objects.create(pegawai=org.staf, instansi=org.instansi)
    client.force_login(org.staf.user)
    for url in (reverse("pmm_pengguna_list"), reverse("pmm_pengguna_excel"), reverse("pmm_pengguna_tambah"),
                reverse("pmm_pengguna_hapus", args=[pengguna.pk])):  # fmt: skip
        assert client.get(url).status_code == 403
    client.force_login(other_org.admin)
    assert client.get(reverse("pmm_pengguna_hapus", args=[pengguna.pk])).status_code == 404
    assert (
        client.post(reverse("pmm_pengguna_hapus", args=[pengguna.pk]), {"alasan": "SILN"}).status_code == 404
    )
    assert org.staf.nip not in client.get(reverse("pmm_pengguna_list")).content.decode()
    client.force_login(admin_nasional)
    page = client.get(reverse("pmm_pengguna_list")).content.decode()
    assert "Pilih instansi terlebih dahulu" in page
    page = client.get(reverse("pmm_pengguna_list"), {"instansi": org.instansi.pk}).content.decode()
    assert org.staf.nip in page
    assert client.get(reverse("pmm_pengguna_hapus", args=[pengguna.pk])).status_code == 200


# --- Log Sinkronisasi ------------------------------------------------------------------------------------------


def test_log_list_columns_and_default_latest_only(client, org, other_org):
    gagal(org.admin, org.staf)
    berhasil(org.admin, org.staf)  # the latest attempt of staf
    gagal(
        org.admin,
        org.staf2,
        catatan=logsync.gagal_sinkro("Atasan Pegawai tidak sama dengan data PMM, data PMM X"),
    )
    gagal(other_org.admin, other_org.pegawai)
    client.force_login(org.admin)
    response = client.get(reverse("sinkron_log"))
    page = response.content.decode()
    assert "Daftar Log Sinkronisasi Data SKP PMM ke eKinerja" in page
    for label in ("NIP", "Nama", "Tipe SKP", "Status", "Keterangan", "Catatan", "Yang memperbaiki", "Waktu",
                  "Sinkro PMM", "Unduh Excel", "Sinkro ulang semua yang gagal"):  # fmt: skip
        assert label in page
    rows = list(response.context["page"].object_list)
    assert {(r.nip, r.status) for r in rows} == {(org.staf.nip, "BERHASIL"), (org.staf2.nip, "GAGAL")}
    assert "Gagal Sinkro: &quot;Atasan Pegawai tidak sama dengan data PMM, data PMM X&quot;" in page
    assert logsync.PERBAIKAN_PMM in page
    assert other_org.pegawai.nip not in page
    response = client.get(reverse("sinkron_log"), {"terkini": "0"})
    assert len(response.context["page"].object_list) == 3


def test_log_filters(client, org):
    gagal(org.admin, org.staf)
    berhasil(org.admin, org.staf2)
    gagal(org.admin, org.kabid, jenis=JenisSinkron.PROFIL, keterangan="Error: 404 Data tidak ditemukan")
    client.force_login(org.admin)
    url = reverse("sinkron_log")

    def nips(**params):
        return {r.nip for r in client.get(url, params).context["page"].object_list}

    assert nips(status="GAGAL") == {org.staf.nip, org.kabid.nip}
    assert nips(status="BERHASIL") == {org.staf2.nip}
    assert nips(sistem="SIASN") == {org.kabid.nip}
    assert nips(sistem="PMM", status="GAGAL") == {org.staf.nip}
    assert nips(jenis="PROFIL") == {org.kabid.nip}
    assert nips(nama="kedua") == {org.staf2.nip}
    assert nips(nip=org.staf.nip) == {org.staf.nip}
    assert nips(status="xx", sistem="yy") == {
        org.staf.nip,
        org.staf2.nip,
        org.kabid.nip,
    }  # bad values ignored


def test_log_list_query_count_is_constant(client, org):
    client.force_login(org.admin)
    url = reverse("sinkron_log")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    gagal(org.admin, org.staf)
    small = count()
    for _ in range(6):
        gagal(org.admin, PegawaiFactory(unit_kerja=org.bidang))
        berhasil(org.admin, PegawaiFactory(unit_kerja=org.bidang), jenis=JenisSinkron.PENILAIAN)
    assert count() == small


def test_log_excel(client, org, other_org):
    gagal(org.admin, org.staf, catatan=logsync.gagal_sinkro("Data Unit Kerja Pegawai tidak terdaftar"))
    berhasil(org.admin, org.staf2)
    gagal(other_org.admin, other_org.pegawai)
    client.force_login(org.admin)
    rows = xlsx_rows(client.get(reverse("sinkron_log_excel"), {"status": "GAGAL"}))
    assert rows[0] == ["No", "NIP", "Nama", "Sistem", "Jenis", "Tahun", "Tipe SKP", "Status", "Keterangan",
                       "Catatan", "Yang memperbaiki", "Waktu"]  # fmt: skip
    assert len(rows) == 2
    row = rows[1]
    assert row[1:4] == [org.staf.nip, org.staf.nama, "PMM"]
    assert row[7:10] == ["Gagal", "Error: 200 Data SKP pegawai tidak ditemukan",
                         'Gagal Sinkro: "Data Unit Kerja Pegawai tidak terdaftar"']  # fmt: skip


def test_retry_row_against_the_emulator(client, org, emulator, pmm_sync):
    old = gagal(org.admin, org.staf)
    emulator.data["pmm"]["skp"][org.staf.nip] = [{"id": "skp-1", "periode_awal": f"{TAHUN}-01-01", "rhk": []}]
    emulator.load()
    client.force_login(org.admin)
    response = client.post(
        reverse("sinkron_log_retry", args=[old.pk]), {"next": "/admin/sinkron/log/?status=GAGAL"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/sinkron/log/?status=GAGAL"
    new = LogSinkronisasi.objects.get(terkini=True, pegawai=org.staf)
    assert new.pk != old.pk and new.status == StatusLog.BERHASIL and new.dibuat_oleh == org.admin
    assert emulator.calls(f"/skp/{org.staf.nip}")
    page = client.get(reverse("sinkron_log")).content.decode()
    assert "sinkro berhasil" in page and "1 SKP" in page


def test_retry_row_refused_remotely_shows_the_new_failure(client, org, emulator, pmm_sync):
    old = gagal(org.admin, org.staf)
    emulator.data["pmm"]["skp"][org.staf.nip] = {"error": "Data SKP Organisasi belum dibuat oleh atasan"}
    emulator.load()
    client.force_login(org.admin)
    response = client.post(reverse("sinkron_log_retry", args=[old.pk]), follow=True)
    assert (
        "sinkro gagal. Error: 200 Data SKP Organisasi belum dibuat oleh atasan" in response.content.decode()
    )
    assert LogSinkronisasi.objects.filter(pegawai=org.staf).count() == 2


def test_retry_row_network_error_is_a_message_and_writes_nothing(client, org, emulator, pmm_sync, settings):
    old = gagal(org.admin, org.staf)
    emulator.faults({"match": "/pmm/v1/skp/", "mode": "500", "times": 1})
    client.force_login(org.admin)
    response = client.post(reverse("sinkron_log_retry", args=[old.pk]), follow=True)
    assert response.status_code == 200 and "PMM tidak dapat dihubungi" in response.content.decode()
    settings.PMM_BASE_URL = ""
    response = client.post(reverse("sinkron_log_retry", args=[old.pk]), follow=True)
    assert "belum dikonfigurasi" in response.content.decode()
    assert LogSinkronisasi.objects.get(pegawai=org.staf).pk == old.pk


def test_retry_row_with_the_real_siasn_profile_sync(client, org, emulator):
    old = gagal(org.admin, org.staf, jenis=JenisSinkron.PROFIL, keterangan="Error: 404 Data tidak ditemukan")
    emulator.data["siasn"]["pns"][org.staf.nip] = ds.data_utama(org.staf)
    emulator.load()
    client.force_login(org.admin)
    client.post(reverse("sinkron_log_retry", args=[old.pk]))
    new = LogSinkronisasi.objects.get(pegawai=org.staf, terkini=True)
    assert (new.jenis, new.status) == (JenisSinkron.PROFIL, StatusLog.BERHASIL)


def test_retry_row_of_a_jenis_not_installed_is_a_message(client, org, monkeypatch):
    monkeypatch.setitem(jobs.SYNC_FUNCS, JenisSinkron.PENILAIAN, "kinerja.integrasi.tidak_ada:fn")
    old = gagal(org.admin, org.staf, jenis=JenisSinkron.PENILAIAN)
    client.force_login(org.admin)
    response = client.post(reverse("sinkron_log_retry", args=[old.pk]), follow=True)
    assert response.status_code == 200 and "belum tersedia" in response.content.decode()


def test_retry_rights(client, org, other_org):
    old = gagal(org.admin, org.staf)
    url = reverse("sinkron_log_retry", args=[old.pk])
    client.force_login(org.staf.user)
    assert client.post(url).status_code == 403
    assert client.get(reverse("sinkron_log")).status_code == 403
    assert client.get(reverse("sinkron_log_excel")).status_code == 403
    assert client.post(reverse("sinkron_log_retry_all")).status_code == 403
    client.force_login(other_org.admin)
    assert client.post(url).status_code == 404
    client.force_login(org.admin)
    assert client.get(url).status_code == 405


def test_retry_all_queues_one_job_per_jenis_over_the_latest_failures(
    client, org, other_org, emulator, pmm_sync, django_capture_on_commit_callbacks
):
    gagal(org.admin, org.staf)
    gagal(org.admin, org.staf2)
    gagal(org.admin, org.kabid)
    berhasil(org.admin, org.kabid)  # kabid's latest attempt succeeded: not retried
    gagal(other_org.admin, other_org.pegawai)
    emulator.data["pmm"]["skp"][org.staf.nip] = [{"id": "skp-1", "periode_awal": f"{TAHUN}-01-01", "rhk": []}]
    emulator.load()
    client.force_login(org.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sinkron_log_retry_all"))
    job = JobSinkronisasi.objects.get()
    assert (job.jenis, job.tahun, job.instansi_id) == (JenisSinkron.SKP, TAHUN, org.instansi.pk)
    assert sorted(job.pegawai_ids) == sorted([org.staf.pk, org.staf2.pk])
    job.refresh_from_db()
    assert (job.status, job.berhasil, job.gagal) == ("SELESAI", 1, 1)
    latest = {r.pegawai_id: r.status for r in LogSinkronisasi.objects.filter(terkini=True, job=job)}
    assert latest == {org.staf.pk: "BERHASIL", org.staf2.pk: "GAGAL"}
    assert response.status_code == 302
    assert not LogSinkronisasi.objects.filter(pegawai=other_org.pegawai, job__isnull=False).exists()


def test_retry_all_redirects_to_the_job_page(
    client, org, emulator, pmm_sync, django_capture_on_commit_callbacks, settings
):
    settings.ROOT_URLCONF = UrlsDenganJob
    gagal(org.admin, org.staf)
    client.force_login(org.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sinkron_log_retry_all"))
    assert response["Location"] == reverse("sinkron_job", args=[JobSinkronisasi.objects.get().pk])


def test_retry_all_with_nothing_failed_or_narrowed_by_sistem(client, org, pmm_sync):
    client.force_login(org.admin)
    response = client.post(reverse("sinkron_log_retry_all"), follow=True)
    assert "Tidak ada sinkronisasi gagal" in response.content.decode()
    gagal(org.admin, org.staf)
    response = client.post(reverse("sinkron_log_retry_all"), {"sistem": "SIASN"}, follow=True)
    assert "Tidak ada sinkronisasi gagal" in response.content.decode()
    assert not JobSinkronisasi.objects.exists()


def test_log_for_admin_nasional_needs_an_instansi(client, org, admin_nasional):
    gagal(org.admin, org.staf)
    client.force_login(admin_nasional)
    assert "Pilih instansi terlebih dahulu" in client.get(reverse("sinkron_log")).content.decode()
    page = client.get(reverse("sinkron_log"), {"instansi": org.instansi.pk}).content.decode()
    assert org.staf.nip in page
    assert "Sinkro ulang semua yang gagal" in page
