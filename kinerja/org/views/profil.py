"""Profil Pegawai: Data Pribadi, Data Atasan, List Pegawai Satu Unit / Bawahan, Klaim, Edit, Struktur."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.actions import run_form_service, run_post_service

from .. import selectors
from ..forms import ProfilForm
from ..services import profil as services
from .common import pegawai_required

TABS = (
    ("profil", "Data Pribadi"),
    ("profil_atasan", "Data Atasan"),
    ("profil_satu_unit", "List Pegawai Satu Unit Kerja"),
    ("profil_bawahan", "List Pegawai Bawahan"),
    ("profil_klaim", "Klaim Pimpinan Unit Kerja"),
)


def _render_tab(request, tab: str, **extra):
    context = {"tabs": TABS, "tab": tab, "p": selectors.profil(request.pegawai), **extra}
    return render(request, "org/profil.html", context)


def _page(request, queryset):
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


@pegawai_required
def profil(request):
    return _render_tab(request, "profil")


@pegawai_required
def profil_atasan(request):
    return _render_tab(request, "profil_atasan")


@pegawai_required
def profil_satu_unit(request):
    return _render_tab(
        request, "profil_satu_unit", page=_page(request, selectors.pegawai_satu_unit(request.pegawai))
    )


@pegawai_required
def profil_bawahan(request):
    return _render_tab(
        request, "profil_bawahan", page=_page(request, selectors.pegawai_bawahan(request.pegawai))
    )


@pegawai_required
def profil_klaim(request):
    return _render_tab(request, "profil_klaim")


def _claim_action(request, service, success: str):
    run_post_service(request, lambda: service(actor=request.user, pegawai=request.pegawai), success)
    return redirect("org:profil_klaim")


@require_POST
@pegawai_required
def klaim(request):
    return _claim_action(request, services.klaim_pimpinan, "Anda sekarang berstatus Pimpinan unit kerja.")


@require_POST
@pegawai_required
def lepas(request):
    return _claim_action(request, services.lepas_pimpinan, "Klaim pimpinan unit kerja telah dilepas.")


@pegawai_required
def profil_edit(request):
    pegawai = request.pegawai
    initial = {
        "unit_kerja": pegawai.unit_kerja_id,
        "jabatan": pegawai.jabatan_id,
        "golongan": pegawai.golongan,
    }
    form = ProfilForm(request.POST or None, initial=initial, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = partial(
            services.profil_update,
            actor=request.user,
            pegawai=pegawai,
            unit_kerja=data["unit_kerja"],
            jabatan=data["jabatan"],
            golongan=data["golongan"],
        )
        if run_form_service(request, form, call, "Profil berhasil disimpan."):
            return redirect("org:profil")
    return render(request, "org/profil_edit.html", {"form": form, "p": selectors.profil(pegawai)})


@pegawai_required
def struktur(request):
    return render(request, "org/struktur.html", {"p": selectors.profil(request.pegawai)})


@require_GET
@login_required
def unit_search(request):
    def as_int(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdecimal() and len(value) <= 18 else None

    units = selectors.unit_search(
        user=request.user,
        q=request.GET.get("q", "").replace("\x00", ""),
        induk=as_int("induk"),
        instansi=as_int("instansi"),
    )
    return JsonResponse({"results": [{"id": u.pk, "text": f"{u.nama} — ID: {u.id_unor}"} for u in units]})


urlpatterns = [
    path("profil/", profil, name="profil"),
    path("profil/atasan/", profil_atasan, name="profil_atasan"),
    path("profil/satu-unit/", profil_satu_unit, name="profil_satu_unit"),
    path("profil/bawahan/", profil_bawahan, name="profil_bawahan"),
    path("profil/klaim/", profil_klaim, name="profil_klaim"),
    path("profil/klaim/ajukan/", klaim, name="profil_klaim_submit"),
    path("profil/klaim/lepas/", lepas, name="profil_lepas"),
    path("profil/edit/", profil_edit, name="profil_edit"),
    path("profil/struktur/", struktur, name="profil_struktur"),
    path("unit-kerja/cari/", unit_search, name="unit_search"),
]
