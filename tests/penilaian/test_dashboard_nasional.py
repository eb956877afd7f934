"""Dashboard Nasional: numbers per instansi from the summary, rights, bad filters, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.penilaian.services import evaluasi

from ..factories import InstansiFactory, UnitKerjaFactory
from .conftest import YEAR

URL = reverse("penilaian:dashboard_nasional")


@pytest.fixture
def o(nilai_org):
    o = nilai_org
    for aspek in ("hasil_kerja", "perilaku"):
        evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek=aspek, rating="SESUAI")
    return o


def test_numbers_per_instansi_and_total(o, client, admin_nasional):
    client.force_login(admin_nasional)
    response = client.get(URL, {"tahun": YEAR})
    assert response.status_code == 200
    (row,) = response.context["page"].object_list
    assert row.instansi == o.instansi
    assert row.angka["skp"] == 2  # kabid and staf have approved SKPs (kaban has no assessor)
    assert (row.angka["ditambah"], row.angka["dinilai"], row.angka["predikat_BAIK"]) == (1, 1, 1)
    assert row.persen == 50.0
    assert response.context["total"]["persen"] == 50.0
    html = response.content.decode()
    assert o.instansi.nama in html and "Distribusi Predikat Nasional" in html
    assert f"?instansi={o.instansi.pk}&amp;periode={o.periode['final'].pk}" in html


def test_other_years_and_search(o, client, admin_nasional):
    client.force_login(admin_nasional)
    assert not client.get(URL, {"tahun": YEAR - 1}).context["page"].object_list
    assert not client.get(URL, {"tahun": YEAR, "q": "tidak ada"}).context["page"].object_list
    assert client.get(URL, {"tahun": YEAR, "q": o.instansi.nama[:8].lower()}).context["page"].object_list


@pytest.mark.parametrize(
    "params", [{"tahun": "abc"}, {"tahun": "99999999999"}, {"urutan": "<script>"}, {"page": "x"}]
)
def test_bad_filters_fall_back_to_defaults(o, client, admin_nasional, params):
    client.force_login(admin_nasional)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_only_the_national_admin(o, client, other_org):
    assert client.get(URL).status_code == 302  # anonymous → login
    for user in (o.admin, other_org.admin, o.staf.user, o.kabid.user):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def _instansi_with_final(n: int) -> None:
    """n more instansi, each with two units' summary rows for the Final of the year (what the page reads)."""
    from kinerja.penilaian.models import PeriodePenilaian, RingkasanUnit

    for i in range(n):
        inst = InstansiFactory(nama=f"Pemerintah Kab. Tambahan {i}")
        final = PeriodePenilaian.objects.create(
            instansi=inst,
            nama=f"Tahun {YEAR}",
            jenis="FINAL",
            awal="01-01",
            akhir="12-31",
            batas="01-31",
            tahun=YEAR,
        )
        for j in range(2):
            unit = UnitKerjaFactory(instansi=inst, nama=f"DINAS {i}-{j}", eselon="22", jenis_induk="JPT")
            RingkasanUnit.objects.create(
                instansi=inst, unit_kerja=unit, periode=final, tahun=YEAR, jenis="FINAL", skp=10, ditambah=9,
                dinilai=8, predikat_BAIK=8,
            )  # fmt: skip


def test_query_count_is_constant(o, client, admin_nasional):
    client.force_login(admin_nasional)
    client.get(URL, {"tahun": YEAR})
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"tahun": YEAR})
    _instansi_with_final(3)
    with CaptureQueriesContext(connection) as big:
        response = client.get(URL, {"tahun": YEAR})
    assert len(response.context["page"].object_list) == 4
    assert response.context["total"]["skp"] == 2 + 60
    assert len(small) == len(big) <= 15
