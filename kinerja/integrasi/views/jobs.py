"""A sync job's page (any jenis, SIASN or PMM): progress that refreshes by HTMX polling while the job runs, and
the per-person log rows of that job. Admin instansi: their instansi's jobs; admin nasional: all; else 404/403."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from kinerja.org.selectors import instansi_for_admin
from kinerja.org.views.common import admin_required

from ..models import JobSinkronisasi, LogSinkronisasi, StatusJob

SELESAI = (StatusJob.SELESAI, StatusJob.GAGAL)
POLL_DETIK = 2


def job_for_admin(user, pk: int) -> JobSinkronisasi:
    qs = JobSinkronisasi.objects.filter(instansi__in=instansi_for_admin(user)).select_related(
        "dimulai_oleh", "instansi"
    )
    return get_object_or_404(qs, pk=pk)


@admin_required
def sinkron_job(request, pk: int):
    job = job_for_admin(request.user, pk)
    context = {"job": job, "selesai": job.status in SELESAI, "poll": POLL_DETIK}
    if request.headers.get("HX-Request"):
        response = render(request, "integrasi/job_progress.html", context)
        if context["selesai"]:
            response["HX-Refresh"] = "true"  # show every log row once the job is done
        return response
    logs = LogSinkronisasi.objects.filter(job=job).order_by("dibuat_pada", "id")
    context["page"] = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "integrasi/job_detail.html", context)
