"""API authentication: session, API keys (read/write, revoked), JSON errors."""

import pytest

from kinerja.api.keys import apikey_create, apikey_revoke
from kinerja.core.models import AuditEvent


@pytest.fixture
def keys(org):
    baca, baca_raw = apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem TPP", akses="BACA")
    tulis, tulis_raw = apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem SDM", akses="TULIS")
    return baca, baca_raw, tulis, tulis_raw


def test_anonymous_gets_json_401(client):
    r = client.get("/api/v1/sistem/saya")
    assert r.status_code == 401
    assert r.json()["kode"] == "tidak_terautentikasi"


def test_session_user(client, org):
    client.force_login(org.staf.user)
    r = client.get("/api/v1/sistem/saya")
    assert r.status_code == 200
    assert r.json()["pegawai_nip"] == org.staf.nip


def test_key_acts_as_its_service_account(client, org, keys):
    baca, baca_raw, *_ = keys
    r = client.get("/api/v1/sistem/saya", headers={"Authorization": f"Bearer {baca_raw}"})
    assert r.status_code == 200
    assert r.json()["api_key"] == baca.prefix
    assert r.json()["instansi_id"] == org.instansi.pk
    assert AuditEvent.objects.filter(action="apikey.buat").count() == 2


def test_wrong_and_revoked_keys_are_refused(client, org, keys):
    baca, baca_raw, *_ = keys
    assert client.get("/api/v1/sistem/saya", headers={"Authorization": "Bearer ekn_x_y"}).status_code == 401
    apikey_revoke(actor=org.admin, key=baca)
    assert (
        client.get("/api/v1/sistem/saya", headers={"Authorization": f"Bearer {baca_raw}"}).status_code == 401
    )


def test_other_admin_cannot_create_or_revoke(org, other_org, keys):
    from kinerja.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        apikey_create(actor=other_org.admin, instansi=org.instansi, nama="X", akses="BACA")
    with pytest.raises(PermissionDeniedError):
        apikey_revoke(actor=other_org.admin, key=keys[0])
    with pytest.raises(PermissionDeniedError):
        apikey_create(actor=org.staf.user, instansi=org.instansi, nama="X", akses="BACA")


def test_openapi_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "e-Kinerja API"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisasi/pegawai?unit_kerja=4287851772164768075350016",
        "/api/v1/organisasi/unit-kerja/99999999999999999999999",
        "/api/v1/penilaian/99999999999999999999",
        "/api/v1/keluaran/2026/999999999999999999999999999999",
    ],
)
def test_numbers_beyond_the_database_are_bad_input_not_500(client, org, url):
    client.force_login(org.admin)
    r = client.get(url)
    assert r.status_code < 500  # PostgreSQL simply finds nothing; SQLite cannot bind the number (422)
    if r.status_code >= 400:
        assert r.json()["kode"] in ("validasi", "tidak_ditemukan")


def test_wrong_method_is_json_405(client, org):
    client.force_login(org.admin)
    r = client.delete("/api/v1/sistem/saya")
    assert r.status_code == 405
    assert r.json()["kode"] == "metode_tidak_didukung"
    assert "GET" in r["Allow"]
