"""Background sync jobs over many people, on Celery (queue `sync`), eager when no broker is configured.

A job is a list of pegawai ids. The task walks them in batches of INTEGRASI_BATCH. A jenis with a batch function
(SYNC_BATCH_FUNCS: profile sync, Kirim ke SIASN) gets the whole batch: it fetches everyone first, then applies and
logs the batch in one transaction with multi-row writes. The other kinds call their per-person function (see
SYNC_FUNCS), which fetches first and then applies + logs that person in one transaction.
A NetworkError stops the task before anything of the failing person is written (a batch function first writes the
people it fetched before it); Celery retries it with backoff and the retry skips everyone already logged in this
job — so after any number of retries each person is applied once.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kinerja.core import audit, gangguan
from kinerja.core.errors import DomainError

from .models import JenisSinkron, JobSinkronisasi, LogSinkronisasi, StatusJob

# jenis → "module:function" with signature fn(*, actor, pegawai, tahun, job) -> LogSinkronisasi
SYNC_FUNCS: dict[str, str] = {
    JenisSinkron.PROFIL: "kinerja.integrasi.services.siasn:profil_sinkron_otomatis",
    JenisSinkron.KIRIM_SKP: "kinerja.integrasi.services.kirim:kirim_skp",
    JenisSinkron.SKP: "kinerja.integrasi.services.pmm_skp:sinkron_skp",
    JenisSinkron.SKP_ROTASI: "kinerja.integrasi.services.pmm_skp:sinkron_skp_rotasi",
    JenisSinkron.SKP_PLT: "kinerja.integrasi.services.pmm_skp:sinkron_skp_plt",
    JenisSinkron.PENILAIAN: "kinerja.integrasi.services.pmm_penilaian:sinkron_penilaian",
    JenisSinkron.PENILAIAN_FINAL: "kinerja.integrasi.services.pmm_penilaian:sinkron_penilaian_final",
}

# jenis → "module:function" with signature fn(*, actor, pegawai: list[Pegawai], tahun, job) -> list[LogSinkronisasi]
# (one transaction per batch, constant queries per batch); used by `run` instead of the per-person function.
SYNC_BATCH_FUNCS: dict[str, str] = {
    JenisSinkron.PROFIL: "kinerja.integrasi.services.batch_profil:profil_sinkron_batch",
    JenisSinkron.KIRIM_SKP: "kinerja.integrasi.services.kirim:kirim_skp_batch",
}


def _load(path: str):
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def sync_func(jenis: str):
    return _load(SYNC_FUNCS[jenis])


def sync_batch_func(jenis: str):
    """The batch function of a jenis, or None when it only has the per-person one."""
    return _load(SYNC_BATCH_FUNCS[jenis]) if jenis in SYNC_BATCH_FUNCS else None


def job_create(
    *, actor, instansi, jenis: str, pegawai_ids: list[int], tahun: int | None = None
) -> JobSinkronisasi:
    """Record a job and queue it after the transaction commits. Call inside the caller's rights check."""
    if jenis not in SYNC_FUNCS:
        raise DomainError("Jenis sinkronisasi tidak dikenal.")
    ids = sorted(set(pegawai_ids))
    if not ids:
        raise DomainError("Tidak ada pegawai yang perlu disinkronkan.")
    with transaction.atomic():
        job = JobSinkronisasi.objects.create(
            instansi=instansi, jenis=jenis, tahun=tahun, pegawai_ids=ids, total=len(ids), dimulai_oleh=actor
        )
        audit.record(
            actor=actor,
            action="sinkron.job_mulai",
            obj=job,
            instansi=instansi,
            after={"jenis": jenis, "total": len(ids)},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    run_job.delay(job_id)


def remaining(job: JobSinkronisasi) -> list[int]:
    done = set(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True))
    return [pk for pk in job.pegawai_ids if pk not in done]


def run(job_id: int) -> JobSinkronisasi:
    """Process what is left of a job. NetworkError propagates (the task retries)."""
    from kinerja.org.models import Pegawai

    job = JobSinkronisasi.objects.select_related("dimulai_oleh").get(pk=job_id)
    if job.status in (StatusJob.SELESAI, StatusJob.GAGAL):
        return job
    JobSinkronisasi.objects.filter(pk=job.pk).update(status=StatusJob.BERJALAN)
    batch_fn = sync_batch_func(job.jenis)
    fn = None if batch_fn else sync_func(job.jenis)
    todo = remaining(job)
    batch = max(1, int(getattr(settings, "INTEGRASI_BATCH", 50)))
    for start in range(0, len(todo), batch):
        ids = todo[start : start + batch]
        people = Pegawai.objects.select_related("instansi", "unit_kerja", "jabatan").in_bulk(ids)
        pegawai = [people[pk] for pk in ids if pk in people]  # someone deleted meanwhile is left out
        if batch_fn is not None:
            if pegawai:
                batch_fn(actor=job.dimulai_oleh, pegawai=pegawai, tahun=job.tahun, job=job)
        else:
            for person in pegawai:
                fn(actor=job.dimulai_oleh, pegawai=person, tahun=job.tahun, job=job)
        gangguan.titik("sinkron.setelah_batch")
    JobSinkronisasi.objects.filter(pk=job.pk).update(status=StatusJob.SELESAI, selesai_pada=timezone.now())
    job.refresh_from_db()
    return job


def note_network_retry(job_id: int, message: str, final: bool, retry: bool = True) -> None:
    """Record a network retry (and, when `final`, that the job gave up) with the reason on the job page."""
    fields = {"pesan": message}
    if final:
        fields.update(status=StatusJob.GAGAL, selesai_pada=timezone.now())
    if retry:
        fields["percobaan"] = F("percobaan") + 1
    JobSinkronisasi.objects.filter(pk=job_id).update(**fields)
