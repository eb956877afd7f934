"""Penilaian SKP: Tambah Periode Penilaian (only periods overlapping the SKP), with the assessor frozen."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.skp.models import Skp, Status

from .. import rules
from ..models import Penilaian, PeriodePenilaian
from .common import audit

PENILAIAN_FIELDS = ["periode", "tahun", "awal", "akhir", "batas", "penilai"]


def periode_dates_for_skp(skp: Skp, periode: PeriodePenilaian) -> tuple:
    """(tahun, awal, akhir, batas) of `periode` for the SKP's year, or None when it does not overlap the SKP.

    The Final period covers the year, from the start of the SKP (after a mutasi: the last SKP's start)."""
    tahun = skp.periode_awal.year
    if periode.tahun and periode.tahun != tahun:
        return None
    awal, akhir, batas = periode.tanggal(tahun)
    if not (awal <= skp.periode_akhir and skp.periode_awal <= akhir):
        return None
    if periode.jenis == rules.FINAL:
        awal = max(awal, skp.periode_awal)
    return tahun, awal, akhir, batas


def set_assessor(penilaian: Penilaian, skp: Skp) -> None:
    """Freeze the assessor of the period from the SKP's pejabat penilai."""
    penilaian.penilai_id = skp.penilai_id
    penilaian.penilai_nama = skp.penilai_nama
    penilaian.penilai_nip = skp.penilai_nip
    penilaian.penilai_jabatan = skp.penilai_jabatan
    penilaian.penilai_unit = skp.penilai_unit


@transaction.atomic
def penilaian_tambah(*, actor, skp: Skp, periode: PeriodePenilaian) -> Penilaian:
    """Tambah Periode Penilaian on an approved SKP."""
    if skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat menambah periode penilaian.")
    if skp.status != Status.PERSETUJUAN:
        raise DomainError(
            "Periode penilaian hanya dapat ditambahkan pada SKP yang sudah disetujui (PERSETUJUAN)."
        )
    if periode.instansi_id != skp.instansi_id:
        raise DomainError("Periode ini bukan milik instansi Anda.", field="periode")
    dates = periode_dates_for_skp(skp, periode)
    if dates is None:
        raise DomainError(f"Periode {periode.nama} tidak beririsan dengan periode SKP ini.", field="periode")
    tahun, awal, akhir, batas = dates
    penilaian = Penilaian(skp=skp, periode=periode, tahun=tahun, awal=awal, akhir=akhir, batas=batas)
    set_assessor(penilaian, skp)
    try:
        with transaction.atomic():
            penilaian.save()
    except IntegrityError as exc:
        raise DomainError(
            f"Periode {periode.nama} {tahun} sudah ditambahkan pada SKP ini.", field="periode"
        ) from exc
    audit(actor, "penilaian.tambah_periode", penilaian, after=snapshot(penilaian, PENILAIAN_FIELDS))
    return penilaian
