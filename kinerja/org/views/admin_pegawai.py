"""Manajemen Pegawai (admin): list with filters, Unduh Excel, edit, reset password, nonaktifkan / aktifkan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.excel import xlsx_response

from .. import reference
from ..forms_pegawai import PegawaiEditForm, PegawaiFilterForm
from ..models import JenisAsn
from ..selectors import pegawai as pegawai_selectors
from ..selectors.scope import pegawai_for_admin
from ..services import pegawai as pegawai_services
from .common import admin_required, search_url

PER_PAGE = 50


def _filter_form(request) -> PegawaiFilterForm:
    instansi_id = request.GET.get("instansi", "") if request.user.is_admin_nasional else ""
    return PegawaiFilterForm(
        request.GET or None,
        user=request.user,
        unit_search_url=search_url(
            "org:unit_search",
            int(instansi_id) if instansi_id.isdecimal() and len(instansi_id) <= 18 else None,
        ),
    )


def _pegawai_or_404(request, pk: int):
    return get_object_or_404(
        pegawai_for_admin(request.user).select_related("instansi", "unit_kerja", "jabatan", "user"), pk=pk
    )


@require_GET
@admin_required
def pegawai_list(request):
    form = _filter_form(request)
    qs = pegawai_selectors.pegawai_list(user=request.user, **form.filters())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/admin/pegawai_list.html",
        {"form": form, "page_obj": page, "show_instansi": request.user.is_admin_nasional},
    )


@require_GET
@admin_required
def pegawai_excel(request):
    form = _filter_form(request)
    qs = pegawai_selectors.pegawai_list(user=request.user, **form.filters())
    with_instansi = request.user.is_admin_nasional
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    scope = "nasional" if with_instansi else request.user.instansi.kode
    return xlsx_response(
        filename=f"pegawai-{scope}-{stamp}.xlsx",
        columns=pegawai_selectors.excel_columns(with_instansi=with_instansi),
        rows=pegawai_selectors.excel_rows(qs, with_instansi=with_instansi),
        sheet_title="Pegawai",
    )


@require_http_methods(["GET", "POST"])
@admin_required
def pegawai_edit(request, pk: int):
    pegawai = _pegawai_or_404(request, pk)
    form = PegawaiEditForm(
        request.POST or None,
        pegawai=pegawai,
        user=request.user,
        unit_search_url=search_url("org:unit_search", pegawai.instansi_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = pegawai_services.pegawai_update(
                actor=request.user, pegawai=pegawai, **form.service_kwargs()
            )
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            form.add_domain_error(e)
        else:
            if changed:
                messages.success(request, f"Data pegawai {pegawai.nama} berhasil disimpan.")
            else:
                messages.info(request, "Tidak ada perubahan data.")
            return redirect("org:admin_pegawai_list")
    golongan_options = {jenis: reference.golongan_choices(jenis) for jenis in JenisAsn.values}
    return render(
        request,
        "org/admin/pegawai_edit.html",
        {"form": form, "pegawai": pegawai, "golongan_options": golongan_options},
    )


ACTIONS = {
    "reset": {
        "title": "Reset Password",
        "icon": "bi-key",
        "button": "btn-warning",
        "question": "Password pegawai ini akan diganti dengan password sementara yang dibuat acak. "
        "Password sementara hanya ditampilkan satu kali; sampaikan kepada pegawai yang bersangkutan.",
    },
    "deactivate": {
        "title": "Nonaktifkan Pegawai",
        "icon": "bi-person-x",
        "button": "btn-danger",
        "question": "Pegawai ini tidak dapat masuk ke e-Kinerja lagi. Bila ia pimpinan unit kerja, "
        "klaim pimpinannya dilepas.",
    },
    "activate": {
        "title": "Aktifkan Pegawai",
        "icon": "bi-person-check",
        "button": "btn-success",
        "question": "Pegawai ini dapat masuk ke e-Kinerja lagi. Klaim pimpinan yang sudah dilepas tidak "
        "dikembalikan; pegawai dapat melakukan klaim pimpinan lagi.",
    },
}


def _confirm(request, pegawai, action: str, *, password: str = ""):
    context = {"pegawai": pegawai, "action": ACTIONS[action], "password_shown": bool(password)}
    return render(request, "org/admin/pegawai_confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@admin_required
def pegawai_reset_password(request, pk: int):
    pegawai = _pegawai_or_404(request, pk)
    if request.method == "GET":
        return _confirm(request, pegawai, "reset")
    try:
        password = pegawai_services.pegawai_reset_password(actor=request.user, pegawai=pegawai)
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("org:admin_pegawai_list")
    # Shown in this very response and never stored (no redirect: the message would sit in a cookie).
    messages.success(
        request,
        format_html(
            "Password {} (NIP {}) berhasil direset. Password sementara: "
            '<code class="fs-5 user-select-all" data-testid="password-sementara">{}</code> '
            "— catat sekarang, password ini tidak akan ditampilkan lagi.",
            pegawai.nama,
            pegawai.nip,
            password,
        ),
    )
    return _confirm(request, pegawai, "reset", password=password)


def _switch(request, pk: int, action: str, service, done: str):
    pegawai = _pegawai_or_404(request, pk)
    if request.method == "GET":
        return _confirm(request, pegawai, action)
    try:
        service(actor=request.user, pegawai=pegawai)
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Pegawai {pegawai.nama} (NIP {pegawai.nip}) {done}.")
    return redirect("org:admin_pegawai_list")


@require_http_methods(["GET", "POST"])
@admin_required
def pegawai_deactivate(request, pk: int):
    return _switch(request, pk, "deactivate", pegawai_services.pegawai_deactivate, "telah dinonaktifkan")


@require_http_methods(["GET", "POST"])
@admin_required
def pegawai_activate(request, pk: int):
    return _switch(request, pk, "activate", pegawai_services.pegawai_activate, "telah diaktifkan kembali")


urlpatterns = [
    path("admin/pegawai/", pegawai_list, name="admin_pegawai_list"),
    path("admin/pegawai/unduh/", pegawai_excel, name="admin_pegawai_excel"),
    path("admin/pegawai/<int:pk>/", pegawai_edit, name="admin_pegawai_edit"),
    path(
        "admin/pegawai/<int:pk>/reset-password/", pegawai_reset_password, name="admin_pegawai_reset_password"
    ),
    path("admin/pegawai/<int:pk>/nonaktifkan/", pegawai_deactivate, name="admin_pegawai_deactivate"),
    path("admin/pegawai/<int:pk>/aktifkan/", pegawai_activate, name="admin_pegawai_activate"),
]
