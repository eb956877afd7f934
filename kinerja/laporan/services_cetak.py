"""Writes of Cetak SKP Massal: start a print job of the approved SKPs of a year (a unit and its sub units, or
the whole instansi), and print a failed job again. Both queue the task on commit (queue `pdf`)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Peran, UnitKerja
from kinerja.org.permissions import is_admin_of

from .models import JenisCetak, JobCetak, StatusCetak
from .selectors_cetak import skp_untuk_cetak

TAHUN_MIN = 2000


def maks_skp() -> int:
    """The most forms one job may hold (CETAK_MASSAL_MAKS, default 5,000: ≈ 15,000 pages)."""
    return int(getattr(settings, "CETAK_MASSAL_MAKS", 5000))


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _require_admin(actor, instansi: Instansi) -> None:
    if actor is None or actor.peran == Peran.PEGAWAI or not is_admin_of(actor, instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat mencetak SKP massal.")


def _enqueue(job_id: int) -> None:
    from .tasks import cetak_skp_massal

    cetak_skp_massal.delay(job_id)


@transaction.atomic
def cetak_massal_mulai(*, actor, instansi: Instansi, tahun: int, unit: UnitKerja | None = None) -> JobCetak:
    """Record a job with the approved SKPs of `tahun` (in `unit` and its sub units, when given) and queue it."""
    _require_admin(actor, instansi)
    tahun_maks = timezone.localdate().year + 1
    if not TAHUN_MIN <= tahun <= tahun_maks:
        raise DomainError(f"Tahun harus antara {TAHUN_MIN} dan {tahun_maks}.", field="tahun")
    if unit is not None and unit.instansi_id != instansi.pk:
        raise DomainError("Unit kerja tersebut bukan bagian dari instansi ini.", field="unit")
    ids = list(skp_untuk_cetak(instansi, tahun, unit).values_list("pk", flat=True))
    lingkup = f"unit kerja {unit.nama} dan sub unitnya" if unit is not None else instansi.nama
    if not ids:
        raise DomainError(
            f"Tidak ada SKP yang sudah disetujui untuk tahun {tahun} di {lingkup}. Hanya SKP berstatus "
            "PERSETUJUAN yang dicetak massal.",
            field="unit" if unit is not None else "tahun",
        )
    if len(ids) > maks_skp():
        raise DomainError(
            f"Terlalu banyak SKP untuk satu kali cetak ({_angka(len(ids))} SKP; batasnya {_angka(maks_skp())}). "
            "Pilih unit kerja yang lebih kecil.",
            field="unit",
        )
    berjalan = (
        JobCetak.objects.filter(
            instansi=instansi,
            tahun=tahun,
            unit=unit,
            status__in=[StatusCetak.MENUNGGU, StatusCetak.BERJALAN],
        )
        .values_list("pk", flat=True)
        .first()
    )
    if berjalan is not None:
        raise DomainError(
            f"Cetak SKP untuk pilihan ini masih berjalan (#{berjalan}). Tunggu sampai selesai.", field="tahun"
        )
    job = JobCetak.objects.create(
        instansi=instansi,
        jenis=JenisCetak.SKP,
        tahun=tahun,
        unit=unit,
        unit_nama=unit.nama if unit is not None else "",
        skp_ids=ids,
        total=len(ids),
        dimulai_oleh=actor,
    )
    record(
        actor=actor,
        action="cetak.massal_mulai",
        obj=job,
        instansi=instansi,
        after={"jenis": job.jenis, "tahun": tahun, "unit": unit, "total": len(ids)},
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def cetak_massal_ulangi(*, actor, job: JobCetak) -> JobCetak:
    """Queue a failed job again (after its cause was fixed): the same SKPs, a fresh set of automatic retries."""
    job = JobCetak.objects.select_for_update().select_related("instansi").get(pk=job.pk)
    _require_admin(actor, job.instansi)
    if job.status != StatusCetak.GAGAL:
        raise DomainError("Hanya pekerjaan cetak yang gagal yang dapat dicetak ulang.")
    before = {"status": job.status, "pesan": job.pesan, "percobaan": job.percobaan}
    job.status, job.pesan, job.selesai, job.gagal, job.halaman = StatusCetak.MENUNGGU, "", 0, 0, 0
    job.selesai_pada = None
    job.save(update_fields=["status", "pesan", "selesai", "gagal", "halaman", "selesai_pada"])
    record(
        actor=actor,
        action="cetak.massal_ulangi",
        obj=job,
        instansi=job.instansi,
        before=before,
        after={"status": job.status},
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job
