"""Reading the per-instansi switch. Every page, service and API endpoint of this feature checks it."""

from __future__ import annotations

from django.http import Http404

from kinerja.core.errors import DomainError

from .models import PengaturanHarian

PESAN_NONAKTIF = "Fitur kinerja bulanan dan harian tidak diaktifkan untuk instansi ini."


def pengaturan(instansi_id: int | None) -> PengaturanHarian:
    """The instansi's row, or an unsaved default (feature off)."""
    row = PengaturanHarian.objects.filter(instansi_id=instansi_id).first() if instansi_id else None
    return row or PengaturanHarian(instansi_id=instansi_id, aktif=False)


def aktif(instansi_id: int | None) -> bool:
    return bool(instansi_id) and PengaturanHarian.objects.filter(instansi_id=instansi_id, aktif=True).exists()


def require_aktif(instansi_id: int | None) -> PengaturanHarian:
    """For services: refuse when the feature is off."""
    row = pengaturan(instansi_id)
    if not row.aktif:
        raise DomainError(PESAN_NONAKTIF)
    return row


def aktif_or_404(instansi_id: int | None) -> PengaturanHarian:
    """For views: with the feature off the pages do not exist."""
    row = pengaturan(instansi_id)
    if not row.aktif:
        raise Http404(PESAN_NONAKTIF)
    return row
