"""Tahapan (form pages reached from Detail SKP) and the Matriks Target Bulanan of an approved SKP.

With the feature off for the SKP's instansi every page here is 404."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indikator, Rhk, Skp
from kinerja.skp.selectors.detail import skp_visible_or_404

from .. import pengaturan
from ..forms_matriks import MatriksTargetForm, RealisasiBulananForm, TahapanForm
from ..models import Tahapan
from ..selectors.matriks import angka, data_matriks, skp_matriks_or_404
from ..services import tahapan as tahapan_services
from ..services import target as target_services

LOCKED = (
    "SKP berstatus {status} tidak dapat diubah. Perubahan hanya dapat dilakukan saat SKP berstatus DRAFT."
)


def _owner(user, skp: Skp) -> bool:
    return skp.pegawai.user_id == user.pk


# --- Tahapan ----------------------------------------------------------------------------------------------------


def _detail(skp: Skp, rhk_id: int):
    response = redirect("skp:detail", skp.pk)
    response["Location"] += f"#rhk-{rhk_id}"
    return response


def _tahapan_page(request, rhk: Rhk, form, judul: str, tahapan: Tahapan | None = None):
    context = {"skp": rhk.skp, "rhk": rhk, "form": form, "judul": judul, "tahapan": tahapan}
    return render(request, "harian/tahapan_form.html", context)


def _rhk_for_tahapan(request, pk: int) -> Rhk:
    rhk = get_object_or_404(Rhk, pk=pk)
    rhk.skp = skp_visible_or_404(request.user, rhk.skp_id)
    pengaturan.aktif_or_404(rhk.skp.instansi_id)
    return rhk


def _tahapan_or_404(request, pk: int) -> Tahapan:
    tahapan = get_object_or_404(Tahapan.objects.select_related("rhk"), pk=pk)
    tahapan.rhk.skp = skp_visible_or_404(request.user, tahapan.rhk.skp_id)
    pengaturan.aktif_or_404(tahapan.rhk.skp.instansi_id)
    return tahapan


def _editable_or_back(request, skp: Skp):
    """Form pages are the owner's (403 for readers); a locked SKP goes back to Detail SKP with the reason."""
    if not request.user.has_perm("skp.edit", skp):
        raise PermissionDenied
    if not skp.is_draft or skp.sumber == "PMM":
        messages.error(request, LOCKED.format(status=skp.status))
        return redirect("skp:detail", skp.pk)
    return None


@login_required
def tahapan_tambah(request, pk: int):
    rhk = _rhk_for_tahapan(request, pk)
    if back := _editable_or_back(request, rhk.skp):
        return back
    form = TahapanForm(request.POST or None, skp=rhk.skp)
    if request.method == "POST" and form.is_valid():
        call = partial(tahapan_services.tahapan_create, actor=request.user, rhk=rhk, **form.cleaned_data)
        if run_form_service(request, form, call, "Tahapan berhasil ditambahkan."):
            return _detail(rhk.skp, rhk.pk)
    return _tahapan_page(request, rhk, form, "Tambah Tahapan")


@login_required
def tahapan_ubah(request, pk: int):
    tahapan = _tahapan_or_404(request, pk)
    rhk = tahapan.rhk
    if back := _editable_or_back(request, rhk.skp):
        return back
    initial = {"nama": tahapan.nama, "urutan": tahapan.urutan, "bulan": tahapan.bulan or ""}
    form = TahapanForm(request.POST or None, skp=rhk.skp, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(
            tahapan_services.tahapan_update, actor=request.user, tahapan=tahapan, **form.cleaned_data
        )
        if run_form_service(request, form, call, "Tahapan berhasil diubah."):
            return _detail(rhk.skp, rhk.pk)
    return _tahapan_page(request, rhk, form, "Edit Tahapan", tahapan)


@require_POST
@login_required
def tahapan_hapus(request, pk: int):
    tahapan = _tahapan_or_404(request, pk)
    call = partial(tahapan_services.tahapan_delete, actor=request.user, tahapan=tahapan)
    run_post_service(request, call, "Tahapan berhasil dihapus.")
    return _detail(tahapan.rhk.skp, tahapan.rhk_id)


# --- Matriks Target Bulanan -------------------------------------------------------------------------------------


@login_required
def matriks(request, pk: int):
    """Owner: edits the monthly targets (one form for the whole matrix). Assessor and admin: read-only."""
    skp, setting = skp_matriks_or_404(request.user, pk)
    disetujui = skp.status == skp_rules.PERSETUJUAN
    boleh_ubah = disetujui and _owner(request.user, skp) and skp.sumber != "PMM"
    if request.method == "POST" and not boleh_ubah:
        raise PermissionDenied
    data = data_matriks(skp, setting) if disetujui else None
    form = MatriksTargetForm(request.POST or None, matriks=data) if boleh_ubah else None
    if request.method == "POST" and form.is_valid():
        call = partial(target_services.target_simpan, actor=request.user, skp=skp, nilai=form.nilai())
        if run_form_service(request, form, call, "Matriks target bulanan berhasil disimpan."):
            return redirect("harian:matriks", skp.pk)
    context = {
        "skp": skp,
        "m": data,
        "form": form,
        "disetujui": disetujui,
        "boleh_ubah": boleh_ubah,
        "ubah_realisasi": boleh_ubah and setting.realisasi_bulanan_diubah,
    }
    return render(request, "harian/matriks.html", context)


@login_required
def realisasi_bulanan(request, pk: int, indikator: int, bulan: int):
    """Set or clear the manual realisation of one cell (where the instansi allows it)."""
    skp, setting = skp_matriks_or_404(request.user, pk)
    ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=indikator, rhk__skp_id=skp.pk)
    if not 1 <= bulan <= 12:
        raise Http404("Bulan tidak dikenal.")
    if not _owner(request.user, skp):
        raise PermissionDenied
    if not setting.realisasi_bulanan_diubah:
        raise Http404(target_services.PESAN_TIDAK_BOLEH_UBAH)
    ind.rhk.skp = skp
    data = data_matriks(skp, setting)
    sel = data.sel(ind.pk, bulan)
    initial = {"nilai": angka(sel.realisasi_manual)} if sel and sel.realisasi_manual is not None else {}
    form = RealisasiBulananForm(request.POST or None, initial=initial)
    if request.method == "POST" and "hapus" in request.POST:
        call = partial(target_services.realisasi_hapus, actor=request.user, indikator=ind, bulan=bulan)
        if run_post_service(
            request, call, "Realisasi bulanan dikembalikan ke jumlah catatan kinerja harian."
        ):
            return redirect("harian:matriks", skp.pk)
        form = RealisasiBulananForm(initial=initial)
    elif request.method == "POST" and form.is_valid():
        call = partial(
            target_services.realisasi_set,
            actor=request.user,
            indikator=ind,
            bulan=bulan,
            nilai=form.cleaned_data["nilai"],
        )
        if run_form_service(request, form, call, "Realisasi bulanan berhasil disimpan."):
            return redirect("harian:matriks", skp.pk)
    context = {"skp": skp, "indikator": ind, "bulan": data.bulan[bulan - 1], "sel": sel, "form": form}
    return render(request, "harian/matriks_realisasi.html", context)


urlpatterns = [
    path("skp/rhk/<int:pk>/tahapan/tambah/", tahapan_tambah, name="tahapan_tambah"),
    path("skp/tahapan/<int:pk>/", tahapan_ubah, name="tahapan_ubah"),
    path("skp/tahapan/<int:pk>/hapus/", tahapan_hapus, name="tahapan_hapus"),
    path("skp/<int:pk>/matriks-target/", matriks, name="matriks"),
    path(
        "skp/<int:pk>/matriks-target/realisasi/<int:indikator>/<int:bulan>/",
        realisasi_bulanan,
        name="realisasi_bulanan",
    ),
]
