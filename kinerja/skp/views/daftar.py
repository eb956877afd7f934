"""Daftar SKP: my SKP periods; Tambah Periode SKP, Edit, Hapus, Mutasi."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.integrasi.models import PenggunaPmm
from kinerja.org.views.common import pegawai_required
from kinerja.sampah.buang import PESAN_DIPINDAHKAN

from ..forms_periode import MutasiForm, PeriodeForm, TambahSkpForm
from ..models import Skp
from ..selectors.detail import daftar_skp
from ..services import periode as services


def _own_skp(request, pk: int) -> Skp:
    return get_object_or_404(
        Skp.objects.select_related("pegawai", "penugasan_plt"), pk=pk, pegawai=request.pegawai
    )


@pegawai_required
def daftar(request):
    pengguna_pmm = PenggunaPmm.objects.filter(pegawai=request.pegawai).exists()
    context = {
        "skps": daftar_skp(request.pegawai),
        "pengguna_pmm": pengguna_pmm,
        "sinkron_pmm_url": _sinkron_pmm_url() if pengguna_pmm else None,
    }
    return render(request, "skp/daftar.html", context)


def _sinkron_pmm_url() -> str | None:
    """The Sinkro PMM page, when that part of the application is installed."""
    try:
        return reverse("pmm_sinkron_skp")
    except NoReverseMatch:
        return None


@pegawai_required
def tambah(request):
    form = TambahSkpForm(request.POST or None, pegawai=request.pegawai)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        skp = run_form_service(
            request,
            form,
            lambda: services.skp_create(
                actor=request.user,
                pegawai=request.pegawai,
                periode_awal=data["periode_awal"],
                periode_akhir=data["periode_akhir"],
                pendekatan=data["pendekatan"],
                status_pegawai=data["status_pegawai"],
                penugasan_plt=data["penugasan_plt"],
            ),
            "Periode SKP berhasil ditambahkan.",
        )
        if skp:
            return redirect("skp:daftar")
    return render(request, "skp/form_periode.html", {"form": form, "judul": "Tambah Periode SKP"})


@pegawai_required
def edit(request, pk: int):
    skp = _own_skp(request, pk)
    initial = {"periode_awal": skp.periode_awal, "periode_akhir": skp.periode_akhir}
    form = PeriodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_form_service(
            request,
            form,
            lambda: services.skp_update_periode(
                actor=request.user,
                skp=skp,
                periode_awal=data["periode_awal"],
                periode_akhir=data["periode_akhir"],
            ),
            "Periode SKP berhasil diubah.",
        )
        if done:
            return redirect("skp:daftar")
    return render(request, "skp/form_periode.html", {"form": form, "judul": "Edit Periode SKP", "skp": skp})


@require_POST
@pegawai_required
def hapus(request, pk: int):
    skp = _own_skp(request, pk)
    run_post_service(
        request,
        lambda: services.skp_delete(actor=request.user, skp=skp),
        f"Periode SKP telah dihapus. {PESAN_DIPINDAHKAN}",
    )
    return redirect("skp:daftar")


@pegawai_required
def mutasi(request, pk: int):
    skp = _own_skp(request, pk)
    if skp.status_pegawai != "DEFINITIF":
        raise Http404("Mutasi hanya untuk SKP definitif.")
    pegawai = request.pegawai
    initial = {
        "unit_kerja": pegawai.unit_kerja_id,
        "jabatan": pegawai.jabatan_id,
        "pendekatan": skp.pendekatan,
        "salin_rhk": True,
    }
    form = MutasiForm(request.POST or None, initial=initial, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        baru = run_form_service(
            request,
            form,
            lambda: services.skp_mutasi(
                actor=request.user,
                skp=skp,
                tmt=data["tmt"],
                unit_kerja=data["unit_kerja"],
                jabatan=data["jabatan"],
                pendekatan=data["pendekatan"],
                salin_rhk=data["salin_rhk"],
            ),
            "Mutasi dicatat: periode SKP lama diakhiri dan periode SKP baru dibuat.",
        )
        if baru:
            return redirect("skp:daftar")
    return render(request, "skp/form_mutasi.html", {"form": form, "skp": skp})


urlpatterns = [
    path("skp/", daftar, name="daftar"),
    path("skp/tambah/", tambah, name="tambah"),
    path("skp/<int:pk>/edit/", edit, name="edit"),
    path("skp/<int:pk>/hapus/", hapus, name="hapus"),
    path("skp/<int:pk>/mutasi/", mutasi, name="mutasi"),
]
