"""The admin's SKP pages: Daftar SKP Instansi and Rekap SKP per unit kerja (rights, filters, Excel, queries)."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.skp.models import Skp
from kinerja.skp.services import workflow
from tests.factories import PegawaiFactory, UnitKerjaFactory

from .conftest import YEAR, make_skp

LIST, LIST_XLSX = "skp:admin_list", "skp:admin_list_excel"
REKAP, REKAP_XLSX = "skp:admin_rekap", "skp:admin_rekap_excel"
ALL_URLS = [LIST, LIST_XLSX, REKAP, REKAP_XLSX]


@pytest.fixture
def data(skp_org, other_org):
    """skp_org's three SKPs: staf's approved, kabid's submitted, kaban's a draft; plus a draft elsewhere."""
    o = skp_org
    workflow.skp_ajukan(actor=o.kabid.user, skp=o.skp_kabid)
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    o.skp_lain = make_skp(other_org.pegawai)
    o.other = other_org
    return o


def rows_of(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split('data-testid="tabel-skp"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="text-nowrap small">(\d{18})</td>', body)


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )


# --- rights -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_goes_to_login_and_a_pegawai_gets_403(client, skp_org, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (skp_org.staf.user, skp_org.kaban.user):  # leaders are no admins either
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(skp_org.admin)
    assert client.post(url).status_code == 405


def test_instansi_admin_sees_only_own_instansi(client, data):
    o = data
    client.force_login(o.admin)
    nips = rows_of(client.get(reverse(LIST)))
    assert sorted(nips) == sorted([o.kaban.nip, o.kabid.nip, o.staf.nip])
    # another instansi cannot be asked for: the filter does not exist for an instansi admin
    assert sorted(rows_of(client.get(reverse(LIST), {"instansi": o.other.instansi.pk}))) == sorted(nips)
    client.force_login(o.other.admin)
    assert rows_of(client.get(reverse(LIST))) == [o.other.pegawai.nip]
    assert rows_of(client.get(reverse(LIST), {"unit": o.bidang.pk})) == [o.other.pegawai.nip]  # ignored
    text = client.get(reverse(REKAP)).content.decode()
    assert "BIDANG UJI" not in text and "DINAS LAIN" in text
    assert [r[0] for r in xlsx_rows(client.get(reverse(LIST_XLSX)))[1:]] == [o.other.pegawai.nip]


def test_national_admin_sees_all_and_filters_by_instansi(client, data, admin_nasional):
    o = data
    client.force_login(admin_nasional)
    response = client.get(reverse(LIST))
    assert len(rows_of(response)) == 4
    assert "Pemerintah Kab. Lain" in response.content.decode()
    assert rows_of(client.get(reverse(LIST), {"instansi": o.other.instansi.pk})) == [o.other.pegawai.nip]
    rekap = client.get(reverse(REKAP), {"instansi": o.instansi.pk}).content.decode()
    assert "BIDANG UJI" in rekap and "DINAS LAIN" not in rekap
    header = xlsx_rows(client.get(reverse(LIST_XLSX)))[0]
    assert header[-1] == "Instansi"


# --- Daftar SKP Instansi ----------------------------------------------------------------------------------


def test_list_columns_and_links(client, data):
    o = data
    client.force_login(o.admin)
    response = client.get(reverse(LIST))
    html = response.content.decode()
    for header in ("NIP", "Nama", "Unit Kerja", "Periode", "Pendekatan", "Status", "Pejabat Penilai"):
        assert f"<th>{header}</th>" in html
    assert f'1 Januari {YEAR} -</span> <span class="text-nowrap">31 Desember {YEAR}' in html
    assert "Kuantitatif" in html and "PERSETUJUAN" in html and "PENGAJUAN" in html and "DRAFT" in html
    assert o.kabid.nama in html  # as staf's pejabat penilai
    assert "Belum ada" in html  # kaban has no assessor
    for skp in (o.skp_staf, o.skp_kabid, o.skp_kaban):
        assert reverse("skp:detail", args=[skp.pk]) in html
    assert "Detail SKP" in html and "Unduh Excel" in html
    # the admin's "Detail SKP" opens (read-only) for every status
    for skp in (o.skp_staf, o.skp_kaban):
        assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200


def test_list_filters(client, data):
    o = data
    client.force_login(o.admin)
    url = reverse(LIST)
    assert rows_of(client.get(url, {"status": "PERSETUJUAN"})) == [o.staf.nip]
    assert rows_of(client.get(url, {"status": "PENGAJUAN"})) == [o.kabid.nip]
    assert rows_of(client.get(url, {"q": o.staf.nip[:10]})) == [o.staf.nip]
    assert rows_of(client.get(url, {"q": "kepala bid"})) == [o.kabid.nip]
    assert sorted(rows_of(client.get(url, {"unit": o.bidang.pk}))) == sorted([o.kabid.nip, o.staf.nip])
    assert rows_of(client.get(url, {"unit": o.badan.pk})) == [o.kaban.nip]
    assert len(rows_of(client.get(url, {"unit": o.badan.pk, "sub_unit": "on"}))) == 3
    assert len(rows_of(client.get(url, {"tahun": YEAR}))) == 3
    lama = make_skp(o.staf2, datetime.date(YEAR - 1, 3, 1), datetime.date(YEAR - 1, 12, 31))
    assert rows_of(client.get(url, {"tahun": YEAR - 1})) == [lama.pegawai_nip]
    html = client.get(url, {"tahun": YEAR - 1}).content.decode()
    assert f'<option value="{YEAR - 1}" selected>' in html
    # the Excel file follows the filters over every page
    rows = xlsx_rows(client.get(reverse(LIST_XLSX), {"status": "PERSETUJUAN"}))
    assert rows[0][:3] == ("NIP", "Nama", "Jabatan")
    assert len(rows) == 2 and rows[1][0] == o.staf.nip and rows[1][8] == "PERSETUJUAN"
    assert rows[1][11] == o.kabid.nama_lengkap


def test_bad_filters_are_shown_next_to_the_field_and_kept(client, data):
    client.force_login(data.admin)
    response = client.get(reverse(LIST), {"tahun": "abc", "status": "SALAH", "q": "STAF"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "tahun" in form.errors and "status" in form.errors
    html = response.content.decode()
    assert 'value="STAF"' in html and "is-invalid" in html
    assert rows_of(response) == [data.staf.nip]  # the valid filter still applies
    assert client.get(reverse(REKAP), {"tahun": "1800"}).status_code == 200
    assert client.get(reverse(LIST), {"unit": "abc", "page": "999"}).status_code == 200


# --- Rekap SKP --------------------------------------------------------------------------------------------


def rekap_rows(response) -> dict[str, list[int]]:
    assert response.status_code == 200
    html = response.content.decode()
    out = {}
    for row in re.findall(r'<tr[^>]*data-testid="rekap-(?:baris|total)"[^>]*>(.*?)</tr>', html, re.S):
        cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        out[cells[0][0] if cells[0][0] == "Total" else " ".join(cells[0][:2])] = [
            int(c[0]) for c in cells[1:]
        ]
    return out


def test_rekap_counts_per_status_per_unit_with_a_total_row(client, data):
    o = data
    make_skp(o.staf2)  # a second draft in BIDANG UJI
    make_skp(o.anggota_sub, datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31))  # another year
    client.force_login(o.admin)
    assert rekap_rows(client.get(reverse(REKAP))) == {  # this year unless asked otherwise
        "BADAN UJI": [1, 0, 0, 1],
        "BIDANG UJI": [1, 1, 1, 3],
        "Total": [2, 1, 1, 4],
    }
    assert rekap_rows(client.get(reverse(REKAP), {"tahun": YEAR - 1})) == {
        "SUBBIDANG UJI": [1, 0, 0, 1],
        "Total": [1, 0, 0, 1],
    }
    assert rekap_rows(client.get(reverse(REKAP), {"tahun": YEAR, "unit": o.bidang.pk})) == {
        "BIDANG UJI": [1, 1, 1, 3],
        "Total": [1, 1, 1, 3],
    }
    html = client.get(reverse(REKAP)).content.decode()
    assert f"?unit={o.bidang.pk}&amp;tahun={YEAR}&amp;status=PENGAJUAN" in html  # counts open the list
    workbook = xlsx_rows(client.get(reverse(REKAP_XLSX), {"tahun": YEAR}))
    assert workbook[0] == ("Unit Kerja", "ID Unor", "DRAFT", "PENGAJUAN", "PERSETUJUAN", "Total")
    assert workbook[-1] == ("Total", None, 2, 1, 1, 4)
    assert [r[0] for r in workbook[1:-1]] == ["BADAN UJI", "BIDANG UJI"]


def test_rekap_without_skp_says_so(client, org):
    client.force_login(org.admin)
    html = client.get(reverse(REKAP), {"tahun": YEAR}).content.decode()
    assert "Belum ada SKP pada tahun" in html and 'data-testid="rekap-total"' not in html


# --- constant queries -------------------------------------------------------------------------------------


def _grow(o, n: int) -> None:
    """n more SKPs spread over new units, written directly (the services' checks are not under test here)."""
    units = [UnitKerjaFactory(instansi=o.instansi, parent=o.badan) for _ in range(4)]
    people = [PegawaiFactory(unit_kerja=u) for u in units]
    statuses = ["DRAFT", "PENGAJUAN", "PERSETUJUAN"]
    Skp.objects.bulk_create(
        Skp(
            pegawai=people[i % 4],
            instansi=o.instansi,
            unit_kerja=units[i % 4],
            periode_awal=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=i),
            periode_akhir=datetime.date(YEAR, 12, 31),
            status=statuses[i % 3],
            model="JA_JF",
            jenis_pegawai="PEGAWAI",
            pegawai_nama=f"PEGAWAI SKP {i}",
            pegawai_nip=people[i % 4].nip,
            pegawai_unit=units[i % 4].nama,
            penilai=o.kabid,
            penilai_nama=o.kabid.nama,
            penilai_nip=o.kabid.nip,
        )
        for i in range(n)
    )


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("nasional", [False, True])
def test_pages_use_a_constant_number_of_queries(client, data, admin_nasional, nasional):
    o = data
    client.force_login(admin_nasional if nasional else o.admin)
    cases = [
        (LIST, {}),
        (LIST, {"unit": o.badan.pk, "sub_unit": "on", "status": "DRAFT", "tahun": YEAR, "q": "pegawai"}),
        (LIST_XLSX, {}),
        (REKAP, {"tahun": YEAR}),
        (REKAP, {"tahun": YEAR, "unit": o.badan.pk}),
        (REKAP_XLSX, {"tahun": YEAR}),
    ]
    if nasional:
        cases.append((LIST, {"instansi": o.instansi.pk}))
    _grow(o, 6)
    small = [_count(client, reverse(name), params) for name, params in cases]
    _grow(o, 150)  # more than a page of SKPs, over more units
    big = [_count(client, reverse(name), params) for name, params in cases]
    assert big == small
    response = client.get(reverse(LIST))
    assert len(rows_of(response)) == 50 and response.context["page_obj"].paginator.num_pages == 4
