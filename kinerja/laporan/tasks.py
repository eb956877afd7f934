"""Celery tasks of the laporan app. Cetak SKP Massal runs on queue `pdf`: CELERY_TASK_ROUTES sends
`kinerja.*.tasks.pdf_*` there, hence the task's registered name (the Python name is `cetak_skp_massal`)."""

from __future__ import annotations

from celery import shared_task

from . import cetak_job

MAX_RETRIES = 3  # automatic retries after the first attempt: 4 attempts in all, then the job is GAGAL


@shared_task(
    bind=True, name="kinerja.laporan.tasks.pdf_cetak_skp_massal", max_retries=MAX_RETRIES, acks_late=True
)
def cetak_skp_massal(self, job_id: int) -> dict:
    """Print a JobCetak. Any unexpected error is retried with exponential backoff (cetak_job.jeda); after the
    last retry the job is marked GAGAL with the reason, and the task ends without raising (so a request that
    runs it eagerly, with no broker configured, is not broken by it)."""
    retries = self.request.retries
    try:
        job = cetak_job.run(job_id)
    except Exception as exc:  # every unexpected error: retried, then reported on the job page
        final = retries >= MAX_RETRIES
        countdown = cetak_job.jeda(retries)
        cetak_job.catat_gagal(job_id, exc, final=final, countdown=countdown)
        if final:
            return {"job": job_id, "status": "GAGAL"}
        if self.request.is_eager:  # no broker: retry inline (a Retry would propagate into the request)
            return cetak_skp_massal.apply(args=(job_id,), retries=retries + 1).result
        raise self.retry(exc=exc, countdown=countdown) from exc
    if job is None:
        return {"job": job_id, "status": "DIHAPUS"}
    return {"job": job.pk, "status": job.status, "selesai": job.selesai, "gagal": job.gagal}
