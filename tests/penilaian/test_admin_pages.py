"""The admin's assessment pages: Capaian Organisasi, Buka Kembali, Review Sangat Baik, Rekap Keberatan,
Dashboard and its lists (rights, content, bad input, Unduh Excel, constant queries)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    Keberatan,
    Penilaian,
    Realisasi,
    ReviewSangatBaik,
)
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.models import Indikator, Skp

from ..factories import PegawaiFactory, UnitKerjaFactory
from ..skp.conftest import AKHIR, AWAL, YEAR

TODAY = datetime.date(YEAR, 4, 10)  # after Triwulan I's batas (5 April)


@pytest.fixture
def data(nilai_org, time_machine):
    """staf: Triwulan I with a realisasi, rated Sangat Baik; kabid: Triwulan I with nothing (late);
    a keberatan pending on staf's Final and one decided (changed) on kabid's Final."""
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(9)), tick=False)
    o = nilai_org
    o.ind = Indikator.objects.filter(rhk=o.rhk_staf).first()
    Realisasi.objects.create(penilaian=o.tw1, indikator=o.ind, realisasi="12 laporan", sumber_data="Arsip")
    BuktiDukung.objects.create(
        penilaian=o.tw1, indikator=o.ind, nama="Laporan TW I", link="https://contoh.go.id/a"
    )
    rate(o.tw1)
    o.tw1_kabid = penilaian_tambah(actor=o.kabid.user, skp=o.skp_kabid, periode=o.periode[1])
    o.final_kabid = penilaian_tambah(actor=o.kabid.user, skp=o.skp_kabid, periode=o.periode["final"])
    o.keberatan_menunggu = Keberatan.objects.create(
        penilaian=o.final,
        alasan="Realisasi saya melebihi target",
        predikat_semula="BAIK",
        atasan_nama="KEPALA BADAN",
    )
    o.keberatan_diputus = Keberatan.objects.create(
        penilaian=o.final_kabid,
        alasan="Keberatan kabid",
        predikat_semula="BUTUH_PERBAIKAN",
        status="DIPUTUS",
        keputusan="DIUBAH",
        predikat_baru="BAIK",
        alasan_keputusan="Bukti dukung cukup",
        diputus_pada=timezone.now(),
    )
    return o


def rate(penilaian, predikat="SANGAT_BAIK"):
    penilaian.rating_hasil_kerja = penilaian.rating_perilaku = "DIATAS"
    penilaian.predikat, penilaian.dinilai_pada = predikat, timezone.now()
    penilaian.save()


def grow(o, n):
    """n more employees, each in a new unit under bidang: approved SKP, a rated Triwulan I with evidence,
    a Final with a keberatan."""
    for _ in range(n):
        unit = UnitKerjaFactory(instansi=o.instansi, parent=o.bidang)
        peg = PegawaiFactory(unit_kerja=unit)
        skp = Skp.objects.create(
            pegawai=peg, instansi=o.instansi, periode_awal=AWAL, periode_akhir=AKHIR, status="PERSETUJUAN",
            model="JA_JF", unit_kerja=unit, jenis_pegawai="PEGAWAI", pegawai_nama=peg.nama, pegawai_nip=peg.nip,
            pegawai_unit=unit.nama, penilai=o.kabid, penilai_nama=o.kabid.nama,
        )  # fmt: skip
        for key in (1, "final"):
            p = Penilaian.objects.create(
                skp=skp, periode=o.periode[key], tahun=YEAR, awal=AWAL, akhir=AKHIR, batas=datetime.date(YEAR, 4, 5),
                penilai=o.kabid, predikat="SANGAT_BAIK", dinilai_pada=timezone.now(),
            )  # fmt: skip
            Realisasi.objects.create(penilaian=p, indikator=o.ind, realisasi="1")
            BuktiDukung.objects.create(penilaian=p, indikator=o.ind, nama="b", link="https://contoh.go.id/b")
        ReviewSangatBaik.objects.create(penilaian=p, status="DIKONFIRMASI", oleh=o.admin)
        Keberatan.objects.create(penilaian=p, alasan="x", predikat_semula="SANGAT_BAIK")
        CapaianOrganisasi.objects.create(unit_kerja=unit, periode=o.periode[1], tahun=YEAR, predikat="BAIK")


def q(o, **extra):
    return {"periode": o.periode[1].pk, "tahun": YEAR, **extra}


def list_urls(o):
    return [
        reverse("penilaian:capaian_list"),
        reverse("penilaian:review_list"),
        reverse("penilaian:rekap_keberatan"),
        reverse("penilaian:dashboard"),
        reverse("penilaian:dashboard_daftar") + f"?periode={o.periode[1].pk}&tahun={YEAR}&metrik=ditambah",
    ]


def object_urls(o):
    return [
        reverse("penilaian:buka_kembali", args=[o.tw1.pk]),
        reverse("penilaian:review_detail", args=[o.tw1.pk]),
    ]


# --- rights ------------------------------------------------------------------------------------------------


def test_anonymous_and_pegawai(client, data):
    o = data
    for url in list_urls(o) + object_urls(o):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    for user in (o.staf.user, o.kabid.user):
        client.force_login(user)
        for url in list_urls(o) + object_urls(o):
            assert client.get(url).status_code == 403, url
            assert client.post(url).status_code in (403, 405), url


def test_other_instansi_admin(client, data, other_org):
    o = data
    client.force_login(other_org.admin)
    for url in object_urls(o):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"sampai": "2099-01-01", "alasan": "x", "aksi": "konfirmasi"}).status_code == 404
        )
    assert Penilaian.objects.get(pk=o.tw1.pk).dibuka_sampai is None and not ReviewSangatBaik.objects.exists()
    # their lists show their own instansi only; another instansi's period is ignored
    for url in list_urls(o)[:4]:
        html = client.get(url, q(o)).content.decode()
        assert o.staf.nama not in html and "BIDANG UJI" not in html, url
    assert client.get(list_urls(o)[4]).status_code == 404
    capaian = client.post(
        reverse("penilaian:capaian_list") + f"?periode={o.periode[1].pk}", {"unit": o.bidang.pk}
    )
    assert (
        capaian.status_code == 200 and not CapaianOrganisasi.objects.exists()
    )  # their instansi has no period


def test_national_admin_picks_an_instansi(client, data, admin_nasional):
    o = data
    client.force_login(admin_nasional)
    html = client.get(reverse("penilaian:dashboard")).content.decode()
    assert "Pilih instansi terlebih dahulu." in html
    html = client.get(reverse("penilaian:dashboard"), q(o, instansi=o.instansi.pk)).content.decode()
    assert "BIDANG UJI" in html
    assert o.staf.nama in client.get(reverse("penilaian:review_list")).content.decode()
    html = client.get(reverse("penilaian:rekap_keberatan")).content.decode()
    assert o.instansi.nama in html and "<th>Instansi</th>" in html


# --- capaian organisasi ------------------------------------------------------------------------------------


def test_capaian_page_sets_and_shows_inherited_values(client, data):
    o = data
    client.force_login(o.admin)
    url = reverse("penilaian:capaian_list")
    html = client.get(url, q(o)).content.decode()
    assert "Capaian Organisasi" in html and "Nilai Capaian Organisasi akan menggunakan Nilai Capaian" in html
    assert f'name="predikat_{o.badan.pk}"' in html and "Belum ditetapkan" in html
    full = f"{url}?periode={o.periode[1].pk}&tahun={YEAR}"
    posted = {
        "unit": [o.badan.pk, o.bidang.pk],
        f"predikat_{o.badan.pk}": "BAIK",
        f"predikat_{o.bidang.pk}": "",
    }
    response = client.post(full, posted, follow=True)
    html = response.content.decode()
    assert "Capaian organisasi 1 unit kerja berhasil disimpan." in html
    assert CapaianOrganisasi.objects.get().unit_kerja == o.badan
    assert "dari BADAN UJI" in html  # bidang and subbidang inherit it
    assert AuditEvent.objects.filter(action="capaian.set").count() == 1
    response = client.post(full, posted, follow=True)
    assert "Tidak ada capaian organisasi yang berubah." in response.content.decode()


def test_capaian_page_bad_value_is_shown_and_saves_nothing(client, data):
    o = data
    client.force_login(o.admin)
    full = reverse("penilaian:capaian_list") + f"?periode={o.periode[1].pk}&tahun={YEAR}"
    response = client.post(full, {"unit": [o.badan.pk], f"predikat_{o.badan.pk}": "LUAR_BIASA"}, follow=True)
    assert "BADAN UJI: Pilih predikat organisasi dari daftar." in response.content.decode()
    assert not CapaianOrganisasi.objects.exists()


# --- buka kembali ------------------------------------------------------------------------------------------


def test_buka_kembali_view(client, data):
    o = data
    client.force_login(o.admin)
    url = reverse("penilaian:buka_kembali", args=[o.tw1_kabid.pk])
    html = client.get(url).content.decode()
    assert "Buka Kembali Periode Penilaian" in html and "Sudah lewat" in html and o.kabid.nama in html
    response = client.post(url, {"sampai": "2020-01-01", "alasan": "Cuti melahirkan"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="sampai"' in html
    assert "harus hari ini atau sesudahnya" in html and "Cuti melahirkan" in html
    response = client.post(url, {"sampai": f"{YEAR}-04-30", "alasan": ""})
    assert 'data-field-error="alasan"' in response.content.decode()
    assert Penilaian.objects.get(pk=o.tw1_kabid.pk).dibuka_sampai is None
    back = reverse("penilaian:dashboard")
    response = client.post(url, {"sampai": f"{YEAR}-04-30", "alasan": "Cuti melahirkan", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Penilaian.objects.get(pk=o.tw1_kabid.pk).dibuka_sampai == datetime.date(YEAR, 4, 30)
    assert AuditEvent.objects.filter(action="penilaian.buka_kembali").count() == 1
    response = client.post(url, {"sampai": f"{YEAR}-04-30", "alasan": "x", "next": "https://jahat.example/"})
    assert response["Location"] == back


# --- review sangat baik ------------------------------------------------------------------------------------


def test_review_list_and_detail(client, data):
    o = data
    client.force_login(o.admin)
    html = client.get(reverse("penilaian:review_list"), q(o)).content.decode()
    assert "Review Sangat Baik" in html and o.staf.nama in html and "Belum direview" in html
    assert f'data-testid="review-{o.tw1.pk}"' in html and "1 / 1" in html
    assert reverse("skp:detail", args=[o.skp_staf.pk]) in html
    url = reverse("penilaian:review_detail", args=[o.tw1.pk])
    html = client.get(url).content.decode()
    assert "12 laporan" in html and "Sumber Data: Arsip" in html and "https://contoh.go.id/a" in html
    response = client.post(url, {"aksi": "kembalikan", "catatan": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="catatan"' in html and "Tuliskan catatan" in html
    response = client.post(url, {"aksi": "kembalikan", "catatan": "Mohon dicek ulang"})
    assert response.status_code == 302 and ReviewSangatBaik.objects.get().status == "DIKEMBALIKAN"
    html = client.get(url).content.decode()
    assert "Dikembalikan ke pejabat penilai" in html and "Mohon dicek ulang" in html
    client.post(url, {"aksi": "konfirmasi", "catatan": ""})
    assert ReviewSangatBaik.objects.get().status == "DIKONFIRMASI"
    assert AuditEvent.objects.filter(action__startswith="review.").count() == 2
    html = client.get(reverse("penilaian:review_list"), {"status": "BELUM"}).content.decode()
    assert f'data-testid="review-{o.tw1.pk}"' not in html
    rate(o.tw1, predikat="BAIK")
    assert client.get(url).status_code == 404  # no longer Sangat Baik


# --- rekap keberatan ---------------------------------------------------------------------------------------


def test_rekap_keberatan(client, data):
    o = data
    client.force_login(o.admin)
    url = reverse("penilaian:rekap_keberatan")
    html = client.get(url).content.decode()
    for testid, n in (
        ("diajukan", 2),
        ("menunggu-keputusan", 1),
        ("diputus", 1),
        ("dikuatkan", 0),
        ("diubah", 1),
    ):
        assert f'data-testid="jumlah-{testid}">{n}<' in html
    assert "Realisasi saya melebihi target" in html and "Butuh Perbaikan → Baik" in html
    html = client.get(url, {"status": "DIAJUKAN"}).content.decode()
    assert (
        f"keberatan-{o.keberatan_menunggu.pk}" in html and f"keberatan-{o.keberatan_diputus.pk}" not in html
    )
    response = client.get(url, {"unduh": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("NIP", "Nama", "Unit Kerja") and len(rows) == 3
    assert {r[10] for r in rows[1:]} == {"Predikat diubah", None}


# --- dashboard ---------------------------------------------------------------------------------------------


def test_dashboard_numbers_and_links(client, data):
    o = data
    client.force_login(o.admin)
    response = client.get(reverse("penilaian:dashboard"), q(o))
    html = response.content.decode()
    daftar = reverse("penilaian:dashboard_daftar")
    base = f"{daftar}?periode={o.periode[1].pk}&amp;tahun={YEAR}&amp;metrik="
    for metrik, n in (("skp", 2), ("ditambah", 2), ("realisasi", 1), ("dinilai", 1), ("terlambat", 1)):
        assert (
            f'href="{base}{metrik}" data-testid="total-{metrik}">\n      <div class="fs-3 fw-semibold' in html
        )
        assert response.context["total"][[m for m, _ in response.context["total"]].index(metrik)][1] == n
    assert f'{base}terlambat&amp;unit={o.bidang.pk}"' in html and "BIDANG UJI" in html
    assert f"{base}predikat_SANGAT_BAIK" in html


def test_dashboard_defaults_to_the_running_period(client, data):
    o = data
    client.force_login(o.admin)
    response = client.get(reverse("penilaian:dashboard"))
    assert response.context["periode"] == o.periode[2]  # 10 April is in Triwulan II
    assert response.context["tahun"] == YEAR


@pytest.mark.parametrize(
    ("metrik", "who"),
    [("skp", {"staf", "kabid"}), ("ditambah", {"staf", "kabid"}), ("realisasi", {"staf"}),
     ("dinilai", {"staf"}), ("terlambat", {"kabid"}), ("predikat_SANGAT_BAIK", {"staf"}), ("predikat_BAIK", set())],
)  # fmt: skip
def test_dashboard_daftar(client, data, metrik, who):
    o = data
    client.force_login(o.admin)
    html = client.get(reverse("penilaian:dashboard_daftar"), q(o, metrik=metrik)).content.decode()
    for name in ("staf", "kabid"):
        assert (getattr(o, name).nip in html) == (name in who), name
    if metrik == "terlambat":
        assert reverse("penilaian:buka_kembali", args=[o.tw1_kabid.pk]) in html


def test_dashboard_daftar_unit_and_bad_metric(client, data):
    o = data
    client.force_login(o.admin)
    url = reverse("penilaian:dashboard_daftar")
    html = client.get(url, q(o, metrik="ditambah", unit=o.badan.pk)).content.decode()
    assert o.staf.nip not in html  # badan itself, not its sub units
    html = client.get(url, q(o, metrik="ditambah", unit=o.badan.pk, sub="1")).content.decode()
    assert o.staf.nip in html
    assert client.get(url, q(o, metrik="semua")).status_code == 404
    Realisasi.objects.create(penilaian=o.tw1_kabid, indikator=o.ind, realisasi="1")
    assert o.kabid.nip not in client.get(url, q(o, metrik="terlambat")).content.decode()


def test_reopened_period_is_not_late(client, data):
    o = data
    o.tw1_kabid.dibuka_sampai = TODAY
    o.tw1_kabid.save()
    client.force_login(o.admin)
    assert (
        o.kabid.nip
        not in client.get(reverse("penilaian:dashboard_daftar"), q(o, metrik="terlambat")).content.decode()
    )


# --- constant queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("penilaian:dashboard", {}),
        ("penilaian:dashboard_daftar", {"metrik": "ditambah"}),
        ("penilaian:dashboard_daftar", {"metrik": "skp"}),
        ("penilaian:review_list", {}),
        ("penilaian:rekap_keberatan", {}),
        ("penilaian:capaian_list", {}),
    ],
)
def test_pages_run_constant_queries(client, data, name, params):
    o = data
    client.force_login(o.admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name), q(o, **params)).status_code == 200
        return len(ctx.captured_queries)

    grow(o, 2)
    small = count()
    grow(o, 12)
    assert count() == small
