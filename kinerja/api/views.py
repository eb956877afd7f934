"""API Key (admin): the instansi's keys, create one (the full key is shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kinerja.core import excel
from kinerja.core.actions import run_form_service, run_post_service
from kinerja.org import selectors as org_selectors
from kinerja.org.views.admin_unit import instansi_context, resolve_instansi
from kinerja.org.views.common import admin_required

from . import keys
from .forms import ApiKeyForm
from .models import ApiKey

PER_PAGE = 50
COLUMNS = [
    excel.Column("Nama Sistem", 36),
    excel.Column("Prefix", 12),
    excel.Column("Akses", 16),
    excel.Column("Dibuat", 18),
    excel.Column("Dibuat Oleh", 24),
    excel.Column("Terakhir Dipakai", 18),
    excel.Column("Status", 12),
]


def _keys(instansi):
    return (
        ApiKey.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-dibuat_pada", "-id")
    )


def _xlsx(instansi, qs):
    rows = (
        (
            k.nama,
            k.prefix,
            k.get_akses_display(),
            k.dibuat_pada,
            k.dibuat_oleh.username if k.dibuat_oleh else "",
            k.terakhir_dipakai,
            "Aktif" if k.aktif else "Dicabut",
        )
        for k in qs.iterator(chunk_size=2000)
    )
    return excel.xlsx_response(
        filename=f"API Key {instansi.nama}", columns=COLUMNS, rows=rows, sheet_title="API Key"
    )


@admin_required
def api_key_list(request):
    instansi = resolve_instansi(request)
    ctx = {**instansi_context(request, instansi), "page": None}
    if instansi is not None:
        qs = _keys(instansi)
        if request.GET.get("unduh") == "xlsx":
            return _xlsx(instansi, qs)
        ctx["page"] = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "api/apikey_list.html", ctx)


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def api_key_create(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("api_key_list")
    form = ApiKeyForm(request.POST or None)
    ctx = {"form": form, **instansi_context(request, instansi, picker=False)}
    if request.method == "POST" and form.is_valid():
        hasil = {}

        def buat():
            hasil["key"], hasil["rahasia"] = keys.apikey_create(
                actor=request.user,
                instansi=instansi,
                nama=form.cleaned_data["nama"],
                akses=form.cleaned_data["akses"],
            )

        if run_form_service(request, form, buat, "API key berhasil dibuat."):
            # Shown once, on this response only: only the hash is stored.
            return render(request, "api/apikey_created.html", {**ctx, **hasil})
    return render(request, "api/apikey_form.html", ctx)


@admin_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request, pk: int):
    scope = org_selectors.instansi_for_admin(request.user)
    key = get_object_or_404(ApiKey.objects.select_related("instansi").filter(instansi__in=scope), pk=pk)
    ctx = {"key": key, **instansi_context(request, key.instansi, picker=False)}
    if request.method == "POST":
        run_post_service(
            request,
            lambda: keys.apikey_revoke(actor=request.user, key=key),
            f"API key {key.nama} telah dicabut.",
        )
        return redirect(reverse("api_key_list") + ctx["instansi_query"])
    return render(request, "api/apikey_revoke.html", ctx)


urlpatterns = [
    path("admin/api-key/", api_key_list, name="api_key_list"),
    path("admin/api-key/tambah/", api_key_create, name="api_key_create"),
    path("admin/api-key/<int:pk>/cabut/", api_key_revoke, name="api_key_revoke"),
]
