"""Matriks Peran Hasil: members added by NIP, and Sinkronisasi SKP Bawahan."""

from __future__ import annotations

from django.db import transaction

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org import atasan
from kinerja.org.models import Pegawai

from ..models import MatriksAnggota, Skp, Status, Sumber
from .common import audit, fill_parties, locked, require_editable


def _require_leader_owner(actor, skp_pimpinan: Skp) -> None:
    if skp_pimpinan.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Matriks Peran Hasil hanya dapat diubah oleh pemilik SKP pimpinan.")


BUKAN_PIMPINAN = (
    "Tambah Pegawai pada Matriks Peran Hasil hanya untuk SKP pimpinan unit kerja. Jika Anda kini memimpin unit "
    "kerja, lakukan Muat ulang pada Detail SKP selama SKP masih berstatus DRAFT."
)


@transaction.atomic
def matriks_tambah_pegawai(*, actor, skp_pimpinan: Skp, skp_anggota: Skp) -> MatriksAnggota:
    """Tambah Pegawai: put someone's SKP (found by NIP) in my matrix; their period must overlap mine. Only a
    leader's SKP (SPEC §2): a member would otherwise gain the right to write RHK into a colleague's SKP."""
    _require_leader_owner(actor, skp_pimpinan)
    if skp_pimpinan.jenis_pegawai != "PIMPINAN":
        raise PermissionDeniedError(BUKAN_PIMPINAN)
    skp_pimpinan = locked(skp_pimpinan)
    require_editable(skp_pimpinan)
    if skp_anggota.pegawai_id == skp_pimpinan.pegawai_id:
        raise DomainError("Anda tidak dapat menambahkan SKP Anda sendiri.", field="skp_anggota")
    if skp_anggota.instansi_id != skp_pimpinan.instansi_id:
        raise DomainError("Pegawai harus berada di instansi yang sama.", field="skp_anggota")
    if not (skp_anggota.periode_awal <= skp_pimpinan.periode_akhir
            and skp_pimpinan.periode_awal <= skp_anggota.periode_akhir):  # fmt: skip
        raise DomainError("Periode SKP pegawai tidak beririsan dengan periode SKP Anda.", field="skp_anggota")
    item, created = MatriksAnggota.objects.get_or_create(skp_pimpinan=skp_pimpinan, skp_anggota=skp_anggota)
    if not created:
        raise DomainError("SKP pegawai ini sudah ada di Matriks Peran Hasil Anda.", field="skp_anggota")
    audit(actor, "matriks.tambah_pegawai", skp_pimpinan, obj=item, after={"skp_anggota": skp_anggota.pk})
    return item


@transaction.atomic
def matriks_hapus_pegawai(*, actor, item: MatriksAnggota) -> None:
    _require_leader_owner(actor, item.skp_pimpinan)
    audit(
        actor,
        "matriks.hapus_pegawai",
        item.skp_pimpinan,
        obj=item,
        before={"skp_anggota": item.skp_anggota_id},
    )
    item.delete()


@transaction.atomic
def sinkronisasi_skp_bawahan(*, actor, skp_pimpinan: Skp) -> int:
    """Point the DRAFT SKPs of my current subordinates, overlapping my period, at me (their Muat ulang of the
    pejabat penilai). Returns how many SKPs changed. Submitted SKPs are locked and stay as they are."""
    _require_leader_owner(actor, skp_pimpinan)
    leader = skp_pimpinan.pegawai
    bawahan = Pegawai.objects.filter(atasan.bawahan_q(leader))
    drafts = Skp.objects.select_for_update(of=("self",)).filter(
        pegawai__in=bawahan, status=Status.DRAFT, status_pegawai="DEFINITIF",
        periode_awal__lte=skp_pimpinan.periode_akhir, periode_akhir__gte=skp_pimpinan.periode_awal,
    ).exclude(penilai=leader).select_related("pegawai", "penugasan_plt__unit_kerja")  # fmt: skip
    drafts = drafts.exclude(sumber=Sumber.PMM)  # PMM SKPs take their assessor from PMM (Sinkro PMM)
    changed = 0
    for skp in drafts:
        before = {"penilai": skp.penilai_id}
        fill_parties(skp)
        if skp.penilai_id != before["penilai"]:
            skp.save()
            audit(actor, "skp.sinkronisasi_penilai", skp, before=before, after={"penilai": skp.penilai_id})
            changed += 1
    return changed
