"""Buka Kembali Periode per Unit Kerja (admin): pick the period, year and unit (GET, with the number of
assessments it covers), then Dibuka sampai and Alasan (POST) reopen them all in one operation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.selectors.scope import units_for_admin
from kinerja.org.views.admin_unit import instansi_context
from kinerja.org.views.common import admin_required

from ..forms_buka import BukaUnitForm, BukaUnitScopeForm
from ..selectors import admin as admin_selectors
from ..selectors import buka_massal as selectors
from ..services import buka_massal as services
from .admin_lain import _scope


def _visible_or_404(request) -> None:
    """A unit or period id in the address that this admin may not see at all is a 404 (no hint it exists)."""
    for name, queryset in (
        ("unit", units_for_admin(request.user)),
        ("periode", admin_selectors.periode_for_admin(request.user)),
    ):
        raw = request.GET.get(name, "")
        if raw and (not (raw.isdecimal() and len(raw) <= 18) or not queryset.filter(pk=int(raw)).exists()):
            raise Http404("Data tidak ditemukan.")


def _buka(request, scope, form, instansi, target: dict) -> bool:
    """Run the service; a refusal lands next to its field on whichever form holds it. True when done."""
    data = form.cleaned_data
    try:
        jumlah = services.buka_kembali_unit(actor=request.user, instansi=instansi, **target, **data)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        (scope if exc.field in scope.fields else form).add_domain_error(exc)
        return False
    if jumlah:
        messages.success(
            request, f"{jumlah} periode penilaian dibuka kembali sampai {tanggal(data['sampai'])}."
        )
    else:
        messages.info(
            request,
            f"Tidak ada periode penilaian yang berubah: semuanya sudah dibuka sampai {tanggal(data['sampai'])}.",
        )
    return True


@admin_required
def buka_kembali_unit(request):
    _visible_or_404(request)
    scope, filters, instansi = _scope(request, BukaUnitScopeForm, periode_default=True)
    periode, tahun = filters.get("periode"), filters.get("tahun", timezone.localdate().year)
    target = {
        "periode": periode,
        "tahun": tahun,
        "unit": filters.get("unit"),
        "sub_unit": bool(filters.get("sub_unit")),
    }
    form = BukaUnitForm(request.POST or None)
    if request.method == "POST":
        if instansi is None:
            messages.error(request, "Pilih instansi terlebih dahulu.")
        elif form.is_valid() and _buka(request, scope, form, instansi, target):
            return redirect(request.get_full_path())
    ctx = {**instansi_context(request, instansi), "scope": scope, "form": form, **target, "ringkasan": None}
    if instansi is not None and periode is not None and target["unit"] is not None:
        sampai = form.cleaned_data.get("sampai") if form.is_bound and form.is_valid() else None
        ctx["ringkasan"] = selectors.pratinjau(instansi=instansi, **target, sampai=sampai)
        ctx["ringkasan"]["dibuka"] = ctx["ringkasan"]["total"] - ctx["ringkasan"]["sudah_sama"]
        batas = periode.tanggal(tahun)[2]
        ctx["batas"], ctx["lewat"] = batas, timezone.localdate() > batas
    return render(request, "penilaian/admin/buka_kembali_unit.html", ctx)


urlpatterns = [
    path("admin/buka-kembali-unit/", buka_kembali_unit, name="buka_kembali_unit"),
]
