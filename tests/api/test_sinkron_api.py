"""API /sinkron: Sinkro Profil SIASN, a per-person sync of any jenis, bulk jobs, the log; rights; 503."""

import pytest

from kinerja.api.keys import apikey_create
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JobSinkronisasi, KirimSiasn, LogSinkronisasi
from tests.integrasi.conftest import emulator, emulator_server  # noqa: F401
from tests.integrasi.test_kirim_siasn import rate
from tests.penilaian.conftest import YEAR, nilai_org, skp_org  # noqa: F401

API = "/api/v1/sinkron"


@pytest.fixture
def siap(emulator, org):  # noqa: F811
    for p in (org.staf, org.staf2, org.kabid):
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p, nama=f"{p.nama} SIASN")
    emulator.load()
    return org


@pytest.fixture
def keys(org):
    _, baca = apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem Baca", akses="BACA")
    _, tulis = apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem Tulis", akses="TULIS")
    return {"baca": {"Authorization": f"Bearer {baca}"}, "tulis": {"Authorization": f"Bearer {tulis}"}}


def test_comparison_and_apply_by_the_employee(client, siap):
    o = siap
    client.force_login(o.staf.user)
    r = client.get(f"{API}/siasn/profil/{o.staf.nip}")
    assert r.status_code == 200
    body = r.json()
    nama = next(b for b in body["baris"] if b["label"] == "NAMA")
    assert nama == {"label": "NAMA", "siasn": "STAF BIDANG SIASN", "ekinerja": "STAF BIDANG", "beda": True}
    assert body["unit_beda"] is False and body["pesan_unit"] == ""
    r = client.post(
        f"{API}/siasn/profil/{o.staf.nip}", {"pakai_unit_siasn": False}, content_type="application/json"
    )
    assert r.status_code == 200
    assert r.json()["status"] == "BERHASIL" and r.json()["jenis"] == "PROFIL"
    o.staf.refresh_from_db()
    assert o.staf.nama == "STAF BIDANG SIASN"


def test_refused_unit_is_400_with_field(client, siap, emulator, other_org):  # noqa: F811
    o = siap
    emulator.data["siasn"]["pns"][o.staf.nip]["unorId"] = other_org.unit.id_unor
    emulator.load()
    client.force_login(o.staf.user)
    r = client.post(
        f"{API}/siasn/profil/{o.staf.nip}", {"pakai_unit_siasn": True}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["kode"] == "ditolak" and r.json()["galat"][0]["field"] == "pakai_unit_siasn"


def test_someone_else_is_404(client, siap, other_org):
    o = siap
    client.force_login(o.staf2.user)
    assert client.get(f"{API}/siasn/profil/{o.staf.nip}").status_code == 404
    assert (
        client.post(f"{API}/siasn/profil/{o.staf.nip}", {}, content_type="application/json").status_code
        == 404
    )
    assert client.post(f"{API}/PROFIL/{o.staf.nip}").status_code == 404
    client.force_login(other_org.admin)
    assert client.get(f"{API}/siasn/profil/{o.staf.nip}").status_code == 404


def test_not_configured_and_network_are_503(client, siap, emulator, settings):  # noqa: F811
    o = siap
    client.force_login(o.staf.user)
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "times": 1})
    r = client.get(f"{API}/siasn/profil/{o.staf.nip}")
    assert r.status_code == 503 and r.json()["kode"] == "layanan_tidak_tersedia"
    settings.SIASN_BASE_URL = ""
    r = client.post(f"{API}/PROFIL/{o.staf.nip}")
    assert r.status_code == 503 and "belum dikonfigurasi" in r.json()["pesan"]


def test_per_person_sync_of_any_jenis(client, siap, keys):
    o = siap
    r = client.post(f"{API}/PROFIL/{o.staf.nip}", headers=keys["tulis"])
    assert r.status_code == 200 and r.json()["status"] == "BERHASIL"
    r = client.post(f"{API}/PROFIL/{o.anggota_sub.nip}", headers=keys["tulis"])
    assert r.status_code == 200 and r.json()["status"] == "GAGAL"  # not in SIASN: a log row, not an error
    assert r.json()["keterangan"] == "Error: 404 Data tidak ditemukan"
    assert client.post(f"{API}/PROFIL/{o.staf.nip}", headers=keys["baca"]).status_code == 403
    assert client.post(f"{API}/BUKAN/{o.staf.nip}", headers=keys["tulis"]).status_code == 422
    r = client.post(f"{API}/KIRIM_SKP/{o.staf.nip}", headers=keys["tulis"])
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "tahun"


def test_kirim_per_person(client, emulator, nilai_org):  # noqa: F811
    o = nilai_org
    emulator.data["siasn"]["pns"][o.staf.nip] = ds.data_utama(o.staf)
    emulator.load()
    rate(o, o.final)
    client.force_login(o.admin)
    r = client.post(f"{API}/KIRIM_SKP/{o.staf.nip}?tahun={YEAR}")
    assert r.status_code == 200 and r.json()["status"] == "BERHASIL"
    assert r.json()["hasil"]["predikat"] == "BAIK"
    assert KirimSiasn.objects.filter(pegawai=o.staf, tahun=YEAR).exists()


def test_job_start_status_and_rights(client, siap, keys, other_org, django_capture_on_commit_callbacks):
    o = siap
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"{API}/job",
            {"jenis": "PROFIL", "nip": [o.staf.nip, o.staf2.nip]},
            content_type="application/json",
            headers=keys["tulis"],
        )
    assert r.status_code == 200
    job = r.json()
    assert (job["jenis"], job["total"]) == ("PROFIL", 2)
    r = client.get(f"{API}/job/{job['id']}", headers=keys["baca"])
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["berhasil"], r.json()["persen"]) == ("SELESAI", 2, 100)
    client.force_login(other_org.admin)
    assert client.get(f"{API}/job/{job['id']}").status_code == 404
    client.force_login(o.staf.user)
    assert client.get(f"{API}/job/{job['id']}").status_code == 404
    r = client.post(f"{API}/job", {"jenis": "PROFIL"}, content_type="application/json")
    assert r.status_code == 403
    r = client.post(f"{API}/job", {"jenis": "PROFIL"}, content_type="application/json", headers=keys["baca"])
    assert r.status_code == 403 and r.json()["kode"] == "hanya_baca"
    r = client.post(
        f"{API}/job",
        {"jenis": "PROFIL", "nip": [other_org.pegawai.nip]},
        content_type="application/json",
        headers=keys["tulis"],
    )
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "nip"
    assert JobSinkronisasi.objects.count() == 1


def test_job_without_nips_takes_active_employees(client, siap, keys):
    r = client.post(f"{API}/job", {"jenis": "PROFIL"}, content_type="application/json", headers=keys["tulis"])
    assert r.status_code == 200
    assert r.json()["total"] == 5


def test_national_admin_names_the_instansi(client, siap, admin_nasional):
    client.force_login(admin_nasional)
    r = client.post(f"{API}/job", {"jenis": "PROFIL"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "instansi"
    r = client.post(
        f"{API}/job", {"jenis": "PROFIL", "instansi": siap.instansi.pk}, content_type="application/json"
    )
    assert r.status_code == 200


def test_log_is_scoped_filtered_and_paginated(client, siap, keys, other_org):
    o = siap
    client.post(f"{API}/PROFIL/{o.staf.nip}", headers=keys["tulis"])
    client.post(f"{API}/PROFIL/{o.staf.nip}", headers=keys["tulis"])
    client.post(f"{API}/PROFIL/{o.anggota_sub.nip}", headers=keys["tulis"])
    r = client.get(f"{API}/log", headers=keys["baca"])
    assert r.status_code == 200 and r.json()["count"] == 3
    r = client.get(f"{API}/log?status=GAGAL", headers=keys["baca"])
    assert [x["nip"] for x in r.json()["items"]] == [o.anggota_sub.nip]
    r = client.get(f"{API}/log?terkini=true&nip={o.staf.nip}", headers=keys["baca"])
    assert r.json()["count"] == 1
    r = client.get(f"{API}/log?status=SALAH", headers=keys["baca"])
    assert r.status_code == 422
    client.force_login(other_org.admin)
    assert client.get(f"{API}/log").json()["count"] == 0
    client.force_login(o.staf.user)
    mine = client.get(f"{API}/log").json()
    assert mine["count"] == 2 and all(x["nip"] == o.staf.nip for x in mine["items"])
    assert LogSinkronisasi.objects.count() == 3


def test_openapi_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/sinkron/siasn/profil/{nip}", "/api/v1/sinkron/job", "/api/v1/sinkron/log"} <= set(paths)
