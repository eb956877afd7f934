"""Cetak SKP: the PDF read back with pypdf (parties, RHK, indicators, BerAKHLAK, pages), layouts, rights."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kinerja.core import pdf
from kinerja.core.dates import tanggal
from kinerja.skp import rules
from kinerja.skp.services import perilaku, workflow
from kinerja.skp.views.cetak import kolom_hasil_kerja, tempat_ttd

from .conftest import YEAR, add_rhk, make_skp


def pages_of(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All pages as one line of words: table cells wrap, so compare texts with their whitespace collapsed."""
    return " ".join(" ".join(pages).split())


def cetak(client, user, skp):
    client.force_login(user)
    return client.get(reverse("skp:cetak", args=[skp.pk]))


@pytest.fixture
def lengkap(skp_org):
    """staf's JF SKP with utama + tambahan RHK, an expectation from the assessor and every lampiran kind."""
    o = skp_org
    o.rhk_staf_2 = add_rhk(
        o.skp_staf, "Terselenggaranya bimbingan teknis SKP", atasan=o.rhk_kabid, indikator=2
    )
    o.rhk_staf_tambahan = add_rhk(
        o.skp_staf, "Terbantunya panitia seleksi", atasan=o.rhk_kabid, jenis="TAMBAHAN"
    )
    perilaku.ekspektasi_set(
        actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="Mengikuti pelatihan analisis data"
    )
    for jenis, teks in [
        ("DUKUNGAN_SUMBER_DAYA", "Anggaran bimbingan teknis"),
        ("SKEMA_PERTANGGUNGJAWABAN", "Laporan bulanan kepada kepala bidang"),
        ("KONSEKUENSI", "Teguran tertulis bila target tidak tercapai"),
    ]:
        perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis=jenis, teks=teks)
    return o


def test_pdf_holds_parties_every_rhk_and_indicator_berakhlak_and_page_numbers(client, lengkap):
    o = lengkap
    response = cetak(client, o.staf.user, o.skp_staf)
    assert response["Content-Disposition"] == (
        f'inline; filename="SKP-{o.staf.nip}-{YEAR}0101-{YEAR}1231.pdf"'
    )
    pages = pages_of(response)
    text = flat(pages)
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "PEMERINTAH KAB. UJI" in text
    assert f"PERIODE PENILAIAN: 1 JANUARI {YEAR} SD 31 DESEMBER {YEAR}" in text
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in text
    for who in (o.staf, o.kabid):
        assert who.nama in text and who.nip in text
    assert "Pegawai Yang Dinilai" in text and "Pejabat Penilai Kinerja" in text
    assert "PEGAWAI YANG DINILAI" in text and "PEJABAT PENILAI KINERJA" in text
    skp = o.skp_staf
    for rhk in skp.rhk.prefetch_related("indikator"):
        assert rhk.teks in text
        assert rhk.indikator.count() >= 1
        for ind in rhk.indikator.all():
            assert ind.teks in text
            assert ind.target_label in text  # "12 Laporan"
    assert o.rhk_kabid.teks in text  # the intervened RHK of the assessor
    assert "A. UTAMA" in text and "B. TAMBAHAN" in text
    assert text.index("Terselenggaranya bimbingan teknis SKP") < text.index("B. TAMBAHAN")
    assert text.index("B. TAMBAHAN") < text.index("Terbantunya panitia seleksi")
    for nilai, behaviours in rules.BERAKHLAK:
        assert nilai in text
        for behaviour in behaviours:
            assert behaviour in text
    assert "EKSPEKTASI KHUSUS PIMPINAN" in text and "Mengikuti pelatihan analisis data" in text
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in text
    for heading, item in [
        ("DUKUNGAN SUMBER DAYA", "Anggaran bimbingan teknis"),
        ("SKEMA PERTANGGUNGJAWABAN", "Laporan bulanan kepada kepala bidang"),
        ("KONSEKUENSI", "Teguran tertulis bila target tidak tercapai"),
    ]:
        assert text.index(heading) < text.index(item)
    n = len(pages)
    assert n >= 2  # the lampiran starts on its own page
    for i, page in enumerate(pages, start=1):
        assert f"Halaman {i} dari {n}" in page
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in pages[-1]


def test_ja_jf_columns(client, lengkap):
    text = flat(pages_of(cetak(client, lengkap.staf.user, lengkap.skp_staf)))
    assert "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL" in text
    for header in (
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        "ASPEK",
        "INDIKATOR KINERJA INDIVIDU",
        "TARGET",
    ):
        assert header in text
    assert "Kuantitas" in text
    assert "PERSPEKTIF" not in text and "Penugasan dari" not in text


def test_jpt_columns_with_penugasan_and_perspektif(client, skp_org):
    o = skp_org
    text = flat(pages_of(cetak(client, o.kaban.user, o.skp_kaban)))
    assert "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI" in text
    assert "Meningkatnya kinerja aparatur (Penugasan dari Bupati)" in text
    assert "Indeks Meningkatnya kinerja aparatur 0" in text
    assert "PERSPEKTIF" in text and "Penerima Layanan" in text and "TARGET" in text
    assert "DIINTERVENSI" not in text and "ASPEK" not in text
    # kaban leads the top unit below the root: nobody assesses them, and the print says why.
    assert "Pejabat penilai kinerja belum ada" in text


def test_kualitatif_has_no_target_nor_perspektif(client, skp_org):
    o = skp_org
    skp = make_skp(o.kaban, datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31), "KUALITATIF")
    add_rhk(skp, "Terwujudnya tata kelola kinerja yang akuntabel")
    text = flat(pages_of(cetak(client, o.kaban.user, skp)))
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in text
    assert "Indeks Terwujudnya tata kelola kinerja yang akuntabel 0" in text
    assert "TARGET" not in text and "PERSPEKTIF" not in text
    assert kolom_hasil_kerja(skp) == ["NO", "RENCANA HASIL KERJA", "INDIKATOR KINERJA INDIVIDU"]
    o.skp_staf.pendekatan = "KUALITATIF"
    assert kolom_hasil_kerja(o.skp_staf)[-1] == "INDIKATOR KINERJA INDIVIDU"


def test_draft_is_marked_konsep_and_dated_today(client, skp_org):
    o = skp_org
    pages = pages_of(cetak(client, o.staf.user, o.skp_staf))
    assert all("KONSEP" in page for page in pages)  # the watermark is on every page
    assert f"Uji, {tanggal(timezone.localdate())}" in flat(pages)


def test_approved_is_dated_on_approval_and_not_konsep(client, skp_org):
    o = skp_org
    with time_machine.travel(datetime.datetime(YEAR, 1, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    with time_machine.travel(datetime.datetime(YEAR, 1, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    text = flat(pages_of(cetak(client, o.staf.user, o.skp_staf)))
    assert f"Uji, 3 Januari {YEAR}" in text
    assert "KONSEP" not in text and "PENGAJUAN" not in text


def test_submitted_is_labelled_and_not_konsep(client, skp_org):
    o = skp_org
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    text = flat(pages_of(cetak(client, o.kabid.user, o.skp_staf)))
    assert "STATUS SKP: PENGAJUAN" in text and "KONSEP" not in text


def test_deleted_atasan_rhk_prints_as_not_found_with_its_text(client, skp_org):
    o = skp_org
    o.rhk_staf.rhk_atasan = None
    o.rhk_staf.save(update_fields=["rhk_atasan"])
    text = flat(pages_of(cetak(client, o.staf.user, o.skp_staf)))
    assert "RHK atasan tidak ditemukan" in text and o.rhk_kabid.teks in text


def test_long_skp_repeats_table_headers_and_keeps_constant_queries(client, skp_org):
    o = skp_org
    client.force_login(o.staf.user)
    url = reverse("skp:cetak", args=[o.skp_staf.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for i in range(30):
        add_rhk(o.skp_staf, f"Tersusunnya dokumen kinerja nomor {i}", atasan=o.rhk_kabid, indikator=2)
    assert queries() == small
    pages = pages_of(client.get(url))
    assert len(pages) >= 4
    hasil = [p for p in map(flat, [[p] for p in pages]) if "Tersusunnya dokumen kinerja nomor" in p]
    assert len(hasil) >= 2
    for page in hasil:  # the table header is repeated on every page the table runs over
        assert "HASIL KERJA" in page and "INDIKATOR KINERJA INDIVIDU" in page
    text = flat(pages)
    for i in range(30):
        assert f"Tersusunnya dokumen kinerja nomor {i}" in text


# --- rights -----------------------------------------------------------------------------------------------


def test_rights_on_a_draft_and_after_submit(client, skp_org, other_org, admin_nasional):
    o = skp_org
    url = reverse("skp:cetak", args=[o.skp_staf.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert cetak(client, o.staf2.user, o.skp_staf).status_code == 404  # a colleague
    assert cetak(client, o.kabid.user, o.skp_staf).status_code == 404  # the assessor, while DRAFT
    assert cetak(client, other_org.admin, o.skp_staf).status_code == 404
    assert cetak(client, other_org.pegawai.user, o.skp_staf).status_code == 404
    assert cetak(client, o.admin, o.skp_staf).status_code == 200  # the instansi's admin, read-only
    assert cetak(client, admin_nasional, o.skp_staf).status_code == 200
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    assert cetak(client, o.kabid.user, o.skp_staf).status_code == 200
    assert cetak(client, o.staf2.user, o.skp_staf).status_code == 404
    assert cetak(client, o.kaban.user, o.skp_staf).status_code == 404  # the assessor's own leader
    client.force_login(o.staf.user)
    assert client.post(url).status_code == 405
    assert client.get(reverse("skp:cetak", args=[999999])).status_code == 404


# --- helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "tempat"),
    [
        ("Pemerintah Kab. Uji", "Uji"),
        ("Pemerintah Kabupaten Buleleng", "Buleleng"),
        ("PEMERINTAH KOTA DENPASAR", "DENPASAR"),
        ("Pemerintah Provinsi Kepulauan Bangka Belitung", "Kepulauan Bangka Belitung"),
        ("Badan Kepegawaian Negara", "Badan Kepegawaian Negara"),
    ],
)
def test_place_is_the_instansi_without_the_pemda_prefix(nama, tempat):
    assert tempat_ttd(nama) == tempat


def test_pdf_fetcher_serves_static_files_only(settings):
    css = pdf.static_file_path("http://testserver/static/skp/cetak.css")
    assert css and css.endswith("cetak.css")
    assert pdf.static_file_path("http://testserver/static/../../config/settings.py") is None
    assert pdf.static_file_path("http://testserver/static/skp/tidak-ada.css") is None
    assert pdf.static_file_path("http://testserver/media/x.png") is None
    fetcher = pdf.static_files_fetcher()
    response = fetcher.fetch("http://testserver/static/skp/cetak.css")
    try:
        assert response.content_type == "text/css" and b"@page" in response.read()
    finally:
        response.close()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://example.com/x.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_helper_renders_bytes_and_a_safe_inline_response():
    assert pdf.safe_filename('SKP "Budi"/../2025') == "SKP_Budi_.._2025.pdf"  # no quote, no slash
    assert pdf.safe_filename("") == "dokumen.pdf"
    response = pdf.pdf_response(
        "skp/cetak/_ttd.html",
        {"tempat": "Uji", "tanggal": datetime.date(2025, 1, 2), "skp": None},
        filename="uji tanda tangan.pdf",
    )
    assert response["Content-Disposition"] == 'inline; filename="uji_tanda_tangan.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Uji, 2 Januari 2025" in text
    assert re.search(r"Pegawai Yang Dinilai\s+Pejabat Penilai Kinerja", text)
