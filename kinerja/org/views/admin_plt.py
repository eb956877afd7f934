"""Manajemen PLT / PLH (admin): list, assign and end acting leaders; employee search for the form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from kinerja.core import excel
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.forms import Form, RemoteSelect

from .. import atasan, selectors
from ..forms import UnitChoiceField
from ..models import Instansi, JenisPenugasan, Pegawai, Peran
from ..selectors import plt as plt_selectors
from ..services import plt as plt_services
from .admin_unit import PER_PAGE, instansi_context, resolve_instansi
from .common import admin_required, search_url

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Tanggal wajib diisi.", "invalid": "Tanggal tidak valid."}


class PegawaiChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pegawai) -> str:
        return f"{obj.nama} — NIP: {obj.nip}"


class PltForm(Form):
    pegawai = PegawaiChoiceField(
        label="Pegawai",
        queryset=Pegawai.objects.none(),
        widget=RemoteSelect(url="", placeholder="Ketik NIP atau nama pegawai..."),
        error_messages={
            "required": "Pegawai wajib dipilih.",
            "invalid_choice": "Pilih pegawai dari daftar yang ditampilkan.",
        },
    )
    unit_kerja = UnitChoiceField(
        label="Unit Kerja yang Dipimpin",
        error_messages={
            "required": "Unit kerja wajib dipilih.",
            "invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan.",
        },
    )
    jenis = forms.ChoiceField(label="Jenis Penugasan", choices=JenisPenugasan.choices)
    nomor_sk = forms.CharField(
        label="Nomor SK", max_length=100, error_messages={"required": "Nomor SK wajib diisi."}
    )
    tanggal_mulai = forms.DateField(label="Tanggal Mulai", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    tanggal_selesai = forms.DateField(
        label="Tanggal Selesai",
        widget=DATE_WIDGET,
        required=False,
        error_messages=DATE_ERRORS,
        help_text="Kosongkan bila akhir penugasan belum ditentukan.",
    )

    def __init__(self, *args, user, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = selectors.pegawai_for_admin(user)
        self.fields["pegawai"].widget.attrs["data-url"] = search_url("org:admin_pegawai_search", instansi.pk)
        self.fields["unit_kerja"].queryset = selectors.units_for_admin(user)
        self.fields["unit_kerja"].widget.attrs["data-url"] = search_url("org:unit_search", instansi.pk)


class AkhiriForm(Form):
    tanggal_selesai = forms.DateField(
        label="Tanggal Selesai",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Hari terakhir penugasan; sesudahnya pegawai tidak lagi memimpin unit kerja ini.",
    )


def _xlsx(instansi: Instansi, rows_qs) -> HttpResponse:
    columns = [
        excel.Column("Nama Pegawai", 40),
        excel.Column("NIP", 22),
        excel.Column("Jenis", 8),
        excel.Column("Unit Kerja", 50),
        excel.Column("ID Unit Kerja", 36),
        excel.Column("Nomor SK", 30),
        excel.Column("Tanggal Mulai", 14),
        excel.Column("Tanggal Selesai", 14),
        excel.Column("Status", 12),
    ]
    rows = (
        [
            p.pegawai.nama,
            p.pegawai.nip,
            p.jenis,
            p.unit_kerja.nama,
            p.unit_kerja.id_unor,
            p.nomor_sk,
            p.tanggal_mulai,
            p.tanggal_selesai,
            p.status.capitalize(),
        ]
        for p in rows_qs.iterator(chunk_size=2000)
    )
    return excel.xlsx_response(
        filename=f"PLT PLH {instansi.nama}", columns=columns, rows=rows, sheet_title="PLT PLH"
    )


def _list_url(request, instansi: Instansi) -> str:
    url = reverse("org:admin_plt_list")
    return f"{url}?instansi={instansi.pk}" if request.user.peran == Peran.ADMIN_NASIONAL else url


@admin_required
def plt_list(request):
    instansi = resolve_instansi(request)
    status = request.GET.get("status") or "aktif"
    if status not in dict(plt_selectors.STATUS_CHOICES):
        status = "aktif"
    q = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    ctx = {
        **instansi_context(request, instansi),
        "status": status,
        "q": q,
        "status_choices": plt_selectors.STATUS_CHOICES,
        "page": None,
    }
    if instansi is not None:
        rows = plt_selectors.plt_list(instansi=instansi, status=status, q=q)
        if request.GET.get("unduh") == "xlsx":
            return _xlsx(instansi, rows)
        ctx["page"] = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/admin/plt_list.html", ctx)


@admin_required
def plt_create(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("org:admin_plt_list")
    unit = request.GET.get("unit", "")
    initial = {
        "jenis": JenisPenugasan.PLT,
        "unit_kerja": int(unit) if unit.isdecimal() and len(unit) <= 18 else None,
    }
    form = PltForm(request.POST or None, initial=initial, user=request.user, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            penugasan = plt_services.plt_create(actor=request.user, instansi=instansi, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                f"{penugasan.pegawai.nama} berhasil ditugaskan sebagai {penugasan.jenis} "
                f"{penugasan.unit_kerja.nama}.",
            )
            return redirect(_list_url(request, instansi))
    ctx = {"form": form, **instansi_context(request, instansi, picker=False)}
    return render(request, "org/admin/plt_form.html", ctx)


@admin_required
def plt_end(request, pk: int):
    penugasan = get_object_or_404(
        plt_selectors.plt_for_admin(request.user).select_related("pegawai", "unit_kerja__instansi"), pk=pk
    )
    form = AkhiriForm(request.POST or None, initial={"tanggal_selesai": atasan.today()})
    if request.method == "POST" and form.is_valid():
        try:
            plt_services.plt_end(
                actor=request.user, penugasan=penugasan, tanggal_selesai=form.cleaned_data["tanggal_selesai"]
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                f"Penugasan {penugasan.jenis} {penugasan.pegawai.nama} di {penugasan.unit_kerja.nama} "
                "berhasil diakhiri.",
            )
            return redirect(_list_url(request, penugasan.unit_kerja.instansi))
    instansi = penugasan.unit_kerja.instansi
    ctx = {"form": form, "penugasan": penugasan, **instansi_context(request, instansi, picker=False)}
    return render(request, "org/admin/plt_end.html", ctx)


@admin_required
@require_GET
def pegawai_search(request):
    raw = request.GET.get("instansi", "")
    found = plt_selectors.pegawai_search(
        user=request.user,
        q=request.GET.get("q", "").replace("\x00", ""),
        instansi=int(raw) if raw.isdecimal() and len(raw) <= 18 else None,
    )
    return JsonResponse({"results": [{"id": p.pk, "text": f"{p.nama} — NIP: {p.nip}"} for p in found]})


urlpatterns = [
    path("admin/plt/", plt_list, name="admin_plt_list"),
    path("admin/plt/tambah/", plt_create, name="admin_plt_create"),
    path("admin/plt/<int:pk>/akhiri/", plt_end, name="admin_plt_end"),
    path("admin/pegawai/cari/", pegawai_search, name="admin_pegawai_search"),
]
