"""Manajemen Unit Kerja (admin): the unit tree, add, edit or move, deactivate, units without a leader."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kinerja.core import excel
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.forms import Form

from .. import selectors
from ..forms import UnitChoiceField
from ..models import Instansi, JenisInduk, Peran, UnitKerja
from ..selectors import units as unit_selectors
from ..services import units as unit_services
from .common import admin_required, search_url

PER_PAGE = 50
ESELON_CHOICES = [
    ("", "Non eselon"),
    ("11", "11 (I.a)"),
    ("12", "12 (I.b)"),
    ("21", "21 (II.a)"),
    ("22", "22 (II.b)"),
    ("31", "31 (III.a)"),
    ("32", "32 (III.b)"),
    ("41", "41 (IV.a)"),
    ("42", "42 (IV.b)"),
    ("51", "51 (V.a)"),
    ("52", "52 (V.b)"),
]


def resolve_instansi(request) -> Instansi | None:
    """The instansi an admin works on: their own, or the one the national admin picked (`?instansi=`)."""
    user = request.user
    if user.peran != Peran.ADMIN_NASIONAL:
        return selectors.instansi_for_admin(user).first()
    raw = request.GET.get("instansi", "")
    if not (raw.isdecimal() and len(raw) <= 18):
        return None
    return get_object_or_404(selectors.instansi_for_admin(user), pk=int(raw))


def instansi_context(request, instansi: Instansi | None, *, picker: bool = True) -> dict:
    """The instansi worked on; for the national admin the picker of list pages and the query keeping it."""
    nasional = request.user.peran == Peran.ADMIN_NASIONAL
    choices = (
        list(selectors.instansi_for_admin(request.user).only("pk", "nama")) if nasional and picker else []
    )
    return {
        "instansi": instansi,
        "pilih_instansi": nasional and picker,
        "instansi_choices": choices,
        "instansi_query": f"?instansi={instansi.pk}" if nasional and instansi else "",
    }


class UnitForm(Form):
    nama = forms.CharField(
        label="Nama Unit Kerja", max_length=250, error_messages={"required": "Nama unit kerja wajib diisi."}
    )
    id_unor = forms.CharField(
        label="ID Unit Kerja (Unor)",
        max_length=64,
        required=False,
        help_text="ID unor dari SIASN. Kosongkan agar dibuatkan otomatis.",
    )
    eselon = forms.ChoiceField(label="Eselon", choices=ESELON_CHOICES, required=False)
    parent = UnitChoiceField(
        label="Unit Kerja Atasan",
        required=False,
        placeholder="Ketik nama atau ID unit kerja atasan...",
        help_text="Kosongkan hanya untuk unit kerja tertinggi instansi.",
        error_messages={"invalid_choice": "Pilih unit kerja atasan dari daftar yang ditampilkan."},
    )
    jenis_induk = forms.ChoiceField(
        label="Jenis Unit Induk (JPT / Mandiri)", choices=JenisInduk.choices, required=False
    )

    def __init__(self, *args, user, instansi: Instansi, unit: UnitKerja | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.units_for_admin(user)
        self.fields["parent"].widget.attrs["data-url"] = search_url("org:unit_search", instansi.pk)
        if unit is not None:
            del self.fields["id_unor"]
            if unit.eselon and unit.eselon not in dict(ESELON_CHOICES):
                self.fields["eselon"].choices = [*ESELON_CHOICES, (unit.eselon, unit.eselon)]


def _unit_initial(unit: UnitKerja) -> dict:
    return {
        "nama": unit.nama,
        "eselon": unit.eselon,
        "parent": unit.parent_id,
        "jenis_induk": unit.jenis_induk,
    }


def _xlsx(instansi: Instansi, units) -> HttpResponse:
    units = unit_selectors.with_pimpinan(units.select_related("parent"))
    columns = [
        excel.Column("Nama Unit Kerja", 50),
        excel.Column("ID Unit Kerja", 36),
        excel.Column("Eselon", 14),
        excel.Column("JPT / Mandiri", 14),
        excel.Column("Unit Kerja Atasan", 45),
        excel.Column("Tingkat", 9),
        excel.Column("Pimpinan", 55),
        excel.Column("Jumlah Pegawai Aktif", 12),
        excel.Column("Status", 10),
    ]
    rows = (
        [
            u.nama,
            u.id_unor,
            u.eselon_label,
            u.get_jenis_induk_display() if u.jenis_induk else "",
            u.parent.nama if u.parent else "",
            u.depth,
            u.pimpinan.label if u.pimpinan else "-",
            u.jumlah_pegawai,
            "Aktif" if u.aktif else "Nonaktif",
        ]
        for u in units
    )
    return excel.xlsx_response(
        filename=f"Unit Kerja {instansi.nama}", columns=columns, rows=rows, sheet_title="Unit Kerja"
    )


@admin_required
def unit_list(request):
    instansi = resolve_instansi(request)
    ctx = instansi_context(request, instansi)
    q = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    status = request.GET.get("status", "")
    ctx.update(q=q, status=status, status_choices=unit_selectors.STATUS_CHOICES, page=None)
    if instansi is not None:
        units = unit_selectors.unit_tree(instansi=instansi, q=q, status=status)
        if request.GET.get("unduh") == "xlsx":
            return _xlsx(instansi, units)
        page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = unit_selectors.with_pimpinan(page.object_list)
        ctx["page"] = page
    return render(request, "org/admin/unit_list.html", ctx)


def _instansi_or_redirect(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
    return instansi


@admin_required
def unit_create(request):
    instansi = _instansi_or_redirect(request)
    if instansi is None:
        return redirect("org:admin_unit_list")
    form = UnitForm(request.POST or None, user=request.user, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_services.unit_create(actor=request.user, instansi=instansi, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Unit kerja {unit.nama} berhasil ditambahkan.")
            return redirect("org:admin_unit_edit", pk=unit.pk)
    ctx = {"form": form, "unit": None, **instansi_context(request, instansi, picker=False)}
    return render(request, "org/admin/unit_form.html", ctx)


def _scoped_unit(request, pk: int) -> UnitKerja:
    return get_object_or_404(
        selectors.units_for_admin(request.user).select_related("instansi", "parent"), pk=pk
    )


@admin_required
def unit_edit(request, pk: int):
    unit = _scoped_unit(request, pk)
    form = UnitForm(
        request.POST or None,
        initial=_unit_initial(unit),
        user=request.user,
        instansi=unit.instansi,
        unit=unit,
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Tidak ada perubahan yang disimpan.")
            return redirect("org:admin_unit_edit", pk=unit.pk)
        try:
            unit = unit_services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Perubahan unit kerja {unit.nama} berhasil disimpan.")
            return redirect("org:admin_unit_edit", pk=unit.pk)
    children = unit_selectors.unit_tree(instansi=unit.instansi).filter(parent=unit)
    ctx = {
        "form": form,
        "unit": unit,
        "pimpinan": unit_selectors.with_pimpinan([unit])[0].pimpinan,
        "chain": unit_selectors.ancestors_of(unit),
        "children": list(children),
        "usage": unit_selectors.unit_usage(unit),
        **instansi_context(request, unit.instansi, picker=False),
    }
    return render(request, "org/admin/unit_form.html", ctx)


def _toggle(request, pk: int, service, done: str):
    unit = _scoped_unit(request, pk)
    try:
        unit = service(actor=request.user, unit=unit)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Unit kerja {unit.nama} {done}.")
    return redirect("org:admin_unit_edit", pk=unit.pk)


@admin_required
@require_POST
def unit_deactivate(request, pk: int):
    return _toggle(request, pk, unit_services.unit_deactivate, "berhasil dinonaktifkan")


@admin_required
@require_POST
def unit_activate(request, pk: int):
    return _toggle(request, pk, unit_services.unit_activate, "berhasil diaktifkan kembali")


@admin_required
def unit_tanpa_pimpinan(request):
    instansi = resolve_instansi(request)
    ctx = {**instansi_context(request, instansi), "page": None}
    if instansi is not None:
        units = unit_selectors.units_tanpa_pimpinan(instansi=instansi)
        ctx["page"] = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/admin/unit_tanpa_pimpinan.html", ctx)


urlpatterns = [
    path("admin/unit-kerja/", unit_list, name="admin_unit_list"),
    path("admin/unit-kerja/tambah/", unit_create, name="admin_unit_create"),
    path("admin/unit-kerja/tanpa-pimpinan/", unit_tanpa_pimpinan, name="admin_unit_tanpa_pimpinan"),
    path("admin/unit-kerja/<int:pk>/", unit_edit, name="admin_unit_edit"),
    path("admin/unit-kerja/<int:pk>/nonaktifkan/", unit_deactivate, name="admin_unit_deactivate"),
    path("admin/unit-kerja/<int:pk>/aktifkan/", unit_activate, name="admin_unit_activate"),
]
