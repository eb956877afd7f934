"""The Sinkro Data PMM and Sinkro Penilaian PMM pages: real client, real PMM client against the emulator."""

import pytest
from django.urls import include, path

from config import urls as root_urls
from kinerja.integrasi.models import LogSinkronisasi, PenggunaPmm
from kinerja.skp.models import Skp

from .test_pmm_penilaian import final_data, periods, rows
from .test_pmm_skp import YEAR, _rotasi_data, buat_rotasi, buat_sekolah, load, skp_guru, skp_ks

# The lead includes kinerja.integrasi.urls_pmm_sinkron in the project's URLs; this keeps the tests independent.
urlpatterns = [path("", include("kinerja.integrasi.urls_pmm_sinkron")), *root_urls.urlpatterns]
pytestmark = pytest.mark.urls(__name__)
SKP_URL = "/skp/sinkro-pmm/"


@pytest.fixture
def sekolah(db):
    return buat_sekolah()


@pytest.fixture
def rotasi(sekolah):
    return buat_rotasi(sekolah)


def login(client, user):
    client.force_login(user)
    return client


def test_own_page_buttons_comparison_and_success(client, emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    login(client, s.ks.user).post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    login(client, s.guru.user)
    page = client.get(SKP_URL).content.decode()
    for label in ("Sinkro data SKP PMM", "Sinkro data SKP dengan Rotasi PMM", "Sinkro data SKP PLT PMM"):
        assert label in page
    page = client.get(SKP_URL, {"mode": "skp"}).content.decode()
    assert "SMP NEGERI 2 CIRACAP KEC. CIRACAP" in page and "Data PMM" in page
    assert f"NIP : {s.ks.nip}" in page and "Akan Membuat SKP Baru" in page and "GURU / JAJF" in page
    assert (
        client.get(SKP_URL, {"mode": "skp", "tahun": "99999"}).status_code == 200
    )  # out of range → this year
    r = client.post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    body = r.content.decode()
    assert r.status_code == 200 and "Berhasil Melakukan Sinkro dengan data" in body
    assert "RHK Individu · RHK Masuk : 1 · RHK Indikator Masuk : 1" in body
    assert "RHK Organisasi · RHK Masuk : 1 · RHK Indikator Masuk : 1" in body
    assert Skp.objects.filter(pegawai=s.guru, pmm_id="skp-guru").exists()
    body = client.post(SKP_URL, {"mode": "skp", "tahun": YEAR}).content.decode()
    assert "RHK Individu · RHK Masuk : 0 · RHK Indikator Masuk : 0" in body


def test_failure_lists_reasons_and_who_fixes(client, emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s, unor_nama="SMP NEGERI 9 LAIN")]})
    login(client, s.ks.user).post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    login(client, s.guru.user)
    assert "Perlu diperbaiki sebelum sinkro" in client.get(SKP_URL, {"mode": "skp"}).content.decode()
    body = client.post(SKP_URL, {"mode": "skp", "tahun": YEAR}).content.decode()
    assert "Gagal Melakukan Sinkro dikarenakan" in body
    assert "<li>Nama Sekolah atau Nama Unor tidak sama dengan data PMM</li>" in body
    assert "Yang harus memperbaiki" in body
    emulator.data["pmm"]["skp"].pop(s.guru.nip)
    emulator.load()
    body = client.post(SKP_URL, {"mode": "skp", "tahun": YEAR}).content.decode()
    assert "<li>Error: 200 Data SKP pegawai tidak ditemukan</li>" in body


def test_admin_runs_rotation_for_an_employee(client, emulator, rotasi):
    s = rotasi
    load(emulator, **{s.guru2.nip: _rotasi_data(s)})
    login(client, s.admin)
    page = client.get(SKP_URL, {"mode": "rotasi", "pegawai": s.guru2.pk}).content.decode()
    assert page.count("Akan Membuat SKP Baru") == 2 and "SKP Terakhir di PMM" in page
    assert "SD N KARYASARI 1" in page and "SDN KARYASARI 1 CIKEDAL" in page
    body = client.post(SKP_URL, {"mode": "rotasi", "pegawai": s.guru2.pk, "tahun": YEAR}).content.decode()
    assert body.count("Membuat SKP Baru") == 2 and "Berhasil Melakukan Sinkro dengan data" in body
    assert Skp.objects.filter(pegawai=s.guru2).count() == 3
    assert LogSinkronisasi.objects.get(pegawai=s.guru2).dibuat_oleh == s.admin


def test_rights(client, emulator, sekolah, other_org):
    s = sekolah
    load(emulator, **{s.guru.nip: [skp_guru(s)]})
    skp = Skp.objects.create(
        pegawai=s.guru, instansi=s.instansi, periode_awal=f"{YEAR}-01-01", periode_akhir=f"{YEAR}-12-31",
        model="JA_JF", unit_kerja=s.smp, jenis_pegawai="PEGAWAI", pegawai_nama="x", pegawai_nip=s.guru.nip,
        pegawai_unit="x",
    )  # fmt: skip
    pen_url = f"/skp/{skp.pk}/sinkro-penilaian-pmm/"
    # another employee (even a PMM user, even the KS) cannot open or run someone else's sync
    for user in (s.guru2.user, s.ks.user):
        login(client, user)
        assert client.get(SKP_URL, {"pegawai": s.guru.pk}).status_code == 404
        assert client.post(SKP_URL, {"mode": "skp", "pegawai": s.guru.pk}).status_code == 404
        assert client.get(pen_url).status_code == 404
        assert client.post(pen_url, {"mode": "penilaian"}).status_code == 404
    # an admin of another instansi
    login(client, other_org.admin)
    assert client.get(SKP_URL, {"pegawai": s.guru.pk}).status_code == 404
    assert client.get(pen_url).status_code == 404
    # not a PMM user: no page at all
    login(client, other_org.pegawai.user)
    assert client.get(SKP_URL).status_code == 404
    PenggunaPmm.objects.filter(pegawai=s.guru).delete()
    login(client, s.admin)
    assert client.get(SKP_URL, {"pegawai": s.guru.pk}).status_code == 404
    assert client.get(pen_url).status_code == 404
    client.logout()
    assert client.get(SKP_URL).status_code == 302
    assert not LogSinkronisasi.objects.exists()


def test_network_error_and_not_configured_are_messages(client, emulator, sekolah, settings):
    s = sekolah
    load(emulator, **{s.guru.nip: [skp_guru(s)]})
    login(client, s.guru.user)
    emulator.faults({"match": "/skp/", "mode": "500", "times": 5})
    r = client.post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    assert r.status_code == 200 and "PMM tidak dapat dihubungi" in r.content.decode()
    assert not LogSinkronisasi.objects.exists()
    settings.PMM_BASE_URL = ""
    r = client.get(SKP_URL, {"mode": "rotasi"})
    assert r.status_code == 200 and "PMM belum dikonfigurasi" in r.content.decode()


@pytest.fixture
def pmm_skp_guru(client, emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    login(client, s.ks.user).post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    login(client, s.guru.user).post(SKP_URL, {"mode": "skp", "tahun": YEAR})
    s.skp = Skp.objects.get(pegawai=s.guru, pmm_id="skp-guru")
    s.url = f"/skp/{s.skp.pk}/sinkro-penilaian-pmm/"
    return s


def test_penilaian_page_periodic_and_final(client, emulator, pmm_skp_guru):
    s = pmm_skp_guru
    s.periode = periods(s.instansi)
    emulator.data["pmm"]["penilaian"][s.guru.nip] = rows((1, "TRIWULAN I", "Diatas", "Diatas", "Sangat Baik"))
    emulator.data["pmm"]["final"][s.guru.nip] = final_data(s)
    emulator.load()
    page = client.get(s.url).content.decode()
    assert "List periode yang ada di E-Kinerja" in page and "Triwulan 1" in page
    assert "Sinkro data Penilaian PMM" in page and "Sinkro data Penilaian Final PMM" in page
    body = client.post(s.url, {"mode": "penilaian"}).content.decode()
    assert "Berhasil Melakukan Sinkro penilaian" in body and "Sangat Baik" in body
    assert body.count('data-testid="penilaian-baru"') == 1
    body = client.post(s.url, {"mode": "penilaian"}).content.decode()
    assert "Tidak terdapat penilaian baru dari PMM" in body
    body = client.post(s.url, {"mode": "final"}).content.decode()
    assert "Berhasil Melakukan Sinkro penilaian Final" in body and "Eviden Masuk : 2" in body
    assert 'data-testid="hasil-akhir">BAIK<' in body
    # the admin of the instansi may run it too
    login(client, s.admin)
    assert (
        "Tidak terdapat penilaian baru dari PMM" in client.post(s.url, {"mode": "penilaian"}).content.decode()
    )


def test_penilaian_page_wrong_periods(client, emulator, pmm_skp_guru):
    s = pmm_skp_guru
    p = periods(s.instansi)
    p[3].tipe_periodik = "BULANAN"
    p[3].save()
    page = client.get(s.url).content.decode()
    assert (
        "Terdapat 2 tipe periodik di periode" in page and "Hanya 1 tipe Periode yang di perbolehkan" in page
    )
    assert "Silahkan menginformasikan kepada Admin e-Kinerja untuk memperbaiki data periode" in page
    assert 'value="penilaian"' not in page and "Bulanan" in page
    body = client.post(s.url, {"mode": "penilaian"}).content.decode()
    assert "<li>Terdapat 2 tipe periodik di periode</li>" in body
    assert client.post(s.url, {"mode": "lain"}).status_code == 404


def test_penilaian_page_network_error(client, emulator, pmm_skp_guru):
    s = pmm_skp_guru
    periods(s.instansi)
    emulator.faults({"match": "/penilaian", "mode": "timeout", "times": 1, "delay": 1.5})
    r = client.post(s.url, {"mode": "penilaian"})
    assert r.status_code == 200 and "PMM tidak dapat dihubungi" in r.content.decode()
    assert not LogSinkronisasi.objects.filter(jenis="PENILAIAN").exists()


def test_remote_error_on_comparison_is_shown(client, emulator, sekolah):
    s = sekolah
    emulator.data["pmm"]["skp"][s.guru.nip] = {"error": "Data SKP Organisasi belum dibuat oleh atasan"}
    emulator.load()
    body = login(client, s.guru.user).get(SKP_URL, {"mode": "skp"}).content.decode()
    assert "PMM menjawab: <strong>Error: 200 Data SKP Organisasi belum dibuat oleh atasan</strong>" in body
