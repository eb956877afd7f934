"""Manajemen Periode (admin): the instansi's periods, Tambah / Edit / Hapus, the one-click generator and the
prasyarat status of a year (the seed's three messages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.org.models import Instansi, Peran
from kinerja.org.views.admin_unit import instansi_context, resolve_instansi
from kinerja.org.views.common import admin_required

from .. import rules
from ..forms_admin import GenerateForm, PeriodeForm
from ..models import PeriodePenilaian
from ..selectors import admin as selectors
from ..services import periode as services

PER_PAGE = 50


def _tahun(request) -> int:
    raw = request.GET.get("tahun", "")
    return (
        int(raw)
        if raw.isdecimal() and len(raw) <= 4 and 2000 <= int(raw) <= 2100
        else timezone.localdate().year
    )


def _list_url(user, instansi: Instansi, tahun: int | None = None) -> str:
    params = []
    if user.peran == Peran.ADMIN_NASIONAL:
        params.append(f"instansi={instansi.pk}")
    if tahun:
        params.append(f"tahun={tahun}")
    url = reverse("penilaian:periode_list")
    return f"{url}?{'&'.join(params)}" if params else url


def _scoped(request, pk: int) -> PeriodePenilaian:
    return get_object_or_404(selectors.periode_for_admin(request.user).select_related("instansi"), pk=pk)


@admin_required
def periode_list(request):
    instansi = resolve_instansi(request)
    tahun = _tahun(request)
    semua = request.GET.get("semua") == "1"
    this_year = timezone.localdate().year
    ctx = {
        **instansi_context(request, instansi),
        "tahun": tahun,
        "semua": semua,
        "page": None,
        "tahun_pilihan": sorted({*range(this_year - 4, this_year + 2), tahun}, reverse=True),
    }
    if instansi is not None:
        rows = selectors.periode_list(instansi=instansi, tahun=None if semua else tahun)
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        for p in page.object_list:
            p.tanggal_contoh = p.tanggal(p.tahun or tahun)  # the mm-dd as real dates (batas may be next year)
        ctx["page"] = page
        ctx["masalah"] = selectors.prasyarat(instansi=instansi, tahun=tahun)
        ctx["generate_form"] = GenerateForm(initial={"tipe": rules.TRIWULANAN, "tahun": tahun})
    return render(request, "penilaian/admin/periode_list.html", ctx)


@admin_required
def periode_create(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("penilaian:periode_list")
    form = PeriodeForm(request.POST or None, initial={"jenis": rules.PERIODIK})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_form_service(
            request,
            form,
            lambda: services.periode_create(actor=request.user, instansi=instansi, **data),
            f"Periode {data['nama']} berhasil ditambahkan.",
        )
        if done:
            return redirect(_list_url(request.user, instansi, data.get("tahun")))
    ctx = {
        "form": form,
        "periode": None,
        "romawi": rules.ROMAWI,
        **instansi_context(request, instansi, picker=False),
    }
    return render(request, "penilaian/admin/periode_form.html", ctx)


@admin_required
def periode_edit(request, pk: int):
    periode = _scoped(request, pk)
    form = PeriodeForm.from_periode(periode, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_form_service(
            request,
            form,
            lambda: services.periode_update(actor=request.user, periode=periode, **data),
            f"Periode {data['nama']} berhasil diperbarui.",
        )
        if done:
            return redirect(_list_url(request.user, periode.instansi, data.get("tahun")))
    ctx = {
        "form": form,
        "periode": periode,
        "dipakai": periode.penilaian.exists(),
        "romawi": rules.ROMAWI,
        **instansi_context(request, periode.instansi, picker=False),
    }
    return render(request, "penilaian/admin/periode_form.html", ctx)


@admin_required
@require_POST
def periode_delete(request, pk: int):
    periode = _scoped(request, pk)
    run_post_service(
        request,
        lambda: services.periode_delete(actor=request.user, periode=periode),
        f"Periode {periode.nama} berhasil dihapus dan dipindahkan ke Tempat Sampah (dapat dipulihkan dari menu "
        "Tempat Sampah).",
    )
    return redirect(_list_url(request.user, periode.instansi, periode.tahun))


@admin_required
@require_POST
def periode_generate(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("penilaian:periode_list")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_list_url(request.user, instansi))
    tipe, tahun = form.cleaned_data["tipe"], form.cleaned_data["tahun"]
    contoh = "Triwulan I–IV" if tipe == rules.TRIWULANAN else "Periode I–XII"
    run_post_service(
        request,
        lambda: services.periode_generate(actor=request.user, instansi=instansi, tipe=tipe, tahun=tahun),
        f"Periode {contoh} dan Tahun {tahun} berhasil dibuat.",
    )
    return redirect(_list_url(request.user, instansi, tahun))


urlpatterns = [
    path("admin/periode/", periode_list, name="periode_list"),
    path("admin/periode/tambah/", periode_create, name="periode_create"),
    path("admin/periode/generate/", periode_generate, name="periode_generate"),
    path("admin/periode/<int:pk>/", periode_edit, name="periode_edit"),
    path("admin/periode/<int:pk>/hapus/", periode_delete, name="periode_delete"),
]
