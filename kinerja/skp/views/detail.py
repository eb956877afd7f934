"""Detail SKP ("SASARAN KINERJA PEGAWAI") and everything done on it: RHK, indicators, Ekspektasi Pimpinan,
Lampiran SKP, Muat ulang, Ajukan SKP and the assessor's Edit Status."""

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
from kinerja.sampah.buang import PESAN_DIPINDAHKAN

from .. import rules
from ..forms import EkspektasiForm, IndikatorForm, LampiranForm, RhkForm, UbahStatusForm
from ..models import Indikator, JenisLampiran, LampiranItem, Rhk, Skp
from ..selectors.detail import detail_skp, skp_base, skp_visible_or_404
from ..services import perilaku, periode, workflow
from ..services import rhk as rhk_services

LOCKED = (
    "SKP berstatus {status} tidak dapat diubah. Perubahan hanya dapat dilakukan saat SKP berstatus DRAFT."
)

# Columns of the Hasil Kerja table by (JPT?, kualitatif?).
KOLOM = {(True, False): 5, (True, True): 3, (False, False): 6, (False, True): 5}


def hak(user, skp: Skp) -> dict:
    """What the user may do on this SKP's page; the services check the same again on every POST."""
    owner = skp.pegawai.user_id == user.pk
    penilai = bool(skp.penilai_id and skp.penilai.user_id == user.pk)
    ubah = owner and skp.is_draft
    return {
        "owner": owner,
        "penilai": penilai,
        "ubah": ubah,
        "edit_status": penilai and not skp.is_draft,
        "ekspektasi": penilai and skp.status != rules.PERSETUJUAN,
        "pimpinan": owner and skp.jenis_pegawai == "PIMPINAN",
        "baca_saja": not owner and not penilai,
    }


def _editable_or_403(user, skp: Skp) -> None:
    """Form pages of RHK, indicators and lampiran are the owner's (admins and assessors only read)."""
    if not user.has_perm("skp.edit", skp):
        raise PermissionDenied


def _back(skp: Skp, anchor: str = ""):
    response = redirect("skp:detail", skp.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _locked_response(request, skp: Skp):
    """A locked SKP sends its form pages back to Detail SKP with the reason."""
    messages.error(request, LOCKED.format(status=skp.status))
    return _back(skp)


def _post_action(request, skp: Skp, call, success: str, anchor: str = ""):
    """A POST-only action from Detail SKP: message, then back to the page."""
    run_post_service(request, call, success)
    return _back(skp, anchor)


def _form_page(request, template: str, skp: Skp, form, judul: str, **extra):
    return render(request, template, {"skp": skp, "form": form, "judul": judul, **extra})


@login_required
def detail(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    rights = hak(request.user, skp)
    d = detail_skp(skp)
    context = {
        "d": d,
        "skp": skp,
        "hak": rights,
        "kelompok": [("Utama", d.utama), ("Tambahan", d.tambahan)],
        "kolom": KOLOM[(skp.is_jpt, skp.is_kualitatif)],
        "lampiran": [(jenis, label, d.lampiran[jenis]) for jenis, label in JenisLampiran.choices],
        "masalah": workflow.completeness_problems(skp) if rights["ubah"] else [],
        "status_form": UbahStatusForm(initial={"versi": skp.versi}) if rights["edit_status"] else None,
        "lampiran_form": LampiranForm() if rights["ubah"] else None,
    }
    return render(request, "skp/detail.html", context)


# --- Hasil Kerja: RHK -------------------------------------------------------------------------------------


@login_required
def rhk_create(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    _editable_or_403(request.user, skp)
    if not skp.is_draft:
        return _locked_response(request, skp)
    initial = {"rhk_atasan": request.GET.get("rhk_atasan", "")}
    form = RhkForm(request.POST or None, skp=skp, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(rhk_services.rhk_create, actor=request.user, skp=skp, **form.service_kwargs())
        if run_form_service(request, form, call, "Rencana Hasil Kerja berhasil ditambahkan."):
            return _back(skp, "hasil-kerja")
    return _form_page(request, "skp/form_rhk.html", skp, form, "Tambah Rencana Hasil Kerja (RHK)")


def _rhk_or_404(request, pk: int) -> Rhk:
    rhk = get_object_or_404(Rhk.objects.select_related("rhk_atasan"), pk=pk)
    rhk.skp = skp_visible_or_404(request.user, rhk.skp_id)
    return rhk


@login_required
def rhk_edit(request, pk: int):
    rhk = _rhk_or_404(request, pk)
    skp = rhk.skp
    _editable_or_403(request.user, skp)
    if not skp.is_draft:
        return _locked_response(request, skp)
    form = RhkForm(request.POST or None, skp=skp, rhk=rhk)
    if request.method == "POST" and form.is_valid():
        call = partial(rhk_services.rhk_update, actor=request.user, rhk=rhk, **form.service_kwargs())
        if run_form_service(request, form, call, "Rencana Hasil Kerja berhasil diubah."):
            return _back(skp, f"rhk-{rhk.pk}")
    return _form_page(request, "skp/form_rhk.html", skp, form, "Edit Rencana Hasil Kerja (RHK)", rhk=rhk)


@require_POST
@login_required
def rhk_delete(request, pk: int):
    rhk = _rhk_or_404(request, pk)
    call = partial(rhk_services.rhk_delete, actor=request.user, rhk=rhk)
    pesan = f"Rencana Hasil Kerja berhasil dihapus. {PESAN_DIPINDAHKAN}"
    return _post_action(request, rhk.skp, call, pesan, "hasil-kerja")


# --- Hasil Kerja: indicators --------------------------------------------------------------------------------


@login_required
def indikator_create(request, pk: int):
    rhk = _rhk_or_404(request, pk)
    skp = rhk.skp
    _editable_or_403(request.user, skp)
    if not skp.is_draft:
        return _locked_response(request, skp)
    form = IndikatorForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        call = partial(rhk_services.indikator_create, actor=request.user, rhk=rhk, **form.service_kwargs())
        if run_form_service(request, form, call, "Indikator berhasil ditambahkan."):
            return _back(skp, f"rhk-{rhk.pk}")
    return _form_page(request, "skp/form_indikator.html", skp, form, "Tambah Indikator", rhk=rhk)


def _indikator_or_404(request, pk: int) -> Indikator:
    indikator = get_object_or_404(Indikator.objects.select_related("rhk"), pk=pk)
    indikator.rhk.skp = skp_visible_or_404(request.user, indikator.rhk.skp_id)
    return indikator


@login_required
def indikator_edit(request, pk: int):
    indikator = _indikator_or_404(request, pk)
    skp = indikator.rhk.skp
    _editable_or_403(request.user, skp)
    if not skp.is_draft:
        return _locked_response(request, skp)
    form = IndikatorForm(request.POST or None, skp=skp, indikator=indikator)
    if request.method == "POST" and form.is_valid():
        call = partial(
            rhk_services.indikator_update, actor=request.user, indikator=indikator, **form.service_kwargs()
        )
        if run_form_service(request, form, call, "Indikator berhasil diubah."):
            return _back(skp, f"rhk-{indikator.rhk_id}")
    context = {"rhk": indikator.rhk, "indikator": indikator}
    return _form_page(request, "skp/form_indikator.html", skp, form, "Edit Indikator", **context)


@require_POST
@login_required
def indikator_delete(request, pk: int):
    indikator = _indikator_or_404(request, pk)
    call = partial(rhk_services.indikator_delete, actor=request.user, indikator=indikator)
    return _post_action(
        request,
        indikator.rhk.skp,
        call,
        f"Indikator berhasil dihapus. {PESAN_DIPINDAHKAN}",
        f"rhk-{indikator.rhk_id}",
    )


# --- Perilaku Kerja: Ekspektasi Pimpinan ----------------------------------------------------------------------


@login_required
def ekspektasi_edit(request, pk: int, nilai: int):
    skp = skp_visible_or_404(request.user, pk)
    if not 1 <= nilai <= len(rules.BERAKHLAK):
        raise Http404("Nilai perilaku tidak dikenal.")
    if not hak(request.user, skp)["penilai"]:
        raise PermissionDenied
    if skp.status == rules.PERSETUJUAN:
        messages.error(request, "SKP sudah disetujui; ubah status menjadi Draft untuk mengubah ekspektasi.")
        return _back(skp, "perilaku-kerja")
    current = skp.ekspektasi.filter(nilai=nilai).first()
    form = EkspektasiForm(request.POST or None, initial={"teks": current.teks if current else ""})
    if request.method == "POST" and form.is_valid():
        call = partial(
            perilaku.ekspektasi_set, actor=request.user, skp=skp, nilai=nilai, teks=form.cleaned_data["teks"]
        )
        if run_form_service(request, form, call, "Ekspektasi pimpinan berhasil disimpan."):
            return _back(skp, "perilaku-kerja")
    nama, perilaku_list = rules.BERAKHLAK[nilai - 1]
    context = {"nomor": nilai, "nilai": nama, "perilaku": perilaku_list}
    return _form_page(request, "skp/form_ekspektasi.html", skp, form, "Ekspektasi Pimpinan", **context)


# --- Lampiran SKP ---------------------------------------------------------------------------------------------


@login_required
def lampiran_create(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    _editable_or_403(request.user, skp)
    if not skp.is_draft:
        return _locked_response(request, skp)
    form = LampiranForm(request.POST or None, initial={"jenis": request.GET.get("jenis", "")})
    if request.method == "POST" and form.is_valid():
        call = partial(perilaku.lampiran_add, actor=request.user, skp=skp, **form.cleaned_data)
        if run_form_service(request, form, call, "Lampiran SKP berhasil ditambahkan."):
            return _back(skp, "lampiran")
    return _form_page(request, "skp/form_lampiran.html", skp, form, "Tambah Lampiran SKP")


@require_POST
@login_required
def lampiran_delete(request, pk: int):
    item = get_object_or_404(LampiranItem, pk=pk)
    skp = skp_visible_or_404(request.user, item.skp_id)
    item.skp = skp
    call = partial(perilaku.lampiran_delete, actor=request.user, item=item)
    return _post_action(request, skp, call, "Lampiran SKP berhasil dihapus.", "lampiran")


# --- Workflow ---------------------------------------------------------------------------------------------------


@require_POST
@login_required
def muat_ulang(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    call = partial(periode.skp_muat_ulang, actor=request.user, skp=skp)
    return _post_action(
        request, skp, call, "Data pegawai yang dinilai dan pejabat penilai telah dimuat ulang."
    )


@require_POST
@login_required
def ajukan(request, pk: int):
    skp = skp_visible_or_404(request.user, pk)
    call = partial(workflow.skp_ajukan, actor=request.user, skp=skp)
    return _post_action(request, skp, call, "SKP berhasil diajukan kepada pejabat penilai.")


@login_required
def ubah_status(request, pk: int):
    """Edit Status (the assessor): Persetujuan, or back to Draft with a catatan. Also posted from the modal.

    A form drawn before the SKP went back to DRAFT (invisible to the assessor then) gets "data telah diubah oleh
    pengguna lain" with the input kept, not a 404: the assessor's POST with a token reaches the service when the
    SKP was ever submitted (token > 0, docs/konkurensi.md); a never-submitted draft stays a 404."""
    skp = skp_base().filter(pk=pk).first() if request.method == "POST" and "versi" in request.POST else None
    if not (skp is not None and skp.versi > 0 and request.user.has_perm("skp.review", skp)):
        skp = skp_visible_or_404(request.user, pk)
    if not hak(request.user, skp)["penilai"]:
        raise PermissionDenied
    form = UbahStatusForm(request.POST or None, initial={"versi": skp.versi})
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        success = (
            "SKP telah disetujui."
            if status == rules.PERSETUJUAN
            else "SKP dikembalikan menjadi Draft dengan catatan untuk pegawai."
        )
        call = partial(
            workflow.skp_ubah_status,
            actor=request.user,
            skp=skp,
            status=status,
            catatan=form.cleaned_data["catatan"],
            versi=form.cleaned_data["versi"],
        )
        if run_form_service(request, form, call, success):
            return _back(skp)
        # Refused: the page shows what holds now (the form keeps what was sent).
        skp.refresh_from_db(fields=["status", "versi", "revisi", "keterangan"])
    return _form_page(request, "skp/form_status.html", skp, form, "Edit Status")


urlpatterns = [
    path("skp/<int:pk>/", detail, name="detail"),
    path("skp/<int:pk>/rhk/tambah/", rhk_create, name="rhk_create"),
    path("skp/rhk/<int:pk>/", rhk_edit, name="rhk_edit"),
    path("skp/rhk/<int:pk>/hapus/", rhk_delete, name="rhk_delete"),
    path("skp/rhk/<int:pk>/indikator/tambah/", indikator_create, name="indikator_create"),
    path("skp/indikator/<int:pk>/", indikator_edit, name="indikator_edit"),
    path("skp/indikator/<int:pk>/hapus/", indikator_delete, name="indikator_delete"),
    path("skp/<int:pk>/ekspektasi/<int:nilai>/", ekspektasi_edit, name="ekspektasi_edit"),
    path("skp/<int:pk>/lampiran/tambah/", lampiran_create, name="lampiran_create"),
    path("skp/lampiran/<int:pk>/hapus/", lampiran_delete, name="lampiran_delete"),
    path("skp/<int:pk>/muat-ulang/", muat_ulang, name="muat_ulang"),
    path("skp/<int:pk>/ajukan/", ajukan, name="ajukan"),
    path("skp/<int:pk>/status/", ubah_status, name="ubah_status"),
]
