"""Feedback Perilaku rekan kerja: find a colleague by NIP, choose one of their SKPs, comment per core value.
Its URLs are served by `views/pengisian.py`."""

from __future__ import annotations

from functools import partial

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.org.views.common import pegawai_required
from kinerja.skp import rules as skp_rules

from ..forms import CariRekanForm, FeedbackRekanForm
from ..models import FeedbackRekan
from ..selectors.penilaian import cari_rekan, feedback_saya, skp_rekan, skp_rekan_or_404
from ..services import rekan as services


@pegawai_required
def cari(request):
    """NIP Pegawai → Cari Pegawai → SKP yang akan dinilai."""
    form = CariRekanForm(request.GET or None)
    rekan = skps = None
    if form.is_bound and form.is_valid():
        rekan = cari_rekan(request.pegawai, form.cleaned_data["nip"])
        if rekan is None:
            form.add_error(
                "nip",
                "Pegawai dengan NIP tersebut tidak ditemukan di instansi Anda (atau NIP Anda sendiri).",
            )
        else:
            skps = skp_rekan(rekan)
    return render(request, "penilaian/rekan.html", {"form": form, "rekan": rekan, "skps": skps})


@pegawai_required
def skp_feedback(request, pk: int):
    """Pengisian Feedback: the colleague's SKP with the 7 core values and my comment on each."""
    skp = skp_rekan_or_404(request.pegawai, pk)
    mine = feedback_saya(request.pegawai, skp)
    baris = [
        {"nomor": i, "nilai": nilai, "perilaku": perilaku, "feedback": mine.get(i)}
        for i, (nilai, perilaku) in enumerate(skp_rules.BERAKHLAK, start=1)
    ]
    return render(request, "penilaian/rekan_skp.html", {"skp": skp, "baris": baris})


@pegawai_required
def feedback_form(request, pk: int, nilai: int):
    skp = skp_rekan_or_404(request.pegawai, pk)
    if not 1 <= nilai <= len(skp_rules.BERAKHLAK):
        return redirect("penilaian:rekan_skp", skp.pk)
    current = FeedbackRekan.objects.filter(skp=skp, pemberi=request.pegawai, nilai=nilai).first()
    form = FeedbackRekanForm(request.POST or None, initial={"teks": current.teks} if current else None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.feedback_rekan_simpan,
            actor=request.user,
            skp=skp,
            nilai=nilai,
            teks=form.cleaned_data["teks"],
        )
        if run_form_service(request, form, call, "Feedback berhasil disimpan."):
            response = redirect("penilaian:rekan_skp", skp.pk)
            response["Location"] += f"#nilai-{nilai}"
            return response
    context = {
        "skp": skp,
        "form": form,
        "nomor": nilai,
        "nilai": skp_rules.BERAKHLAK[nilai - 1][0],
        "perilaku": skp_rules.BERAKHLAK[nilai - 1][1],
        "judul": "Edit Feedback" if current else "Tambah Feedback",
    }
    return render(request, "penilaian/rekan_form.html", context)


@require_POST
@pegawai_required
def feedback_hapus(request, pk: int):
    item = get_object_or_404(
        FeedbackRekan.objects.select_related("skp__instansi"), pk=pk, pemberi=request.pegawai
    )
    run_post_service(
        request,
        partial(services.feedback_rekan_hapus, actor=request.user, feedback=item),
        "Feedback berhasil dihapus.",
    )
    response = redirect("penilaian:rekan_skp", item.skp_id)
    response["Location"] += f"#nilai-{item.nilai}"
    return response


urlpatterns = [
    path("rekan/", cari, name="rekan"),
    path("rekan/skp/<int:pk>/", skp_feedback, name="rekan_skp"),
    path("rekan/skp/<int:pk>/nilai/<int:nilai>/", feedback_form, name="rekan_feedback"),
    path("rekan/feedback/<int:pk>/hapus/", feedback_hapus, name="rekan_hapus"),
]
