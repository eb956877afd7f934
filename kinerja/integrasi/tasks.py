"""Celery tasks (queue `sync`, see CELERY_TASK_ROUTES). Network errors are retried with exponential backoff."""

from celery import shared_task

from . import jobs
from .clients import NetworkError, NotConfigured

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def run_job(self, job_id: int) -> dict:
    try:
        job = jobs.run(job_id)
    except NotConfigured as exc:  # nothing to retry: the job is reported as failed with the reason
        jobs.note_network_retry(job_id, exc.message, final=True, retry=False)
        return {"job": job_id, "gagal": exc.message}
    except NetworkError as exc:
        final = self.request.retries >= MAX_RETRIES
        jobs.note_network_retry(job_id, exc.message, final)
        if final:  # reported on the job page; never raised into a request running the task eagerly
            return {"job": job_id, "gagal": exc.message}
        if self.request.is_eager:  # no broker: retry inline (a Retry would propagate into the request)
            return run_job.apply(args=(job_id,), retries=self.request.retries + 1).result
        countdown = min(2 ** (self.request.retries + 1), 300)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return {"job": job.pk, "berhasil": job.berhasil, "gagal": job.gagal}
