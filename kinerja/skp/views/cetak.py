"""Cetak SKP: the SKP as a PDF in the official layout (parties, hasil kerja, perilaku kerja, lampiran, signatures)."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.core import dates
from kinerja.core.models import AuditEvent
from kinerja.core.pdf import pdf_response

from ..models import JenisLampiran, Skp, Status
from ..selectors.detail import detail_skp, skp_visible_or_404

# "Pemerintah Kabupaten Buleleng" / "PEMERINTAH KAB. BULELENG" / "Pemerintah Kota Denpasar" -> the region's name.
_PREFIX_PEMDA = re.compile(r"^\s*pemerintah\s+(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+", re.IGNORECASE)


def tempat_ttd(nama_instansi: str) -> str:
    """The place written before the date: the instansi's name without the "Pemerintah Kabupaten/Kota" prefix."""
    return _PREFIX_PEMDA.sub("", nama_instansi).strip() or nama_instansi


def tanggal_ttd(skp: Skp) -> datetime.date:
    """The date of approval (the last `skp.setujui` event) when the SKP is approved, else today."""
    if skp.status == Status.PERSETUJUAN:
        waktu = (
            AuditEvent.objects.filter(
                action="skp.setujui", object_type=Skp._meta.label, object_id=str(skp.pk)
            )
            .order_by("-waktu", "-id")
            .values_list("waktu", flat=True)
            .first()
        )
        if waktu is not None:
            return timezone.localtime(waktu).date()
    return timezone.localdate()


def judul_periode(skp: Skp) -> str:
    """PERIODE PENILAIAN: 1 JANUARI 2025 SD 31 DESEMBER 2025"""
    awal, akhir = dates.tanggal(skp.periode_awal).upper(), dates.tanggal(skp.periode_akhir).upper()
    return f"PERIODE PENILAIAN: {awal} SD {akhir}"


def kolom_hasil_kerja(skp: Skp) -> list[str]:
    """The HASIL KERJA table's columns for the SKP's model (JPT or JA/JF) and pendekatan."""
    if skp.is_jpt:
        kolom = ["NO", "RENCANA HASIL KERJA", "INDIKATOR KINERJA INDIVIDU"]
        return kolom if skp.is_kualitatif else [*kolom, "TARGET", "PERSPEKTIF"]
    kolom = [
        "NO",
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        "RENCANA HASIL KERJA",
        "ASPEK",
        "INDIKATOR KINERJA INDIVIDU",
    ]
    return kolom if skp.is_kualitatif else [*kolom, "TARGET"]


def _nama_file(skp: Skp) -> str:
    return f"SKP-{skp.pegawai_nip}-{skp.periode_awal:%Y%m%d}-{skp.periode_akhir:%Y%m%d}.pdf"


@require_GET
@login_required
def cetak(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    detail = detail_skp(skp)
    lampiran = [(label, detail.lampiran[jenis]) for jenis, label in JenisLampiran.choices]
    context = {
        "skp": skp,
        "detail": detail,
        "hasil": [("A", "UTAMA", detail.utama), ("B", "TAMBAHAN", detail.tambahan)],
        "lampiran": lampiran,
        "judul_periode": judul_periode(skp),
        "tempat": tempat_ttd(skp.instansi.nama),
        "tanggal": tanggal_ttd(skp),
        "konsep": skp.status == Status.DRAFT,
        "kolom": kolom_hasil_kerja(skp),
    }
    return pdf_response("skp/cetak/skp.html", context, filename=_nama_file(skp), request=request)


urlpatterns = [
    path("skp/<int:pk>/cetak/", cetak, name="cetak"),
]
