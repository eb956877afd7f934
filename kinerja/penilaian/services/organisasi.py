"""The admin's assessment actions on units and on one person's period: capaian (predikat) organisasi,
reopening a period after its batas pengisian, and the review of a Sangat Baik predikat (seed 002)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import record, snapshot
from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.teks import periksa_teks
from kinerja.org import atasan
from kinerja.org.models import UnitKerja

from .. import rules
from ..models import (
    CapaianOrganisasi,
    Penilaian,
    PeriodePenilaian,
    PredikatOrganisasi,
    ReviewSangatBaik,
    StatusReview,
)
from .common import audit, locked

TAHUN_MIN, TAHUN_MAX = 2000, 2100  # as the periods (services.periode)
CAPAIAN_FIELDS = ["unit_kerja", "periode", "tahun", "predikat"]
REVIEW_FIELDS = ["status", "catatan"]


def boleh_isi_capaian(actor, unit: UnitKerja, on: datetime.date | None = None) -> bool:
    """The admin of the unit's instansi, or whoever leads (definitive, PLT or PLH) the unit's parent unit."""
    if actor.has_perm("org.manage", unit):
        return True
    if not unit.parent_id or not actor.is_authenticated:
        return False
    lead = atasan.pimpinan_of_units([unit.parent_id], on).get(unit.parent_id)
    return bool(lead and lead.pegawai.user_id == actor.pk)


@transaction.atomic
def capaian_set(
    *, actor, unit: UnitKerja, periode: PeriodePenilaian, tahun: int, predikat: str
) -> CapaianOrganisasi | None:
    """Set the unit's own predikat organisasi for a period of a year; an empty predikat removes it (the unit
    then uses its Unit Kerja Induk's). Returns the row, or None when removed."""
    if not boleh_isi_capaian(actor, unit):
        raise PermissionDeniedError(
            "Capaian organisasi hanya dapat diisi oleh admin instansi atau pimpinan unit kerja atasannya."
        )
    if periode.instansi_id != unit.instansi_id:
        raise DomainError("Periode ini bukan milik instansi unit kerja tersebut.", field="periode")
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise DomainError(f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAX}.", field="tahun")
    if periode.tahun and periode.tahun != tahun:
        raise DomainError(f"Periode {periode.nama} hanya berlaku untuk tahun {periode.tahun}.", field="tahun")
    predikat = predikat or ""
    if predikat and predikat not in PredikatOrganisasi.values:
        raise DomainError("Pilih predikat organisasi dari daftar.", field="predikat")
    row = (
        CapaianOrganisasi.objects.select_for_update()
        .filter(unit_kerja=unit, periode=periode, tahun=tahun)
        .first()
    )
    if row is None and not predikat:
        return None
    if row is not None and row.predikat == predikat:
        return row
    before = snapshot(row, CAPAIAN_FIELDS) if row else None
    if not predikat:
        record(actor=actor, action="capaian.hapus", obj=row, instansi=unit.instansi, before=before)
        row.delete()
        return None
    if row is None:
        row = CapaianOrganisasi(unit_kerja=unit, periode=periode, tahun=tahun)
    row.predikat = predikat
    row.diisi_oleh = actor
    row.save()
    record(
        actor=actor,
        action="capaian.set",
        obj=row,
        instansi=unit.instansi,
        before=before,
        after=snapshot(row, CAPAIAN_FIELDS),
    )
    return row


def _require_admin(actor, penilaian: Penilaian, message: str) -> None:
    if not actor.has_perm("org.manage", penilaian.skp):
        raise PermissionDeniedError(message)


@transaction.atomic
def buka_kembali(*, actor, penilaian: Penilaian, sampai: datetime.date, alasan: str) -> Penilaian:
    """Reopen one person's period after its batas pengisian until `sampai` (RULES.md §6), with a reason."""
    penilaian = locked(penilaian)
    _require_admin(actor, penilaian, "Hanya admin instansi yang dapat membuka kembali periode penilaian.")
    alasan = (alasan or "").strip()
    if not alasan:
        raise DomainError("Alasan membuka kembali wajib diisi.", field="alasan")
    periksa_teks(alasan, label="Alasan membuka kembali", field="alasan")  # kept only in the audit record
    today = timezone.localdate()
    if today <= penilaian.batas:
        raise DomainError(
            f"Batas pengisian periode ini belum lewat ({tanggal(penilaian.batas)}); periode masih terbuka.",
            field="sampai",
        )
    if sampai is None or sampai < today:
        raise DomainError("Tanggal dibuka sampai harus hari ini atau sesudahnya.", field="sampai")
    if penilaian.dibuka_sampai == sampai:
        return penilaian
    before = snapshot(penilaian, ["dibuka_sampai"])
    penilaian.dibuka_sampai = sampai
    penilaian.save(update_fields=["dibuka_sampai"])
    audit(
        actor,
        "penilaian.buka_kembali",
        penilaian,
        before=before,
        after={**snapshot(penilaian, ["dibuka_sampai"]), "alasan": alasan},
    )
    return penilaian


def _review(*, actor, penilaian: Penilaian, status: str, catatan: str) -> ReviewSangatBaik:
    penilaian = locked(penilaian)
    _require_admin(actor, penilaian, "Hanya admin instansi yang dapat mereview predikat Sangat Baik.")
    if penilaian.predikat != rules.SANGAT_BAIK:
        raise DomainError("Hanya penilaian dengan predikat Sangat Baik yang direview.")
    catatan = (catatan or "").strip()
    if status == StatusReview.DIKEMBALIKAN and not catatan:
        raise DomainError("Tuliskan catatan untuk pejabat penilai.", field="catatan")
    review = ReviewSangatBaik.objects.select_for_update().filter(penilaian=penilaian).first()
    before = snapshot(review, REVIEW_FIELDS) if review else None
    if review is not None and (review.status, review.catatan) == (status, catatan):
        return review
    review = review or ReviewSangatBaik(penilaian=penilaian)
    review.status, review.catatan, review.oleh = status, catatan, actor
    review.save()
    action = "review.konfirmasi" if status == StatusReview.DIKONFIRMASI else "review.kembalikan"
    audit(actor, action, penilaian, obj=review, before=before, after=snapshot(review, REVIEW_FIELDS))
    return review


@transaction.atomic
def review_konfirmasi(*, actor, penilaian: Penilaian, catatan: str = "") -> ReviewSangatBaik:
    """The Tim Penilai Kinerja confirms a Sangat Baik predikat."""
    return _review(actor=actor, penilaian=penilaian, status=StatusReview.DIKONFIRMASI, catatan=catatan)


@transaction.atomic
def review_kembalikan(*, actor, penilaian: Penilaian, catatan: str) -> ReviewSangatBaik:
    """Send a Sangat Baik predikat back to the pejabat penilai with a note. It changes no rating by itself:
    the assessor sees the note (selectors.organisasi.review_untuk) and decides."""
    return _review(actor=actor, penilaian=penilaian, status=StatusReview.DIKEMBALIKAN, catatan=catatan)
