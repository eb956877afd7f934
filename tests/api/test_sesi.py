"""POST /sesi/masuk and /sesi/keluar: NIP + password, JSON errors, django-axes lockout, CSRF for writes."""

import pytest
from django.test import Client

from kinerja.api.keys import apikey_create

PASSWORD = "rahasia-uji-123"


def masuk(client, nip, password):
    return client.post(
        "/api/v1/sesi/masuk", {"nip": nip, "password": password}, content_type="application/json"
    )


def test_login_starts_a_session_and_returns_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    r = masuk(client, org.staf.nip, PASSWORD)
    assert r.status_code == 200
    body = r.json()
    assert body["username"] == org.staf.nip and body["nama"] == org.staf.nama and body["peran"] == "PEGAWAI"
    assert body["csrf_token"]
    assert client.get("/api/v1/sistem/saya").json()["pegawai_nip"] == org.staf.nip


def test_session_writes_need_the_csrf_header(org):
    client = Client(enforce_csrf_checks=True)
    token = masuk(client, org.staf.nip, PASSWORD).json()["csrf_token"]
    assert client.post("/api/v1/sesi/keluar").status_code == 403  # no X-CSRFToken
    r = client.post("/api/v1/sesi/keluar", headers={"X-CSRFToken": token})
    assert r.status_code == 200 and r.json()["pesan"] == "Anda telah keluar."
    r = client.get("/api/v1/sistem/saya")
    assert r.status_code == 401 and r.json()["kode"] == "tidak_terautentikasi"


def test_wrong_password_is_a_json_401_in_indonesian(client, org):
    r = masuk(client, org.staf.nip, "salah")
    assert r.status_code == 401
    body = r.json()
    assert body["kode"] == "gagal_masuk"
    assert body["pesan"] == "NIP atau password salah. Periksa kembali lalu coba lagi."
    assert body["galat"] == [{"field": "password", "pesan": body["pesan"]}]
    assert client.get("/api/v1/sistem/saya").status_code == 401


def test_unknown_nip_and_inactive_account_are_refused_alike(client, org):
    assert masuk(client, "199001012020121999", PASSWORD).status_code == 401
    org.staf2.user.is_active = False
    org.staf2.user.save()
    r = masuk(client, org.staf2.nip, PASSWORD)
    assert r.status_code == 401 and r.json()["kode"] == "gagal_masuk"


def test_api_key_service_account_cannot_log_in(client, org):
    key, _ = apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem TPP", akses="TULIS")
    assert masuk(client, key.akun.username, "").status_code == 401


def test_missing_field_is_a_422_per_field(client, org):
    r = client.post("/api/v1/sesi/masuk", {"nip": org.staf.nip}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["kode"] == "validasi"
    assert r.json()["galat"] == [{"field": "password", "pesan": "Wajib diisi."}]


def test_repeated_failures_lock_the_nip_as_on_the_login_page(client, org, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        masuk(client, org.staf.nip, "salah")
    r = masuk(client, org.staf.nip, PASSWORD)  # even the right password
    assert r.status_code == 429
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["kode"] == "terkunci"
    assert "Akun sementara terkunci" in r.json()["pesan"]
    assert client.get("/api/v1/sistem/saya").status_code == 401
    # Another NIP is not locked.
    assert masuk(client, org.staf2.nip, PASSWORD).status_code == 200


@pytest.mark.parametrize("method", ["get", "put"])
def test_login_accepts_only_post(client, org, method):
    r = getattr(client, method)("/api/v1/sesi/masuk")
    assert r.status_code == 405
