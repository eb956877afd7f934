"""Run what is left of a sync job whose worker died (killed, machine restarted) while the job was running.

    manage.py sinkron_lanjutkan JOB_ID [--antrikan]

A batch is written in one transaction with its log rows, so a dead worker leaves whole batches behind it; the job
skips everyone already logged in it, and each person is applied exactly once however often it is resumed. With
--antrikan the job goes to the Celery queue `sync` instead of running in this process. (Celery itself redelivers
a job whose worker died when CELERY_VISIBILITY_TIMEOUT has passed: this command is for not waiting that long.)
"""

from django.core.management.base import BaseCommand, CommandError

from kinerja.integrasi import jobs
from kinerja.integrasi.models import JobSinkronisasi, StatusJob
from kinerja.integrasi.tasks import run_job


class Command(BaseCommand):
    help = "Lanjutkan job sinkronisasi yang terhenti (pegawai yang sudah diproses dilewati)."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)
        parser.add_argument("--antrikan", action="store_true", help="kirim ke antrean Celery `sync`")

    def handle(self, *args, job_id, antrikan, **options):
        job = JobSinkronisasi.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError(f"Job {job_id} tidak ditemukan.")
        if job.status in (StatusJob.SELESAI, StatusJob.GAGAL):
            raise CommandError(
                f"Job {job_id} sudah {job.get_status_display().lower()}; tidak ada yang dilanjutkan."
            )
        sisa = len(jobs.remaining(job))
        if antrikan:
            run_job.delay(job.pk)
            self.stdout.write(f"Job {job_id} diantrikan: {sisa} pegawai tersisa.")
            return
        job = jobs.run(job.pk)
        self.stdout.write(
            f"Job {job_id} {job.get_status_display().lower()}: {job.berhasil} berhasil, {job.gagal} gagal "
            f"(dilanjutkan dengan {sisa} pegawai tersisa)."
        )
