"""Tempat Sampah (admin): what was deleted in the admin's scope, newest first, with Pulihkan per row."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.forms import Form
from kinerja.org.models import Instansi, Peran
from kinerja.org.selectors.scope import instansi_for_admin
from kinerja.org.views.common import admin_required

from .models import Jenis, Sampah
from .pulihkan import pulihkan

PER_PAGE = 50
DI_SAMPAH, DIPULIHKAN, SEMUA = "", "dipulihkan", "semua"
FILTER_KEYS = ("jenis", "status", "instansi", "page")


def sampah_for_admin(user) -> QuerySet[Sampah]:
    """The national admin sees every row; an instansi admin those of their instansi only; others none."""
    if user.peran == Peran.ADMIN_NASIONAL:
        return Sampah.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return Sampah.objects.filter(instansi_id=user.instansi_id)
    return Sampah.objects.none()


class SampahFilterForm(Form):
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua jenis"), *Jenis.choices])
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(DI_SAMPAH, "Belum dipulihkan"), (DIPULIHKAN, "Sudah dipulihkan"), (SEMUA, "Semua")],
    )
    instansi = forms.ModelChoiceField(label="Instansi", queryset=Instansi.objects.none(), required=False,
                                      empty_label="Semua instansi")  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.peran == Peran.ADMIN_NASIONAL:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def daftar_sampah(*, user, jenis: str = "", status: str = DI_SAMPAH, instansi=None) -> QuerySet[Sampah]:
    qs = sampah_for_admin(user)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if status == DI_SAMPAH:
        qs = qs.filter(dipulihkan_pada__isnull=True)
    elif status == DIPULIHKAN:
        qs = qs.filter(dipulihkan_pada__isnull=False)
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    return (
        qs.select_related("instansi", "dihapus_oleh__pegawai", "dipulihkan_oleh")
        .defer("data", "kunci")
        .order_by("-dihapus_pada", "-id")
    )


@require_GET
@admin_required
def sampah_list(request):
    form = SampahFilterForm(request.GET or None, user=request.user)
    page = Paginator(daftar_sampah(user=request.user, **form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = urlencode([(k, v) for k, v in request.GET.items() if k in FILTER_KEYS])
    return render(
        request,
        "sampah/daftar.html",
        {
            "form": form,
            "page_obj": page,
            "query": query,
            "show_instansi": request.user.is_admin_nasional,
        },
    )


@require_POST
@admin_required
def sampah_pulihkan(request, pk: int):
    sampah = get_object_or_404(sampah_for_admin(request.user).defer("data", "kunci"), pk=pk)
    try:
        hasil = pulihkan(actor=request.user, sampah=sampah)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        pesan = f"{hasil.get_jenis_display()} {hasil.label} berhasil dipulihkan."
        if hasil.jumlah_dilewati:
            pesan += (
                f" {hasil.jumlah_dilewati} data terkait tidak dipulihkan karena data induknya sudah dihapus "
                "permanen."
            )
        messages.success(request, pesan)
    query = urlencode([(k, v) for k, v in request.GET.items() if k in FILTER_KEYS])
    return redirect(reverse("sampah:daftar") + (f"?{query}" if query else ""))


urlpatterns = [
    path("admin/sampah/", sampah_list, name="daftar"),
    path("admin/sampah/<int:pk>/pulihkan/", sampah_pulihkan, name="pulihkan"),
]
