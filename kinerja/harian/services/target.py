"""Matriks Target Bulanan: the owner's monthly targets of an approved SKP, and the manual monthly realisation
where the instansi allows it. Closed months are frozen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indikator, Skp
from kinerja.skp.services.common import audit, locked, require_editable

from .. import pengaturan, rules
from ..models import PengaturanHarian, RealisasiBulanan, TargetBulanan
from .common import bulan_ditutup_set, pesan_bulan_ditutup, require_bulan_terbuka

BATAS_NILAI = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
PESAN_BELUM_DISETUJUI = (
    "Matriks target bulanan hanya dapat diisi pada SKP yang sudah disetujui (PERSETUJUAN)."
)
PESAN_DILUAR_SKP = "Bulan {bulan} berada di luar periode SKP."
PESAN_TIDAK_BOLEH_UBAH = "Instansi Anda tidak mengizinkan realisasi bulanan diubah secara manual."


def nama_field(indikator_id: int, bulan: int, awalan: str = "t") -> str:
    """The form field of one cell of the matrix: t_<indikator>_<bulan> (r_ for the manual realisation)."""
    return f"{awalan}_{indikator_id}_{bulan}"


def angka(value, *, label: str = "Target", field: str | None = None) -> Decimal:
    """A non-negative number with at most two decimals (a comma is read as the decimal separator)."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(f"{label} harus berupa angka.", field=field) from None
    if not number.is_finite():
        raise DomainError(f"{label} harus berupa angka.", field=field)
    if number < 0:
        raise DomainError(f"{label} tidak boleh negatif.", field=field)
    if number > BATAS_NILAI:  # first: quantizing a huge number overflows the decimal context
        raise DomainError(f"{label} terlalu besar.", field=field)
    if number != number.quantize(Decimal("0.01")):
        raise DomainError(f"{label} paling banyak dua angka di belakang koma.", field=field)
    return number.quantize(Decimal("0.01"))


def _writable(actor, skp: Skp) -> tuple[Skp, PengaturanHarian]:
    """The approved SKP, locked, of the actor, with the feature on."""
    skp = locked(skp)
    setting = pengaturan.require_aktif(skp.instansi_id)
    if skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat mengubah matriks target bulanan.")
    require_editable(skp)
    if skp.status != skp_rules.PERSETUJUAN:
        raise DomainError(PESAN_BELUM_DISETUJUI)
    return skp, setting


def _require_dalam_skp(skp: Skp, bulan: int, field: str | None) -> None:
    if bulan not in rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir):
        nama = rules.BULAN[bulan - 1] if 1 <= bulan <= 12 else str(bulan)
        raise DomainError(PESAN_DILUAR_SKP.format(bulan=nama), field=field)


def _fmt(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def target_simpan(*, actor, skp: Skp, nilai: dict[tuple[int, int], object]) -> int:
    """Save the monthly targets of the matrix at once: {(indikator_id, bulan): number, or "" / None to clear}.

    Only cells whose value changes are checked against closed months; all or nothing. Returns how many changed.
    """
    skp, _ = _writable(actor, skp)
    tahun = skp.periode_awal.year
    indikator_ids = set(Indikator.objects.filter(rhk__skp=skp).values_list("pk", flat=True))
    current = {
        (t.indikator_id, t.bulan): t for t in TargetBulanan.objects.filter(indikator_id__in=indikator_ids)
    }
    ditutup = bulan_ditutup_set(skp.instansi_id, tahun)
    changes: dict[tuple[int, int], Decimal | None] = {}
    for (indikator_id, bulan), raw in sorted(nilai.items()):
        field = nama_field(indikator_id, bulan)
        if indikator_id not in indikator_ids:
            raise DomainError("Indikator tidak termasuk SKP ini.", field=field)
        value = None if raw is None or (isinstance(raw, str) and not raw.strip()) else angka(raw, field=field)
        old = current.get((indikator_id, bulan))
        if (old.target if old else None) == value:
            continue
        _require_dalam_skp(skp, bulan, field)
        if bulan in ditutup:
            raise DomainError(pesan_bulan_ditutup(tahun, bulan), field=field)
        changes[(indikator_id, bulan)] = value
    if not changes:
        return 0
    before, after = {}, {}
    for (indikator_id, bulan), value in changes.items():
        key = f"{indikator_id}/{bulan}"
        old = current.get((indikator_id, bulan))
        before[key], after[key] = _fmt(old.target if old else None), _fmt(value)
        if value is None:
            old.delete()
        elif old is None:
            TargetBulanan.objects.create(indikator_id=indikator_id, bulan=bulan, target=value)
        else:
            old.target = value
            old.save(update_fields=["target"])
    audit(actor, "harian.target.simpan", skp, before=before, after=after)
    return len(changes)


def target_set(*, actor, indikator: Indikator, bulan: int, target) -> int:
    """One cell (e.g. from the API): the same rules as the whole matrix."""
    return target_simpan(actor=actor, skp=indikator.rhk.skp, nilai={(indikator.pk, bulan): target})


def _realisasi_writable(actor, indikator: Indikator, bulan: int, field: str) -> Skp:
    skp, setting = _writable(actor, indikator.rhk.skp)
    if not setting.realisasi_bulanan_diubah:
        raise DomainError(PESAN_TIDAK_BOLEH_UBAH)
    if indikator.rhk.skp_id != skp.pk:
        raise DomainError("Indikator tidak termasuk SKP ini.", field=field)
    _require_dalam_skp(skp, bulan, field)
    require_bulan_terbuka(skp.instansi_id, skp.periode_awal.year, bulan, field=field)
    return skp


@transaction.atomic
def realisasi_set(*, actor, indikator: Indikator, bulan: int, nilai) -> RealisasiBulanan:
    """Set the month's realisation by hand (replaces the sum of approved daily entries)."""
    skp = _realisasi_writable(actor, indikator, bulan, "nilai")
    value = angka(nilai, label="Realisasi", field="nilai")
    row = RealisasiBulanan.objects.select_for_update().filter(indikator=indikator, bulan=bulan).first()
    before = _fmt(row.nilai) if row else None
    if row is None:
        row = RealisasiBulanan.objects.create(
            indikator=indikator, bulan=bulan, nilai=value, diubah_oleh=actor
        )
    elif row.nilai != value:
        row.nilai, row.diubah_oleh = value, actor
        row.save(update_fields=["nilai", "diubah_oleh", "diubah_pada"])
    else:
        return row
    audit(
        actor,
        "harian.realisasi.ubah",
        skp,
        obj=row,
        before={"indikator": indikator.pk, "bulan": bulan, "nilai": before},
        after={"indikator": indikator.pk, "bulan": bulan, "nilai": _fmt(value)},
    )
    return row


@transaction.atomic
def realisasi_hapus(*, actor, indikator: Indikator, bulan: int) -> None:
    """Clear the manual realisation: the month shows the sum of approved daily entries again."""
    skp = _realisasi_writable(actor, indikator, bulan, "nilai")
    row = RealisasiBulanan.objects.select_for_update().filter(indikator=indikator, bulan=bulan).first()
    if row is None:
        return
    audit(
        actor,
        "harian.realisasi.hapus",
        skp,
        obj=row,
        before={"indikator": indikator.pk, "bulan": bulan, "nilai": _fmt(row.nilai)},
    )
    row.delete()
