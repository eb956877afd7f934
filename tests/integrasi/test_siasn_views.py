"""Pages: Sinkro Profil SIASN (employee, admin for an employee), Sinkronisasi SIASN (admin), the job page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JobSinkronisasi, LogSinkronisasi
from tests.factories import PegawaiFactory

PESAN = "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja"


@pytest.fixture
def siap(emulator, org):
    emulator.data["siasn"]["pns"][org.staf.nip] = ds.data_utama(
        org.staf, nama="STAF DARI SIASN", unorId=org.badan.id_unor, unorNama=org.badan.nama
    )
    emulator.load()
    return org


def test_profile_page_side_by_side(client, siap):
    o = siap
    client.force_login(o.staf.user)
    r = client.get("/profil/sinkro-siasn/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Data SIASN" in html and "Data e-Kinerja" in html
    assert "STAF DARI SIASN" in html and PESAN in html
    assert 'data-beda="1"' in html
    assert "Gunakan unit kerja SIASN" in html
    assert (
        'name="pakai_unit_siasn"' in html and "checked" not in html.split('name="pakai_unit_siasn"')[1][:40]
    )


def test_ok_applies_and_keeps_unit(client, siap):
    o = siap
    client.force_login(o.staf.user)
    r = client.post("/profil/sinkro-siasn/", {})
    assert r.status_code == 302 and r["Location"] == "/profil/"
    o.staf.refresh_from_db()
    assert o.staf.nama == "STAF DARI SIASN" and o.staf.unit_kerja_id == o.bidang.pk


def test_ok_with_siasn_unit(client, siap):
    o = siap
    client.force_login(o.staf.user)
    client.post("/profil/sinkro-siasn/", {"pakai_unit_siasn": "on"})
    o.staf.refresh_from_db()
    assert o.staf.unit_kerja_id == o.badan.pk


def test_refused_unit_shows_next_to_checkbox(client, siap, emulator, other_org):
    o = siap
    emulator.data["siasn"]["pns"][o.staf.nip]["unorId"] = other_org.unit.id_unor
    emulator.load()
    client.force_login(o.staf.user)
    r = client.post("/profil/sinkro-siasn/", {"pakai_unit_siasn": "on"})
    assert r.status_code == 200
    assert 'data-field-error="pakai_unit_siasn"' in r.content.decode()
    o.staf.refresh_from_db()
    assert o.staf.nama == "STAF BIDANG"


def test_network_error_and_not_configured_are_messages(client, siap, emulator, settings):
    o = siap
    client.force_login(o.staf.user)
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "times": 5})
    r = client.get("/profil/sinkro-siasn/")
    assert r.status_code == 200 and "SIASN tidak dapat dihubungi" in r.content.decode()
    r = client.post("/profil/sinkro-siasn/", {})
    assert r.status_code == 200 and "SIASN tidak dapat dihubungi" in r.content.decode()
    settings.SIASN_BASE_URL = ""
    r = client.get("/profil/sinkro-siasn/")
    assert r.status_code == 200 and "belum dikonfigurasi" in r.content.decode()


def test_not_in_siasn_is_a_message(client, siap):
    client.force_login(siap.staf2.user)
    r = client.get("/profil/sinkro-siasn/")
    assert r.status_code == 200 and "Data tidak ditemukan" in r.content.decode()


def test_admin_for_an_employee_and_rights(client, siap, other_org):
    o = siap
    url = f"/admin/siasn/pegawai/{o.staf.pk}/"
    client.force_login(o.admin)
    assert client.get(url).status_code == 200
    r = client.post(url, {})
    assert r.status_code == 302
    o.staf.refresh_from_db()
    assert o.staf.nama == "STAF DARI SIASN"
    client.force_login(other_org.admin)
    assert client.get(url).status_code == 404
    client.force_login(o.staf2.user)  # another employee cannot sync someone else's profile
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_admin_page_rights(client, siap):
    client.force_login(siap.staf.user)
    assert client.get("/admin/siasn/").status_code == 403
    assert client.post("/admin/siasn/", {"aksi": "profil"}).status_code == 403
    assert not JobSinkronisasi.objects.exists()


def test_admin_starts_bulk_profile_sync(client, siap, django_capture_on_commit_callbacks):
    o = siap
    client.force_login(o.admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/admin/siasn/", {"aksi": "profil"})
    job = JobSinkronisasi.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/admin/sinkron/job/{job.pk}/"
    assert job.jenis == "PROFIL" and job.status == "SELESAI"
    r = client.get(r["Location"])
    html = r.content.decode()
    assert "Sinkro Profil SIASN" in html and "hx-trigger" not in html
    assert f"log-{LogSinkronisasi.objects.filter(job=job).first().pk}" in html
    assert "Data tidak ditemukan" in html  # those not in SIASN, per person


def test_kirim_form_validates_year(client, siap):
    client.force_login(siap.admin)
    r = client.post("/admin/siasn/", {"aksi": "kirim", "tahun": "1990"})
    assert r.status_code == 200
    assert 'data-field-error="tahun"' in r.content.decode()
    assert not JobSinkronisasi.objects.exists()


def test_kirim_not_configured_is_a_message(client, siap, settings):
    settings.SIASN_BASE_URL = ""
    client.force_login(siap.admin)
    r = client.post("/admin/siasn/", {"aksi": "kirim", "tahun": "2024"}, follow=True)
    assert "belum dikonfigurasi" in r.content.decode()
    assert not JobSinkronisasi.objects.exists()


def _jobs(o, n):
    for _ in range(n):
        PegawaiFactory(unit_kerja=o.bidang)
        JobSinkronisasi.objects.create(
            instansi=o.instansi,
            jenis="PROFIL",
            total=3,
            diproses=1,
            berhasil=1,
            dimulai_oleh=o.admin,
            status="BERJALAN",
        )


def test_job_list_queries_constant_and_excel(client, siap):
    o = siap
    client.force_login(o.admin)
    _jobs(o, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/siasn/").status_code == 200
    _jobs(o, 8)
    with CaptureQueriesContext(connection) as big:
        r = client.get("/admin/siasn/")
    assert len(small) == len(big)
    assert r.content.decode().count('data-testid="job-') == 10
    r = client.get("/admin/siasn/?unduh=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_job_page_polls_while_running_and_is_scoped(client, siap, other_org, admin_nasional):
    o = siap
    job = JobSinkronisasi.objects.create(
        instansi=o.instansi, jenis="SKP", total=4, diproses=1, berhasil=1, status="BERJALAN"
    )
    url = f"/admin/sinkron/job/{job.pk}/"
    client.force_login(o.admin)
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and "1 dari 4 pegawai diproses" in html
    r = client.get(url, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.content.decode() and "HX-Refresh" not in r
    JobSinkronisasi.objects.filter(pk=job.pk).update(status="SELESAI", diproses=4, berhasil=4)
    r = client.get(url, headers={"HX-Request": "true"})
    assert r["HX-Refresh"] == "true" and "hx-trigger" not in r.content.decode()
    client.force_login(other_org.admin)
    assert client.get(url).status_code == 404
    client.force_login(o.staf.user)
    assert client.get(url).status_code == 403
    client.force_login(admin_nasional)
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/siasn/?instansi={o.instansi.pk}").status_code == 200


def test_job_page_queries_do_not_grow_with_its_rows(client, siap):
    o = siap
    job = JobSinkronisasi.objects.create(instansi=o.instansi, jenis="PROFIL", total=12, status="SELESAI")

    def add_logs(n):
        for _ in range(n):
            p = PegawaiFactory(unit_kerja=o.bidang)
            LogSinkronisasi.objects.create(
                instansi=o.instansi, pegawai=p, nip=p.nip, nama=p.nama, sistem="SIASN", jenis="PROFIL",
                status="GAGAL", catatan='Gagal Sinkro: "Data tidak ditemukan"', job=job,
            )  # fmt: skip

    client.force_login(o.admin)
    url = f"/admin/sinkron/job/{job.pk}/"
    add_logs(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_logs(10)
    with CaptureQueriesContext(connection) as big:
        r = client.get(url)
    assert len(small) == len(big)
    assert r.content.decode().count("Data tidak ditemukan") >= 12
