"""Pages: Angka Kredit (own and another's), Keluaran Kinerja (admin list, filters, Excel), Pengaturan Keluaran."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.laporan.models import PengaturanKeluaran

from ..skp.conftest import YEAR
from .conftest import pegawai_dinilai

AK = reverse("laporan:angka_kredit")
LIST = reverse("laporan:keluaran_admin")
EXCEL = reverse("laporan:keluaran_admin_excel")
SETTINGS = reverse("laporan:pengaturan_keluaran")


def ak_of(nip):
    return reverse("laporan:angka_kredit_pegawai", args=[nip])


def test_employee_sees_their_year_and_angka_kredit(client, ak_org):
    client.force_login(ak_org.staf.user)
    r = client.get(AK)
    assert r.status_code == 200
    html = r.content.decode()
    assert f'data-testid="tahun-{YEAR}"' in html
    assert "Sangat Baik" in html and "18,75" in html and "30,00" in html
    assert f'data-testid="ak-total-{YEAR}">18,75<' in html


def test_non_jf_and_empty_pages(client, ak_org):
    client.force_login(ak_org.kabid.user)  # JA, SKP without a Final period
    html = client.get(AK).content.decode()
    assert 'data-testid="bukan-jf"' in html and "Predikat Final belum ditetapkan" in html
    client.force_login(ak_org.anggota_sub.user)  # no SKP at all
    assert 'data-testid="ak-kosong"' in client.get(AK).content.decode()


def test_unknown_jenjang_is_explained(client, ak_org):
    jabatan = ak_org.staf.jabatan
    jabatan.jenjang = "Jenjang X"
    jabatan.save()
    client.force_login(ak_org.staf.user)
    html = client.get(AK).content.decode()
    assert 'data-testid="jenjang-tidak-dikenal"' in html and "18,75" not in html


def test_assessor_chain_and_admins_see_another_employee_others_get_404(
    client, ak_org, other_org, admin_nasional
):
    o = ak_org
    for user in (o.kabid.user, o.kaban.user, o.admin, admin_nasional):
        client.force_login(user)
        r = client.get(ak_of(o.staf.nip))
        assert r.status_code == 200 and "18,75" in r.content.decode()
    for user in (o.staf2.user, other_org.admin, other_org.pegawai.user):
        client.force_login(user)
        assert client.get(ak_of(o.staf.nip)).status_code == 404
    client.force_login(o.admin)
    assert client.get(AK).status_code == 404  # an admin account is not an employee
    client.logout()
    assert client.get(ak_of(o.staf.nip)).status_code == 302


def test_admin_list_shows_the_instansi_only(client, ak_org, other_org):
    o = ak_org
    lain = pegawai_dinilai(other_org.unit, o.periode["final"])
    client.force_login(o.admin)
    r = client.get(LIST)
    html = r.content.decode()
    assert r.status_code == 200 and o.staf.nip in html and lain.nip not in html
    assert "18,75" in html and "1 pegawai dengan predikat final" in html
    client.force_login(other_org.admin)
    html = client.get(LIST).content.decode()
    assert o.staf.nip not in html and lain.nip in html


def test_pegawai_gets_403_on_admin_pages(client, ak_org):
    client.force_login(ak_org.staf.user)
    assert client.get(LIST).status_code == 403
    assert client.get(EXCEL).status_code == 403
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {}).status_code == 403


def test_admin_list_filters_and_bad_input(client, ak_org):
    o = ak_org
    sub = pegawai_dinilai(o.subbidang, o.periode["final"])
    client.force_login(o.admin)
    html = client.get(LIST, {"q": sub.nip}).content.decode()
    assert sub.nip in html and o.staf.nip not in html
    html = client.get(LIST, {"unit": o.subbidang.pk}).content.decode()
    assert sub.nip in html and o.staf.nip not in html
    html = client.get(LIST, {"tahun": YEAR - 5}).content.decode()
    assert "Pilih tahun dari daftar." in html  # an unknown year: a message, this year's list, never a 500
    r = client.get(LIST, {"tahun": "abc", "unit": "xyz", "page": "999"})
    assert r.status_code == 200 and sub.nip in r.content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(LIST)
    assert r.status_code == 200
    return len(ctx)


def test_admin_list_queries_are_constant(client, ak_org):
    o = ak_org
    client.force_login(o.admin)
    for _ in range(2):
        pegawai_dinilai(o.bidang, o.periode["final"])
    small = _list_queries(client)
    for _ in range(8):
        pegawai_dinilai(o.subbidang, o.periode["final"], jenjang="Penyelia")
    assert _list_queries(client) == small


def test_admin_list_paginates(client, ak_org, settings):
    o = ak_org
    for _ in range(51):
        pegawai_dinilai(o.bidang, o.periode["final"])
    client.force_login(o.admin)
    html = client.get(LIST).content.decode()
    assert html.count('data-testid="baris-keluaran"') == 50 and "Halaman 1 dari 2" in html
    assert client.get(LIST, {"page": 2}).content.decode().count('data-testid="baris-keluaran"') == 2


def test_excel_has_one_row_per_employee_with_the_values(client, ak_org, other_org):
    o = ak_org
    pegawai_dinilai(other_org.unit, o.periode["final"])
    client.force_login(o.admin)
    r = client.get(EXCEL, {"tahun": YEAR})
    assert r.status_code == 200 and r["Content-Disposition"].endswith(f'-{YEAR}.xlsx"')
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["NIP"] == o.staf.nip and row["Tahun"] == YEAR
    assert row["Predikat Kinerja"] == "Sangat Baik" and row["Kode Hasil Kerja"] == 3
    assert row["Nilai"] == 100 and float(row["Komponen Kinerja IP ASN"]) == 30.0 and row["Kode Kuadran"] == 1
    assert float(row["Angka Kredit"]) == 18.75 and row["Jenjang JF"] == "Ahli Pertama"
    assert "12 bulan, Sangat Baik, AK 18.75" in row["Rincian Angka Kredit"]


def test_settings_page_keeps_input_on_error_and_saves(client, ak_org, other_org):
    o = ak_org
    client.force_login(o.admin)
    r = client.get(SETTINGS)
    assert r.status_code == 200 and 'value="80"' in r.content.decode()
    data = {"kode_DIBAWAH": 1, "kode_SESUAI": 2, "kode_DIATAS": 3}
    nilai = {"nilai_SANGAT_BAIK": 70, "nilai_BAIK": 90, "nilai_BUTUH_PERBAIKAN": 60, "nilai_KURANG": 40}
    r = client.post(SETTINGS, {**data, **nilai, "nilai_SANGAT_KURANG": 20})
    html = r.content.decode()
    assert r.status_code == 200 and "harus naik dari Sangat Kurang sampai Sangat Baik" in html
    assert 'value="90"' in html and not PengaturanKeluaran.objects.exists()
    r = client.post(SETTINGS, {**data, **nilai, "nilai_SANGAT_KURANG": "abc"})
    assert r.status_code == 200 and 'data-field-error="nilai_SANGAT_KURANG"' in r.content.decode()
    nilai["nilai_SANGAT_BAIK"] = 95
    r = client.post(SETTINGS, {**data, **nilai, "nilai_SANGAT_KURANG": 20})
    assert r.status_code == 302
    assert PengaturanKeluaran.objects.get(instansi=o.instansi).nilai_predikat["SANGAT_BAIK"] == 95
    client.force_login(o.staf.user)
    assert "28,50" in client.get(AK).content.decode()  # 95 x 30 / 100


def test_national_admin_settings_need_an_instansi(client, ak_org, admin_nasional):
    client.force_login(admin_nasional)
    assert client.get(SETTINGS).status_code == 404
    assert client.get(SETTINGS, {"instansi": ak_org.instansi.pk}).status_code == 200


def test_national_admin_list_shows_every_instansi_and_filters_one(client, ak_org, other_org, admin_nasional):
    lain = pegawai_dinilai(other_org.unit, ak_org.periode["final"])
    client.force_login(admin_nasional)
    html = client.get(LIST).content.decode()
    assert ak_org.staf.nip in html and lain.nip in html and other_org.instansi.nama in html
    html = client.get(LIST, {"instansi": other_org.instansi.pk}).content.decode()
    assert ak_org.staf.nip not in html and lain.nip in html
    r = client.get(EXCEL, {"instansi": other_org.instansi.pk})
    assert r.status_code == 200 and "nasional" in r["Content-Disposition"]
