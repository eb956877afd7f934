"""Rencana Aksi and Pengisian Bukti Dukung dan Lihat Hasil of one period: the pages, and the form pages of rencana
aksi, bukti dukung and Edit Realisasi. Feedback Perilaku rekan kerja is in `views/rekan.py`, served from here."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.dates import rentang
from kinerja.core.errors import DomainError
from kinerja.harian.selectors.matriks import saran_realisasi
from kinerja.sampah.buang import PESAN_DIPINDAHKAN
from kinerja.skp.models import Indikator, Rhk, Sumber

from ..forms import BuktiDukungForm, RealisasiForm, RencanaAksiForm
from ..models import BuktiDukung, Penilaian, Realisasi, RencanaAksi
from ..selectors.penilaian import bisa_isi, data_pengisian, data_rencana_aksi, penilaian_visible_or_404
from ..services import pengisian as services
from ..services.common import require_rencana_aksi
from . import rekan
from .potongan import Potongan, url_pola

KOLOM = {
    (True, False): 9,
    (True, True): 7,
    (False, False): 10,
    (False, True): 9,
}  # (JPT?, kualitatif?), periodic


def _back(name: str, penilaian: Penilaian, anchor: str = ""):
    response = redirect(name, penilaian.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _fillable_or_back(request, penilaian: Penilaian, back: str, rhk_id: int | None = None):
    """Form pages are the owner's (403 for readers); a closed period sends the owner back with the reason."""
    if not request.user.has_perm("penilaian.fill", penilaian):
        raise PermissionDenied
    try:
        services.check_fill(request.user, penilaian)
        if rhk_id is not None:
            require_rencana_aksi(penilaian, rhk_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(back, penilaian)
    return None


def _form_page(request, penilaian, form, judul: str, back: str, **extra):
    context = {"p": penilaian, "skp": penilaian.skp, "form": form, "judul": judul, "kembali": back, **extra}
    return render(request, "penilaian/pengisian_form.html", context)


# --- Rencana Aksi -----------------------------------------------------------------------------------------------


@login_required
def rencana_aksi(request, pk: int):
    penilaian = penilaian_visible_or_404(request.user, pk, ringkas=True)
    if penilaian.is_final:
        messages.info(
            request, "Periode Final tidak memerlukan rencana aksi, cukup mengisi bukti dukung dan realisasi."
        )
        return _back("penilaian:pengisian", penilaian)
    context = {
        "p": penilaian,
        "skp": penilaian.skp,
        "baris": data_rencana_aksi(penilaian),
        "bisa_isi": bisa_isi(request.user, penilaian),
    }
    return render(request, "penilaian/pengisian_rencana_aksi.html", context)


@login_required
def rencana_aksi_tambah(request, pk: int, rhk: int):
    penilaian = penilaian_visible_or_404(request.user, pk, ringkas=True)
    rhk_obj = get_object_or_404(Rhk, pk=rhk, skp_id=penilaian.skp_id)
    if closed := _fillable_or_back(request, penilaian, "penilaian:rencana_aksi"):
        return closed
    form = RencanaAksiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.rencana_aksi_create,
            actor=request.user,
            penilaian=penilaian,
            rhk=rhk_obj,
            **form.cleaned_data,
        )
        if run_form_service(request, form, call, "Rencana aksi berhasil ditambahkan."):
            return _back("penilaian:rencana_aksi", penilaian, f"rhk-{rhk_obj.pk}")
    return _form_page(
        request,
        penilaian,
        form,
        "Tambah Rencana Aksi",
        "penilaian:rencana_aksi",
        rhk=rhk_obj,
        anchor=f"rhk-{rhk}",
    )


def _rencana_aksi_or_404(request, pk: int) -> RencanaAksi:
    item = get_object_or_404(RencanaAksi.objects.select_related("rhk"), pk=pk)
    item.penilaian = penilaian_visible_or_404(request.user, item.penilaian_id, ringkas=True)
    return item


@login_required
def rencana_aksi_edit(request, pk: int):
    item = _rencana_aksi_or_404(request, pk)
    penilaian = item.penilaian
    if closed := _fillable_or_back(request, penilaian, "penilaian:rencana_aksi"):
        return closed
    form = RencanaAksiForm(request.POST or None, initial={"teks": item.teks, "target": item.target})
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.rencana_aksi_update, actor=request.user, rencana_aksi=item, **form.cleaned_data
        )
        if run_form_service(request, form, call, "Rencana aksi berhasil diubah."):
            return _back("penilaian:rencana_aksi", penilaian, f"rhk-{item.rhk_id}")
    return _form_page(
        request,
        penilaian,
        form,
        "Edit Rencana Aksi",
        "penilaian:rencana_aksi",
        rhk=item.rhk,
        anchor=f"rhk-{item.rhk_id}",
    )


@require_POST
@login_required
def rencana_aksi_hapus(request, pk: int):
    item = _rencana_aksi_or_404(request, pk)
    run_post_service(
        request,
        partial(services.rencana_aksi_delete, actor=request.user, rencana_aksi=item),
        "Rencana aksi berhasil dihapus.",
    )
    return _back("penilaian:rencana_aksi", item.penilaian, f"rhk-{item.rhk_id}")


# --- Pengisian Bukti Dukung dan Lihat Hasil ---------------------------------------------------------------------


def _sel_pengisian(request, penilaian: Penilaian, data, saran, boleh_isi: bool) -> None:
    """Each indicator's Bukti Dukung / Realisasi / Feedback cells and each RHK's rencana aksi, rendered once,
    with the row URLs built from one reverse() each."""
    edit_realisasi = url_pola("penilaian:realisasi_edit", penilaian.pk)
    tambah_bukti = url_pola("penilaian:bukti_tambah", penilaian.pk)
    edit_bukti, hapus_bukti = url_pola("penilaian:bukti_edit"), url_pola("penilaian:bukti_hapus")
    ubah = boleh_isi and penilaian.skp.sumber != Sumber.PMM  # the owner's buttons, while open
    render_sel = Potongan(
        request, p=penilaian, bisa_isi=boleh_isi, ubah=ubah, saran=saran,
        url_rencana_aksi=reverse("penilaian:rencana_aksi", args=[penilaian.pk]),
    )  # fmt: skip
    for b in data.utama + data.tambahan:
        if not penilaian.is_final:
            b.sel_ra = render_sel("penilaian/pengisian_ra.html", b=b)
        for row in b.indikator:
            if ubah:
                row.url_realisasi = edit_realisasi(row.indikator.pk)
                row.url_tambah = tambah_bukti(row.indikator.pk)
                for bukti in row.bukti:
                    bukti.url_edit, bukti.url_hapus = edit_bukti(bukti.pk), hapus_bukti(bukti.pk)
            row.sel = {
                "bukti": render_sel("penilaian/pengisian_bukti.html", b=b, row=row),
                "realisasi": render_sel("penilaian/pengisian_realisasi.html", b=b, row=row),
                "feedback": render_sel("penilaian/pengisian_feedback.html", fb=row.feedback),
            }
    for r in data.perilaku:
        r.sel_feedback = render_sel("penilaian/pengisian_feedback.html", fb=r.feedback)


@login_required
def pengisian(request, pk: int):
    penilaian = penilaian_visible_or_404(request.user, pk, ringkas=True)
    skp = penilaian.skp
    data = data_pengisian(penilaian, dengan_rencana_aksi=not penilaian.is_final)  # Final: no rencana aksi
    kolom = KOLOM[(skp.is_jpt, skp.is_kualitatif)] - (1 if penilaian.is_final else 0)
    indikator = [row.indikator for b in data.utama + data.tambahan for row in b.indikator]
    boleh_isi = bisa_isi(request.user, penilaian)
    # Kinerja harian on: the approved CKHP realisation per month of the period (None when off).
    saran = saran_realisasi(skp, indikator, penilaian.awal, penilaian.akhir)
    _sel_pengisian(request, penilaian, data, saran, boleh_isi)
    context = {"p": penilaian, "skp": skp, "d": data, "bisa_isi": boleh_isi, "kolom": kolom}
    return render(request, "penilaian/pengisian.html", context)


def _indikator_or_404(penilaian: Penilaian, pk: int) -> Indikator:
    return get_object_or_404(Indikator.objects.select_related("rhk"), pk=pk, rhk__skp_id=penilaian.skp_id)


@login_required
def bukti_tambah(request, pk: int, indikator: int):
    penilaian = penilaian_visible_or_404(request.user, pk, ringkas=True)
    ind = _indikator_or_404(penilaian, indikator)
    if closed := _fillable_or_back(request, penilaian, "penilaian:pengisian", ind.rhk_id):
        return closed
    form = BuktiDukungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.bukti_create, actor=request.user, penilaian=penilaian, indikator=ind, **form.cleaned_data
        )
        if run_form_service(request, form, call, "Bukti dukung berhasil ditambahkan."):
            return _back("penilaian:pengisian", penilaian, f"ind-{ind.pk}")
    return _form_page(
        request,
        penilaian,
        form,
        "Tambah Bukti Dukung",
        "penilaian:pengisian",
        indikator=ind,
        anchor=f"ind-{ind.pk}",
    )


def _bukti_or_404(request, pk: int) -> BuktiDukung:
    item = get_object_or_404(BuktiDukung.objects.select_related("indikator__rhk"), pk=pk)
    item.penilaian = penilaian_visible_or_404(request.user, item.penilaian_id, ringkas=True)
    return item


@login_required
def bukti_edit(request, pk: int):
    item = _bukti_or_404(request, pk)
    penilaian = item.penilaian
    if closed := _fillable_or_back(request, penilaian, "penilaian:pengisian", item.indikator.rhk_id):
        return closed
    form = BuktiDukungForm(request.POST or None, initial={"nama": item.nama, "link": item.link})
    if request.method == "POST" and form.is_valid():
        call = partial(services.bukti_update, actor=request.user, bukti=item, **form.cleaned_data)
        if run_form_service(request, form, call, "Bukti dukung berhasil diubah."):
            return _back("penilaian:pengisian", penilaian, f"ind-{item.indikator_id}")
    return _form_page(
        request,
        penilaian,
        form,
        "Edit Bukti Dukung",
        "penilaian:pengisian",
        indikator=item.indikator,
        anchor=f"ind-{item.indikator_id}",
    )


@require_POST
@login_required
def bukti_hapus(request, pk: int):
    item = _bukti_or_404(request, pk)
    run_post_service(
        request,
        partial(services.bukti_delete, actor=request.user, bukti=item),
        f"Bukti dukung berhasil dihapus. {PESAN_DIPINDAHKAN}",
    )
    return _back("penilaian:pengisian", item.penilaian, f"ind-{item.indikator_id}")


@login_required
def realisasi_edit(request, pk: int, indikator: int):
    penilaian = penilaian_visible_or_404(request.user, pk, ringkas=True)
    ind = _indikator_or_404(penilaian, indikator)
    if closed := _fillable_or_back(request, penilaian, "penilaian:pengisian", ind.rhk_id):
        return closed
    initial = {}
    if request.method != "POST":  # a sent form shows what was sent: the saved values are read for a GET only
        current = Realisasi.objects.filter(penilaian=penilaian, indikator=ind).first()
        initial = {"realisasi": current.realisasi, "sumber_data": current.sumber_data} if current else {}
        initial["versi"] = current.versi if current else 0  # docs/konkurensi.md
    if request.method == "GET" and request.GET.get("saran"):  # "Gunakan saran": prefilled, nothing saved
        saran = saran_realisasi(penilaian.skp, [ind], penilaian.awal, penilaian.akhir)
        if saran:
            sumber = f"Catatan kinerja harian yang disetujui ({rentang(penilaian.awal, penilaian.akhir)})"
            initial.update(realisasi=saran[ind.pk].total_label, sumber_data=sumber)
    form = RealisasiForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.realisasi_set,
            actor=request.user,
            penilaian=penilaian,
            indikator=ind,
            **form.cleaned_data,
        )
        if run_form_service(request, form, call, "Realisasi berhasil disimpan."):
            return _back("penilaian:pengisian", penilaian, f"ind-{ind.pk}")
    return _form_page(
        request,
        penilaian,
        form,
        "Edit Realisasi",
        "penilaian:pengisian",
        indikator=ind,
        anchor=f"ind-{ind.pk}",
    )


urlpatterns = [
    path("penilaian/<int:pk>/rencana-aksi/", rencana_aksi, name="rencana_aksi"),
    path(
        "penilaian/<int:pk>/rencana-aksi/tambah/<int:rhk>/", rencana_aksi_tambah, name="rencana_aksi_tambah"
    ),
    path("rencana-aksi/<int:pk>/edit/", rencana_aksi_edit, name="rencana_aksi_edit"),
    path("rencana-aksi/<int:pk>/hapus/", rencana_aksi_hapus, name="rencana_aksi_hapus"),
    path("penilaian/<int:pk>/pengisian/", pengisian, name="pengisian"),
    path("penilaian/<int:pk>/bukti-dukung/tambah/<int:indikator>/", bukti_tambah, name="bukti_tambah"),
    path("bukti-dukung/<int:pk>/edit/", bukti_edit, name="bukti_edit"),
    path("bukti-dukung/<int:pk>/hapus/", bukti_hapus, name="bukti_hapus"),
    path("penilaian/<int:pk>/realisasi/<int:indikator>/", realisasi_edit, name="realisasi_edit"),
    *rekan.urlpatterns,
]
