"""Manajemen PLT / PLH: the admin assigns an acting leader to a unit for a time, and ends it.

`kinerja.org.atasan` reads the assignments by date, so an ended assignment stops counting by itself.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from kinerja.core import audit, dates
from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import atasan
from ..models import Instansi, JenisPegawai, JenisPenugasan, Pegawai, PenugasanPlt, UnitKerja, User

AUDIT_FIELDS = ["pegawai", "unit_kerja", "jenis", "nomor_sk", "tanggal_mulai", "tanggal_selesai"]


def _check_right(actor: User, obj) -> None:
    if not actor.has_perm("org.manage", obj):
        raise PermissionDeniedError("Anda tidak berhak mengelola penugasan PLT/PLH instansi ini.")


def _sampai(tanggal: datetime.date | None) -> str:
    return dates.tanggal(tanggal) if tanggal else "sekarang"


def _check_overlap(
    *, unit: UnitKerja, jenis: str, mulai: datetime.date, selesai: datetime.date | None
) -> None:
    overlap = PenugasanPlt.objects.filter(unit_kerja=unit, jenis=jenis).filter(
        Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=mulai)
    )
    if selesai is not None:
        overlap = overlap.filter(tanggal_mulai__lte=selesai)
    other = overlap.select_related("pegawai").order_by("tanggal_mulai").first()
    if other is not None:
        raise DomainError(
            f"Unit kerja {unit.nama} sudah memiliki {jenis} pada rentang tanggal tersebut: "
            f"{other.pegawai.nama} (NIP {other.pegawai.nip}), "
            f"{dates.tanggal(other.tanggal_mulai)} s/d {_sampai(other.tanggal_selesai)}.",
            field="tanggal_mulai",
        )


@transaction.atomic
def plt_create(
    *,
    actor: User,
    instansi: Instansi,
    pegawai: Pegawai,
    unit_kerja: UnitKerja,
    jenis: str,
    nomor_sk: str,
    tanggal_mulai: datetime.date,
    tanggal_selesai: datetime.date | None = None,
) -> PenugasanPlt:
    """Assign `pegawai` as PLT/PLH of `unit_kerja` from `tanggal_mulai`, until `tanggal_selesai` if given."""
    _check_right(actor, instansi)
    # Lock the unit so two admins cannot give it overlapping assignments at once.
    unit = UnitKerja.objects.select_for_update().get(pk=unit_kerja.pk)
    pegawai = Pegawai.objects.get(pk=pegawai.pk)
    if jenis not in JenisPenugasan.values:
        raise DomainError("Pilih jenis penugasan PLT atau PLH.", field="jenis")
    nomor_sk = " ".join((nomor_sk or "").split())
    if not nomor_sk:
        raise DomainError("Nomor SK wajib diisi.", field="nomor_sk")
    if len(nomor_sk) > 100:
        raise DomainError("Nomor SK paling panjang 100 karakter.", field="nomor_sk")
    if pegawai.instansi_id != instansi.pk:
        raise DomainError(f"Pegawai {pegawai.nama} bukan pegawai instansi ini.", field="pegawai")
    if not pegawai.aktif:
        raise DomainError(f"Pegawai {pegawai.nama} tidak aktif.", field="pegawai")
    if unit.instansi_id != instansi.pk:
        raise DomainError(f"Unit kerja {unit.nama} bukan unit kerja instansi ini.", field="unit_kerja")
    if not unit.aktif:
        raise DomainError(f"Unit kerja {unit.nama} tidak aktif.", field="unit_kerja")
    if tanggal_mulai is None:
        raise DomainError("Tanggal mulai wajib diisi.", field="tanggal_mulai")
    if tanggal_selesai is not None and tanggal_selesai < tanggal_mulai:
        raise DomainError("Tanggal selesai tidak boleh sebelum tanggal mulai.", field="tanggal_selesai")
    if pegawai.unit_kerja_id == unit.pk and pegawai.jenis_pegawai == JenisPegawai.PIMPINAN:
        raise DomainError(
            f"{pegawai.nama} adalah pimpinan definitif unit kerja {unit.nama}; "
            f"tidak dapat ditugaskan sebagai {jenis} di unit kerja yang dipimpinnya sendiri.",
            field="pegawai",
        )
    _check_overlap(unit=unit, jenis=jenis, mulai=tanggal_mulai, selesai=tanggal_selesai)
    penugasan = PenugasanPlt.objects.create(
        pegawai=pegawai,
        unit_kerja=unit,
        jenis=jenis,
        nomor_sk=nomor_sk,
        tanggal_mulai=tanggal_mulai,
        tanggal_selesai=tanggal_selesai,
    )
    audit.record(
        actor=actor,
        action="plt.create",
        obj=penugasan,
        instansi=instansi,
        after=audit.snapshot(penugasan, AUDIT_FIELDS),
    )
    return penugasan


@transaction.atomic
def plt_end(
    *, actor: User, penugasan: PenugasanPlt, tanggal_selesai: datetime.date | None = None
) -> PenugasanPlt:
    """End an assignment on `tanggal_selesai` (today by default), its last day as acting leader."""
    _check_right(actor, penugasan.unit_kerja)
    penugasan = (
        PenugasanPlt.objects.select_for_update().select_related("unit_kerja__instansi").get(pk=penugasan.pk)
    )
    today = atasan.today()
    akhir = tanggal_selesai or today
    current = penugasan.tanggal_selesai
    if current is not None and current < today:
        raise DomainError(
            f"Penugasan ini sudah berakhir pada {dates.tanggal(current)}.", field="tanggal_selesai"
        )
    if akhir < penugasan.tanggal_mulai:
        raise DomainError(
            f"Tanggal selesai tidak boleh sebelum tanggal mulai ({dates.tanggal(penugasan.tanggal_mulai)}).",
            field="tanggal_selesai",
        )
    if current is not None and akhir >= current:
        raise DomainError(
            f"Penugasan ini sudah dijadwalkan berakhir pada {dates.tanggal(current)}; "
            "tanggal selesai hanya dapat dimajukan.",
            field="tanggal_selesai",
        )
    before = audit.snapshot(penugasan, AUDIT_FIELDS)
    penugasan.tanggal_selesai = akhir
    penugasan.save(update_fields=["tanggal_selesai"])
    audit.record(
        actor=actor,
        action="plt.end",
        obj=penugasan,
        instansi=penugasan.unit_kerja.instansi,
        before=before,
        after=audit.snapshot(penugasan, AUDIT_FIELDS),
    )
    return penugasan
