import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.models import AuditEvent

from ..factories import PegawaiFactory, UnitKerjaFactory

TABS = [
    "org:profil",
    "org:profil_atasan",
    "org:profil_satu_unit",
    "org:profil_bawahan",
    "org:profil_klaim",
    "org:profil_edit",
    "org:profil_struktur",
]


@pytest.mark.parametrize("name", TABS)
def test_every_profil_page_shows_the_logged_in_employee(client, org, name):
    client.force_login(org.staf.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert org.staf.nama.encode() in response.content or org.staf.unit_kerja.nama.encode() in response.content


@pytest.mark.parametrize("name", TABS)
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_account_without_pegawai_gets_404_on_profil(client, admin_nasional):
    client.force_login(admin_nasional)
    assert client.get(reverse("org:profil")).status_code == 404


def test_data_atasan_shows_assessor_or_reason(client, org):
    client.force_login(org.staf.user)
    page = client.get(reverse("org:profil_atasan")).content.decode()
    assert "KEPALA BIDANG" in page and "KEPALA BADAN" in page
    client.force_login(org.anggota_sub.user)
    page = client.get(reverse("org:profil_atasan")).content.decode()
    assert "Unit kerja Anda belum memiliki pimpinan yang melakukan klaim pimpinan" in page


def test_lists_show_only_own_unit_and_own_subordinates(client, org, other_org):
    client.force_login(org.staf.user)
    page = client.get(reverse("org:profil_satu_unit")).content.decode()
    assert "STAF KEDUA" in page and "KEPALA BIDANG" in page
    assert "ANGGOTA SUBBIDANG" not in page and "PEGAWAI LAIN" not in page
    assert "Anda tidak memiliki bawahan" in client.get(reverse("org:profil_bawahan")).content.decode()
    client.force_login(org.kabid.user)
    page = client.get(reverse("org:profil_bawahan")).content.decode()
    assert "STAF BIDANG" in page and "STAF KEDUA" in page and "KEPALA BADAN" not in page


def test_struktur_shows_chain_with_leaders_or_dash(client, org):
    client.force_login(org.anggota_sub.user)
    page = client.get(reverse("org:profil_struktur")).content.decode()
    for unit in ("PEMERINTAH KAB. UJI", "BADAN UJI", "BIDANG UJI", "SUBBIDANG UJI"):
        assert unit in page
    assert f"KEPALA BIDANG (definitif) - {org.kabid.nip}" in page
    assert "22 (Mandiri)" in page
    assert page.count("Pimpinan :\n      -") == 2  # root and subbidang have nobody


def test_klaim_and_lepas_through_the_page(client, org):
    client.force_login(org.anggota_sub.user)
    response = client.post(reverse("org:profil_klaim_submit"), follow=True)
    assert "Anda sekarang berstatus Pimpinan unit kerja." in response.content.decode()
    assert "Lepas Pimpinan Unit Kerja" in response.content.decode()
    response = client.post(reverse("org:profil_lepas"), follow=True)
    assert "Klaim pimpinan unit kerja telah dilepas." in response.content.decode()


def test_klaim_refusal_is_shown_not_500(client, org):
    client.force_login(org.staf.user)
    response = client.post(reverse("org:profil_klaim_submit"), follow=True)
    assert response.status_code == 200
    assert "sudah diklaim oleh KEPALA BIDANG" in response.content.decode()


def test_klaim_needs_post(client, org):
    client.force_login(org.staf.user)
    assert client.get(reverse("org:profil_klaim_submit")).status_code == 405


def test_edit_profil_saves_and_resets_jenis_pegawai(client, org):
    client.force_login(org.kabid.user)
    data = {"unit_kerja": org.subbidang.pk, "jabatan": org.kabid.jabatan_id, "golongan": "IV/a"}
    response = client.post(reverse("org:profil_edit"), data)
    assert response.status_code == 302
    org.kabid.refresh_from_db()
    assert org.kabid.unit_kerja == org.subbidang and org.kabid.jenis_pegawai == "PEGAWAI"


def test_edit_profil_bad_input_keeps_input_and_saves_nothing(client, org, other_org):
    client.force_login(org.staf.user)
    data = {"unit_kerja": other_org.unit.pk, "jabatan": org.staf.jabatan_id, "golongan": "IV/a"}
    response = client.post(reverse("org:profil_edit"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pilih unit kerja dari daftar yang ditampilkan." in page
    assert 'value="IV/a" selected' in page  # the chosen golongan is kept
    org.staf.refresh_from_db()
    assert org.staf.golongan == "III/b" and not AuditEvent.objects.filter(action="profil.update").exists()
    response = client.post(reverse("org:profil_edit"), {"unit_kerja": "", "jabatan": "", "golongan": ""})
    page = response.content.decode()
    assert "Unit kerja wajib dipilih." in page and "Jabatan wajib dipilih." in page


def test_unit_search_is_scoped_to_own_instansi(client, org, other_org):
    client.force_login(org.staf.user)
    names = [r["text"] for r in client.get(reverse("org:unit_search"), {"q": "UJI"}).json()["results"]]
    assert any("BIDANG UJI" in n for n in names)
    assert client.get(reverse("org:unit_search"), {"q": "LAIN"}).json()["results"] == []
    under = client.get(reverse("org:unit_search"), {"q": "UJI", "induk": org.bidang.pk}).json()["results"]
    assert sorted(r["id"] for r in under) == sorted([org.bidang.pk, org.subbidang.pk])
    client.force_login(other_org.admin)
    assert client.get(reverse("org:unit_search"), {"q": "UJI"}).json()["results"] == []


def test_unit_search_requires_login(client, db):
    assert client.get(reverse("org:unit_search"), {"q": "x"}).status_code == 302


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["org:profil_satu_unit", "org:profil_bawahan", "org:profil"])
def test_profil_lists_run_constant_queries_at_10_and_300_employees(client, org, name):
    client.force_login(org.kabid.user)
    PegawaiFactory.create_batch(8, unit_kerja=org.bidang)
    small = _queries(client, reverse(name))
    PegawaiFactory.create_batch(290, unit_kerja=org.bidang)
    for i in range(5):
        PegawaiFactory(
            unit_kerja=UnitKerjaFactory(instansi=org.instansi, parent=org.bidang, nama=f"SEKSI {i}"),
            jenis_pegawai="PIMPINAN",
        )
    assert _queries(client, reverse(name)) == small
