"""Penilaian SKP: the periods added to an SKP (Tambah Periode Penilaian, Hapus Periode Duplikat, Muat ulang of the
assessor), and what the employee reads back per period: Feedback Perilaku and Pembinaan. Keberatan pages are in
`views/keberatan.py`, whose URLs are served from here."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.skp.models import Status

from ..forms import TambahPeriodeForm
from ..models import PeriodePenilaian
from ..selectors.evaluasi import pembinaan_untuk
from ..selectors.penilaian import (
    halaman_penilaian_skp,
    penilaian_visible_or_404,
    perilaku_rows,
    skp_penilaian_or_404,
)
from ..services import penilaian as services
from . import keberatan


def _back(pk: int, anchor: str = ""):
    response = redirect("penilaian:skp", pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def penilaian_skp(request, pk: int):
    skp = skp_penilaian_or_404(request.user, pk)
    halaman = halaman_penilaian_skp(request.user, skp)
    owner = skp.pegawai.user_id == request.user.pk
    if request.method == "POST" and not owner:
        raise PermissionDenied
    form = TambahPeriodeForm(request.POST or None, pilihan=halaman.periode_pilihan) if owner else None
    if form is not None and request.method == "POST" and form.is_valid():
        periode = get_object_or_404(PeriodePenilaian, pk=form.cleaned_data["periode"])
        call = partial(services.penilaian_tambah, actor=request.user, skp=skp, periode=periode)
        if run_form_service(request, form, call, f"Periode {periode.nama} berhasil ditambahkan."):
            return _back(skp.pk)
    context = {
        "h": halaman,
        "skp": skp,
        "owner": owner,
        "form": form,
        "disetujui": skp.status == Status.PERSETUJUAN,
    }
    return render(request, "penilaian/skp.html", context)


@require_POST
@login_required
def hapus_duplikat(request, pk: int):
    skp = skp_penilaian_or_404(request.user, pk)
    try:
        deleted, kept = services.penilaian_hapus_duplikat(actor=request.user, skp=skp)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(skp.pk)
    if deleted:
        messages.success(request, f"{deleted} periode penilaian duplikat berhasil dihapus.")
    else:
        messages.info(request, "Tidak ada periode penilaian duplikat yang dapat dihapus.")
    if kept:
        messages.warning(
            request,
            f"{kept} periode duplikat tidak dihapus karena sudah berisi data (rencana aksi, bukti dukung, "
            "realisasi atau penilaian). Hubungi admin instansi bila perlu dirapikan.",
        )
    return _back(skp.pk)


@require_POST
@login_required
def muat_ulang(request, pk: int):
    penilaian = penilaian_visible_or_404(request.user, pk)
    call = partial(services.penilaian_muat_ulang_penilai, actor=request.user, penilaian=penilaian)
    run_post_service(request, call, "Data pejabat penilai periode ini berhasil dimuat ulang dari SKP.")
    return _back(penilaian.skp_id, f"penilaian-{penilaian.pk}")


@login_required
def feedback_perilaku(request, pk: int):
    """Feedback Perilaku: the assessor's feedback per core value and the colleagues' comments with their names."""
    penilaian = penilaian_visible_or_404(request.user, pk)
    context = {"p": penilaian, "skp": penilaian.skp, "perilaku": perilaku_rows(penilaian, dengan_rekan=True)}
    return render(request, "penilaian/skp_feedback_perilaku.html", context)


@login_required
def pembinaan(request, pk: int):
    """Pembinaan: the assessor's coaching notes for this period, visible to the employee."""
    penilaian = penilaian_visible_or_404(request.user, pk)
    context = {"p": penilaian, "skp": penilaian.skp, "catatan": list(pembinaan_untuk(penilaian))}
    return render(request, "penilaian/skp_pembinaan.html", context)


urlpatterns = [
    path("skp/<int:pk>/penilaian/", penilaian_skp, name="skp"),
    path("skp/<int:pk>/penilaian/hapus-duplikat/", hapus_duplikat, name="hapus_duplikat"),
    path("penilaian/<int:pk>/muat-ulang/", muat_ulang, name="muat_ulang"),
    path("penilaian/<int:pk>/feedback-perilaku/", feedback_perilaku, name="feedback_perilaku"),
    path("penilaian/<int:pk>/pembinaan/", pembinaan, name="pembinaan_saya"),
    *keberatan.urlpatterns,
]
