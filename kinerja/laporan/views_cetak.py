"""Pages of Cetak SKP Massal (admin): choose a year and a unit kerja and start the job; the job's page with its
progress (refreshed by HTMX polling while it runs), Unduh PDF when done, the reason and attempts when it failed,
and Cetak Ulang. An admin sees only the jobs of their instansi (another instansi's: 404); others get 403."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.forms import Form
from kinerja.core.pdf import CONTENT_TYPE, safe_filename
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Instansi
from kinerja.org.selectors.scope import instansi_for_admin, units_for_admin
from kinerja.org.views.common import admin_required, search_url

from .models import StatusCetak
from .selectors_cetak import job_cetak_for_admin, job_cetak_terakhir
from .services_cetak import cetak_massal_mulai, cetak_massal_ulangi

POLL_DETIK = 3
TAHUN_KE_BELAKANG = 5


class CetakMassalForm(Form):
    instansi = forms.ModelChoiceField(
        label="Instansi",
        queryset=Instansi.objects.none(),
        error_messages={
            "required": "Pilih instansi.",
            "invalid_choice": "Pilih instansi dari daftar yang ditampilkan.",
        },
    )
    tahun = forms.TypedChoiceField(
        label="Tahun", coerce=int, error_messages={"invalid_choice": "Pilih tahun dari daftar."}
    )
    unit = UnitChoiceField(
        label="Unit Kerja",
        required=False,
        help_text="Termasuk seluruh sub unit kerjanya. Kosongkan untuk mencetak seluruh instansi.",
        error_messages={"invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        now = timezone.localdate().year
        self.fields["tahun"].choices = [(str(y), str(y)) for y in range(now + 1, now - TAHUN_KE_BELAKANG, -1)]
        self.fields["tahun"].initial = str(now)
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]
        raw = str(self.data.get("instansi", "")) if user.is_admin_nasional else ""
        self.fields["unit"].queryset = units_for_admin(user)
        self.fields["unit"].widget.attrs["data-url"] = search_url(
            "org:unit_search", int(raw) if raw.isdecimal() and len(raw) <= 18 else None
        )

    def instansi_terpilih(self) -> Instansi:
        return self.cleaned_data["instansi"] if "instansi" in self.fields else self.user.instansi


@require_http_methods(["GET", "POST"])
@admin_required
def cetak_massal(request):
    form = CetakMassalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        hasil = {}

        def mulai():
            hasil["job"] = cetak_massal_mulai(
                actor=request.user,
                instansi=form.instansi_terpilih(),
                tahun=form.cleaned_data["tahun"],
                unit=form.cleaned_data["unit"],
            )

        if run_form_service(request, form, mulai, "Cetak SKP massal dimulai."):
            return redirect("laporan:cetak_job", pk=hasil["job"].pk)
    instansi = None if request.user.is_admin_nasional else request.user.instansi
    context = {"form": form, "jobs": job_cetak_terakhir(request.user, instansi)}
    return render(request, "laporan/cetak_massal.html", context)


@require_GET
@admin_required
def cetak_job(request, pk: int):
    job = job_cetak_for_admin(request.user, pk)
    context = {"job": job, "poll": POLL_DETIK}
    if request.headers.get("HX-Request"):
        return render(request, "laporan/_cetak_progress.html", context)
    return render(request, "laporan/cetak_job.html", context)


@require_GET
@admin_required
def cetak_job_unduh(request, pk: int):
    job = job_cetak_for_admin(request.user, pk)
    if job.status != StatusCetak.SELESAI or not job.file:
        raise Http404("Berkas PDF belum tersedia.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas PDF tidak ditemukan di server.") from exc
    lingkup = job.unit_nama or job.instansi.kode
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(f"SKP {job.tahun} {lingkup} {job.pk}"),
        content_type=CONTENT_TYPE,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@admin_required
def cetak_job_ulangi(request, pk: int):
    job = job_cetak_for_admin(request.user, pk)
    run_post_service(
        request, lambda: cetak_massal_ulangi(actor=request.user, job=job), "Cetak ulang dimulai."
    )
    return redirect("laporan:cetak_job", pk=job.pk)


urlpatterns = [
    path("admin/cetak-skp/", cetak_massal, name="cetak_massal"),
    path("admin/cetak-skp/<int:pk>/", cetak_job, name="cetak_job"),
    path("admin/cetak-skp/<int:pk>/unduh/", cetak_job_unduh, name="cetak_job_unduh"),
    path("admin/cetak-skp/<int:pk>/ulangi/", cetak_job_ulangi, name="cetak_job_ulangi"),
]
