"""Pieces shared by the assessment services: locking, the batas pengisian, rights, audit shorthand."""

from __future__ import annotations

from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import rules
from ..models import Penilaian, RencanaAksi


def locked(penilaian: Penilaian) -> Penilaian:
    return (
        Penilaian.objects.select_for_update(of=("self",))
        .select_related("skp__pegawai", "skp__instansi", "periode", "penilai")
        .get(pk=penilaian.pk)
    )


# Assessment changes that can move a number of the dashboards (docs/performance.md): a period added or removed,
# the first realisasi of an indicator, a predikat. Bukti dukung, feedback, rencana aksi, a realisasi edited, … cannot.
_MENGUBAH_ANGKA = {
    "penilaian.tambah_periode", "penilaian.pmm_tambah_periode", "penilaian.hapus_duplikat",
    "penilaian.realisasi_isi", "realisasi.pmm_sinkron", "penilaian.keberatan_putus", "penilaian.pmm_sinkron_nilai",
}  # fmt: skip


def mengubah_angka(action: str, before, after) -> bool:
    if action.startswith("penilaian.rating_"):
        return (before or {}).get("predikat") != (after or {}).get("predikat")
    return action in _MENGUBAH_ANGKA


def audit(actor, action: str, penilaian: Penilaian, obj=None, before=None, after=None) -> None:
    """The audit event of an assessment change; when the change can move a dashboard number, the summary of the
    SKP's unit is recounted in the same transaction (`kinerja.penilaian.ringkasan`)."""
    if mengubah_angka(action, before, after):
        from ..ringkasan import tandai

        skp = penilaian.skp
        tandai(
            instansi_id=skp.instansi_id, tahun=penilaian.tahun, unit_ids=[skp.unit_kerja_id], rekap_skp=False
        )
    record(
        actor=actor,
        action=action,
        obj=obj or penilaian,
        instansi=penilaian.skp.instansi,
        before=before,
        after=after,
    )


def require_owner_open(actor, penilaian: Penilaian) -> None:
    """The employee fills their own period until the batas pengisian (or an admin's reopening)."""
    if penilaian.skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai yang dinilai yang dapat mengisi periode ini.")
    today = timezone.localdate()
    if today > penilaian.batas_efektif:
        raise DomainError(
            f"Batas pengisian periode {penilaian.periode.nama} telah lewat ({tanggal(penilaian.batas_efektif)}). "
            "Hubungi admin instansi bila periode perlu dibuka kembali."
        )


def require_penilai(actor, penilaian: Penilaian) -> None:
    if not (penilaian.penilai_id and penilaian.penilai.user_id == actor.pk):
        raise PermissionDeniedError("Hanya pejabat penilai periode ini yang dapat menilai.")


def require_rencana_aksi(penilaian: Penilaian, rhk_id: int) -> None:
    """Periodic periods need a rencana aksi on the RHK before realisasi and bukti dukung; the Final needs none."""
    if penilaian.periode.jenis == rules.FINAL:
        return
    if not RencanaAksi.objects.filter(penilaian=penilaian, rhk_id=rhk_id).exists():
        raise DomainError(
            "Tambahkan rencana aksi pada RHK ini terlebih dahulu agar dapat mengisi realisasi dan bukti dukung."
        )
