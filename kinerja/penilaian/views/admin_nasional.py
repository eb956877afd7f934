"""Dashboard Nasional (admin nasional): completion and predikat distribution of the Final per instansi."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.org.views.common import admin_required

from .. import rules
from ..forms_admin import NasionalForm
from ..selectors import nasional as selectors

PER_PAGE = 50


def _label(metrik: str) -> str:
    if metrik.startswith("predikat_"):
        predikat = metrik.removeprefix("predikat_")
        return "Kurang" if predikat == rules.KURANG else rules.PREDIKAT_LABEL[predikat]
    return {"skp": "SKP Disetujui", "ditambah": "Penilaian Final", "dinilai": "Sudah Dinilai"}[metrik]


@admin_required
@require_GET
def dashboard_nasional(request):
    if not request.user.is_admin_nasional:
        raise PermissionDenied("Dashboard Nasional hanya untuk admin nasional.")
    default_tahun = timezone.localdate().year
    form = NasionalForm(request.GET or None, tahun=default_tahun, urutan=selectors.URUTAN)
    filters = form.filters(default_tahun)
    rows, total = selectors.nasional(tahun=filters["tahun"], q=filters["q"], urutan=filters["urutan"])
    ctx = {
        "form": form,
        "tahun": filters["tahun"],
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "total": total,
        "total_sel": [(m, total[m]) for m in selectors.KOLOM],
        "kolom": [(m, _label(m)) for m in selectors.KOLOM],
        "jumlah_instansi": len(rows),
        "distribusi": [
            (
                rules.PREDIKAT_LABEL[p],
                total[f"predikat_{p}"],
                round(100 * total[f"predikat_{p}"] / total["dinilai"], 1),
            )
            if total["dinilai"]
            else (rules.PREDIKAT_LABEL[p], 0, 0.0)
            for p in reversed(rules.PREDIKAT_ORDER)
        ],
    }
    return render(request, "penilaian/admin/dashboard_nasional.html", ctx)


urlpatterns = [path("admin/dashboard/nasional/", dashboard_nasional, name="dashboard_nasional")]
