"""Penilaian SKP: Tambah Periode Penilaian (only periods overlapping the SKP), with the assessor frozen."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.skp.models import Skp, Status

from .. import rules
from ..models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    Keberatan,
    Pembinaan,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
)
from ..ringkasan import tandai
from .common import audit, locked

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


def _punya_data_q():
    """Filter for periods that hold something: ratings or any input of the employee or the assessor."""
    q = ~Q(rating_hasil_kerja="") | ~Q(rating_perilaku="") | ~Q(predikat="")
    for model in (
        RencanaAksi,
        BuktiDukung,
        Realisasi,
        FeedbackIndikator,
        FeedbackPerilaku,
        Pembinaan,
        Keberatan,
    ):
        q |= Q(Exists(model.objects.filter(penilaian=OuterRef("pk"))))
    return q


def kunci_duplikat(penilaian: Penilaian) -> tuple:
    """Two periods of one SKP are duplicates when they are the same periodic number (or the Final) of a year."""
    periode = penilaian.periode
    if periode.jenis == rules.FINAL:
        return (penilaian.tahun, rules.FINAL)
    if periode.angka_periodik is None:
        return (penilaian.tahun, "periode", periode.pk)
    return (penilaian.tahun, periode.tipe_periodik, periode.angka_periodik)


@transaction.atomic
def penilaian_hapus_duplikat(*, actor, skp: Skp) -> tuple[int, int]:
    """Hapus Periode Duplikat: per group of duplicates, delete the rows without data and keep the one with data
    (the earliest added when none has data). Rows with data are never deleted. Returns (deleted, kept with data)."""
    if skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat menghapus periode duplikat.")
    rows = list(
        Penilaian.objects.select_for_update(of=("self",))
        .filter(skp=skp)
        .select_related("periode")
        .order_by("id")
    )
    berisi = set(Penilaian.objects.filter(skp=skp).filter(_punya_data_q()).values_list("pk", flat=True))
    groups: dict[tuple, list[Penilaian]] = {}
    for p in rows:
        groups.setdefault(kunci_duplikat(p), []).append(p)
    deleted = kept_with_data = 0
    for group in groups.values():
        if len(group) < 2:
            continue
        with_data = [p for p in group if p.pk in berisi]
        keep = with_data or group[:1]
        kept_with_data += max(len(with_data) - 1, 0)
        for p in group:
            if p in keep:
                continue
            audit(actor, "penilaian.hapus_duplikat", p, before=snapshot(p, PENILAIAN_FIELDS))
            p.delete()
            deleted += 1
    if deleted:  # the audit helper recounted before the delete: recount the summary once more after it
        tandai(
            instansi_id=skp.instansi_id,
            tahun={p.tahun for p in rows},
            unit_ids=[skp.unit_kerja_id],
            rekap_skp=False,
        )
    return deleted, kept_with_data


ASSESSOR_FIELDS = ["penilai", "penilai_nama", "penilai_nip", "penilai_jabatan", "penilai_unit"]


@transaction.atomic
def penilaian_muat_ulang_penilai(*, actor, penilaian: Penilaian) -> Penilaian:
    """Muat ulang: take the assessor again from the SKP, while the period has not been rated."""
    penilaian = locked(penilaian)
    if penilaian.skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat memuat ulang pejabat penilai.")
    if penilaian.rating_hasil_kerja or penilaian.rating_perilaku or penilaian.predikat:
        raise DomainError("Pejabat penilai tidak dapat dimuat ulang karena periode ini sudah dinilai.")
    before = snapshot(penilaian, ASSESSOR_FIELDS)
    set_assessor(penilaian, penilaian.skp)
    after = snapshot(penilaian, ASSESSOR_FIELDS)
    if after != before:
        penilaian.save(update_fields=ASSESSOR_FIELDS)
        audit(actor, "penilaian.muat_ulang_penilai", penilaian, before=before, after=after)
    return penilaian
