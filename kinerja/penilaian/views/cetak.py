"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja: one assessment period as PDFs in the official layout."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_GET

from kinerja.core.dates import BULAN
from kinerja.core.pdf import pdf_response
from kinerja.skp.views.cetak import tempat_ttd

from ..models import Penilaian
from ..selectors.cetak import form_penilaian, penilaian_visible_or_404


def judul_periode(penilaian: Penilaian) -> str:
    """PERIODE PENILAIAN: 1 JANUARI SD 31 MARET TAHUN 2025 (as the seed prints it)."""
    awal, akhir = penilaian.awal, penilaian.akhir
    kiri = f"{awal.day} {BULAN[awal.month - 1].upper()}"
    if awal.year != akhir.year:
        kiri = f"{kiri} {awal.year}"
    return f"PERIODE PENILAIAN: {kiri} SD {akhir.day} {BULAN[akhir.month - 1].upper()} TAHUN {akhir.year}"


def nama_periode(penilaian: Penilaian) -> str:
    """PERIODE: TRIWULAN I / PERIODE: TAHUN 2025 (the Final period)."""
    return f"PERIODE: {penilaian.periode.nama.upper()}"


def label_periode(penilaian: Penilaian) -> str:
    """Triwulan I 2025; the Final period already carries its year (Tahun 2025)."""
    nama = penilaian.periode.nama
    return nama if str(penilaian.tahun) in nama else f"{nama} {penilaian.tahun}"


def kolom_hasil_kerja(penilaian: Penilaian) -> list[str]:
    """The HASIL KERJA columns of the Form Penilaian for the SKP's model, pendekatan and the kind of period."""
    skp = penilaian.skp
    kolom = ["NO"]
    if not skp.is_jpt:
        kolom.append("RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI")
    kolom.append("RENCANA HASIL KERJA")
    if not penilaian.is_final:
        kolom.append("RENCANA AKSI")
    if not skp.is_jpt:
        kolom.append("ASPEK")
    kolom.append("INDIKATOR KINERJA INDIVIDU")
    if not skp.is_kualitatif:
        kolom.append("TARGET TAHUNAN")
        if skp.is_jpt:
            kolom.append("PERSPEKTIF")
    return [*kolom, "BUKTI DUKUNG", "REALISASI", "FEEDBACK"]


# Relative widths of the HASIL KERJA columns (landscape); each table's columns are scaled to 100%.
LEBAR_KOLOM = {
    "NO": 3,
    "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI": 13,
    "RENCANA HASIL KERJA": 13,
    "RENCANA AKSI": 13,
    "ASPEK": 6,
    "INDIKATOR KINERJA INDIVIDU": 14,
    "TARGET TAHUNAN": 7,
    "PERSPEKTIF": 8,
    "BUKTI DUKUNG": 12,
    "REALISASI": 12,
    "FEEDBACK": 11,
}


def lebar_kolom(kolom: list[str]) -> list[tuple[str, str]]:
    """(label, width in percent) per column, summing to 100."""
    total = sum(LEBAR_KOLOM[k] for k in kolom)
    return [(k, f"{LEBAR_KOLOM[k] * 100 / total:.2f}") for k in kolom]


def _context(penilaian: Penilaian, *, hasil_kerja: bool) -> dict:
    skp = penilaian.skp
    return {
        "p": penilaian,
        "skp": skp,
        "form": form_penilaian(penilaian, hasil_kerja=hasil_kerja),
        "judul_periode": judul_periode(penilaian),
        "nama_periode": nama_periode(penilaian),
        "label_periode": label_periode(penilaian),
        "tempat": tempat_ttd(skp.instansi.nama),
    }


def _nama_file(jenis: str, penilaian: Penilaian) -> str:
    return f"{jenis}-{penilaian.skp.pegawai_nip}-{label_periode(penilaian)}.pdf"


@require_GET
@login_required
def cetak_form(request, pk: int):
    penilaian = penilaian_visible_or_404(request.user, pk)
    context = _context(penilaian, hasil_kerja=True)
    context["kolom"] = lebar_kolom(kolom_hasil_kerja(penilaian))
    context["hasil"] = [("A", "UTAMA", context["form"].utama), ("B", "TAMBAHAN", context["form"].tambahan)]
    return pdf_response(
        "penilaian/cetak/form.html",
        context,
        filename=_nama_file("Form-Penilaian", penilaian),
        request=request,
    )


@require_GET
@login_required
def cetak_evaluasi(request, pk: int):
    penilaian = penilaian_visible_or_404(request.user, pk)
    return pdf_response(
        "penilaian/cetak/evaluasi.html",
        _context(penilaian, hasil_kerja=False),
        filename=_nama_file("Dokumen-Evaluasi-Kinerja", penilaian),
        request=request,
    )


urlpatterns = [
    path("penilaian/<int:pk>/cetak/form/", cetak_form, name="cetak_form"),
    path("penilaian/<int:pk>/cetak/evaluasi/", cetak_evaluasi, name="cetak_evaluasi"),
]
