"""Keberatan: the employee's Ajukan Keberatan form and status, and the atasan pejabat penilai's list "Keberatan" with
the hearing notes and the decision. Its URLs are served by `views/penilaian_skp.py`."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path

from kinerja.core.actions import run_form_service

from .. import rules
from ..forms import KeberatanForm, PutusKeberatanForm
from ..models import Keberatan, StatusKeberatan
from ..selectors.penilaian import keberatan_or_404, keberatan_untuk_atasan, penilaian_visible_or_404
from ..services import keberatan as services

PANDUAN = {
    "hasil": [
        (rules.RATING_LABEL[k], rules.PANDUAN_HASIL_KERJA[k])
        for k in (rules.DIATAS, rules.SESUAI, rules.DIBAWAH)
    ],
    "perilaku": [
        (rules.RATING_LABEL[k], rules.PANDUAN_PERILAKU[k])
        for k in (rules.DIATAS, rules.SESUAI, rules.DIBAWAH)
    ],
}


@login_required
def ajukan(request, pk: int):
    """Ajukan Keberatan (the owner, Final period, within the window) and, once filed, its status for everyone
    who may read the period."""
    penilaian = penilaian_visible_or_404(request.user, pk)
    keberatan = getattr(penilaian, "keberatan", None)
    owner = penilaian.skp.pegawai.user_id == request.user.pk
    if request.method == "POST" and not owner:
        raise PermissionDenied
    form = masalah = atasan = None
    if owner and request.method == "POST":
        # Always through the service, also when a keberatan was filed after this page was drawn: the refusal
        # ("data telah diubah oleh pengguna lain") is shown on the form with the typed alasan kept.
        form = KeberatanForm(request.POST)
        if keberatan is None:
            atasan = services.atasan_pejabat_penilai(penilaian)
        if form.is_valid():
            call = partial(
                services.keberatan_ajukan,
                actor=request.user,
                penilaian=penilaian,
                alasan=form.cleaned_data["alasan"],
                versi=form.cleaned_data["versi"],
            )
            if run_form_service(
                request, form, call, "Keberatan berhasil diajukan kepada atasan pejabat penilai."
            ):
                return redirect("penilaian:keberatan", penilaian.pk)
        keberatan = Keberatan.objects.filter(penilaian=penilaian).first()  # filed meanwhile: shown above
    elif keberatan is None and owner:
        masalah = services.keberatan_masalah(penilaian)
        if masalah is None:
            atasan = services.atasan_pejabat_penilai(penilaian)
            form = KeberatanForm(initial={"versi": penilaian.versi})
    context = {
        "p": penilaian,
        "skp": penilaian.skp,
        "keberatan": keberatan,
        "owner": owner,
        "form": form,
        "masalah": masalah,
        "atasan": atasan,
        "batas": services.batas_keberatan(penilaian),
        "hari": services.keberatan_hari(penilaian.skp.instansi_id),
    }
    return render(request, "penilaian/keberatan.html", context)


@login_required
def daftar(request):
    """Keberatan: the objections the user decides as atasan pejabat penilai (to decide / decided)."""
    status = request.GET.get("status", StatusKeberatan.DIAJUKAN)
    if status not in StatusKeberatan.values:
        status = StatusKeberatan.DIAJUKAN
    page = Paginator(keberatan_untuk_atasan(request.user, status), 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "tabs": StatusKeberatan.choices}
    return render(request, "penilaian/keberatan_list.html", context)


@login_required
def putus(request, pk: int):
    """One keberatan: the objection, the hearing notes and the decision form (its atasan, while not decided)."""
    keberatan = keberatan_or_404(request.user, pk)
    penilaian = keberatan.penilaian
    boleh = keberatan.atasan.user_id == request.user.pk if keberatan.atasan_id else False
    terbuka = boleh and keberatan.status == StatusKeberatan.DIAJUKAN
    if request.method == "POST" and not terbuka:
        raise PermissionDenied
    form = PutusKeberatanForm(request.POST or None) if terbuka else None
    if form is not None and request.method == "POST" and form.is_valid():
        call = partial(services.keberatan_putus, actor=request.user, keberatan=keberatan, **form.cleaned_data)
        if run_form_service(request, form, call, "Keputusan atas keberatan berhasil disimpan."):
            return redirect("penilaian:keberatan_putus", keberatan.pk)
    context = {"k": keberatan, "p": penilaian, "skp": penilaian.skp, "form": form, "panduan": PANDUAN}
    return render(request, "penilaian/keberatan_putus.html", context)


urlpatterns = [
    path("penilaian/<int:pk>/keberatan/", ajukan, name="keberatan"),
    path("keberatan/", daftar, name="keberatan_list"),
    path("keberatan/<int:pk>/", putus, name="keberatan_putus"),
]
