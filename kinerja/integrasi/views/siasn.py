"""SIASN pages: Sinkro Profil SIASN (the employee, or the admin for an employee) and the admin's Sinkronisasi
SIASN (bulk profile sync, Kirim ke SIASN of a year, the instansi's jobs with Unduh Excel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.core import excel
from kinerja.core.actions import run_form_service
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.views.admin_unit import instansi_context, resolve_instansi
from kinerja.org.views.common import admin_required, pegawai_required, scoped_pegawai_or_404

from ..clients import NetworkError, NotConfigured
from ..forms_siasn import KirimSiasnForm, ProfilSiasnForm
from ..models import JenisSinkron, JobSinkronisasi
from ..services import kirim, siasn

SIASN_JENIS = (JenisSinkron.PROFIL, JenisSinkron.KIRIM_SKP)


# --- Sinkro Profil SIASN ----------------------------------------------------------------------------------------


def _profil(request, pegawai, *, admin: bool, kembali: str):
    form = ProfilSiasnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = run_form_service(
                request,
                form,
                lambda: siasn.profil_terapkan(
                    actor=request.user,
                    pegawai=pegawai,
                    pakai_unit_siasn=form.cleaned_data["pakai_unit_siasn"],
                ),
                "Profil berhasil disinkronkan dengan data SIASN.",
            )
        except (NotConfigured, NetworkError) as exc:
            form.add_error(None, exc.message)
            done = False
        if done:
            return redirect(kembali)
    context = {
        "pegawai": pegawai,
        "form": form,
        "admin": admin,
        "kembali": kembali,
        "banding": None,
        "galat": "",
    }
    try:
        context["banding"] = siasn.profil_banding(actor=request.user, pegawai=pegawai)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        context["galat"] = exc.message
    except (NotConfigured, NetworkError) as exc:
        context["galat"] = exc.message
    return render(request, "integrasi/siasn_profil.html", context)


@pegawai_required
def siasn_profil(request):
    """Sinkro SIASN of the logged-in employee's own profile."""
    return _profil(request, request.pegawai, admin=False, kembali=reverse("org:profil"))


@admin_required
def siasn_profil_pegawai(request, pk: int):
    """The admin's Sinkro SIASN for an employee of their instansi (404 outside it)."""
    pegawai = scoped_pegawai_or_404(request.user, pk)
    return _profil(request, pegawai, admin=True, kembali=reverse("siasn_profil_pegawai", args=[pegawai.pk]))


# --- Sinkronisasi SIASN (admin) -----------------------------------------------------------------------------------


def _start(request, form, call, success: str):
    """Start a bulk job; refusals land on the form (or as a message); success goes to the job page."""
    try:
        job = call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        if form is not None:
            form.add_domain_error(exc)
        else:
            messages.error(request, exc.message)
        return None
    except (NotConfigured, NetworkError) as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return redirect("sinkron_job", job.pk)


def jobs_instansi(instansi, jenis: str = ""):
    qs = JobSinkronisasi.objects.filter(instansi=instansi).select_related("dimulai_oleh")
    if jenis in JenisSinkron.values:
        qs = qs.filter(jenis=jenis)
    return qs.order_by("-dibuat_pada", "-id")


def _excel(instansi, jenis: str):
    columns = [
        excel.Column("No", 6),
        excel.Column("Jenis", 34),
        excel.Column("Tahun", 8),
        excel.Column("Dimulai oleh", 22),
        excel.Column("Waktu", 18),
        excel.Column("Total", 8),
        excel.Column("Diproses", 10),
        excel.Column("Berhasil", 10),
        excel.Column("Gagal", 8),
        excel.Column("Status", 12),
        excel.Column("Pesan", 50),
    ]
    rows = (
        [
            no,
            j.get_jenis_display(),
            j.tahun,
            j.dimulai_oleh.username if j.dimulai_oleh else "",
            j.dibuat_pada,
            j.total,
            j.diproses,
            j.berhasil,
            j.gagal,
            j.get_status_display(),
            j.pesan,
        ]
        for no, j in enumerate(jobs_instansi(instansi, jenis).iterator(chunk_size=2000), start=1)
    )
    return excel.xlsx_response(
        filename=f"Job Sinkronisasi {instansi.nama}",
        columns=columns,
        rows=rows,
        sheet_title="Job Sinkronisasi",
    )


@admin_required
def siasn_admin(request):
    instansi = resolve_instansi(request)
    context = instansi_context(request, instansi)
    jenis = request.GET.get("jenis", "")
    if instansi is not None and request.GET.get("unduh") == "xlsx":
        return _excel(instansi, jenis)
    aksi = request.POST.get("aksi", "")
    kirim_form = KirimSiasnForm(request.POST if aksi == "kirim" else None)
    if request.method == "POST" and instansi is not None:
        response = None
        if aksi == "profil":
            response = _start(
                request,
                None,
                lambda: siasn.profil_sinkron_instansi(actor=request.user, instansi=instansi),
                "Sinkronisasi profil SIASN seluruh pegawai aktif telah dimulai.",
            )
        elif aksi == "kirim" and kirim_form.is_valid():
            tahun = kirim_form.cleaned_data["tahun"]
            response = _start(
                request,
                kirim_form,
                lambda: kirim.kirim_siasn_instansi(actor=request.user, instansi=instansi, tahun=tahun),
                f"Kirim predikat kinerja tahun {tahun} ke SIASN telah dimulai.",
            )
        if response is not None:
            return response
    page = None
    if instansi is not None:
        page = Paginator(jobs_instansi(instansi, jenis), 20).get_page(request.GET.get("page"))
    context.update(
        {
            "kirim_form": kirim_form,
            "page": page,
            "jenis": jenis,
            "jenis_choices": JenisSinkron.choices,
        }
    )
    return render(request, "integrasi/siasn_admin.html", context)
