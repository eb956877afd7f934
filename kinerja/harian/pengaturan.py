"""Reading the per-instansi switch. Every page, service and API endpoint of this feature checks it.

Inside a request the answer of `aktif` is remembered per instansi (the menu and the page ask the same question);
the memo starts with the request, ends with it, and is dropped when a PengaturanHarian row is saved or deleted.
Outside a request (tests, Celery, commands) every call reads the database."""

from __future__ import annotations

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.http import Http404

from kinerja.core.errors import DomainError

from .models import PengaturanHarian

PESAN_NONAKTIF = "Fitur kinerja bulanan dan harian tidak diaktifkan untuk instansi ini."

_aktif_per_request: ContextVar[dict[int, bool] | None] = ContextVar("harian_aktif_per_request", default=None)


def _request_mulai(**kwargs) -> None:
    _aktif_per_request.set({})


def _request_selesai(**kwargs) -> None:
    _aktif_per_request.set(None)


def _lupakan(**kwargs) -> None:
    memo = _aktif_per_request.get()
    if memo:
        memo.clear()


request_started.connect(_request_mulai, dispatch_uid="harian.pengaturan.request_mulai")
request_finished.connect(_request_selesai, dispatch_uid="harian.pengaturan.request_selesai")
post_save.connect(_lupakan, sender=PengaturanHarian, dispatch_uid="harian.pengaturan.simpan")
post_delete.connect(_lupakan, sender=PengaturanHarian, dispatch_uid="harian.pengaturan.hapus")


def pengaturan(instansi_id: int | None) -> PengaturanHarian:
    """The instansi's row, or an unsaved default (feature off)."""
    row = PengaturanHarian.objects.filter(instansi_id=instansi_id).first() if instansi_id else None
    return row or PengaturanHarian(instansi_id=instansi_id, aktif=False)


def aktif(instansi_id: int | None) -> bool:
    if not instansi_id:
        return False
    memo = _aktif_per_request.get()
    if memo is not None and instansi_id in memo:
        return memo[instansi_id]
    value = PengaturanHarian.objects.filter(instansi_id=instansi_id, aktif=True).exists()
    if memo is not None:
        memo[instansi_id] = value
    return value


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
