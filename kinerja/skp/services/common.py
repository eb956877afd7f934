"""Pieces shared by the SKP services: locking, rights, the parties' snapshot, audit shorthand."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kinerja.core.audit import record, snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org import atasan
from kinerja.org.models import Pegawai

from .. import rules
from ..models import Skp, StatusPegawai, Sumber

# "PLT. Pimpinan <unit>" of a unit named to its full 250 characters must still fit the snapshot's column.
JABATAN_MAKS = Skp._meta.get_field("pegawai_jabatan").max_length
SKP_FIELDS = ["periode_awal", "periode_akhir", "pendekatan", "status_pegawai", "status", "revisi", "penilai"]


def locked(skp: Skp) -> Skp:
    # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to penilai.
    return (
        Skp.objects.select_for_update(of=("self",))
        .select_related("pegawai", "penilai", "instansi")
        .get(pk=skp.pk)
    )


def require_owner(actor, skp: Skp) -> None:
    if not actor.has_perm("skp.edit", skp):
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat mengubah SKP ini.")


PMM_HANYA_LIHAT = "SKP ini berasal dari PMM dan hanya dapat dilihat. Ubah di PMM lalu lakukan Sinkro PMM."


def require_editable(skp: Skp) -> None:
    """PMM SKPs are view-only here: PMM is the source of truth, their content arrives by Sinkro PMM."""
    if skp.sumber == Sumber.PMM:
        raise DomainError(PMM_HANYA_LIHAT)


def require_draft(skp: Skp) -> None:
    require_editable(skp)
    if skp.status != rules.DRAFT:
        raise DomainError(
            f"SKP berstatus {skp.status} tidak dapat diubah. Perubahan hanya dapat dilakukan saat SKP berstatus DRAFT."
        )


def audit(actor, action: str, skp: Skp, obj=None, before=None, after=None) -> None:
    """The audit event of an SKP change. A change of the SKP itself (status, dates, unit, …) also recounts the
    dashboard summary of the SKP's unit (and of the unit it left, when `fill_parties` moved it), in the same
    transaction."""
    from kinerja.penilaian.ringkasan import tandai

    record(actor=actor, action=action, obj=obj or skp, instansi=skp.instansi, before=before, after=after)
    if obj is not None or not action.startswith("skp.") or action == "skp.salin_rhk":
        return  # RHK, indicators, attachments, …: no dashboard number moves
    tandai(
        instansi_id=skp.instansi_id,
        tahun=range(skp.periode_awal.year, skp.periode_akhir.year + 1),
        unit_ids=[skp.unit_kerja_id, getattr(skp, "_unit_sebelum", None)],
    )


def skp_snapshot(skp: Skp) -> dict:
    return snapshot(skp, SKP_FIELDS)


def _reference_date(awal: datetime.date, akhir: datetime.date) -> datetime.date:
    """Today when inside the period, else the nearest end of it."""
    today = timezone.localdate()
    return min(max(today, awal), akhir)


def fill_parties(skp: Skp) -> None:
    """Write the snapshot of both parties from today's organisation (the assessor as of today, within the period)."""
    pegawai: Pegawai = Pegawai.objects.select_related("jabatan", "unit_kerja").get(pk=skp.pegawai_id)
    if skp.unit_kerja_id:
        skp._unit_sebelum = skp.unit_kerja_id  # the dashboard summary of the old unit is recounted too
    on = _reference_date(skp.periode_awal, skp.periode_akhir)
    if skp.status_pegawai == StatusPegawai.PLT:
        unit = skp.penugasan_plt.unit_kerja
        skp.unit_kerja = unit
        skp.jenis_pegawai = "PIMPINAN"
        result = atasan.pejabat_penilai_unit_leader(pegawai, unit, on)
        jabatan = f"{skp.penugasan_plt.jenis}. Pimpinan {unit.nama}"[:JABATAN_MAKS]
    else:
        skp.unit_kerja = pegawai.unit_kerja
        skp.jenis_pegawai = pegawai.jenis_pegawai
        result = atasan.pejabat_penilai(pegawai, on)
        jabatan = pegawai.jabatan.nama if pegawai.jabatan else ""
    skp.model = rules.model_for(pegawai.jabatan.jenis if pegawai.jabatan else None)
    skp.pegawai_nama = pegawai.nama_lengkap
    skp.pegawai_nip = pegawai.nip
    skp.pegawai_pangkat = pegawai.pangkat_golongan
    skp.pegawai_jabatan = jabatan
    skp.pegawai_unit = skp.unit_kerja.nama
    set_penilai(skp, result)


def set_penilai(skp: Skp, result) -> None:
    """The assessor half of the snapshot, from an `atasan.pejabat_penilai…` result."""
    lead = result.pegawai
    skp.penilai = lead
    skp.penilai_unit_kerja = result.unit if lead else None
    skp.penilai_nama = lead.nama_lengkap if lead else ""
    skp.penilai_nip = lead.nip if lead else ""
    skp.penilai_pangkat = lead.pangkat_golongan if lead else ""
    if lead and result.pimpinan.status != "definitif":
        skp.penilai_jabatan = f"{result.pimpinan.status.upper()}. Pimpinan {result.unit.nama}"[:JABATAN_MAKS]
    else:
        skp.penilai_jabatan = lead.jabatan.nama if lead and lead.jabatan else ""
    skp.penilai_unit = result.unit.nama if lead else ""
    skp.penilai_alasan = "" if lead else result.alasan
