"""Pengaturan Kinerja Harian: the service (validation, rights, audit) and the admin page (exists with the feature
off; it is where the feature is switched on)."""

import pytest
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian import pengaturan as switch
from kinerja.harian.models import PengaturanHarian
from kinerja.harian.services.pengaturan import pengaturan_simpan

URL = "harian:pengaturan"
VALID = {
    "aktif": True,
    "hari_mundur": 7,
    "realisasi_bulanan_diubah": True,
    "rumus_tpp": "TERBOBOT",
    "batas_capaian": 120,
    "bobot_utama": 70,
}


def test_service_creates_then_updates_with_audit(org):
    row = pengaturan_simpan(actor=org.admin, instansi=org.instansi, **VALID)
    assert switch.aktif(org.instansi.pk) and row.rumus_tpp == "TERBOBOT" and row.batas_capaian == 120
    first = AuditEvent.objects.get(action="harian.pengaturan_ubah")
    assert first.before is None and first.after["hari_mundur"] == 7 and first.instansi_id == org.instansi.pk
    pengaturan_simpan(actor=org.admin, instansi=org.instansi, aktif=False)
    row.refresh_from_db()
    assert row.aktif is False and row.hari_mundur == 7  # only the values given change
    last = AuditEvent.objects.filter(action="harian.pengaturan_ubah").latest("pk")
    assert last.before["aktif"] is True and last.after["aktif"] is False
    assert PengaturanHarian.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "pesan"),
    [
        ({"batas_capaian": 0}, "batas_capaian", "antara 1 dan 200"),
        ({"batas_capaian": 201}, "batas_capaian", "antara 1 dan 200"),
        ({"bobot_utama": -1}, "bobot_utama", "antara 0 dan 100"),
        ({"bobot_utama": 101}, "bobot_utama", "antara 0 dan 100"),
        ({"hari_mundur": 367}, "hari_mundur", "antara 0 dan 366"),
        ({"hari_mundur": "5"}, "hari_mundur", "antara 0 dan 366"),
        ({"rumus_tpp": "MEDIAN"}, "rumus_tpp", "Pilih rumus"),
        ({"aktif": "ya"}, "aktif", "ya atau tidak"),
    ],
)
def test_service_validates(org, values, field, pesan):
    with pytest.raises(DomainError, match=pesan) as exc:
        pengaturan_simpan(actor=org.admin, instansi=org.instansi, **values)
    assert exc.value.field == field
    assert not PengaturanHarian.objects.exists() and not AuditEvent.objects.exists()


def test_service_bounds_are_accepted(org):
    row = pengaturan_simpan(
        actor=org.admin, instansi=org.instansi, batas_capaian=200, bobot_utama=0, hari_mundur=0
    )
    assert (row.batas_capaian, row.bobot_utama, row.hari_mundur) == (200, 0, 0)
    row = pengaturan_simpan(actor=org.admin, instansi=org.instansi, batas_capaian=1, bobot_utama=100)
    assert (row.batas_capaian, row.bobot_utama) == (1, 100)


def test_service_rights(org, other_org, admin_nasional):
    for user in (org.staf.user, other_org.admin):
        with pytest.raises(PermissionDeniedError):
            pengaturan_simpan(actor=user, instansi=org.instansi, aktif=True)
    assert not PengaturanHarian.objects.exists()
    pengaturan_simpan(actor=admin_nasional, instansi=org.instansi, aktif=True)
    assert switch.aktif(org.instansi.pk)


def form_data(**over):
    data = {k: v for k, v in {**VALID, **over}.items() if v is not False}
    return {k: ("on" if v is True else v) for k, v in data.items()}


def test_page_exists_with_the_feature_off_and_switches_it_on(client, org):
    client.force_login(org.admin)
    r = client.get(reverse(URL))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Pengaturan Kinerja Harian" in html and "Tidak aktif" in html
    assert r.context["form"]["batas_capaian"].value() == 100  # the defaults
    r = client.post(reverse(URL), form_data(), follow=True)
    assert "Pengaturan kinerja harian disimpan." in r.content.decode()
    row = PengaturanHarian.objects.get(instansi=org.instansi)
    assert row.aktif and row.hari_mundur == 7 and row.realisasi_bulanan_diubah and row.bobot_utama == 70
    r = client.post(reverse(URL), form_data(aktif=False, realisasi_bulanan_diubah=False), follow=True)
    row.refresh_from_db()
    assert row.aktif is False and row.realisasi_bulanan_diubah is False


def test_page_keeps_input_and_shows_errors_next_to_fields(client, org):
    client.force_login(org.admin)
    r = client.post(reverse(URL), form_data(batas_capaian=500, bobot_utama="abc"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Isi angka antara 1 dan 200." in html and "Isi angka antara 0 dan 100." in html
    assert 'value="500"' in html and 'data-field-error="batas_capaian"' in html
    assert not PengaturanHarian.objects.exists()


def test_page_rights(client, org, other_org, admin_nasional):
    client.force_login(org.staf.user)
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), form_data()).status_code == 403
    # The other instansi's admin edits only their own instansi, whatever ?instansi= says.
    client.force_login(other_org.admin)
    client.post(reverse(URL) + f"?instansi={org.instansi.pk}", form_data())
    assert not switch.aktif(org.instansi.pk) and switch.aktif(other_org.instansi.pk)
    # The admin nasional picks the instansi.
    client.force_login(admin_nasional)
    r = client.get(reverse(URL))
    assert r.status_code == 200 and "Pilih instansi" in r.content.decode()
    r = client.post(reverse(URL) + f"?instansi={org.instansi.pk}", form_data(), follow=True)
    assert switch.aktif(org.instansi.pk) and r.context["instansi"] == org.instansi
    assert client.get(reverse(URL) + "?instansi=999999").status_code == 404
