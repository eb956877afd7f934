"""Cetak SKP: the SKP as a PDF in the official layout (parties, hasil kerja, perilaku kerja, lampiran, signatures)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.core import dates
from kinerja.core.models import AuditEvent
from kinerja.core.pdf import pdf_response

from ..models import JenisLampiran, Skp, Status
from ..selectors.detail import DetailSkp, detail_skp, skp_visible_or_404

# "Pemerintah Kabupaten Buleleng" / "PEMERINTAH KAB. BULELENG" / "Pemerintah Kota Denpasar" -> the region's name.
_PREFIX_PEMDA = re.compile(r"^\s*pemerintah\s+(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+", re.IGNORECASE)


def tempat_ttd(nama_instansi: str) -> str:
    """The place written before the date: the instansi's name without the "Pemerintah Kabupaten/Kota" prefix."""
    return _PREFIX_PEMDA.sub("", nama_instansi).strip() or nama_instansi


def tanggal_ttd_many(skps: Iterable[Skp]) -> dict[int, datetime.date]:
    """The signing date of each SKP: the date of approval (the last `skp.setujui` event) when the SKP is
    approved, else today. One query for any number of SKPs (none when none is approved)."""
    skps = list(skps)
    approved = [str(skp.pk) for skp in skps if skp.status == Status.PERSETUJUAN]
    waktu = {}
    if approved:
        rows = (
            AuditEvent.objects.filter(
                action="skp.setujui", object_type=Skp._meta.label, object_id__in=approved
            )
            .values("object_id")
            .annotate(terakhir=Max("waktu"))
        )
        waktu = {int(row["object_id"]): row["terakhir"] for row in rows}
    today = timezone.localdate()
    return {skp.pk: timezone.localtime(waktu[skp.pk]).date() if skp.pk in waktu else today for skp in skps}


def tanggal_ttd(skp: Skp) -> datetime.date:
    """The date of approval when the SKP is approved, else today."""
    return tanggal_ttd_many([skp])[skp.pk]


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


TEMPLATE = "skp/cetak/skp.html"


def cetak_context(detail: DetailSkp, *, tanggal: datetime.date) -> dict:
    """The context of TEMPLATE for one SKP. Shared with Cetak SKP Massal (kinerja/laporan), which reads a batch
    of SKPs at once and passes each one's `DetailSkp` and signing date; here they come from one SKP's reads."""
    skp = detail.skp
    return {
        "skp": skp,
        "detail": detail,
        "hasil": [("A", "UTAMA", detail.utama), ("B", "TAMBAHAN", detail.tambahan)],
        "lampiran": [(label, detail.lampiran[jenis]) for jenis, label in JenisLampiran.choices],
        "judul_periode": judul_periode(skp),
        "tempat": tempat_ttd(skp.instansi.nama),
        "tanggal": tanggal,
        "konsep": skp.status == Status.DRAFT,
        "kolom": kolom_hasil_kerja(skp),
    }


@require_GET
@login_required
def cetak(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    context = cetak_context(detail_skp(skp), tanggal=tanggal_ttd(skp))
    return pdf_response(TEMPLATE, context, filename=_nama_file(skp), request=request)


urlpatterns = [
    path("skp/<int:pk>/cetak/", cetak, name="cetak"),
]
