"""Daftar SKP pages: list, Tambah Periode SKP, Edit, Hapus, Mutasi — with rights and bad input."""

import datetime

import pytest
from django.urls import reverse

from kinerja.skp.models import Skp

from .conftest import YEAR, make_skp

D = datetime.date


def test_daftar_lists_only_my_skps_with_the_seed_columns(client, skp_org):
    client.force_login(skp_org.staf.user)
    page = client.get(reverse("skp:daftar")).content.decode()
    for label in (
        "Periode",
        "Status",
        "Pendekatan",
        "Keterangan",
        "Unit Kerja",
        "Jabatan",
        "Status Pegawai",
        "Jenis Pegawai",
        "Detail SKP",
        "Tambah Periode SKP",
        f"1 Januari {YEAR} - 31 Desember {YEAR}",
    ):
        assert label in page
    assert page.count('data-testid="skp-row"') == 1
    assert "Matriks Peran Hasil" not in page  # a plain pegawai
    client.force_login(skp_org.kabid.user)
    assert "Matriks Peran Hasil" in client.get(reverse("skp:daftar")).content.decode()


def test_tambah_creates_and_bad_input_keeps_what_was_typed(client, org):
    client.force_login(org.staf.user)
    data = {
        "periode_awal": f"{YEAR}-06-01",
        "periode_akhir": f"{YEAR + 1}-05-31",
        "pendekatan": "KUALITATIF",
        "status_pegawai": "DEFINITIF",
    }
    response = client.post(reverse("skp:tambah"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "satu tahun kalender" in page
    assert f'value="{YEAR}-06-01"' in page and 'value="KUALITATIF" selected' in page
    assert not Skp.objects.exists()
    data["periode_akhir"] = f"{YEAR}-12-31"
    assert client.post(reverse("skp:tambah"), data).status_code == 302
    assert Skp.objects.get().pendekatan == "KUALITATIF"
    response = client.post(reverse("skp:tambah"), {"periode_awal": "", "periode_akhir": "bukan tanggal"})
    assert (
        "Tanggal wajib diisi." in response.content.decode()
        and "Tanggal tidak valid." in response.content.decode()
    )


def test_plt_without_assignment_is_explained(client, org):
    client.force_login(org.staf.user)
    data = {
        "periode_awal": f"{YEAR}-01-01",
        "periode_akhir": f"{YEAR}-12-31",
        "pendekatan": "KUANTITATIF",
        "status_pegawai": "PLT",
    }
    page = client.post(reverse("skp:tambah"), data).content.decode()
    assert "tidak memiliki penugasan PLT/PLH yang aktif" in page


def test_edit_hapus_and_mutasi_of_someone_else_are_404(client, skp_org):
    client.force_login(skp_org.staf2.user)
    pk = skp_org.skp_staf.pk
    assert client.get(reverse("skp:edit", args=[pk])).status_code == 404
    assert client.post(reverse("skp:hapus", args=[pk])).status_code == 404
    assert client.get(reverse("skp:mutasi", args=[pk])).status_code == 404
    assert Skp.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("name", ["skp:daftar", "skp:tambah"])
def test_anonymous_goes_to_login_and_account_without_pegawai_gets_404(client, admin_nasional, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(admin_nasional)
    assert client.get(reverse(name)).status_code == 404


def test_edit_dates_and_hapus(client, org):
    skp = make_skp(org.staf)
    client.force_login(org.staf.user)
    response = client.post(
        reverse("skp:edit", args=[skp.pk]),
        {"periode_awal": f"{YEAR}-01-01", "periode_akhir": f"{YEAR}-09-30"},
    )
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.periode_akhir == D(YEAR, 9, 30)
    response = client.post(reverse("skp:hapus", args=[skp.pk]), follow=True)
    assert "Periode SKP telah dihapus." in response.content.decode()
    assert not Skp.objects.exists()


def test_mutasi_page(client, skp_org):
    client.force_login(skp_org.staf.user)
    url = reverse("skp:mutasi", args=[skp_org.skp_staf.pk])
    assert "TMT Jabatan / Unit Kerja Baru" in client.get(url).content.decode()
    data = {
        "tmt": f"{YEAR}-01-01",
        "unit_kerja": skp_org.subbidang.pk,
        "jabatan": skp_org.staf.jabatan_id,
        "pendekatan": "KUANTITATIF",
        "salin_rhk": "on",
    }
    page = client.post(url, data).content.decode()
    assert "harus sesudah awal periode SKP lama" in page
    data["tmt"] = f"{YEAR}-07-01"
    assert client.post(url, data).status_code == 302
    assert Skp.objects.filter(pegawai=skp_org.staf).count() == 2


def test_daftar_query_count_is_constant(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.staf.user)
    make_skp(org.staf, D(YEAR, 1, 1), D(YEAR, 3, 31))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("skp:daftar"))
    for month in range(4, 13):
        make_skp(org.staf, D(YEAR, month, 1), D(YEAR, month, 28))
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("skp:daftar"))
    assert len(small.captured_queries) == len(big.captured_queries)
