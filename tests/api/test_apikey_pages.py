"""Admin page API Key: list, create (full key shown once), revoke with confirmation; rights; Unduh Excel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.api.keys import apikey_create
from kinerja.api.models import ApiKey
from kinerja.core.models import AuditEvent


@pytest.fixture
def key_a(org):
    return apikey_create(actor=org.admin, instansi=org.instansi, nama="Aplikasi TPP", akses="BACA")[0]


@pytest.fixture
def key_b(other_org):
    return apikey_create(
        actor=other_org.admin, instansi=other_org.instansi, nama="SIMPEG Lain", akses="TULIS"
    )[0]


def test_list_shows_own_instansi_keys(client, org, key_a, key_b):
    client.force_login(org.admin)
    r = client.get(reverse("api_key_list"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "Aplikasi TPP" in page and f"ekn_{key_a.prefix}_" in page and "Baca saja" in page
    assert "Belum pernah" in page and "Aktif" in page
    assert "SIMPEG Lain" not in page
    # An instansi admin cannot switch to another instansi by query.
    assert (
        "SIMPEG Lain"
        not in client.get(reverse("api_key_list"), {"instansi": key_b.instansi_id}).content.decode()
    )


def test_national_admin_picks_an_instansi(client, org, admin_nasional, key_a, key_b):
    client.force_login(admin_nasional)
    page = client.get(reverse("api_key_list")).content.decode()
    assert 'data-testid="pilih-instansi"' in page and "tabel-apikey" not in page
    page = client.get(reverse("api_key_list"), {"instansi": key_b.instansi_id}).content.decode()
    assert "SIMPEG Lain" in page and "Aplikasi TPP" not in page
    assert client.get(reverse("api_key_list"), {"instansi": 99999999}).status_code == 404


def test_pegawai_gets_403_and_anonymous_goes_to_login(client, org, key_a):
    assert client.get(reverse("api_key_list")).status_code == 302
    client.force_login(org.staf.user)
    assert client.get(reverse("api_key_list")).status_code == 403
    assert client.get(reverse("api_key_create")).status_code == 403
    assert client.post(reverse("api_key_create"), {"nama": "X", "akses": "BACA"}).status_code == 403
    assert client.post(reverse("api_key_revoke", args=[key_a.pk])).status_code == 403
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().aktif


def test_create_shows_the_full_key_once(client, org):
    client.force_login(org.admin)
    assert client.get(reverse("api_key_create")).status_code == 200
    r = client.post(reverse("api_key_create"), {"nama": "Aplikasi TPP", "akses": "TULIS"})
    assert r.status_code == 200
    assert r["Cache-Control"].startswith("max-age=0") and "no-store" in r["Cache-Control"]
    key = ApiKey.objects.get()
    assert key.instansi == org.instansi and key.akses == "TULIS" and key.dibuat_oleh == org.admin
    raw = r.context["rahasia"]
    assert raw.startswith(f"ekn_{key.prefix}_") and raw in r.content.decode()
    assert "hanya ditampilkan sekali" in r.content.decode()
    assert AuditEvent.objects.filter(action="apikey.buat").count() == 1
    # The list never shows it again; the key works on the API.
    assert raw not in client.get(reverse("api_key_list")).content.decode()
    client.logout()
    saya = client.get("/api/v1/sistem/saya", headers={"Authorization": f"Bearer {raw}"})
    assert saya.status_code == 200 and saya.json()["api_key"] == key.prefix


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"nama": "", "akses": "BACA"}, "nama", "Nama sistem wajib diisi."),
        ({"nama": "x" * 121, "akses": "BACA"}, "nama", "Nama sistem paling banyak 120 karakter."),
        ({"nama": "Sistem", "akses": "SEMUA"}, "akses", "Pilih akses: baca saja atau baca dan tulis."),
    ],
)
def test_create_bad_input_is_explained_next_to_the_field(client, org, data, field, message):
    client.force_login(org.admin)
    r = client.post(reverse("api_key_create"), data)
    assert r.status_code == 200
    page = r.content.decode()
    assert f'data-field-error="{field}"' in page and message in page
    assert ApiKey.objects.count() == 0


def test_revoke_with_confirmation(client, org, key_a):
    client.force_login(org.admin)
    url = reverse("api_key_revoke", args=[key_a.pk])
    r = client.get(url)
    assert r.status_code == 200 and "Ya, Cabut API Key" in r.content.decode()
    key_a.refresh_from_db()
    assert key_a.aktif  # GET changes nothing
    r = client.post(url)
    assert r.status_code == 302 and r["Location"] == reverse("api_key_list")
    key_a.refresh_from_db()
    assert not key_a.aktif and not key_a.akun.is_active
    assert AuditEvent.objects.filter(action="apikey.cabut").count() == 1
    r = client.post(url, follow=True)
    assert "API key ini sudah dicabut." in r.content.decode()
    assert "Dicabut" in client.get(reverse("api_key_list")).content.decode()


def test_revoke_of_another_instansi_is_404(client, org, other_org, key_a):
    client.force_login(other_org.admin)
    assert client.get(reverse("api_key_revoke", args=[key_a.pk])).status_code == 404
    assert client.post(reverse("api_key_revoke", args=[key_a.pk])).status_code == 404
    key_a.refresh_from_db()
    assert key_a.aktif


def test_unduh_excel(client, org, key_a):
    client.force_login(org.admin)
    r = client.get(reverse("api_key_list"), {"unduh": "xlsx"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]


def test_list_queries_constant(client, org):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("api_key_list")).status_code == 200
        return len(ctx)

    client.force_login(org.admin)
    apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem 0", akses="BACA")
    small = count()
    for i in range(1, 8):
        apikey_create(actor=org.admin, instansi=org.instansi, nama=f"Sistem {i}", akses="TULIS")
    assert count() == small
