"""Saran realisasi dari CKHP on the Pengisian Bukti Dukung dan Lihat Hasil page: approved entries per month of the
period and their total; "Gunakan saran" prefills Edit Realisasi without saving; nothing with the feature off."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.harian.models import CatatanHarian, PengaturanHarian
from kinerja.harian.selectors.matriks import saran_realisasi
from kinerja.penilaian.models import Realisasi

from ..penilaian.conftest import nilai_org  # noqa: F401  (fixture)
from ..skp.conftest import YEAR

SARAN = "Saran realisasi dari CKHP"


@pytest.fixture
def o(nilai_org, time_machine):  # noqa: F811
    """nilai_org with kinerja harian on, on 15 March, and staf's entries in every status over four months."""
    time_machine.move_to(datetime.datetime(YEAR, 3, 15, 9, 0), tick=False)
    o = nilai_org
    o.pengaturan = PengaturanHarian.objects.create(instansi=o.instansi, aktif=True)
    o.ind = o.rhk_staf.indikator.get()
    for tanggal, nilai, status in [
        ((1, 6), "2", "SETUJU"),
        ((2, 3), "1", "SETUJU"),
        ((2, 4), "2", "SETUJU"),
        ((3, 2), "5", "PERIKSA"),
        ((3, 3), "5", "KONSEP"),
        ((4, 1), "4", "SETUJU"),
    ]:
        catat(o, datetime.date(YEAR, *tanggal), nilai, status)
    return o


def catat(o, tanggal, realisasi, status="SETUJU"):
    return CatatanHarian.objects.create(
        skp=o.skp_staf,
        indikator=o.ind,
        pegawai=o.staf,
        tanggal=tanggal,
        uraian="Menyusun laporan penilaian",
        realisasi=Decimal(realisasi),
        status=status,
    )


def page(client, user, penilaian) -> str:
    client.force_login(user)
    response = client.get(reverse("penilaian:pengisian", args=[penilaian.pk]))
    assert response.status_code == 200
    return response.content.decode()


def saran_box(html: str, ind) -> str:
    return html.split(f'data-testid="saran-{ind.pk}"')[1].split("</div>\n</div>")[0]


def test_selector_sums_approved_entries_per_month_of_the_period(o, django_assert_num_queries):
    with django_assert_num_queries(2):
        saran = saran_realisasi(o.skp_staf, [o.ind], o.tw1.awal, o.tw1.akhir)
    s = saran[o.ind.pk]
    assert s.bulan == [("JAN", Decimal(2)), ("FEB", Decimal(3)), ("MAR", Decimal(0))]
    assert s.total == 5 and s.total_label == "5 Laporan"
    final = saran_realisasi(o.skp_staf, [o.ind], o.final.awal, o.final.akhir)[o.ind.pk]
    assert len(final.bulan) == 12 and final.total == 9


def test_period_page_shows_the_suggestion_month_by_month(client, o):
    box = saran_box(page(client, o.staf.user, o.tw1), o.ind)
    assert SARAN in box and "JAN 2 · FEB 3 · MAR 0" in box and "5 Laporan" in box
    assert "APR" not in box
    final = saran_box(page(client, o.staf.user, o.final), o.ind)
    assert "APR 4" in final and "9 Laporan" in final and "Gunakan saran" in final
    assessor = saran_box(page(client, o.kabid.user, o.final), o.ind)
    assert "9 Laporan" in assessor and "Gunakan saran" not in assessor


def test_gunakan_saran_prefills_edit_realisasi_without_saving(client, o):
    client.force_login(o.staf.user)
    url = reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk])
    html = client.get(url + "?saran=1").content.decode()
    assert "9 Laporan</textarea>" in html and "Catatan kinerja harian yang disetujui" in html
    assert not Realisasi.objects.exists()
    assert "9 Laporan</textarea>" not in client.get(url).content.decode()
    client.post(url, {"realisasi": "10 Laporan", "sumber_data": "Rekap bidang"})  # the employee decides
    assert Realisasi.objects.get().realisasi == "10 Laporan"


def test_nothing_with_the_feature_off(client, o):
    o.pengaturan.aktif = False
    o.pengaturan.save()
    assert SARAN not in page(client, o.staf.user, o.final)
    client.force_login(o.staf.user)
    url = reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk])
    assert "9 Laporan" not in client.get(url + "?saran=1").content.decode()
    assert saran_realisasi(o.skp_staf, [o.ind], o.final.awal, o.final.akhir) is None


def test_other_users_do_not_see_the_page(client, o, other_org):
    for user in (o.staf2.user, other_org.admin):
        client.force_login(user)
        assert client.get(reverse("penilaian:pengisian", args=[o.final.pk])).status_code == 404


def test_page_queries_do_not_grow_with_entries(client, o):
    client.force_login(o.staf.user)
    url = reverse("penilaian:pengisian", args=[o.final.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for day in range(1, 29):
        catat(o, datetime.date(YEAR, 5, day), "1")
    assert queries() == small
    assert "MEI 28" in page(client, o.staf.user, o.final)
