"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja: the PDFs read back with pypdf, rights, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kinerja.core.dates import tanggal
from kinerja.penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    FeedbackIndikator,
    FeedbackPerilaku,
    Keberatan,
    Penilaian,
    Realisasi,
    RencanaAksi,
)
from kinerja.penilaian.selectors.cetak import capaian_organisasi, form_penilaian, pola_distribusi
from kinerja.penilaian.views.cetak import judul_periode, kolom_hasil_kerja
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import EkspektasiPimpinan, Indikator, Rhk

from ..skp.conftest import YEAR

FORM, EVALUASI = "penilaian:cetak_form", "penilaian:cetak_evaluasi"


def pages_of(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def flat(pages: list[str]) -> str:
    """All pages as one line of words (table cells wrap)."""
    return " ".join(" ".join(pages).split())


def get(client, user, name, penilaian):
    client.force_login(user)
    return client.get(reverse(name, args=[penilaian.pk]))


def nilai(penilaian, hasil="SESUAI", perilaku="DIATAS", predikat="BAIK", pada=None):
    pada = pada or datetime.datetime(YEAR, 4, 10, 9, 0, tzinfo=datetime.UTC)
    Penilaian.objects.filter(pk=penilaian.pk).update(
        rating_hasil_kerja=hasil, rating_perilaku=perilaku, predikat=predikat, dinilai_pada=pada
    )
    penilaian.refresh_from_db()


def isi_indikator(penilaian, ind, tag, bukti=2):
    for j in range(bukti):
        BuktiDukung.objects.create(
            penilaian=penilaian,
            indikator=ind,
            nama=f"Bukti {tag} ke-{j}",
            link=f"https://drive.example/{tag}/{j}",
        )
    Realisasi.objects.create(
        penilaian=penilaian, indikator=ind, realisasi=f"Realisasi {tag}", sumber_data=f"Sumber {tag}"
    )
    FeedbackIndikator.objects.create(
        penilaian=penilaian, indikator=ind, jempol="NAIK", teks=f"Umpan balik {tag}"
    )


def tambah_rhk(skp, atasan, n, indikator=2, jenis="UTAMA", prefix="Tersusunnya dokumen"):
    """RHK created directly (the SKP is approved, so the services refuse changes)."""
    out = []
    for i in range(n):
        rhk = Rhk.objects.create(
            skp=skp,
            jenis=jenis,
            teks=f"{prefix} {i}",
            rhk_atasan=atasan,
            rhk_atasan_teks=atasan.teks,
            urutan=10 + i,
        )
        for k in range(indikator):
            Indikator.objects.create(
                rhk=rhk, teks=f"Jumlah {prefix} {i}.{k}", aspek="Kuantitas", target_nilai=4 + k,
                target_satuan="Dokumen", urutan=k,
            )  # fmt: skip
        out.append(rhk)
    return out


@pytest.fixture
def terisi(nilai_org):
    """staf's Triwulan I filled (rencana aksi, bukti, realisasi), with feedback, ratings and a capaian organisasi."""
    o = nilai_org
    (o.rhk_tambahan,) = tambah_rhk(
        o.skp_staf, o.rhk_kabid, 1, indikator=1, jenis="TAMBAHAN", prefix="Terbantunya"
    )
    RencanaAksi.objects.create(
        penilaian=o.tw1, rhk=o.rhk_staf, teks="Menghimpun data penilaian", target="3 laporan"
    )
    RencanaAksi.objects.create(penilaian=o.tw1, rhk=o.rhk_staf, teks="Menyusun draf laporan", target="1 draf")
    for rhk in (o.rhk_staf, o.rhk_tambahan):
        for ind in rhk.indikator.all():
            isi_indikator(o.tw1, ind, f"r{rhk.pk}i{ind.pk}")
    EkspektasiPimpinan.objects.create(skp=o.skp_staf, nilai=3, teks="Mengikuti pelatihan analisis data")
    FeedbackPerilaku.objects.create(penilaian=o.tw1, nilai=1, jempol="NAIK", teks="Pelayanan cepat dan ramah")
    FeedbackPerilaku.objects.create(penilaian=o.tw1, nilai=6, jempol="TURUN")
    CapaianOrganisasi.objects.create(unit_kerja=o.badan, periode=o.periode[1], tahun=YEAR, predikat="BAIK")
    nilai(o.tw1)
    return o


def test_form_penilaian_prints_parties_hasil_kerja_perilaku_ratings_and_predikat(client, terisi):
    o = terisi
    response = get(client, o.staf.user, FORM, o.tw1)
    assert (
        response["Content-Disposition"]
        == f'inline; filename="Form-Penilaian-{o.staf.nip}-Triwulan_I_{YEAR}.pdf"'
    )
    pages = pages_of(response)
    text = flat(pages)
    assert "EVALUASI KINERJA PEGAWAI" in text and "PERIODE: TRIWULAN I" in text
    assert f"PERIODE PENILAIAN: 1 JANUARI SD 31 MARET TAHUN {YEAR}" in text
    assert "PEMERINTAH KAB. UJI" in text and "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL" in text
    for who in (o.staf, o.kabid):
        assert who.nama in text and who.nip in text
    assert "PEGAWAI YANG DINILAI" in text and "PEJABAT PENILAI KINERJA" in text
    for header in ("RENCANA AKSI", "BUKTI DUKUNG", "REALISASI", "FEEDBACK", "TARGET TAHUNAN", "DIINTERVENSI"):
        assert header in text
    assert o.rhk_kabid.teks in text  # the intervened RHK of the assessor
    assert (
        "Menghimpun data penilaian" in text
        and "Target: 3 laporan" in text
        and "Menyusun draf laporan" in text
    )
    for rhk in (o.rhk_staf, o.rhk_tambahan):
        assert rhk.teks in text
        for ind in rhk.indikator.all():
            tag = f"r{rhk.pk}i{ind.pk}"
            assert ind.teks in text and ind.target_label in text
            for fragment in (
                f"Bukti {tag} ke-0",
                f"Bukti {tag} ke-1",
                f"Realisasi {tag}",
                f"Sumber data: Sumber {tag}",
            ):
                assert fragment in text
            assert f"Umpan balik {tag}" in text
    assert "Jempol ke atas" in text
    assert (
        text.index("A. UTAMA")
        < text.index(o.rhk_staf.teks)
        < text.index("B. TAMBAHAN")
        < text.index("Terbantunya 0")
    )
    for value, behaviours in skp_rules.BERAKHLAK:
        assert value in text and all(b in text for b in behaviours)
    assert "Mengikuti pelatihan analisis data" in text
    assert "Pelayanan cepat dan ramah" in text and "Jempol ke bawah" in text
    assert "RATING HASIL KERJA SESUAI EKSPEKTASI" in text
    assert "RATING PERILAKU KERJA DIATAS EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text and "Mengikuti Unit Kerja Induk: BADAN UJI" in text
    assert "Belum dinilai" not in text and "BELUM DINILAI" not in text
    assert f"Uji, 10 April {YEAR}" in text  # dated on the assessment
    assert "Pegawai yang Dinilai" in text and "Pejabat Penilai Kinerja" in text
    for i, page in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in page
    assert PdfReader(io.BytesIO(response.content)).pages[0].mediabox.width > 800  # A4 landscape (842 pt)


def test_dokumen_evaluasi_is_one_page_with_capaian_pola_and_predikat(client, terisi):
    o = terisi
    response = get(client, o.kabid.user, EVALUASI, o.tw1)
    assert response["Content-Disposition"] == (
        f'inline; filename="Dokumen-Evaluasi-Kinerja-{o.staf.nip}-Triwulan_I_{YEAR}.pdf"'
    )
    pages = pages_of(response)
    assert len(pages) == 1 and "Halaman 1 dari 1" in pages[0]
    text = flat(pages)
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text and "PERIODE: TRIWULAN I" in text
    for who in (o.staf, o.kabid):
        assert who.nama in text and who.nip in text
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text
    assert "POLA DISTRIBUSI" in text
    for label in ("Sangat Kurang", "Kurang/Misconduct", "Butuh Perbaikan", "Baik", "Sangat Baik"):
        assert label in text.replace("/ ", "/")  # "Kurang/Misconduct" wraps in its narrow column
    assert "Ideal 60%" in text and "Predikat pegawai" in text
    assert (
        "RATING HASIL KERJA SESUAI EKSPEKTASI" in text and "RATING PERILAKU KERJA DIATAS EKSPEKTASI" in text
    )
    assert "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert "Pejabat Penilai Kinerja" in text and f"Uji, 10 April {YEAR}" in text
    assert "KEBERATAN" not in text and o.rhk_staf.teks not in text  # a summary, no hasil kerja table
    form = form_penilaian(o.tw1)
    assert [p.milik_pegawai for p in form.pola] == [False, False, False, True, False]


@pytest.mark.parametrize("name", [FORM, EVALUASI])
def test_unrated_period_prints_belum_dinilai_everywhere(client, nilai_org, name):
    o = nilai_org
    text = flat(pages_of(get(client, o.staf.user, name, o.tw1)))
    assert "BELUM DINILAI" in text
    for label in ("RATING HASIL KERJA", "RATING PERILAKU KERJA", "PREDIKAT KINERJA PEGAWAI"):
        assert f"{label} Belum dinilai" in text
    assert "EKSPEKTASI" not in text.replace("EKSPEKTASI KHUSUS PIMPINAN", "")  # no rating printed
    assert "Belum ditetapkan" in text  # no capaian organisasi anywhere up the tree
    assert f"Uji, {tanggal(timezone.localdate())}" in text
    if name == FORM:
        assert "Belum diisi" in text and "Belum ada rencana aksi" in text


def test_one_rating_only_still_leaves_the_predikat_unrated(client, nilai_org):
    o = nilai_org
    Penilaian.objects.filter(pk=o.tw1.pk).update(rating_hasil_kerja="DIATAS")
    text = flat(pages_of(get(client, o.kabid.user, FORM, o.tw1)))
    assert "RATING HASIL KERJA DIATAS EKSPEKTASI" in text
    assert "RATING PERILAKU KERJA Belum dinilai" in text and "PREDIKAT KINERJA PEGAWAI Belum dinilai" in text
    assert "BELUM DINILAI" in text


def test_final_period_has_no_rencana_aksi_column_and_names_the_year(client, terisi):
    o = terisi
    ind = o.rhk_staf.indikator.first()
    isi_indikator(o.final, ind, "tahunan", bukti=1)
    nilai(o.final, hasil="DIATAS", perilaku="DIATAS", predikat="SANGAT_BAIK")
    text = flat(pages_of(get(client, o.staf.user, FORM, o.final)))
    assert f"PERIODE: TAHUN {YEAR}" in text
    assert f"PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER TAHUN {YEAR}" in text
    assert "RENCANA AKSI" not in text and "Menghimpun data penilaian" not in text
    assert "Bukti tahunan ke-0" in text and "Realisasi tahunan" in text and "Umpan balik tahunan" in text
    assert "Bukti r" not in text  # Triwulan I evidence stays in Triwulan I
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "CAPAIAN KINERJA ORGANISASI Belum ditetapkan" in text  # the capaian was set for Triwulan I only


def keberatan(penilaian, **kwargs):
    data = {
        "alasan": "Realisasi saya melampaui target tahunan",
        "atasan_nama": "KEPALA BADAN",
        "atasan_nip": "197001012000031001",
        "atasan_jabatan": "Kepala Badan Uji",
        "predikat_semula": penilaian.predikat,
    }
    return Keberatan.objects.create(penilaian=penilaian, **{**data, **kwargs})


@pytest.mark.parametrize("name", [FORM, EVALUASI])
def test_decided_keberatan_prints_the_atasan_block_with_the_new_predikat(client, terisi, name):
    o = terisi
    nilai(o.final, hasil="SESUAI", perilaku="SESUAI", predikat="BAIK")
    keberatan(
        o.final, status="DIPUTUS", keputusan="DIUBAH", rating_hasil_kerja_baru="DIATAS", rating_perilaku_baru="DIATAS",
        predikat_baru="SANGAT_BAIK", alasan_keputusan="Bukti dukung menunjukkan capaian di atas ekspektasi",
        catatan_pemeriksaan="Kedua pihak didengar", diputus_pada=timezone.now(),
    )  # fmt: skip
    # As the keberatan service does: a change rewrites the period's ratings and predikat.
    Penilaian.objects.filter(pk=o.final.pk).update(
        rating_hasil_kerja="DIATAS", rating_perilaku="DIATAS", predikat="SANGAT_BAIK"
    )
    pages = pages_of(get(client, o.staf.user, name, o.final))
    text = flat(pages)
    assert "KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN" in text
    assert "KEPALA BADAN" in text and "NIP 197001012000031001" in text and "Kepala Badan Uji" in text
    assert "Realisasi saya melampaui target tahunan" in text
    assert "PREDIKAT DIUBAH" in text
    assert "RATING HASIL KERJA (BARU) DIATAS EKSPEKTASI" in text
    assert "RATING PERILAKU KERJA (BARU) DIATAS EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI (BARU) SANGAT BAIK" in text and "Semula: Baik" in text
    assert "Bukti dukung menunjukkan capaian di atas ekspektasi" in text
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text  # the result as it stands
    assert "atas keberatan pegawai (predikat semula: Baik)" in text
    if name == EVALUASI:
        assert len(pages) == 1
        assert "Atasan Pejabat Penilai Kinerja" in text


def test_upheld_keberatan_and_pending_one(client, terisi):
    o = terisi
    nilai(o.final, hasil="DIBAWAH", perilaku="SESUAI", predikat="BUTUH_PERBAIKAN")
    k = keberatan(o.final)
    text = flat(pages_of(get(client, o.staf.user, EVALUASI, o.final)))
    assert "belum diputus" in text and "KEPUTUSAN ATASAN" not in text and "KEPALA BADAN" not in text
    Keberatan.objects.filter(pk=k.pk).update(
        status="DIPUTUS",
        keputusan="DIKUATKAN",
        alasan_keputusan="Realisasi tidak didukung bukti",
        diputus_pada=timezone.now(),
    )
    text = flat(pages_of(get(client, o.staf.user, EVALUASI, o.final)))
    assert "PREDIKAT DIKUATKAN" in text and "BUTUH PERBAIKAN (dikuatkan)" in text
    assert "Realisasi tidak didukung bukti" in text and "belum diputus" not in text
    assert "PREDIKAT KINERJA PEGAWAI BUTUH PERBAIKAN" in text
    assert "(BARU)" not in text and "predikat semula" not in text


def test_jpt_form_columns_and_missing_assessor(client, nilai_org):
    o = nilai_org
    o.skp_kaban.__class__.objects.filter(pk=o.skp_kaban.pk).update(status="PERSETUJUAN")
    p = Penilaian.objects.create(
        skp=o.skp_kaban, periode=o.periode[1], tahun=YEAR, awal=datetime.date(YEAR, 1, 1),
        akhir=datetime.date(YEAR, 3, 31), batas=datetime.date(YEAR, 4, 5),
    )  # fmt: skip
    text = flat(pages_of(get(client, o.kaban.user, FORM, p)))
    assert "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI" in text
    assert "PERSPEKTIF" in text and "Penerima Layanan" in text and "Penugasan dari Bupati" in text
    assert "DIINTERVENSI" not in text and "ASPEK" not in text
    assert "Pejabat penilai kinerja periode ini belum ada." in text
    assert kolom_hasil_kerja(p)[:4] == [
        "NO",
        "RENCANA HASIL KERJA",
        "RENCANA AKSI",
        "INDIKATOR KINERJA INDIVIDU",
    ]


def test_kolom_and_judul_helpers(nilai_org):
    o = nilai_org
    assert kolom_hasil_kerja(o.final) == [
        "NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK",
        "INDIKATOR KINERJA INDIVIDU", "TARGET TAHUNAN", "BUKTI DUKUNG", "REALISASI", "FEEDBACK",
    ]  # fmt: skip
    o.skp_staf.pendekatan = "KUALITATIF"
    assert "TARGET TAHUNAN" not in kolom_hasil_kerja(o.tw1) and "RENCANA AKSI" in kolom_hasil_kerja(o.tw1)
    o.final.awal = datetime.date(YEAR, 7, 1)  # after a mutasi the Final starts with the last SKP
    assert judul_periode(o.final) == f"PERIODE PENILAIAN: 1 JULI SD 31 DESEMBER TAHUN {YEAR}"


# --- capaian organisasi -----------------------------------------------------------------------------------


def test_capaian_own_unit_first_then_unit_kerja_induk(nilai_org, django_assert_max_num_queries):
    o = nilai_org
    tw1 = o.periode[1]
    assert capaian_organisasi(o.bidang, tw1.pk, YEAR) is None
    CapaianOrganisasi.objects.create(unit_kerja=o.badan, periode=tw1, tahun=YEAR, predikat="ISTIMEWA")
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=tw1, tahun=YEAR - 1, predikat="KURANG")
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=o.periode[2], tahun=YEAR, predikat="KURANG")
    CapaianOrganisasi.objects.create(unit_kerja=o.root, periode=tw1, tahun=YEAR, predikat="SANGAT_KURANG")
    with django_assert_max_num_queries(2):
        c = capaian_organisasi(o.bidang, tw1.pk, YEAR)
    assert (c.predikat, c.unit, c.warisan) == ("Istimewa", "BADAN UJI", True)
    assert capaian_organisasi(o.subbidang, tw1.pk, YEAR).unit == "BADAN UJI"
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=tw1, tahun=YEAR, predikat="BUTUH_PERBAIKAN")
    c = capaian_organisasi(o.bidang, tw1.pk, YEAR)
    assert (c.predikat, c.unit, c.warisan) == ("Butuh Perbaikan", "BIDANG UJI", False)
    c = capaian_organisasi(o.badan, tw1.pk, YEAR)
    assert (c.predikat, c.warisan) == ("Istimewa", False)
    assert [p.persen for p in pola_distribusi(c, "SANGAT_BAIK")] == [0, 5, 10, 25, 60]
    assert [p.persen for p in pola_distribusi(None, "")] == [None] * 5


# --- rights and query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [FORM, EVALUASI])
def test_rights(client, nilai_org, other_org, admin_nasional, name):
    o = nilai_org
    url = reverse(name, args=[o.tw1.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (o.staf.user, o.kabid.user, o.admin, admin_nasional):
        assert get(client, user, name, o.tw1).status_code == 200
    for user in (o.staf2.user, o.kaban.user, other_org.admin, other_org.pegawai.user):
        assert get(client, user, name, o.tw1).status_code == 404
    client.force_login(o.staf.user)
    assert client.post(url).status_code == 405
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", [FORM, EVALUASI])
def test_constant_queries_at_two_sizes(client, terisi, name):
    o = terisi
    client.force_login(o.kabid.user)
    url = reverse(name, args=[o.tw1.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for rhk in tambah_rhk(o.skp_staf, o.rhk_kabid, 25, indikator=2):
        RencanaAksi.objects.create(penilaian=o.tw1, rhk=rhk, teks=f"Aksi {rhk.teks}", target="1")
        for ind in rhk.indikator.all():
            isi_indikator(o.tw1, ind, f"besar{ind.pk}", bukti=3)
    for n in (2, 3, 4, 5, 7):
        FeedbackPerilaku.objects.create(penilaian=o.tw1, nilai=n, teks=f"Perilaku {n}")
    assert queries() == small
    if name == FORM:
        pages = pages_of(client.get(url))
        assert len(pages) >= 3
        text = flat(pages)
        assert "Tersusunnya dokumen 24" in text and "Jumlah Tersusunnya dokumen 24.1" in text
        assert all(f"Halaman {i} dari {len(pages)}" in p for i, p in enumerate(pages, start=1))
        for page in pages[1:]:
            if "Tersusunnya dokumen" in page:
                assert "INDIKATOR KINERJA INDIVIDU" in page  # the header repeats on every page
